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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tqdm import tqdm

from pipeline import __version__
from pipeline.corpus.inputs import Input, scan_inputs
from pipeline.corpus.outcome import DocumentResult, Job, Outcome
from pipeline.corpus.pool import WorkerPool, pool_size
from pipeline.corpus.series import write_comparisons
from pipeline.errors import RunInterrupted
from pipeline.model import ErrorRow
from pipeline.nlp.identity import model_identity
from pipeline.schema import content_doc_id, to_arrow
from pipeline.settings import Options, is_supported
from pipeline.store.lock import out_folder_lock
from pipeline.store.manifest import load_manifest, save_manifest
from pipeline.store.parquet import (
    clear_stale_temp_files,
    corpus_table_damaged,
    damaged_files,
    document_ids,
    ensure_table_dirs,
    remove_document,
    write_corpus_table,
    write_document_table,
)

log = logging.getLogger("pipeline")
NOT_ROW_MAKING = {"corpus", "deliver", "store", "__main__.py", "__pycache__"}


@dataclass
class RunReport:
    processed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


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


def job_of(item: Input, report: RunReport) -> Job | None:
    """The job for one listed file, or None with an errors row (unsupported, empty, unreadable)."""
    name = item.name
    if not is_supported(item.path):
        suffix = item.path.suffix or "(none)"
        report.errors.append(ErrorRow(name, "unsupported", f"{name}: unsupported file type {suffix!r}"))
        return None
    try:
        size = item.path.stat().st_size
        doc_id = content_doc_id(item.path) if size else ""
    except OSError as e:
        what = "vanished during the run" if isinstance(e, FileNotFoundError) else "cannot be read"
        report.errors.append(ErrorRow(name, "unreadable", f"{name}: the file {what} ({e.strerror or e})"))
        return None
    if not size:  # all empty files share one hash: report each as empty
        report.errors.append(ErrorRow(name, "empty", f"{name}: the file is empty (0 bytes)"))
        return None
    return Job(item.path, name, doc_id, size)


def is_reusable(out: Path, job: Job, entry: dict | None, options: Options) -> bool:
    """Whether the stored rows of a document can stay: same key, and every file of it reads."""
    if not entry or entry.get("key") != cache_key(job.doc_id, job.source_file, options):
        return False
    damaged = damaged_files(out, job.doc_id)
    for path in damaged:
        log.warning(
            "%s: stored rows in %s are missing or damaged; processing it again", job.source_file, path
        )
    return not damaged


def plan(
    raw: Path, out: Path, options: Options, manifest: dict[str, dict], report: RunReport
) -> tuple[list[Job], set[str]]:
    """The documents to process, and the ids of every document that stays."""
    scan = scan_inputs(raw)
    report.errors.extend(scan.errors)
    jobs: list[Job] = []
    present: dict[str, str] = {}
    for item in scan.inputs:
        job = job_of(item, report)
        if job is None:
            continue
        if job.doc_id in present:
            report.errors.append(
                ErrorRow(
                    job.source_file, "duplicate", f"{job.source_file}: same content as {present[job.doc_id]}"
                )
            )
            continue
        present[job.doc_id] = job.source_file
        if is_reusable(out, job, manifest.get(job.doc_id), options):
            report.reused.append(job.source_file)
        else:
            jobs.append(job)
    return jobs, set(present)


def run_jobs(jobs: list[Job], options: Options) -> Iterator[tuple[Job, Outcome]]:
    """Results as they finish, each document in a worker process that its limits can stop."""
    if not jobs:
        return
    with WorkerPool(options, pool_size(options, len(jobs))) as pool:
        yield from pool.results(jobs)


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


def record_failure(
    out: Path, job: Job, error: ErrorRow, manifest: dict[str, dict], report: RunReport
) -> None:
    log.error("%s [%s]", error.message, error.kind)
    report.errors.append(error)
    remove_document(out, job.doc_id)
    manifest.pop(job.doc_id, None)


def record_result(
    out: Path, job: Job, outcome: Outcome, manifest: dict[str, dict], report: RunReport, options: Options
) -> None:
    """Store one finished document (or its error row) and the manifest entry that says so."""
    if isinstance(outcome, ErrorRow):
        record_failure(out, job, outcome, manifest, report)
    else:
        try:
            store(out, outcome)
        except ValueError as e:  # a frame that breaks the schema is a bug: report it, keep going
            record_failure(
                out, job, ErrorRow(job.source_file, "internal", f"{job.source_file}: {e}"), manifest, report
            )
        else:
            for warning in outcome.warnings:
                log.warning(warning)
            log.info(describe(outcome))
            report.processed.append(job.source_file)
            manifest[job.doc_id] = {
                "source_file": job.source_file,
                "key": cache_key(job.doc_id, job.source_file, options),
            }
    save_manifest(out, manifest)


def run(raw: Path, out: Path, options: Options, progress: bool = True, compare: bool = True) -> RunReport:
    """Process the raw folder into the tables in `out` (CONTRACT.md), holding the out folder's lock.

    Raises OutFolderBusyError when another run holds `out`, OutputError at the first write that
    fails (a full disk, a read-only folder), RunInterrupted (with the counts) on a signal the
    caller turned into it; every document finished before stays stored."""
    with out_folder_lock(out):
        return run_locked(raw, out, options, progress, compare)


def run_locked(raw: Path, out: Path, options: Options, progress: bool, compare: bool) -> RunReport:
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
    done = 0
    try:
        for job, outcome in run_jobs(jobs, options):
            record_result(out, job, outcome, manifest, report, options)
            done += 1
            bar.update(1)
    except RunInterrupted as e:
        raise RunInterrupted(e.signum, done, len(jobs)) from None
    finally:
        bar.close()
    write_corpus_table(out, "errors", to_arrow("errors", report.errors))
    ensure_table_dirs(out)
    if compare or corpus_table_damaged(out, "comparisons"):
        write_comparisons(out)
    return report
