"""Typed records yielded by the number extractors (ANNOTATION.md: date, amount, percentage).

Offsets (`start`, `end`) index the sentence text the extractor was given, so
`record.text == sentence_text[record.start:record.end]` always holds. `sentence_id`
is None until the caller sets it with `dataclasses.replace`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

Granularity = Literal["day", "month", "quarter"]
DateQualifier = Literal["deadline", "start", "end", "mention"]
RangeRole = Literal["start", "end"]
Bound = Literal["min", "max"]
TimeUnit = Literal["dag", "werkdag", "week", "maand", "jaar", "uur", "minuut"]
Direction = Literal["within", "after", "before"]


@dataclass(frozen=True)
class DateMention:
    """A calendar day, month or quarter named in a sentence.

    value: first day of the period; None while the year is unknown (see `resolve_dates`).
    year_explicit: the text states the year.
    time: clock time attached to the date ("17:00" for "vóór 17.00 uur"), else None.
    range_role: "start"/"end" when the date opens or closes a range, else None.
    month, day, quarter: the stated parts, kept so a missing year can be filled in later.
    recurring: the text marks the date as yearly ("van ieder kalenderjaar").
    """

    sentence_id: str | None
    start: int
    end: int
    text: str
    value: datetime.date | None
    granularity: Granularity
    qualifier: DateQualifier
    year_explicit: bool
    time: str | None = None
    range_role: RangeRole | None = None
    month: int | None = field(default=None, repr=False)
    day: int | None = field(default=None, repr=False)
    quarter: int | None = field(default=None, repr=False)
    recurring: bool = field(default=False, repr=False)


@dataclass(frozen=True)
class AmountMention:
    """A sum of money; value in currency units (`€ 2,5 mln` → 2500000.0)."""

    sentence_id: str | None
    start: int
    end: int
    text: str
    value: float
    currency: str
    per_unit: str | None = None
    bound: Bound | None = None


@dataclass(frozen=True)
class PercentageMention:
    """A percentage or percentage point; value 25.0 for `25%`."""

    sentence_id: str | None
    start: int
    end: int
    text: str
    value: float
    bound: Bound | None = None


@dataclass(frozen=True)
class RelativeDeadline:
    """A term counted from an event (`binnen 4 weken`, `6 weken na ontvangst van de offerte`)."""

    sentence_id: str | None
    start: int
    end: int
    text: str
    number: int
    unit: TimeUnit
    direction: Direction
    anchor: str | None = None
