"""Property tests for all number extractors: no input raises, offsets always match the text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.amounts import iter_amounts
from pipeline.extract.dates import iter_dates
from pipeline.extract.percentages import iter_percentages
from pipeline.extract.relative import iter_relative_deadlines

EXTRACTORS: list[Callable[[str], Iterable]] = [
    iter_dates,
    iter_amounts,
    iter_percentages,
    iter_relative_deadlines,
]
SMALL_ALPHABET = st.text(alphabet="0123456789.,  €%-/", max_size=40)
DUTCH_WORDS = st.lists(
    st.sampled_from(
        [
            "uiterlijk",
            "1",
            "15",
            "juni",
            "2026",
            "t/m",
            "tot",
            "vanaf",
            "€",
            "miljoen",
            "%",
            "binnen",
            "weken",
            "na",
            "ontvangst",
            "12.00",
            "uur",
            "-",
            "Q1",
            "kwartaal",
            "eerste",
            "bedrag",
            "van",
            "procent",
            "à",
            "1-6-2023",
            "apr.",
            "en",
            "tussen",
            ",",
            "*",
        ]
    ),
    max_size=14,
).map(" ".join)


def _check(extract: Callable[[str], Iterable], text: str) -> None:
    for record in extract(text):
        assert record.text == text[record.start : record.end]
        assert 0 <= record.start < record.end <= len(text)


@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=80))
def test_arbitrary_text(extract: Callable[[str], Iterable], text: str) -> None:
    _check(extract, text)


@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
@settings(max_examples=200, deadline=None)
@given(text=SMALL_ALPHABET)
def test_small_alphabet(extract: Callable[[str], Iterable], text: str) -> None:
    _check(extract, text)


@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
@settings(max_examples=200, deadline=None)
@given(text=DUTCH_WORDS)
def test_dutch_word_soup(extract: Callable[[str], Iterable], text: str) -> None:
    _check(extract, text)


@settings(max_examples=200, deadline=None)
@given(euros=st.integers(min_value=0, max_value=10**9))
def test_formatted_amount_round_trips(euros: int) -> None:
    formatted = f"€ {euros:,}".replace(",", ".")
    (amount,) = iter_amounts(formatted)
    assert amount.value == euros
