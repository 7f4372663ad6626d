"""Reader for `.html`: the main text, with headings from `h1`..`h6`."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from pipeline.errors import DocumentError
from pipeline.ingest.text import decode, mark_furniture
from pipeline.model import Document, Line, Origin, Table
from pipeline.text.clean import clean_line

SKIPPED_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "template"]
BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "dt", "dd", "blockquote", "pre", "caption"]


def read_html(path: Path, source_file: str) -> Document:
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError("empty", f"{source_file}: the file is empty")
    text, encoding, warnings = decode(data, source_file)
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(SKIPPED_TAGS):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body
    if root is None:
        raise DocumentError("empty", f"{source_file}: the HTML has no body")
    lines, tables = html_lines(root)
    if not any(ln.text for ln in lines):
        raise DocumentError("empty", f"{source_file}: the HTML body has no text")
    mark_furniture(lines)
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    return Document(
        Origin(source_file, path),
        format="html",
        lines=lines,
        tables=tables,
        metadata_title=title,
        warnings=warnings,
        encoding=encoding,
    )


def html_lines(root) -> tuple[list[Line], list[Table]]:
    """One line per block element in document order; nested blocks are read once."""
    lines: list[Line] = []
    tables: list[Table] = []
    current_rows: list[list[str]] = []
    for el in root.find_all(BLOCK_TAGS):
        if el.find_parent(BLOCK_TAGS):
            continue
        name = el.name
        if name == "tr":
            cells = [clean_line(c.get_text(" ", strip=True)) for c in el.find_all(["td", "th"])]
            cells = [c for c in cells if c]
            if cells:
                current_rows.append(cells)
                lines.append(Line(" ".join(cells), kind="table_row", cells=cells))
            continue
        if current_rows:
            tables.append(Table(page=None, rows=current_rows))
            current_rows = []
        text = clean_line(el.get_text(" ", strip=True))
        if not text:
            continue
        if name[0] == "h" and name[1:].isdigit():
            lines.append(Line(text, kind="heading", heading_level=int(name[1:])))
        elif name == "li":
            lines.append(Line(text, kind="list_item"))
        else:
            lines.append(Line(text, kind="body"))
        lines.append(Line("", kind="blank"))
    if current_rows:
        tables.append(Table(page=None, rows=current_rows))
    return lines, tables
