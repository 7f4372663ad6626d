"""Dutch labels and formats of every deliverable, from `labels.yaml` beside this module.

Dates and numbers are formatted by Babel in the Dutch locale (`16 september 2026`,
`€ 250.000`, `2,5%`), so no month or weekday names are listed here.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LABELS_FILE = Path(__file__).with_name("labels.yaml")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


@cache
def labels() -> dict[str, Any]:
    with open(LABELS_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def text(key: str) -> str:
    """A fixed Dutch text (`planning`, `requirements`, ...)."""
    return labels()["text"][key]


def locale() -> str:
    return labels()["locale"]


def step_kind(kind: str | None) -> str:
    return labels()["step_kinds"].get(kind or "", kind or "")


def actor(value: str | None) -> str:
    return labels()["actors"].get(value or "", value or "")


def change_kind(kind: str | None) -> str:
    return labels()["change_kinds"].get(kind or "", kind or "")


def bound(value: str | None) -> str:
    return labels()["bounds"].get(value or "", value or "")


def threshold_kind(kind: str) -> str:
    return labels()["threshold_kinds"][kind]


def sheet(key: str) -> str:
    return labels()["sheets"][key]


def calendar_text(key: str) -> str:
    return labels()["calendar"][key]


def care_domain_short(domain: str | None) -> str:
    """`MSZ` for medisch-specialistische zorg; an unlisted domain as it is."""
    if not domain:
        return ""
    return labels()["care_domain_short"].get(domain, domain)


def unit(name: str | None, number: int | None) -> str:
    forms = labels()["units"].get(name or "")
    if not forms:
        return name or ""
    return forms[0] if number == 1 else forms[1]


def long_date(day: date | None) -> str:
    """`16 september 2026`."""
    return format_date(day, "d MMMM y", locale=locale()) if day else ""


def short_date(day: date | None) -> str:
    """`wo 16 sep`."""
    return format_date(day, "EEE d MMM", locale=locale()) if day else ""


def month(day: date) -> str:
    """`september 2026`."""
    return format_date(day, "MMMM y", locale=locale())


def month_abbreviation(day: date) -> str:
    """`sep 2026`, for plot axes."""
    return format_date(day, "MMM y", locale=locale()).replace(".", "")


def clock(time: str | None) -> str:
    """`17:00 uur`."""
    return f"{time} {text('hour')}" if time else ""


def euro(value: float) -> str:
    """`€ 250.000` for whole euros, `€ 12,50` otherwise."""
    whole = float(value).is_integer()
    pattern = "¤ #,##0" if whole else "¤ #,##0.00"
    return format_currency(value, "EUR", format=pattern, locale=locale(), currency_digits=False)


def percent(value: float) -> str:
    """`25%`, `2,5%` (the value as written before the percent sign)."""
    return f"{format_decimal(value, format='#,##0.##', locale=locale())}%"


def years(first: int | None, last: int | None) -> str:
    """`2027`, or `2024-2026` for a policy of several years."""
    if first is None:
        return ""
    return str(first) if last is None or last == first else f"{first}-{last}"


def slug(*parts: object) -> str:
    """A file-name part: lower case letters and digits joined by hyphens."""
    joined = "-".join(str(p) for p in parts if p not in (None, ""))
    return _SLUG_RE.sub("-", joined.lower()).strip("-") or "beleid"
