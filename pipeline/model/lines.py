"""What a reader produces: a document as typed lines, with furniture labelled, never dropped.

Every reader (`pipeline/ingest/text.py`, `html.py`, `pdf.py`) turns one file into typed
lines. Layout damage is repaired by the readers, and page furniture, tables of contents,
table rows and footnotes are *labelled* (`Line.kind`), never silently dropped, so that
later stages can decide what to do with them (docling's `ContentLayer.FURNITURE` idea).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LineKind = Literal[
    "body",  # running text (may be a heading candidate; the structure stage decides)
    "heading",  # a reader that *knows* this is a heading (html h1-h6, markdown, PDF typography)
    "blank",  # paragraph break
    "furniture",  # running header/footer, page number, back-cover contact block, watermark
    "toc",  # table-of-contents line
    "table_row",  # one row of a table; cells in Line.cells
    "footnote",  # footnote text at a page foot
    "list_item",  # a bullet or numbered list item (the bullet glyph removed)
]


@dataclass
class Line:
    """One physical (or logical, for web text) line of a document.

    text: the cleaned text (ligatures, bullets, markdown links undone).
    page: 1-based page number for PDFs, None for text formats.
    kind: see `LineKind`.
    heading_level: set by readers that know the level (html h1..h6, PDF styles).
    style: a reader-specific style key (e.g. "Montserrat-Bold|10.0|B|1f4e79") used to rank
        heading styles; None for plain text.
    font_size, bold: typography hints for PDFs.
    cells: the cells of a `table_row` line.
    footnote_marks: marks split off words on this line (PDF superscripts).
    """

    text: str
    page: int | None = None
    kind: LineKind = "body"
    heading_level: int | None = None
    style: str | None = None
    font_size: float | None = None
    bold: bool = False
    cells: list[str] | None = None
    footnote_marks: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A table read as rows and cells (pdfplumber table finder or tab-separated text)."""

    page: int | None
    rows: list[list[str]]
    title: str | None = None


@dataclass
class Footnote:
    """A footnote at a page foot (CONTRACT: footnotes)."""

    page: int | None
    mark: str
    text: str


@dataclass(frozen=True)
class OutlineEntry:
    """A PDF bookmark."""

    level: int
    title: str
    page: int | None = None
