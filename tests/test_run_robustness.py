"""The batch run as a whole: bad inputs among good ones, parallel = serial, incremental, interrupted.

Every bad file gets one `errors` row naming it and the good documents come out complete;
a second run processes only what changed; an interrupted run leaves readable tables and the
next run completes them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import run as run_module
from pipeline.__main__ import app
from pipeline.run import run
from pipeline.schema import TABLES
from pipeline.settings import Options
from pipeline.write import read_table
from tests import pdf_fixtures as fx
from tests.conftest import RAW

GOOD = sorted(RAW.glob("*.txt"))[:2]
DUTCH = "De zorgaanbieder levert de offerte uiterlijk 1 september 2026 in bij de zorgverzekeraar. " * 20


def bad_inputs(folder: Path) -> dict[str, str]:
    """Write one file per kind of bad input; return file name -> expected error kind."""
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "leeg.pdf").write_bytes(b"")
    fx.truncated_pdf(folder / "afgebroken.pdf")
    fx.encrypted_pdf(folder / "versleuteld.pdf")
    fx.image_only_pdf(folder / "scan.pdf")
    (folder / "rommel.pdf").write_bytes(b"\x00\x01 dit is geen pdf " * 200)
    (folder / "zonder-body.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    (folder / "english.txt").write_text("The provider must submit the offer before the deadline. " * 30)
    (folder / "beleid.docx").write_bytes(b"PK\x03\x04 geen docx")
    return {
        "leeg.txt": "empty",
        "leeg.pdf": "empty",
        "afgebroken.pdf": "corrupt",
        "versleuteld.pdf": "encrypted",
        "scan.pdf": "no_text_layer",
        "rommel.pdf": "corrupt",
        "zonder-body.html": "empty",
        "english.txt": "language",
        "beleid.docx": "unsupported",
    }


def copy_good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in GOOD:
        shutil.copy(path, folder / path.name)


def sorted_table(out: Path, name: str) -> pd.DataFrame:
    frame = read_table(out, name)
    keys = [c for c in ("doc_id", "sentence_id", "section_id", "start", "source_file") if c in frame.columns]
    return frame.sort_values(keys or list(frame.columns)).reset_index(drop=True)


def test_run_bad_inputs_are_reported_and_nothing_else_is_lost(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    copy_good(raw)
    expected = bad_inputs(raw)
    (raw / "cp1252.txt").write_bytes(("Coöperatie " + DUTCH + " € 250.000").encode("cp1252"))
    (raw / "een-regel.txt").write_text(DUTCH * 120, encoding="utf-8")  # a long single-line text
    report = run(raw, tmp_path / "out", Options(jobs=1), progress=False)
    errors = read_table(tmp_path / "out", "errors").set_index("source_file")
    assert errors.kind.to_dict() == expected
    for name in expected:
        assert name in errors.loc[name, "message"]
    docs = read_table(tmp_path / "out", "documents")
    assert sorted(docs.source_file) == sorted([p.name for p in GOOD] + ["cp1252.txt", "een-regel.txt"])
    assert "cp1252" in docs.set_index("source_file").loc["cp1252.txt", "warnings"]
    assert report.failed
    sentences = read_table(tmp_path / "out", "sentences")
    for doc_id in docs.doc_id:
        assert (sentences.doc_id == doc_id).any()


def test_run_cli_exit_status_says_whether_a_document_failed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    copy_good(raw)
    runner = CliRunner()
    ok = runner.invoke(
        app, ["run", "--raw", str(raw), "--out", str(tmp_path / "a"), "--jobs", "1", "--no-progress"]
    )
    assert ok.exit_code == 0, ok.output
    (raw / "leeg.txt").write_bytes(b"")
    failed = runner.invoke(
        app, ["run", "--raw", str(raw), "--out", str(tmp_path / "a"), "--jobs", "1", "--no-progress"]
    )
    assert failed.exit_code == 1
    assert "leeg.txt" in failed.output


def test_run_parallel_output_equals_serial(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    run(raw, tmp_path / "serial", Options(jobs=1), progress=False)
    run(raw, tmp_path / "parallel", Options(jobs=2), progress=False)
    for name in TABLES:
        pd.testing.assert_frame_equal(
            sorted_table(tmp_path / "serial", name),
            sorted_table(tmp_path / "parallel", name),
            check_like=True,
        )


def test_run_incremental_adds_and_removes_one_document(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    copy_good(raw)
    out = tmp_path / "out"
    run(raw, out, Options(jobs=1), progress=False)
    before = {name: sorted_table(out, name) for name in ("documents", "sentences", "dates")}
    new = raw / "nieuw.txt"
    new.write_text(
        GOOD[0].read_text(encoding="utf-8") + "\nEen nieuwe zin per 1 januari 2027.\n", encoding="utf-8"
    )
    report = run(raw, out, Options(jobs=1), progress=False)
    assert report.processed == ["nieuw.txt"] and sorted(report.reused) == sorted(p.name for p in GOOD)
    for name, old in before.items():
        now = sorted_table(out, name)
        kept = now[now.doc_id.isin(old.doc_id)].reset_index(drop=True)
        pd.testing.assert_frame_equal(kept, old)
    new.unlink()
    report = run(raw, out, Options(jobs=1), progress=False)
    assert report.removed == ["nieuw.txt"] and report.processed == []
    pd.testing.assert_frame_equal(sorted_table(out, "sentences"), before["sentences"])


def test_run_changed_option_reprocesses(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    copy_good(raw)
    out = tmp_path / "out"
    run(raw, out, Options(jobs=1), progress=False)
    report = run(raw, out, Options(jobs=1, nlp_model="elders/geen_model"), progress=False)
    assert sorted(report.processed) == sorted(p.name for p in GOOD)


def test_run_interrupted_run_leaves_readable_tables_and_resumes(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "out"
    real = run_module.process_document
    calls = {"n": 0}

    def interrupt_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "process_document", interrupt_on_third)
    with pytest.raises(KeyboardInterrupt):
        run(raw, out, Options(jobs=1), progress=False)
    assert len(read_table(out, "documents")) == 2
    assert not list(out.rglob(".*.tmp"))
    monkeypatch.setattr(run_module, "process_document", real)
    report = run(raw, out, Options(jobs=1), progress=False)
    assert len(report.processed) == len(list(RAW.glob("*.txt"))) - 2
    assert len(read_table(out, "documents")) == len(list(RAW.glob("*.txt")))
