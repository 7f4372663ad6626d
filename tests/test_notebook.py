"""The analyst notebook runs headlessly on the tables of raw/ without a cell error."""

from __future__ import annotations

import os

import jupytext
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "policy_analysis.py"
CELL_TIMEOUT_S = 60


@pytest.mark.slow
@pytest.mark.parametrize(
    "workdir", [ROOT / "notebooks", ROOT], ids=["from_notebooks_folder", "from_repo_root"]
)
def test_notebook_runs_on_the_raw_tables(raw_run, workdir, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = raw_run
    monkeypatch.setenv("PIPELINE_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = jupytext.read(NOTEBOOK)
    resources = {"metadata": {"path": str(workdir)}}
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources=resources)
    client.execute(env=dict(os.environ))  # raises CellExecutionError naming the failing cell
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors
