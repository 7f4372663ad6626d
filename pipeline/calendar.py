"""The deadlines of every policy as an iCalendar file (RFC 5545) for a shared agenda.

One all-day VEVENT per row of `deadlines`, joined with `documents` for the
insurer, care domain and title. The UID hashes doc_id, sentence_id and date, so a
calendar imported again updates its events instead of doubling them. Lines end
in CRLF and are folded at 75 octets (never inside a UTF-8 character).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from pipeline.store.parquet import read_table

PRODID = "-//zorginkoop-pipeline//deadlines//NL"
UID_DOMAIN = "zorginkoop-pipeline"
MAX_OCTETS = 75
CRLF = "\r\n"
TEXT_ESCAPES = (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\r\n", "\\n"), ("\n", "\\n"))  # backslash first


@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str


def calendar_command(out: Path, ics: Path) -> int:
    """Write every deadline in `out` to the iCalendar file `ics`; returns the number of events."""
    events = list(iter_events(deadlines_with_documents(out)))
    ics.parent.mkdir(parents=True, exist_ok=True)
    ics.write_bytes(render_calendar(events, stamp=datetime.now(UTC)).encode("utf-8"))
    return len(events)


def deadlines_with_documents(out: Path) -> pd.DataFrame:
    deadlines = read_table(out, "deadlines")
    documents = read_table(out, "documents")[["doc_id", "insurer", "care_domain", "title", "source_file"]]
    return deadlines.merge(documents, on="doc_id", how="left")


def iter_events(rows: pd.DataFrame) -> Iterator[Event]:
    for row in rows.dropna(subset=["date"]).itertuples(index=False):
        day = row.date if isinstance(row.date, date) else pd.Timestamp(row.date).date()
        yield Event(
            uid=event_uid(row.doc_id, row.sentence_id, day),
            day=day,
            summary=f"{text(row.insurer, 'Onbekende verzekeraar')} {text(row.care_domain, '')}".strip()
            + f": {text(row.action, 'planningsstap')}",
            description=event_description(row),
        )


def event_uid(doc_id: str, sentence_id: str, day: date) -> str:
    digest = hashlib.sha256(f"{doc_id}|{sentence_id}|{day.isoformat()}".encode()).hexdigest()[:24]
    return f"{digest}@{UID_DOMAIN}"


def event_description(row: object) -> str:
    parts = [
        ("Beleid", getattr(row, "title", None)),
        ("Wat", getattr(row, "action", None)),
        ("Soort", getattr(row, "qualifier", None)),
        ("Tijd", getattr(row, "time", None)),
        ("Wie", getattr(row, "actor", None)),
        ("Via", getattr(row, "channel", None)),
        ("Voor", getattr(row, "group", None)),
        ("Bron", getattr(row, "source_file", None)),
    ]
    return "\n".join(f"{label}: {value}" for label, value in parts if text(value, ""))


def text(value: object, default: str) -> str:
    return default if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def render_calendar(events: list[Event], stamp: datetime) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for event in sorted(events, key=lambda e: (e.day, e.uid)):
        lines += event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def event_lines(event: Event, stamp: datetime) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
        f"SUMMARY:{escape(event.summary)}",
        f"DESCRIPTION:{escape(event.description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def escape(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    for raw, escaped in TEXT_ESCAPES:
        value = value.replace(raw, escaped)
    return value


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines starting with a space."""
    chunks: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1  # the leading space counts
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)
