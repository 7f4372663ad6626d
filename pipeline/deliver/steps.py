"""Planning steps as a reader wants them: one per step, with a short name.

A policy often states the same step several times: a planning table per provider
group with the same rows, and the sentences that repeat them. `merge_repeated`
groups the rows of one step (same policy, day, clock time, kind and actor, and
actions that say the same); `short_action` turns `Aanleveren offerte (inclusief
...), tenzij ...` into `aanleveren offerte` for a calendar summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from pipeline.vocab import load

Record = dict[str, Any]

SAME_ACTION = 90.0  # token-set similarity at which two actions name the same step
SHORT_ACTION_CHARS = 60
_PARENTHESES_RE = re.compile(r"\s*\([^()]*\)")
_STRONG_BREAK_RE = re.compile(r";\s|\s[–—-]\s")
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")


def normalised_action(action: str | None) -> str:
    return " ".join(_WORD_RE.findall((action or "").lower()))


def same_action(a: str | None, b: str | None) -> bool:
    left, right = normalised_action(a), normalised_action(b)
    if not left or not right:
        return left == right
    return left == right or fuzz.token_set_ratio(left, right) >= SAME_ACTION


def merge_repeated(rows: Iterable[Record], key: Callable[[Record], tuple]) -> list[list[Record]]:
    """Rows grouped into steps: equal `key` and the same action; each group in input order."""
    steps: list[list[Record]] = []
    by_key: dict[tuple, list[list[Record]]] = {}
    for row in rows:
        candidates = by_key.setdefault(key(row), [])
        match = next((s for s in candidates if same_action(s[0].get("action"), row.get("action"))), None)
        if match is None:
            match = []
            candidates.append(match)
            steps.append(match)
        match.append(row)
    return steps


@cache
def subordinate_clause_re() -> re.Pattern[str]:
    """A comma that opens a subordinate clause (`, tenzij ...`), not one inside an enumeration."""
    words = "|".join(re.escape(w) for w in load("obligations")["clauses"]["subordinators"])
    return re.compile(rf",\s+(?:{words})\b", re.IGNORECASE)


def short_action(action: str | None) -> str:
    """The step in a few words: no parentheses or subordinate clause, at most ~60 characters."""
    text = _SPACE_RE.sub(" ", _PARENTHESES_RE.sub("", action or "")).strip(" .:;,")
    first_clause = subordinate_clause_re().split(_STRONG_BREAK_RE.split(text, maxsplit=1)[0], maxsplit=1)[0]
    if len(first_clause.split()) >= 2:
        text = first_clause.strip()
    if len(text) > SHORT_ACTION_CHARS:
        text = text[:SHORT_ACTION_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return lower_first(text)


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an abbreviation (`ZBC's`, `VECOZO`)."""
    first = text.split(" ", 1)[0]
    if not first or any(c.isupper() for c in first[1:]):
        return text
    return text[0].lower() + text[1:]
