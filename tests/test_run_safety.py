"""The out folder under stress: a second run, damaged Parquet files, a full disk, a read-only folder.

Starts from a copy of the session run over raw/ (`raw_run` in conftest.py). A second run on a
folder another run holds stops with one line naming the holder's pid; a truncated Parquet file
is found before its rows are reused (the document is processed again) and named when a command
reads it; a damaged corpus table is re-made; the manifest can be written by many writers at once.
A full disk (a small tmpfs, root only) and a read-only folder (root's override dropped with
setpriv) stop the command line with one line and status 2.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from helpers import blank_options
from typer.testing import CliRunner

from pipeline.__main__ import app
from pipeline.corpus.run import RunReport, run
from pipeline.errors import DamagedTableError, OutFolderBusyError
from pipeline.schema import TABLES
from pipeline.store.lock import out_folder_lock
from pipeline.store.manifest import MANIFEST, load_manifest, save_manifest
from pipeline.store.parquet import CORPUS_PART, read_table, table_dir
from tests.conftest import RAW, ROOT

GUARD_SECONDS = 600


@pytest.fixture()
def project(tmp_path: Path, raw_run: tuple[Path, RunReport]) -> tuple[Path, Path]:
    out, _ = raw_run
    shutil.copytree(out.parent / "raw", tmp_path / "raw")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "raw", tmp_path / "out"


def sorted_table(out: Path, name: str) -> pd.DataFrame:
    frame = read_table(out, name)
    keys = [c for c in ("doc_id", "section_id", "sentence_id", "start", "text") if c in frame.columns]
    return frame.sort_values(keys or list(frame.columns), kind="stable").reset_index(drop=True)


def truncate(path: Path, keep: int = 100) -> None:
    path.write_bytes(path.read_bytes()[:keep])


# --- one run per out folder ---------------------------------------------------------------------------


def test_run_safety_second_run_is_refused_naming_the_holder(project: tuple[Path, Path]) -> None:
    raw, out = project
    with out_folder_lock(out):
        with pytest.raises(OutFolderBusyError, match=rf"in use by another run \(pid {os.getpid()}\)"):
            run(raw, out, blank_options(), progress=False, compare=False)
        result = CliRunner().invoke(app, ["run", "--raw", str(raw), "--out", str(out), "--no-progress"])
        assert result.exit_code == 2
        assert result.output.strip().splitlines() == [
            f"error: {out} is in use by another run (pid {os.getpid()}); wait for it to end or stop it"
        ]
        compare = CliRunner().invoke(app, ["compare", "--out", str(out)])
        assert compare.exit_code == 2 and "in use by another run" in compare.output
    report = run(raw, out, blank_options(), progress=False, compare=False)  # the lock went with the block
    assert report.processed == [] and report.errors == []
    assert (out / ".pipeline.lock").read_text() == ""


def test_run_safety_manifest_survives_many_writers(tmp_path: Path) -> None:
    documents = {f"{i:016x}": {"source_file": f"{i}.txt", "key": "k"} for i in range(50)}
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(20):
                save_manifest(tmp_path, dict(list(documents.items())[:n]))
        except BaseException as e:  # collected for the assertion below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert 1 <= len(load_manifest(tmp_path)) <= 8
    assert not list(tmp_path.glob(".*.tmp"))


# --- damaged files ----------------------------------------------------------------------------------


def test_run_safety_truncated_parquet_file_is_processed_again(
    project: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    raw, out = project
    before = {name: sorted_table(out, name) for name in TABLES if TABLES[name].per_document}
    manifest = load_manifest(out)
    doc_id, entry = sorted(manifest.items())[1]
    damaged = table_dir(out, "sentences") / f"{doc_id}.parquet"
    truncate(damaged)
    with pytest.raises(DamagedTableError, match=str(damaged)):
        read_table(out, "sentences")
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        report = run(raw, out, blank_options(), progress=False, compare=False)
    assert report.processed == [entry["source_file"]] and report.errors == []
    assert any(
        str(damaged) in r.getMessage() and "processing it again" in r.getMessage() for r in caplog.records
    )
    for name, frame in before.items():
        pd.testing.assert_frame_equal(sorted_table(out, name), frame, obj=name)


def test_run_safety_damaged_comparisons_are_remade_even_without_compare(project: tuple[Path, Path]) -> None:
    raw, out = project
    before = sorted_table(out, "comparisons")
    truncate(table_dir(out, "comparisons") / CORPUS_PART, keep=20)
    run(raw, out, blank_options(), progress=False, compare=False)
    pd.testing.assert_frame_equal(sorted_table(out, "comparisons"), before)


def test_run_safety_damaged_manifest_processes_everything_again(project: tuple[Path, Path]) -> None:
    raw, out = project
    (out / MANIFEST).write_text(json.dumps({"documents": ["not", "a", "mapping"]}), encoding="utf-8")
    report = run(raw, out, blank_options(), progress=False, compare=False)
    assert sorted(report.processed) == sorted(p.name for p in RAW.glob("*.txt"))


@pytest.mark.parametrize("command", ["compare", "brief", "calendar"])
def test_run_safety_command_on_a_damaged_file_is_one_line(project: tuple[Path, Path], command: str) -> None:
    _, out = project
    damaged = sorted(table_dir(out, "documents").glob("*.parquet"))[0]
    truncate(damaged)
    result = CliRunner().invoke(app, [command, "--out", str(out)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: damaged table file {damaged}")
    assert "Traceback" not in result.output


# --- a full disk, a read-only folder ------------------------------------------------------------------


def run_command(raw: Path, out: Path, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    args = ["run", "--raw", str(raw), "--out", str(out), "--no-progress", "--no-compare", "--model", ""]
    command = [*(prefix or []), sys.executable, "-m", "pipeline", *args, "--jobs", "1"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=GUARD_SECONDS)


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KB tmpfs (root only): room for about one document's tables."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.slow
def test_run_safety_full_disk_stops_at_the_first_failed_write(tmp_path: Path, small_disk: Path) -> None:
    raw, out = tmp_path / "raw", small_disk / "out"
    shutil.copytree(RAW, raw)
    result = run_command(raw, out)
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: cannot write {out}/") and last.endswith("No space left on device")
    assert "Traceback" not in result.stderr
    finished = result.stderr.count("INFO ") - result.stderr.count("INFO done")
    assert finished < len(list(RAW.glob("*.txt")))  # stopped, not carried on to the end
    assert not list(out.rglob(".*.tmp"))


def without_read_override() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    probe = (
        subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search", "true"])
        if setpriv
        else None
    )
    if probe is None or probe.returncode != 0:
        pytest.skip("running as root without a way to drop the read override (setpriv)")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]  # type: ignore[list-item]


def test_run_safety_read_only_out_folder_is_one_line(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(sorted(RAW.glob("*.txt"))[0], raw)
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run_command(raw, out, without_read_override())
    finally:
        out.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: cannot write {out}/.pipeline.lock: Permission denied"
    ]
