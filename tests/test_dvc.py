"""`dvc repro` on a copy of the project: next year's document is the only one processed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.write import read_table
from tests.conftest import RAW, ROOT

DVC = Path(sys.executable).parent / "dvc"


def sh(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        DVC_NO_ANALYTICS="1",
    )
    return subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True, text=True)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    proj.mkdir()
    for name in ("dvc.yaml", "params.yaml", "pyproject.toml"):
        shutil.copy(ROOT / name, proj / name)
    shutil.copytree(ROOT / "pipeline", proj / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    (proj / "raw").mkdir()
    for path in sorted(RAW.glob("*.txt"))[:2]:
        shutil.copy(path, proj / "raw" / path.name)
    sh(proj, "git", "init", "-q")
    sh(proj, str(DVC), "init", "-q")
    sh(proj, str(DVC), "config", "core.analytics", "false")
    return proj


@pytest.mark.skipif(not DVC.exists(), reason="dvc is not installed in this environment")
def test_dvc_repro_processes_only_the_new_document(project: Path) -> None:
    sh(project, str(DVC), "repro", "-q")
    out = project / "extracted"
    first = {p.name: p.stat().st_mtime_ns for p in (out / "sentences.parquet").glob("*.parquet")}
    assert len(read_table(out, "documents")) == 2
    new = sorted(RAW.glob("*.txt"))[2]
    shutil.copy(new, project / "raw" / new.name)
    sh(project, str(DVC), "repro", "-q")
    docs = read_table(out, "documents")
    assert sorted(docs.source_file) == sorted(p.name for p in (project / "raw").iterdir())
    after = {p.name: p.stat().st_mtime_ns for p in (out / "sentences.parquet").glob("*.parquet")}
    assert {k: after[k] for k in first} == first  # the two old documents were not written again
    assert len(after) == 3
    assert (project / "dvc.lock").exists()
    assert read_table(out, "comparisons") is not None
