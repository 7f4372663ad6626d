"""Caps on pathological input, so that no later stage sees an unbounded line or token.

A line of 200 KB of dots, a megabyte without a space, or 30 KB of markdown brackets is no
policy text, but one such line in a file must not cost minutes: the sentence splitter and
spaCy's tokenizer strip prefixes and suffixes one at a time, which is quadratic in the length
of a token made of punctuation (4 s for a 4000-character `.(.(.(`). The readers therefore
shorten runs of one repeated character and runs of symbols, and split lines longer than
`MAX_LINE_CHARS` at spaces (or hard, when there is none). Each repair is reported once per
document as a warning naming the file. Nothing a real policy contains comes near these limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.model import Document, Line

MAX_LINE_CHARS = 20_000
MAX_CHAR_RUN = 100  # a TOC leader or a rule of dashes is shorter
MAX_SYMBOL_RUN = 50  # consecutive characters that are neither letters, digits nor spaces
_CHAR_RUN_RE = re.compile(rf"(.)\1{{{MAX_CHAR_RUN},}}")
_SYMBOL_RUN_RE = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")


@dataclass
class Repairs:
    """What the caps changed in one document, for its warnings."""

    runs: int = 0
    longest_run: int = 0
    split_lines: int = 0

    def warnings(self, source_file: str) -> list[str]:
        found = []
        if self.runs:
            found.append(
                f"{source_file}: {self.runs} runs of a repeated character or of symbols shortened "
                f"(the longest {self.longest_run:,} characters)"
            )
        if self.split_lines:
            found.append(
                f"{source_file}: {self.split_lines} lines longer than {MAX_LINE_CHARS:,} characters split"
            )
        return found


def shorten_runs(text: str, repairs: Repairs) -> str:
    """Runs of one character cut to MAX_CHAR_RUN, runs of symbols to MAX_SYMBOL_RUN characters."""

    def cut(m: re.Match[str], keep: int) -> str:
        repairs.runs += 1
        repairs.longest_run = max(repairs.longest_run, len(m.group(0)))
        return m.group(0)[:keep]

    text = _SYMBOL_RUN_RE.sub(lambda m: cut(m, MAX_SYMBOL_RUN), text)
    return _CHAR_RUN_RE.sub(lambda m: cut(m, MAX_CHAR_RUN), text)


def split_long_line(text: str, repairs: Repairs) -> list[str]:
    """`text` in pieces of at most MAX_LINE_CHARS, cut at a space in the second half of each
    piece, else hard."""
    if len(text) <= MAX_LINE_CHARS:
        return [text]
    repairs.split_lines += 1
    pieces, start = [], 0
    while len(text) - start > MAX_LINE_CHARS:
        space = text.rfind(" ", start + MAX_LINE_CHARS // 2, start + MAX_LINE_CHARS)
        end = space if space > start else start + MAX_LINE_CHARS
        pieces.append(text[start:end])
        start = end + 1 if space > start else end
    pieces.append(text[start:])
    return pieces


def bound_document(doc: Document) -> None:
    """Every cap applied to a reader's lines, table cells and footnotes, with warnings."""
    repairs = Repairs()
    doc.lines = bound_lines(doc.lines, repairs)
    for table in doc.tables:
        for row in table.rows:
            row[:] = [bound_cell(cell, repairs) for cell in row]
    for footnote in doc.footnotes:
        footnote.text = bound_cell(footnote.text, repairs)
    doc.warnings += repairs.warnings(doc.source_file)


def bound_cell(text: str, repairs: Repairs) -> str:
    """A text that stays one piece (a table cell, a footnote): runs shortened, and a text longer
    than MAX_LINE_CHARS cut into pieces joined by spaces, so that no token is longer."""
    if len(text) > MAX_SYMBOL_RUN:
        text = shorten_runs(text, repairs)
    return " ".join(split_long_line(text, repairs)) if len(text) > MAX_LINE_CHARS else text


def bound_lines(lines: list[Line], repairs: Repairs) -> list[Line]:
    """A reader's lines with every cap applied. A split line's pieces keep its page, and its kind
    where that can continue (body, toc, footnote, furniture); a table row that long is no table
    row, its pieces are body text."""
    bounded: list[Line] = []
    for line in lines:
        if len(line.text) > MAX_SYMBOL_RUN:
            line.text = shorten_runs(line.text, repairs)
        if line.cells:
            line.cells[:] = [bound_cell(c, repairs) for c in line.cells]  # in place: doc.tables shares it
        pieces = split_long_line(line.text, repairs)
        if len(pieces) == 1:
            bounded.append(line)
            continue
        bounded.append(replace(line, text=pieces[0], cells=None, kind="body" if line.cells else line.kind))
        rest = "body" if line.kind in ("table_row", "heading", "list_item") else line.kind
        bounded.extend(replace(line, text=p, cells=None, kind=rest, heading_level=None) for p in pieces[1:])
    return bounded
