"""Plannings laid out without table structure: a header line such as `Uiterste datum Activiteit`
followed by lines that each open with a date (a text export, or a PDF set as paragraphs). Both
readers label them as table rows with a date cell and an activity cell."""

from __future__ import annotations

import re

from pipeline.model import Line
from pipeline.text.dates import leading_date_end
from pipeline.vocab.numbers import COLUMN_HEADER_QUALIFIERS, MONTHS

MAX_HEADER_WORDS = 10
MIN_DATE_ROWS = 2
DATE_COLUMN_LABELS = (*COLUMN_HEADER_QUALIFIERS, "datum", "data", "wanneer", "planning")
_ENDS_WITH_DAY_RE = re.compile(r"(?<!\S)(?:[1-9]|[12]\d|3[01])$")


def column_label(text: str) -> str | None:
    """The date-column label a table header line starts with (`Uiterste datum ...`), else None."""
    low = text.lower()
    for label in sorted(DATE_COLUMN_LABELS, key=len, reverse=True):
        if low.startswith(label) and (len(low) == len(label) or not low[len(label)].isalnum()):
            return text[: len(label)]
    return None


def mark_date_led_tables(lines: list[Line]) -> None:
    """A planning laid out without separators: a header line such as `Uiterste datum Activiteit`
    followed by lines that each open with a date. The rows become table rows with a date cell
    and an activity cell; wrapped continuation lines, of the header too, are joined to their line."""
    content = [i for i, ln in enumerate(lines) if ln.kind == "body"]
    for pos, i in enumerate(content):
        header = lines[i]
        label = column_label(header.text)
        if not label or header.kind != "body":  # a row of a table marked above is no header
            continue
        wrapped = header_continuation(lines, i, content[pos + 1 :])
        words = sum(len(lines[j].text.split()) for j in [i, *wrapped])
        if words > MAX_HEADER_WORDS:
            continue
        rows = collect_date_rows(lines, content[pos + 1 + len(wrapped) :], (wrapped or [i])[-1])
        if len(rows) < MIN_DATE_ROWS:
            continue
        for j in wrapped:
            header.text = f"{header.text} {lines[j].text}"
            lines[j].kind, lines[j].text = "blank", ""
        header.kind, header.cells = "table_row", [label, header.text[len(label) :].strip()]
        for row in rows:
            row_line = lines[row]
            end = leading_date_end(row_line.text) or 0
            row_line.kind, row_line.cells = (
                "table_row",
                [row_line.text[:end].strip(), row_line.text[end:].strip()],
            )


def header_continuation(lines: list[Line], header: int, following: list[int]) -> list[int]:
    """The lines that continue a wrapped header: directly below it (no blank line between), not
    opening with a date, and opening in lower case or after a hyphen (`medisch-specialistische` /
    `zorg`); an intro sentence below a header is no part of it."""
    wrapped: list[int] = []
    previous = header
    for j in following:
        text = lines[j].text
        if j != previous + 1 or not text.strip() or leading_date_end(text) is not None:
            break
        if not (text[:1].islower() or lines[previous].text.rstrip().endswith("-")):
            break
        wrapped.append(j)
        previous = j
    return wrapped


def collect_date_rows(lines: list[Line], following: list[int], header: int) -> list[int]:
    """The rows among the content lines `following` the header's last line: each opens with a date.

    A line that continues the row before it is joined to that row: no full stop there yet, and a
    lower-case start, or, where blank lines set the rows apart (a PDF set as paragraphs), a line
    directly below on the same page (a long activity wrapped over lines, `... ondertekening in` /
    `VECOZO`) or the rest of a date the line break cut (`... voor 1` / `november 2022`). Rows on
    consecutive lines join only lower-case lines, so the paragraph after the table stays apart."""
    rows: list[int] = []
    apart: set[int] = set()  # rows with a blank line before them
    previous = header  # the last line taken: header, row or continuation
    for j in following:
        ln = lines[j]
        below = bool(rows) and rows[-1] in apart and j == previous + 1 and ln.page == lines[rows[-1]].page
        cut = below and cuts_a_date(lines[rows[-1]].text, ln.text)
        if leading_date_end(ln.text) is not None and not cut:
            rows.append(j)
            if j != previous + 1:
                apart.add(j)
        elif (
            rows
            and ln.text.strip()
            and not lines[rows[-1]].text.endswith(".")
            and (ln.text[:1].islower() or below)
        ):
            lines[rows[-1]].text = f"{lines[rows[-1]].text} {ln.text}"  # a wrapped row
            ln.kind, ln.text = "blank", ""
        else:
            break
        previous = j
    return rows


def cuts_a_date(before: str, text: str) -> bool:
    """A line break between a day and its month: the line before ends with a day number, this one
    opens with a month name in lower case (a row that opens with its month writes it capitalised)."""
    words = text.split(maxsplit=1)
    return bool(_ENDS_WITH_DAY_RE.search(before)) and bool(words) and words[0] in MONTHS
