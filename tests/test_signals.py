"""Signals and dying workers during `python -m pipeline run`: one line, the right status, no process left.

Each test starts the command line in its own session (as a terminal would start it in its own
process group), over a raw folder of real policy texts and a PDF whose page takes minutes to
interpret (hostile_fixtures.operator_bomb_pdf), so that a worker is surely busy when the
signal comes. The process tree is read with psutil before the signal; afterwards none of those
processes may be left. No timing is asserted: the guards only keep a broken run from hanging
the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from helpers import blank_options
from hostile_fixtures import operator_bomb_pdf

from pipeline.corpus.run import run
from pipeline.store.manifest import MANIFEST
from pipeline.store.parquet import read_table
from tests.conftest import RAW, ROOT

GOOD = sorted(RAW.glob("*.txt"))[:2]
GUARD_SECONDS = 600.0  # against a hang, not a timing
SLOW = "zz-traag.pdf"  # sorts after the good texts: with one worker they finish first


def make_raw(raw: Path, slow: tuple[str, ...] = (SLOW,)) -> None:
    raw.mkdir()
    for path in GOOD:
        shutil.copy(path, raw / path.name)
    for number, name in enumerate(slow):
        operator_bomb_pdf(raw / name, operators=5_000_000 + 100_000 * number)  # different bytes


def start(raw: Path, out: Path, *options: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "--no-progress"]
    return subprocess.Popen(
        # pdfplumber: the slow page takes minutes there (pdfium is through it in a moment)
        [*command, "--model", "", "--no-compare", "--pdf-engine", "pdfplumber", *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for(condition: Callable[[], bool], what: str, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + GUARD_SECONDS
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the run ended before {what}: {proc.stderr.read() if proc.stderr else ''}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"no {what} within {GUARD_SECONDS:.0f} s")
        time.sleep(0.2)


def stored(out: Path) -> dict[str, dict]:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError):
        return {}


def open_files(process: psutil.Process) -> set[str]:
    try:
        return {Path(f.path).name for f in process.open_files()}
    except psutil.Error:
        return set()


def worker_on(proc: subprocess.Popen[str], name: str) -> psutil.Process | None:
    """The worker process that has the file `name` open (the document it is on)."""
    return next((p for p in psutil.Process(proc.pid).children(recursive=True) if name in open_files(p)), None)


def assert_gone(processes: list[psutil.Process]) -> None:
    """Every process of the run's tree has ended (a forkserver may take a moment to see its parent go)."""
    deadline = time.monotonic() + 60
    left = processes
    while left and time.monotonic() < deadline:
        left = [p for p in left if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        time.sleep(0.2)
    assert left == [], [(p.pid, p.cmdline()) for p in left]


def finish(proc: subprocess.Popen[str]) -> tuple[int, list[str]]:
    _, err = proc.communicate(timeout=GUARD_SECONDS)
    return proc.returncode, err.strip().splitlines()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "to_group", "status"),
    [(signal.SIGTERM, False, 143), (signal.SIGINT, True, 130), (signal.SIGHUP, False, 129)],
    ids=["sigterm_to_the_run", "ctrl_c_to_the_process_group", "sighup_to_the_run"],
)
def test_signals_stop_the_run_with_one_line_and_leave_no_process(
    tmp_path: Path, signum: int, to_group: bool, status: int
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    make_raw(raw)
    proc = start(raw, out, "--jobs", "1")
    wait_for(lambda: len(stored(out)) == len(GOOD) and worker_on(proc, SLOW) is not None, "busy worker", proc)
    tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    returncode, lines = finish(proc)
    assert returncode == status
    name = signal.Signals(signum).name
    assert (
        lines[-1]
        == f"interrupted by {name}: {len(GOOD)} of 3 documents done and kept; the next run goes on from there"
    )
    assert sum("interrupted" in line for line in lines) == 1
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in lines), lines
    assert_gone(tree)
    assert sorted(read_table(out, "documents").source_file) == sorted(p.name for p in GOOD)
    (raw / SLOW).unlink()
    report = run(raw, out, blank_options(pdf_engine="pdfplumber"), progress=False, compare=False)
    assert sorted(report.reused) == sorted(p.name for p in GOOD) and report.processed == []


@pytest.mark.slow
def test_signals_killed_worker_costs_only_its_document(tmp_path: Path) -> None:
    """Two workers, each on a slow PDF: the one killed from outside is an internal row naming its own
    document; the other PDF and the good texts end as they would have without the kill."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    make_raw(raw, slow=("a-traag.pdf", "b-traag.pdf"))
    proc = start(raw, out, "--jobs", "2", "--doc-timeout", "20")
    wait_for(
        lambda: worker_on(proc, "a-traag.pdf") is not None and worker_on(proc, "b-traag.pdf") is not None,
        "two busy workers",
        proc,
    )
    victim = worker_on(proc, "a-traag.pdf")
    assert victim is not None
    victim.kill()
    returncode, lines = finish(proc)
    assert returncode == 1, lines
    errors = read_table(out, "errors").set_index("source_file")
    assert errors.kind.to_dict() == {"a-traag.pdf": "internal", "b-traag.pdf": "timeout"}
    assert "killed (SIGKILL" in errors.message["a-traag.pdf"]
    assert sorted(read_table(out, "documents").source_file) == sorted(p.name for p in GOOD)
    assert not any("Traceback" in line for line in lines), lines


@pytest.mark.slow
def test_signals_second_run_on_the_same_folder_names_the_first(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    make_raw(raw)
    first = start(raw, out, "--jobs", "1")
    wait_for(lambda: worker_on(first, SLOW) is not None, "busy worker", first)
    second = start(raw, out, "--jobs", "1")
    returncode, lines = finish(second)
    assert returncode == 2
    assert lines == [
        f"error: {out} is in use by another run (pid {first.pid}); wait for it to end or stop it"
    ]
    os.kill(first.pid, signal.SIGTERM)
    assert finish(first)[0] == 143
