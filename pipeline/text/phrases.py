"""Whole-word phrase matching over vocabulary lists: one helper for every list lookup.

`phrase_pattern` compiles a list of phrases into one regular expression, longest first,
with word boundaries only at phrase edges that are word characters (so `www.` and `oud:`
match inside running text). `first_canonical` picks, from a mapping of canonical names to
their phrases, the name whose phrase occurs first. Metadata, derived tables and the
extractors' regexes use these instead of hand-written alternations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from pipeline.text.clean import normalise


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, escaped, longest first (so `t/m` beats `t`)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for whole-word phrases, longest first (never matches when empty)."""
    parts = []
    for phrase in sorted({normalise(p) for p in phrases}, key=len, reverse=True):
        left = r"(?<!\w)" if phrase[:1].isalnum() else ""
        right = r"(?!\w)" if phrase[-1:].isalnum() else ""
        parts.append(f"{left}{re.escape(phrase)}{right}")
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def name_pattern(name: str, case_sensitive: bool) -> re.Pattern[str]:
    """A name as a whole word in running text, not glued to a word or a hyphen (`CZ`, not `CZ-lid`)."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", 0 if case_sensitive else re.IGNORECASE)


def find_phrase(text: str, phrases: Sequence[str]) -> str | None:
    """The first of `phrases` that occurs in `text` as whole words (case-insensitive), else None."""
    match = phrase_pattern(tuple(phrases)).search(normalise(text))
    return match.group(0) if match else None


def first_canonical(text: str, names: Mapping[str, Sequence[str]]) -> str | None:
    """The canonical name whose phrase occurs first in `text` (the longest phrase at a tie)."""
    best: tuple[int, int, str] | None = None
    low = normalise(text)
    for canonical, phrases in names.items():
        match = phrase_pattern(tuple(phrases)).search(low)
        if match and (best is None or (match.start(), -len(match.group(0))) < best[:2]):
            best = (match.start(), -len(match.group(0)), canonical)
    return best[2] if best else None
