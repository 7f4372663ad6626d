"""Dutch sentence segmentation that survives policy abbreviations and numbers.

A sentence ends at `.`, `!` or `?` followed by white space and an upper-case
letter, a digit, a quote or a bracket, unless the word before the period is an
abbreviation from `vocab/segmentation.yaml` (`m.u.v.`, `o.a.`, `bijv.`, `art.`,
`ca.`, `incl.`, `nr.`), or the period sits inside a number or a date
(`1.500`, `2.2.1`, `12.30`). spaCy's rule sentencizer splits after every period
and knows no Dutch abbreviations, so it is wrong for this text.

No sentence is longer than `MAX_SENTENCE_CHARS`: a longer one (a page of text objects
without a period, a table flattened into one line) is cut at the last white space
before the cap, or at the cap in a run without any. Real sentences stay far below it
(the longest of the development policies has about 1,500 characters); spaCy refuses a
text over its `max_length` (1,000,000) and its cost per sentence grows with the length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.vocab import load

ABBREVIATIONS = frozenset(load("segmentation")["abbreviations"])
# `(?<![.!?])`: a boundary starts where its run of stops starts (same matches; from inside a
# run of dots every position rescanned the run: quadratic)
_BOUNDARY_RE = re.compile(r"(?<![.!?])[.!?]+[’”\"')\]]*(?=\s+[\"'‘“(\[]?[A-Z0-9À-ÖØ-Þ€•])")
_WORD_BEFORE_RE = re.compile(r"(\S+)$")
MAX_WORD_LOOKBACK = 40
MAX_SENTENCE_CHARS = 5_000
_SPACE_RE = re.compile(r"\s")


def is_abbreviation(text: str, period_at: int) -> bool:
    """True when the period at `period_at` closes an abbreviation or sits in a number."""
    # look back a bounded window: searching from the start each time is quadratic on long lines
    m = _WORD_BEFORE_RE.search(text, max(0, period_at - MAX_WORD_LOOKBACK), period_at)
    if not m:
        return False
    raw = m.group(1).lstrip("([‘'\"")
    if len(raw) == 1 and raw.isupper():
        return True  # an initial
    word = raw.lower()
    if word in ABBREVIATIONS:
        return True
    return (
        bool(re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*", word))
        and period_at + 1 < len(text)
        and text[period_at + 1 : period_at + 3].strip()[:1].isdigit()
    )


def split_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text`, white space trimmed."""
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if m.group(0)[0] == "." and is_abbreviation(text, m.start()):
            continue
        yield from capped_spans(text, start, m.end())
        start = m.end()
    yield from capped_spans(text, start, len(text))


def capped_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span `text[start:end]`, white space trimmed, in pieces of at most MAX_SENTENCE_CHARS."""
    for first, last in trimmed(text, start, end):
        yield from capped(text, first, last)


def capped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """`text[start:end]` as it is when short enough, else in pieces of at most MAX_SENTENCE_CHARS."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = last_space(text, start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut is not None else start + MAX_SENTENCE_CHARS
        yield from trimmed(text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def last_space(text: str, start: int, end: int) -> int | None:
    """Offset of the last white space in `text[start:end]`, or None."""
    found = None
    for m in _SPACE_RE.finditer(text, start, end):
        found = m.start()
    return found


def trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_spans(text)]
