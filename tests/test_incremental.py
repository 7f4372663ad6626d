"""Incremental runs: only new or changed documents are processed, the other rows stay as they were.

Starts from a copy of the session run over raw/ (`raw_run` in conftest.py: the raw folder and
its output folder, moved to a new place, which also checks that an output folder can move),
then adds, changes, renames and removes documents and changes an option. The last test does the
same through `dvc repro` in a throw-away git + DVC repository holding a copy of the project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from helpers import blank_options

from pipeline.corpus import run as run_module
from pipeline.corpus.run import RunReport, run
from pipeline.schema import TABLES
from pipeline.settings import Options
from pipeline.stages import content_doc_id
from pipeline.store.parquet import read_table, table_dir
from tests.conftest import RAW, ROOT

PER_DOCUMENT = sorted(name for name, spec in TABLES.items() if spec.per_document)
RAW_NAMES = sorted(p.name for p in RAW.glob("*.txt"))
NEW_SENTENCE = "\nDe zorgaanbieder dient uiterlijk 1 maart 2027 een nieuwe offerte van € 12.500 in.\n"
DVC = Path(sys.executable).parent / "dvc"


def sorted_table(out: Path, name: str) -> pd.DataFrame:
    frame = read_table(out, name)
    keys = [c for c in ("doc_id", "section_id", "sentence_id", "start", "text") if c in frame.columns]
    return frame.sort_values(keys or list(frame.columns), kind="stable").reset_index(drop=True)


def snapshot(out: Path) -> dict[str, pd.DataFrame]:
    return {name: sorted_table(out, name) for name in PER_DOCUMENT}


def partition_mtimes(out: Path) -> dict[str, int]:
    """Modification time of every per-document Parquet file: a rewrite changes it."""
    return {
        f"{name}/{p.name}": p.stat().st_mtime_ns
        for name in PER_DOCUMENT
        for p in table_dir(out, name).glob("*.parquet")
    }


def assert_rows_kept(before: dict[str, pd.DataFrame], out: Path, doc_ids: set[str]) -> None:
    """The rows of `doc_ids` in every per-document table are exactly those of `before`."""
    for name, old in before.items():
        now = sorted_table(out, name)
        kept_now = now[now.doc_id.isin(doc_ids)].reset_index(drop=True)
        kept_old = old[old.doc_id.isin(doc_ids)].reset_index(drop=True)
        pd.testing.assert_frame_equal(kept_now, kept_old, obj=name)


@pytest.fixture()
def project(tmp_path: Path, raw_run: tuple[Path, RunReport]) -> tuple[Path, Path]:
    """A raw folder and its finished output folder, copied from the session run."""
    out, _ = raw_run
    shutil.copytree(out.parent / "raw", tmp_path / "raw")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "raw", tmp_path / "out"


def rerun(project: tuple[Path, Path], options: Options | None = None) -> RunReport:
    raw, out = project
    return run(raw, out, options or blank_options(), progress=False, compare=False)


def test_incremental_unchanged_folder_processes_nothing(project: tuple[Path, Path]) -> None:
    mtimes = partition_mtimes(project[1])
    report = rerun(project)
    assert report.processed == [] and report.removed == [] and report.errors == []
    assert sorted(report.reused) == RAW_NAMES
    assert partition_mtimes(project[1]) == mtimes


def test_incremental_added_document_is_the_only_one_processed(project: tuple[Path, Path]) -> None:
    raw, out = project
    before, mtimes = snapshot(out), partition_mtimes(out)
    new = raw / "nieuw_2027.txt"
    new.write_text((raw / RAW_NAMES[0]).read_text(encoding="utf-8") + NEW_SENTENCE, encoding="utf-8")
    report = rerun(project)
    assert report.processed == ["nieuw_2027.txt"] and sorted(report.reused) == RAW_NAMES
    old_ids = set(before["documents"].doc_id)
    assert_rows_kept(before, out, old_ids)
    assert {k: v for k, v in partition_mtimes(out).items() if k in mtimes} == mtimes
    docs = read_table(out, "documents").set_index("source_file")
    new_id = content_doc_id(new)
    assert docs.loc["nieuw_2027.txt", "doc_id"] == new_id and new_id not in old_ids
    amounts = read_table(out, "amounts")
    assert 12_500.0 in amounts[amounts.doc_id == new_id].value.tolist()
    dates = read_table(out, "dates")
    assert pd.Timestamp("2027-03-01").date() in dates[dates.doc_id == new_id].value.tolist()


def test_incremental_removed_document_loses_its_rows(project: tuple[Path, Path]) -> None:
    raw, out = project
    before = snapshot(out)
    gone = raw / RAW_NAMES[1]
    gone_id = content_doc_id(gone)
    gone.unlink()
    report = rerun(project)
    assert report.removed == [RAW_NAMES[1]] and report.processed == []
    for name in PER_DOCUMENT:
        assert gone_id not in set(read_table(out, name).doc_id), name
        assert not (table_dir(out, name) / f"{gone_id}.parquet").exists()
    assert_rows_kept(before, out, set(before["documents"].doc_id) - {gone_id})


def test_incremental_changed_document_replaces_its_rows(project: tuple[Path, Path]) -> None:
    raw, out = project
    before = snapshot(out)
    changed = raw / RAW_NAMES[2]
    old_id = content_doc_id(changed)
    changed.write_text(changed.read_text(encoding="utf-8") + NEW_SENTENCE, encoding="utf-8")
    report = rerun(project)
    assert report.processed == [RAW_NAMES[2]]
    docs = read_table(out, "documents").set_index("source_file")
    assert docs.loc[RAW_NAMES[2], "doc_id"] == content_doc_id(changed) != old_id
    assert old_id not in set(read_table(out, "sentences").doc_id)
    assert_rows_kept(before, out, set(before["documents"].doc_id) - {old_id})


def test_incremental_renamed_document_keeps_its_id_and_takes_the_new_name(project: tuple[Path, Path]) -> None:
    raw, out = project
    doc_id = content_doc_id(raw / RAW_NAMES[3])
    (raw / RAW_NAMES[3]).rename(raw / "hernoemd.txt")
    report = rerun(project)
    assert report.processed == ["hernoemd.txt"] and report.removed == []
    docs = read_table(out, "documents").set_index("doc_id")
    assert docs.loc[doc_id, "source_file"] == "hernoemd.txt"
    assert len(docs) == len(RAW_NAMES)


@pytest.mark.slow
def test_incremental_another_model_reprocesses_every_document(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Options(jobs=4, batch_size=8).fingerprint == Options().fingerprint  # no row changes
    missing = rerun(project, Options(jobs=1, nlp_model="some/missing/path"))
    assert missing.processed == [] and sorted(missing.reused) == RAW_NAMES  # absent model: blank Dutch
    monkeypatch.setattr(run_module, "model_identity", lambda model: "nl_core_news_md==3.8.0")
    report = rerun(project)  # as after installing the model
    assert sorted(report.processed) == RAW_NAMES and report.reused == []
    again = rerun(project)
    assert again.processed == [] and sorted(again.reused) == RAW_NAMES
    assert len(read_table(project[1], "documents")) == len(RAW_NAMES)


# --- through DVC --------------------------------------------------------------------


def sh(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        DVC_NO_ANALYTICS="1",
    )
    return subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True, text=True)


@pytest.fixture()
def dvc_project(tmp_path: Path) -> Path:
    """A git + DVC repository with dvc.yaml, params.yaml, the package and two raw texts."""
    proj = tmp_path / "proj"
    proj.mkdir()
    for name in ("dvc.yaml", "params.yaml", "pyproject.toml"):
        shutil.copy(ROOT / name, proj / name)
    shutil.copytree(ROOT / "pipeline", proj / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    (proj / "raw").mkdir()
    for name in RAW_NAMES[:2]:
        shutil.copy(RAW / name, proj / "raw" / name)
    sh(proj, "git", "init", "-q")
    sh(proj, str(DVC), "init", "-q")
    sh(proj, str(DVC), "config", "core.analytics", "false")
    return proj


@pytest.mark.slow
@pytest.mark.skipif(not DVC.exists(), reason="dvc is not installed in this environment")
def test_incremental_dvc_repro_removes_a_deleted_document_and_keeps_the_other(dvc_project: Path) -> None:
    out = dvc_project / "extracted"
    sh(dvc_project, str(DVC), "repro", "-q")
    assert sorted(read_table(out, "documents").source_file) == RAW_NAMES[:2]
    kept, gone = (dvc_project / "raw" / n for n in RAW_NAMES[:2])
    kept_id, gone_id = content_doc_id(kept), content_doc_id(gone)
    kept_file = table_dir(out, "sentences") / f"{kept_id}.parquet"
    kept_mtime = kept_file.stat().st_mtime_ns
    gone.unlink()
    sh(dvc_project, str(DVC), "repro", "-q")
    assert read_table(out, "documents").source_file.tolist() == [RAW_NAMES[0]]
    assert gone_id not in set(read_table(out, "sentences").doc_id)
    assert kept_file.stat().st_mtime_ns == kept_mtime  # the remaining document was not written again
    status = sh(dvc_project, str(DVC), "status", "extract")
    assert "changed" not in status.stdout, status.stdout


@pytest.mark.slow
@pytest.mark.skipif(not DVC.exists(), reason="dvc is not installed in this environment")
def test_incremental_dvc_repro_processes_only_the_new_document(dvc_project: Path) -> None:
    sh(dvc_project, str(DVC), "repro", "-q")
    out = dvc_project / "extracted"
    first = {p.name: p.stat().st_mtime_ns for p in (out / "sentences.parquet").glob("*.parquet")}
    assert len(read_table(out, "documents")) == 2
    new = sorted(RAW.glob("*.txt"))[2]
    shutil.copy(new, dvc_project / "raw" / new.name)
    sh(dvc_project, str(DVC), "repro", "-q")
    docs = read_table(out, "documents")
    assert sorted(docs.source_file) == sorted(p.name for p in (dvc_project / "raw").iterdir())
    after = {p.name: p.stat().st_mtime_ns for p in (out / "sentences.parquet").glob("*.parquet")}
    assert {k: after[k] for k in first} == first  # the two old documents were not written again
    assert len(after) == 3
    assert (dvc_project / "dvc.lock").exists()
    comparisons = read_table(out, "comparisons")  # the compare stage ran on the new tables
    assert list(comparisons.columns) == TABLES["comparisons"].column_names
    assert set(comparisons.doc_id_new.dropna()) <= set(docs.doc_id)


@pytest.mark.parametrize(
    "relative,changes_rows",
    [
        ("extract/amounts.py", True),
        ("vocab/numbers.py", True),
        ("stages.py", True),
        ("deliver/brief.py", False),
    ],
)
def test_incremental_code_fingerprint_covers_the_code_that_makes_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: str, changes_rows: bool
) -> None:
    """A change to a stage's code reprocesses documents; a change to the deliverables does not."""
    package = tmp_path / "pipeline"
    shutil.copytree(ROOT / "pipeline", package, ignore=shutil.ignore_patterns("__pycache__"))
    fake_module = package / "corpus" / "run.py"
    monkeypatch.setattr(run_module, "__file__", str(fake_module))
    run_module.code_fingerprint.cache_clear()
    before = run_module.code_fingerprint()
    with open(package / relative, "a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    run_module.code_fingerprint.cache_clear()
    after = run_module.code_fingerprint()
    run_module.code_fingerprint.cache_clear()
    assert (before != after) is changes_rows
