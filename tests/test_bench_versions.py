"""The version comparison benchmark's arithmetic (benchmarks/bench_versions.py): the fastest round
of each stage, and a total that is one round's own sum, not a sum of different rounds' bests."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_versions import fastest, table  # noqa: E402


def test_bench_versions_fastest_round_per_stage_and_total() -> None:
    rounds = [{"parse": 3.0, "annotate": 1.0}, {"parse": 2.0, "annotate": 1.5}]
    assert fastest(rounds) == {"parse": 2.0, "annotate": 1.0, "total": 3.5}


def test_bench_versions_table_gives_the_ratio_and_a_dash_without_old_time() -> None:
    old = {"parse": 2.0, "new_stage": 0.0, "total": 2.0}
    new = {"parse": 1.5, "new_stage": 0.5, "total": 2.0}
    assert table(old, new).splitlines()[2:] == [
        "| parse | 2.00 | 1.50 | 0.75 |",
        "| new_stage | 0.00 | 0.50 | - |",
        "| total | 2.00 | 2.00 | 1.00 |",
    ]


def test_bench_versions_table_keeps_a_stage_only_the_new_version_has() -> None:
    table_lines = table({"parse": 2.0, "total": 2.0}, {"parse": 1.0, "added": 0.5, "total": 1.5}).splitlines()
    assert table_lines[2:] == [
        "| parse | 2.00 | 1.00 | 0.50 |",
        "| added | 0.00 | 0.50 | - |",
        "| total | 2.00 | 1.50 | 0.75 |",
    ]
