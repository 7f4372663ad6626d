"""Corpus tests for `pipeline.extract.percentages`, one new policy-style sentence per line."""

from __future__ import annotations

import pytest

from pipeline.extract.percentages import iter_percentages

CASES_DEV = [
    ("Het marktaandeel is 25%.", [("25%", 25.0)]),
    ("Minimaal 25 % van de zorg is digitaal.", [("25 %", 25.0)]),
    ("Een korting van 25 procent geldt.", [("25 procent", 25.0)]),
    ("De indexatie is 1,99% voor 2026.", [("1,99%", 1.99)]),
    ("De opslag is 0,2% op het tarief.", [("0,2%", 0.2)]),
    ("Een opslag van 0.2% wordt toegekend.", [("0.2%", 0.2)]),
    ("Een score van >75% geeft recht op de bonus.", [("75%", 75.0)]),
    ("De norm daalt met 0,1 procentpunt.", [("0,1 procentpunt", 0.1)]),
    ("De groei is 1 à 2% per jaar.", [("1", 1.0), ("2%", 2.0)]),
    ("Het effect ligt tussen 5 en 10 procent.", [("5", 5.0), ("10 procent", 10.0)]),
    ("Een daling van 5-10% is haalbaar.", [("5", 5.0), ("10%", 10.0)]),
    ("Wij betalen 70% van het zorgkostenplafond.", [("70%", 70.0)]),
    ("Het tariefpercentage is 95,7% en 100%.", [("95,7%", 95.7), ("100%", 100.0)]),
]

NEGATIVE = [
    "De verdeling is 50/50.",
    "Zie https://www.voorbeeld.nl/zoek?q=a%2bb voor de lijst.",
    "Het tariefpercentage wordt later bepaald.",
    "Tweederde van de productie wordt zelf geleverd.",
    "De praktijk heeft 0,3 fte.",
    "Het bedrag is € 2.500.",
]


def _percentages(text: str) -> list[tuple[str, float]]:
    return [(p.text, p.value) for p in iter_percentages(text)]


@pytest.mark.parametrize(("text", "expected"), CASES_DEV, ids=[c[0][:40] for c in CASES_DEV])
def test_percentages_dev(text: str, expected: list) -> None:
    assert _percentages(text) == expected


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_no_percentages(text: str) -> None:
    assert _percentages(text) == []


def test_bounds() -> None:
    (low, high) = iter_percentages("ten minste 30% en maximaal 40%")
    assert (low.bound, high.bound) == ("min", "max")
