"""The analyst notebook: the README's command executes it, without a cell error, and draws its figures."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT
from tests.policy_tables import TODAY, write_policy_tables

NOTEBOOK = ROOT / "notebooks" / "policy_analysis.py"
CELL_TIMEOUT_S = 120


def readme_notebook_command() -> str:
    """The one-line command the README's Deliverables section gives for the notebook."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Deliverables", 1)[1]
    return next(line.strip() for line in section.splitlines() if "jupytext" in line and "--execute" in line)


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


def figures(notebook: nbformat.NotebookNode) -> int:
    return sum("image/png" in o.get("data", {}) for o in outputs(notebook))


def headings(notebook: nbformat.NotebookNode) -> list[str]:
    shown = [o["data"].get("text/markdown", "") for o in outputs(notebook) if "data" in o]
    return [line for text in shown for line in text.splitlines() if line.startswith("### ")]


@pytest.mark.slow
def test_notebook_readme_command_executes_it(tmp_path: Path) -> None:
    """Run the README's command as written, in a copy of the repository layout, on fixture tables."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / NOTEBOOK.name).write_bytes(NOTEBOOK.read_bytes())
    (tmp_path / "pipeline").symlink_to(ROOT / "pipeline", target_is_directory=True)
    out = write_policy_tables(tmp_path / "tables")
    command = shlex.split(readme_notebook_command())
    assert command[0] == "python"
    env = {**os.environ, "PIPELINE_OUT": str(out), "PIPELINE_TODAY": TODAY.isoformat(), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, *command[1:]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    executed = nbformat.read(tmp_path / "notebooks" / "policy_analysis.ipynb", as_version=4)
    assert not [o for o in outputs(executed) if o.get("output_type") == "error"]
    assert figures(executed) == 3  # the deadlines of VGZ and of CZ, the requirements per provider kind
    assert headings(executed) == ["### VGZ · MSZ", "### VGZ · MSZ"]  # thresholds, changes of the VGZ series


@pytest.mark.slow
@pytest.mark.parametrize("workdir", ["notebooks", "."], ids=["from_notebooks_folder", "from_repo_root"])
def test_notebook_runs_on_the_raw_tables(raw_run, workdir: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = raw_run
    monkeypatch.setenv("PIPELINE_OUT", str(out))
    monkeypatch.setenv("PIPELINE_TODAY", TODAY.isoformat())
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = jupytext.read(NOTEBOOK)
    resources = {"metadata": {"path": str(ROOT / workdir)}}
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources=resources)
    client.execute(env=dict(os.environ))  # raises CellExecutionError naming the failing cell
    assert not [o for o in outputs(notebook) if o.get("output_type") == "error"]
    assert figures(notebook) >= 2
    text = "".join(o.get("text", "") for o in outputs(notebook))
    assert re.search(r"tabellen uit .+, peildatum 15 april 2026", text)
