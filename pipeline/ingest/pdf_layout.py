"""Page geometry for the PDF reader: pdfplumber chars to physical lines in reading order.

Per page and per writing direction. Horizontal chars (by their text matrix) are cut
into runs in content-stream order, vertical stacks of upright letters are set apart,
and runs form rows only with runs whose band they share, so that two lines of one
column never meet in one row beside a taller heading. Rows are split into fragments
at wide gaps and at column gutters found from gaps that line up over rows;
superscript footnote marks are split off. Rotated text (a watermark, a margin label,
a print code) is read in its own frame and kept apart as furniture, unless a whole
page is set sideways. Fragments are ordered by columns (gutters found recursively, so
three columns read in turn) and boxes (text inside drawn rectangles, or a much smaller
side column), which are moved to the next paragraph end so that they never cut a body
sentence.

The chars are plain dicts with pdfplumber's keys (`text`, `x0`, `x1`, `top`, `bottom`,
`size`, `fontname`, `non_stroking_color`, `upright`); `matrix` and `adv` are read where
the char source gives them, with `upright` and the char box as fallbacks.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from pipeline.ingest.pdf_styles import char_style
from pipeline.model import LIGATURE_KEY, BBox, Char, PLine
from pipeline.text.clean import clean_line

Stretch = tuple[float, float, float]  # start, end, font size of a stretch of text in a row

SPACE_GAP = 0.22  # a gap wider than this share of the font size is a word space
FRAGMENT_GAP = 1.6  # a gap wider than this many font sizes splits a row (column gutter, table cell)
GUTTER_GAP = 0.8  # a gap this many font sizes wide splits a row where it lines up with a column gutter
MIN_GUTTER_ROWS = 3  # rows with a gap at one x that make a column gutter
MIN_COLUMN_INK = 3.0  # text on either side of a gutter is at least this many font sizes wide
LOWER_BAND_GAP = 2.0  # a gap this many font sizes high under a column, below its neighbour, ends it
MAX_CELL_WIDTH = 6.0  # a side of lines at most this many font sizes wide (median) may be table cells
ROW_ALIGNED_SHARE = 0.7  # a side whose lines stand on the other side's rows this often is cells
MIN_COLUMN_WIDTH = 12.0  # most lines of a column of running text are at least this many font sizes wide
RUN_BACKSTEP = 0.3  # a char this many font sizes left of the previous one starts a new run
DUPLICATE_SHIFT = 0.6  # the same glyph within this many points of the previous one is drawn twice
ROW_SIZE_RATIO = 3.0  # a run this many times larger or smaller than a row never joins it
ROW_LOOKBACK = 3  # rows a run may join: the most recent ones in top-to-bottom order
HORIZONTAL_SKEW = 0.02  # a baseline turned more than this (about 1 degree) is rotated text
MIN_STACK = 3  # letters one under the other that make vertical text
STACK_CENTRE_SHIFT = 0.35  # letters of a stack are centred on one x within this many font sizes ...
STACK_GAP = 0.8  # ... and stand at most this many font sizes below each other
MIN_SIDEWAYS_PAGE = 200  # chars of rotated text that can make a page set sideways, not a stamp
WORD_GAP_IN_STACK = 0.6  # a wider gap between letters of a stack is a word space
HIDDEN_SPACE = 0.1  # a space starting this many font sizes inside the previous glyph is not shown
SUPERSCRIPT_SIZE = 0.82  # a mark is at most this share of the line's body size ...
SUPERSCRIPT_RAISE = 0.15  # ... and its baseline is raised by at least this share
_MARK_RE = re.compile(r"^(?:\d{1,3}|[*†‡]{1,3})$")
_PAGE_REFERENCE_RE = re.compile(r"\d{1,4}|[ivxlc]{1,6}|[IVXLC]{1,6}")
_SENTENCE_END_RE = re.compile(r"[.!?:;]['\"”’)]*$")


# --- rows and fragments ---------------------------------------------------------------------------


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def is_horizontal(ch: Char) -> bool:
    """Whether a char is set in the normal writing direction (left to right, not rotated or mirrored).

    pdfminer's `upright` is also true for text turned by less than 90 degrees (a watermark at 30 or 45
    degrees), so the text matrix decides where the char source gives it: its baseline (a, b) runs
    to the right and its glyphs stand up (d > 0). A slanted glyph (a synthetic italic shears c) is
    still horizontal text.
    """
    m = ch.get("matrix")
    if not m:
        return bool(ch.get("upright", True))
    a, b, d = m[0], m[1], m[3]
    return a > 0 and d > 0 and abs(b) <= HORIZONTAL_SKEW * a


def flow_runs(chars: list[Char]) -> list[list[Char]]:
    """Chars in content-stream order cut into runs, each a piece of one line.

    A char continues the run when it stands just after the previous char (not more than
    FRAGMENT_GAP font sizes after it, not RUN_BACKSTEP sizes before its end) and overlaps its
    height by half; the same glyph drawn again on top of the previous one (fake bold, shadow text)
    is dropped, the second letter of one ligature glyph (`ff`, LIGATURE_KEY) kept. Unlike
    pdfplumber's `use_text_flow`, which keeps the stream order as reading order,
    runs are only building blocks: rows are formed from them by position, so a stream that jumps
    between columns or writes a page out of order costs nothing but shorter runs. Duplicates are
    checked against the previous char only: pdfplumber's `dedupe_chars` clusters every char of the
    page on six keys and costs more than the whole reader (52 s on an 80-page report).
    """
    runs: list[list[Char]] = []
    run: list[Char] = []
    prev: Char | None = None
    # One plain loop with conditional expressions instead of helper and min()/max() calls: this
    # runs once per char of the document.
    for ch in chars:
        if prev is not None:
            x0, top, bottom = ch["x0"], ch["top"], ch["bottom"]
            p_top, p_bottom = prev["top"], prev["bottom"]
            if (
                ch["text"] == prev["text"]
                and not ch.get(LIGATURE_KEY)
                and -DUPLICATE_SHIFT < x0 - prev["x0"] < DUPLICATE_SHIFT
                and -DUPLICATE_SHIFT < top - p_top < DUPLICATE_SHIFT
            ):
                continue
            size = prev["size"] if prev["size"] > 1.0 else 1.0
            gap = x0 - prev["x1"]
            if -RUN_BACKSTEP * size <= gap <= FRAGMENT_GAP * size:
                overlap = (bottom if bottom < p_bottom else p_bottom) - (top if top > p_top else p_top)
                h, p_h = bottom - top, p_bottom - p_top
                smaller = h if h < p_h else p_h
                if overlap >= 0.5 * (smaller if smaller > 0.1 else 0.1):
                    run.append(ch)
                    prev = ch
                    continue
        run = [ch]
        runs.append(run)
        prev = ch
    return runs


@dataclass
class _Run:
    """A run with the vertical band and size of its dominant size (superscripts and drop caps aside)."""

    chars: list[Char]
    top: float
    bottom: float
    size: float
    visible: int  # chars that are not spaces

    @classmethod
    def of(cls, chars: list[Char]) -> _Run:
        # Two plain loops over the run's chars: this runs for every char of the document.
        sizes: dict[float, int] = {}
        for c in chars:
            if c["text"] != " ":
                size = c["size"]
                sizes[size] = sizes.get(size, 0) + 1
        if not sizes:
            return cls(chars, chars[0]["top"], chars[0]["bottom"], chars[0]["size"], 0)
        size = max(sizes, key=sizes.__getitem__)
        top, bottom = math.inf, -math.inf
        for c in chars:
            if c["size"] == size and c["text"] != " ":
                if c["top"] < top:
                    top = c["top"]
                if c["bottom"] > bottom:
                    bottom = c["bottom"]
        return cls(chars, top, bottom, round(size, 1), sum(sizes.values()))


@dataclass
class _Row:
    """Chars of one row; `top`/`bottom` is the band every full-size run of the row shares."""

    chars: list[Char]
    top: float
    bottom: float
    size: float


def _is_mark_of(run: _Run, row: _Row) -> bool:
    """A short run of small chars within the row's band: a footnote mark or a raised `e` of `1e`."""
    return (
        run.visible <= 3
        and run.size <= SUPERSCRIPT_SIZE * row.size
        and run.top >= row.top - 0.5 * row.size
        and run.bottom <= row.bottom + 0.2 * row.size
    )


def _joins(run: _Run, row: _Row) -> bool:
    """A run joins a row when it overlaps the row's shared band by half its height, at a similar size."""
    if _is_mark_of(run, row):
        return True
    big, small = (run.size, row.size) if run.size > row.size else (row.size, run.size)
    if big > ROW_SIZE_RATIO * max(small, 1.0):
        return False
    overlap = min(run.bottom, row.bottom) - max(run.top, row.top)
    return overlap >= 0.5 * min(run.bottom - run.top, row.bottom - row.top)


def group_rows(chars: list[Char]) -> list[list[Char]]:
    """Group chars into rows (see `_rows_of_runs`)."""
    return _rows_of_runs(flow_runs(chars))


def _rows_of_runs(chars_runs: list[list[Char]]) -> list[list[Char]]:
    """Group runs into rows: a run joins a recent row whose band it shares.

    The band of a row narrows to what all its runs share, so two lines of one column never join
    through a taller neighbour (a large heading, a figure label) beside them in another column:
    their chars would interleave when the row is read left to right. Chars much larger than the row
    (a watermark letter) stay out of it. pdfplumber's `extract_words` clusters lines by their `top`
    with a fixed tolerance instead, which splits a line at a superscript or a larger word.
    """
    runs = [_Run.of(r) for r in chars_runs]
    runs.sort(key=lambda r: (r.top + r.bottom) / 2)
    rows: list[_Row] = []
    for run in runs:
        n = len(rows)
        for i in range(n - 1, n - 1 - ROW_LOOKBACK if n > ROW_LOOKBACK else -1, -1):
            row = rows[i]
            if _joins(run, row):
                row.chars.extend(run.chars)
                if not _is_mark_of(run, row):
                    row.top, row.bottom = max(row.top, run.top), min(row.bottom, run.bottom)
                    row.size = max(row.size, run.size)
                break
        else:
            rows.append(_Row(list(run.chars), run.top, run.bottom, run.size))
    return [r.chars for r in rows]


def split_fragments(row: list[Char], cuts: Sequence[float] = ()) -> list[list[Char]]:
    """Split one row at gaps wider than FRAGMENT_GAP font sizes (gutters, table cells, figure labels)
    and at the x positions `cuts` (narrower column gutters, see `column_cuts`).

    A wide gap after a space char is a tab (`2.1<tab>Title`, `Title<tab>12`) and does not split by
    itself; a column gutter does, measured from the last visible char, except before a page number
    after a space (a contents line whose numbers stand at the gutter).
    """
    row = sorted(row, key=itemgetter("x0"))
    cuts = sorted(cuts)
    k = 0
    frags: list[list[Char]] = [[row[0]]]
    last = row[0]  # the last visible char, or the first char
    for i in range(1, len(row)):
        ch = row[i]
        if ch["text"] != " ":
            gap = ch["x0"] - last["x1"]
            # Sizes are at least 1 and cuts lie in gaps of GUTTER_GAP sizes: most gaps skip the rest.
            if gap > GUTTER_GAP:
                while k < len(cuts) and cuts[k] <= last["x1"]:
                    k += 1
                after_space = row[i - 1]["text"] == " "
                wide = gap > FRAGMENT_GAP * max(last["size"], ch["size"], 1.0)
                cut = k < len(cuts) and cuts[k] < ch["x0"]
                if (wide and not after_space) or (cut and not (after_space and _page_reference_tail(row, i))):
                    frags.append([ch])
                    last = ch
                    continue
            last = ch
        frags[-1].append(ch)
    return [f for f in frags if any(c["text"] != " " for c in f)]


def _page_reference_tail(row: list[Char], i: int) -> bool:
    """The chars from `i` on are a page number that ends the row (1 to 4 digits or a roman numeral)."""
    text = "".join(c["text"] for c in row[i:]).strip()
    return bool(_PAGE_REFERENCE_RE.fullmatch(text))


def _stretches(row: list[Char]) -> list[Stretch]:
    """A row's stretches of text (start, end, font size), split at gaps of at least GUTTER_GAP font
    sizes. A stretch narrower than MIN_COLUMN_INK font sizes just before more text (a bullet, a
    footnote number, a list label) belongs to that text: the gap behind a label is no gutter.
    """
    visible = sorted((c for c in row if c["text"] != " "), key=itemgetter("x0"))
    if not visible:
        return []
    out: list[Stretch] = []
    start, end, size = visible[0]["x0"], visible[0]["x1"], visible[0]["size"]
    for c in visible[1:]:
        gap = c["x0"] - end
        if gap >= GUTTER_GAP:  # sizes are at least 1: most gaps skip the rest
            c_size = c["size"] if c["size"] > size else size
            if gap >= GUTTER_GAP * max(c_size, 1.0):
                narrow = end - start < MIN_COLUMN_INK * max(size, 1.0)
                if not (narrow and gap <= FRAGMENT_GAP * max(c_size, 1.0)):
                    out.append((start, end, size))
                    start = c["x0"]
        if c["x1"] > end:
            end = c["x1"]
        size = c["size"]
    out.append((start, end, size))
    return out


def _is_column_gap(a: Stretch, b: Stretch) -> bool:
    """A gap that can show a gutter: text of at least MIN_COLUMN_INK font sizes on both sides."""
    return min(a[1] - a[0], b[1] - b[0]) >= MIN_COLUMN_INK * max(a[2], b[2], 1.0)


def find_gutters(rows: list[list[Stretch]]) -> bytearray:
    """Per point of x, 1 where a column gutter runs: at least MIN_GUTTER_ROWS rows have a gap there
    between two stretches of text, and no more rows have text there (a title or a footnote over the
    whole width crosses a gutter). `rows` holds the text stretches of each row.
    """
    width = int(max((s[1] for row in rows for s in row), default=0.0)) + 2
    gap_rows = [0] * (width + 1)
    ink_rows = [0] * (width + 1)
    for row in rows:
        gaps = [(a[1], b[0]) for a, b in zip(row, row[1:], strict=False) if _is_column_gap(a, b)]
        for diff, spans in ((gap_rows, gaps), (ink_rows, [(a, b) for a, b, _ in row])):
            for a, b in spans:
                lo, hi = min(max(int(a) + 1, 0), width), min(max(int(b), 0), width)
                if lo < hi:
                    diff[lo] += 1
                    diff[hi] -= 1
    out = bytearray(width)
    n_gap = n_ink = 0
    for x in range(width):
        n_gap += gap_rows[x]
        n_ink += ink_rows[x]
        if n_gap >= MIN_GUTTER_ROWS and n_gap >= n_ink:
            out[x] = 1
    return out


def _crosses(gutters: bytearray, x0: float, x1: float) -> bool:
    lo, hi = max(int(x0) + 1, 0), min(int(x1), len(gutters))
    return lo < hi and any(gutters[lo:hi])


def column_cuts(rows: list[list[Char]]) -> list[list[float]]:
    """Per row, the x positions where it crosses a column gutter through a gap between two stretches
    of text. A gutter narrower than FRAGMENT_GAP font sizes does not split a row by itself, and a wide
    word space of one justified line is no gutter: it must line up with gaps of other rows. Any gap
    across a gutter cuts, also before a short last line of the next column.
    """
    stretches = [_stretches(row) for row in rows]
    gutters = find_gutters(stretches)
    return [
        [(a[1] + b[0]) / 2 for a, b in zip(row, row[1:], strict=False) if _crosses(gutters, a[1], b[0])]
        for row in stretches
    ]


def _body_metrics(chars: list[Char]) -> tuple[float, float]:
    """The size carrying most visible chars of a fragment (to 0.1 pt; of equal counts, the size
    met first) and the median baseline (bottom) of its chars."""
    # Counted by raw size first, in the order of the first visible char of each: a fragment has
    # thousands of chars but a few sizes to round.
    visible = Counter([c["size"] for c in chars if c["text"].strip()])
    counts: dict[float, int] = {}
    for size, n in visible.items():
        key = round(size, 1)
        counts[key] = counts.get(key, 0) + n
    body = max(counts, key=counts.__getitem__)
    rounded = {size: round(size, 1) for size in {c["size"] for c in chars}}
    bottoms = [c["bottom"] for c in chars if rounded[c["size"]] == body]
    return body, statistics.median(bottoms)


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
        if text == " " and gap < -HIDDEN_SPACE * max(ch["size"], 1.0):
            continue  # a space drawn over the previous glyph (a tab filler) separates nothing
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


_UNSET = object()  # no char's value


def _style_counts(chars: list[Char]) -> dict[str, int]:
    """How many chars have each style key, in the order the keys first appear.

    Neighbouring chars mostly share one font name, size and colour (a char source hands out the
    same objects for a whole text object), so the key is looked up again only when one of the three
    is another object: this runs for every char of the document.
    """
    counts: dict[str, int] = {}
    key = ""
    font = size = colour = _UNSET
    for c in chars:
        if c["fontname"] is not font or c["size"] is not size or c.get("non_stroking_color") is not colour:
            font, size, colour = c["fontname"], c["size"], c.get("non_stroking_color")
            key = char_style(c)
        counts[key] = counts.get(key, 0) + 1
    return counts


def fragment_to_line(frag: list[Char], page: int) -> PLine | None:
    """Text, footnote marks and dominant style of one fragment."""
    size, baseline = _body_metrics(frag)
    assembled, body = _assemble_text(frag, size, baseline)
    text = clean_line("".join(assembled.parts))
    if not text and assembled.lead_mark is None:
        return None
    if not body:
        return None
    styles = _style_counts(body)
    style = max(styles, key=styles.__getitem__)  # the first of the most frequent, as Counter gives
    n, total = styles[style], len(body)
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
        first_style=char_style(body[0]),
    )


def lines_of_runs(runs: list[list[Char]], page: int) -> list[PLine]:
    """All fragments of the rows the runs form, as PLines (unordered within the page)."""
    lines: list[PLine] = []
    rows = _rows_of_runs(runs)
    for row, cuts in zip(rows, column_cuts(rows), strict=True):
        for frag in split_fragments(row, cuts):
            line = fragment_to_line(frag, page)
            if line is not None:
                lines.append(line)
    return lines


def build_lines(chars: list[Char], page: int) -> list[PLine]:
    """All fragments of a page's horizontal chars as PLines (unordered within the page)."""
    return lines_of_runs(flow_runs(chars), page)


# --- text set apart: rotated text and vertical stacks of upright letters -------------------------


def writing_angle(ch: Char) -> float:
    """Degrees counter-clockwise from the normal writing direction, from the text matrix (else `upright`)."""
    m = ch.get("matrix")
    if not m:
        return 0.0 if ch.get("upright", True) else 90.0
    return math.degrees(math.atan2(m[1], m[0]))


def _glyph_extent(ch: Char, cos: float, sin: float) -> tuple[float, float]:
    """Width along the writing direction and height across it of a turned char.

    The char's box is the page-aligned box of the turned glyph box: W = w|cos| + h|sin| and
    H = w|sin| + h|cos|. The advance (`adv`, in text space, times the matrix scale) gives w where the
    char source has it; the two equations give w and h otherwise (not at 45 degrees, where they
    coincide and the glyph is taken square).
    """
    big_w, big_h = ch["x1"] - ch["x0"], ch["bottom"] - ch["top"]
    ac, asn = abs(cos), abs(sin)
    m, adv = ch.get("matrix"), ch.get("adv")
    w = adv * math.hypot(m[0], m[1]) if m and adv else None
    det = ac * ac - asn * asn
    if w is None:
        if abs(det) < 0.2:
            side = max(big_w, big_h) / (ac + asn)
            return side, side
        w = (big_w * ac - big_h * asn) / det
    h = (big_h - w * asn) / ac if ac >= asn else (big_w - w * ac) / asn
    return max(w, 0.1), max(h, 1.0)


def to_text_frame(chars: list[Char], angle: float) -> list[Char]:
    """Chars written at `angle` as upright chars in the frame of their own writing direction.

    In that frame the x axis runs along the writing direction and the y axis (downwards) towards the
    next line, so the horizontal line builder reads the text in its order.
    """
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    out = []
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        u, v = cx * cos - cy * sin, cx * sin + cy * cos
        w, h = _glyph_extent(ch, cos, sin)
        out.append({**ch, "x0": u - w / 2, "x1": u + w / 2, "top": v - h / 2, "bottom": v + h / 2, "size": h})
    return out


def _single_glyph(run: list[Char]) -> Char | None:
    """The one visible char of a run that holds a single letter (spaces aside), else None."""
    glyph = None
    for c in run:
        if c["text"].strip():
            if glyph is not None:
                return None
            glyph = c
    return glyph if glyph is not None and glyph["text"].isalpha() else None


def _stacked(above: Char, below: Char) -> bool:
    """`below` stands right under `above`, centred on it: the next letter of a vertical stack."""
    size = max(above["size"], below["size"], 1.0)
    centre_shift = abs((above["x0"] + above["x1"]) / 2 - (below["x0"] + below["x1"]) / 2)
    gap = below["top"] - above["bottom"]
    return centre_shift <= STACK_CENTRE_SHIFT * size and -0.3 * size <= gap <= STACK_GAP * size


def split_stacks(runs: list[list[Char]]) -> tuple[list[list[Char]], list[list[Char]]]:
    """Vertical text set as upright letters one under the other, apart from the other runs.

    A stack is drawn letter by letter, so it shows in the content stream as consecutive runs of one
    letter each, centred on one x and following each other downwards (or upwards): at least
    MIN_STACK letters. Returns the other runs and the stacks (each a list of chars, top to bottom).
    """
    rest: list[list[Char]] = []
    stacks: list[list[Char]] = []
    chain: list[list[Char]] = []
    glyphs: list[Char] = []

    def close() -> None:
        if len(glyphs) >= MIN_STACK:
            stacks.append(sorted((c for r in chain for c in r), key=itemgetter("top")))
        else:
            rest.extend(chain)
        chain.clear()
        glyphs.clear()

    for run in runs:
        glyph = _single_glyph(run)
        if glyph is not None and glyphs and (_stacked(glyphs[-1], glyph) or _stacked(glyph, glyphs[-1])):
            chain.append(run)
            glyphs.append(glyph)
            continue
        close()
        if glyph is None:
            rest.append(run)
        else:
            chain.append(run)
            glyphs.append(glyph)
    close()
    return rest, stacks


def _stack_line(chars: list[Char], page: int) -> PLine | None:
    """The letters of a vertical stack as one line, read top to bottom."""
    text = ""
    prev: Char | None = None
    for c in chars:
        if not c["text"].strip():
            continue
        if prev is not None and c["top"] - prev["bottom"] > WORD_GAP_IN_STACK * c["size"]:
            text += " "
        text += c["text"]
        prev = c
    line = fragment_to_line([c for c in chars if c["text"].strip()], page)
    if line is None:
        return None
    line.text = clean_line(text)
    return line


def _with_page_box(line: PLine, chars: list[Char]) -> PLine:
    line.x0, line.x1 = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
    line.top, line.bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    return line


def turned_lines(chars: list[Char], page: int) -> list[PLine]:
    """Lines of rotated text, built per writing direction in that direction's frame, in reading order."""
    by_angle: dict[int, list[Char]] = {}
    for c in chars:
        by_angle.setdefault(round(writing_angle(c)), []).append(c)
    out: list[PLine] = []
    for angle, group in sorted(by_angle.items()):
        framed = to_text_frame(group, angle)
        source = {id(f): c for f, c in zip(framed, group, strict=True)}
        lines = []
        for row in group_rows(framed):
            for frag in split_fragments(row):
                line = fragment_to_line(frag, page)
                if line is not None:
                    lines.append((line, [source[id(f)] for f in frag]))
        lines.sort(key=lambda lc: (round(lc[0].top), lc[0].x0))
        out.extend(_with_page_box(line, src) for line, src in lines)
    return out


def lines_by_direction(
    horizontal: list[Char], turned: list[Char], page: int
) -> tuple[list[PLine], list[PLine]]:
    """The page's lines of horizontal text (unordered), and the lines set apart: rotated text and
    vertical stacks of upright letters, which never join a line of the running text.

    Text set apart is page furniture (watermarks, margin labels, print codes), unless it carries
    most of the page's text: a page set sideways is read in its own direction as running text.
    """
    runs, stacks = split_stacks(flow_runs(horizontal))
    lines = lines_of_runs(runs, page)
    apart = [ln for ln in (_stack_line(s, page) for s in stacks) if ln is not None]
    apart.extend(turned_lines(turned, page))
    n_flow = sum(ln.n_chars for ln in lines)
    n_apart = sum(ln.n_chars for ln in apart)
    kind = "body" if n_apart > n_flow and n_apart >= MIN_SIDEWAYS_PAGE else "furniture"
    for ln in apart:
        ln.kind = kind
    return lines, apart


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


def find_gutter(lines: list[PLine], lo: float, hi: float) -> float | None:
    """An x in the middle of [lo, hi] inside the gap between fragments on at least 3 rows: of those,
    the one the fewest chars of lines cross (a title over both columns), then the one most rows share.
    """
    size = int(hi) + 2
    hist = [0] * size
    for row in _rows_of(lines):
        for a, b in zip(row, row[1:], strict=False):
            for x in range(max(int(a.x1) + 1, 0), min(int(b.x0), size)):
                hist[x] += 1
    crossing = [0] * (size + 1)
    for ln in lines:
        a, b = min(max(int(ln.x0) + 1, 0), size), min(max(int(ln.x1), 0), size)
        if a < b:
            crossing[a] += ln.n_chars
            crossing[b] -= ln.n_chars
    for x in range(1, size + 1):
        crossing[x] += crossing[x - 1]
    start, stop = int(lo + (hi - lo) * 0.2), int(lo + (hi - lo) * 0.8)
    candidates = [x for x in range(start, stop) if hist[x] >= 3]
    if not candidates:
        return None

    def key(x: int) -> tuple[int, int]:
        return crossing[x], -hist[x]

    best = min(candidates, key=key)
    # Centre of the run of bins as good as the best, so both columns keep their margins.
    left = right = best
    while left > start and key(left - 1) == key(best):
        left -= 1
    while right < stop - 1 and key(right + 1) == key(best):
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
    """Lines in column order; small side columns are returned apart, to be deferred."""
    return _order_region(lines, 0.0, width, top_level=True)


def _median_width(lines: list[PLine]) -> float:
    """The median width of the lines in font sizes (0 for no lines)."""
    widths = sorted((ln.x1 - ln.x0) / max(ln.size, 1.0) for ln in lines)
    return widths[len(widths) // 2] if widths else 0.0


def _is_text_column(lines: list[PLine]) -> bool:
    """Lines of running text, not the cells of a table: most of them are long."""
    return _median_width(lines) >= MIN_COLUMN_WIDTH


def _row_aligned(side: list[PLine], other: list[PLine]) -> bool:
    """Most lines of `side` stand on a row of `other` (they overlap a line of it vertically)."""
    if not side:
        return False
    tops = sorted(other, key=lambda ln: ln.top)
    hits = 0
    for ln in side:
        h = max(ln.bottom - ln.top, 0.1)
        hits += any(_overlap(ln.top, ln.bottom, o.top, o.bottom) >= 0.5 * h for o in tops)
    return hits >= ROW_ALIGNED_SHARE * len(side)


def _order_region(
    lines: list[PLine], lo: float, hi: float, top_level: bool = False
) -> tuple[list[PLine], list[list[PLine]]]:
    """Left column then right column between lines that cross the gutter, each column ordered the
    same way in turn (three or more columns); a small side column is deferred. Below the page level
    only columns of running text are split, so that a table keeps its rows together.
    """
    by_position = sorted(lines, key=lambda x: (round(x.top), x.x0))
    gutter = find_gutter(lines, lo, hi) if len(lines) > 2 else None
    if gutter is None:
        return by_position, []
    left_all = [ln for ln in lines if ln.x1 <= gutter]
    right_all = [ln for ln in lines if ln.x0 >= gutter]
    if top_level:
        # Page numbers of a contents page, the value column of a table: short cells on the rows of
        # the other side belong to those rows, they are no column of their own.
        cells = any(
            _median_width(side) <= MAX_CELL_WIDTH and _row_aligned(side, other)
            for side, other in ((left_all, right_all), (right_all, left_all))
        )
    else:
        cells = not (_is_text_column(left_all) and _is_text_column(right_all))
    if cells:
        return by_position, []
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
            out.extend(_order_region(main, min(ln.x0 for ln in main), max(ln.x1 for ln in main))[0])
            deferred.append(list(side))
        else:
            upper, lower = _split_lower_band(left, right)
            for column in (upper, right, lower):
                if column:
                    ordered, side = _order_region(
                        column, min(ln.x0 for ln in column), max(ln.x1 for ln in column)
                    )
                    out.extend(ordered)
                    deferred.extend(side)
        left.clear()
        right.clear()

    for ln in by_position:
        if ln.x1 <= gutter:
            left.append(ln)
        elif ln.x0 >= gutter:
            right.append(ln)
        else:
            flush()
            out.append(ln)
    flush()
    return out, deferred


def _split_lower_band(left: list[PLine], right: list[PLine]) -> tuple[list[PLine], list[PLine]]:
    """The left column's lines, split where a band below the whole right column starts after a wide
    gap (a first footnote, a closing note that is narrower than the page): that band is read after
    the right column. A left column that only runs on longer than the right one stays whole.
    """
    if not right:
        return left, []
    right_bottom = max(ln.bottom for ln in right)
    for i in range(1, len(left)):
        ln, prev = left[i], left[i - 1]
        if ln.top > right_bottom and ln.top - prev.bottom > LOWER_BAND_GAP * max(ln.size, prev.size, 1.0):
            return left[:i], left[i:]
    return left, []


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
