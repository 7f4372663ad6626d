"""Sums of money in Dutch policy text (ANNOTATION.md "amount").

`€ 250.000,-`, `EUR 50.000`, `1,9 miljard euro`, `€ 2,5 mln`, `€ 12,50 per consult`, and a bare
`40 miljoen` when a money noun governs it (`een bedrag van 40 miljoen`). Dutch separators: `.`
groups thousands and `,` is the decimal mark. fte, counts, minutes and percentages are not money.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.extract import records_by_sentence
from pipeline.model import AmountMention, Document, Span
from pipeline.model.records import Bound
from pipeline.text.phrases import alternation
from pipeline.vocab import numbers as vocab

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_MAGNITUDE = alternation([m for m in vocab.MAGNITUDES if m != "k"])
_SYMBOL = r"€|\bEUR\b|\bEuro\b|\beuro\b"
_TAIL = r"(?:,-{1,2}|,—|,=)?"
_SYMBOL_FIRST = re.compile(
    rf"(?P<cur>{_SYMBOL})\s?(?P<num>{_NUMBER})(?!\d)(?:\s*(?P<mag>{_MAGNITUDE})(?![\w]))?(?P<tail>{_TAIL})",
    re.IGNORECASE,
)
_SYMBOL_AFTER = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUMBER})(?:\s*(?P<mag>{_MAGNITUDE}))?\s*(?P<cur>euro(?:'s)?|EUR|€)(?!\w)",
    re.IGNORECASE,
)
_BARE_MAGNITUDE = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUMBER})\s+(?P<mag>miljoen|miljard|mln\.?|mld\.?)(?!\w)", re.IGNORECASE
)
_MONEY_CONTEXT = re.compile(rf"\b(?:{alternation(vocab.MONEY_CONTEXT_WORDS)})\w*\b", re.IGNORECASE)
_PER_UNIT = re.compile(rf"^\s*(?P<unit>per\s+(?:{alternation(vocab.PER_UNIT_NOUNS)}))\b", re.IGNORECASE)
_MIN_BEFORE = re.compile(
    rf"(?:{alternation(vocab.MIN_BOUND_WORDS)})\s*(?:van\s+)?(?:een\s+)?$", re.IGNORECASE
)
_MAX_BEFORE = re.compile(
    rf"(?:{alternation(vocab.MAX_BOUND_WORDS)})\s*(?:van\s+)?(?:een\s+)?$", re.IGNORECASE
)


def parse_dutch_number(number: str) -> float:
    """`3.350` → 3350, `2,5` → 2.5, `1.100.000` → 1100000 (`.` groups thousands, `,` is decimal)."""
    return float(number.replace(".", "").replace(",", "."))


def _magnitude(word: str | None) -> float:
    return vocab.MAGNITUDES.get(word.lower(), 1.0) if word else 1.0


def _bound(text: str, start: int) -> Bound | None:
    before = text[max(0, start - 25) : start]
    before = re.sub(r"\(\s*$", "", before)
    if _MAX_BEFORE.search(before):
        return "max"
    if _MIN_BEFORE.search(before):
        return "min"
    return None


def _per_unit(text: str, end: int) -> str | None:
    match = _PER_UNIT.match(text[end:])
    return " ".join(match["unit"].split()).lower() if match else None


def _candidates(text: str) -> Iterator[tuple[int, int, str, str | None]]:
    """(start, end, number, magnitude) of every money span, symbol-first spans winning overlaps."""
    taken: list[tuple[int, int]] = []
    for pattern in (_SYMBOL_FIRST, _SYMBOL_AFTER):
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            yield match.start(), match.end(), match["num"], match["mag"]
    for match in _BARE_MAGNITUDE.finditer(text):
        if any(match.start() < e and s < match.end() for s, e in taken):
            continue
        if _MONEY_CONTEXT.search(text[max(0, match.start() - 60) : match.start()]):
            taken.append((match.start(), match.end()))
            yield match.start(), match.end(), match["num"], match["mag"]


def iter_amounts(text: str) -> Iterator[AmountMention]:
    """Yield the sums of money of one sentence, in text order; a range gives two records."""
    for start, end, number, magnitude in sorted(_candidates(text)):
        yield AmountMention(
            span=Span(start, end, text[start:end]),
            value=parse_dutch_number(number) * _magnitude(magnitude),
            currency="EUR",
            per_unit=_per_unit(text, end),
            bound=_bound(text, start),
        )


def extract_amounts(document: Document) -> Document:
    """Stage: the sums of money of every sentence."""
    amounts = records_by_sentence(document, iter_amounts)
    return replace(document, records=replace(document.records, amounts=amounts))
