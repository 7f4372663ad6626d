"""The structure of a document: its metadata, section tree and sentences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

SentenceKind = Literal["body", "list_item", "table_row", "heading", "toc", "footnote"]


@dataclass(frozen=True)
class Metadata:
    """What the document says about itself (CONTRACT: documents), read from its content."""

    insurer: str | None = None
    care_domain: str | None = None
    policy_year: int | None = None
    policy_year_end: int | None = None
    title: str | None = None
    updated: date | None = None


@dataclass
class Section:
    """A heading and its place in the section tree (CONTRACT: sections).

    order: position of the heading in reading order (the `ordinal` column).
    """

    section_id: str
    parent_id: str | None
    level: int
    number: str | None
    title: str
    page: int | None = None
    order: int = 0


@dataclass
class Sentence:
    """One sentence of the document's clean text (CONTRACT: sentences).

    start/end: character offsets into `Document.text`.
    kind: where the sentence comes from; extractors read every kind
        (ANNOTATION.md: numbers count in headings, tables and the TOC too).
    cells: for a table row, its cells (column order), else None.
    """

    sentence_id: str
    section_id: str | None
    text: str
    start: int
    end: int
    page: int | None = None
    kind: SentenceKind = "body"
    cells: list[str] | None = None
