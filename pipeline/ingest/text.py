"""Reader for `.txt` and `.md`: text exports of PDFs and web pages.

Text exports keep the PDF's damage in plain sight: running headers and footers
with page numbers on their own lines, hyphenated line ends, bullet glyphs,
tab-separated table rows and tables of contents with tabbed page numbers. This
reader labels each line (`Line.kind`) and repairs characters; joining wrapped
lines and finding headings is left to `pipeline.structure`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.errors import DocumentError
from pipeline.ingest.date_rows import mark_date_led_tables
from pipeline.model import Document, Line, Origin, Table
from pipeline.text.clean import clean_line, markdown_heading, strip_bullet
from pipeline.vocab import TOC_TITLES

_PAGE_NUMBER_RE = re.compile(r"^(?:pagina\s+)?\d{1,3}(?:\s*(?:/|van)\s*\d{1,3})?$", re.IGNORECASE)
_TOC_ENTRY_RE = re.compile(r"^(?P<title>\S.*?)(?:\s*(?:\.{3,}|…+|\t)\s*|\s{2,})(?P<page>\d{1,3})$")
_MD_TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_DIGITS_RE = re.compile(r"\d+")
_LINK_ONLY_RE = re.compile(r"^(?:https?://|www\.|mailto:)\S+$|^[\w.+-]+@[\w-]+\.[\w.]+$", re.IGNORECASE)
_NUMBER_TAB_RE = re.compile(r"^(\s*\d{1,2}(?:\.\d{1,2})*\.?)\t\s*")
MAX_TOC_ENTRY_CHARS = 300
# a line that is only a link to a place in the same document: an entry of a table of contents
_MD_ANCHOR_LINK_RE = re.compile(r"^\s*\[(?P<text>[^\]\n]+)\]\((?:about:blank)?#[^)\s]*\)\s*$")
_MD_QUOTE_RE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_EMPHASIS_START_RE = re.compile(r"^\s*(?:\*\*|__|\*(?=[^\s*]))")
_FRONT_MATTER_FENCE = "---"
_FRONT_MATTER_KEY_RE = re.compile(r"^\s*(?P<key>[\w-]+)\s*:\s*(?P<value>.*)$")
FRONT_MATTER_TITLE_KEYS = ("citeertitel", "short_title", "title", "titel")
MAX_FRONT_MATTER_LINES = 60
MIN_FURNITURE_REPEATS = 3
MIN_PAGE_LINES = 12  # a page of a text export has at least this many lines
MIN_TOC_GROUPS = 3


BYTE_ORDER_MARKS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
NUL_SAMPLE_BYTES = 1 << 16
DETECT_SAMPLE_BYTES = 1 << 16
# NUL, and the bidi controls that reorder what a reader sees (Trojan Source): never text
_CONTROL_RE = re.compile("[\x00\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def decode(data: bytes, source_file: str) -> tuple[str, str, list[str]]:
    """The text of a file's bytes, the encoding used, and warnings naming the file.

    In order: a byte-order mark (UTF-8, UTF-16 and UTF-32, either byte order); UTF-16/32
    without a mark, told by where the NUL bytes fall; UTF-8; the encoding charset-normalizer
    detects, when it is not a Latin script (Cyrillic, Greek, CJK, ...); else Windows-1252.
    NUL and bidi control characters are removed with a warning. Raises an `encoding` error when
    no encoding reads the bytes.
    """
    text, encoding, warnings = decode_bytes(data, source_file)
    text, removed = _CONTROL_RE.subn("", text)
    if removed:
        warnings.append(f"{source_file}: removed {removed} NUL and bidirectional control characters")
    return text, encoding, warnings


def decode_bytes(data: bytes, source_file: str) -> tuple[str, str, list[str]]:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(encoding), encoding, []
            except UnicodeDecodeError as e:
                message = f"{source_file}: has a {encoding} byte-order mark but is not {encoding} ({e})"
                raise DocumentError("encoding", message) from None
    wide = wide_encoding_by_nul_pattern(data)
    if wide:
        try:
            return data.decode(wide), wide, [f"{source_file}: no byte-order mark, read as {wide}"]
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as e:
        first_bad = e.start
    detected, latin = detect_encoding(data, first_bad)
    if detected and not latin:
        text = data.decode(detected, errors="replace")
        return text, detected, [f"{source_file}: not UTF-8, read as {detected} (detected)"]
    try:
        # Dutch text that is not UTF-8 is nearly always Windows-1252 (or latin-1, its subset);
        # a detector guesses other single-byte Latin code pages (mac_latin2, cp1250) for Dutch.
        return data.decode("cp1252"), "cp1252", [f"{source_file}: not UTF-8, read as cp1252"]
    except UnicodeDecodeError:
        pass
    if detected:
        text = data.decode(detected, errors="replace")
        return text, detected, [f"{source_file}: not UTF-8, read as {detected} (detected)"]
    message = f"{source_file}: the text is not UTF-8 and its encoding cannot be detected"
    raise DocumentError("encoding", message)


def wide_encoding_by_nul_pattern(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by the positions of its NUL bytes.

    Text in a Latin script has a NUL in every high byte: in UTF-16 LE every odd byte, in
    UTF-32 LE the two top bytes of every four. Single-byte text has no NULs at all.
    """
    n = min(len(data), NUL_SAMPLE_BYTES) // 4 * 4
    if n < 8:
        return None
    nul = [data[i:n:4].count(0) / (n // 4) for i in range(4)]
    if nul[2] > 0.9 and nul[3] > 0.9 and nul[0] < 0.5:
        return "utf-32-le"
    if nul[0] > 0.9 and nul[1] > 0.9 and nul[3] < 0.5:
        return "utf-32-be"
    odd, even = (nul[1] + nul[3]) / 2, (nul[0] + nul[2]) / 2
    if odd > 0.4 and even < 0.1:
        return "utf-16-le"
    if even > 0.4 and odd < 0.1:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes, first_bad: int) -> tuple[str | None, bool]:
    """charset-normalizer's encoding for the start of the file and the part around its first
    non-UTF-8 byte (detection over all of a large file costs seconds), and whether that reads
    as a Latin script."""
    head = data[:DETECT_SAMPLE_BYTES]
    if first_bad > len(head):
        around = data[max(0, first_bad - DETECT_SAMPLE_BYTES // 2) : first_bad + DETECT_SAMPLE_BYTES // 2]
        head = head + b"\n" + around[around.find(b"\n") + 1 :]
    best = from_bytes(head).best()
    if best is None or best.encoding in {"ascii", "utf_8"}:  # its guess for nearly-UTF-8 junk
        return None, True
    return best.encoding, is_latin_script(str(best))


def is_latin_script(text: str) -> bool:
    """True when the letters outside ASCII are (nearly all) Latin letters."""
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    latin = sum(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)
    return latin >= 0.9 * len(letters)


def read_text(path: Path, source_file: str, fmt: str = "txt") -> Document:
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError("empty", f"{source_file}: the file is empty")
    text, encoding, warnings = decode(data, source_file)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = label_lines(raw_lines, markdown=fmt == "md")
    doc = Document(Origin(source_file, path), format=fmt, lines=lines, warnings=warnings, encoding=encoding)
    if fmt == "md":
        doc.metadata_title = front_matter_title(raw_lines)
    doc.tables = collect_tables(lines)
    return doc


def label_lines(raw_lines: list[str], markdown: bool = False) -> list[Line]:
    """Clean every line and label it blank, list item, table row, TOC, furniture or body."""
    lines = [label_line(raw, markdown) for raw in raw_lines]
    if markdown:
        for ln in lines[: front_matter_end(raw_lines)]:
            if ln.kind != "blank":
                ln.kind = "furniture"  # the export's metadata block, not text of the document
    mark_furniture(lines)
    mark_toc(lines)
    mark_date_led_tables(lines)
    return lines


def label_line(raw: str, markdown: bool) -> Line:
    if not raw.strip():
        return Line("", kind="blank")
    if markdown:
        raw = _MD_QUOTE_RE.sub("", raw)  # a block quote's text is text
        heading = markdown_heading(raw)
        if heading is not None:
            text = clean_line(heading[1])
            return Line(text, kind="heading", heading_level=heading[0]) if text else Line("", kind="blank")
        toc_link = _MD_ANCHOR_LINK_RE.match(raw)
        if toc_link:
            return Line(clean_line(toc_link.group("text")), kind="toc")
        if _MD_TABLE_RULE_RE.match(raw.strip()):
            return Line("", kind="blank")
        if raw.strip().startswith("|") and raw.strip().endswith("|"):
            return table_line(raw.strip().strip("|").split("|"))
    raw = _NUMBER_TAB_RE.sub(r"\1 ", raw)  # "1.<TAB>Titel" is a numbered heading, not a table row
    if _LINK_ONLY_RE.match(raw.strip()):
        return Line(clean_line(raw), kind="furniture")  # link annotations a PDF export puts at page ends
    # `**Vet**` opens with emphasis, not with a `*` bullet (a markdown bullet is followed by a space)
    body, is_item = (raw, False) if markdown and _MD_EMPHASIS_START_RE.match(raw) else strip_bullet(raw)
    if "\t" in body.strip():  # a table row, also when its first cell starts with a bullet glyph
        return table_line(body.split("\t"), raw=body)
    text = clean_line(body)
    if is_item and text:
        return Line(text, kind="list_item")
    return Line(text, kind="body") if text else Line("", kind="blank")


def front_matter_end(raw_lines: list[str]) -> int:
    """The number of lines of a markdown file's YAML front matter (`---`, `key: value` lines, `---`), or 0."""
    if not raw_lines or raw_lines[0].strip() != _FRONT_MATTER_FENCE:
        return 0
    for i, raw in enumerate(raw_lines[1:MAX_FRONT_MATTER_LINES], start=1):
        if raw.strip() == _FRONT_MATTER_FENCE:
            return i + 1
        if raw.strip() and not (_FRONT_MATTER_KEY_RE.match(raw) or raw.startswith((" ", "\t", "-"))):
            return 0
    return 0


def front_matter_title(raw_lines: list[str]) -> str | None:
    """The title a markdown file's front matter gives (its short citation title first), or None."""
    values: dict[str, str] = {}
    for raw in raw_lines[1 : max(front_matter_end(raw_lines) - 1, 1)]:
        m = _FRONT_MATTER_KEY_RE.match(raw)
        if m:
            values.setdefault(m.group("key").lower(), m.group("value").strip().strip("\"'"))
    return next((values[k] for k in FRONT_MATTER_TITLE_KEYS if values.get(k)), None)


def table_line(cells: list[str], raw: str | None = None) -> Line:
    cleaned = [clean_line(c) for c in cells]
    cleaned = [c for c in cleaned if c]
    if len(cleaned) <= 1:
        return Line(cleaned[0] if cleaned else "", kind="body" if cleaned else "blank")
    text = clean_line(raw.replace("\t", " ")) if raw else " ".join(cleaned)
    return Line(text, kind="table_row", cells=cleaned)


def furniture_key(text: str) -> str | None:
    """The skeleton of a possible running header/footer: digits masked, or None."""
    if not text or len(text) > 120:
        return None
    return _DIGITS_RE.sub("#", text.lower())


def mark_furniture(lines: list[Line]) -> None:
    """Label page numbers and lines that repeat as running headers or footers.

    A running header/footer recurs through the document at page-sized intervals:
    either the same skeleton (digits masked) with a page number that grows from
    one occurrence to the next, or the very same short line with no sentence end.
    Found by repetition and position, never by a fixed string.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        if ln.kind not in {"body", "table_row"}:
            continue
        if _PAGE_NUMBER_RE.match(ln.text):
            ln.kind = "furniture"
            continue
        key = furniture_key(ln.text)
        if key and looks_like_running_line(ln.text):
            (groups[key] if "#" in key else exact[key]).append(i)
    for indices in groups.values():
        if (
            len(indices) >= MIN_FURNITURE_REPEATS
            and spread_out(indices)
            and page_numbers_grow(lines, indices)
        ):
            for i in indices:
                lines[i].kind = "furniture"
    for indices in exact.values():
        if len(indices) >= 2 * MIN_FURNITURE_REPEATS and spread_out(indices):
            for i in indices:
                lines[i].kind = "furniture"


def spread_out(indices: list[int]) -> bool:
    """Occurrences at page-like distances, not side by side as in a table or list."""
    gaps = [b - a for a, b in zip(indices, indices[1:], strict=False)]
    return bool(gaps) and sorted(gaps)[len(gaps) // 2] >= MIN_PAGE_LINES


def page_numbers_grow(lines: list[Line], indices: list[int]) -> bool:
    numbers = []
    for i in indices:
        found = _DIGITS_RE.findall(lines[i].text)
        numbers.append(int(found[0]) if found else -1)
    steps = [b > a for a, b in zip(numbers, numbers[1:], strict=False)]
    return sum(steps) >= 0.8 * len(steps)


def looks_like_running_line(text: str) -> bool:
    """Running headers/footers: a `|` separator or a number at either end, no sentence end."""
    if text.endswith((".", ":", ";", "?")):
        return False
    return "|" in text or bool(re.match(r"^\d{1,3}\s", text)) or bool(re.search(r"\s\d{1,3}$", text))


def toc_entry(line: Line) -> str | None:
    """The title of a TOC line (`Titel<TAB>12`, `Titel ....... 12`), else None."""
    if line.kind == "table_row" and line.cells and len(line.cells) == 2 and line.cells[1].isdigit():
        return line.cells[0]
    if len(line.text) > MAX_TOC_ENTRY_CHARS or line.kind == "furniture":
        return None  # the lazy title before `\.{3,}` is quadratic in the line's length
    m = _TOC_ENTRY_RE.match(line.text)
    return m.group("title").rstrip(" .") if m else None


def mark_toc(lines: list[Line]) -> None:
    """Label a table of contents: its title line and a run of entries ending in page numbers."""
    i = 0
    while i < len(lines):
        run_end = toc_run_end(lines, i)
        if run_end - i >= 3:
            for ln in lines[i:run_end]:
                if ln.kind != "blank":
                    ln.kind = "toc"
            assign_toc_levels(lines[i:run_end])
            title = previous_content_line(lines, i)
            if title is not None and lines[title].text.lower().rstrip(":") in TOC_TITLES:
                lines[title].kind = "toc"
            i = run_end
        else:
            i += 1


def assign_toc_levels(run: list[Line]) -> None:
    """Levels from a TOC laid out in groups: the first entry of each blank-separated group is a
    chapter (1), the others its sections (2). A flat TOC without groups gets no levels."""
    groups: list[list[Line]] = [[]]
    for ln in run:
        if ln.kind == "blank":
            if groups[-1]:
                groups.append([])
        elif ln.kind == "toc":
            groups[-1].append(ln)
    groups = [g for g in groups if g]
    if len(groups) < MIN_TOC_GROUPS or all(len(g) == 1 for g in groups):
        return
    for group in groups:
        for k, ln in enumerate(group):
            ln.heading_level = 1 if k == 0 else 2


def toc_run_end(lines: list[Line], start: int) -> int:
    """End of a run of TOC entries starting at `start` (blank and section lines allowed inside)."""
    if toc_entry(lines[start]) is None:
        return start
    end, entries, gap = start, 0, 0
    for j in range(start, len(lines)):
        ln = lines[j]
        if ln.kind == "blank" or ln.kind == "furniture":
            continue
        if toc_entry(ln) is not None:
            entries, end, gap = entries + 1, j + 1, 0
        elif gap < 1 and len(ln.text) < 80 and ln.kind == "body":
            gap += 1  # a TOC subtitle line without page number (e.g. a date group)
        else:
            break
    return end if entries >= 3 else start


def previous_content_line(lines: list[Line], i: int) -> int | None:
    for j in range(i - 1, max(-1, i - 6), -1):
        if lines[j].kind not in {"blank", "furniture"}:
            return j
    return None


def collect_tables(lines: list[Line]) -> list[Table]:
    """Contiguous table rows as `Table`s (blank lines inside a table are allowed)."""
    tables: list[Table] = []
    current: list[list[str]] = []
    for ln in lines:
        if ln.kind == "table_row" and ln.cells:
            current.append(ln.cells)
        elif ln.kind not in {"blank", "furniture"} and current:
            tables.append(Table(page=None, rows=current))
            current = []
    if current:
        tables.append(Table(page=None, rows=current))
    return tables
