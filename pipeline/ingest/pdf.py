"""The PDF reader: a born-digital policy PDF to a `Document` of typed lines.

Pages are read one at a time and closed after use (pdfplumber caches parsed layout per
page), so memory stays flat on long documents. Per page: tables (pdf_tables), lines in
reading order with superscript footnote marks split off (pdf_layout). Over the whole
document: running headers/footers and page numbers by repetition and position, tables
of contents, footnotes at page feet, back-cover contact blocks, bullets, end-of-line
hyphenation, and headings with levels from the document's own typography
(pdf_styles). Nothing is deleted: furniture, toc, footnote and table_row lines are
labelled (`Line.kind`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSException

from pipeline.errors import DocumentError
from pipeline.ingest.pdf_layout import box_regions, build_lines, order_page
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
from pipeline.ingest.quality import LOW_QUALITY, text_quality
from pipeline.model import Document, Footnote, Line, Origin, OutlineEntry, PLine, Table
from pipeline.text.clean import join_wrapped, keeps_hyphen, strip_bullet
from pipeline.vocab import TOC_TITLES

MARGIN_ZONE = 0.09  # share of the page height at top and bottom where running headers/footers live
COVER_MAX_LINES = 12
# starts only where a run of dots or spaces starts: from inside a run it was quadratic in its length
_PAGE_NUMBER_END_RE = re.compile(r"(?:(?<!\.)\.{2,}|…|(?<!\s)\s)\s*\d{1,3}$")
_FOOTNOTE_START_RE = re.compile(r"^(\d{1,3}|\*{1,3})\s+\S")
_CONTACT_RE = re.compile(
    r"postbus|www\.|https?://|\S@\S|\.(?:nl|com|org|eu)\b|\b\d{4}\s?[A-Z]{2}\b|\btel(?:efoon)?\b|\bkvk\b"
    r"|\b0\d{1,3}[- ]?\d{6,8}\b",
    re.IGNORECASE,
)


# --- opening and errors ----------------------------------------------------------------------------


def _is_password_error(exc: BaseException) -> bool:
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


# Errors pdfminer raises on junk or truncated files; pdfplumber wraps them in PdfminerException.
_PARSE_ERRORS: tuple[type[BaseException], ...] = (
    PDFSyntaxError,
    PSException,
    PDFPasswordIncorrect,
    PDFEncryptionError,
    pdfplumber.utils.exceptions.PdfminerException,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
)


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

    upright: list[dict[str, Any]]
    sideways: list[dict[str, Any]]
    n_text: int  # chars that are text, not a space, in either direction


def _visible_chars(page: Any) -> _PageChars:
    """One pass over the page's chars (there are thousands): drop other whitespace, split, count."""
    upright: list[dict[str, Any]] = []
    sideways: list[dict[str, Any]] = []
    n_text = 0
    for c in page.chars:
        text = c["text"]
        if text.strip():
            n_text += 1
        elif text != " ":
            continue
        (upright if c.get("upright", True) else sideways).append(c)
    return _PageChars(upright, sideways, n_text)


def _outside(chars: list[dict[str, Any]], bboxes: list[tuple[float, ...]]) -> list[dict[str, Any]]:
    """The chars that are not inside one of the tables."""
    if not bboxes:
        return chars
    return [c for c in chars if not any(_inside(c, b) for b in bboxes)]


def read_page(page: Any, page_no: int) -> tuple[list[PLine], list[Table], int]:
    """Lines in reading order (table rows at the table's place), the tables, and the char count."""
    chars = _visible_chars(page)
    n_chars = chars.n_text
    tables = find_tables(page) if n_chars else []
    bboxes = [t[0] for t in tables]
    lines = build_lines(_outside(chars.upright, bboxes), page_no)
    ordered = order_page(
        lines, float(page.width), box_regions(page.rects + page.curves, float(page.width), bboxes)
    )
    for bbox, rows in tables:
        idx = next((i for i, ln in enumerate(ordered) if ln.top >= bbox[1]), len(ordered))
        ordered[idx:idx] = _table_lines(page_no, bbox, rows)
    sideways = sorted(chars.sideways, key=lambda c: (round(c["x0"]), -c["bottom"]))
    rotated = "".join(c["text"] for c in sideways).strip()
    if rotated:  # print codes and side labels set sideways are page furniture
        ordered.append(
            PLine(
                page=page_no,
                x0=0,
                x1=0,
                top=float(page.height),
                bottom=float(page.height),
                text=rotated,
                style="rotated",
                size=0.0,
                bold=False,
                color="",
                family="",
                n_chars=0,
                homogeneous=False,
                kind="furniture",
            )
        )
    return ordered, [Table(page=page_no, rows=rows) for _, rows in tables], n_chars


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
            out.append(OutlineEntry(level=int(level), title=str(title).strip(), page=page))
    except Exception:  # no outlines, or an outline tree pdfminer cannot walk
        return out
    return out


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
                and ln.top - prev.bottom > 0.5 * max(ln.size, 1)
            )
        ):
            out.append(Line(text="", page=ln.page, kind="blank"))
        out.append(_to_line(ln))
        prev = ln
    return out


# --- entry point ---------------------------------------------------------------------------------


def _read_pages(
    pdf: Any, source_file: str
) -> tuple[list[PLine], list[Table], dict[int, float], int, dict[int, int]]:
    lines: list[PLine] = []
    tables: list[Table] = []
    heights: dict[int, float] = {}
    page_ids: dict[int, int] = {}
    n_chars = 0
    for i in range(len(pdf.pages)):
        page = pdf.pages[i]
        try:
            page_lines, page_tables, count = read_page(page, i + 1)
        except _PARSE_ERRORS as exc:
            raise _document_error(exc, source_file) from exc
        finally:
            heights[i + 1] = float(page.height)
            page_ids[page.page_obj.pageid] = i + 1
            page.close()
        lines.extend(page_lines)
        tables.extend(page_tables)
        n_chars += count
    return lines, tables, heights, n_chars, page_ids


def read_pdf(path: Path, source_file: str) -> Document:
    """Read a born-digital PDF into typed lines; raise DocumentError (empty, corrupt, encrypted,
    no_text_layer) with a message naming `source_file` when it cannot be read."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise DocumentError("empty", f"{source_file}: the file is empty (0 bytes)")
    try:
        pdf = pdfplumber.open(path)
    except _PARSE_ERRORS as exc:
        raise _document_error(exc, source_file) from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
            meta_title = str(pdf.metadata.get("Title") or "").strip() or None
        except _PARSE_ERRORS as exc:
            raise _document_error(exc, source_file) from exc
        if n_pages == 0:
            raise DocumentError("corrupt", f"{source_file}: the PDF has no pages")
        plines, tables, heights, n_chars, page_ids = _read_pages(pdf, source_file)
        outline = read_outline(pdf, page_ids)
    if n_chars == 0:
        raise DocumentError("no_text_layer", f"{source_file}: {n_pages} page(s) but no text layer (scanned?)")
    doc = Document(
        Origin(source_file, path),
        format="pdf",
        lines=[],
        tables=tables,
        outline=outline,
        metadata_title=meta_title,
        page_count=n_pages,
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
    doc.text_quality = text_quality(doc.lines)
    if doc.text_quality is not None and doc.text_quality < LOW_QUALITY:
        doc.warnings.append(
            f"{source_file}: low text quality ({doc.text_quality:.0%} known words); "
            "the text layer may be garbled"
        )
    return doc


__all__ = ["read_pdf"]
