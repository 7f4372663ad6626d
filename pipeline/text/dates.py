"""Finding calendar-date spans in Dutch text: where a date stands and which parts it states.

`find_dates(text)` returns every non-overlapping day, month or quarter span with its stated
parts (day, month, year, quarter); the year is None when the text leaves it out. Vague
periods (`eind 2025`, `medio juli`), bare years and lone month names without a governing
word are not dates (ANNOTATION.md "date"). Qualifiers, ranges and years from context are
the date extractor's work (`pipeline/extract/dates.py`); readers and structure use the
spans alone (`has_date`, `leading_date_end`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from pipeline.text.phrases import alternation
from pipeline.vocab import numbers as vocab

_MONTH = alternation(vocab.MONTHS)
_MONTH_ABBR = alternation(vocab.MONTH_ABBREVIATIONS)
_WEEKDAY = alternation(vocab.WEEKDAYS)
_QUARTER_ORD = alternation(vocab.QUARTER_ORDINALS)
YEAR = r"(?:19|20)\d{2}(?!\d)"
_DAY = r"(?<![\d.,/:-])(?:0?[1-9]|[12]\d|3[01])"

_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "dmy_numeric",
        re.compile(
            rf"(?P<day>{_DAY})(?P<sep>[-/.])(?P<month>0?[1-9]|1[0-2])(?P=sep)(?P<year>{YEAR})(?![-/.]\d)"
        ),
    ),
    ("iso_day", re.compile(rf"(?<![\d/])(?P<year>{YEAR})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)(?!\d)")),
    ("iso_month", re.compile(rf"(?<![\d/.-])(?P<year>{YEAR})-(?P<month>0[1-9]|1[0-2])(?![\d/-])")),
    ("quarter_q", re.compile(rf"\b[Qq](?P<quarter>[1-4])[\s'-]*(?P<year>{YEAR})")),
    (
        "quarter_words",
        re.compile(rf"\b(?P<ordinal>{_QUARTER_ORD})\s+kwartaal(?:\s+van)?\s+(?P<year>{YEAR})", re.IGNORECASE),
    ),
    (
        "day_month",
        re.compile(
            rf"(?:\b(?:{_WEEKDAY}),?\s+)?(?P<day>{_DAY})(?:e|ste|de)?\s+"
            rf"(?:(?P<monthname>{_MONTH})\b|(?P<abbr>{_MONTH_ABBR})(?:\.|\b))"
            rf"(?:\s+(?P<year>{YEAR}))?",
            re.IGNORECASE,
        ),
    ),
    ("month_year", re.compile(rf"\b(?P<monthname>{_MONTH})\s+(?P<year>{YEAR})", re.IGNORECASE)),
    ("month_only", re.compile(rf"\b(?P<monthname>{_MONTH})\b", re.IGNORECASE)),
)

_VAGUE_BEFORE = re.compile(rf"\b(?:{alternation(vocab.VAGUE_PERIOD_WORDS)})\s*$", re.IGNORECASE)
_MONTH_GOVERNOR_BEFORE = re.compile(
    rf"(?:\b(?:{alternation(vocab.MONTH_ONLY_GOVERNORS)})|\b(?:{_MONTH})\s*(?:,|en|of|t/m|-|–))\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_WITHOUT_DIGITS = tuple(p for p in _DATE_PATTERNS if p[0] == "month_only")
_WEEKDAY_PREFIX = re.compile(rf"^(?:{_WEEKDAY}),?\s+", re.IGNORECASE)
_URL_TOKEN = re.compile(r"(?:https?://|www\.|\w/\w|%\w\w|@)", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """A date span before qualifiers are assigned."""

    start: int
    end: int
    year: int | None
    month: int
    day: int | None
    quarter: int | None


def find_dates(text: str) -> list[FoundDate]:
    """Every non-overlapping date span, earlier patterns winning over later ones."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    # Every pattern but a bare month name needs a digit, and most sentences have none.
    patterns = _DATE_PATTERNS if _DIGIT.search(text) else _WITHOUT_DIGITS
    for name, pattern in patterns:
        for match in pattern.finditer(text):
            span = _trim_weekday(text, match.start(), match.end())
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            item = _to_found(name, match, span, text)
            if item is not None:
                found.append(item)
                taken.append(span)
    return sorted(found, key=lambda f: f.start)


def _trim_weekday(text: str, start: int, end: int) -> tuple[int, int]:
    weekday = _WEEKDAY_PREFIX.match(text[start:end])
    return (start + weekday.end(), end) if weekday else (start, end)


def _to_found(name: str, match: re.Match[str], span: tuple[int, int], text: str) -> FoundDate | None:
    if _inside_url(text, span[0], span[1]):
        return None
    parts = match.groupdict()
    year = int(parts["year"]) if parts.get("year") else None
    if name.startswith("quarter"):
        quarter = (
            int(parts["quarter"])
            if parts.get("quarter")
            else vocab.QUARTER_ORDINALS[parts["ordinal"].lower()]
        )
        return FoundDate(span[0], span[1], year, 3 * quarter - 2, None, quarter)
    month = _month_number(parts)
    day = int(parts["day"]) if parts.get("day") else None
    if name in ("month_only", "month_year") and _VAGUE_BEFORE.search(text[: span[0]]):
        return None
    if name == "month_only" and not _MONTH_GOVERNOR_BEFORE.search(text[max(0, span[0] - 30) : span[0]]):
        return None
    if day is not None and not _is_valid_day(year, month, day):
        return None
    return FoundDate(span[0], span[1], year, month, day, None)


def _month_number(parts: dict[str, str | None]) -> int:
    if parts.get("monthname"):
        return vocab.MONTHS[parts["monthname"].lower()]
    if parts.get("abbr"):
        return vocab.MONTH_ABBREVIATIONS[parts["abbr"].lower()]
    return int(parts["month"] or 0)


def _is_valid_day(year: int | None, month: int, day: int) -> bool:
    try:
        datetime.date(year or 2000, month, day)  # 2000 is a leap year, so 29 februari passes
    except ValueError:
        return False
    return True


def _inside_url(text: str, start: int, end: int) -> bool:
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    token = text[left : right if right >= 0 else len(text)]
    return bool(_URL_TOKEN.search(token)) and not re.fullmatch(r"[\d/.-]+[.,;:)]?", token)


_ROW_PREFIX_RE = re.compile(r"^(?:uiterlijk|vanaf|vóór|voor|per|tot|na|op)\b\s*", re.IGNORECASE)


def has_date(text: str) -> bool:
    return bool(find_dates(text))


def leading_date_end(text: str) -> int | None:
    """End of a date that opens the line (after an optional deadline/start word), else None."""
    prefix = _ROW_PREFIX_RE.match(text)
    found = find_dates(text)
    if found and found[0].start <= (prefix.end() if prefix else 0):
        return found[0].end
    return None
