"""Project wiring: DVC stages in step with the schema, analytics off, README quick start."""

from __future__ import annotations

import re

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


def test_project_dvc_extract_stage_lists_the_packages_it_imports() -> None:
    deps = set(yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]["extract"]["deps"])
    packages = {
        f"pipeline/{p.name}" for p in (ROOT / "pipeline").iterdir() if p.is_dir() and p.name != "__pycache__"
    }
    assert packages - {"pipeline/tables"} <= deps | {"pipeline/tables"}
    assert packages <= deps


def test_project_dvc_analytics_off() -> None:
    assert re.search(r"analytics\s*=\s*false", (ROOT / ".dvc" / "config").read_text())


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
