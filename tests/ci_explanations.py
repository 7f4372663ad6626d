"""Failure messages on CI as short as on a laptop (a pytest plugin; tests/conftest.py applies it).

With the environment variable CI or BUILD_NUMBER set, pytest explains a failed `==` of two lists
by a full `difflib.ndiff` of both, whatever the verbosity (pytest issue #8998). On lists of hundreds
of similar lines (the sentences or chars of a real PDF) that takes hours: a failing test ended as a
timeout without a message, and only on CI. The environment stays as it is (DVC, Hypothesis and the
golden-file guard read CI too); only the question pytest's assertion explanation asks, whether it
runs on CI, is answered no. That question lives in pytest's private modules, which a release may
move: `tests/test_ci_explanations.py` then fails, instead of a CI run hanging.
"""

from __future__ import annotations

import contextlib
import importlib

import pytest

# where pytest asks `running_on_ci()` while it explains a failed assertion (pytest 8 and 9)
ASSERTION_MODULES = (
    "_pytest.assertion._compare_sequence",
    "_pytest.assertion.truncate",
    "_pytest.assertion.util",
)


def _not_on_ci() -> bool:
    return False


def explain_assertions_as_off_ci() -> list[str]:
    """Make pytest explain failed assertions as it does off CI; return the modules changed."""
    changed = []
    for name in ASSERTION_MODULES:
        with contextlib.suppress(ImportError):
            module = importlib.import_module(name)
            if hasattr(module, "running_on_ci"):
                module.running_on_ci = _not_on_ci
                changed.append(name)
    return changed


def pytest_configure(config: pytest.Config) -> None:
    explain_assertions_as_off_ci()
