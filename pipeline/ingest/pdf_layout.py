"""Page geometry for the PDF reader: pdfplumber chars to physical lines in reading order.

One pass over a page's chars: chars are grouped into rows by vertical overlap, rows
are split into fragments at wide gaps, superscript footnote marks are split off,
and fragments are ordered by columns (a gutter found from the fragments' gaps) and
boxes (text inside drawn rectangles, or a much smaller side column), which are moved
to the next paragraph end so that they never cut a body sentence.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from pipeline.ingest.pdf_styles import char_style
from pipeline.model import BBox, Char, PLine
from pipeline.text.clean import clean_line

SPACE_GAP = 0.22  # a gap wider than this share of the font size is a word space
FRAGMENT_GAP = 1.6  # a gap wider than this many font sizes splits a row (column gutter, table cell)
SUPERSCRIPT_SIZE = 0.82  # a mark is at most this share of the line's body size ...
SUPERSCRIPT_RAISE = 0.15  # ... and its baseline is raised by at least this share
_MARK_RE = re.compile(r"^(?:\d{1,3}|[*†‡]{1,3})$")
_SENTENCE_END_RE = re.compile(r"[.!?:;]['\"”’)]*$")


# --- rows and fragments ---------------------------------------------------------------------------


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def group_rows(chars: list[Char]) -> list[list[Char]]:
    """Group chars into rows: a char joins a recent row when their vertical extents overlap enough."""
    rows: list[list[Char]] = []
    bands: list[tuple[float, float]] = []
    middles = [(c["top"] + c["bottom"]) / 2 for c in chars]
    for k in sorted(range(len(chars)), key=middles.__getitem__):
        ch = chars[k]
        top, bottom = ch["top"], ch["bottom"]
        # Conditional expressions instead of min()/max() calls (same results, incl. ties): this loop
        # runs once per char of the document.
        h = bottom - top
        if h < 0.1:
            h = 0.1
        n = len(rows)
        for i in range(n - 1, n - 4 if n > 3 else -1, -1):
            b0, b1 = bands[i]
            overlap = (b1 if b1 < bottom else bottom) - (b0 if b0 > top else top)
            width = b1 - b0
            if overlap >= 0.5 * (width if width < h else h):
                rows[i].append(ch)
                # Superscripts must not widen the band upwards into the line above.
                if h >= 0.8 * width:
                    bands[i] = (top if top < b0 else b0, bottom if bottom > b1 else b1)
                break
        else:
            rows.append([ch])
            bands.append((top, bottom))
    return rows


def split_fragments(row: list[Char]) -> list[list[Char]]:
    """Split one row at gaps wider than FRAGMENT_GAP font sizes (gutters, table cells, figure labels)."""
    row = sorted(row, key=itemgetter("x0"))
    frags: list[list[Char]] = [[row[0]]]
    for prev, ch in zip(row, row[1:], strict=False):
        gap = ch["x0"] - prev["x1"]
        # The size is at least 1, so only a gap wider than FRAGMENT_GAP can split: most gaps skip the max().
        if (
            gap > FRAGMENT_GAP
            and gap > FRAGMENT_GAP * max(prev["size"], ch["size"], 1.0)
            and prev["text"].strip()
        ):
            frags.append([ch])
        else:
            frags[-1].append(ch)
    return [f for f in frags if any(c["text"].strip() for c in f)]


def _body_metrics(chars: list[Char]) -> tuple[float, float]:
    """The size carrying most chars of a fragment and its median baseline (bottom)."""
    rounded = [round(c["size"], 1) for c in chars]
    sizes = Counter(r for r, c in zip(rounded, chars, strict=True) if c["text"].strip())
    size = sizes.most_common(1)[0][0]
    bottoms = [c["bottom"] for r, c in zip(rounded, chars, strict=True) if r == size]
    return size, statistics.median(bottoms)


@dataclass
class _FragmentText:
    """The text of one fragment as it is assembled, with footnote marks split off."""

    parts: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    lead_mark: str | None = None
    has_text: bool = False  # whether "".join(parts) holds more than whitespace

    def add(self, text: str) -> None:
        self.parts.append(text)
        if not self.has_text and text.strip():
            self.has_text = True

    def add_raised(self, run: list[Char]) -> None:
        """A run of superscript chars: a footnote mark, or raised letters ("1e", "m2") kept in the text."""
        text = "".join(c["text"] for c in run).strip()
        if not text:
            return
        if _MARK_RE.match(text):
            if not self.has_text:
                self.lead_mark = text
            else:
                self.marks.append(text)
        else:
            self.add(text)


def _assemble_text(frag: list[Char], size: float, baseline: float) -> tuple[_FragmentText, list[Char]]:
    """The fragment's text and its body chars (visible chars that are not superscripts)."""
    # A superscript is smaller than the fragment's body size and raised above its baseline.
    max_size = SUPERSCRIPT_SIZE * size
    max_bottom = baseline - SUPERSCRIPT_RAISE * size
    out = _FragmentText()
    parts = out.parts
    body: list[Char] = []
    run: list[Char] = []
    prev: Char | None = None
    for ch in frag:
        if ch["size"] <= max_size and ch["bottom"] < max_bottom:
            run.append(ch)
            prev = ch
            continue
        if run:
            out.add_raised(run)
            run = []
        text = ch["text"]
        gap = ch["x0"] - prev["x1"] if prev is not None else 0.0
        # As in split_fragments, only a gap wider than SPACE_GAP can be a space whatever the size.
        if (
            gap > SPACE_GAP
            and gap > SPACE_GAP * max(ch["size"], 1.0)
            and text != " "
            and not (parts and parts[-1].endswith(" "))
        ):
            parts.append(" ")
        if text.strip():
            body.append(ch)
            out.has_text = True
        parts.append(text)
        prev = ch
    if run:
        out.add_raised(run)
    return out, body


def fragment_to_line(frag: list[Char], page: int) -> PLine | None:
    """Text, footnote marks and dominant style of one fragment."""
    size, baseline = _body_metrics(frag)
    assembled, body = _assemble_text(frag, size, baseline)
    text = clean_line("".join(assembled.parts))
    if not text and assembled.lead_mark is None:
        return None
    if not body:
        return None
    styles = Counter(map(char_style, body))
    ((style, n),) = styles.most_common(1)
    total = len(body)
    family, sz, weight, color = style.split("|")
    return PLine(
        page=page,
        x0=min(map(itemgetter("x0"), frag)),
        x1=max(map(itemgetter("x1"), frag)),
        top=min(map(itemgetter("top"), body)),
        bottom=max(map(itemgetter("bottom"), body)),
        text=text,
        style=style,
        size=float(sz),
        bold=weight == "B",
        color=color,
        family=family,
        n_chars=total,
        homogeneous=n >= 0.85 * total,
        marks=assembled.marks,
        lead_mark=assembled.lead_mark,
    )


def build_lines(chars: list[Char], page: int) -> list[PLine]:
    """All fragments of a page as PLines (unordered within the page)."""
    lines: list[PLine] = []
    for row in group_rows(chars):
        for frag in split_fragments(row):
            line = fragment_to_line(frag, page)
            if line is not None:
                lines.append(line)
    return lines


# --- reading order ------------------------------------------------------------------------------


def _rows_of(lines: list[PLine]) -> list[list[PLine]]:
    """Lines that share a row (vertical overlap), each row sorted left to right."""
    rows: list[list[PLine]] = []
    for ln in sorted(lines, key=lambda x: (x.top + x.bottom) / 2):
        if rows and _overlap(ln.top, ln.bottom, rows[-1][0].top, rows[-1][0].bottom) > 0.4 * (
            ln.bottom - ln.top
        ):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [sorted(r, key=lambda x: x.x0) for r in rows]


def find_gutter(lines: list[PLine], width: float) -> float | None:
    """An x position inside the gap between fragments on at least 3 rows, in the middle of the page."""
    hist = [0] * (int(width) + 2)
    for row in _rows_of(lines):
        for a, b in zip(row, row[1:], strict=False):
            for x in range(max(int(a.x1) + 1, 0), min(int(b.x0), len(hist))):
                hist[x] += 1
    lo, hi = int(width * 0.2), int(width * 0.8)
    best = max(range(lo, hi), key=lambda x: hist[x], default=None)
    if best is None or hist[best] < 3:
        return None
    # Centre of the run of bins with the best count, so both columns keep their margins.
    left = right = best
    while left > lo and hist[left - 1] == hist[best]:
        left -= 1
    while right < hi and hist[right + 1] == hist[best]:
        right += 1
    return (left + right) / 2


def _chars_of(lines: list[PLine]) -> int:
    return sum(ln.n_chars for ln in lines)


def order_page(lines: list[PLine], width: float, boxes: list[BBox]) -> list[PLine]:
    """Lines of one page in reading order; box and sidebar text after the paragraph it stands beside."""
    in_box: dict[int, list[PLine]] = {}
    flow: list[PLine] = []
    for ln in lines:
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if ln.x0 >= x0 - 1 and ln.x1 <= x1 + 1 and ln.top >= top - 1 and ln.bottom <= bottom + 1:
                in_box.setdefault(i, []).append(ln)
                break
        else:
            flow.append(ln)
    ordered, deferred = _column_order(flow, width)
    for group in in_box.values():
        deferred.append(sorted(group, key=lambda x: (round(x.top), x.x0)))
    block = 1
    for ln in ordered:
        ln.block = block
    for group in sorted(deferred, key=lambda g: g[0].top):
        block += 1
        for ln in group:
            ln.block = block
            ln.boxed = True
        ordered = _insert_at_paragraph_end(ordered, group)
    return ordered


def _column_order(lines: list[PLine], width: float) -> tuple[list[PLine], list[list[PLine]]]:
    """Left column then right column between full-width lines; a small side column is deferred."""
    gutter = find_gutter(lines, width)
    if gutter is None:
        return sorted(lines, key=lambda x: (round(x.top), x.x0)), []
    out: list[PLine] = []
    deferred: list[list[PLine]] = []
    left: list[PLine] = []
    right: list[PLine] = []

    def flush() -> None:
        if (
            left
            and right
            and min(_chars_of(left), _chars_of(right)) < 0.3 * max(_chars_of(left), _chars_of(right))
        ):
            main, side = (left, right) if _chars_of(left) >= _chars_of(right) else (right, left)
            out.extend(main)
            deferred.append(list(side))
        else:
            out.extend(left)
            out.extend(right)
        left.clear()
        right.clear()

    for ln in sorted(lines, key=lambda x: (round(x.top), x.x0)):
        if ln.x1 <= gutter:
            left.append(ln)
        elif ln.x0 >= gutter:
            right.append(ln)
        else:
            flush()
            out.append(ln)
    flush()
    return out, deferred


def _insert_at_paragraph_end(ordered: list[PLine], group: list[PLine]) -> list[PLine]:
    """Insert `group` after the first flow line at or below its top that ends a sentence."""
    top = group[0].top
    idx = next((i for i, ln in enumerate(ordered) if ln.top >= top - 1), len(ordered))
    while 0 < idx < len(ordered) and not _SENTENCE_END_RE.search(ordered[idx - 1].text):
        idx += 1
    return ordered[:idx] + group + ordered[idx:]


def box_regions(rects: list[dict[str, Any]], page_width: float, exclude: list[BBox]) -> list[BBox]:
    """Drawn rectangles large enough to hold a text box (not table cells, not page backgrounds)."""
    out: list[BBox] = []
    for r in rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if w < 60 or h < 24 or w > 0.95 * page_width:
            continue
        bbox = (r["x0"], r["top"], r["x1"], r["bottom"])
        if any(_contains(t, bbox) or _contains(bbox, t) for t in exclude):
            continue
        if not any(_contains(b, bbox) for b in out):
            out.append(bbox)
    return out


def _contains(outer: BBox, inner: BBox, tol: float = 2.0) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )
