"""Tables of a PDF page through pdfplumber's table finder.

Two passes: fully ruled tables (`lines` strategy), then tables ruled by horizontal
rules only (the common house style: a shaded header row and a thin rule under each
row). For the latter, the x end points of the rule segments mark the column
boundaries; they become explicit vertical edges limited to the table's own height,
so that body text between two tables is never taken in.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from functools import cached_property
from typing import Any

from pdfplumber.table import Table

from pipeline.text.clean import clean_line, join_wrapped

BBox = tuple[float, float, float, float]
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MAX_ROW_GAP = 800.0  # rules further apart than this do not belong to one table


def _cell_text(cell: str | None) -> str:
    text = ""
    for part in (cell or "").split("\n"):
        text = join_wrapped(text, clean_line(part))
    return text


def _clean_rows(rows: list[list[str | None]]) -> list[list[str]]:
    out = []
    for row in rows:
        cells = [_cell_text(c) for c in row]
        if any(cells):
            out.append(cells)
    return out


def _useful(rows: list[list[str]]) -> bool:
    return len(rows) >= 2 and max(sum(1 for c in r if c) for r in rows) >= 2


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crossed(chars: list[dict[str, Any]], top: float, bottom: float, xs: set[int]) -> bool:
    """True when text between `top` and `bottom` runs across one of the inner column boundaries `xs`."""
    inner = sorted(xs)[1:-1]
    for ch in chars:  # a plain loop: this runs over the chars of a band between two rules, or of a row
        if top < (ch["top"] + ch["bottom"]) / 2 < bottom and any(
            ch["x0"] + 0.5 < x < ch["x1"] - 0.5 for x in inner
        ):
            return True
    return False


def _midline(ch: dict[str, Any]) -> float:
    return (ch["top"] + ch["bottom"]) / 2


class _CharsByHeight:
    """A page's chars in the order of their vertical midpoint: the text between two rules is a slice.
    Sorted on the first question only: most pages have no two rules to ask about."""

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        self.page_chars = chars

    @cached_property
    def chars(self) -> list[dict[str, Any]]:
        return sorted(self.page_chars, key=_midline)

    @cached_property
    def midlines(self) -> list[float]:
        return [_midline(c) for c in self.chars]

    def crossed(self, top: float, bottom: float, xs: set[int]) -> bool:
        """`_crossed` of the chars whose midpoint lies strictly between `top` and `bottom`."""
        start, end = bisect_right(self.midlines, top), bisect_left(self.midlines, bottom)
        return _crossed(self.chars[start:end], top, bottom, xs)


def _rule_groups(page: Any, chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Horizontal edges grouped into stacks that share column end points, with no text running across."""
    by_height = _CharsByHeight(chars)  # each pair of rules would otherwise test every char of the page
    levels: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in page.horizontal_edges:
        if e["x1"] - e["x0"] >= 20:
            levels[round(e["top"])].append(e)
    groups: list[list[dict[str, Any]]] = []
    last_y: float | None = None
    last_xs: set[int] = set()
    for y in sorted(levels):
        xs = {round(e["x0"]) for e in levels[y]} | {round(e["x1"]) for e in levels[y]}
        if (
            groups
            and last_y is not None
            and y - last_y <= MAX_ROW_GAP
            and len(xs & last_xs) >= 3
            and not by_height.crossed(last_y, y, xs & last_xs)
        ):
            groups[-1].extend(levels[y])
        else:
            groups.append(list(levels[y]))
        last_y, last_xs = y, xs
    return [g for g in groups if len({round(e["top"]) for e in g}) >= 2]


def _extend_below(group: list[dict[str, Any]], chars: list[dict[str, Any]]) -> float:
    """The bottom of a table whose last rows have no rule under them: text rows that keep to the columns."""
    bottom = max(e["top"] for e in group)
    xs = {round(e["x0"]) for e in group} | {round(e["x1"]) for e in group}
    left, right = min(xs), max(xs)
    below = sorted(
        (c for c in chars if c["top"] >= bottom - 1 and left <= c["x0"] <= right), key=lambda c: c["top"]
    )
    rows: list[list[dict[str, Any]]] = []
    for ch in below:
        if rows and ch["top"] - rows[-1][0]["top"] < 2:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    end = bottom
    for row in rows:
        row_top = min(c["top"] for c in row)
        row_bottom = max(c["bottom"] for c in row)
        size = max(c["size"] for c in row)
        if row_top - end > 1.0 * size or _crossed(row, row_top - 1, row_bottom + 1, xs):
            break
        end = row_bottom + 1
    return end


def _explicit_edges(
    group: list[dict[str, Any]], chars: list[dict[str, Any]]
) -> tuple[list[dict], list[dict]]:
    """Vertical edges at the column end points and a closing rule, both limited to the table's extent."""
    top = min(e["top"] for e in group)
    bottom = _extend_below(group, chars)
    xs: dict[int, int] = defaultdict(int)
    for e in group:
        xs[round(e["x0"])] += 1
        xs[round(e["x1"])] += 1
    verticals = [
        {
            "x0": x,
            "x1": x,
            "top": top,
            "bottom": bottom,
            "height": bottom - top,
            "width": 0,
            "orientation": "v",
            "object_type": "line_edge",
        }
        for x, n in xs.items()
        if n >= 2
    ]
    left, right = min(xs), max(xs)
    closing = [
        {
            "x0": left,
            "x1": right,
            "top": bottom,
            "bottom": bottom,
            "height": 0,
            "width": right - left,
            "orientation": "h",
            "object_type": "line_edge",
        }
    ]
    return verticals, closing


def _without_marks(page: Any) -> Any:
    """The page without superscript-sized chars, so that footnote marks do not glue onto cell text."""
    sizes = sorted(c["size"] for c in page.chars)
    if not sizes:
        return page
    small = 0.7 * sizes[len(sizes) // 2]
    if all(size > small for size in sizes):  # no mark to drop: filtering would only copy every object list
        return page
    return page.filter(lambda o: o.get("object_type") != "char" or o["size"] > small)


def _inside(bbox: BBox) -> Callable[[dict[str, Any]], bool]:
    """pdfplumber's test of a char in a cell (its midpoint, right and bottom edges excluded),
    against the whole table: other objects pass."""
    x0, top, x1, bottom = bbox

    def test(obj: dict[str, Any]) -> bool:
        if obj["object_type"] != "char":
            return True
        return x0 <= (obj["x0"] + obj["x1"]) / 2 < x1 and top <= (obj["top"] + obj["bottom"]) / 2 < bottom

    return test


def _extract(table: Table) -> list[list[str]]:
    """`table.extract()` over the chars inside the table only: pdfplumber tests every char of the
    page against every row, which cost more than finding the table. A char of a cell has its
    midpoint in the table, so the rows are the same."""
    own = Table(table.page.filter(_inside(table.bbox)), table.cells)
    return _clean_rows(own.extract())


def find_tables(page: Any) -> list[tuple[BBox, list[list[str]]]]:
    """(bbox, rows) of each table on the page, top to bottom."""
    page = _without_marks(page)
    found: list[tuple[BBox, list[list[str]]]] = []
    for t in page.find_tables(RULED):
        rows = _extract(t)
        if _useful(rows):
            found.append((tuple(t.bbox), rows))
    chars = page.chars
    for group in _rule_groups(page, chars):
        verticals, closing = _explicit_edges(group, chars)
        if len(verticals) < 3:
            continue
        settings = {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "lines",
            "explicit_vertical_lines": verticals,
            "explicit_horizontal_lines": closing,
        }
        for t in page.find_tables(settings):
            bbox = tuple(t.bbox)
            if any(_overlaps(bbox, f[0]) for f in found):
                continue
            rows = _extract(t)
            if _useful(rows):
                found.append((bbox, rows))
    return sorted(found, key=lambda f: f[0][1])
