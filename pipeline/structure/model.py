"""Sections and sentences: the segmented document every extractor reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SentenceKind = Literal["body", "list_item", "table_row", "heading", "toc", "footnote"]


@dataclass
class Section:
    """A heading and its place in the section tree (CONTRACT: sections)."""

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

    start/end: character offsets into `SegmentedDocument.text`.
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


@dataclass
class SegmentedDocument:
    doc_id: str
    source_file: str
    text: str
    sections: list[Section]
    sentences: list[Sentence]
    warnings: list[str] = field(default_factory=list)

    def section(self, section_id: str | None) -> Section | None:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        return None
