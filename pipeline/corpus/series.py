"""The series of a run: documents of one insurer and care domain (`series_id`) in policy-year order,
and the comparisons table written from their consecutive pairs.

Only a series with two policy years has anything to compare; a run without one writes an empty
table without loading pandas and the comparison code (`compare.py`), which is most of the start-up
of a one-policy run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.model import Comparison
from pipeline.schema import to_arrow
from pipeline.store.parquet import read_arrow, write_corpus_table

DOCUMENT_COLUMNS = ["doc_id", "series_id", "policy_year", "policy_year_end"]


@dataclass(frozen=True)
class Pair:
    """Two consecutive documents of one series."""

    series_id: str
    old: str
    new: str
    year_old: int
    year_new: int
    missing_years: str | None = None  # `2024, 2025, 2026`: policy years between them the run lacks

    def row(self, kind: str, **values: object) -> Comparison:
        return Comparison(
            self.series_id,
            self.old,
            self.new,
            self.year_old,
            self.year_new,
            kind,
            missing_years=self.missing_years,
            **values,  # type: ignore[arg-type]
        )


def write_comparisons(out: Path) -> None:
    """Compare consecutive policy years of every series into `comparisons`."""
    pairs = series_pairs(out)
    rows: Iterable[Comparison] = []
    if pairs:
        from pipeline.corpus.compare import iter_comparisons  # deferred: pandas, only for a series

        rows = iter_comparisons(out, pairs)
    write_corpus_table(out, "comparisons", to_arrow("comparisons", rows))


def series_pairs(out: Path) -> list[Pair]:
    """The consecutive pairs of the documents table in OUT."""
    return list(consecutive_pairs(read_arrow(out, "documents").select(DOCUMENT_COLUMNS).to_pylist()))


def consecutive_pairs(documents: Iterable[Mapping[str, Any]]) -> Iterator[Pair]:
    """Each document with the one of the next policy year in its series (of two documents of one
    year, the later doc_id), series in order of their id."""
    by_series: dict[str, dict[int, Mapping[str, Any]]] = defaultdict(dict)
    dated = (d for d in documents if d["series_id"] is not None and d["policy_year"] is not None)
    for doc in sorted(dated, key=lambda d: (d["policy_year"], d["doc_id"])):
        by_series[str(doc["series_id"])][int(doc["policy_year"])] = doc
    for series_id in sorted(by_series):
        rows = [by_series[series_id][year] for year in sorted(by_series[series_id])]
        covered = {year for row in rows for year in policy_years(row)}
        for old, new in zip(rows, rows[1:], strict=False):
            gap = [y for y in range(max(policy_years(old)) + 1, int(new["policy_year"])) if y not in covered]
            missing = ", ".join(str(y) for y in gap) or None
            yield Pair(
                series_id,
                old["doc_id"],
                new["doc_id"],
                int(old["policy_year"]),
                int(new["policy_year"]),
                missing,
            )


def policy_years(document: Mapping[str, Any]) -> range:
    """The contract years a policy covers (`2024-2026` is three)."""
    first = int(document["policy_year"])
    last = document.get("policy_year_end")
    last = int(last) if last is not None else first
    return range(first, max(first, last) + 1)
