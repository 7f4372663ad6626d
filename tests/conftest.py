"""Shared fixtures: paths, and one pipeline run over raw/ reused by every test that reads its tables."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from ci_explanations import explain_assertions_as_off_ci
from helpers import blank_options

from pipeline.corpus.run import RunReport, run
from pipeline.settings import CACHE_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
REAL_PDF = SHARED_CORPUS / "005_6375d722b6ad8ba4.pdf"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="run slow tests")


def pytest_configure(config: pytest.Config) -> None:
    explain_assertions_as_off_ci()  # why: tests/ci_explanations.py
    # One cache folder for the session, its workers and the runs they start, not the user's
    if "PYTEST_XDIST_WORKER" not in os.environ:
        os.environ[CACHE_DIR_ENV] = tempfile.mkdtemp(prefix="pipeline-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    if "PYTEST_XDIST_WORKER" not in os.environ:
        shutil.rmtree(os.environ.pop(CACHE_DIR_ENV, ""), ignore_errors=True)


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
