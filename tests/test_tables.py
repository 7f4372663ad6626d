"""Reading plannings, requirement lists and change lists in the layouts of text exports.

Cases are short synthetic documents written in the layouts seen in policies: a
heading, an optional intro line and a few rows (tab-separated planning rows,
bullets under a requirement heading, `Oud: ... Nieuw: ...` change rows, `van X naar
Y` sentences). They are segmented by the real reader and segmenter; dates come
from the real date extractor, and no NLP model runs (obligations stay empty).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from helpers import frames, text_document, with_metadata

from pipeline.derive.changes import derive_changes
from pipeline.derive.deadlines import derive_planning
from pipeline.derive.requirements import derive_requirements
from pipeline.extract.dates import extract_dates
from pipeline.model import Metadata
from pipeline.structure import segment

POLICY_YEAR = 2027
META = Metadata("VGZ", "medisch-specialistische zorg", POLICY_YEAR, POLICY_YEAR, "Inkoopbeleid 2027", None)


def read(lines: list[str]) -> dict[str, pd.DataFrame]:
    """The derived tables of a small text document (no NLP: obligations stay empty)."""
    document = segment(with_metadata(text_document(lines, "case.txt", "case"), META))
    document = extract_dates(document)
    for stage in (derive_planning, derive_requirements, derive_changes):
        document = stage(document)
    return frames(document)


def page(heading: str, *rows: str, intro: str = "Hieronder staat het overzicht.") -> list[str]:
    return ["Inkoopbeleid medisch-specialistische zorg 2027", "", heading, "", intro, "", *rows, ""]


# (case id, lines, expected date, expected actor, expected action, expected channel)
DEADLINE_CASES = [
    (
        "tab_row_date_actor_action_channel",
        page(
            "Planning voor ziekenhuizen",
            "Datum\tWie\tActie\tVia",
            "Uiterlijk 1 september 2026\tZorgaanbieder\tIndienen offerte\tVECOZO Zorginkoopportaal",
        ),
        date(2026, 9, 1),
        "zorgaanbieder",
        "Indienen offerte",
        "VECOZO",
    ),
    (
        "tab_row_insurer_by_name",
        page(
            "Tijdpad",
            "Datum\tWie\tActie\tVia",
            "Uiterlijk 12 juni 2026\tVGZ\tToelichten inkoopbeleid 2027\tMondeling of via e-mail",
        ),
        date(2026, 6, 12),
        "zorgverzekeraar",
        "Toelichten inkoopbeleid 2027",
        "e-mail, mondeling",
    ),
    (
        "two_column_date_led_table",
        page(
            "Planning",
            "Uiterste datum\tInkoopactiviteit",
            "1 april 2026\tPublicatie zorginkoopbeleid op de website",
        ),
        date(2026, 4, 1),
        "zorgverzekeraar",  # a passive insurer step
        "Publicatie zorginkoopbeleid op de website",
        "website",
    ),
    (
        "date_line_then_time_and_action_line",
        page(
            "Processtappen nieuwe zorggroepen",
            "2026 Datum Proces",
            "",
            "Uiterlijk 1 juli 2026 Publicatie aanvullend beleid op de website",
            "Uiterlijk 31 december 2026 ",
            "12.00 uur Ondertekenen overeenkomst in VECOZO",
            "",
            "2027",
        ),
        date(2026, 12, 31),
        "zorgaanbieder",
        "Ondertekenen overeenkomst in VECOZO",
        "VECOZO",
    ),
    (
        "sentence_in_process_section",
        page("Inkoopproces", intro="Wij publiceren de overeenkomsten uiterlijk 1 november 2026 in VECOZO."),
        date(2026, 11, 1),
        "zorgverzekeraar",
        "Wij publiceren de overeenkomsten in VECOZO",
        "VECOZO",
    ),
]


@pytest.mark.parametrize(
    "lines,day,actor,action,channel", [c[1:] for c in DEADLINE_CASES], ids=[c[0] for c in DEADLINE_CASES]
)
def test_tables_planning_row(lines, day, actor, action, channel) -> None:
    rows = read(lines)["deadlines"]
    row = rows[rows["date"] == day].iloc[0]
    assert (row["actor"] if pd.notna(row["actor"]) else None) == actor
    assert row["action"] == action
    assert (row["channel"] if pd.notna(row["channel"]) else None) == channel


@pytest.mark.parametrize(
    "lines,time",
    [
        (DEADLINE_CASES[3][1], "12:00"),
        (page("Planning", "Datum\tActie", "1 juni 2026, 17.00 uur\tIndienen offerte"), "17:00"),
    ],
    ids=["clock_on_the_action_line", "clock_in_the_date_cell"],
)
def test_tables_planning_time(lines, time) -> None:
    assert time in set(read(lines)["deadlines"]["time"])


NOT_PLANNING = [
    ("date_outside_planning", page("Kwaliteit", intro="Vanaf 1 januari 2027 gelden nieuwe normen.")),
]


@pytest.mark.parametrize("lines", [c[1] for c in NOT_PLANNING], ids=[c[0] for c in NOT_PLANNING])
def test_tables_no_planning_row_outside_plannings(lines) -> None:
    assert read(lines)["deadlines"].empty


# (case id, lines, expected requirement texts, expected provider kind)
REQUIREMENT_CASES = [
    (
        "bullets_under_minimumeisen",
        page(
            "Minimumeisen voor alle zorgaanbieders",
            "• De zorgaanbieder beschikt over een AGB-code.",
            "• De zorgaanbieder voldoet aan de Wtza.",
        ),
        ["De zorgaanbieder beschikt over een AGB-code.", "De zorgaanbieder voldoet aan de Wtza."],
        None,
    ),
    (
        "provider_kind_from_title",
        page(
            "Minimum- en kwaliteitseisen – Zelfstandige behandelcentra (ZBC’s)",
            "• Er is een achterwachtregeling met een ziekenhuis.",
        ),
        ["Er is een achterwachtregeling met een ziekenhuis."],
        "ZBC",
    ),
    (
        "provider_kind_from_subject",
        page("Aanvullende criteria", "- Het dialysecentrum is HKZ-gecertificeerd;"),
        ["Het dialysecentrum is HKZ-gecertificeerd"],
        "dialysecentrum",
    ),
    (
        "explanation_is_not_a_list",
        page("Toelichting op onze criteria", "• Wij lichten hier onze keuzes toe."),
        [],
        None,
    ),
]


@pytest.mark.parametrize(
    "lines,texts,kind", [c[1:] for c in REQUIREMENT_CASES], ids=[c[0] for c in REQUIREMENT_CASES]
)
def test_tables_requirement_items(lines, texts, kind) -> None:
    rows = read(lines)["requirements"]
    assert list(rows["text"]) == texts
    if texts:
        assert {None if pd.isna(k) else k for k in rows["provider_kind"]} == {kind}


# (case id, lines, expected topic, old text, new text, year_from, year_to)
CHANGE_CASES = [
    (
        "oud_nieuw_on_one_line",
        page(
            "Wijzigingen ten opzichte van vorig jaar",
            "Aanmelding nieuwe ZBC’s Oud: uiterlijk 1 juli Nieuw: uiterlijk 1 juni",
        ),
        "Aanmelding nieuwe ZBC’s",
        "uiterlijk 1 juli",
        "uiterlijk 1 juni",
        2026,
        2027,
    ),
    (
        "oud_and_nieuw_lines",
        page(
            "Belangrijkste wijzigingen",
            "Toelichten inkoopbeleid Oud: uiterlijk 1 juni",
            "Nieuw: uiterlijk 15 juni",
        ),
        "Toelichten inkoopbeleid",
        "uiterlijk 1 juni",
        "uiterlijk 15 juni",
        2026,
        2027,
    ),
    (
        "van_naar_amount",
        page(
            "Wat is er gewijzigd?",
            "• Het bedrag voor nieuwe ZBC's is aangepast van € 225.000 naar € 250.000.",
        ),
        "Het bedrag voor nieuwe ZBC's is aangepast van € 225.000 naar € 250.000.",
        "€ 225.000",
        "€ 250.000",
        2026,
        2027,
    ),
    (
        "change_table_with_years_in_header",
        page(
            "Overzicht wijzigingen",
            "Onderwerp\tBeleid 2026\tBeleid 2027",
            "Standaardovereenkomst\tGepubliceerd in VECOZO\tOp te vragen bij uw zorginkoper",
        ),
        "Standaardovereenkomst",
        "Gepubliceerd in VECOZO",
        "Op te vragen bij uw zorginkoper",
        2026,
        2027,
    ),
    (
        "years_from_title",
        page(
            "Wijzigingen inkoopbeleid 2023 t.o.v. inkoopbeleid 2022",
            "• De deadline is verschoven van 1 juni naar 15 juni.",
        ),
        "De deadline is verschoven van 1 juni naar 15 juni.",
        "1 juni",
        "15 juni",
        2022,
        2023,
    ),
    (
        "dit_was_follows_the_item",
        page(
            "Wat zijn de wijzigingen per 2027?",
            "• De minimale zorgomzet is € 100.000.",
            "• Dit was € 50.000.",
        ),
        "De minimale zorgomzet is € 100.000.",
        "€ 50.000",
        "De minimale zorgomzet is € 100.000.",
        2026,
        2027,
    ),
]


@pytest.mark.parametrize(
    "lines,topic,old,new,year_from,year_to", [c[1:] for c in CHANGE_CASES], ids=[c[0] for c in CHANGE_CASES]
)
def test_tables_change_rows(lines, topic, old, new, year_from, year_to) -> None:
    rows = read(lines)["changes"]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row["topic"], row["old_text"], row["new_text"]) == (topic, old, new)
    assert (row["year_from"], row["year_to"]) == (year_from, year_to)


@pytest.mark.parametrize(
    "lines",
    [page("Wijzigingen/aanvullingen op het inkoopbeleid", "• We kunnen het beleid tussentijds aanpassen.")],
    ids=["amendment_notice_is_not_a_change_list"],
)
def test_tables_no_change_rows(lines) -> None:
    assert read(lines)["changes"].empty
