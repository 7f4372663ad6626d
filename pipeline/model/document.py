"""The `Document`: one policy as it goes through the stages, from file to records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.model.lines import Footnote, Line, OutlineEntry, Table
from pipeline.model.records import (
    AmountMention,
    Change,
    DateMention,
    Deadline,
    Entity,
    Obligation,
    PercentageMention,
    RelativeDeadline,
    Requirement,
)
from pipeline.model.structure import Metadata, Section, Sentence


@dataclass(frozen=True)
class Origin:
    """Where a document comes from.

    doc_id: a prefix of the SHA-256 of the file's bytes (stable across runs and machines); None
        for a document read outside a run.
    source_file: the file name inside the raw folder (CONTRACT: documents.source_file).
    """

    source_file: str
    path: Path
    doc_id: str | None = None


@dataclass(frozen=True)
class ModelInfo:
    """The spaCy pipeline that ran: a model name, or `blank_nl` for the rule-only fallback."""

    name: str
    version: str
    statistical: bool


@dataclass
class Records:
    """Every record extracted from or derived for one document, by table."""

    dates: list[DateMention] = field(default_factory=list)
    relative_deadlines: list[RelativeDeadline] = field(default_factory=list)
    amounts: list[AmountMention] = field(default_factory=list)
    percentages: list[PercentageMention] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


@dataclass
class Document:
    """One policy document, filled in stage by stage (pipeline/stages.py).

    Reader output: `format`, `lines` (furniture, TOC, table rows and footnotes labelled, none
    dropped), `tables`, `footnotes`, `outline`, `metadata_title` (PDF /Title or html <title>, a
    hint only), `cover_title` (largest text on a PDF's first page), `page_count`, `encoding`,
    `text_quality` (share of known Dutch words, 0..1) and `warnings`.
    Structure: `metadata`, `text` (the clean text sentences index), `sections`, `sentences`.
    Extraction: `records`, `model` (the spaCy pipeline that ran).
    `annotations` holds one spaCy Doc per sentence between the annotate and extract stages; it is
    transient and released before the document leaves the worker.
    """

    origin: Origin
    format: str = ""
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    metadata_title: str | None = None
    cover_title: str | None = None
    page_count: int | None = None
    encoding: str | None = None
    text_quality: float | None = None
    warnings: list[str] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    text: str = ""
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    records: Records = field(default_factory=Records)
    model: ModelInfo | None = None
    annotations: list[Any] = field(default_factory=list, repr=False)

    @property
    def doc_id(self) -> str:
        return self.origin.doc_id or ""

    @property
    def source_file(self) -> str:
        return self.origin.source_file

    @property
    def path(self) -> Path:
        return self.origin.path

    def section(self, section_id: str | None) -> Section | None:
        return next((s for s in self.sections if s.section_id == section_id), None)
