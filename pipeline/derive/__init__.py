"""Derived tables: the planning, the requirement checklist and the insurer's own change list.

Three stages share this package, each reading the typed records and the section tree of a
`Document`: `deadlines` (planning steps), `requirements` (requirement-list items) and
`changes` (the insurer's change table or list). The helpers here are what they share: the
vocabulary of `pipeline/vocab/tables.yaml`, whole-word phrase matching, the section tree and
sentence spans. Every rule keys on section-title vocabulary and layout, never on one document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.model import Document, Section, Sentence, Span
from pipeline.vocab import INSURERS, load

_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_SPACE_RE = re.compile(r"\s+")


def sentence_span(sentence: Sentence, text: str | None = None) -> Span:
    """The span of `text` (by default the whole sentence) inside its sentence."""
    text = sentence.text if text is None else text
    start = max(sentence.text.find(text), 0)
    return Span(start, start + len(text), text, sentence.sentence_id)


@cache
def vocab() -> dict[str, Any]:
    """The parsed `pipeline/vocab/tables.yaml`."""
    return load("tables")


@cache
def actor_words() -> dict[str, frozenset[str]]:
    """Party words by actor class, shared with the obligation rules (obligations.yaml `actors`)."""
    actors = load("obligations")["actors"]
    insurer_names = {alias.lower() for aliases in INSURERS.values() for alias in aliases}
    return {
        "zorgaanbieder": frozenset(actors["provider_words"]),
        "zorgverzekeraar": frozenset(actors["insurer_words"]) | insurer_names,
        "overig": frozenset(actors["other_parties"]),
    }


def normalise(text: str) -> str:
    """Lower case on one line, curly apostrophes made straight."""
    return _SPACE_RE.sub(" ", text.replace("’", "'")).strip().lower()


@cache
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for whole-word phrases, longest first.

    A word boundary is only demanded at a phrase edge that is a word character,
    so `www.` and `oud:` match inside running text.
    """
    parts = []
    for phrase in sorted({normalise(p) for p in phrases}, key=len, reverse=True):
        left = r"(?<!\w)" if phrase[:1].isalnum() else ""
        right = r"(?!\w)" if phrase[-1:].isalnum() else ""
        parts.append(f"{left}{re.escape(phrase)}{right}")
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def find_phrase(text: str, phrases: Iterable[str]) -> str | None:
    """The first of `phrases` that occurs in `text` as whole words, else None."""
    match = phrase_pattern(tuple(phrases)).search(normalise(text))
    return match.group(0) if match else None


def first_canonical(text: str, names: dict[str, list[str]]) -> str | None:
    """The canonical name whose alias occurs first in `text` (the longest alias at a tie)."""
    best: tuple[int, int, str] | None = None
    low = normalise(text)
    for canonical, aliases in names.items():
        match = phrase_pattern(tuple(aliases)).search(low)
        if match and (best is None or (match.start(), -len(match.group(0))) < best[:2]):
            best = (match.start(), -len(match.group(0)), canonical)
    return best[2] if best else None


def years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR_RE.findall(text)]


@dataclass(frozen=True)
class SectionTree:
    """Sections by id, with their parents, for title look-ups up the tree."""

    by_id: dict[str, Section]

    @classmethod
    def of(cls, document: Document) -> SectionTree:
        return cls({s.section_id: s for s in document.sections})

    def title(self, section_id: str | None) -> str | None:
        section = self.by_id.get(section_id or "")
        return section.title if section else None

    def lineage(self, section_id: str | None) -> list[Section]:
        """The section itself, then its parent, grandparent ... up to the top."""
        chain: list[Section] = []
        section = self.by_id.get(section_id or "")
        while section is not None and section not in chain:
            chain.append(section)
            section = self.by_id.get(section.parent_id or "")
        return chain
