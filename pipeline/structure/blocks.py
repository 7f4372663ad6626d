"""Lines to blocks: paragraphs, list items, table rows, TOC lines and heading candidates.

Wrapped lines are joined (hyphenation undone) into paragraphs; a body line that
looks like a heading becomes a heading block. What looks like a heading in plain
text: a numbered title (`2.2.1 Titel`), an appendix label (`Bijlage 1: ...`),
a labelled unit of a legal instrument (`Hoofdstuk 2`, `§ 2.1`, `Artikel 2.1.1 Titel`),
or a short capitalised line without sentence punctuation that stands on its own
between sentences and is followed by text. Readers that know headings (html,
markdown, PDF typography) mark them themselves, and that wins.

Exports of laws split one heading over two lines (`### Artikel 1` or `### 1`, then the
title): the two become one heading. The document's own title, set as the first
heading of a markdown or html export, is the title and not a section (as a cover).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model import Line
from pipeline.text.clean import join_wrapped, normalise
from pipeline.text.dates import has_date, leading_date_end
from pipeline.text.phrases import alternation
from pipeline.vocab import (
    APPENDIX_WORDS,
    DOCUMENT_TITLE_WORDS,
    LAW_NAMES,
    POLICY_TITLE_WORDS,
    STRUCTURE_LABELS,
    TOC_TITLES,
)
from pipeline.vocab.numbers import MONTHS

NUMBERED_HEADING_RE = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,5})\.?\s+(?P<title>[^\d\s].*)$")
# a heading that is only a number (`### 1` in a markdown export of a law)
BARE_NUMBER_RE = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3}){0,5}[a-z]?)\.?$")
_LABEL_ALTERNATIVES = "|".join(
    re.escape(w) + (r"(?=\s)" if w[-1].isalpha() else "")
    for w in sorted(STRUCTURE_LABELS, key=len, reverse=True)
)
# `Artikel 2.1.1 Titel`, `§ 1.1. Titel`, `Hoofdstuk II - Titel`, `Artikel 1a`; Roman numerals in capitals only
LABELLED_HEADING_RE = re.compile(
    rf"^(?P<label>(?i:{_LABEL_ALTERNATIVES}))\s*"
    r"(?P<number>(?:\d{1,4}[a-z]?|[IVXLC]{1,7})(?:[.:]\d{1,3}[a-z]?){0,5})(?![\w-])\.?"
    r"(?:\s*[:.\-–—]\s*|\s+|$)(?P<title>.*)$"
)
_LAW_ALTERNATIVES = alternation(LAW_NAMES)
# a title that starts with a law's name makes the line a citation (`Artikel 2.38 Aanbestedingswet 2012`)
_CITATION_START_RE = re.compile(rf"^(?:{_LAW_ALTERNATIVES}|\w*wet)\b", re.IGNORECASE)
# a text that opens with a title word (of a document word also as the end of a compound)
_TITLE_WORDS_RE = re.compile(
    rf"^\W*(?:{'|'.join(re.escape(w) for w in POLICY_TITLE_WORDS)}"
    rf"|\w*(?:{'|'.join(re.escape(w) for w in DOCUMENT_TITLE_WORDS)}))\b",
    re.IGNORECASE,
)
APPENDIX_RE = re.compile(rf"^(?:{'|'.join(sorted(APPENDIX_WORDS))})\b(?:\s+\w{{1,3}}\b)?", re.IGNORECASE)
_URL_RE = re.compile(r"https?://|www\.|@\w+\.\w+|\.(?:nl|com|org)\b", re.IGNORECASE)
_MONTHS = tuple(MONTHS)
SENTENCE_END = (".", "!", "?", ":", ";")
MAX_HEADING_CHARS = 130
MAX_HEADING_WORDS = 16
MAX_UNNUMBERED_WORDS = 14
MIN_FRAGMENT_RUN = 3
MIN_BODY_WORDS = 4
MAX_DATE_CELL_WORDS = 6
# A title line ending in one of these words goes on on the next line.
JOINING_WORDS = frozenset(
    {
        "en",
        "van",
        "de",
        "het",
        "een",
        "op",
        "voor",
        "in",
        "met",
        "aan",
        "of",
        "tot",
        "bij",
        "naar",
        "om",
        "te",
        "over",
        "door",
        "&",
    }
)
DOUBLE_SPACED_SHARE = 0.6
MAX_WRAP_WIDTH = 160  # wider "lines" are whole paragraphs: the text was not wrapped
FULL_LINE_SHARE = 0.8


@dataclass
class Block:
    kind: str  # paragraph, list_item, table_row, toc, heading, footnote
    text: str
    page: int | None = None
    heading_level: int | None = None  # from the reader (html, md, PDF)
    number: str | None = None
    cells: list[str] | None = None
    line_indices: list[int] = field(default_factory=list)
    spaced: bool = False  # a heading followed by a blank line (its style's spacing in a text export)
    label: str | None = None  # the unit label of a legal instrument's heading (artikel, hoofdstuk, §)
    printed: str | None = None  # a heading as printed, before its label and number were split off


def split_number(text: str) -> tuple[str | None, str]:
    """`2.2.1 Titel` is ("2.2.1", "Titel"); `2.2.3.2. Titel` drops the trailing dot."""
    m = NUMBERED_HEADING_RE.match(text.strip())
    if not m:
        return None, text.strip()
    return m.group("number").rstrip("."), m.group("title").strip()


def split_labelled(text: str) -> tuple[str, str, str] | None:
    """`Artikel 2.1 Titel` is ("artikel", "2.1", "Titel"); text without a unit label is None."""
    m = LABELLED_HEADING_RE.match(text.strip())
    if not m:
        return None
    title = m.group("title").strip()
    if title.startswith("(") and title.endswith(")") and "(" not in title[1:]:
        title = title[1:-1].strip()  # law exports set an article's title in brackets: `Artikel 2. (Titel)`
    return m.group("label").lower(), m.group("number"), title


def split_heading(text: str) -> tuple[str | None, str | None, str]:
    """(label, number, title) of a heading line a reader marked: a legal unit, a numbered title or a
    bare number; an unnumbered title is (None, None, text)."""
    labelled = split_labelled(text)
    if labelled:
        return labelled
    bare = BARE_NUMBER_RE.match(text.strip())
    if bare:
        return None, bare.group("number"), ""
    number, title = split_number(text)
    if number and title[:1].islower():
        return None, None, text.strip()  # a quantity that opens the title (`24 uur per dag zorg`)
    return None, number, title


def looks_like_labelled_heading(text: str) -> bool:
    """A legal unit's heading line: its label and number, and a title or nothing; not a citation
    (`Artikel 2.38 Aanbestedingswet 2012`, `Artikel 3, tweede lid`)."""
    labelled = split_labelled(text)
    if labelled is None:
        return False
    title = labelled[2]
    if not title:
        return True
    opens_title = title[:1].isupper() or title[:1].isdigit() or title[:1] in "‘'\"("
    if not opens_title or _CITATION_START_RE.match(title):
        return False
    return plausible_title(title, MAX_HEADING_WORDS)


def looks_like_numbered_heading(text: str) -> bool:
    number, title = split_number(text)
    if number is None or not title[:1].isupper():
        return False
    if int(number.split(".")[0]) > 40 or title.lower().startswith(_MONTHS):
        return False
    return plausible_title(title, MAX_HEADING_WORDS)


def looks_like_appendix_heading(text: str) -> bool:
    return bool(APPENDIX_RE.match(text)) and plausible_title(text, MAX_HEADING_WORDS)


def plausible_title(text: str, max_words: int) -> bool:
    if len(text) > MAX_HEADING_CHARS or len(text.split()) > max_words:
        return False
    if text.endswith((".", ",", ";", ":", "-", "–", "&")) or _URL_RE.search(text) or " | " in text:
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= max(3, len(text) // 2)


def looks_like_unnumbered_heading(text: str) -> bool:
    first = text[:1]
    if not ((first.isupper() or first in "‘'\"(") and plausible_title(text, MAX_UNNUMBERED_WORDS)):
        return False
    if first == "(" and text.endswith(")") and text[1:2].islower():
        return False  # a remark in brackets (`(bijlage als bedoeld in artikel 2)`)
    return not has_date(text)  # a short line with a date is a planning or change row


def collapse_double_spacing(lines: list[Line]) -> list[Line]:
    """Drop single blank lines from an export that puts a blank line after every line.

    In such text a single blank line means nothing; only a run of blank lines still
    separates paragraphs.
    """
    content = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    if len(content) < 20:
        return lines
    single = sum(
        1
        for i in content
        if i + 2 < len(lines) and lines[i + 1].kind == "blank" and lines[i + 2].kind != "blank"
    )
    if single < DOUBLE_SPACED_SHARE * len(content):
        return lines
    kept = []
    for i, ln in enumerate(lines):
        lone_blank = (
            ln.kind == "blank"
            and 0 < i < len(lines) - 1
            and lines[i - 1].kind != "blank"
            and lines[i + 1].kind != "blank"
        )
        if not lone_blank:
            kept.append(ln)
    return kept


def wrap_width(lines: list[Line]) -> int | None:
    """The width at which the export wrapped running text, or None for unwrapped (web) text."""
    lengths = sorted(len(ln.text) for ln in lines if ln.kind == "body" and ln.text)
    if len(lengths) < 20:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    return width if width <= MAX_WRAP_WIDTH else None


def norm_title(text: str) -> str:
    return normalise(text, words_only=True)


def toc_entry_title(line: Line | Block) -> str:
    """The normalised title of a TOC line: its first cell, or its text without the page number."""
    if line.cells:
        return toc_title(line.cells[0])
    # starts only where a run of spaces or leader dots starts (same matches, linear)
    return toc_title(re.sub(r"(?:(?<!\s)\s+|(?<!\s)\s*(?<![.…])[.…]{2,}\s*)\d{1,3}$", "", line.text))


def toc_title(text: str) -> str:
    """A TOC entry's title, normalised, without its numbering."""
    return norm_title(re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-ZÀ-Ö])", "", text))


def listed_titles(lines: list[Line]) -> set[str]:
    titles = {toc_entry_title(ln) for ln in lines if ln.kind == "toc"}
    return {t for t in titles if t and t not in TOC_TITLES}


def build_blocks(lines: list[Line]) -> list[Block]:
    """Group a document's lines into blocks in reading order."""
    lines = collapse_double_spacing(lines)
    width = wrap_width(lines)
    listed = listed_titles(lines)
    # a reader that saw the fonts (PDF) has found the headings; plain-text shapes would only add noise
    typographic = any(ln.style for ln in lines)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind in {"blank", "furniture"}:
            i += 1
            continue
        if ln.kind in {"toc", "table_row", "footnote"}:
            kind = {"toc": "toc", "table_row": "table_row", "footnote": "footnote"}[ln.kind]
            level = ln.heading_level if ln.kind == "toc" else None
            blocks.append(
                Block(kind, ln.text, ln.page, heading_level=level, cells=ln.cells, line_indices=[i])
            )
            i += 1
            continue
        if ln.kind == "heading":
            blocks.append(reader_heading_block(ln, i))
            i += 1
            continue
        if typographic:
            heading_end = labelled_line_end(lines, i, blocks)
        else:
            heading_end = text_heading_end(lines, i, blocks, width, listed)
        if heading_end:
            text = join_heading_lines([lines[j].text for j in range(i, heading_end)])
            spaced = heading_end < len(lines) and lines[heading_end].kind == "blank"
            label, number, title = split_text_heading(text)
            blocks.append(
                Block(
                    "heading",
                    title,
                    ln.page,
                    number=number,
                    line_indices=list(range(i, heading_end)),
                    spaced=spaced,
                    label=label,
                    printed=text,
                )
            )
            i = heading_end
            continue
        i = append_paragraph(lines, i, blocks)
    blocks = merge_split_headings(blocks)
    demote_fragments(blocks, listed)
    if not typographic:
        unmark_title_heading(blocks)
    normalise_reader_levels(blocks)
    return blocks


def reader_heading_block(ln: Line, i: int) -> Block:
    """A heading a reader marked; the title of a table of contents is a TOC line, not a heading."""
    label, number, title = split_heading(ln.text)
    if not number and norm_title(title) in TOC_TITLES:
        return Block("toc", ln.text, ln.page, line_indices=[i])
    return Block(
        "heading",
        title,
        ln.page,
        heading_level=ln.heading_level,
        number=number,
        line_indices=[i],
        label=label,
        printed=ln.text,
    )


def split_text_heading(text: str) -> tuple[str | None, str | None, str]:
    """(label, number, title) of a heading found by its shape in plain text."""
    labelled = split_labelled(text) if looks_like_labelled_heading(text) else None
    if labelled:
        return labelled
    if looks_like_numbered_heading(text):
        number, title = split_number(text)
        return None, number, title
    return None, None, text


def labelled_line_end(lines: list[Line], i: int, blocks: list[Block]) -> int | None:
    """In a document whose headings the reader found by typography, a body line that is only a legal
    unit's label and number (`Artikel 1`) between closed sentences still heads the text after it."""
    ln = lines[i]
    labelled = split_labelled(ln.text) if ln.kind == "body" and not ln.text.endswith(".") else None
    if labelled is None or labelled[2]:
        return None
    if not last_block_closes(blocks):
        return None  # the end of a wrapped sentence (`... zoals beschreven onder` / `Paragraaf 7.7`)
    j, _ = next_content(lines, i)
    if j is None or starts_lowercase(lines[j].text):
        return None
    return i + 1


def merge_split_headings(blocks: list[Block]) -> list[Block]:
    """Join a heading that is only a number or a unit label and number to the title line after it.

    `### 1` + `####Reikwijdte` and `Artikel 1` + `Reikwijdte` are one heading (number 1, title
    Reikwijdte). A unit heading without any title keeps its label as its title (`Artikel 1`); a bare
    number without a title heads nothing and is dropped.
    """
    merged: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind != "heading" or not b.number or b.text:
            merged.append(b)
            i += 1
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        if nxt is not None and is_title_of(b, nxt, after):
            b.text = nxt.text
            b.printed = f"{b.printed} {nxt.text}"
            b.line_indices += nxt.line_indices
            b.spaced = nxt.spaced
            merged.append(b)
            i += 2
            continue
        if b.label:
            b.text = b.printed or b.text
            merged.append(b)
        i += 1
    return merged


def is_title_of(number_heading: Block, nxt: Block, after: Block | None) -> bool:
    """Whether `nxt` is the title line of a heading that holds only a number."""
    if nxt.kind == "heading":
        own_unit = nxt.number or nxt.label or APPENDIX_RE.match(nxt.text)
        shallower = (
            number_heading.heading_level is not None
            and nxt.heading_level is not None
            and nxt.heading_level < number_heading.heading_level
        )
        return not own_unit and not shallower
    return (
        nxt.kind == "paragraph"
        and after is not None
        and len(nxt.line_indices) == 1
        and nxt.text[:1].isupper()
        and plausible_title(nxt.text, MAX_UNNUMBERED_WORDS)
        and not has_date(nxt.text)
    )


def unmark_title_heading(blocks: list[Block]) -> None:
    """The first heading of a markdown or html export that opens the document and names it (it opens
    with a policy or regulation title word, or it is the only `#`/`h1` heading) is the document's
    title: like a cover title it is no section; its text stays a sentence, and so do the cover lines
    under it."""
    first = blocks[0] if blocks else None
    if first is None or first.kind != "heading" or first.heading_level is None:
        return
    others = [b.heading_level for b in blocks[1:] if b.kind == "heading" and b.heading_level is not None]
    only_at_level = first.heading_level == 1 and bool(others) and min(others) > 1
    if not (only_at_level or _TITLE_WORDS_RE.search(first.printed or first.text)):
        return
    first.kind = "paragraph"
    first.text = first.printed or first.text
    for b in blocks[1:]:
        if b.kind == "heading" and b.heading_level is not None:
            break
        if is_weak_heading(b, set()):
            b.kind = "paragraph"  # a subtitle line of the cover, which the reader did not mark


def normalise_reader_levels(blocks: list[Block]) -> None:
    """Reader levels start at 1: an export that keeps `#` for the title starts its chapters at `##`,
    and one law export sets every article in `#####`."""
    levels = [b.heading_level for b in blocks if b.kind == "heading" and b.heading_level is not None]
    shift = min(levels) - 1 if levels else 0
    if shift > 0:
        for b in blocks:
            if b.kind == "heading" and b.heading_level is not None:
                b.heading_level -= shift


def is_weak_heading(block: Block, listed: set[str]) -> bool:
    """A heading found only by its shape: no number, no reader level, not in the TOC."""
    return (
        block.kind == "heading"
        and block.heading_level is None
        and not block.number
        and norm_title(block.printed or block.text) not in listed
        and not APPENDIX_RE.match(block.text)
    )


def demote_fragments(blocks: list[Block], listed: set[str]) -> None:
    """Short lines that only look like headings: table cells, figure labels, icon lists.

    Three or more shape-only headings in a row with no text between them, or one
    followed by a fragment of a few words, are text, not headings.
    """
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and is_weak_heading(blocks[j], listed):
            j += 1
        if j - i >= MIN_FRAGMENT_RUN:
            for b in blocks[i:j]:
                b.kind = "paragraph"
        elif j > i:
            nxt = blocks[j] if j < len(blocks) else None
            if nxt is not None and nxt.kind == "paragraph" and is_fragment(nxt.text):
                for b in blocks[i:j]:
                    b.kind = "paragraph"
        i = max(j, i + 1)


def is_fragment(text: str) -> bool:
    """A few words without a sentence end, such as a table cell or a date of a planning."""
    if text.endswith(SENTENCE_END):
        return False
    words = len(text.split())
    return words < MIN_BODY_WORDS or (words <= MAX_DATE_CELL_WORDS and has_date(text))


def join_heading_lines(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = join_wrapped(text, part)
    return text


def next_content(lines: list[Line], i: int) -> tuple[int | None, bool]:
    """Index of the next non-blank, non-furniture line after i, and whether a blank line lies between."""
    blank = False
    for j in range(i + 1, len(lines)):
        if lines[j].kind == "blank":
            blank = True
        elif lines[j].kind != "furniture":
            return j, blank
    return None, blank


def last_block_closes(blocks: list[Block]) -> bool:
    """True when the text before ends a sentence, whatever kind of block holds it."""
    return not blocks or blocks[-1].text.rstrip().endswith(SENTENCE_END + (")", "”", "’", '"'))


def previous_closes(blocks: list[Block]) -> bool:
    """True when the block before ends a sentence or is not running text."""
    if not blocks:
        return True
    prev = blocks[-1]
    return prev.kind != "paragraph" or prev.text.rstrip().endswith(SENTENCE_END + (")", "”", "’", '"'))


def text_heading_end(
    lines: list[Line],
    i: int,
    blocks: list[Block],
    width: int | None = None,
    listed: set[str] | frozenset[str] = frozenset(),
) -> int | None:
    """If a heading starts at body line i, the index after its last line, else None."""
    ln = lines[i]
    if ln.kind != "body":
        return None
    if norm_title(ln.text) in listed and len(ln.text) <= MAX_HEADING_CHARS:
        return i + 1  # the table of contents lists it
    if width and len(ln.text) >= FULL_LINE_SHARE * width and not ln.text.endswith("?"):
        return None  # a full-width line without a sentence end is running text that wrapped
    blank_before = i > 0 and lines[i - 1].kind in {"blank", "furniture"}
    if not (previous_closes(blocks) or (blank_before and not starts_lowercase(ln.text))):
        return None
    end = i + 1
    text = ln.text
    j, blank = next_content(lines, i)
    # a heading broken over two lines: the second part continues it in lower case
    if j is not None and not blank and lines[j].kind == "body" and continues_heading(text, lines[j].text):
        text = join_wrapped(text, lines[j].text)
        end = j + 1
        j, blank = next_content(lines, j)
    labelled = looks_like_labelled_heading(text)
    if not labelled and split_labelled(text) is not None:
        return None  # a unit label and number that open a citation or a sentence
    if labelled and text.endswith(".") and not last_block_closes(blocks):
        return None  # the end of a wrapped sentence (`... zoals beschreven onder` / `Paragraaf 7.7.`)
    numbered = labelled or looks_like_numbered_heading(text) or looks_like_appendix_heading(text)
    if not numbered and not looks_like_unnumbered_heading(text):
        return None
    if j is None:
        return end if numbered else None
    following = lines[j]
    if following.kind == "body" and starts_lowercase(following.text) and not blank:
        return None  # the line is the start of a wrapped sentence
    return end


def starts_lowercase(text: str) -> bool:
    return text[:1].islower()


def continues_heading(first: str, second: str) -> bool:
    if first.endswith("-") and second[:1].islower():
        return True
    last_word = first.split()[-1].lower() if first.split() else ""
    if (
        (first.endswith("&") or last_word in JOINING_WORDS)
        and len(second.split()) <= 8
        and not second.endswith(SENTENCE_END)
    ):
        return True
    return (
        second[:1].islower()
        and len(second.split()) <= 8
        and not second.endswith(SENTENCE_END)
        and len(first.split()) >= 3
    )


def opens_planning_row(text: str) -> bool:
    """`Uiterlijk 31 december 2026 ...`: a capitalised deadline or start word and a date open a row
    of a planning that the export laid out line by line, not the continuation of a sentence."""
    return text[:1].isupper() and leading_date_end(text) is not None


def append_paragraph(lines: list[Line], i: int, blocks: list[Block]) -> int:
    """Add line i to the open paragraph or list item, or open a new one; return the next index."""
    ln = lines[i]
    prev = blocks[-1] if blocks else None
    joinable = prev is not None and prev.kind in {"paragraph", "list_item"} and ln.kind == "body"
    if joinable and not opens_planning_row(ln.text):
        gap = any(lines[k].kind == "blank" for k in range(prev.line_indices[-1] + 1, i))
        continues = not prev.text.endswith(SENTENCE_END) and (starts_lowercase(ln.text) or not gap)
        if continues or (not gap and prev.kind == "paragraph"):
            prev.text = join_wrapped(prev.text, ln.text)
            prev.line_indices.append(i)
            return i + 1
    kind = "list_item" if ln.kind == "list_item" else "paragraph"
    blocks.append(Block(kind, ln.text, ln.page, line_indices=[i]))
    return i + 1
