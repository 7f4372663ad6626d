"""One document's work in a worker process, and every way it can fail turned into an `errors` row.

`process_job` runs the declared stages (`pipeline.stages.STAGES`, as `process_document`
does, naming the stage that failed) and returns either the document's tables or an
`ErrorRow` naming the file:

- a `DocumentError` from a reader keeps its kind;
- running out of the worker's memory limit (a `MemoryError`, wherever it was wrapped) is
  `too_large`;
- the file vanishing or becoming unreadable after it was listed is `unreadable`;
- a file whose structure nests deeper than Python's recursion limit while it is parsed (a PDF
  object that refers to itself) is `corrupt`;
- anything else is `internal`, with the stage and the exception: a bug is reported as a bug,
  never as a bad file.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

from pipeline.corpus.outcome import DocumentResult, Job
from pipeline.errors import DocumentError
from pipeline.model import Document, ErrorRow, Origin
from pipeline.schema import to_arrow
from pipeline.settings import MB, Options
from pipeline.stages import STAGES, document_records

log = logging.getLogger("pipeline")
PARSE_STAGE = "parse"


def result_of(document: Document) -> DocumentResult:
    """A processed document as a worker sends it back: its tables as Arrow, and a summary."""
    records = document_records(document)
    tables = {name: to_arrow(name, rows, document.doc_id) for name, rows in records.items()}
    summary = {name: len(rows) for name, rows in records.items() if name != "documents"}
    return DocumentResult(document.doc_id, document.source_file, tables, summary, list(document.warnings))


class StageFailure(Exception):
    """An exception of one stage, with the stage's name."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(stage)
        self.stage = stage
        self.error = error


def run_stages(job: Job, options: Options) -> Document:
    """`process_document` with the failing stage named."""
    document = Document(Origin(job.source_file, job.path, job.doc_id))
    for stage in STAGES:
        try:
            document = stage(document, options)
        except DocumentError:
            raise
        except Exception as e:
            raise StageFailure(stage.name, e) from e
    return document


def causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps (`raise ... from`, the exception it was raised in, a wrapped first arg)."""
    chain: list[BaseException] = []
    seen: BaseException | None = error
    while seen is not None and seen not in chain:
        chain.append(seen)
        wrapped = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = seen.__cause__ or seen.__context__ or wrapped
    return chain


def caused_by(error: BaseException, kind: type[BaseException]) -> BaseException | None:
    return next((e for e in causes(error) if isinstance(e, kind)), None)


def names_the_file(error: OSError, path: Path) -> bool:
    """Whether an OSError is about the document's own file (not one of the pipeline's)."""
    return error.filename is not None and os.fsdecode(error.filename) == os.fsdecode(path)


def too_large(job: Job, options: Options) -> ErrorRow:
    limit = (
        f"the limit of {options.doc_memory} MB (--doc-memory)" if options.doc_memory else "the memory left"
    )
    size = f"{job.size / MB:.1f} MB"
    return ErrorRow(
        job.source_file, "too_large", f"{job.source_file}: needs more memory than {limit} ({size} file)"
    )


def error_row(job: Job, error: BaseException, options: Options) -> ErrorRow:
    """The errors row of a document whose stages raised `error`."""
    name = job.source_file
    if caused_by(error, MemoryError):
        return too_large(job, options)
    if isinstance(error, DocumentError):
        return ErrorRow(name, error.kind, error.message)
    stage = error.stage if isinstance(error, StageFailure) else "?"
    cause = error.error if isinstance(error, StageFailure) else error
    missing = caused_by(cause, OSError)
    if stage == PARSE_STAGE and isinstance(missing, OSError) and names_the_file(missing, job.path):
        what = "vanished during the run" if isinstance(missing, FileNotFoundError) else "cannot be read"
        return ErrorRow(name, "unreadable", f"{name}: the file {what} ({missing.strerror})")
    if stage == PARSE_STAGE and caused_by(cause, RecursionError):
        return ErrorRow(
            name,
            "corrupt",
            f"{name}: the file's structure nests without end (an object that refers to itself)",
        )
    log.debug("traceback for %s:\n%s", name, "".join(traceback.format_exception(cause)))
    return ErrorRow(
        name, "internal", f"{name}: internal error in stage {stage}: {type(cause).__name__}: {cause}"
    )


def process_job(job: Job, options: Options) -> DocumentResult | ErrorRow:
    """Process one document; every failure becomes an ErrorRow naming the file."""
    try:
        return result_of(run_stages(job, options))
    except Exception as e:  # MemoryError is an Exception too: a bug or a limit on one document loses no other
        return error_row(job, e, options)
