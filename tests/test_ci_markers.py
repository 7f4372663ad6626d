"""A failing comparison of long similar lists fails quickly on CI too (`tests/ci_markers.py`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# 600 similar lines: pytest's CI explanation of this failure takes about 40 s here, and hours on
# the sentences of a real PDF
SIMILAR_LISTS = """
def test_similar_sentences():
    left = [f"De zorgaanbieder levert {i} offertes in." for i in range(600)]
    right = [f"De zorgaanbieder levert {i} offerte in." for i in range(600)]
    assert left == right
"""

CONFTEST = f"""
import sys
sys.path.insert(0, {str(ROOT / "tests")!r})
from ci_markers import hide_ci_markers

def pytest_configure(config):
    hide_ci_markers()
"""


def test_ci_markers_are_hidden_from_this_run() -> None:
    assert not {"CI", "BUILD_NUMBER"} & set(os.environ)


def test_ci_markers_a_failing_long_comparison_explains_itself_quickly_on_ci(tmp_path: Path) -> None:
    (tmp_path / "test_lists.py").write_text(SIMILAR_LISTS, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "CI": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    assert "Use -v to get more diff" in result.stdout
