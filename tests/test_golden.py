"""Golden whole-document output: every table of a small fixture policy, compared with a reviewed file.

`tests/golden/<name>.txt` is a short policy written for this test (not a corpus document);
`tests/golden/<name>.expected.json` holds its tables as the pipeline writes them, reviewed
by hand. A change to any stage that alters a row shows up here as a diff. After reviewing an
intended change, regenerate with `GOLDEN_REGEN=1 python -m pytest tests/test_golden.py`; a
missing expected file is a failure, never written silently (STYLE.md pattern 12).
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest
from helpers import frames

from pipeline.settings import Options
from pipeline.stages import process_document

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = sorted(GOLDEN.glob("*.txt"))
REGENERATE = os.environ.get("GOLDEN_REGEN") == "1"
VOLATILE = {"documents": {"pipeline_version", "nlp_model_version"}}


def plain(value: object) -> object:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN: a missing value
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def tables_as_json(path: Path) -> dict[str, list[dict[str, object]]]:
    document = process_document(path, path.name, Options(jobs=1, nlp_model=""))
    out = {}
    for name, frame in frames(document).items():
        drop = VOLATILE.get(name, set())
        out[name] = [
            {k: plain(v) for k, v in row.items() if k not in drop} for row in frame.to_dict("records")
        ]
    return out


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_golden_whole_document_tables(path: Path) -> None:
    expected_path = path.with_suffix(".expected.json")
    actual = tables_as_json(path)
    if REGENERATE:
        expected_path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"no reviewed golden file {expected_path.name}; see the module docstring"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for name in sorted(set(expected) | set(actual)):
        assert actual.get(name) == expected.get(name), f"table {name} differs from {expected_path.name}"


def test_golden_regeneration_is_off_in_ci() -> None:
    assert not (REGENERATE and os.environ.get("CI")), "GOLDEN_REGEN must not be set in CI"
