"""Character-level repairs: ligatures, bullets, markdown, hyphenation. One case per line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.clean import clean_line, join_wrapped, strip_bullet, strip_markdown

JOIN_CASES = [
    # (left line, right line, joined) -- where each case came from is in its id
    ("de zorg-", "aanbieder levert", "de zorgaanbieder levert"),
    ("huisartsen-", "en ziekenhuiszorg", "huisartsen- en ziekenhuiszorg"),
    ("zorg-", "of welzijnsorganisaties", "zorg- of welzijnsorganisaties"),
    ("alle niet-", "gecontracteerde aanbieders", "alle niet-gecontracteerde aanbieders"),
    ("de MSZ-", "zorg", "de MSZ-zorg"),
    ("de periode 2024-", "2026", "de periode 2024-2026"),
    ("Noord-", "Brabant", "Noord-Brabant"),
    ("een zin", "gaat door", "een zin gaat door"),
    ("", "alleen rechts", "alleen rechts"),
]


@pytest.mark.parametrize("left,right,expected", JOIN_CASES, ids=[c[2] for c in JOIN_CASES])
def test_clean_join_wrapped(left: str, right: str, expected: str) -> None:
    assert join_wrapped(left, right) == expected


BULLET_CASES = [
    ("• De zorgaanbieder is BIG-geregistreerd", "De zorgaanbieder is BIG-geregistreerd", True),
    ("- ✓ Meer zelf, meer thuis", "Meer zelf, meer thuis", True),
    ("▪ item", "item", True),
    ("\uf0b7 symboolfont", "symboolfont", True),
    ("– streepje als bullet", "streepje als bullet", True),
    ("Gewone zin - met streep", "Gewone zin - met streep", False),
    ("2024-2026", "2024-2026", False),
]


@pytest.mark.parametrize("text,expected,was_bullet", BULLET_CASES, ids=[c[0] for c in BULLET_CASES])
def test_clean_strip_bullet(text: str, expected: str, was_bullet: bool) -> None:
    assert strip_bullet(text) == (expected, was_bullet)


MARKDOWN_CASES = [
    ("Zie [onze website](https://www.vgz.nl) voor meer", "Zie onze website voor meer"),
    ("**Let op:** de deadline", "Let op: de deadline"),
    ("[Zorginkoopbeleid](#)", "Zorginkoopbeleid"),
    ("een *nadruk* hier", "een nadruk hier"),
    ("5 * 3 blijft", "5 * 3 blijft"),
]


@pytest.mark.parametrize("text,expected", MARKDOWN_CASES, ids=[c[1] for c in MARKDOWN_CASES])
def test_clean_strip_markdown(text: str, expected: str) -> None:
    assert strip_markdown(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ﬁnanciering en ﬂexibel", "financiering en flexibel"),
        ("zorg(cid:3)aanbieder", "zorgaanbieder"),
        ("zorg\u00adaanbieder", "zorgaanbieder"),
        ("  dubbele   spaties\t", "dubbele spaties"),
    ],
)
def test_clean_line_repairs_characters(text: str, expected: str) -> None:
    assert clean_line(text) == expected


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text())
def test_clean_line_is_idempotent(text: str) -> None:
    once = clean_line(text)
    assert clean_line(once) == once
