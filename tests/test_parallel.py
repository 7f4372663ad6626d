"""Parallel runs give the serial run's tables, and a run killed half way loses nothing.

The serial reference is the session run over a copy of raw/ (`raw_run` in conftest.py); the
parallel run processes the same files in two worker processes. The kill test starts the
command line as a process group, kills it (SIGKILL, no clean-up) as soon as the first
document's rows land, and then checks what a reader and the next run see.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

import pandas as pd
import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import blank_options

from pipeline.corpus import run as run_module
from pipeline.corpus.pool import WorkerPool
from pipeline.corpus.run import RunReport, run
from pipeline.schema import TABLES
from pipeline.store.manifest import MANIFEST
from pipeline.store.parquet import read_table, table_dir
from tests.conftest import RAW, ROOT

ID_COLUMNS = ("doc_id", "section_id", "sentence_id", "start", "end", "source_file", "text")
COPIES = 1  # changed copies of each raw text in the kill test, beside the originals: 10 documents
KILL_TIMEOUT_S = 60.0


def sorted_table(out: Path, name: str) -> pd.DataFrame:
    """A table in a canonical row and column order (parallel workers finish in any order)."""
    frame = read_table(out, name)
    keys = [c for c in ID_COLUMNS if c in frame.columns] or list(frame.columns)
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    return frame[sorted(frame.columns)]


def assert_same_tables(left: Path, right: Path) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(sorted_table(left, name), sorted_table(right, name), obj=name)


# --- parallel = serial --------------------------------------------------------------


@pytest.fixture(scope="module")
def parallel_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunReport]:
    base = tmp_path_factory.mktemp("parallel")
    shutil.copytree(RAW, base / "raw")
    report = run(base / "raw", base / "out", blank_options(jobs=2), progress=False)
    return base / "out", report


@pytest.mark.slow
def test_parallel_processes_every_document_once(
    parallel_run: tuple[Path, RunReport], raw_run: tuple[Path, RunReport]
) -> None:
    _, parallel = parallel_run
    _, serial = raw_run
    assert sorted(parallel.processed) == sorted(serial.processed) == sorted(p.name for p in RAW.glob("*.txt"))
    assert parallel.errors == serial.errors == []


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TABLES))
def test_parallel_table_equals_serial_table(
    name: str, parallel_run: tuple[Path, RunReport], raw_run: tuple[Path, RunReport]
) -> None:
    serial = sorted_table(raw_run[0], name)
    parallel = sorted_table(parallel_run[0], name)
    pd.testing.assert_frame_equal(parallel, serial, obj=name)
    if name in {"documents", "sections", "sentences"}:
        assert len(serial) >= len(list(RAW.glob("*.txt")))


# --- a run killed half way ----------------------------------------------------------


def make_many(raw: Path) -> list[str]:
    """The raw texts and COPIES different-byte copies of each (a sentence with the copy number added)."""
    shutil.copytree(RAW, raw)
    names = [p.name for p in sorted(RAW.glob("*.txt"))]
    for k in range(COPIES):
        for path in sorted(RAW.glob("*.txt")):
            name = f"{path.stem}_kopie{k}.txt"
            extra = f"\nDeze kopie {k} is bestemd voor de test van een afgebroken run.\n"
            (raw / name).write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
            names.append(name)
    return names


def finished_documents(out: Path) -> dict[str, dict]:
    """The documents the manifest records as fully stored."""
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))["documents"]
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return {}


def documents_on_disk(out: Path) -> list[Path]:
    d = table_dir(out, "documents")
    return [p for p in d.glob("*.parquet") if not p.name.startswith((".", "_"))] if d.is_dir() else []


def start_and_kill_after_first_document(raw: Path, out: Path) -> int:
    """Run the CLI with two workers; SIGKILL its process group when the first document is stored."""
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "--jobs", "2"]
    proc = subprocess.Popen(
        [*cmd, "--no-progress"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + KILL_TIMEOUT_S
    try:
        while not finished_documents(out) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode


def visible_files(out: Path) -> list[Path]:
    """The files a Parquet reader picks up: no dot- or underscore-names at any level."""
    return [
        p
        for p in out.rglob("*")
        if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(out).parts)
    ]


@pytest.mark.slow
def test_parallel_killed_run_leaves_readable_tables_and_the_next_run_completes(
    tmp_path: Path, raw_run: tuple[Path, RunReport]
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    names = make_many(raw)
    returncode = start_and_kill_after_first_document(raw, out)
    assert returncode == -signal.SIGKILL, "the run ended before it could be killed"
    done = finished_documents(out)
    assert 1 <= len(done) < len(names)
    assert {p.stem for p in documents_on_disk(out)} >= set(done)
    for path in visible_files(out):
        assert path.suffix == ".parquet", f"a reader would see {path.relative_to(out)}"
        pq.read_metadata(path)  # a whole Parquet file, not half a write
    for name in TABLES:
        if table_dir(out, name).is_dir():
            pd.read_parquet(table_dir(out, name))
    assert set(read_table(out, "documents").doc_id) >= set(done)

    report = run(raw, out, blank_options(jobs=2), progress=False, compare=False)
    assert report.errors == []
    assert sorted(report.processed + report.reused) == sorted(names)
    assert sorted(report.reused) == sorted(entry["source_file"] for entry in done.values())
    assert not list(out.rglob(".*.tmp"))
    docs = read_table(out, "documents")
    assert sorted(docs.source_file) == sorted(names)
    assert docs.doc_id.is_unique

    originals = read_table(raw_run[0], "documents").doc_id  # same bytes and names as in this run
    for name in ("documents", "sections", "sentences", "dates", "amounts", "obligations"):
        resumed = sorted_table(out, name)
        resumed = resumed[resumed.doc_id.isin(originals)].reset_index(drop=True)
        pd.testing.assert_frame_equal(resumed, sorted_table(raw_run[0], name), obj=name)


def interrupt_while_storing_second_document(raw: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run over two raw texts; stop (KeyboardInterrupt) when the second document's sections are written."""
    raw.mkdir()
    for path in sorted(RAW.glob("*.txt"))[:2]:
        shutil.copy(path, raw / path.name)
    written: list[str] = []
    real_write = run_module.write_document_table

    def stop_in_second_document(out_: Path, name: str, doc_id: str, table: pa.Table) -> None:
        if doc_id not in written:
            written.append(doc_id)
        if len(written) == 2 and name in {"sections", "sentences"}:
            raise KeyboardInterrupt
        real_write(out_, name, doc_id, table)

    with monkeypatch.context() as patch:
        patch.setattr(run_module, "write_document_table", stop_in_second_document)
        with pytest.raises(KeyboardInterrupt):
            run(raw, out, blank_options(jobs=1), progress=False, compare=False)


def test_parallel_interrupted_store_never_shows_a_document_without_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers of an interrupted run must not see a document in `documents` whose sections or
    sentences are missing (the documents row should be the last one written)."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    interrupt_while_storing_second_document(raw, out, monkeypatch)
    docs = read_table(out, "documents")
    for name in ("sections", "sentences"):
        assert set(docs.doc_id) <= set(read_table(out, name).doc_id), name
    report = run(raw, out, blank_options(jobs=1), progress=False, compare=False)
    assert len(report.reused) == 1 and len(report.processed) == 1
    assert len(read_table(out, "documents")) == 2


def test_parallel_interrupted_document_removed_before_the_next_run_leaves_no_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows of a half-stored document (not in the manifest) must go when its file is gone."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    interrupt_while_storing_second_document(raw, out, monkeypatch)
    first, second = sorted(raw.iterdir())
    second.unlink()
    report = run(raw, out, blank_options(jobs=1), progress=False, compare=False)
    assert report.reused == [first.name] and report.processed == []
    for name, spec in TABLES.items():
        if spec.per_document and "doc_id" in read_table(out, name).columns:
            assert set(read_table(out, name).doc_id) <= set(read_table(out, "documents").doc_id), name
    assert read_table(out, "documents").source_file.tolist() == [first.name]


@pytest.mark.slow
def test_parallel_missing_model_is_named_once_and_blank_dutch_runs(tmp_path: Path) -> None:
    """Workers start from a forkserver that built the pipeline already: the fallback to blank Dutch
    is still said, once per run, not once per worker and not never."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted(RAW.glob("*.txt"))[:2]:
        shutil.copy(path, raw / path.name)
    command = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(tmp_path / "out")]
    options = ["--no-progress", "--no-compare", "--jobs", "2", "--model", "nl_geen_model_sm"]
    done = subprocess.run([*command, *options], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "using blank Dutch" in line]
    assert len(warnings) == 1 and "'nl_geen_model_sm'" in warnings[0]
    assert read_table(tmp_path / "out", "documents").nlp_model.unique().tolist() == ["blank_nl"]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads are counted in /proc (Linux)")
def test_parallel_forkserver_forks_workers_from_a_single_thread() -> None:
    """Workers are forked from the forkserver: a second thread there (Arrow's jemalloc purger, a
    numerical library's pool) could hold a lock at the fork that the worker then waits on forever."""
    with WorkerPool(blank_options(), 1) as pool:
        pool.staff(1)
        deadline = time.monotonic() + 300
        while not pool.workers[0].ready and time.monotonic() < deadline:
            pool.check(pool.workers[0], deque())
            time.sleep(0.05)
        assert pool.workers[0].ready
        tree = psutil.Process().children(recursive=True)
        forked = [p for p in tree if "forkserver" in " ".join(p.cmdline())]
        assert forked, [p.cmdline() for p in tree]
        assert {p.pid: p.num_threads() for p in forked} == {p.pid: 1 for p in forked}
