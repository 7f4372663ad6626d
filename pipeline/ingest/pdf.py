"""The PDF reader: a born-digital policy PDF to a `Document` of typed lines.

Two engines give the same page content (chars, drawn shapes, tables): `pdfium` (the
default: pdfium_source reads chars and shapes; pdfplumber's table finder runs only on the
pages whose drawn edges could form a table, over pdfium's chars and ruling, so pdfminer
never parses a page) and `pdfplumber` (the reference: everything through pdfplumber).
Everything after that, the layout and the labelling, is the same code. Only the PDF
library's own parse errors become `corrupt` or `encrypted`; any other exception is a bug
and reaches the runner as itself. Pages are read one at a time and closed after use, so
memory stays flat on long documents. Per page: tables (pdf_tables), lines in reading order
with superscript footnote marks split off (pdf_layout). Over the whole document: running
headers/footers and page numbers by repetition and position, tables of contents, footnotes
at page feet, back-cover contact blocks, bullets, end-of-line hyphenation, and headings with
levels from the document's own typography (pdf_styles). Nothing is deleted: furniture, toc,
footnote and table_row lines are labelled (`Line.kind`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect, PDFXRefFallback
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSException

from pipeline.errors import DocumentError
from pipeline.ingest import pdfium_source
from pipeline.ingest.date_rows import mark_date_led_tables
from pipeline.ingest.pdf_layout import box_regions, is_horizontal, lines_by_direction, order_page
from pipeline.ingest.pdf_styles import (
    StyleInfo,
    _block_info,
    assign_levels,
    body_style,
    heading_blocks,
    heading_styles,
    is_heading_block,
)
from pipeline.ingest.pdf_tables import find_tables
from pipeline.ingest.quality import assess_text
from pipeline.model import Document, Footnote, Line, Origin, OutlineEntry, PLine, Table
from pipeline.settings import DEFAULT_PDF_ENGINE, PDF_ENGINES
from pipeline.text.clean import join_wrapped, keeps_hyphen, strip_bullet
from pipeline.vocab import TOC_TITLES

MARGIN_ZONE = 0.09  # share of the page height at top and bottom where running headers/footers live
COVER_MAX_LINES = 12
# Body text set with a leading of 1.5 times its size has gaps of exactly half a line; without
# a tolerance, float noise in the last digit made some of those lines paragraph breaks.
GAP_TOLERANCE = 0.01
# starts only where a run of dots or spaces starts: from inside a run it was quadratic in its length
_PAGE_NUMBER_END_RE = re.compile(r"(?:(?<!\.)\.{2,}|…|(?<!\s)\s)\s*\d{1,3}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_FOOTNOTE_START_RE = re.compile(r"^(\d{1,3}|\*{1,3})\s+\S")
_CONTACT_RE = re.compile(
    r"postbus|www\.|https?://|\S@\S|\.(?:nl|com|org|eu)\b|\b\d{4}\s?[A-Z]{2}\b|\btel(?:efoon)?\b|\bkvk\b"
    r"|\b0\d{1,3}[- ]?\d{6,8}\b",
    re.IGNORECASE,
)


# --- opening and errors ----------------------------------------------------------------------------

BBox = tuple[float, float, float, float]


def _is_password_error(exc: BaseException) -> bool:
    if isinstance(exc, pdfium_source.PdfiumError):
        return pdfium_source.is_password_error(exc)
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        seen = (
            seen.__cause__
            or seen.__context__
            or (seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
        )
    return False


def _document_error(exc: BaseException, source_file: str) -> DocumentError:
    if _is_password_error(exc):
        return DocumentError("encrypted", f"{source_file}: the PDF is password-protected")
    detail = str(exc) or type(exc).__name__
    return DocumentError("corrupt", f"{source_file}: not a readable PDF ({detail})")


def _no_pages(source_file: str) -> DocumentError:
    return DocumentError("corrupt", f"{source_file}: the PDF has no pages")


def _rebuilt_xref(source_file: str) -> str:
    return f"{source_file}: the cross-reference table is broken or missing; the PDF was read from its objects"


# The PDF library's own parse errors, and only those: pdfplumber wraps whatever pdfminer raises
# while opening the file, listing its pages or parsing a page in PdfminerException (pdfminer's
# plain ValueError, KeyError or TypeError on a malformed object included) and raises
# MalformedPDFException for a bad page box; pdfminer's own errors (syntax, encryption, a broken
# object) are PSException. They guard the library calls only: a ValueError, KeyError, TypeError
# or AttributeError from our layout code is a bug and reaches the runner as itself (`internal`).
_PARSE_ERRORS: tuple[type[BaseException], ...] = (
    PSException,
    pdfplumber.utils.exceptions.PdfminerException,
    pdfplumber.utils.exceptions.MalformedPDFException,
)


# --- engines: a page's chars, drawn shapes and tables --------------------------------------------


@dataclass
class PageContent:
    """What the layout reads of one page, the same from either engine (pdfplumber's geometry)."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[dict[str, Any]]
    shapes: list[dict[str, Any]]  # drawn rects and curves, for box_regions
    tables: list[tuple[BBox, list[list[str]]]] = field(default_factory=list)


def _has_text(chars: list[dict[str, Any]]) -> bool:
    return any(c["text"].strip() for c in chars)


def _parsed_plumber_page(page: Any, source_file: str) -> tuple[list[dict], list[dict]]:
    """A pdfplumber page's chars and drawn shapes; pdfminer parses the page here."""
    try:
        return page.chars, page.rects + page.curves
    except _PARSE_ERRORS as exc:
        raise _document_error(exc, source_file) from exc


def _upright_only(page: Any) -> Any:
    """The pdfplumber page without rotated chars: a watermark across a table stays out of its cells
    (the layout reads it apart)."""
    if all(is_horizontal(c) for c in page.chars):
        return page
    return page.filter(lambda o: o["object_type"] != "char" or is_horizontal(o))


class PlumberEngine:
    """The reference engine: pdfminer parses every page, pdfplumber's finder reads the tables."""

    def __init__(self, path: Path, source_file: str) -> None:
        self.source_file = source_file
        try:
            self.pdf = pdfplumber.open(path)
        except _PARSE_ERRORS as exc:
            raise _document_error(exc, source_file) from exc
        try:
            self.n_pages = len(self.pdf.pages)
            self.metadata_title = str(self.pdf.metadata.get("Title") or "").strip() or None
        except _PARSE_ERRORS as exc:
            self.pdf.close()
            raise _document_error(exc, source_file) from exc
        rebuilt = any(isinstance(x, PDFXRefFallback) for x in self.pdf.doc.xrefs)
        self.warnings = [_rebuilt_xref(source_file)] if rebuilt else []
        self._page_ids: dict[int, int] = {}

    def pages(self) -> Iterator[PageContent]:
        for i in range(self.n_pages):
            page = self.pdf.pages[i]
            try:
                chars, shapes = _parsed_plumber_page(page, self.source_file)
                content = PageContent(i + 1, float(page.width), float(page.height), chars, shapes)
                content.tables = find_tables(_upright_only(page)) if _has_text(chars) else []
            finally:
                self._page_ids[page.page_obj.pageid] = i + 1
                page.close()
            yield content

    def outline(self) -> list[OutlineEntry]:
        return read_outline(self.pdf, self._page_ids)

    def close(self) -> None:
        self.pdf.close()


class PdfiumEngine:
    """pdfium reads chars, shapes, outline and metadata; pdfplumber's table finder runs over
    pdfium's chars and ruling, on the pages whose drawn edges could form a table
    (`pdfium_source.could_hold_table`). pdfminer never parses the file."""

    def __init__(self, path: Path, source_file: str) -> None:
        self.source_file = source_file
        try:
            self.pdf = pdfium_source.open_pdf(path)
        except pdfium_source.PdfiumError as exc:
            if exc.err_code == 0:  # pdfium opened the file and found no page in it
                raise _no_pages(source_file) from exc
            raise _document_error(exc, source_file) from exc
        self.n_pages = len(self.pdf)
        self.metadata_title = pdfium_source.metadata_title(self.pdf)
        self.warnings = [] if pdfium_source.has_valid_xref(self.pdf) else [_rebuilt_xref(source_file)]

    def pages(self) -> Iterator[PageContent]:
        doctop = 0.0  # pdfplumber's `doctop`: the heights of the pages before this one
        for i in range(self.n_pages):
            try:
                page = pdfium_source.read_page(self.pdf, i)
            except pdfium_source.PdfiumError as exc:
                raise _document_error(exc, self.source_file) from exc
            content = PageContent(page.number, page.width, page.height, page.chars, page.shapes)
            if page.table_candidate and _has_text(page.chars):
                content.tables = find_tables(_upright_only(pdfium_source.PlumberView(page, doctop)))
            doctop += page.bbox[3] - page.bbox[1]
            yield content

    def outline(self) -> list[OutlineEntry]:
        return pdfium_source.read_outline(self.pdf)

    def close(self) -> None:
        self.pdf.close()


Engine = PlumberEngine | PdfiumEngine
ENGINES: dict[str, type[Engine]] = {
    "pdfplumber": PlumberEngine,
    "pdfium": PdfiumEngine,
}


# --- per page ------------------------------------------------------------------------------------


def _inside(ch: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _table_lines(page_no: int, bbox: tuple[float, ...], rows: list[list[str]]) -> list[PLine]:
    out = []
    for i, cells in enumerate(rows):
        out.append(
            PLine(
                page=page_no,
                x0=bbox[0],
                x1=bbox[2],
                top=bbox[1] + i * 0.01,
                bottom=bbox[1] + i * 0.01,
                text=" | ".join(cells),
                style="table",
                size=0.0,
                bold=False,
                color="",
                family="",
                n_chars=0,
                homogeneous=False,
                kind="table_row",
                cells=cells,
            )
        )
    return out


@dataclass
class _PageChars:
    """A page's chars that are text or a plain space, split by direction, in page order."""

    upright: list[dict[str, Any]]  # set horizontally, in the normal writing direction
    sideways: list[dict[str, Any]]  # rotated by any angle (a 30 degree watermark too), or mirrored
    n_text: int  # chars that are text, not a space, in either direction


def _visible_chars(chars: list[dict[str, Any]]) -> _PageChars:
    """One pass over the page's chars (there are thousands): drop other whitespace, split, count."""
    upright: list[dict[str, Any]] = []
    sideways: list[dict[str, Any]] = []
    n_text = 0
    for c in chars:
        text = c["text"]
        if text.strip():
            n_text += 1
        elif text != " ":
            continue
        (upright if is_horizontal(c) else sideways).append(c)
    return _PageChars(upright, sideways, n_text)


def _outside(chars: list[dict[str, Any]], bboxes: list[tuple[float, ...]]) -> list[dict[str, Any]]:
    """The chars that are not inside one of the tables."""
    if not bboxes:
        return chars
    return [c for c in chars if not any(_inside(c, b) for b in bboxes)]


def lay_out_page(page: PageContent) -> tuple[list[PLine], list[Table], int]:
    """Lines in reading order (table rows at the table's place), the tables, and the char count."""
    page_no = page.number
    chars = _visible_chars(page.chars)
    tables = page.tables
    bboxes = [t[0] for t in tables]
    lines, apart = lines_by_direction(_outside(chars.upright, bboxes), chars.sideways, page_no)
    ordered = order_page(lines, page.width, box_regions(page.shapes, page.width, bboxes))
    for bbox, rows in tables:
        idx = next((i for i, ln in enumerate(ordered) if ln.top >= bbox[1]), len(ordered))
        ordered[idx:idx] = _table_lines(page_no, bbox, rows)
    # Rotated text and vertical stacks stand after the page's flow, apart from its lines.
    ordered.extend(apart)
    return ordered, [Table(page=page_no, rows=rows) for _, rows in tables], chars.n_text


# --- document-level labelling --------------------------------------------------------------------


def mark_furniture(lines: list[PLine], heights: dict[int, float], n_pages: int) -> None:
    """Margin lines whose digit-normalised text recurs at the same height on several pages."""

    def key(ln: PLine) -> tuple[str, str, int] | None:
        h = heights[ln.page]
        zone = (
            "top" if ln.bottom <= h * MARGIN_ZONE else "bottom" if ln.top >= h * (1 - MARGIN_ZONE) else None
        )
        if zone is None or ln.kind != "body":
            return None
        return zone, re.sub(r"\d+", "#", ln.text.lower()), round(ln.top / 12)

    pages: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    for ln in lines:
        k = key(ln)
        if k:
            pages[k].add(ln.page)
    need = 2 if n_pages <= 3 else 3
    for ln in lines:
        k = key(ln)
        if k and (len(pages[k]) >= need or re.fullmatch(r"\d{1,4}", ln.text)):
            ln.kind = "furniture"


def _by_page(lines: list[PLine]) -> dict[int, list[PLine]]:
    out: dict[int, list[PLine]] = defaultdict(list)
    for ln in lines:
        out[ln.page].append(ln)
    return out


def _ends_with_page_number(lines: list[PLine]) -> float:
    body = [ln for ln in lines if ln.kind == "body"]
    return sum(bool(_PAGE_NUMBER_END_RE.search(ln.text)) for ln in body) / len(body) if body else 0.0


def mark_toc(lines: list[PLine]) -> None:
    """Contents pages: a contents title plus lines ending in page numbers, and their continuation pages."""
    in_toc = False
    for _, page_lines in sorted(_by_page(lines).items()):
        body = [ln for ln in page_lines if ln.kind == "body"]
        titled = any(ln.text.lower().rstrip(":").strip() in TOC_TITLES for ln in body[:3])
        share = _ends_with_page_number(page_lines)
        in_toc = (titled and share >= 0.4) or (in_toc and share >= 0.6 and len(body) >= 5)
        if in_toc:
            for ln in body:
                ln.kind = "toc"


def mark_footnotes(lines: list[PLine], body: StyleInfo, heights: dict[int, float]) -> list[Footnote]:
    """Small-print lines at a page foot that start with a mark: footnote lines and `Footnote` records."""
    notes: list[Footnote] = []
    for page, page_lines in sorted(_by_page(lines).items()):
        flow = [ln for ln in page_lines if ln.kind not in ("furniture", "table_row")]
        run: list[PLine] = []
        for ln in reversed(flow):
            if ln.kind != "body" or ln.size > body.size - 0.8 or ln.top < heights[page] * 0.4:
                break
            run.insert(0, ln)
        start = next(
            (i for i, ln in enumerate(run) if ln.lead_mark or _FOOTNOTE_START_RE.match(ln.text)), None
        )
        if start is None:
            continue
        for ln in run[start:]:
            ln.kind = "footnote"
            mark = ln.lead_mark
            text = ln.text
            if mark is None and _FOOTNOTE_START_RE.match(text):
                mark, text = text.split(None, 1)
            if mark is not None:
                notes.append(Footnote(page=page, mark=mark, text=text))
                ln.text = f"{mark} {text}"
            elif notes:
                notes[-1].text = join_wrapped(notes[-1].text, text)
    return notes


def mark_back_cover(lines: list[PLine], n_pages: int) -> None:
    """On a short last page, blocks that carry contact details (address, URL, phone) are furniture."""
    last = [ln for ln in lines if ln.page == n_pages and ln.kind == "body"]
    if n_pages < 3 or not last or len(last) > 40:
        return
    blocks: list[list[PLine]] = []
    for ln in sorted(last, key=lambda x: x.top):
        if blocks and ln.top - blocks[-1][-1].bottom < 1.2 * max(ln.size, 1.0):
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    for block in blocks:
        if any(_CONTACT_RE.search(ln.text) for ln in block):
            for ln in block:
                ln.kind = "furniture"


def mark_list_items(lines: list[PLine]) -> None:
    for ln in lines:
        if ln.kind == "body":
            text, was_bullet = strip_bullet(ln.text)
            if was_bullet and text:
                ln.text, ln.kind = text, "list_item"


def cover_title(lines: list[PLine]) -> tuple[str | None, set[int]]:
    """The largest text on page 1, joined, and the ids of its lines."""
    first = [ln for ln in lines if ln.page == 1 and ln.kind in ("body", "list_item")]
    if not first:
        return None, set()
    top = max(ln.size for ln in first)
    chosen = [ln for ln in first if ln.size >= top - 0.5]
    title = ""
    for ln in chosen:
        title = join_wrapped(title, ln.text)
    # Only a cover page (little text) keeps its title out of the headings; on a first page full of
    # text the largest line is the first chapter heading.
    is_cover = len(first) <= COVER_MAX_LINES
    return title or None, {id(ln) for ln in chosen} if is_cover else set()


def mark_headings(lines: list[PLine], body: StyleInfo, skip: set[int]) -> list[PLine]:
    """Heading blocks joined into one line each with `kind="heading"` and a level; returns the new list."""
    infos = [_block_info(lines, idx) for idx in heading_blocks(lines)]
    infos = [b for b in infos if not any(id(lines[i]) in skip for i in b.idx)]
    styles = heading_styles(infos, body)
    chosen = [b for b in infos if b.style in styles and is_heading_block(b, lines, body)]
    levels = assign_levels(chosen, body)
    drop: set[int] = set()
    last_static = 0
    for b in chosen:
        level = levels.get(b.style)
        if level is None or lines[b.idx[0]].boxed:  # box, figure and table titles: one below their section
            level = last_static + 1
        else:
            last_static = level
        head = lines[b.idx[0]]
        text = head.text
        for i in b.idx[1:]:
            text = join_wrapped(text, lines[i].text)
            head.marks.extend(lines[i].marks)
            drop.add(i)
        head.text, head.kind, head.level = text, "heading", level
    return [ln for i, ln in enumerate(lines) if i not in drop]


def dehyphenate(lines: list[PLine]) -> list[PLine]:
    """Undo end-of-line hyphenation between consecutive running-text lines (Dutch kept hyphens stay)."""
    flow = [ln for ln in lines if ln.kind in ("body", "list_item")]
    for cur, nxt in zip(flow, flow[1:], strict=False):
        left, right = cur.text, nxt.text
        if not (left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right):
            continue
        first, _, rest = right.partition(" ")
        if keeps_hyphen(left[:-1], right):
            if first.lower().strip(",.;:") in {"en", "of", "t/m", "tot"}:
                continue
            cur.text = left + first
        else:
            cur.text = left[:-1] + first
        nxt.text = rest
    return [ln for ln in lines if ln.text or ln.kind == "table_row"]


# --- outline, metadata, quality ------------------------------------------------------------------


def read_outline(pdf: Any, page_ids: dict[int, int]) -> list[OutlineEntry]:
    """The PDF bookmarks (pdfminer outlines) with 1-based pages where the destination resolves."""
    out: list[OutlineEntry] = []
    try:
        for level, title, dest, action, _ in pdf.doc.get_outlines():
            page = None
            try:
                target = resolve1(dest) if dest is not None else None
                if target is None and action is not None:
                    target = resolve1(resolve1(action).get("D"))
                if isinstance(target, (bytes, str)):  # a named destination
                    target = resolve1(pdf.doc.get_dest(target))
                if isinstance(target, dict):
                    target = resolve1(target.get("D"))
                if isinstance(target, list) and target:
                    ref = target[0]
                    page = page_ids.get(getattr(ref, "objid", -1))
            except Exception:  # a broken destination leaves the page unknown, the title is still useful
                page = None
            out.append(OutlineEntry(level=int(level), title=str(title), page=page))
    except Exception:  # no outlines, or an outline tree pdfminer cannot walk
        return out
    return out


def _one_line(title: str) -> str:
    """An outline title on one line: pdfium turns its control chars (line breaks, tabs, the odd
    BEL) into spaces, pdfminer keeps them; both engines give this."""
    return " ".join(_CONTROL_RE.sub(" ", title).split())


def _to_line(ln: PLine) -> Line:
    return Line(
        text=ln.text,
        page=ln.page,
        kind=ln.kind,  # type: ignore[arg-type]
        heading_level=ln.level if ln.kind == "heading" else None,
        style=ln.style if ln.kind not in ("table_row", "furniture") or ln.size else None,
        font_size=ln.size or None,
        bold=ln.bold,
        cells=ln.cells,
        footnote_marks=list(ln.marks),
    )


def _with_blanks(lines: list[PLine]) -> list[Line]:
    """Lines with a `blank` line at each paragraph gap (more than half a line of extra space)."""
    out: list[Line] = []
    prev: PLine | None = None
    for ln in lines:
        flowing = prev is not None and ln.kind in ("body", "list_item") and prev.kind in ("body", "list_item")
        if (
            flowing
            and prev is not None
            and (
                prev.page == ln.page
                and prev.block == ln.block
                and ln.top - prev.bottom > 0.5 * max(ln.size, 1) + GAP_TOLERANCE
            )
        ):
            out.append(Line(text="", page=ln.page, kind="blank"))
        out.append(_to_line(ln))
        prev = ln
    return out


# --- entry point ---------------------------------------------------------------------------------


def _read_pages(engine: Engine) -> tuple[list[PLine], list[Table], dict[int, float], int]:
    lines: list[PLine] = []
    tables: list[Table] = []
    heights: dict[int, float] = {}
    n_chars = 0
    for page in engine.pages():
        page_lines, page_tables, count = lay_out_page(page)
        heights[page.number] = float(page.height)
        lines.extend(page_lines)
        tables.extend(page_tables)
        n_chars += count
    return lines, tables, heights, n_chars


def read_pdf(path: Path, source_file: str, engine: str = DEFAULT_PDF_ENGINE) -> Document:
    """Read a born-digital PDF into typed lines with `engine` (pdfium or pdfplumber); raise
    DocumentError (empty, corrupt, encrypted, no_text_layer) with a message naming `source_file`
    when it cannot be read."""
    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; known: {', '.join(PDF_ENGINES)}")
    path = Path(path)
    if path.stat().st_size == 0:
        raise DocumentError("empty", f"{source_file}: the file is empty (0 bytes)")
    reader = ENGINES[engine](path, source_file)
    try:
        n_pages = reader.n_pages
        if n_pages == 0:
            raise _no_pages(source_file)
        plines, tables, heights, n_chars = _read_pages(reader)
        outline = [replace(o, title=_one_line(o.title)) for o in reader.outline()]
    finally:
        reader.close()
    if n_chars == 0:
        raise DocumentError("no_text_layer", f"{source_file}: {n_pages} page(s) but no text layer (scanned?)")
    doc = Document(
        Origin(source_file, path),
        format="pdf",
        lines=[],
        tables=tables,
        outline=outline,
        metadata_title=reader.metadata_title,
        page_count=n_pages,
        warnings=list(reader.warnings),
    )
    mark_furniture(plines, heights, n_pages)
    mark_toc(plines)
    body = body_style(plines)
    doc.footnotes = mark_footnotes(plines, body, heights)
    mark_back_cover(plines, n_pages)
    mark_list_items(plines)
    doc.cover_title, cover_ids = cover_title(plines)
    plines = mark_headings(plines, body, cover_ids)
    plines = dehyphenate(plines)
    doc.lines = _with_blanks(plines)
    mark_date_led_tables(doc.lines)  # a planning set as paragraphs, not as a table
    assess_text(doc)
    return doc


__all__ = ["ENGINES", "PageContent", "lay_out_page", "read_pdf"]
