"""Corpus tests for `pipeline.extract.amounts`, one new policy-style sentence per line."""

from __future__ import annotations

import pytest

from pipeline.extract.amounts import iter_amounts, parse_dutch_number

CASES_DEV = [
    ("Het drempelbedrag is € 100.000 per jaar.", [("€ 100.000", 100000.0)]),
    ("De omzetgrens stijgt naar € 250.000,- in 2026.", [("€ 250.000,-", 250000.0)]),
    ("Een verzekering van € 250.000,-- is verplicht.", [("€ 250.000,--", 250000.0)]),
    ("Het budget bedraagt EUR 50.000 voor de regio.", [("EUR 50.000", 50000.0)]),
    ("Wij investeren ca. Euro 1.100.000,- in de regio.", [("Euro 1.100.000,-", 1100000.0)]),
    ("De zorgkosten stijgen met 1,9 miljard euro.", [("1,9 miljard euro", 1.9e9)]),
    ("Voor innovatie is € 2,5 mln beschikbaar.", [("€ 2,5 mln", 2.5e6)]),
    ("De besparing is € 24,4 miljoen per jaar.", [("€ 24,4 miljoen", 24.4e6)]),
    ("Het tarief is € 12,50 per consult.", [("€ 12,50", 12.5)]),
    ("De vergoeding is €2500 per traject.", [("€2500", 2500.0)]),
    ("Vul een omzet van € 1,- in op het formulier.", [("€ 1,-", 1.0)]),
    ("De bijdrage ligt tussen (€ 2500 - €5000) per praktijk.", [("€ 2500", 2500.0), ("€5000", 5000.0)]),
    ("Wij reserveren een bedrag van 35 miljoen voor de transitie.", [("35 miljoen", 35e6)]),
    ("Het plafond ging van € 225.000 naar € 260.000.", [("€ 225.000", 225000.0), ("€ 260.000", 260000.0)]),
    ("De regeling kost € 6,325 miljoen.", [("€ 6,325 miljoen", 6325000.0)]),
    ("Een maximum van € 3.350 per cliënt.", [("€ 3.350", 3350.0)]),
    ("In totaal 500 euro per deelnemer.", [("500 euro", 500.0)]),
]

NEGATIVE = [
    "De praktijk heeft 1,3 fte en 0,3 fte ondersteuning.",
    "Wij zien 2100 patiënten per jaar.",
    "De rijtijd is maximaal 30 minuten.",
    "Het rapportcijfer is 7 en er zijn 25 regio's.",
    "Het marktaandeel is 25%.",
    "In 2026 contracteren wij opnieuw.",
    "Nederland telt 18 miljoen inwoners.",
    "Zie artikel 7.3 en paragraaf 2.2.1.",
    "Europese regelgeving is leidend.",
]

XFAIL = [
    # Spelled-out sums are not read.
    pytest.param("Het budget is tweehonderd euro.", [("tweehonderd euro", 200.0)], id="number-word"),
]


def _amounts(text: str) -> list[tuple[str, float]]:
    return [(a.text, a.value) for a in iter_amounts(text)]


@pytest.mark.parametrize(("text", "expected"), CASES_DEV, ids=[c[0][:40] for c in CASES_DEV])
def test_amounts_dev(text: str, expected: list) -> None:
    assert _amounts(text) == expected


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_no_amounts(text: str) -> None:
    assert _amounts(text) == []


@pytest.mark.xfail(strict=True)
@pytest.mark.parametrize(("text", "expected"), XFAIL)
def test_amounts_known_gaps(text: str, expected: list) -> None:
    assert _amounts(text) == expected


def test_per_unit_and_bounds() -> None:
    (low, high) = iter_amounts("Minimaal € 500 en ten hoogste € 1.000 per consult.")
    assert (low.bound, high.bound, high.per_unit) == ("min", "max", "per consult")
    assert low.currency == "EUR"


@pytest.mark.parametrize(("number", "value"), [("3.350", 3350.0), ("2,5", 2.5), ("1.100.000,75", 1100000.75)])
def test_dutch_separators(number: str, value: float) -> None:
    assert parse_dutch_number(number) == value
