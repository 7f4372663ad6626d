"""Corpus tests for `pipeline.extract.relative`, one new policy-style sentence per line."""

from __future__ import annotations

import pytest

from pipeline.extract.relative import iter_relative_deadlines

CASES_DEV = [
    (
        "Wij reageren uiterlijk 6 weken na ontvangst van de offerte.",
        [(6, "week", "after", "ontvangst van de offerte")],
    ),
    ("U ontvangt binnen 4 weken bericht.", [(4, "week", "within", None)]),
    (
        "U krijgt binnen twee weken nadat u uw vraag heeft gesteld antwoord.",
        [(2, "week", "after", "u uw vraag heeft gesteld")],
    ),
    ("Wij betalen binnen 10 werkdagen uit.", [(10, "werkdag", "within", None)]),
    ("Binnen een maand geeft de inkoper uitsluitsel.", [(1, "maand", "within", None)]),
    (
        "Meld dit uiterlijk vijf werkdagen voor de start van de zorg.",
        [(5, "werkdag", "before", "de start van de zorg")],
    ),
    ("De zorgverlener is binnen 30 minuten ter plaatse.", [(30, "minuut", "within", None)]),
    ("Binnen twaalf maanden na de start, evalueren wij.", [(12, "maand", "after", "de start")]),
    ("U hebt 14 dagen na dagtekening om te reageren.", [(14, "dag", "after", "dagtekening")]),
]

NEGATIVE = [
    "De overeenkomst duurt 3 jaar.",
    "De behandeling duurt 30 minuten.",
    "Wij reageren uiterlijk 1 juni 2026.",
    "Twee weken is kort.",
]

XFAIL = [
    # Without a parser the anchor runs on into the inverted main clause.
    pytest.param(
        "Binnen twaalf maanden na de start evalueren wij.",
        [(12, "maand", "after", "de start")],
        id="anchor-before-inverted-verb",
    ),
]


def _relative(text: str) -> list[tuple]:
    return [(r.number, r.unit, r.direction, r.anchor) for r in iter_relative_deadlines(text)]


@pytest.mark.parametrize(("text", "expected"), CASES_DEV, ids=[c[0][:40] for c in CASES_DEV])
def test_relative_dev(text: str, expected: list) -> None:
    assert _relative(text) == expected


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_no_relative(text: str) -> None:
    assert _relative(text) == []


@pytest.mark.xfail(strict=True)
@pytest.mark.parametrize(("text", "expected"), XFAIL)
def test_relative_known_gaps(text: str, expected: list) -> None:
    assert _relative(text) == expected
