"""The one place the deliverables read the pipeline's tables (the store module is moving).

`load_tables(out)` reads every table a brief, workbook, calendar or the notebook
needs with `pipeline.store.read_table` (which applies the schema) and returns plain
Python records per table: `None` for a missing value, `int` for whole numbers,
`datetime.date` for dates. A folder without tables raises `NoTablesError`, so a
command can say so instead of writing an empty file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.store.parquet import read_table, table_dir

Record = dict[str, Any]

TABLE_NAMES = (
    "documents",
    "sections",
    "sentences",
    "deadlines",
    "requirements",
    "amounts",
    "percentages",
    "comparisons",
    "changes",
)
# Integer columns with nulls come back as floats; `sections.number` is a string and stays one.
INTEGER_COLUMNS = frozenset(
    {"page", "number", "pages", "policy_year", "policy_year_end", "year_old", "year_new"}
)
DATE_COLUMNS = frozenset({"date", "updated", "old_date", "new_date"})
# Until every run fills `deadlines.kind` (issue 13), a step's kind follows its date's qualifier.
KIND_OF_QUALIFIER = {"deadline": "deadline", "start": "start", "end": "end", "mention": "event"}


class NoTablesError(Exception):
    """The folder holds no pipeline tables (never run, or the wrong folder)."""

    def __init__(self, out: Path) -> None:
        super().__init__(
            f"no pipeline tables in {out}: run `python -m pipeline run --raw RAW --out {out}` first"
        )
        self.out = out


@dataclass(frozen=True)
class Tables:
    """The rows of one run, table by table, as records."""

    documents: list[Record]
    sections: list[Record]
    sentences: list[Record]
    deadlines: list[Record]
    requirements: list[Record]
    amounts: list[Record]
    percentages: list[Record]
    comparisons: list[Record]
    changes: list[Record]


def has_tables(out: Path) -> bool:
    """True when `out` holds a `documents` table with at least one file."""
    folder = table_dir(out, "documents")
    return folder.is_dir() and any(p for p in folder.glob("*.parquet") if not p.name.startswith((".", "_")))


def load_frame(out: Path, name: str) -> pd.DataFrame:
    """One table as a frame with its declared schema (for the notebook); `NoTablesError` without tables."""
    if not has_tables(out):
        raise NoTablesError(out)
    frame = read_table(out, name)
    if name == "deadlines":
        frame["kind"] = frame["kind"].fillna(frame["qualifier"].map(KIND_OF_QUALIFIER))
    return frame


def load_tables(out: Path) -> Tables:
    """Every table the deliverables use, as records; `NoTablesError` when `out` has none."""
    return Tables(**{name: records(load_frame(out, name)) for name in TABLE_NAMES})


def count_rows(out: Path, name: str) -> int:
    return len(load_frame(out, name))


def records(frame: pd.DataFrame) -> list[Record]:
    return [
        {column: plain(column, value) for column, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def plain(column: str, value: Any) -> Any:
    """A cell as a plain Python value: None for missing, int, date or str."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if column in INTEGER_COLUMNS and isinstance(value, float | int) and float(value).is_integer():
        return int(value)
    if column in DATE_COLUMNS:
        return value.date() if isinstance(value, datetime) else value if isinstance(value, date) else None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
