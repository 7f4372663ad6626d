"""The batch run over a raw folder: incremental, parallel, and never losing a table.

Each document's rows are cached as its own Parquet files inside the table
directories (`OUT/<table>.parquet/<doc_id>.parquet`), keyed in
`OUT/_manifest.json` by content hash, pipeline version and the options'
fingerprint. A run therefore processes only new or changed documents, drops
the rows of removed ones, and an interrupted run leaves every finished document
in place for the next run to reuse. DVC alone could not do this: it reruns a
whole stage when its input folder changes (and deletes its outputs first unless
`persist: true`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

from pipeline import __version__
from pipeline.corpus.compare import write_comparisons
from pipeline.errors import DocumentError
from pipeline.ingest import is_supported
from pipeline.model import Document, ErrorRow
from pipeline.nlp.build import model_identity
from pipeline.schema import to_arrow
from pipeline.settings import Options
from pipeline.stages import content_doc_id, document_records, process_document
from pipeline.store.manifest import load_manifest, save_manifest
from pipeline.store.parquet import (
    clear_stale_temp_files,
    document_ids,
    ensure_table_dirs,
    outputs_exist,
    remove_document,
    write_corpus_table,
    write_document_table,
)

log = logging.getLogger("pipeline")
NOT_ROW_MAKING = {"corpus", "deliver", "store", "__main__.py", "__pycache__"}
IGNORED_NAMES = {".gitignore", ".gitkeep", ".DS_Store", "README.md", "Thumbs.db"}


@dataclass
class DocumentResult:
    """What a worker sends back: the document's tables (Arrow, cheap to pickle) and a summary."""

    doc_id: str
    source_file: str
    tables: dict[str, pa.Table]
    summary: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, document: Document) -> DocumentResult:
        records = document_records(document)
        tables = {name: to_arrow(name, rows, document.doc_id) for name, rows in records.items()}
        summary = {name: len(rows) for name, rows in records.items() if name != "documents"}
        return cls(document.doc_id, document.source_file, tables, summary, list(document.warnings))


@dataclass
class RunReport:
    processed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


@dataclass
class Job:
    path: Path
    source_file: str
    doc_id: str


def list_inputs(raw: Path) -> list[Path]:
    """Every file under the raw folder, in a stable order (hidden files and DVC files skipped)."""
    if not raw.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw}")
    return sorted(
        p
        for p in raw.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(raw).parts)
        and p.name not in IGNORED_NAMES
        and p.suffix != ".dvc"
    )


@cache
def code_fingerprint() -> str:
    """Hash of the code and vocabulary that make a document's rows: rows made by other code are made
    again. The corpus-level code, the store and the deliverables do not change a document's rows."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(p for p in package.rglob("*") if p.suffix in {".py", ".yaml", ".jsonl"}):
        relative = path.relative_to(package)
        if relative.parts[0] in NOT_ROW_MAKING:
            continue
        h.update(relative.as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def cache_key(doc_id: str, source_file: str, options: Options) -> str:
    model = model_identity(options.nlp_model)
    return f"{doc_id}:{source_file}:{__version__}:{code_fingerprint()}:{options.fingerprint}:{model}"


def plan(
    raw: Path, out: Path, options: Options, manifest: dict[str, dict], report: RunReport
) -> tuple[list[Job], set[str]]:
    """The documents to process, and the ids of every document that stays."""
    jobs: list[Job] = []
    present: dict[str, str] = {}
    for path in list_inputs(raw):
        name = path.relative_to(raw).as_posix()
        if not is_supported(path):
            report.errors.append(
                ErrorRow(name, "unsupported", f"{name}: unsupported file type {path.suffix or '(none)'!r}")
            )
            continue
        if path.stat().st_size == 0:  # all empty files share one hash: report each as empty
            report.errors.append(ErrorRow(name, "empty", f"{name}: the file is empty (0 bytes)"))
            continue
        doc_id = content_doc_id(path)
        if doc_id in present:
            report.errors.append(ErrorRow(name, "duplicate", f"{name}: same content as {present[doc_id]}"))
            continue
        present[doc_id] = name
        entry = manifest.get(doc_id)
        if entry and entry.get("key") == cache_key(doc_id, name, options) and outputs_exist(out, doc_id):
            report.reused.append(name)
        else:
            jobs.append(Job(path, name, doc_id))
    return jobs, set(present)


def process_job(job: Job, options: Options) -> DocumentResult | ErrorRow:
    """Process one document; every failure becomes an ErrorRow naming the file."""
    try:
        return DocumentResult.of(process_document(job.path, job.source_file, options, job.doc_id))
    except DocumentError as e:
        return ErrorRow(job.source_file, e.kind, e.message)
    except MemoryError:
        return ErrorRow(job.source_file, "internal", f"{job.source_file}: out of memory")
    except Exception as e:  # a bug on one document must not lose the others
        log.debug("traceback for %s:\n%s", job.source_file, traceback.format_exc())
        return ErrorRow(job.source_file, "internal", f"{job.source_file}: {type(e).__name__}: {e}")


def worker_count(options: Options, n_jobs: int) -> int:
    wanted = options.jobs or (os.cpu_count() or 1)
    return max(1, min(wanted, n_jobs))


def run_jobs(jobs: list[Job], options: Options) -> Iterator[tuple[Job, DocumentResult | ErrorRow]]:
    """Results as they finish: in this process for one worker, else in a process pool."""
    workers = worker_count(options, len(jobs))
    if workers == 1:
        for job in jobs:
            yield job, process_job(job, options)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(process_job, job, options): job for job in jobs}
        for future in as_completed(futures):
            yield futures.pop(future), future.result()  # drop finished results: memory stays flat


def store(out: Path, result: DocumentResult) -> None:
    """Write a document's rows; its `documents` row last, so no reader sees a document half stored."""
    for name, table in sorted(result.tables.items(), key=lambda item: item[0] == "documents"):
        write_document_table(out, name, result.doc_id, table)


def describe(result: DocumentResult) -> str:
    s = result.summary
    return (
        f"{result.source_file}: {s.get('sections', 0)} sections, {s.get('sentences', 0)} sentences, "
        f"{s.get('dates', 0)} dates, {s.get('amounts', 0)} amounts, {s.get('percentages', 0)} percentages, "
        f"{s.get('obligations', 0)} obligations"
    )


def run(raw: Path, out: Path, options: Options, progress: bool = True, compare: bool = True) -> RunReport:
    """Process the raw folder into the tables in `out` (CONTRACT.md)."""
    out.mkdir(parents=True, exist_ok=True)
    clear_stale_temp_files(out)
    report = RunReport()
    manifest = load_manifest(out)
    jobs, present = plan(raw, out, options, manifest, report)
    for doc_id in sorted(set(manifest) - present):
        remove_document(out, doc_id)
        report.removed.append(manifest.pop(doc_id).get("source_file", doc_id))
    for doc_id in sorted(document_ids(out) - present):  # half stored by an interrupted run
        remove_document(out, doc_id)
    save_manifest(out, manifest)
    bar = tqdm(total=len(jobs), desc="documents", unit="doc", disable=not progress or not jobs)
    for job, result in run_jobs(jobs, options):
        bar.update(1)
        if isinstance(result, ErrorRow):
            log.error("%s [%s]", result.message, result.kind)
            report.errors.append(result)
            remove_document(out, job.doc_id)
            manifest.pop(job.doc_id, None)
        else:
            try:
                store(out, result)
            except ValueError as e:  # a frame that breaks the schema is a bug: report it, keep going
                result = ErrorRow(job.source_file, "internal", f"{job.source_file}: {e}")
                log.error("%s [%s]", result.message, result.kind)
                report.errors.append(result)
                remove_document(out, job.doc_id)
                save_manifest(out, manifest)
                continue
            for warning in result.warnings:
                log.warning(warning)
            log.info(describe(result))
            report.processed.append(job.source_file)
            manifest[job.doc_id] = {
                "source_file": job.source_file,
                "key": cache_key(job.doc_id, job.source_file, options),
            }
        save_manifest(out, manifest)
    bar.close()
    write_corpus_table(out, "errors", to_arrow("errors", report.errors))
    ensure_table_dirs(out)
    if compare:
        write_comparisons(out)
    return report
