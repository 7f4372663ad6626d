"""Relative deadlines: terms counted from an event, not calendar dates (ANNOTATION.md "date").

`binnen 4 weken`, `uiterlijk 6 weken na ontvangst van de offerte`, `binnen twee weken nadat u
uw vraag heeft gesteld`, `10 werkdagen voor de start`. A bare duration (`3 jaar`, `30 minuten`)
without `binnen`/`na`/`voor` is not a deadline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.extract import records_by_sentence
from pipeline.model import Document, RelativeDeadline, Span
from pipeline.model.records import Direction
from pipeline.text.phrases import alternation
from pipeline.vocab import numbers as vocab

_COUNT = rf"\d{{1,3}}|{alternation(vocab.NUMBER_WORDS)}"
_UNIT = alternation(vocab.TIME_UNITS)
_WITHIN = alternation(vocab.RELATIVE_WITHIN_WORDS)
_AFTER = alternation(vocab.RELATIVE_AFTER_WORDS)
_BEFORE = alternation(vocab.RELATIVE_BEFORE_WORDS)
_TERM = re.compile(
    rf"(?:\b(?P<lead>{_WITHIN})\s+)?(?<![\w,.])(?P<count>{_COUNT})\s+(?P<unit>{_UNIT})\b"
    rf"(?:\s+(?P<rel>{_AFTER}|{_BEFORE})\b(?P<anchor>[^.;:,()]{{0,80}}))?",
    re.IGNORECASE,
)
# The anchoring event ends before a new clause or a second verb phrase.
_ANCHOR_STOP = re.compile(
    r"\s+(?:en|maar|of|zodat|waarna|dan|om|tenzij|waarbij|zullen|wordt|worden|is)\s", re.I
)

# A `nadat`/`voordat` clause ends with its verb group ("nadat u uw vraag heeft gesteld").
_CLAUSE_VERB = re.compile(r".*?\b(?:heeft|hebt|hebben|is|zijn|wordt|worden|bent)\s+\w+", re.IGNORECASE)


def _number(count: str) -> int:
    return int(count) if count.isdigit() else vocab.NUMBER_WORDS[count.lower()]


def _direction(match: re.Match[str]) -> Direction | None:
    rel = (match["rel"] or "").lower()
    if rel and re.fullmatch(_AFTER, rel, re.IGNORECASE):
        return "after"
    if rel and re.fullmatch(_BEFORE, rel, re.IGNORECASE):
        return "before"
    return "within" if match["lead"] else None


def _anchor(match: re.Match[str]) -> tuple[str | None, int]:
    """The event the term counts from, and the end offset of the record."""
    if not match["rel"]:
        return None, match.end("unit")
    raw = match["anchor"] or ""
    stop = _ANCHOR_STOP.search(raw)
    raw = raw[: stop.start()] if stop else raw
    clause_verb = _CLAUSE_VERB.match(raw) if match["rel"].lower() in ("nadat", "voordat") else None
    raw = clause_verb.group(0) if clause_verb else raw
    anchor = raw.strip()
    end = match.start("anchor") + len(raw.rstrip())
    return (anchor or None), (end if anchor else match.end("rel"))


def iter_relative_deadlines(text: str) -> Iterator[RelativeDeadline]:
    """Yield the relative deadlines of one sentence, in text order."""
    for match in _TERM.finditer(text):
        direction = _direction(match)
        if direction is None:
            continue
        anchor, end = _anchor(match)
        start = match.start()
        yield RelativeDeadline(
            span=Span(start, end, text[start:end]),
            number=_number(match["count"]),
            unit=vocab.TIME_UNITS[match["unit"].lower()],  # type: ignore[arg-type]
            direction=direction,
            anchor=anchor,
        )


def extract_relative_deadlines(document: Document) -> Document:
    """Stage: the relative deadlines of every sentence."""
    found = records_by_sentence(document, iter_relative_deadlines)
    return replace(document, records=replace(document.records, relative_deadlines=found))
