"""Project wiring: DVC stages in step with the schema, analytics off, README quick start."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.schema import TABLES
from tests.conftest import ROOT


def test_project_dvc_outputs_cover_every_table() -> None:
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    outs = {next(iter(o)) if isinstance(o, dict) else o for s in stages.values() for o in s["outs"]}
    assert {f"extracted/{name}.parquet" for name in TABLES} <= outs
    for stage in stages.values():
        for out in stage["outs"]:
            spec = next(iter(out.values()))
            assert spec == {"persist": True, "cache": False}


@pytest.mark.parametrize(
    "stage,entry", [("extract", "pipeline.corpus.run"), ("compare", "pipeline.corpus.compare")]
)
def test_project_dvc_stage_deps_cover_every_module_it_imports(stage: str, entry: str) -> None:
    """DVC reruns a stage only when a listed dep changes: every module the stage's code imports
    (found by importing it in a fresh interpreter) must lie under one of its deps."""
    deps = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"][stage]["deps"]
    code = f"import sys, {entry}; print('\\n'.join(m.__file__ for n, m in sys.modules.items() "
    code += "if n.split('.')[0] == 'pipeline' and getattr(m, '__file__', None)))"
    files = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    imported = {Path(f).resolve().relative_to(ROOT).as_posix() for f in files.stdout.split()}
    assert imported, "the stage imports nothing of the package?"
    uncovered = [f for f in imported if not any(f == d or f.startswith(d.rstrip("/") + "/") for d in deps)]
    assert uncovered == []


def test_project_dvc_analytics_off() -> None:
    assert re.search(r"analytics\s*=\s*false", (ROOT / ".dvc" / "config").read_text())


def test_project_dvc_hashes_code_without_bytecode() -> None:
    """A stage depends on the package's code: bytecode differs per interpreter and is absent from a
    fresh clone, and would make DVC rerun every stage there."""
    patterns = {line.strip() for line in (ROOT / ".dvcignore").read_text().splitlines()}
    assert {"__pycache__/", "*.pyc"} <= patterns


def test_project_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [ln for ln in block.splitlines()[1:] if ln.strip() and not ln.strip().startswith("#")]
    assert len(commands) == 2
    assert "pytest" in commands[1]
    assert commands[1].strip() in (ROOT / ".ci" / "run").read_text()


def test_project_readme_data_dictionary_is_up_to_date() -> None:
    from pipeline.schema import data_dictionary_markdown

    assert data_dictionary_markdown().strip() in (ROOT / "README.md").read_text(), (
        "regenerate the README's data dictionary with `python -m pipeline dictionary`"
    )
