"""Keep pytest's CI mode out of the test run: failure messages stay as short as on a laptop.

When CI or BUILD_NUMBER is set, pytest explains a failed `==` of two lists by a full
`difflib.ndiff` of both, whatever the verbosity. On lists of hundreds of similar lines (the
sentences or chars of a real PDF) that takes hours: a failing test ends as a timeout with no
message, and only on CI. So the conftest removes both for the run and puts them back after.
Tests that start tools in a subprocess run them without these variables too.
"""

from __future__ import annotations

import os

CI_MARKERS = ("CI", "BUILD_NUMBER")  # what pytest reads (`_pytest.compat.running_on_ci`)


def hide_ci_markers() -> dict[str, str]:
    """Remove the CI markers from this process's environment; return what was removed."""
    return {name: os.environ.pop(name) for name in CI_MARKERS if name in os.environ}


def restore(hidden: dict[str, str]) -> None:
    os.environ.update(hidden)
