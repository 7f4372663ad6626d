"""Whole-word phrase lookups over vocabulary lists (pipeline/text/phrases.py): which canonical name
a text names first, and which actor class the first party a planning text names belongs to."""

from __future__ import annotations

import pytest

from pipeline.derive.deadlines import actor_in
from pipeline.text.phrases import first_canonical

KINDS = {
    "ziekenhuis": ["ziekenhuis", "ziekenhuizen", "umc"],
    "zbc": ["zbc", "zelfstandig behandelcentrum"],
    "ggz": ["ggz", "ggz-instelling"],
    "zorg": ["zorg"],
    "zorgaanbieder": ["zorg aanbieder", "zorgaanbieder"],
    "academisch": ["umc"],  # a phrase of an earlier name too
}


@pytest.mark.parametrize(
    "text,names,expected",
    [
        ("Het ziekenhuis en de ZBC leveren.", KINDS, "ziekenhuis"),
        ("De ZBC en het ziekenhuis leveren.", KINDS, "zbc"),  # the first place any phrase occurs
        ("Een zelfstandig behandelcentrum.", KINDS, "zbc"),  # a phrase of several words
        ("Elke GGZ-instelling levert.", KINDS, "ggz"),
        ("De zorg aanbieder levert.", KINDS, "zorgaanbieder"),  # the longest phrase at one place
        ("Het UMC levert.", KINDS, "ziekenhuis"),  # one phrase of two names: the name listed first
        ("De ziekenhuiszorg groeit.", KINDS, None),  # a phrase inside a word is no phrase
        ("Geen partij genoemd.", KINDS, None),
        ("Het ziekenhuis.", {}, None),
        ("Het ziekenhuis.", {"leeg": []}, None),
    ],
)
def test_first_canonical(text: str, names: dict[str, list[str]], expected: str | None) -> None:
    assert first_canonical(text, names) == expected


@pytest.mark.parametrize(
    "text,actor",
    [
        ("De zorgaanbieder levert de offerte aan bij de zorgverzekeraar.", "zorgaanbieder"),
        ("De zorgverzekeraar beoordeelt de offerte van de zorgaanbieder.", "zorgverzekeraar"),
        ("Wij publiceren het beleid.", "zorgverzekeraar"),
        ("De gemeente stelt de regels vast.", "overig"),
        ("Publicatie van het beleid.", None),
    ],
)
def test_actor_of_the_first_party_named(text: str, actor: str | None) -> None:
    assert actor_in(text) == actor
