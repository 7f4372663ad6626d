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
from helpers import blank_options, frames, text_document, with_metadata

from pipeline.derive.changes import derive_changes
from pipeline.derive.deadlines import derive_planning
from pipeline.derive.requirements import derive_requirements
from pipeline.extract.dates import extract_dates
from pipeline.extract.obligations import extract_obligations
from pipeline.model import Line, Metadata
from pipeline.nlp.annotate import annotate
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
        ["Het dialysecentrum is HKZ-gecertificeerd;"],
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


def read_with_norms(lines: list[str] | list[Line]) -> pd.DataFrame:
    """The requirement rows of a small document, with the obligation rules run on the blank
    pipeline (a sentence of running text is an item only when it states a norm)."""
    document = segment(with_metadata(text_document(lines, "case.txt", "case"), META))
    document = extract_obligations(extract_dates(annotate(document, blank_options())))
    return frames(derive_requirements(document))["requirements"]


# (case id, heading, lines under it, expected items): what is and is not a checklist item
ITEM_CASES = [
    (
        "bullet",
        "Minimumeisen",
        ["• De zorgaanbieder beschikt over een geldige AGB-code."],
        ["De zorgaanbieder beschikt over een geldige AGB-code."],
    ),
    (
        "bullet_of_two_sentences_is_one_item",
        "Minimumeisen voor ZBC’s",
        ["• Het ZBC heeft een achterwachtregeling. Deze regeling is schriftelijk vastgelegd."],
        ["Het ZBC heeft een achterwachtregeling. Deze regeling is schriftelijk vastgelegd."],
    ),
    (
        "sentence_form_requirement",
        "Minimale kwaliteitseisen",
        ["Wij kopen geen zorg in die niet voldoet aan de minimumnormen van de beroepsgroep."],
        ["Wij kopen geen zorg in die niet voldoet aan de minimumnormen van de beroepsgroep."],
    ),
    (
        "lost_bullets_one_item_per_line",
        "Minimumeisen",
        [
            "De zorgaanbieder voldoet aan de Wtza. Een instelling moet beschikken over een vergunning.",
            "De zorgaanbieder beschikt over een geldige AGB-code.",
        ],
        [
            "De zorgaanbieder voldoet aan de Wtza. Een instelling moet beschikken over een vergunning.",
            "De zorgaanbieder beschikt over een geldige AGB-code.",
        ],
    ),
    (
        "sub_bullets_belong_to_their_item",
        "Minimumeisen",
        [
            "• Er is geen rechterlijke veroordeling uitgesproken inzake:",
            "• Fraude",
            "• Omkoping",
            "• De zorgaanbieder heeft een geldige AGB-code.",
        ],
        [
            "Er is geen rechterlijke veroordeling uitgesproken inzake: Fraude; Omkoping",
            "De zorgaanbieder heeft een geldige AGB-code.",
        ],
    ),
    (
        "lower_case_sub_bullets_belong_to_their_item",
        "Voorwaarden",
        [
            "• De aanvraag is ondertekend door:",
            "• de zorgaanbieder zelf, of",
            "• een gemachtigde van de zorgaanbieder.",
        ],
        ["De aanvraag is ondertekend door: de zorgaanbieder zelf, of; een gemachtigde van de zorgaanbieder."],
    ),
    (
        "lead_in_outside_a_requirement_section",
        "Selectieve inkoop",
        [
            "Bij het selecteren van ziekenhuizen hanteren wij de volgende inkoopcriteria:",
            "• Het ziekenhuis scoort gemiddeld een 7 op Zorgkaart Nederland",
        ],
        ["Het ziekenhuis scoort gemiddeld een 7 op Zorgkaart Nederland"],
    ),
    (
        "exclusion_grounds_after_a_lead_in",
        "Beoordeling",
        [
            "De volgende redenen leiden tot afwijzing van de aanvraag:",
            "• Een negatief eigen vermogen;",
            "• onvolledige inschrijvingen;",
        ],
        ["Een negatief eigen vermogen;", "onvolledige inschrijvingen;"],
    ),
    (
        "printed_twice_is_listed_once",
        "Minimumeisen",
        [
            "• De zorgaanbieder is ingeschreven bij de Kamer van Koophandel.",
            "",
            "Minimumeisen",
            "",
            "• De zorgaanbieder is ingeschreven bij de Kamer van Koophandel.",
        ],
        ["De zorgaanbieder is ingeschreven bij de Kamer van Koophandel."],
    ),
    (
        "intro_sentence_is_no_item",
        "Minimumeisen",
        ["De zorgaanbieder voldoet aan de volgende eisen:", "• De zorgaanbieder is ingeschreven bij de KvK."],
        ["De zorgaanbieder is ingeschreven bij de KvK."],
    ),
    (
        "heading_is_no_item",
        "2 Minimumeisen",
        ["2.1 Algemeen", "", "• De zorgaanbieder is ingeschreven bij de KvK."],
        ["De zorgaanbieder is ingeschreven bij de KvK."],
    ),
    ("slogan_is_no_item", "Minimumeisen", ["Voor iedereen."], []),
    (
        "vision_is_no_item",
        "Kwaliteitseisen",
        ["Wij vinden de kwaliteit van medisch-specialistische zorg heel belangrijk."],
        [],
    ),
    (
        "insurer_commitment_is_no_item",
        "Voorwaarden voor een contract",
        ["Wij publiceren de lijst met gecontracteerde zorgaanbieders op onze website."],
        [],
    ),
    (
        "pointer_is_no_item",
        "Voorwaarden voor een contract",
        ["Deze voorwaarden vindt u in bijlage 2 van dit document."],
        [],
    ),
    (
        "umbrella_statement_is_no_item",
        "Minimumeisen",
        ["Zorgaanbieders moeten aantoonbaar voldoen aan bepaalde minimumeisen."],
        [],
    ),
    (
        "permission_is_no_item",
        "Voorwaarden per prestatie",
        ["Gecontracteerde zorgaanbieders kunnen in VECOZO aanvullende prestaties aanvragen."],
        [],
    ),
    ("question_is_no_item", "Minimumeisen", ["• Wat kan de cliënt nog zelf?"], []),
    (
        "lead_in_without_conditions_is_no_list",
        "Samenwerking",
        ["Met deze middelen maken we afspraken over:", "• Het versterken van de regionale samenwerking."],
        [],
    ),
    (
        "change_list_is_no_checklist",
        "Belangrijkste wijzigingen",
        ["• De zorgaanbieder voldoet aan de nieuwe minimumeisen voor de ZBC."],
        [],
    ),
]


@pytest.mark.parametrize("heading,rows,items", [c[1:] for c in ITEM_CASES], ids=[c[0] for c in ITEM_CASES])
def test_tables_requirement_checklist_items(heading, rows, items) -> None:
    assert (
        list(read_with_norms(page(heading, *rows, intro="Dit hoofdstuk gaat over de zorginkoop."))["text"])
        == items
    )


# (case id, heading, item, expected provider kind): from the title, the item, in the list's own words
KIND_CASES = [
    (
        "zbc_from_title",
        "Minimumeisen voor ZBC’s",
        "• Er is een achterwachtregeling met een ziekenhuis.",
        "ZBC",
    ),
    (
        "edc_from_title",
        "Minimum- en kwaliteitseisen – Eerstelijns diagnostische centra (EDC’s)",
        "• Het centrum neemt deel aan externe kwaliteitscontroles.",
        "EDC",
    ),
    (
        "status_from_title",
        "Voorwaarden voor nieuwe zorgaanbieders",
        "• De zorgaanbieder levert een ondernemingsplan aan.",
        "nieuwe zorgaanbieder",
    ),
    (
        "kind_before_status",
        "Aanvullende criteria nieuwe Zelfstandige Behandelcentra",
        "• De nieuwe ZBC levert doelmatige zorg.",
        "ZBC",
    ),
    (
        "hospital_from_the_item",
        "Minimumeisen",
        "• Het is een voorwaarde dat het ziekenhuis deelneemt aan de kwaliteitsregistraties.",
        "ziekenhuis",
    ),
    (
        "gli_from_title",
        "Voorwaarden overeenkomst GLI",
        "• De aanbieder werkt met een erkend leefstijlprogramma.",
        "GLI-aanbieder",
    ),
    (
        "none_for_all_providers",
        "Minimumeisen voor alle zorgaanbieders",
        "• De zorgaanbieder beschikt over een geldige AGB-code.",
        None,
    ),
]


@pytest.mark.parametrize("heading,item,kind", [c[1:] for c in KIND_CASES], ids=[c[0] for c in KIND_CASES])
def test_tables_requirement_provider_kind(heading, item, kind) -> None:
    rows = read_with_norms(page(heading, item))
    assert [None if pd.isna(k) else k for k in rows["provider_kind"]] == [kind]


def test_tables_requirement_kind_in_the_lists_own_words() -> None:
    rows = read_with_norms(
        page(
            "Kwaliteitseisen medisch-specialistische revalidatiezorg",
            "• De medisch-specialistische revalidatie-instelling werkt volgens de landelijke richtlijnen.",
            "• De instelling heeft een multidisciplinair team onder leiding van een revalidatiearts.",
        )
    )
    assert list(rows["provider_kind"]) == ["medisch-specialistische revalidatie-instelling"] * 2


def test_tables_requirement_table_rows_without_header_or_group_row() -> None:
    rows = read_with_norms(
        page(
            "Overzicht aan te leveren documenten voor nieuwe zorgaanbieders",
            "Document\tToelichting\tMeesturen",
            "Uittreksel KvK\tNiet ouder dan 6 maanden.\tX",
            "Polis aansprakelijkheid\tDe verzekering dekt minimaal € 2.500.000,- per gebeurtenis.\tX",
        )
    )
    assert list(rows["text"]) == [
        "Uittreksel KvK Niet ouder dan 6 maanden. X",
        "Polis aansprakelijkheid De verzekering dekt minimaal € 2.500.000,- per gebeurtenis. X",
    ]
    assert set(rows["provider_kind"]) == {"nieuwe zorgaanbieder"}


def test_tables_requirement_page_and_section_title() -> None:
    lines = [
        Line("Inkoopbeleid medisch-specialistische zorg 2027", page=1, kind="heading", heading_level=1),
        Line("Minimumeisen voor ZBC’s", page=3, kind="heading", heading_level=2),
        Line("Het ZBC beschikt over een gecertificeerd kwaliteitssysteem.", page=3, kind="list_item"),
    ]
    row = read_with_norms(lines).iloc[0]
    assert (row["page"], row["section_title"], row["provider_kind"]) == (3, "Minimumeisen voor ZBC’s", "ZBC")


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
