"""Corpus tests for `pipeline.extract.dates`: one Dutch sentence per line, written new in the
style of zorginkoopbeleid (not copied from the seed documents).

Expected records are (surface text, ISO value or None when the year is left open, qualifier).
"""

from __future__ import annotations

import datetime

import pytest

from pipeline.extract.dates import iter_dates, resolve_dates
from pipeline.model import Sentence


def _iso(value: datetime.date | None, granularity: str) -> str | None:
    if value is None:
        return None
    if granularity == "month":
        return f"{value:%Y-%m}"
    if granularity == "quarter":
        return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
    return value.isoformat()


def _dates(text: str) -> list[tuple[str, str | None, str]]:
    return [(m.text, _iso(m.value, m.granularity), m.qualifier) for m in iter_dates(text)]


CASES_DEV = [
    ("Offertes ontvangen wij uiterlijk 12 juni 2026.", [("12 juni 2026", "2026-06-12", "deadline")]),
    ("De overeenkomst gaat in per 1 januari 2028.", [("1 januari 2028", "2028-01-01", "start")]),
    ("Wij publiceren de lijst op 1 april.", [("1 april", None, "mention")]),
    ("Laatste update 28-3-2024 van dit document.", [("28-3-2024", "2024-03-28", "mention")]),
    ("Aanmelden kan vóór 01-04-2026 via het portaal.", [("01-04-2026", "2026-04-01", "deadline")]),
    ("Bekendmaking van de planning 1-6-2023.", [("1-6-2023", "2023-06-01", "mention")]),
    ("De brief is verstuurd op 1 apr. 2026.", [("1 apr. 2026", "2026-04-01", "mention")]),
    ("Het webinar is op vrijdag 28 april 2023.", [("28 april 2023", "2023-04-28", "mention")]),
    ("Zie de circulaire van september 2021.", [("september 2021", "2021-09", "mention")]),
    ("Uiterlijk in november sturen wij de uitnodiging.", [("november", None, "deadline")]),
    ("De evaluatie volgt in Q3 2026.", [("Q3 2026", "2026-Q3", "mention")]),
    (
        "Vanaf het tweede kwartaal van 2025 geldt de nieuwe werkwijze.",
        [("tweede kwartaal van 2025", "2025-Q2", "start")],
    ),
    ("Publicatiedatum 2022-11 volgens het register.", [("2022-11", "2022-11", "mention")]),
    (
        "Aanvragen kan van 2 maart 2026 t/m 30 april 2026.",
        [("2 maart 2026", "2026-03-02", "start"), ("30 april 2026", "2026-04-30", "end")],
    ),
    (
        "Het verzoek moet binnen zijn tussen 1 juli en 1 oktober 2027.",
        [("1 juli", None, "start"), ("1 oktober 2027", "2027-10-01", "end")],
    ),
    (
        "Vanaf 10 november 2025 tot minimaal 28 februari 2026 tonen wij de lijst.",
        [("10 november 2025", "2025-11-10", "start"), ("28 februari 2026", "2026-02-28", "end")],
    ),
    (
        "De periode loopt 1 september 2024– 31 december 2024.",
        [("1 september 2024", "2024-09-01", "start"), ("31 december 2024", "2024-12-31", "end")],
    ),
    ("Stuur uw vragen tot en met 20 mei 12:00 naar de inkoper.", [("20 mei", None, "deadline")]),
    ("Deze afspraak loopt tot en met 31 december 2025.", [("31 december 2025", "2025-12-31", "end")]),
    ("Dit document is bijgewerkt tot en met 3 maart 2024.", [("3 maart 2024", "2024-03-03", "end")]),
    ("U kunt bezwaar maken tot uiterlijk 9 juli 2025.", [("9 juli 2025", "2025-07-09", "deadline")]),
    (
        "Na 30 september 2025 nemen wij geen aanvragen meer aan.",
        [("30 september 2025", "2025-09-30", "mention")],
    ),
    ("Dit wordt gehanteerd met ingang van 1 juli 2025.", [("1 juli 2025", "2025-07-01", "start")]),
    (
        "Voor de tweede tranche geldt 1 juli 2028 als uiterste ingangsdatum.",
        [("1 juli 2028", "2028-07-01", "deadline")],
    ),
    (
        "Bij voorkeur voor 2 oktober 2026, maar uiterlijk 14 oktober 2026.",
        [("2 oktober 2026", "2026-10-02", "deadline"), ("14 oktober 2026", "2026-10-14", "deadline")],
    ),
    (
        "De datum is verplaatst van 1 mei naar 1 juli.",
        [("1 mei", None, "mention"), ("1 juli", None, "mention")],
    ),
    ("Wij beslissen tegen de deadline van 5 december 2025.", [("5 december 2025", "2025-12-05", "deadline")]),
    ("In maart en april voeren wij gesprekken.", [("maart", None, "mention"), ("april", None, "mention")]),
    ("De inschrijving sluit op 15 juni 2026 om 17.00 uur.", [("15 juni 2026", "2026-06-15", "mention")]),
    ("Gerekend vanaf 1 maart 2026 hebt u zes weken.", [("1 maart 2026", "2026-03-01", "start")]),
    ("Ondertekenen kan ingaande 1 februari 2026.", [("1 februari 2026", "2026-02-01", "start")]),
    (
        "1 november 2025 Deadline voor het indienen van de offerte",
        [("1 november 2025", "2025-11-01", "deadline")],
    ),
    (
        "Het contract met einddatum 31 december 2026 wordt niet verlengd.",
        [("31 december 2026", "2026-12-31", "mention")],
    ),
    ("Wij versturen de resultaten uiterlijk 15 sept. 2025.", [("15 sept. 2025", "2025-09-15", "deadline")]),
    ("Vanaf februari 2027 geldt de regeling.", [("februari 2027", "2027-02", "start")]),
]

CASES_BUGS_CAUGHT = [
    (
        "Lever de stukken aan uiterlijk 1 juni en 1 juli 2026.",
        [("1 juni", None, "deadline"), ("1 juli 2026", "2026-07-01", "deadline")],
    ),
    ("Wij lichten toe **uiterlijk 3 juni 2026** per e-mail.", [("3 juni 2026", "2026-06-03", "deadline")]),
    (
        "Oud: uiterlijk in september 2025 3 november 2025",
        [("september 2025", "2025-09", "deadline"), ("3 november 2025", "2025-11-03", "deadline")],
    ),
]

NEGATIVE = [
    "In 2026 kopen wij opnieuw in.",
    "Inkoopbeleid Wijkverpleging 2027",
    "De afspraken voor 2024-2026 blijven gelden.",
    "Zie paragraaf 2.2.1 en artikel 7.3 van de overeenkomst.",
    "De huisartsenpost is 24/7 bereikbaar.",
    "De praktijk heeft 0,3 fte ondersteuning.",
    "Wij reageren binnen 6 weken na ontvangst.",
    "Eind 2025 evalueren wij de afspraken.",
    "Begin 2024 start de pilot.",
    "In het najaar volgt een evaluatie.",
    "Bel ons op 071 582 5441 voor vragen.",
    "De verdeling is 50/50 tussen beide partijen.",
    "De uitbetaling vindt plaats op de eerste werkdag van de maand.",
    "Wij beantwoorden uw vragen uiterlijk medio juli.",
    "Dit geldt uiterlijk in 2025.",
    "De kosten stijgen met 4 procent per jaar.",
    "Bekijk https://www.voorbeeld.nl/nieuws/2022/09/21/planning voor meer informatie.",
    "Het overleg is tussen 9.00 en 12.00 uur.",
    "De Voorjaarsnota verschijnt binnenkort.",
    "Wij zijn er elk kwartaal voor u.",
]

XFAIL = [
    # Ordinal day words are not read yet.
    pytest.param(
        "Uiterlijk de eerste mei leveren wij de lijst.",
        [("eerste mei", None, "deadline")],
        id="ordinal-day-word",
    ),
    # A two-digit year is not read: it collides too often with numbering.
    pytest.param(
        "De brief van 1-6-23 is vervallen.", [("1-6-23", "2023-06-01", "mention")], id="two-digit-year"
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES_DEV, ids=[c[0][:40] for c in CASES_DEV])
def test_dates_dev(text: str, expected: list) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_BUGS_CAUGHT, ids=[c[0][:40] for c in CASES_BUGS_CAUGHT])
def test_dates_bugs_caught(text: str, expected: list) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_no_dates(text: str) -> None:
    assert _dates(text) == []


@pytest.mark.xfail(strict=True)
@pytest.mark.parametrize(("text", "expected"), XFAIL)
def test_dates_known_gaps(text: str, expected: list) -> None:
    assert _dates(text) == expected


def test_clock_time_goes_to_time_field() -> None:
    (mention,) = iter_dates("Inschrijven kan tot 3 juni 2026 vóór 17.00 uur.")
    assert (mention.text, mention.time) == ("3 juni 2026", "17:00")


def test_range_roles() -> None:
    first, second = iter_dates("van 1 april 2026 t/m 29 mei 2026")
    assert (first.range_role, second.range_role) == ("start", "end")


def _sentence(
    sid: str, text: str, section: str = "s1", kind: str = "body", cells: list[str] | None = None
) -> Sentence:
    return Sentence(
        sentence_id=sid,
        section_id=section,
        text=text,
        start=0,
        end=len(text),
        kind=kind,  # type: ignore[arg-type]
        cells=cells,
    )


def _resolved(
    sentences: list[Sentence], year: int, year_end: int | None = None
) -> list[tuple[str, str, str]]:
    return [
        (m.sentence_id or "", _iso(m.value, m.granularity) or "", m.qualifier)
        for m in resolve_dates("d", sentences, year, year_end)
    ]


def test_year_from_contracting_round() -> None:
    assert _resolved([_sentence("a", "Offertes ontvangen wij uiterlijk 1 september.")], 2027) == [
        ("a", "2026-09-01", "deadline")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Offertes ontvangen wij uiterlijk 1 september.", "2026-09-01"),
        ("Wij publiceren het beleid uiterlijk 1 april.", "2026-04-01"),  # the round opens
        ("U kunt uiterlijk 1 februari uw aanvraag indienen.", "2027-02-01"),  # before it opens
        ("Wij reageren uiterlijk 15 maart op uw aanvraag.", "2027-03-15"),
        ("Wij reageren uiterlijk 31 december.", "2026-12-31"),
    ],
)
def test_year_of_the_contracting_round(text: str, expected: str) -> None:
    """A yearless date with no year in context: the round from publication (by 1 April of the
    year before the contract year) on, so January to March belong to the contract year."""
    assert [r[1] for r in _resolved([_sentence("a", text)], 2027)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oud: uiterlijk 1 juni Nieuw: uiterlijk 15 juni", ["2025-06-01", "2026-06-15"]),
        (
            "Aanmelding nieuwe aanbieders Oud: uiterlijk 1 juli Nieuw: uiterlijk 1 juni",
            ["2025-07-01", "2026-06-01"],
        ),
        (
            "De offerte was voorheen uiterlijk 1 mei in te dienen, nu uiterlijk 1 juni.",
            ["2025-05-01", "2026-06-01"],
        ),
        ("Oude afspraken lopen door tot 1 juli.", ["2026-07-01"]),  # `oude` is no label
        ("Oud: uiterlijk 1 juni 2026", ["2026-06-01"]),  # a stated year stays
    ],
)
def test_year_of_an_old_value(text: str, expected: list[str]) -> None:
    """The old value of a change (`Oud:`, `voorheen`) is last round's date."""
    assert [r[1] for r in _resolved([_sentence("a", text)], 2027)] == expected


def test_year_from_range_partner() -> None:
    assert _resolved([_sentence("a", "Aanvragen van 1 juli t/m 1 oktober 2028.")], 2027)[0] == (
        "a",
        "2028-07-01",
        "start",
    )


def test_year_from_leading_year_frame() -> None:
    assert _resolved([_sentence("a", "In 2025 was dit mogelijk vanaf 3 maart.")], 2027) == [
        ("a", "2025-03-03", "start")
    ]


def test_year_from_previous_sentence_of_section() -> None:
    sentences = [
        _sentence("a", "In april 2024 publiceren wij de cijfers."),
        _sentence("b", "Daarna volgen gesprekken in mei en juni."),
    ]
    assert [r[1] for r in _resolved(sentences, 2026)] == ["2024-04", "2024-05", "2024-06"]


def test_recurring_date_in_multi_year_policy() -> None:
    sentences = [
        _sentence("a", "Wij stellen de afspraak vast uiterlijk 15 oktober van het betreffende jaar.")
    ]
    assert _resolved(sentences, 2024, 2026) == [("a", "2024-10-15", "deadline")]
    assert _resolved(sentences, 2025) == [("a", "2024-10-15", "deadline")]


def test_column_header_makes_deadlines() -> None:
    rows = [
        _sentence(
            "h", "Uiterste datum | Activiteit", kind="table_row", cells=["Uiterste datum", "Activiteit"]
        ),
        _sentence("r1", "2 mei 2025 | Publicatie", kind="table_row", cells=["2 mei 2025", "Publicatie"]),
        _sentence(
            "r2",
            "Oktober 2025 | Start gesprekken",
            kind="table_row",
            cells=["Oktober 2025", "Start gesprekken"],
        ),
    ]
    assert _resolved(rows, 2026) == [("r1", "2025-05-02", "deadline"), ("r2", "2025-10", "deadline")]


def test_table_rows_share_a_year() -> None:
    rows = [
        _sentence("h", "Datum | Stap", kind="table_row", cells=["Datum", "Stap"]),
        _sentence(
            "r1",
            "Uiterlijk 1 mei 2030 | Offerte",
            kind="table_row",
            cells=["Uiterlijk 1 mei 2030", "Offerte"],
        ),
        _sentence(
            "r2", "Uiterlijk 1 juni | Akkoord", kind="table_row", cells=["Uiterlijk 1 juni", "Akkoord"]
        ),
    ]
    assert _resolved(rows, 2026)[-1] == ("r2", "2030-06-01", "deadline")


def test_sentence_ids_are_set_and_years_left_open_without_policy_year() -> None:
    (mention,) = resolve_dates("d", [_sentence("z", "op 1 april")], None)
    assert mention.sentence_id == "z" and mention.value is None
