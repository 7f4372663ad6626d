"""Shared fixtures: paths, and one pipeline run over raw/ reused by every test that reads its tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ci_markers import hide_ci_markers, restore
from helpers import blank_options

from pipeline.corpus.run import RunReport, run

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
REAL_PDF = SHARED_CORPUS / "005_6375d722b6ad8ba4.pdf"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="run slow tests")


_hidden_ci_markers: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    _hidden_ci_markers.update(hide_ci_markers())  # why: tests/ci_markers.py


def pytest_unconfigure(config: pytest.Config) -> None:
    restore(_hidden_ci_markers)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def raw_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunReport]:
    """The pipeline run once over a copy of raw/ (serial, pinned to the blank NLP pipeline)."""
    base = tmp_path_factory.mktemp("raw_run")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    out = base / "out"
    report = run(raw, out, blank_options(jobs=1), progress=False)
    return out, report
