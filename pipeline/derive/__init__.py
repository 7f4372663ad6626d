"""Derived tables: the planning, the requirement checklist and the insurer's own change list.

Three stages share this package, each reading the typed records and the section tree of a
`Document`: `deadlines` (planning steps), `requirements` (requirement-list items) and
`changes` (the insurer's change table or list). The helpers here are what they share: the
vocabulary of `pipeline/vocab/tables.yaml`, the party words, the section tree and sentence
spans (phrase matching is `pipeline.text.phrases`). Every rule keys on section-title
vocabulary and layout, never on one document.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import spacy_lookups_data

from pipeline.model import Document, Section, Sentence, Span
from pipeline.vocab import INSURERS, load

_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")


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


@cache
def lemmas() -> dict[str, str]:
    """Inflected Dutch word → lemma (`vastgelegd` → `vastleggen`), the lookup table of
    spacy-lookups-data; empty when the data package is damaged (words are then compared as written)."""
    path = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def lemma(word: str) -> str:
    return lemmas().get(word, word)


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
