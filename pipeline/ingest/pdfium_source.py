"""A PDF read through pdfium (pypdfium2): pdfplumber-style chars and drawn shapes per page,
the outline and the metadata title.

The line builder (pdf_layout), the style code (pdf_styles) and the document-level labelling
in pdf.py were written against pdfplumber's char dicts. This module yields the same dicts
from pdfium's text page, several times faster than pdfplumber's pure-Python parsing:
`text`, `x0`, `x1`, `top`, `bottom` in pdfplumber's page space (origin top-left, the page
rotation applied as pdfminer applies it), `size`, `fontname`, `non_stroking_color` (RGB,
0-1), `upright`, `matrix` and `adv` (pdfminer's char matrix and advance), plus the page
`width` and `height` of the media box. Each char costs a few ctypes calls (its text object,
its loose box); what a whole text object shares (font name, size, colour, direction) is read
once per object.

Where pdfium and pdfplumber differ, and how the records are made to agree:

- Boxes. pdfminer's box is the advance width by (descent .. descent + font size), so every
  char of a line has the same height and the box height is the font size. pdfium's tight
  box (`FPDFText_GetCharBox`) is the glyph outline (an `x` is lower than an `h`); its loose
  box (`FPDFText_GetLooseCharBox`) spans the font's descent to its ascent (13 pt for a 10 pt
  font) and is the union of the advance box and the glyph. We take `x0`, `x1` and `bottom`
  from the loose box (bottom = baseline + descent, as pdfminer) and set `top = bottom -
  size`. A glyph reaching left of its origin (`j`, `v`) gets an `x0` up to 0.2 pt smaller
  than pdfminer's; that narrows a gap and never creates a word space.
- Size. `FPDFText_GetFontSize` is the size of the `Tf` operator (often 1, with the scale in
  the text matrix); pdfminer's size is the box height on the page, so size = font size times
  the vertical scale of the char's matrix.
- Spaces. pdfium inserts spaces and line breaks of its own (`FPDFText_IsGenerated`); they have
  no text object and are dropped, so that a space exists only where the PDF draws one, as
  with pdfplumber (the line builder adds word spaces from the gaps itself). pdfium leaves out
  text objects that draw only spaces; see `_blank_run` for how they come back.
- Hyphens. pdfium reports a hyphen at a line end as U+0002 (`FPDFText_IsHyphen`); it is `-`
  again here, which is what pdfplumber gives and what `dehyphenate` undoes.
- Fake bold. A text object drawn twice at almost the same place (a poor man's bold) is one
  set of chars in pdfium and two in pdfplumber.
- Ligatures. A ligature glyph whose ToUnicode maps to `fi` is two chars (`f`, `i`) with one
  box in pdfium and one char with text `fi` in pdfplumber; the assembled text is the same.
- Unmapped glyphs. A glyph without a Unicode mapping is `(cid:NN)` in pdfminer and its char
  code in pdfium; it becomes U+FFFD here, which the text cleaner drops as it drops `(cid:NN)`.
  pdfium maps more glyphs than pdfminer, though: a bullet that a font's own encoding names
  (reportlab's `•` in Helvetica) is `(cid:127)`, without width, in pdfminer and `•` in pdfium,
  so such a line is a list item with pdfium only.
- Standard fonts. For the 14 standard fonts, when not embedded, pdfminer takes widths and the
  descent from Adobe's metrics and pdfium from the font it renders with: boxes sit up to 0.02
  em lower, and a glyph missing from Adobe's metrics (the euro sign) has no width in pdfminer.
- Font names. The base font name, as pdfplumber's `fontname` (pdfium sometimes leaves off the
  subset prefix `ABCDEF+`, which the style code strips anyway). pdfium also knows the weight,
  but the style code takes bold from the name for both engines, so both give the same styles.
- Colours. pdfium gives the fill colour as RGB whatever the colour space; pdfplumber gives
  the components of the PDF's own space (gray, RGB, CMYK), which `colour_key` converts. For
  CMYK pdfium's conversion is not the naive one, so a CMYK colour can get another hex key
  (black stays black); styles only compare within one document, so levels do not change.

Shapes: pdfplumber's `rects + curves` (what `box_regions` reads) are pdfminer's painted
subpaths other than straight two-point lines. Here they are the subpaths of pdfium's path
objects (forms entered), with the same bounding boxes (control points included). The same
walk collects the horizontal and vertical edges from which `could_hold_table` says whether
pdfplumber's table finder could find a table on the page at all.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import math
import struct
from collections.abc import Iterator
from ctypes import byref, c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page as PlumberPage

from pipeline.model import LIGATURE_KEY, OutlineEntry

Char = dict[str, Any]
Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
UNMAPPED = "\ufffd"
LINE_END_HYPHENS = {"\x02": "-", "\ufffe": "-"}  # pdfium's marks for a hyphen at a line end
SAME_LINE = 0.05  # pt: a blank run this close to a neighbour's baseline and size is on its line
SPACE_ADVANCE = 0.25  # share of the font size a space advances (a blank run's last space)
MIN_RULE_WIDTH = 20.0  # pdf_tables: horizontal rules shorter than this never form a table
MAX_PATH_SEGMENTS = 20_000  # a page drawing more (a map, a chart) is walked no further
PdfiumError = pdfium.PdfiumError
# A char's origin (x, y: doubles) then its loose box (FS_RECTF: left, top, right, bottom, floats)
_ORIGIN_AND_BOX = struct.Struct("2d4f")


# x0 step between the letters of one ligature glyph, so that sorting by x0 keeps their order
LIGATURE_STEP = 0.001


def _fast(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """The same pdfium function with plain argument and return types.

    pypdfium2's bindings take typed pointers and return pointer objects; the char loop makes
    millions of calls, and plain ints (handles as `c_void_p`) make each call about twice as fast.
    """
    address = ctypes.cast(fn, c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def _unchecked(fn: Any, restype: Any) -> Any:
    """The same pdfium function with no declared argument types, for the per-char loop alone.

    Without `argtypes` ctypes converts nothing on a call (about half the cost of a call with them,
    measured): the caller passes the handle as a `c_void_p`, ints that fit a C int, and pointers
    made by `byref`. Any other argument would be passed wrongly, so only `chars` uses these.
    """
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(fn, c_void_p).value)


_P, _I = c_void_p, c_int
_count_chars = _fast(pdfium_c.FPDFText_CountChars, _I, _P)
_get_unicode = _fast(pdfium_c.FPDFText_GetUnicode, c_uint, _P, _I)
_get_text = _fast(pdfium_c.FPDFText_GetText, _I, _P, _I, _I, _P)
_char_object = _unchecked(pdfium_c.FPDFText_GetTextObject, _P)  # (text page, index)
_char_loose_box = _unchecked(pdfium_c.FPDFText_GetLooseCharBox, _I)  # (text page, index, rect)
_char_origin = _unchecked(pdfium_c.FPDFText_GetCharOrigin, _I)  # (text page, index, x, y)
_has_map_error = _fast(pdfium_c.FPDFText_HasUnicodeMapError, _I, _P, _I)
_get_font_size = _fast(pdfium_c.FPDFText_GetFontSize, c_double, _P, _I)
_get_font_info = _fast(pdfium_c.FPDFText_GetFontInfo, c_ulong, _P, _I, _P, c_ulong, _P)
_get_fill_color = _fast(pdfium_c.FPDFText_GetFillColor, _I, _P, _I, _P, _P, _P, _P)
_get_char_matrix = _fast(pdfium_c.FPDFText_GetMatrix, _I, _P, _I, _P)
_count_objects = _fast(pdfium_c.FPDFPage_CountObjects, _I, _P)
_get_object = _fast(pdfium_c.FPDFPage_GetObject, _P, _P, _I)
_count_form_objects = _fast(pdfium_c.FPDFFormObj_CountObjects, _I, _P)
_get_form_object = _fast(pdfium_c.FPDFFormObj_GetObject, _P, _P, c_ulong)
_object_type = _fast(pdfium_c.FPDFPageObj_GetType, _I, _P)
_object_matrix = _fast(pdfium_c.FPDFPageObj_GetMatrix, _I, _P, _P)
_object_bounds = _fast(pdfium_c.FPDFPageObj_GetBounds, _I, _P, _P, _P, _P, _P)
_object_fill = _fast(pdfium_c.FPDFPageObj_GetFillColor, _I, _P, _P, _P, _P, _P)
_text_font_size = _fast(pdfium_c.FPDFTextObj_GetFontSize, _I, _P, _P)
_text_font = _fast(pdfium_c.FPDFTextObj_GetFont, _P, _P)
_font_descent = _fast(pdfium_c.FPDFFont_GetDescent, _I, _P, c_float, _P)
_font_ascent = _fast(pdfium_c.FPDFFont_GetAscent, _I, _P, c_float, _P)
_font_name = _fast(pdfium_c.FPDFFont_GetBaseFontName, c_ulong, _P, _P, c_ulong)
_glyph_width = _fast(pdfium_c.FPDFFont_GetGlyphWidth, _I, _P, c_uint, c_float, _P)
_count_segments = _fast(pdfium_c.FPDFPath_CountSegments, _I, _P)
_get_segment = _fast(pdfium_c.FPDFPath_GetPathSegment, _P, _P, _I)
_segment_point = _fast(pdfium_c.FPDFPathSegment_GetPoint, _I, _P, _P, _P)
_segment_type = _fast(pdfium_c.FPDFPathSegment_GetType, _I, _P)
_segment_closes = _fast(pdfium_c.FPDFPathSegment_GetClose, _I, _P)
_path_draw_mode = _fast(pdfium_c.FPDFPath_GetDrawMode, _I, _P, _P, _P)


def _handle(obj: Any) -> int:
    """The address behind a pypdfium2 helper object (document, page, text page)."""
    return ctypes.cast(obj.raw, c_void_p).value or 0


# --- matrices and the page space -----------------------------------------------------------------


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """`m` then `n`, in PDF's row-vector convention (x' = a x + c y + e)."""
    a, b, c, d, e, f = m
    na, nb, nc, nd, ne, nf = n
    return (
        a * na + b * nc,
        a * nb + b * nd,
        c * na + d * nc,
        c * nb + d * nd,
        e * na + f * nc + ne,
        e * nb + f * nd + nf,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _upright(m: Matrix) -> bool:
    """pdfminer's test: the matrix keeps x and y in their directions (180 degrees included)."""
    a, b, c, d = m[0], m[1], m[2], m[3]
    return a * d > 0 and b * c <= 0


def _vertical_scale(m: Matrix) -> float:
    """How much a matrix scales a glyph's height; pdfminer's size is the box height, which for
    rotated text grows with the angle: rotated text is set apart, so the plain scale does."""
    return abs(m[3]) if m[1] == 0 else math.hypot(m[1], m[3])


@dataclass
class _PageSpace:
    """User space to pdfplumber's page space (x to the right, `top` down from the top edge)."""

    ctm: Matrix  # pdfminer's page CTM: the rotation, and the media box moved to the origin
    width: float
    height: float
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # pdfplumber's `page.bbox`

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) of a user-space rectangle."""
        if self.ctm is IDENTITY:
            return left, right, self.height - top, self.height - bottom
        xa, ya = _apply(self.ctm, left, bottom)
        xb, yb = _apply(self.ctm, right, top)
        return min(xa, xb), max(xa, xb), self.height - max(ya, yb), self.height - min(ya, yb)

    def device(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point in pdfminer's device space (y up; pdfplumber's `matrix` e, f)."""
        return (x, y) if self.ctm is IDENTITY else _apply(self.ctm, x, y)

    def direction(self, m: Matrix) -> Matrix:
        """A char matrix as pdfminer sees it: with the page rotation."""
        return _multiply((m[0], m[1], m[2], m[3], 0.0, 0.0), self.ctm)


def page_space(mediabox: tuple[float, float, float, float], rotation: int) -> _PageSpace:
    """pdfminer's page CTM and the rotated page size (pdfplumber's `width`, `height`).

    On an unrotated page pdfplumber keeps user-space x and measures `top` from the media box
    height (it adds the box's offset back after pdfminer took it off), which is the identity
    here; rotated pages get pdfminer's CTM.
    """
    x0, y0, x1, y1 = mediabox
    rotation %= 360
    bbox = plumber_bbox(mediabox, rotation)
    if rotation == 90:
        return _PageSpace((0.0, -1.0, 1.0, 0.0, -y0, x1), y1 - y0, x1 - x0, bbox)
    if rotation == 180:
        return _PageSpace((-1.0, 0.0, 0.0, -1.0, x1, y1), x1 - x0, y1 - y0, bbox)
    if rotation == 270:
        return _PageSpace((0.0, 1.0, -1.0, 0.0, y1, -x0), y1 - y0, x1 - x0, bbox)
    return _PageSpace(IDENTITY, x1 - x0, y1 - y0, bbox)


def plumber_bbox(mediabox: tuple[float, float, float, float], rotation: int) -> tuple[float, ...]:
    """pdfplumber's `page.bbox` of a media box: sorted corners, swapped on a quarter turn, and y
    flipped within the box height (pdfplumber's `_normalize_box` and `_invert_box`)."""
    x0, x1 = sorted((mediabox[0], mediabox[2]))
    y0, y1 = sorted((mediabox[1], mediabox[3]))
    if rotation in (90, 270):
        x0, y0, x1, y1 = y0, x0, y1, x1
    height = y1 - y0
    return (x0, height - y1, x1, height - y0)


def _page_space_of(page: pdfium.PdfPage) -> _PageSpace:
    # pdfium's media box getter does not inherit the box from the page tree (crbug.com/pdfium/1786);
    # the bounding box (media box within the crop box) does, and is the media box on almost any page.
    box = page.get_mediabox(fallback_ok=False) or page.get_bbox()
    return page_space(box, page.get_rotation())


# --- chars ---------------------------------------------------------------------------------------


@dataclass
class _ObjectStyle:
    """What every char of one pdfium text object shares."""

    fontname: str
    size: float  # font size times the vertical scale of the char matrix: pdfminer's char size
    colour: tuple[float, float, float]
    upright: bool
    unmapped: bool  # its first char has no Unicode mapping: check every char of the object
    plain: bool  # upright, unrotated and unskewed on an unrotated page: x0 is the char's origin
    order: int  # position of the text object in the page's content (-1: unknown)
    matrix: Matrix  # the char matrix as pdfminer's (text matrix and CTM, no font size), e = f = 0
    # On other than plain chars: how far pdfminer's box top (descent + font size) lies below
    # pdfium's loose top (the ascent), along the glyph's vertical axis in user space.
    lower_top: tuple[float, float] = (0.0, 0.0)
    user_y_axis: tuple[float, float] = (0.0, 1.0)  # (c, d) of the char matrix in user space
    below_baseline: float = 0.0  # on plain chars: the font's descent in page points
    font: int = 0  # on other than plain chars: the font handle, for the advance of each char
    font_size: float = 0.0  # the `Tf` size


class _TextPageReader:
    """The chars of one text page; holds the ctypes buffers that pdfium writes into."""

    def __init__(self, textpage: Any, space: _PageSpace, order: dict[int, int]) -> None:
        self.handle = _handle(textpage)
        self.space = space
        self.order = order  # text object address -> its position in the page content
        self.matrix = pdfium_c.FS_MATRIX()
        self.name = ctypes.create_string_buffer(256)
        self.flags = c_int()
        self.rgba = (c_uint(), c_uint(), c_uint(), c_uint())
        self.styles: dict[int, _ObjectStyle] = {}  # by text object address: the objects with chars

    def _all_text(self, n: int) -> str | None:
        """The text of all chars in one call, when it has one UTF-16 unit per char."""
        buf = ctypes.create_string_buffer(2 * (n + 1))
        written = _get_text(self.handle, 0, n, buf)
        text = buf.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
        return text if len(text) == n else None

    def _style(self, obj: int, index: int) -> _ObjectStyle:
        h = self.handle
        _get_font_info(h, index, self.name, len(self.name), byref(self.flags))
        fontname = self.name.value.decode("utf-8", errors="replace")
        m = self.matrix
        _get_char_matrix(h, index, byref(m))
        user = (m.a, m.b, m.c, m.d, 0.0, 0.0)
        direction = self.space.direction(user)
        font_size = _get_font_size(h, index)
        r, g, b, a = self.rgba
        _get_fill_color(h, index, byref(r), byref(g), byref(b), byref(a))
        plain = self.space.ctm is IDENTITY and direction[0] > 0 and direction[1:3] == (0.0, 0.0)
        below = self._below_baseline(obj, font_size * abs(m.d)) if plain else 0.0
        return _ObjectStyle(
            fontname=fontname,
            size=round(font_size * _vertical_scale(direction), 4),
            colour=(r.value / 255, g.value / 255, b.value / 255),
            upright=_upright(direction),
            unmapped=bool(_has_map_error(h, index)),
            plain=plain,
            order=self.order.get(obj, -1),
            matrix=direction,
            lower_top=(0.0, 0.0) if plain else self._lower_top(obj, user, font_size),
            user_y_axis=(m.c, m.d),
            below_baseline=below,
            font=0 if plain else (_text_font(obj) or 0),
            font_size=font_size,
        )

    @staticmethod
    def _below_baseline(obj: int, scale: float) -> float:
        """How far pdfminer's box reaches below the baseline: the font's descent, scaled."""
        font, descent = _text_font(obj), c_float()
        if not (font and _font_descent(font, 1.0, byref(descent))):
            return 0.0
        return -descent.value * scale

    @staticmethod
    def _lower_top(obj: int, user: Matrix, font_size: float) -> tuple[float, float]:
        """pdfminer's box is (0, descent) to (advance, descent + 1) in text space, pdfium's loose
        box (0, descent) to (advance, ascent), each through the char matrix (font size applied);
        the top edge moves by (descent + 1 - ascent) along the matrix's y axis."""
        font, ascent, descent = _text_font(obj), c_float(), c_float()
        if not (font and _font_ascent(font, 1.0, byref(ascent)) and _font_descent(font, 1.0, byref(descent))):
            return 0.0, 0.0
        shift = (descent.value + 1.0 - ascent.value) * font_size
        return user[2] * shift, user[3] * shift

    @staticmethod
    def _pdfminer_box(st: _ObjectStyle, box: Box) -> Box:
        """User-space (left, bottom, right, top) of pdfminer's box from pdfium's loose box.

        Both are axis-aligned bounds of the char's box through its matrix; moving the top edge
        moves the bound it sets: the right or left one as the matrix's y axis leans right or
        left, the top or bottom one as it points up or down.
        """
        left, bottom, right, top = box
        dx, dy = st.lower_top
        c, d = st.user_y_axis
        if c > 0:
            right += dx
        elif c < 0:
            left += dx
        if d > 0:
            top += dy
        elif d < 0:
            bottom += dy
        return left, bottom, right, top

    def chars(self) -> tuple[list[Char], list[tuple[int, int]]]:
        """The page's chars in pdfium's order, and (content position, index of its first char)
        of each text object, in the order the objects first appear."""
        h = self.handle
        n = _count_chars(h)
        if n <= 0:
            return [], []
        text = self._all_text(n) or [chr(_get_unicode(h, i)) for i in range(n)]
        # pdfium writes a char's origin and loose box into one buffer, read back by one struct call:
        # this loop runs for every char of the document, and ctypes field reads cost more than that
        buf = ctypes.create_string_buffer(_ORIGIN_AND_BOX.size)
        origin_x, origin_y, box_ref = byref(buf, 0), byref(buf, 8), byref(buf, 16)
        read = _ORIGIN_AND_BOX.unpack_from
        height = self.space.height
        styles = self.styles
        page_ref = c_void_p(h)  # the handle as the pointer `_unchecked` functions need
        get_object, get_box, get_origin = _char_object, _char_loose_box, _char_origin
        hyphens, ligature_key = LINE_END_HYPHENS, LIGATURE_KEY
        out: list[Char] = []
        append = out.append
        starts: list[tuple[int, int]] = []
        previous_box: Box | None = None
        current = 0  # no text object: the first char binds what its object's chars share
        for i in range(n):
            obj = get_object(page_ref, i)
            if not obj:  # a space or line break pdfium generated: not in the PDF
                continue
            if obj != current:
                current = obj
                st = styles.get(obj) or self._first_char_of(obj, i, len(out), starts)
                fontname, size, colour, upright = st.fontname, st.size, st.colour, st.upright
                below, plain, unmapped = st.below_baseline, st.plain, st.unmapped
                a, b, c, d = st.matrix[:4]
            ch = text[i]
            if ch in hyphens:
                ch = hyphens[ch]
            elif unmapped and _has_map_error(h, i):
                ch = UNMAPPED
            get_box(page_ref, i, box_ref)
            get_origin(page_ref, i, origin_x, origin_y)
            x, y, left, top, right, bottom = read(buf)
            # The next letter of a ligature (`fi`, `ff`) has the glyph's box: one glyph, one box.
            # pdfium itself leaves out a copy of a glyph drawn over the first (`blank_run`).
            box = (left, right, top, bottom)
            ligature = box == previous_box  # never on the first char: there is no previous box
            previous_box = box
            if plain:
                # pdfminer's box starts at the origin and reaches the descent below the baseline;
                # the loose box also holds a glyph reaching left of its origin, and is the glyph's
                # own box for a hyphen pdfium marks at a line end
                base = height - y + below
                if ligature:
                    # its origin may lie before its first letter's; the line builder sorts by x0
                    x = max(x, out[-1]["x0"] + LIGATURE_STEP)
                append(
                    {
                        "text": ch,
                        "x0": x,
                        "x1": right,
                        "top": base - size,
                        "bottom": base,
                        "size": size,
                        "fontname": fontname,
                        "non_stroking_color": colour,
                        "upright": upright,
                        "matrix": (a, b, c, d, x, y),
                        # the box is the advance but for a glyph's overhang; the line builder
                        # reads `adv` of turned chars only (where a box does not tell it)
                        "adv": (right - x) / a,
                        # the second `f` of `ff` is no glyph drawn twice (`flow_runs` drops those)
                        ligature_key: ligature,
                    }
                )
            else:
                turned = self._turned_char(ch, st, (left, bottom, right, top), x, y)
                turned[ligature_key] = ligature
                append(turned)
        return out, starts

    def _first_char_of(
        self, obj: int, index: int, position: int, starts: list[tuple[int, int]]
    ) -> _ObjectStyle:
        """The style of a text object met for the first time, at char `index`; notes where it starts."""
        st = self.styles[obj] = self._style(obj, index)
        starts.append((st.order, position))
        return st

    def _turned_char(self, text: str, st: _ObjectStyle, box: Box, x: float, y: float) -> Char:
        """A char that is rotated, skewed or mirrored, or on a rotated page (rare)."""
        x0, x1, top, bottom = self.space.box(*self._pdfminer_box(st, box))
        width = c_float()
        # pdfminer's `adv`: the glyph's width times the font size, in text space. pdfium looks
        # the glyph up by its Unicode value, as our text holds it (U+FFFD: no width).
        has_width = st.font and _glyph_width(st.font, ord(text[0]), st.font_size, byref(width))
        return {
            "text": text,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "size": bottom - top,
            "fontname": st.fontname,
            "non_stroking_color": st.colour,
            "upright": st.upright,
            "matrix": (*st.matrix[:4], *self.space.device(x, y)),
            "adv": width.value if has_width else None,
        }

    def blank_run(self, obj: int, outer: Matrix) -> Char | None:
        """A space char for a text object that pdfium's text page left out, or None.

        pdfium leaves out text objects that draw only spaces (InDesign sets a tab, and the gap
        before a contents page number, that way), and a copy of a glyph run drawn over the
        first (fake bold); pdfminer keeps both. The spaces matter: the line builder never
        splits a row right after a space, so `Leeswijzer<tab>8` stays one line. A space has
        no outline, so an object of spaces has bounds without height; an object with ink is
        a copy and is skipped. A blank run becomes one space char from its origin to its last
        space, which advances a quarter of the font size.
        """
        size, descent = c_float(), c_float()
        left, bottom, right, top = c_float(), c_float(), c_float(), c_float()
        if not _object_bounds(obj, byref(left), byref(bottom), byref(right), byref(top)):
            return None
        if top.value - bottom.value > 0.01 or not _text_font_size(obj, byref(size)):
            return None
        m = _multiply(_object_matrix_of(obj, self.matrix), outer)
        direction = self.space.direction(m)
        if not _upright(direction) or m[1] != 0:
            return None
        scale = size.value * _vertical_scale(direction)
        font = _text_font(obj)
        if not font or not _font_descent(font, size.value, byref(descent)):
            descent.value = -0.2 * size.value
        (xa, _), (xb, _) = _apply(outer, left.value, bottom.value), _apply(outer, right.value, top.value)
        low = m[5] + descent.value * m[3]
        x0, x1, _, b_bottom = self.space.box(min(xa, xb), low, max(xa, xb) + SPACE_ADVANCE * scale, low)
        name = self.name
        if not font or not _font_name(font, name, len(name)):
            name.value = b""
        r, g, b, a = self.rgba
        _object_fill(obj, byref(r), byref(g), byref(b), byref(a))
        return {
            "text": " ",
            "x0": x0,
            "x1": x1,
            "top": b_bottom - scale,
            "bottom": b_bottom,
            "size": round(scale, 4),
            "fontname": name.value.decode("utf-8", errors="replace"),
            "non_stroking_color": (r.value / 255, g.value / 255, b.value / 255),
            "upright": True,
            "matrix": (*direction[:4], *self.space.device(m[4], m[5])),
            "adv": (x1 - x0) / math.hypot(direction[0], direction[1]),
        }


def _object_matrix_of(obj: int, buf: Any) -> Matrix:
    if not _object_matrix(obj, byref(buf)):
        return IDENTITY
    return (buf.a, buf.b, buf.c, buf.d, buf.e, buf.f)


# --- page objects: shapes and edges --------------------------------------------------------------


@dataclass
class _Edges:
    """Horizontal and vertical straight pieces of the page's paths, as pdfplumber makes edges."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)  # (top, x0, x1)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)  # (x, top, bottom)


def _page_objects(
    holder: int, is_form: bool = False, outer: Matrix = IDENTITY
) -> Iterator[tuple[int, int, Matrix]]:
    """(object, type, matrix of its container to user space) of every object in content order,
    the objects of forms in the form's place."""
    count = _count_form_objects(holder) if is_form else _count_objects(holder)
    for k in range(count):
        obj = _get_form_object(holder, k) if is_form else _get_object(holder, k)
        if not obj:
            continue
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = _multiply(_object_matrix_of(obj, pdfium_c.FS_MATRIX()), outer)
            yield from _page_objects(obj, True, inner)
        else:
            yield obj, kind, outer


def _subpaths(obj: int, matrix: Matrix) -> list[list[tuple[float, float]]]:
    """The subpaths of a path object as point lists in user space (closed ones end at their start)."""
    x, y = c_float(), c_float()
    xr, yr = byref(x), byref(y)
    out: list[list[tuple[float, float]]] = []
    for i in range(_count_segments(obj)):
        seg = _get_segment(obj, i)
        if not seg or not _segment_point(seg, xr, yr):
            continue
        point = _apply(matrix, x.value, y.value)
        if _segment_type(seg) == pdfium_c.FPDF_SEGMENT_MOVETO or not out:
            out.append([point])
        else:
            out[-1].append(point)
        if _segment_closes(seg) and out[-1][0] != point:
            out[-1].append(out[-1][0])
    return out


def _is_painted(obj: int) -> bool:
    fill, stroke = c_int(), c_int()
    if not _path_draw_mode(obj, byref(fill), byref(stroke)):
        return True
    return bool(fill.value) or bool(stroke.value)


def _add_edges(points: list[tuple[float, float]], space: _PageSpace, edges: _Edges) -> None:
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        x0, x1, top, bottom = space.box(min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
        if bottom - top < 0.01 and x1 - x0 >= 1:
            edges.horizontal.append((top, x0, x1))
        elif x1 - x0 < 0.01 and bottom - top >= 1:
            edges.vertical.append((x0, top, bottom))


def _shapes_and_edges(subpaths: list[list[Point]], space: _PageSpace, edges: _Edges) -> list[Char]:
    """pdfplumber's rects and curves (the bounding boxes of subpaths that are not straight lines)."""
    shapes: list[Char] = []
    for points in subpaths:
        if len(points) < 2:
            continue
        _add_edges(points, space, edges)
        if len(points) == 2:  # a straight line: pdfplumber's `lines`, not `rects` or `curves`
            continue
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x0, x1, top, bottom = space.box(min(xs), min(ys), max(xs), max(ys))
        shapes.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom})
    return shapes


def _levels(values: list[float], tol: float = 1.0) -> list[list[int]]:
    """Indices of `values` clustered into levels no more than `tol` apart, in order."""
    order = sorted(range(len(values)), key=values.__getitem__)
    groups: list[list[int]] = []
    for i in order:
        if groups and values[i] - values[groups[-1][-1]] <= tol:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def could_hold_table(edges: _Edges) -> bool:
    """Whether pdfplumber's table finder, as `pdf_tables.find_tables` calls it, could find a table.

    A superset of both passes: a fully ruled table of two rows and two columns needs three
    horizontal and three vertical lines; a table ruled by horizontal rules needs two rule
    levels of at least two rules each that share three end points. Levels are clustered with
    a tolerance and end points compared within a point, so float noise between the engines
    can only add candidates, never lose one.
    """
    rows, columns = _levels([e[0] for e in edges.horizontal]), _levels([e[0] for e in edges.vertical])
    if len(rows) >= 3 and len(columns) >= 3:
        return True
    wide = [e for e in edges.horizontal if e[2] - e[1] >= MIN_RULE_WIDTH - 1]
    ends = [
        _distinct([x for i in group for x in (wide[i][1], wide[i][2])])
        for group in _levels([e[0] for e in wide])
        if len(group) >= 2
    ]
    for upper, lower in zip(ends, ends[1:], strict=False):
        if sum(any(abs(x - y) <= 1.0 for y in lower) for x in upper) >= 3:
            return True
    return False


def _distinct(values: list[float], tol: float = 1.0) -> list[float]:
    """One value of each cluster of `values` no more than `tol` apart."""
    return [values[group[0]] for group in _levels(values, tol)]


# --- pages ---------------------------------------------------------------------------------------


@dataclass
class PdfiumPage:
    """One page as pdfplumber would give it: chars, drawn shapes, and the page size."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    shapes: list[Char]  # pdfplumber's `rects + curves`: dicts with x0, x1, top, bottom
    table_candidate: bool  # pdfplumber's table finder could find a table on this page
    edges: list[Char] = field(default_factory=list)  # on a table candidate: its ruling as pdfplumber lines
    bbox: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)  # pdfplumber's `page.bbox`


class PlumberView(PlumberPage):
    """A pdfplumber page made of pdfium's chars and ruling, with no pdfminer document behind it.

    pdfplumber's table finder reads only a page's objects, `bbox` and size, and a page's objects
    come from `_objects` once set, so its finder runs here as on the page pdfplumber would open.
    Opening the file in pdfplumber just for that page object made pdfminer parse the whole page
    tree and its object streams: about a third of the reading time of a PDF with a table."""

    def __init__(self, page: PdfiumPage, doctop: float) -> None:
        self.pdf = None
        self.page_obj = None
        self.root_page = self
        self.page_number = page.number
        self.initial_doctop = doctop
        self.rotation = 0  # the chars are already in the rotated page space
        self.mediabox = self.cropbox = self.bbox = page.bbox
        self.get_textmap = functools.lru_cache()(self._get_textmap)
        self._objects = plumber_objects(page, doctop)


def plumber_objects(page: PdfiumPage, doctop: float) -> dict[str, list[Char]]:
    """The page's chars and ruling as the objects of a pdfplumber page starting at `doctop`.

    Handed to a pdfplumber page, they let its table finder run without pdfminer parsing the page
    again (4x less CPU on a table page). The ruling goes in as straight `line` objects: the
    finder reads only the edges of rects, curves and lines, and these are the same edges.
    """
    chars = _spaces_before_their_word(page.chars)
    # pdfplumber's own char keys, added in place: copying every char of a table page cost more than
    # the finder, and the line builder reads the chars of either engine, which have these keys
    for c in chars:
        c["object_type"] = "char"
        c["doctop"] = doctop + c["top"]
        c["width"] = c["x1"] - c["x0"]
        c["height"] = c["size"]
    lines = [{**e, "doctop": doctop + e["top"]} for e in page.edges]
    return {"char": chars, "line": lines}


def _spaces_before_their_word(chars: list[Char]) -> list[Char]:
    """A space that starts where an earlier char of its line starts, moved before that char.

    A space drawn over the first letter of a word, in a text object of its own, comes back as a
    blank run after the text object that holds the word (`_merge_in_content_order` places runs
    between objects). pdfplumber's text extraction orders a line by `x0` and keeps the list
    order on ties, so the word would break one letter late (`maatwerkd ienst`); in the content
    order, which pdfminer keeps, the space comes first.
    """
    # Only a char that starts where a space starts can have one moved before it: the other chars
    # (nearly all of them) are passed over without building their key.
    space_starts = {round(c["x0"], 2) for c in chars if c["text"] == " "}
    if not space_starts:
        return chars
    first: dict[tuple[float, float], int] = {}
    before: dict[int, list[Char]] = {}
    moved: set[int] = set()
    for i, c in enumerate(chars):
        x0 = round(c["x0"], 2)
        if x0 not in space_starts:
            continue
        key = (x0, round(c["bottom"], 1))
        if c["text"] != " ":
            first.setdefault(key, i)
        elif (j := first.get(key)) is not None:
            before.setdefault(j, []).append(c)
            moved.add(i)
    if not moved:
        return chars
    out: list[Char] = []
    for i, c in enumerate(chars):
        out.extend(before.get(i, ()))
        if i not in moved:
            out.append(c)
    return out


def _line_objects(edges: _Edges) -> list[Char]:
    horizontal = [
        {
            "object_type": "line",
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": top,
            "width": x1 - x0,
            "height": 0.0,
        }
        for top, x0, x1 in edges.horizontal
    ]
    vertical = [
        {
            "object_type": "line",
            "x0": x,
            "x1": x,
            "top": top,
            "bottom": bottom,
            "width": 0.0,
            "height": bottom - top,
        }
        for x, top, bottom in edges.vertical
    ]
    return horizontal + vertical


def read_page(pdf: pdfium.PdfDocument, index: int) -> PdfiumPage:
    """Chars and shapes of page `index` (0-based); the page is closed before returning.

    Raises `PdfiumError` when pdfium cannot load the page or its text.
    """
    page = pdf[index]
    try:
        space = _page_space_of(page)
        objects = list(_page_objects(_handle(page)))
        order = {obj: k for k, (obj, kind, _) in enumerate(objects) if kind == pdfium_c.FPDF_PAGEOBJ_TEXT}
        textpage = page.get_textpage()
        try:
            reader = _TextPageReader(textpage, space, order)
            chars, starts = reader.chars()
            blanks = [
                (order[obj], blank)
                for obj, kind, outer in objects
                if kind == pdfium_c.FPDF_PAGEOBJ_TEXT
                and obj not in reader.styles
                and (blank := reader.blank_run(obj, outer)) is not None
            ]
        finally:
            textpage.close()
        shapes, edges = _drawn_shapes(objects, space)
    finally:
        page.close()
    candidate = could_hold_table(edges)
    return PdfiumPage(
        number=index + 1,
        width=space.width,
        height=space.height,
        chars=_merge_in_content_order(chars, starts, blanks),
        shapes=shapes,
        table_candidate=candidate,
        edges=_line_objects(edges) if candidate else [],
        bbox=space.bbox,
    )


def _merge_in_content_order(
    chars: list[Char], starts: list[tuple[int, int]], blanks: list[tuple[int, Char]]
) -> list[Char]:
    """The blank runs put among the chars where the content draws them.

    The line builder orders chars by their vertical middle, then a row by `x0`, and keeps
    the char order on ties; a blank run that starts where the next word starts must come
    first there, as in pdfplumber's content order. `starts` holds (content position, index
    of its first char) of each text object. A blank's baseline is computed here, not by
    pdfium, so one on the baseline of its neighbour takes the neighbour's exact `top` and
    `bottom`.
    """
    if not blanks:
        return chars
    positions = [position for position, _ in starts]
    if any(a > b for a, b in zip(positions, positions[1:], strict=False)):  # not in content order
        return chars + [blank for _, blank in blanks]
    out = list(chars)
    for position, blank in sorted(blanks, key=lambda ob: ob[0], reverse=True):
        k = bisect.bisect_left(positions, position)
        at = starts[k][1] if k < len(starts) else len(chars)
        for neighbour in chars[at : at + 1] + chars[max(at - 1, 0) : at]:
            if (
                abs(neighbour["bottom"] - blank["bottom"]) < SAME_LINE
                and abs(neighbour["size"] - blank["size"]) < SAME_LINE
            ):
                blank["top"], blank["bottom"] = neighbour["top"], neighbour["bottom"]
                break
        out.insert(at, blank)
    return out


def _drawn_shapes(objects: list[tuple[int, int, Matrix]], space: _PageSpace) -> tuple[list[Char], _Edges]:
    """Shapes and edges of the painted paths (up to MAX_PATH_SEGMENTS segments a page)."""
    shapes: list[Char] = []
    edges = _Edges()
    budget = MAX_PATH_SEGMENTS
    buf = pdfium_c.FS_MATRIX()
    for obj, kind, outer in objects:
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not _is_painted(obj):
            continue
        if budget <= 0:
            break
        budget -= _count_segments(obj)
        subpaths = _subpaths(obj, _multiply(_object_matrix_of(obj, buf), outer))
        shapes.extend(_shapes_and_edges(subpaths, space, edges))
    return shapes, edges


# --- the document --------------------------------------------------------------------------------


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF; raises `PdfiumError` (with pdfium's `err_code`) when pdfium cannot."""
    return pdfium.PdfDocument(Path(path))


def is_password_error(exc: PdfiumError) -> bool:
    return exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)


def has_valid_xref(pdf: pdfium.PdfDocument) -> bool:
    """False when the cross-reference table was broken or missing and pdfium rebuilt it."""
    return bool(pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf))


def metadata_title(pdf: pdfium.PdfDocument) -> str | None:
    return (pdf.get_metadata_value("Title") or "").strip() or None


def read_outline(pdf: pdfium.PdfDocument) -> list[OutlineEntry]:
    """The bookmarks as `OutlineEntry` records (level 1 at the top, as pdfminer counts), with
    the 1-based page of an explicit or GoTo-action destination where it resolves."""
    return [
        OutlineEntry(level=mark.level + 1, title=mark.get_title(), page=_mark_page(pdf, mark))
        for mark in pdf.get_toc()
    ]


def _mark_page(pdf: pdfium.PdfDocument, mark: Any) -> int | None:
    dest = pdfium_c.FPDFBookmark_GetDest(pdf, mark)
    if not dest:
        action = pdfium_c.FPDFBookmark_GetAction(mark)
        if action and pdfium_c.FPDFAction_GetType(action) == pdfium_c.PDFACTION_GOTO:
            dest = pdfium_c.FPDFAction_GetDest(pdf, action)
    if not dest:
        return None
    index = pdfium_c.FPDFDest_GetDestPageIndex(pdf, dest)
    return index + 1 if index >= 0 else None


__all__ = [
    "PdfiumError",
    "PdfiumPage",
    "could_hold_table",
    "has_valid_xref",
    "is_password_error",
    "metadata_title",
    "open_pdf",
    "page_space",
    "read_outline",
    "read_page",
]
