"""Percentages in Dutch policy text (ANNOTATION.md "percentage").

`25%`, `25 %`, `25 procent`, `1,99%`, `0.2%` (a point before one or two digits is a decimal
mark), `>75%`, `0,1 procentpunt`; ranges `1 à 2%`, `5-10%`, `tussen 5 en 10 procent` give
two records. Ratios (`50/50`) and URL escapes (`%2b`) are not percentages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.extract import records_by_sentence
from pipeline.model import Document, PercentageMention, Span
from pipeline.model.records import Bound
from pipeline.text.phrases import alternation
from pipeline.vocab import numbers as vocab

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[,.]\d{1,2}(?!\d)|,\d+)?"
# `%2b` in a URL is an escape, not a percentage.
_UNIT = rf"%(?![0-9a-fA-F]{{2}})|(?:{alternation(vocab.PERCENT_WORDS)})\b"
_PERCENT = re.compile(rf"(?<![\w.,/])(?P<num>{_NUMBER})\s?(?P<unit>{_UNIT})", re.IGNORECASE)
# First number of a range whose unit is written once: `1 à 2%`, `5-10%`, `tussen 5 en 10 procent`.
_RANGE_FIRST = re.compile(rf"(?<![\w.,/])(?P<num>{_NUMBER})\s*(?:à|a|-|–|tot|en)\s*$", re.IGNORECASE)
_MIN_BEFORE = re.compile(rf"(?:{alternation(vocab.MIN_BOUND_WORDS)})\s*$", re.IGNORECASE)
_MAX_BEFORE = re.compile(rf"(?:{alternation(vocab.MAX_BOUND_WORDS)})\s*$", re.IGNORECASE)


def _value(number: str) -> float:
    if re.fullmatch(r"\d+\.\d{1,2}", number):
        return float(number)  # `0.2%`: a point before one or two digits is a decimal mark
    return float(number.replace(".", "").replace(",", "."))


def _bound(text: str, start: int) -> Bound | None:
    before = text[max(0, start - 20) : start]
    if _MAX_BEFORE.search(before):
        return "max"
    if _MIN_BEFORE.search(before):
        return "min"
    return None


def _range_first(text: str, start: int) -> PercentageMention | None:
    """The unit-less first number of a range that ends at `start`, if there is one."""
    before = text[max(0, start - 30) : start]
    match = _RANGE_FIRST.search(before)
    if not match:
        return None
    joiner = before[match.end("num") :].strip().lower()
    if joiner == "en" and not re.search(r"\btussen\s*$", before[: match.start()], re.IGNORECASE):
        return None
    offset = start - len(before)
    first_start, first_end = offset + match.start("num"), offset + match.end("num")
    return PercentageMention(
        Span(first_start, first_end, text[first_start:first_end]),
        _value(match["num"]),
        _bound(text, first_start),
    )


def iter_percentages(text: str) -> Iterator[PercentageMention]:
    """Yield the percentages of one sentence, in text order."""
    for match in _PERCENT.finditer(text):
        first = _range_first(text, match.start())
        if first is not None:
            yield first
        yield PercentageMention(
            Span(match.start(), match.end(), match.group(0)),
            _value(match["num"]),
            _bound(text, match.start()),
        )


def extract_percentages(document: Document) -> Document:
    """Stage: the percentages of every sentence."""
    percentages = records_by_sentence(document, iter_percentages)
    return replace(document, records=replace(document.records, percentages=percentages))
