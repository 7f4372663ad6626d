"""The planning calendar: filters, one event per step, clock times in Europe/Amsterdam, alarms, stable UIDs.

Every file is parsed back with `icalendar`. The fixture run (tests/policy_tables.py)
has a step repeated in two tables and for two provider groups, a step at 17:00, a
preferred date, start, end, an insurer step, a relative step and a past deadline.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from pipeline.deliver import labels
from pipeline.deliver.calendar import Filters, calendar_command
from pipeline.deliver.steps import short_action
from pipeline.deliver.tables import NoTablesError
from pipeline.vocab import CARE_DOMAINS
from tests.policy_tables import DEADLINES, TODAY, VGZ_NEW, write_policy_tables

STAMP = datetime(2026, 4, 15, 8, 0, tzinfo=UTC)
OFFER = "VGZ MSZ 2027 — aanleveren offerte (uiterste datum)"
PREFERRED = "VGZ MSZ 2027 — offerte indienen bij voorkeur (bij voorkeur)"
CZ_OFFER = "CZ MSZ 2027 — offerte in het Zorginkoopportaal zetten (uiterste datum)"
CZ_SIGN = "CZ MSZ 2027 — overeenkomst tekenen (uiterste datum)"
REGISTER = "VGZ MSZ 2027 — aanmelden als nieuwe zorgaanbieder (uiterste datum)"
OLD_OFFER = "VGZ MSZ 2025 — aanleveren offerte (uiterste datum)"


@pytest.fixture(scope="module")
def run_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_policy_tables(tmp_path_factory.mktemp("calendar_run") / "out")


def events_of(path: Path) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(path.read_bytes()).events


def write(run_out: Path, tmp_path: Path, **filters: object) -> list[icalendar.Event]:
    path = tmp_path / "planning.ics"
    count = calendar_command(run_out, path, Filters(**{"first_day": TODAY, **filters}), stamp=STAMP)
    events = events_of(path) if count else []
    assert len(events) == count
    return events


@pytest.mark.parametrize(
    ("filters", "summaries"),
    [
        ({}, [CZ_OFFER, PREFERRED, OFFER, CZ_SIGN]),
        ({"insurer": "cz"}, [CZ_OFFER, CZ_SIGN]),
        ({"insurer": "Menzis"}, []),
        ({"group": "ziekenhuis"}, [CZ_OFFER, PREFERRED, OFFER, CZ_SIGN]),
        ({"group": "ZBC"}, [CZ_OFFER, OFFER, CZ_SIGN]),
        ({"kinds": ("deadline",)}, [CZ_OFFER, OFFER, CZ_SIGN]),
        ({"kinds": ("preferred",)}, [PREFERRED]),
        (
            {"kinds": ("start", "end")},
            [
                "VGZ MSZ 2027 — interesse kenbaar maken (start)",
                "VGZ MSZ 2027 — interesse kenbaar maken (einde)",
            ],
        ),
        ({"actor": "zorgverzekeraar"}, []),
        (
            {"actor": "zorgverzekeraar", "kinds": ("alle",), "first_day": date(2026, 1, 1)},
            ["VGZ MSZ 2027 — publiceren inkoopbeleid (moment)"],
        ),
        ({"first_day": date(2026, 1, 1), "kinds": ("deadline",), "insurer": "VGZ"}, [REGISTER, OFFER]),
        (
            {"first_day": date(2024, 1, 1), "kinds": ("deadline",), "insurer": "VGZ"},
            [OLD_OFFER, REGISTER, OFFER],
        ),
        ({"first_day": date(2026, 9, 17)}, [CZ_SIGN]),
        ({"first_day": date(2027, 1, 1)}, []),
    ],
    ids=[
        "default_provider_hard_and_preferred",
        "insurer",
        "unknown_insurer",
        "group_keeps_all_provider_steps",
        "group_zbc",
        "kind_deadline",
        "kind_preferred",
        "kind_start_end",
        "actor_insurer_default_kinds",
        "actor_insurer_all_kinds",
        "from_date_includes_past",
        "from_earlier_year",
        "from_after_offer",
        "nothing_after_season",
    ],
)
def test_calendar_filters(run_out: Path, tmp_path: Path, filters: dict, summaries: list[str]) -> None:
    events = write(run_out, tmp_path, **filters)
    assert [str(e["SUMMARY"]) for e in events] == summaries
    if not summaries:
        assert not (tmp_path / "planning.ics").exists()


def test_calendar_one_event_for_a_step_stated_in_several_tables_and_groups(
    run_out: Path, tmp_path: Path
) -> None:
    events = write(run_out, tmp_path)
    (offer,) = [e for e in events if str(e["SUMMARY"]) == OFFER]
    description = str(offer["DESCRIPTION"])
    assert "Voor: ziekenhuizen, ZBC's" in description
    assert description.count("Bron (") == 4  # two table rows, the repeating sentence, the ZBC table


def test_calendar_clock_time_in_europe_amsterdam_with_a_vtimezone(run_out: Path, tmp_path: Path) -> None:
    events = write(run_out, tmp_path)
    offer = next(e for e in events if str(e["SUMMARY"]) == OFFER)
    start = offer.decoded("DTSTART")
    assert start == datetime(2026, 9, 16, 17, 0, tzinfo=start.tzinfo)
    assert offer["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert start.utcoffset() == timedelta(hours=2)  # summer time
    data = (tmp_path / "planning.ics").read_bytes()
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam" in data


def test_calendar_step_without_clock_time_is_all_day(run_out: Path, tmp_path: Path) -> None:
    events = write(run_out, tmp_path)
    preferred = next(e for e in events if str(e["SUMMARY"]) == PREFERRED)
    assert preferred.decoded("DTSTART") == date(2026, 9, 1)
    assert preferred.decoded("DTEND") == date(2026, 9, 2)


def test_calendar_alarm_a_week_before_hard_deadlines_only(run_out: Path, tmp_path: Path) -> None:
    events = write(run_out, tmp_path)
    for event in events:
        alarms = list(event.walk("VALARM"))
        if str(event["SUMMARY"]).endswith("(uiterste datum)"):
            (alarm,) = alarms
            assert alarm.decoded("TRIGGER") == -timedelta(days=7)
            assert str(alarm["ACTION"]) == "DISPLAY"
        else:
            assert alarms == []


def test_calendar_preferred_step_says_so(run_out: Path, tmp_path: Path) -> None:
    preferred = next(e for e in write(run_out, tmp_path) if str(e["SUMMARY"]) == PREFERRED)
    assert "Soort: bij voorkeur" in str(preferred["DESCRIPTION"])
    assert labels.calendar_text("preferred_note") in str(preferred["DESCRIPTION"])


def test_calendar_uids_are_unique_and_stable_when_a_date_moves(run_out: Path, tmp_path: Path) -> None:
    first = {str(e["SUMMARY"]): str(e["UID"]) for e in write(run_out, tmp_path, kinds=("alle",))}
    assert len(set(first.values())) == len(first)
    moved = [
        {**row, "date": date(2026, 9, 23)} if row["doc_id"] == VGZ_NEW and row.get("time") == "17:00" else row
        for row in DEADLINES
    ]
    corrected = write_policy_tables(tmp_path / "corrected", deadlines=moved)
    again = write(corrected, tmp_path / "again", kinds=("alle",))
    assert {str(e["SUMMARY"]): str(e["UID"]) for e in again} == first
    assert next(e for e in again if str(e["SUMMARY"]) == OFFER).decoded("DTSTART").day == 23


def test_calendar_same_action_on_two_days_gets_two_uids(run_out: Path, tmp_path: Path) -> None:
    events = write(run_out, tmp_path, kinds=("start", "end"))
    assert len({str(e["UID"]) for e in events}) == 2


def test_calendar_of_a_folder_without_tables_fails_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(NoTablesError):
        calendar_command(tmp_path / "leeg", tmp_path / "planning.ics", Filters(first_day=TODAY))
    assert not (tmp_path / "planning.ics").exists()


def test_calendar_of_a_real_run(raw_run, tmp_path: Path) -> None:
    """raw/ fills only the older columns: steps are kept by their date qualifier, one event per step."""
    out, _ = raw_run
    path = tmp_path / "planning.ics"
    count = calendar_command(out, path, Filters(first_day=date(2000, 1, 1)), stamp=STAMP)
    events = events_of(path)
    assert count == len(events) > 0
    keys = [(e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events]
    assert len(keys) == len(set(keys))


def test_every_care_domain_has_a_short_label() -> None:
    assert {labels.care_domain_short(d) for d in CARE_DOMAINS} and all(
        d in labels.labels()["care_domain_short"] for d in CARE_DOMAINS
    )


@pytest.mark.parametrize(
    ("action", "short"),
    [
        (
            "Aanleveren offerte (inclusief inhoudelijke toelichting), tenzij er andere afspraken zijn",
            "aanleveren offerte",
        ),
        (
            "De vragenlijst, de businesscase en de offerte kunt u indienen",
            "de vragenlijst, de businesscase en de offerte kunt u…",
        ),
        ("Offerte indienen; zie bijlage 2", "offerte indienen"),
        (
            "Fase 1: Publiceren van het zorginkoopbeleid 2025 (CZ groep)",
            "fase 1: Publiceren van het zorginkoopbeleid 2025",
        ),
        ("VECOZO-module openen", "VECOZO-module openen"),
        ("ZBC's informeren, indien nodig", "ZBC's informeren"),
        ("Tekenen", "tekenen"),
        ("", ""),
    ],
    ids=[
        "condition_clause",
        "enumeration_kept",
        "semicolon",
        "parentheses",
        "abbreviation_kept_upper",
        "abbreviation_with_clause",
        "one_word",
        "empty",
    ],
)
def test_short_action(action: str, short: str) -> None:
    assert short_action(action) == short


@pytest.mark.parametrize(
    ("wanted", "groups", "kept"),
    [
        ("ziekenhuis", ("ziekenhuizen",), True),
        ("ZBC", ("nieuwe Zelfstandige Behandelcentra (ZBC's)",), True),
        ("zbc", ("ZBC's", "ziekenhuizen"), True),
        ("ziekenhuis", ("ZBC's",), False),
        ("huisartsen", ("zorggroepen",), False),
        ("ZBC", (), True),
    ],
    ids=[
        "singular_finds_plural",
        "abbreviation_in_name",
        "one_of_two",
        "other_group",
        "unrelated",
        "all_providers",
    ],
)
def test_calendar_group_filter(wanted: str, groups: tuple[str, ...], kept: bool) -> None:
    assert Filters(first_day=TODAY, group=wanted).keeps_group(groups) is kept
