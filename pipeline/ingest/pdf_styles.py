"""Typography of a PDF: style keys, the body style, heading styles and their levels.

Everything here is relative to the document's own styles (sizes, weights, colours and
how often and where each is used), never to font names or colours of one document:
the body style is the one carrying most chars; a heading style is more prominent than
the body (larger, bolder, or coloured in a display font) and is used on short blocks;
levels come from the numbering depth its headings carry (`X.Y` is level 2) and, for
unnumbered styles, from their prominence rank. A style that differs from the body only
by weight (bold, body size and colour), a bold body-size style in a colour that mostly
leaves its headings unnumbered (defined terms, sub-headings), a style of lead-in labels
(`Afspraken:`) and a rare unnumbered style in a numbered document (box, figure and table
titles) sit one level below the last structural heading (ANNOTATION.md, Clarifications;
gold notes of 005). Bold text at body size is a heading only alone on its line: not
emphasis in a sentence, a bold lead-in that runs on into regular text, or a table cell.
"""

from __future__ import annotations

import functools
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.model import PLine

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|[-,]bd\b", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+\S")
MAX_HEADING_LINES = 5
MAX_HEADING_CHARS = 260
MAX_CELL_WIDTH = 12.0  # a line narrower than this many font sizes under a bold header may be a cell


def font_family(fontname: str) -> str:
    """Font name without the subset prefix (`ABCDEF+Font-Bold` is `Font-Bold`)."""
    return fontname.split("+", 1)[-1]


def is_bold(fontname: str) -> bool:
    return bool(_BOLD_RE.search(font_family(fontname)))


def colour_key(colour: Any) -> str:
    """A fill colour as a 6-digit RGB hex string; gray, RGB and CMYK tuples are converted."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float)) for v in colour):
        return "000000"
    vals = [min(max(float(v), 0.0), 1.0) for v in colour]
    if len(vals) == 1:
        rgb = (vals[0],) * 3
    elif len(vals) == 3:
        rgb = tuple(vals)
    elif len(vals) == 4:
        c, m, y, k = vals
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return "000000"
    if max(rgb) < 0.2:  # near-black text is black
        return "000000"
    return "".join(f"{round(v * 255):02x}" for v in rgb)


def style_key(fontname: str, size: float, colour: Any) -> str:
    """`family|size|B or R|colour` of a font name, font size and fill colour."""
    weight = "B" if is_bold(fontname) else "R"
    return f"{font_family(fontname)}|{round(size, 1)}|{weight}|{colour_key(colour)}"


# A page has tens of thousands of chars but only a handful of distinct (font, size, colour)
# combinations. typed=True keeps an int size (`10`, printed "10") apart from a float one ("10.0").
_cached_style_key = functools.lru_cache(maxsize=4096, typed=True)(style_key)


def char_style(ch: dict[str, Any]) -> str:
    """`family|size|B or R|colour` of one pdfplumber char."""
    fontname, size, colour = ch["fontname"], ch["size"], ch.get("non_stroking_color")
    try:
        return _cached_style_key(fontname, size, colour)
    except TypeError:  # an unhashable colour (a list) cannot be a cache key
        return style_key(fontname, size, colour)


def numbering_depth(text: str) -> int:
    """1 for `3 Titel` / `3. Titel`, 2 for `3.1 Titel`, 0 when the text carries no section number."""
    m = _NUMBER_RE.match(text)
    return m.group(1).count(".") + 1 if m else 0


@dataclass
class StyleInfo:
    key: str
    size: float
    bold: bool
    colour: str
    family: str

    @classmethod
    def parse(cls, key: str) -> StyleInfo:
        family, size, weight, colour = key.split("|")
        return cls(key, float(size), weight == "B", colour, family)


def body_style(lines: Sequence[PLine]) -> StyleInfo:
    """The style that carries most chars of running text."""
    counts: Counter[str] = Counter()
    for ln in lines:
        if ln.kind == "body":
            counts[ln.style] += ln.n_chars
    key = counts.most_common(1)[0][0] if counts else "?|10.0|R|000000"
    return StyleInfo.parse(key)


def _base_family(family: str) -> str:
    return re.split(r"[-,]", family, maxsplit=1)[0].lower()


def is_prominent(style: StyleInfo, body: StyleInfo) -> bool:
    """Larger than body, or bold where the body is not, or coloured in another size or family."""
    if style.size >= body.size + 0.8:
        return True
    if style.size < body.size - 2.5:
        return False
    if style.bold and not body.bold:
        return True
    return style.colour != body.colour and _base_family(style.family) != _base_family(body.family)


def bold_at_body_size(style: StyleInfo, body: StyleInfo) -> bool:
    """Bold in the body's size range, in any colour: a sub-heading, a defined term, a label, or
    bold emphasis and bold lead-ins, which are no headings (`is_heading_block`)."""
    return style.bold and not body.bold and abs(style.size - body.size) <= 0.5


def weight_only(style: StyleInfo, body: StyleInfo) -> bool:
    """Bold in the body's size range and colour: an emphasis style whose level is contextual."""
    return bold_at_body_size(style, body) and style.colour == body.colour


def prominence(style: StyleInfo, body: StyleInfo) -> tuple[float, int, int, int]:
    """Sort key, most prominent first: size, weight, display family, colour."""
    return (
        -style.size,
        -int(style.bold),
        -int(_base_family(style.family) != _base_family(body.family)),
        -int(style.colour != body.colour),
    )


# --- blocks and heading styles -----------------------------------------------------------------


def heading_blocks(lines: Sequence[PLine]) -> list[list[int]]:
    """Runs of consecutive homogeneous lines of one style (indices into `lines`), split at numbers."""
    blocks: list[list[int]] = []
    for i, ln in enumerate(lines):
        if ln.kind not in ("body", "list_item") or not ln.homogeneous:
            continue
        if blocks:
            prev = lines[blocks[-1][-1]]
            gap = ln.top - prev.bottom
            same = (
                prev.style == ln.style
                and prev.page == ln.page
                and prev.block == ln.block
                and blocks[-1][-1] == i - 1
                and -2 < gap < 0.9 * ln.size
                and ln.kind == "body"
                and not numbering_depth(ln.text)
            )
            if same:
                blocks[-1].append(i)
                continue
        blocks.append([i])
    return blocks


@dataclass
class BlockInfo:
    idx: list[int]
    style: str
    text: str
    depth: int


def _block_info(lines: Sequence[PLine], idx: list[int]) -> BlockInfo:
    text = " ".join(lines[i].text for i in idx)
    return BlockInfo(idx, lines[idx[0]].style, text, numbering_depth(text))


def heading_styles(blocks: list[BlockInfo], body: StyleInfo) -> set[str]:
    """Prominent styles whose blocks are typically short (titles), not long lead paragraphs."""
    by_style: dict[str, list[BlockInfo]] = defaultdict(list)
    for b in blocks:
        by_style[b.style].append(b)
    out = set()
    for key, bs in by_style.items():
        style = StyleInfo.parse(key)
        if key == body.key or not is_prominent(style, body):
            continue
        lengths = [len(b.text) for b in bs]
        if statistics.median(lengths) <= 160 and sum(n > MAX_HEADING_CHARS for n in lengths) <= 0.3 * len(bs):
            out.add(key)
    return out


def is_heading_block(b: BlockInfo, lines: Sequence[PLine], body: StyleInfo) -> bool:
    """A block in a heading style that reads like a title."""
    n_lines = len(b.idx)
    letters = sum(ch.isalpha() for ch in b.text)
    if letters < 3 or len(b.text) > MAX_HEADING_CHARS or n_lines > MAX_HEADING_LINES:
        return False
    first = lines[b.idx[0]]
    if first.kind == "list_item":
        return False
    style = StyleInfo.parse(b.style)
    if not bold_at_body_size(style, body):
        return True
    # Bold text at body size is a heading only alone on its line(s), before text of its own.
    if _runs_on(b, lines) or _beside_cells(lines, b.idx[0]):
        return False
    if not b.depth:
        # A bold sentence wrapped over lines and closed by a full stop is emphasis, not a title.
        if n_lines > 1 and b.text.rstrip().endswith("."):
            return False
        if len(b.text) > 160:
            return False
        # Emphasis inside a running sentence (a signature after "Hartelijke groet,") is no title; a
        # list item or a paragraph above a gap may end without a full stop.
        prev = _previous_flow_line(lines, b.idx[0])
        if prev is not None and prev.style == body.key:
            if prev.text.rstrip().endswith(","):
                return False
            runs_into = (
                prev.kind == "body" and prev.page == first.page and first.top - prev.bottom < 0.9 * first.size
            )
            if runs_into and re.search(r"\w$", prev.text):
                return False
    return True


def _runs_on(b: BlockInfo, lines: Sequence[PLine]) -> bool:
    """A bold lead-in: the line under the block goes on in the block's style and turns regular
    (`Wat is nu nodig ... voor de toekomst?` then regular text on the same line)."""
    last = lines[b.idx[-1]]
    j = b.idx[-1] + 1
    if j >= len(lines):
        return False
    nxt = lines[j]
    return (
        nxt.kind in ("body", "list_item")
        and nxt.page == last.page
        and nxt.block == last.block
        and nxt.first_style == b.style
        and (nxt.style != b.style or not nxt.homogeneous)
        and nxt.top - last.bottom < 0.9 * max(last.size, 1.0)
    )


def _beside_cells(lines: Sequence[PLine], i: int) -> bool:
    """The line shares its row with the line read just before or after it (a run-in head with its
    text beside it, a table read row by row), or it is a header cell: a line in its own style on its
    row, and short lines under it (a table without rules, read column by column). A heading at the
    top of one column beside a heading in the next has running text under it."""
    ln = lines[i]
    h = max(ln.bottom - ln.top, 0.1)
    under_short = i + 1 < len(lines) and lines[i + 1].x1 - lines[i + 1].x0 < MAX_CELL_WIDTH * max(
        lines[i + 1].size, 1.0
    )
    j = i
    while j > 0 and lines[j - 1].page == ln.page:
        j -= 1
    for k in range(j, len(lines)):
        other = lines[k]
        if other.page != ln.page:
            break
        if (
            k != i
            and other.kind not in ("furniture", "blank")
            and min(ln.bottom, other.bottom) - max(ln.top, other.top) >= 0.5 * h
            and (abs(k - i) == 1 or (other.style == ln.style and under_short))
        ):
            return True
    return False


def _previous_flow_line(lines: Sequence[PLine], i: int) -> PLine | None:
    for j in range(i - 1, -1, -1):
        if lines[j].kind not in ("furniture", "footnote", "blank"):
            return lines[j]
    return None


def assign_levels(blocks: list[BlockInfo], body: StyleInfo) -> dict[str, int | None]:
    """Level per heading style; None for contextual styles (one below the last structural heading)."""
    depths: dict[str, Counter[int]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    labels: Counter[str] = Counter()  # lead-in labels (`Afspraken:`) introduce what follows them
    for b in blocks:
        counts[b.style] += 1
        if b.depth:
            depths[b.style][b.depth] += 1
        if b.text.rstrip().endswith(":"):
            labels[b.style] += 1
    numbered_doc = any(depths.values())
    levels: dict[str, int | None] = {}
    static = []
    for key in counts:
        style = StyleInfo.parse(key)
        rare_unnumbered = numbered_doc and not depths[key] and counts[key] <= 2 and style.size < body.size + 4
        # Bold at body size in a colour is a level of its own where it numbers its headings (`1.2.1`);
        # mostly unnumbered (defined terms, sub-headings) it is contextual like black bold.
        mostly_unnumbered = sum(depths[key].values()) * 2 < counts[key]
        run_in = weight_only(style, body) or (bold_at_body_size(style, body) and mostly_unnumbered)
        if run_in or rare_unnumbered or labels[key] * 2 > counts[key]:
            levels[key] = None
        else:
            static.append(key)
    static.sort(key=lambda k: prominence(StyleInfo.parse(k), body))
    current = 0
    for key in static:
        # numbering decides a style's level only when it numbers most of its headings: a style
        # of unnumbered sections that also sets two numbered appendices keeps its rank
        if depths[key] and sum(depths[key].values()) * 2 >= counts[key]:
            level = depths[key].most_common(1)[0][0]
        else:
            level = (
                current + 1
                if numbered_doc
                else len({prominence(StyleInfo.parse(k), body) for k in static[: static.index(key) + 1]})
            )
            level = max(1, min(level, current + 1))
        levels[key] = level
        current = level
    return levels
