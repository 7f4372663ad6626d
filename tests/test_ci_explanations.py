"""A failing comparison of long similar lists fails quickly on CI too (`tests/ci_explanations.py`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci_explanations import explain_assertions_as_off_ci
from tests.conftest import ROOT

# 600 similar lines: pytest's CI explanation of this failure takes about 40 s here, and hours on
# the sentences of a real PDF
SIMILAR_LISTS = """
def test_similar_sentences():
    left = [f"De zorgaanbieder levert {i} offertes in." for i in range(600)]
    right = [f"De zorgaanbieder levert {i} offerte in." for i in range(600)]
    assert left == right
"""


def test_ci_explanations_find_where_pytest_asks() -> None:
    # a pytest release that moves the question fails here first
    assert "_pytest.assertion._compare_sequence" in explain_assertions_as_off_ci()


def test_ci_explanations_a_failing_long_comparison_explains_itself_quickly_on_ci(tmp_path: Path) -> None:
    (tmp_path / "test_lists.py").write_text(SIMILAR_LISTS, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "ci_explanations",
            "-o",
            "addopts=",
        ]
        + [str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "CI": "true", "PYTHONPATH": str(ROOT / "tests")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed" in result.stdout
    assert "Use -v to get more diff" in result.stdout


def test_ci_explanations_leave_the_environment_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    explain_assertions_as_off_ci()
    assert os.environ["CI"] == "true"
