"""The deadlines calendar: a valid iCalendar file with one event per planning row."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.calendar import Event, calendar_command, fold, render_calendar
from pipeline.store.parquet import read_table

STAMP = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def ics(raw_run, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, int, int]:
    out, _ = raw_run
    path = tmp_path_factory.mktemp("calendar") / "deadlines.ics"
    count = calendar_command(out, path)
    return path.read_bytes(), count, len(read_table(out, "deadlines"))


def test_calendar_one_event_per_deadline(ics) -> None:
    data, count, deadlines = ics
    assert count == deadlines > 0
    assert data.count(b"BEGIN:VEVENT\r\n") == data.count(b"END:VEVENT\r\n") == deadlines


def test_calendar_is_wrapped_in_vcalendar_with_crlf_lines(ics) -> None:
    data, _, _ = ics
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_calendar_lines_fit_75_octets_and_uids_are_unique(ics) -> None:
    data, _, _ = ics
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    uids = [line for line in lines if line.startswith(b"UID:")]
    assert len(uids) == len(set(uids))
    assert all(line.startswith(b"DTSTART;VALUE=DATE:") for line in lines if line.startswith(b"DTSTART"))


@pytest.mark.parametrize(
    "line",
    ["SUMMARY:" + "é" * 80, "DESCRIPTION:" + "a" * 200, "SUMMARY:kort"],
    ids=["multibyte", "long_ascii", "short"],
)
def test_calendar_fold_keeps_octets_and_text(line: str) -> None:
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line


def test_calendar_escapes_text_values() -> None:
    event = Event("x@y", date(2026, 9, 1), "VGZ msz: offerte; e-mail, VECOZO", "regel 1\nregel 2")
    text = render_calendar([event], STAMP)
    assert "SUMMARY:VGZ msz: offerte\\; e-mail\\, VECOZO\r\n" in text
    assert "DESCRIPTION:regel 1\\nregel 2\r\n" in text
    assert "DTSTART;VALUE=DATE:20260901\r\n" in text


def test_calendar_of_an_empty_run_has_no_events(tmp_path: Path) -> None:
    assert calendar_command(tmp_path / "nothing", tmp_path / "d.ics") == 0
    assert (tmp_path / "d.ics").read_bytes().count(b"VEVENT") == 0
