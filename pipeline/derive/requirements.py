"""Requirement lists: the checklist of conditions a provider must meet to be contracted or paid.

Where lists stand. A section is a requirement list when its title names requirements
(obligations.yaml `requirement_headings` or a word ending in `requirement_noun_suffixes`:
`Minimumeisen voor ZBC's`, `Selectiecriteria`) or states an admission condition (tables.yaml
`requirements.admission_title_words`: `... komt u voor een overeenkomst in aanmerking`,
`Overzicht aan te leveren documenten`), unless its or its parent's title explains, changes or
attaches conditions rather than listing them (`title_exclusions`) or only names the insurer (a
back cover). A leaf subsection (`Algemeen`, `Uitsluitingen`) of a requirement-titled section is
a list too when that section has no items of its own. Anywhere else, what follows a lead-in
ending in `:` that announces conditions (`... hanteren wij de volgende inkoopcriteria:`, `de
volgende redenen tot afwijzing ...:`) is a list.

What an item is. One bullet or one table row is one item with all its sentences; the short
bullets after an item that ends in `:` are its sub-items. Running text is cut into items by its
layout: a list whose bullets the export lost has one item per line (a sentence that starts
mid-line continues the item), a numbered list one per number, prose one per sentence; a
sentence that refers back (`Dat personeel ...`, `Hiermee ...`) continues the item before it.
A sentence of running text is an item when a lead-in announced it, or when it puts a norm on
the provider (the `obligations` table): not the insurer's own commitment, a permission, a
relief (`hoeven geen ... aan te leveren`), a planning step with its date, the announcement of
a list or an umbrella statement about the requirements as a whole (`moeten voldoen aan
bepaalde minimumeisen`); a norm read from context alone must have the provider as its subject.
Never an item: headings, questions, pointers elsewhere (`Deze vindt u in bijlage 2`), table
headers and group rows, list numbers, and an item printed again under a title like its own
(an appendix printed twice, a list repeated in the body).

The provider kind comes from the section title, its parent's title, the lead-in, the item's
opening words, and then the titles further up (tables.yaml `provider_kinds`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz import fuzz

from pipeline.derive import SectionTree, actor_words, vocab
from pipeline.model import Document, Obligation, Requirement, Section, Sentence, Span
from pipeline.structure.titles import is_requirement_title
from pipeline.text.clean import normalise
from pipeline.text.phrases import find_phrase, first_canonical
from pipeline.vocab import INSURERS

ITEM_KINDS = frozenset({"list_item", "table_row"})
NORM_MODALITIES = frozenset({"obligation", "prohibition", "expectation"})
STEP_QUALIFIERS = frozenset({"deadline", "start"})
BLOCK_SEPARATOR = "\n\n"  # how the segment stage joins blocks in `Document.text`
SUBJECT_WORDS = 8  # a provider kind named in the item counts when it stands in its opening words
PROVIDER_SUBJECT_WORDS = 4  # a norm read from context needs a provider among its first words
MIN_SENTENCE_WORDS = 4  # running text shorter than this is a label, a slogan or a link
LINE_KEY_CHARS = 24  # characters that identify the start of a line
LINE_STRUCTURED_SHARE = 0.6  # share of a block's sentences that open a line in a list that lost its bullets
SUB_ITEM_WORDS = 12  # the sub-bullets of an item that ends in `:` are short
DUPLICATE_SIMILARITY = 0.9  # an item this similar to an earlier one is the same item printed again
TITLE_SIMILARITY = 0.8  # ... when it stands under a title this similar
_WORD_RE = re.compile(r"\w+")
_MARKER = r"\(?(?:\d{1,2}|[a-z])[.)]"
_MARKER_RE = re.compile(rf"^{_MARKER}$")
_TRAILING_MARKER_RE = re.compile(rf"\s+({_MARKER})$")
_FOOTNOTE_TEXT_RE = re.compile(r"\s[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s+(?=[A-Z]).*$")
_BULLETS_RE = re.compile(r"(?:^|\s)[•▪●◦-](?=\s)")
_SPACES_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    """Consecutive sentences of one layout block (a paragraph, a bullet, a table row) of one section."""

    sentences: tuple[Sentence, ...]
    text: str

    @property
    def kind(self) -> str:
        return self.sentences[0].kind

    @property
    def section_id(self) -> str | None:
        return self.sentences[0].section_id


@dataclass(frozen=True)
class Unit:
    """A candidate item: `text` runs from `start` in the first of `sentences` over all of them.

    listed: a bullet or table row; numbered: running text after a list number; by_line: from a
    list that lost its bullets (one item per line).
    """

    sentences: tuple[Sentence, ...]
    text: str
    start: int = 0
    listed: bool = False
    numbered: bool = False
    by_line: bool = False

    @property
    def first(self) -> Sentence:
        return self.sentences[0]

    def joined(self, other: Unit) -> Unit:
        sentences = self.sentences + tuple(s for s in other.sentences if s not in self.sentences)
        return replace(self, sentences=sentences, text=f"{self.text} {other.text}")


@dataclass(frozen=True)
class Context:
    """What the requirement rules read of one document."""

    tree: SectionTree
    norms: dict[str, Obligation]
    dated: frozenset[str]  # sentences with a deadline or start date: planning steps
    line_keys: frozenset[str]


def derive_requirements(document: Document) -> Document:
    """Stage: the items of every requirement list."""
    found = [r.bind(document.doc_id, r.sentence_id or "") for r in iter_requirements(document)]
    return replace(document, records=replace(document.records, requirements=found))


def iter_requirements(document: Document) -> Iterator[Requirement]:
    """Every item of every requirement list, in reading order, each once."""
    ctx = Context(
        SectionTree.of(document),
        {o.sentence_id or "": o for o in document.records.obligations},
        frozenset(d.sentence_id or "" for d in document.records.dates if d.qualifier in STEP_QUALIFIERS),
        line_keys(document),
    )
    blocks_by_section = group_by_section(merge_continuations(sentence_blocks(document)))
    own = {
        sid: section_items(blocks, ctx, listing=True)
        for sid, blocks in blocks_by_section.items()
        if is_listing(ctx.tree.lineage(sid))
    }
    kept: list[tuple[str, str]] = []
    for section_id, blocks in blocks_by_section.items():
        lineage = ctx.tree.lineage(section_id)
        if section_id in own:
            items = own[section_id]
        elif is_excluded(lineage[:1]) or in_change_list(lineage[1:2]):
            continue
        else:
            items = section_items(blocks, ctx, listing=inherits_list(ctx.tree, lineage, own))
        title = normalise(lineage[0].title) if lineage else ""
        kinds = list_kinds(lineage, items)
        for (unit, _), kind in zip(items, kinds, strict=True):
            key = (normalise(unit.text), title)
            if not is_repeat(key, kept):
                kept.append(key)
                yield requirement(unit, lineage, kind)


def requirement(unit: Unit, lineage: Sequence[Section], kind: str | None) -> Requirement:
    sentence = unit.first
    return Requirement(
        span=Span(unit.start, unit.start + len(unit.text), unit.text, sentence.sentence_id),
        section_id=sentence.section_id,
        section_title=lineage[0].title if lineage else None,
        provider_kind=kind,
        page=sentence.page,
    )


# --- layout: blocks, lines, units ---------------------------------------------------------


def sentence_blocks(document: Document) -> list[Block]:
    """The document's sentences grouped into the blocks the segment stage made of them."""
    blocks: list[list[Sentence]] = []
    for sentence in document.sentences:
        prev = blocks[-1][-1] if blocks else None
        same_block = (
            prev is not None
            and prev.kind == sentence.kind
            and prev.section_id == sentence.section_id
            and BLOCK_SEPARATOR not in document.text[prev.end : sentence.start]
        )
        if same_block:
            blocks[-1].append(sentence)
        else:
            blocks.append([sentence])
    return [Block(tuple(b), " ".join(s.text for s in b)) for b in blocks]


def merge_continuations(blocks: list[Block]) -> list[Block]:
    """Put back together what the export split: the short sub-bullets of a bullet that ends in `:`
    (`... inzake: Omkoping; Fraude`), and a bullet's text that went on after a blank line in lower case."""
    merged: list[Block] = []
    open_item = False
    for block in blocks:
        prev = merged[-1] if merged else None
        if prev is not None and prev.kind == "list_item" and continues_bullet(prev, block, open_item):
            joiner = " " if prev.text.rstrip().endswith(":") or block.kind == "body" else "; "
            merged[-1] = Block(prev.sentences + block.sentences, prev.text.rstrip() + joiner + block.text)
            continue
        merged.append(block)
        open_item = block.kind == "list_item" and block.text.rstrip().endswith(":")
    return merged


def continues_bullet(prev: Block, block: Block, open_item: bool) -> bool:
    if block.section_id != prev.section_id:
        return False
    if block.kind == "body":
        return block.text[:1].islower()
    return block.kind == "list_item" and open_item and is_sub_item(block.text)


def is_sub_item(text: str) -> bool:
    """A sub-bullet completes its item: in lower case (`de verzekerde of`), or with a few words
    (`Fraude`, `Witwassen van geld`) that are not a clause with a subject of its own (`De
    zorgaanbieder heeft ...`)."""
    words = text.split()
    if not words or words[0][:1].islower():
        return bool(words)
    return len(words) <= SUB_ITEM_WORDS and words[0].lower() not in vocab()["requirements"]["clause_subjects"]


def group_by_section(blocks: list[Block]) -> dict[str | None, list[Block]]:
    grouped: dict[str | None, list[Block]] = {}
    for block in blocks:
        grouped.setdefault(block.section_id, []).append(block)
    return grouped


def line_key(text: str) -> str:
    return _SPACES_RE.sub(" ", normalise(text)).strip()[:LINE_KEY_CHARS]


def line_keys(document: Document) -> frozenset[str]:
    """The openings of the reader's lines: a sentence that starts with one opens a line."""
    return frozenset(line_key(ln.text) for ln in document.lines if ln.kind in {"body", "list_item"})


def opens_line(text: str, ctx: Context) -> bool:
    return line_key(text) in ctx.line_keys


def units_of(block: Block, ctx: Context) -> list[Unit]:
    """The candidate items of a block: a bullet or a row is one; running text is cut by its layout."""
    if block.kind in ITEM_KINDS:
        return [Unit(block.sentences, item_text(block), listed=True)]
    by_line = len(block.sentences) > 1 and line_share(block, ctx) >= LINE_STRUCTURED_SHARE
    markers = ListMarkers()
    units: list[Unit] = []
    for sentence in block.sentences:
        if _MARKER_RE.match(sentence.text.strip()):
            markers.see(sentence.text.strip())  # a list number on its own: the next sentence opens an item
            continue
        for part in line_parts(sentence, ctx, by_line):
            part, trailing = markers.split_trailing(part)
            if units and markers.pending_letter and units[-1].text.rstrip().endswith(":"):
                markers.sub_list = True  # `... onderdelen: a.`: the lettered lines are its sub-items
            if markers.pending_number:
                units.append(replace(part, numbered=True))
            elif units and (markers.sub_list or not starts_item(part, ctx, by_line)):
                units[-1] = units[-1].joined(part)
            else:
                units.append(part)
            markers.pending_number = markers.pending_letter = False
            if trailing:
                markers.see(trailing)
    return units


class ListMarkers:
    """The list numbers and letters the text layer left in running text (`1.`, `a.`), in sequence.

    pending_number/pending_letter: a marker stood just before the next sentence; sub_list: the
    lettered lines under an item that ends in `:` are going on.
    """

    def __init__(self) -> None:
        self.last_number = 0
        self.last_letter = ""
        self.pending_number = False
        self.pending_letter = False
        self.sub_list = False

    def see(self, marker: str) -> None:
        value = marker.strip("().")
        if value.isdigit():
            self.last_number, self.last_letter = int(value), ""
            self.pending_number, self.sub_list = True, False
        else:
            self.last_letter, self.pending_letter = value, True

    def continues(self, marker: str, before: str) -> bool:
        """A marker glued to the end of a sentence is the next one of its list (or opens a sub-list)."""
        value = marker.strip("().")
        if value.isdigit():
            return self.last_number > 0 and int(value) == self.last_number + 1
        expected = chr(ord(self.last_letter) + 1) if self.last_letter else "a"
        return value == expected and (bool(self.last_letter) or before.rstrip().endswith(":"))

    def split_trailing(self, part: Unit) -> tuple[Unit, str | None]:
        m = _TRAILING_MARKER_RE.search(part.text)
        if not m or not self.continues(m.group(1), part.text[: m.start()]):
            return part, None
        return replace(part, text=part.text[: m.start()]), m.group(1)


def starts_item(part: Unit, ctx: Context, by_line: bool) -> bool:
    """In a list that lost its bullets an item opens a line; in prose every sentence is one,
    unless it refers back to the sentence before; a lead-in (`... wanneer:`) stands on its own."""
    if part.text.rstrip().endswith(":"):
        return True  # a lead-in of its own
    if continues_item(part.text):
        return False
    return not by_line or opens_line(part.text, ctx)


def line_share(block: Block, ctx: Context) -> float:
    return sum(opens_line(s.text, ctx) for s in block.sentences) / len(block.sentences)


def line_parts(sentence: Sentence, ctx: Context, by_line: bool) -> list[Unit]:
    """A sentence cut after each `;` that ends a line (items of a list that lost its bullets)."""
    parts: list[Unit] = []
    start = 0
    text = sentence.text
    for m in re.finditer(r";\s+", text):
        if opens_line(text[m.end() :], ctx):
            parts.append(Unit((sentence,), text[start : m.start() + 1].strip(), start, by_line=True))
            start = m.end()
    cut = bool(parts)
    parts.append(Unit((sentence,), without_footnote(text[start:].strip()), start, by_line=by_line or cut))
    return [p for p in parts if p.text]


def item_text(block: Block) -> str:
    """A bullet's sentences, or a table row's cells on one line without bullets or empty cells."""
    if block.kind != "table_row" or not block.sentences[0].cells:
        return without_footnote(block.text.strip())
    cells = [_BULLETS_RE.sub(" ", c).strip() for c in block.sentences[0].cells]
    return _SPACES_RE.sub(" ", " ".join(c for c in cells if c))


def without_footnote(text: str) -> str:
    """Drop a footnote that a web export glued to the item after its mark (`... zorg ¹ Indien ...`)."""
    return _FOOTNOTE_TEXT_RE.sub("", text)


def continues_item(text: str) -> bool:
    """A sentence that refers back to the one before (`Dat personeel ...`) or is its aside (`(...)`)."""
    opener = " ".join(_WORD_RE.findall(normalise(text))[:2])
    return text.startswith("(") or any(
        opener == o or opener.startswith(f"{o} ") for o in words("continuation_openers")
    )


# --- where lists stand --------------------------------------------------------------------


def is_listing(lineage: Sequence[Section]) -> bool:
    """A section whose own title names requirements or states an admission condition."""
    if not lineage or is_excluded(lineage[:2]):
        return False
    title = lineage[0].title
    return is_requirement_title(title) or find_phrase(title, words("admission_title_words")) is not None


def inherits_list(tree: SectionTree, lineage: Sequence[Section], own: dict[str | None, list]) -> bool:
    """A leaf topic (`Algemeen`) under a requirement-titled section that has no items of its own."""
    if len(lineage) < 2:
        return False
    section, parent = lineage[0], lineage[1]
    return (
        is_requirement_title(parent.title)
        and not is_excluded([parent])
        and not own.get(parent.section_id)
        and not any(s.parent_id == section.section_id for s in tree.by_id.values())
        and not section.title.rstrip().endswith("?")
    )


def is_excluded(sections: Sequence[Section]) -> bool:
    """Titles that explain, change or attach requirements, and a cover that only names the insurer."""
    return any(
        find_phrase(s.title, words("title_exclusions")) is not None or normalise(s.title) in insurer_names()
        for s in sections
    )


def in_change_list(sections: Sequence[Section]) -> bool:
    """A section of the insurer's own change list: what it lists changed, it is not the checklist."""
    return any(find_phrase(s.title, vocab()["changes"]["section_words"]) is not None for s in sections)


@cache
def insurer_names() -> frozenset[str]:
    return frozenset(normalise(name) for names in INSURERS.values() for name in names)


# --- items --------------------------------------------------------------------------------


def section_items(blocks: list[Block], ctx: Context, listing: bool) -> list[tuple[Unit, str | None]]:
    """The items of one section, with the lead-in that announced them. In a requirement list
    (`listing`) these are its bullets, rows and norm sentences; elsewhere only what follows a
    lead-in that announces conditions."""
    items: list[tuple[Unit, str | None]] = []
    headers: set[str] = set()
    for i, block in enumerate(blocks):
        lead_in = governing_lead_in(blocks, i)
        if block.kind == "table_row":
            if i == 0 or blocks[i - 1].kind != "table_row":
                headers.add(block.text)  # the first row of a table is its header
            if listing and is_table_item(block, headers):
                items.extend((u, lead_in) for u in units_of(block, ctx))
            continue
        if block.kind not in {"list_item", "body"}:
            continue  # headings, footnotes, TOC lines
        announced = lead_in is not None and (listing or announces_requirements(blocks, i))
        if listing or announced:
            items.extend(
                (u, lead_in) for u in units_of(block, ctx) if is_item(u) and (announced or accepts(u, ctx))
            )
    return items


def governing_lead_in(blocks: list[Block], i: int) -> str | None:
    """The lead-in (a block ending in `:`) that the block at i belongs to: the block before its
    run of bullets, or the block just before a paragraph of running text."""
    j = lead_in_index(blocks, i)
    if j < 0 or blocks[j].kind not in {"body", "heading"} or not announces_items(blocks[j]):
        return None
    return blocks[j].text


def lead_in_index(blocks: list[Block], i: int) -> int:
    j = i - 1
    if blocks[i].kind == "list_item":
        while j >= 0 and blocks[j].kind == "list_item":
            j -= 1
    return j


def announces_items(block: Block) -> bool:
    """A block that ends in `:` (or, in running text, in `én;`) introduces the list below it."""
    text = _TRAILING_MARKER_RE.sub("", block.text.rstrip())
    return text.endswith(":") or (block.kind == "body" and text.endswith(";"))


def announces_requirements(blocks: list[Block], i: int) -> bool:
    """The lead-in names conditions (`de volgende voorwaarden:`, `... redenen tot afwijzing ... leiden.
    Het eindoordeel is aan ons:`): its last sentence, or the announcing sentence just before it."""
    lead = blocks[lead_in_index(blocks, i)].sentences
    tail = [lead[-1].text]
    if len(lead) > 1 and find_phrase(lead[-2].text, words("list_intro_words")) is not None:
        tail.append(lead[-2].text)
    return any(
        mentions_requirement_words(text) or find_phrase(text, words("lead_in_words")) is not None
        for text in tail
    )


def is_table_item(block: Block, headers: set[str]) -> bool:
    """A table row that is neither a header (repeated on every page) nor a group row of one cell."""
    cells = [c for c in (block.sentences[0].cells or []) if c.strip()]
    return block.text not in headers and len(cells) > 1


def is_item(unit: Unit) -> bool:
    """Not a list number, a question, a pointer elsewhere or an umbrella statement."""
    text = unit.text.strip()
    if not _WORD_RE.search(text) or _MARKER_RE.match(text) or text.endswith("?"):
        return False
    return not (refers_elsewhere(text) or is_umbrella(text))


def accepts(unit: Unit, ctx: Context) -> bool:
    """A unit of a requirement list: a bullet, row or numbered item, or a norm sentence."""
    return unit.listed or unit.numbered or states_norm(unit, ctx)


def states_norm(unit: Unit, ctx: Context) -> bool:
    """Running text that puts a norm on the provider (see the module docstring)."""
    text = unit.text
    norm = ctx.norms.get(unit.first.sentence_id)
    if norm is None or len(text.split()) < MIN_SENTENCE_WORDS:
        return False
    if (
        norm.modality not in NORM_MODALITIES
        or norm.actor != "zorgaanbieder"
        or norm.rule in words("umbrella_rules")
    ):
        return False
    if unit.first.sentence_id in ctx.dated or text.rstrip().endswith(":"):
        return False
    if find_phrase(text, words("list_intro_words")) or find_phrase(text, words("relief_words")):
        return False
    if norm.rule not in words("context_rules"):
        return True
    # read from context alone: a line of a list that lost its bullets, or a provider that must
    return not grants(text) and (unit.by_line or (opens_with_provider(text) and has_must(text)))


def opens_with_provider(text: str) -> bool:
    """The provider is the subject: a provider word among the first words (`De zorgaanbieder`, `U`)."""
    opening = _WORD_RE.findall(text.lower())[:PROVIDER_SUBJECT_WORDS]
    return any(w in actor_words()["zorgaanbieder"] for w in opening)


def has_must(text: str) -> bool:
    return bool(set(_WORD_RE.findall(text.lower())) & set(words("must_words")))


def grants(text: str) -> bool:
    """`kan`/`kunnen` without `moet`: a possibility, not a requirement."""
    tokens = set(_WORD_RE.findall(text.lower()))
    return bool(tokens & set(words("can_words"))) and not tokens & set(words("must_words"))


def refers_elsewhere(text: str) -> bool:
    return find_phrase(text, words("pointer_phrases")) is not None


def is_umbrella(text: str) -> bool:
    """`voldoen aan bepaalde minimumeisen`, `stellen wij eisen aan`: the requirements as a whole."""
    tokens = _WORD_RE.findall(text.lower())
    determiners = set(words("umbrella_determiners"))
    for k, token in enumerate(tokens):
        if not is_requirement_title(token):
            continue
        if determiners & set(tokens[max(0, k - 3) : k]) or tokens[k + 1 : k + 2] == ["aan"]:
            return True
    return False


def mentions_requirement_words(text: str) -> bool:
    return any(is_requirement_title(t) for t in _WORD_RE.findall(text.lower()))


def is_repeat(key: tuple[str, str], kept: list[tuple[str, str]]) -> bool:
    """The same item printed again under a title like its own (an appendix printed twice, a list
    repeated in the body); one condition repeated in the lists of two kinds of provider is kept twice."""
    text, title = key
    return any(
        similar(text, other_text, DUPLICATE_SIMILARITY)
        and (similar(title, other_title, TITLE_SIMILARITY) or title in other_title or other_title in title)
        for other_text, other_title in kept
    )


def similar(a: str, b: str, floor: float) -> bool:
    """rapidfuzz's ratio (2 x longest common subsequence / total length) with a cut-off: the
    SequenceMatcher ratio it replaces cost 1.2 s of CPU on a 54-page policy."""
    return a == b or fuzz.ratio(a, b, score_cutoff=floor * 100) > 0


# --- provider kind ------------------------------------------------------------------------


def provider_kind(lineage: Sequence[Section], lead_in: str | None, text: str) -> str | None:
    """The kind the section or its parent names, else the lead-in, the item's opening words,
    and the titles further up."""
    sources = [s.title for s in lineage[:2]] + [lead_in or "", opening(text)] + [s.title for s in lineage[2:]]
    for source in sources:
        kind = first_canonical(source, vocab()["provider_kinds"])
        if kind:
            return kind
    return None


def list_kinds(lineage: Sequence[Section], items: list[tuple[Unit, str | None]]) -> list[str | None]:
    """The provider kind of each item of one section, in the list's own most specific words: when
    an item names a narrower kind than the title (`De medisch-specialistische revalidatie-instelling`
    under `... revalidatiezorg`), the whole list is for that kind."""
    kinds = [provider_kind(lineage, lead_in, unit.text) for unit, lead_in in items]
    named = {first_canonical(opening(unit.text), vocab()["provider_kinds"]) for unit, _ in items}
    narrower = {k: n for k in set(kinds) for n in named if k and n and n != k and k in n}
    return [narrower.get(k or "", k) for k in kinds]


def opening(text: str) -> str:
    return " ".join(text.split()[:SUBJECT_WORDS])


def words(name: str) -> list[str]:
    return vocab()["requirements"][name]
