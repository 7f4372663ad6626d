"""The insurer's own list of changes since last year's policy.

A change section has change vocabulary in its title (`Belangrijkste wijzigingen`,
`Wat zijn de wijzigingen per 2024?`; tables.yaml `changes`), and its region is
the section with its subsections. When the change table's header
(`Onderwerp Wijziging`) was read as a heading, the table's rows were too, so the
region runs on over the following sections of the same level.

Rows of a region, in reading order:
- a table row: topic, then old and new text (`Onderwerp | Beleid 2026 | Beleid 2027`)
  or the change (`Onderwerp | Wijziging`);
- a list item, or a body sentence with a change marker (`gewijzigd`, `verschoven`);
- an `Oud: ...` line with the `Nieuw: ...` line after it;
- a subsection with none of these: its title is the topic, its first sentence the change.
Old and new text come from `Oud:`/`Nieuw:`, `van X naar Y`, `X is gewijzigd naar Y`,
or a following `Dit was X.`. Years: two years in the title or table header, one year
in the title (and the year before), else the policy year and the year before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pipeline.derive import sentence_span, vocab, years_in
from pipeline.model import Change, Document, Section, Sentence
from pipeline.text.clean import normalise
from pipeline.text.phrases import find_phrase, phrase_pattern

_TAG_RE = re.compile(r"</?\w+[^>]*>")
_OLD_NEW_RE = re.compile(r"\boud\s*:\s*(?P<old>.+?)\s*\bnieuw\s*:\s*(?P<new>.+)$", re.IGNORECASE)
_OLD_RE = re.compile(r"^(?P<topic>.*?)\boud\s*:\s*(?P<old>.+)$", re.IGNORECASE)
_NEW_RE = re.compile(r"^\s*nieuw\s*:\s*(?P<new>.+)$", re.IGNORECASE)
_FROM_TO_RE = re.compile(
    r"\bvan\s+(?P<old>[^.;:]{1,80}?|[^;:]{1,80}?\d[.,]\d{3}[^;:]{0,20}?)\s+naar\s+"
    r"(?P<new>.{1,80}?)(?=\s*(?:[.;,](?:\s|$)|\(|$))",
    re.IGNORECASE,
)
_CHANGED_TO_RE = re.compile(
    r"^(?P<old>.{3,120}?)\s+(?:is|zijn|wordt|worden)\s+(?:gewijzigd|veranderd|aangepast|omgezet)\s+"
    r"(?:naar|in)\s+(?P<new>.+?)\s*(?:\([^)]*\))?\s*\.?$",
    re.IGNORECASE,
)
_WAS_RE = re.compile(r"^\s*dit\s+was\s+(?P<old>.+?)\s*\.?$", re.IGNORECASE)
Years = tuple[int | None, int | None]
TOPIC_COLON_MAX = 100  # a colon this early separates a topic from its change


@dataclass(frozen=True)
class Region:
    """A change section with the sections that belong to it."""

    root: Section
    sections: list[Section]
    year_from: int | None
    year_to: int | None


def derive_changes(document: Document) -> Document:
    """Stage: the rows of the insurer's own change table or list."""
    changes = [c.bind(document.doc_id, c.sentence_id or "") for c in iter_changes(document)]
    return replace(document, records=replace(document.records, changes=changes))


def iter_changes(document: Document) -> Iterator[Change]:
    by_section: dict[str | None, list[Sentence]] = {}
    for sentence in document.sentences:
        by_section.setdefault(sentence.section_id, []).append(sentence)
    for region in change_regions(document.sections, document.metadata.policy_year):
        yield from region_changes(region, by_section)


def is_change_title(title: str) -> bool:
    words = vocab()["changes"]
    excluded = find_phrase(title, words["title_exclusions"])
    return bool(find_phrase(title, words["section_words"])) and not excluded


def is_change_header(text: str, cells: list[str] | None = None) -> bool:
    """A change table's header line: a topic column and a change column (`Onderwerp | Wijziging`)."""
    words = vocab()["changes"]
    if cells is None and len(text.split()) > 6:
        return False
    first = normalise(cells[0] if cells else text.split()[0] if text.split() else "")
    return first in words["header_topic_words"] and bool(find_phrase(text, words["header_change_words"]))


def change_regions(sections: list[Section], policy_year: int | None) -> Iterator[Region]:
    i = 0
    while i < len(sections):
        root = sections[i]
        if not is_change_title(root.title):
            i += 1
            continue
        end = i + 1
        while end < len(sections) and sections[end].level > root.level:
            end += 1
        if any(is_change_header(s.title) for s in sections[i : end + 1]):
            while end < len(sections) and sections[end].level >= root.level:
                end += 1  # a change table read as headings: its rows are the next sections
        while end < len(sections) and is_row_title(sections[end].title):
            end += 1  # a lone `Oud: ...` line read as a heading
        yield Region(root, sections[i:end], *region_years(root.title, policy_year))
        i = end


def is_row_title(title: str) -> bool:
    return bool(_OLD_RE.search(title) or _NEW_RE.match(title))


def region_years(title: str, policy_year: int | None) -> Years:
    """(year_from, year_to): two years in the title, one (and the year before), else the policy year."""
    years = years_in(title)
    if len(years) >= 2:
        return min(years), max(years)
    year_to = years[0] if years else policy_year
    return (year_to - 1 if year_to else None), year_to


def region_changes(region: Region, by_section: dict[str | None, list[Sentence]]) -> Iterator[Change]:
    years: Years = (region.year_from, region.year_to)
    for section in region.sections:
        rows: list[Change] = []
        row_like = is_change_header(section.title) or is_row_title(section.title)
        topic = None if section is region.root or row_like else section.title
        summary_only = section is region.root and len(region.sections) > 1
        previous: str | None = None
        for sentence in by_section.get(section.section_id, []):
            row_heading = sentence.kind == "heading" and is_row_title(sentence.text)
            if sentence.kind in {"heading", "toc", "footnote"} and not row_heading:
                continue
            if announces_list(sentence.text):
                continue
            if is_change_header(sentence.text, sentence.cells):
                years = header_years(sentence.text) or years
                continue
            if summary_only and sentence.kind == "body":
                continue  # the root's own words summarise; its subsections hold the changes
            before = len(rows)
            rows = apply_line(rows, sentence, topic, previous, years)
            previous = clean(sentence.text) if len(rows) == before else None
        if not rows and topic and not topic.rstrip().endswith("?"):
            rows = subsection_row(section, by_section.get(section.section_id, []), years)
        yield from rows


def header_years(text: str) -> Years | None:
    years = years_in(text)
    return (min(years), max(years)) if len(years) >= 2 else None


def announces_list(text: str) -> bool:
    """A line that introduces the list below it (`... zijn de volgende zaken gewijzigd:`)."""
    return text.rstrip().endswith(":")


def apply_line(
    rows: list[Change], sentence: Sentence, topic: str | None, previous: str | None, years: Years
) -> list[Change]:
    """The rows after reading one line of a change region."""
    text = clean(sentence.text) or ""
    was = _WAS_RE.match(text)
    if was and rows and rows[-1].old_text is None:
        return [*rows[:-1], replace(rows[-1], old_text=was["old"])]
    new = _NEW_RE.match(text)
    if new and rows and rows[-1].new_text is None:
        return [*rows[:-1], replace(rows[-1], new_text=new["new"].strip())]
    if sentence.cells and len(sentence.cells) > 1:
        return [*rows, table_row(sentence, years)]
    if _OLD_RE.search(text):
        return [*rows, old_line(sentence, text, topic or previous, years)]
    if sentence.kind == "list_item" or has_change_marker(text):
        return [*rows, text_row(sentence, text, topic, years)]
    return rows


def table_row(sentence: Sentence, years: Years) -> Change:
    cells = [clean(c) for c in sentence.cells or []]
    if len(cells) >= 3:
        old, new = cells[1], " ".join(c for c in cells[2:] if c) or None
    else:
        old, new = old_new(cells[1] or "")
        new = new or cells[1]
    return Change(sentence_span(sentence), sentence.section_id, cells[0], empty_to_none(old), new, *years)


def old_line(sentence: Sentence, text: str, topic: str | None, years: Years) -> Change:
    """A row from `[topic] Oud: X [Nieuw: Y]`; the topic may stand on the line before."""
    pair = _OLD_NEW_RE.search(text)
    match = _OLD_RE.search(text)
    assert match is not None
    own_topic = match["topic"].strip(" :-–") or None
    old = pair["old"] if pair else match["old"]
    new = pair["new"].strip() if pair else None
    return Change(sentence_span(sentence), sentence.section_id, own_topic or topic, old.strip(), new, *years)


def text_row(sentence: Sentence, text: str, topic: str | None, years: Years) -> Change:
    """A list item or marked sentence. Its topic: the words before an early colon (`Nieuwe
    toetreders Toegevoegd: ...`, the change word dropped), else the subsection title, else the
    text itself; the change is the rest, with its old and new parts if it states them."""
    head, _, rest = text.partition(":")
    if rest.strip() and len(head) <= TOPIC_COLON_MAX:
        head = strip_trailing_marker(head.strip())
        if head or not topic:
            topic, text = head or topic, rest.strip()
    old, new = old_new(text)
    return Change(sentence_span(sentence), sentence.section_id, topic or text, old, new or text, *years)


def strip_trailing_marker(head: str) -> str:
    words = head.split()
    if words and has_change_marker(words[-1]):
        words = words[:-1]
    return " ".join(words)


def subsection_row(section: Section, sentences: list[Sentence], years: Years) -> list[Change]:
    """A changed topic told as a subsection: its title and its first sentence."""
    body = [s for s in sentences if s.kind not in {"heading", "toc", "footnote"}]
    if not body:
        return []
    first = body[0]
    text = clean(first.text) or ""
    old, new = old_new(text)
    return [Change(sentence_span(first), section.section_id, section.title, old, new or text, *years)]


def old_new(text: str) -> tuple[str | None, str | None]:
    """(old, new) a change sentence states: `Oud: X Nieuw: Y`, `van X naar Y`, `X is gewijzigd naar Y`."""
    for pattern in (_OLD_NEW_RE, _FROM_TO_RE, _CHANGED_TO_RE):
        match = pattern.search(text)
        if match and (pattern is not _FROM_TO_RE or has_change_marker(text)):
            old = re.split(r"\bvan\s+", match["old"])[-1] if pattern is _FROM_TO_RE else match["old"]
            return old.strip(" '‘’\""), match["new"].strip(" '‘’\"")
    return None, None


def has_change_marker(text: str) -> bool:
    """A change word that is not negated (`niet gewijzigd` is no change)."""
    words = vocab()["changes"]
    markers = phrase_pattern(tuple(words["change_markers"]))
    negations = phrase_pattern(tuple(words["negations"]))
    low = normalise(text)
    for match in markers.finditer(low):
        clause_before = low[max(0, match.start() - 25) : match.start()].split(",")[-1]
        if not negations.search(clause_before):
            return True
    return False


def clean(text: str | None) -> str | None:
    """Cell or line text without markup remnants (`<p>`) on one line."""
    if text is None:
        return None
    return re.sub(r"\s+", " ", _TAG_RE.sub(" ", text)).strip() or None


def empty_to_none(text: str | None) -> str | None:
    if text is None or normalise(text) in {normalise(v) for v in vocab()["changes"]["empty_values"]}:
        return None
    return text
