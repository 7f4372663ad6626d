"""Planning rows: which step of the contracting round falls on which date, by whom, for whom.

A step comes from a planning or from a sentence that names it with its date.

- A planning is a section whose title (or an ancestor's) has planning vocabulary (`Planning`,
  `Tijdpad`, `Processtappen`, ...), a section holding a planning table header (`Datum | Actie`),
  or the rest of a section after a planning title that the text export ran into a paragraph
  (`2027 Planning voor Zelfstandige Behandelcentra Voor ...`): a short line of its own that names a
  planning word, or is followed by a planning table header, is a planning's title.
- The rows of a planning table (the lines after its header up to the year band, a lead-in or prose)
  are steps. Cells are told apart by content: the date cell, the party cell (`Wie`), the channel
  (`Via`), the rest is the action. A text export breaks a row into a date line and action lines; the
  action is read on the side the header puts the activity. A row with an empty date cell continues
  the row above and takes its dates. A relative term in the date cell (`Uiterlijk 6 weken na
  ontvangst van de offerte`) is a relative step.
- Sentences anywhere that name a step with a date of the current round are steps too: a deadline,
  a start (with its end), a preferred date; in a planning also a date something happens on. Dates of
  earlier rounds, replaced dates, contract terms and the first of January a rule takes effect are
  not steps. A relative term is a step in a planning, or elsewhere when it is a response the policy
  promises (`U krijgt binnen 4 weken een terugkoppeling`).
- A sentence that repeats a table step (same date and the same words, or the step's number
  `(stap 7)`) is not a step of its own: the table row keeps it in `repeated_in`.

Group: the planning's own title (`Planning voor ziekenhuizen` → `ziekenhuizen`, `Processtappen
MTVP` → `MTVP`), a subsection or table lead-in that names providers (`Nieuwe zorgaanbieders`,
`Voor ZBC's zijn de volgende termijnen ...:`), else null (one planning for all).
Actor: the party cell or the party a row names; else who a sentence's subject or norm says; else
the step's own word (insurer: publishing, informing, opening; joint: negotiating), else the provider.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from itertools import islice
from types import MappingProxyType

from spacy.tokens import Doc

from pipeline.derive import SectionTree, actor_words, vocab
from pipeline.derive.changes import change_regions
from pipeline.derive.overlap import WORD_RE, word_overlap
from pipeline.extract.obligations import we_party_of
from pipeline.extract.relative import iter_relative_deadlines
from pipeline.model import DateMention, Deadline, Document, Line, RelativeDeadline, Sentence, Span
from pipeline.nlp.components import word_set
from pipeline.nlp.grammar import Publisher, clause_bounds, parties
from pipeline.text.clean import normalise
from pipeline.text.dates import find_dates
from pipeline.text.phrases import alternation, find_phrase, first_canonical, phrase_pattern
from pipeline.vocab import load
from pipeline.vocab.numbers import COLUMN_HEADER_QUALIFIERS, RELATIVE_WITHIN_WORDS

_CLOCK_RE = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[.:](?P<m>[0-5]\d)\s*(?:uur\b|u\b)\s*", re.IGNORECASE)
_TRAILING_PAREN_RE = re.compile(r"\((?P<inner>[^()]{1,60})\)?\s*$")
_YEAR_LINE_RE = re.compile(r"^\s*(?:19|20)\d{2}\b(?!\s*[-/.]\d)")
# `Specifiek voor ziekenhuizen: openstellen ...`: a row scoped to a group (one adverb may lead).
_ROW_SCOPE_RE = re.compile(r"^\s*(?:[^\W\d_]+\s+)?voor\s+(?P<who>[^:]{2,60}?)\s*:", re.IGNORECASE)
_GROUP_LINK_RE = re.compile(r"\bvoor\s+(?P<rest>.+)$", re.IGNORECASE)
_NUMBERED_ROW_RE = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+\S")
_EDGE_JUNK = " \t,;:.-–—"
_SENTENCE_END = (".", "!", "?")
MIN_ACTION_WORDS = 2
MAX_PARTY_CELL_WORDS = 8
AGENT_WORDS = 3  # words after `door` that may name the agent (`door de CZ groep`)
MAX_NEIGHBOUR_LINES = 3
MAX_TITLE_WORDS = 12
TITLE_TO_HEADER_LINES = 3
MAX_HEADER_WORDS = 8  # a planning table header names a few columns
MIN_PROSE_WORDS = 8
MIN_TAIL = 4  # a non-group word this long also counts as the tail of a compound
SAME_STEP_OVERLAP = 0.3  # share of a step's words a sentence must have to repeat it (on the same date)
V2_REACH = 3  # a subject this many words after a fronted date carries the verb before it
# A step on a date that no deadline, start or end word governs is something that happens then.
STEP_KIND_OF_QUALIFIER = {"deadline": "deadline", "start": "start", "end": "end", "mention": "event"}
# The party classes of pipeline/nlp/grammar.py as actors (ANNOTATION.md: obligation actor).
PARTY_OF_CLASS = {
    "provider": "zorgaanbieder",
    "insurer": "zorgverzekeraar",
    "other": "overig",
    "beneficiary": "overig",
}


def derive_planning(document: Document) -> Document:
    """Stage: the steps of the contracting planning."""
    steps = [d.bind(document.doc_id, d.sentence_id or "") for d in iter_deadlines(document)]
    return replace(document, records=replace(document.records, deadlines=steps))


def iter_deadlines(document: Document) -> Iterator[Deadline]:
    """Every step of the planning, table rows first kept, sentences that repeat them folded in."""
    context = Context.of(document)
    places = list(iter_places(context))
    rows = list(iter_rows(context, places))
    consumed = {c.sentence.sentence_id for c in rows}
    sentences = list(iter_sentence_steps(context, places, consumed))
    for step in merge_repeats(rows, sentences):
        yield step.record()


# --- the document as the planning reader sees it ------------------------------------------------


@dataclass(frozen=True)
class DateSpan:
    value: date
    qualifier: str | None
    time: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Timing:
    """When a step happens: a calendar date, or a term counted from an event (`relative`)."""

    date: date | None
    kind: str
    qualifier: str | None
    time: str | None
    start: int
    end: int
    text: str
    relative: RelativeDeadline | None = None

    @property
    def key(self) -> tuple[object, ...]:
        if self.relative is not None:
            return ("relative", self.relative.number, self.relative.unit)
        return ("date", self.date)


@dataclass(frozen=True)
class Context:
    """What every part of the reader looks up: sentences, their dates, terms, actors and sections."""

    document: Document
    tree: SectionTree
    sentences: list[Sentence]
    spans: dict[str, list[DateSpan]]
    relatives: dict[str, list[RelativeDeadline]]
    norm_actors: dict[str, str]
    docs: dict[str, Doc]
    header_sections: frozenset[str | None]
    change_sections: frozenset[str]
    titles: tuple[str, ...]
    years: tuple[int, int] | None
    publisher: Publisher

    @classmethod
    def of(cls, document: Document) -> Context:
        sentences = document.sentences
        insurer = document.metadata.insurer
        docs = document.annotations if len(document.annotations) == len(sentences) else []
        return cls(
            document=document,
            tree=SectionTree.of(document),
            sentences=sentences,
            spans=date_spans(document.records.dates),
            relatives=relatives_by_sentence(document.records.relative_deadlines),
            norm_actors={o.sentence_id: o.actor for o in document.records.obligations if o.sentence_id},
            docs={s.sentence_id: d for s, d in zip(sentences, docs, strict=False)},
            header_sections=frozenset(s.section_id for s in sentences if is_planning_header(s.text)),
            change_sections=frozenset(
                s.section_id
                for region in change_regions(document.sections, document.metadata.policy_year)
                for s in region.sections
            ),
            titles=tuple(
                dict.fromkeys([*planning_title_lines(document.lines), *planning_title_sentences(sentences)])
            ),
            years=round_years(document),
            publisher=Publisher(insurer, we_party_of(insurer, document.sections)),
        )


def round_years(document: Document) -> tuple[int, int] | None:
    """The years a step of this policy's round falls in: the year before the first contract year
    (when the round is held) up to the last contract year."""
    meta = document.metadata
    if meta.policy_year is None:
        return None
    return meta.policy_year - 1, meta.policy_year_end or meta.policy_year


def date_spans(dates: list[DateMention]) -> dict[str, list[DateSpan]]:
    """The dates of each sentence whose value is known, in text order."""
    found: dict[str, list[DateSpan]] = {}
    for d in sorted(dates, key=lambda d: (d.sentence_id or "", d.start)):
        if d.value is not None and d.sentence_id is not None:
            found.setdefault(d.sentence_id, []).append(DateSpan(d.value, d.qualifier, d.time, d.start, d.end))
    return found


def relatives_by_sentence(relatives: list[RelativeDeadline]) -> dict[str, list[RelativeDeadline]]:
    found: dict[str, list[RelativeDeadline]] = {}
    for r in relatives:
        if r.sentence_id is not None:
            found.setdefault(r.sentence_id, []).append(r)
    return found


def planning_title_lines(lines: list[Line]) -> Iterator[str]:
    """Short lines of their own that title a planning: they name a planning word, or a planning
    table header follows within a few lines (`Verhogingsaanvragen ... voor reeds gecontracteerde
    zorgaanbieders`). A text export may run them into the paragraph around them."""
    content = [ln for ln in lines if ln.kind not in {"blank", "furniture"}]
    for k, line in enumerate(content):
        text = line.text.strip()
        if line.kind not in {"body", "heading"}:
            continue
        ahead = content[k + 1 : k + 1 + TITLE_TO_HEADER_LINES]
        if ahead and ahead[0].text.strip()[:1].islower():
            continue  # the first line of a wrapped paragraph
        if any(is_planning_header(a.text) for a in ahead) and is_planning_title(text):
            yield text


def planning_title_sentences(sentences: list[Sentence]) -> Iterator[str]:
    """Planning titles that a layout ran into the sentence they stand in, where no line of their own
    shows them (a re-typeset PDF wraps them with the paragraph): a sentence followed by a planning
    table header that opens, after the year band closing the table before it, with a planning title
    that is the whole sentence or ends where a capitalised function word starts the next sentence
    (`2027 Planning voor ZBC's Voor ZBC's waarmee ... geldt onderstaande planning.`)."""
    for k, sentence in enumerate(sentences):
        ahead = sentences[k + 1 : k + 1 + TITLE_TO_HEADER_LINES]
        if sentence.kind == "heading" or not any(is_planning_header(a.text) for a in ahead):
            continue
        title = next(
            (t for t in title_prefixes(without_year_band(sentence.text)) if is_planning_title(t)), None
        )
        if title is not None:
            yield title


def without_year_band(text: str) -> str:
    """The text without the bare year that opens it (the closing band of the table before it)."""
    return _YEAR_LINE_RE.sub("", text, count=1).lstrip() if _YEAR_LINE_RE.match(text) else text


def title_prefixes(text: str) -> Iterator[str]:
    """The text, then each run of its first words that ends before a capitalised function word."""
    yield text.strip()
    restart = sentence_openers()
    for match in WORD_RE.finditer(text):
        word = match.group()
        if match.start() > 0 and word[:1].isupper() and word.lower() in restart:
            yield text[: match.start()].strip()


@cache
def sentence_openers() -> frozenset[str]:
    """Function words that, capitalised inside a sentence, start a new one: prepositions and determiners."""
    return prepositions() | determiners()


def is_planning_title(text: str) -> bool:
    """A title-shaped text that names a planning word, or whom it is for after its first word; not a
    table row that opens with its party cell (`VGZ Voor ZBC's waarbij ...: Openstellen ...`)."""
    link = _GROUP_LINK_RE.search(text)
    return (
        is_title_shaped(text)
        and (has_planning_word(text) or (link is not None and link.start() > 0))
        and split_leading_party(text)[0] is None
    )


def is_title_shaped(text: str) -> bool:
    """A short line of its own that could title a table: one word only when it is a planning word."""
    words = text.split()
    return (
        1 <= len(words) <= MAX_TITLE_WORDS
        and (len(words) > 1 or has_planning_word(text))
        and not text.endswith((*_SENTENCE_END, ":", ";", ","))
        and text[:1].isupper()
        and not find_dates(text)
        and not is_planning_header(text)
    )


@lru_cache(maxsize=4096)  # asked of every section title up the tree, for every sentence
def has_planning_word(text: str) -> bool:
    return bool(find_phrase(text, vocab()["planning"]["section_words"]))


@lru_cache(maxsize=8192)  # asked of every line for each of the few lines before it, and of sentences
def is_planning_header(text: str) -> bool:
    """A short line naming a date column and an activity column (`2026 Datum en tijd Wie Actie Via`)."""
    # reads no further than one word past the limit: most texts asked about are whole paragraphs
    words = [m.group().lower() for m in islice(WORD_RE.finditer(text), MAX_HEADER_WORDS + 1)]
    if not words or len(words) > MAX_HEADER_WORDS:
        return False
    planning = vocab()["planning"]
    return has_word(words, planning["header_date_words"]) and has_word(
        words, planning["header_activity_words"]
    )


def has_word(words: list[str], vocabulary: list[str]) -> bool:
    """A word of `vocabulary` is one of `words`, or ends one of them as a compound tail."""
    return any(w == v or (w.endswith(v) and len(w) > len(v) + 3) for w in words for v in vocabulary)


# --- where each sentence stands: planning, group, table run -------------------------------------


@dataclass(frozen=True)
class Planning:
    """A planning: its section (None when the export found no heading at all) and its title."""

    section_id: str | None
    title: str


@dataclass(frozen=True)
class Place:
    """Where a sentence stands: in which planning (None outside), for which group, and whether it
    is a row of a planning table (`header` is that table's header line)."""

    planning: Planning | None
    group: str | None
    header: str | None = None
    is_header: bool = False
    header_width: int = 0


@dataclass
class PlaceState:
    embedded: dict[str | None, str] = field(default_factory=dict)
    header: str | None = None
    lead_in_group: str | None = None
    planning: Planning | None = None
    header_width: int = 0


def iter_places(context: Context) -> Iterator[Place]:
    """The place of every sentence, in reading order (a table run can cross the fake headings a text
    export makes of table rows)."""
    state = PlaceState()
    sentences = context.sentences
    for i, sentence in enumerate(sentences):
        title = embedded_title(sentence, context.titles)
        if title is not None:
            state.embedded[sentence.section_id] = title
            state.header = None
        elif i > 0 and sentence.kind == "heading" and is_planning_header(sentence.text):
            before = sentences[i - 1].section_id  # a table header the export read as a heading
            if before in state.embedded:
                state.embedded.setdefault(sentence.section_id, state.embedded[before])
        planning = planning_section(context, sentence.section_id, state.embedded)
        if planning is None and state.header is not None:
            planning = state.planning  # a table row the export read as a heading stays in its table
        if is_planning_header(sentence.text) and planning is not None:
            state.header = sentence.text
            state.header_width = filled(sentence.cells or [])
            state.lead_in_group = lead_in_group(sentences[i - 1]) if i > 0 else None
            state.planning = planning
            group = group_of(context, sentence, planning, state)
            yield Place(planning, group, sentence.text, is_header=True, header_width=state.header_width)
            continue
        if state.header is not None and breaks_run(sentence, context):
            state.header = None
            state.lead_in_group = None
        if state.header is None:
            state.planning = planning
        group = group_of(context, sentence, planning, state)
        yield Place(planning, group, state.header, header_width=state.header_width)


def embedded_title(sentence: Sentence, titles: Sequence[str]) -> str | None:
    """A planning title that opens a paragraph (not a heading) of the export, after the closing
    year band of the table before it at most (`2027 Planning voor Zelfstandige Behandelcentra ...`)."""
    if sentence.kind == "heading":
        return None
    text = without_year_band(sentence.text)
    for title in titles:
        if text.startswith(title) and (len(text) == len(title) or not text[len(title)].isalnum()):
            return title
    return None


def planning_section(
    context: Context, section_id: str | None, embedded: dict[str | None, str]
) -> Planning | None:
    """The nearest section up the tree whose title names a planning, or this section when it holds a
    planning table header or a planning title (also the stretch before the first heading); None
    outside plannings."""
    lineage = context.tree.lineage(section_id)
    for section in lineage:
        if has_planning_word(section.title):
            return Planning(section.section_id, section.title)
    if section_id in embedded or section_id in context.header_sections:
        title = embedded.get(section_id) or (lineage[0].title if lineage else "")
        return Planning(section_id, title)
    return None


def breaks_run(sentence: Sentence, context: Context) -> bool:
    """A line that ends a planning table: the closing year band, a lead-in, or prose: a sentence of
    some length that ends as one and does not open with its date as a row does, or that speaks to
    the reader (`..., dient u uw offerte in.`). A row of cells never ends the table."""
    if sentence.kind == "table_row":
        return False
    text = sentence.text.strip()
    if _YEAR_LINE_RE.match(text) and not find_dates(text[:12]):
        return True
    if text.endswith(":"):
        return True
    if sentence.kind == "heading" or len(text.split()) < MIN_PROSE_WORDS or not text.endswith(_SENTENCE_END):
        return False
    spans = context.spans.get(sentence.sentence_id, [])
    date_led = bool(spans) and not has_content(trim_filler(text[: spans[0].start]))
    return not date_led or bool({normalise(w) for w in text.split()} & clause_words())


@cache
def clause_words() -> frozenset[str]:
    """Words of a clause, not of a table row: the reader and the insurer as subject, modal verbs."""
    lexicon = load("obligations")["lexicon"]
    return frozenset(vocab()["planning"]["clause_pronouns"]) | frozenset(
        w for key in ("must", "should", "may", "can") for w in lexicon[key]
    )


def lead_in_group(sentence: Sentence) -> str | None:
    """`Voor ZBC's zijn de volgende termijnen en processen van toepassing:` → `ZBC's`."""
    text = sentence.text.strip()
    verbs = alternation(vocab()["planning"]["lead_in_verbs"])
    match = re.match(rf"^\s*voor\s+(?P<who>.{{2,80}}?)\s+(?:{verbs})\b", text, re.IGNORECASE)
    return (
        match["who"].strip(_EDGE_JUNK)
        if match and text.endswith(":") and names_providers(match["who"])
        else None
    )


def group_of(
    context: Context, sentence: Sentence, planning: Planning | None, state: PlaceState
) -> str | None:
    """Whom the planning a sentence stands in is for; outside plannings, the providers its section
    title opens with (`Nieuwe zorgaanbieders schrijven zich in ...`)."""
    lineage = context.tree.lineage(sentence.section_id)
    if planning is None:
        return next((g for g in (leading_providers(s.title, narrowed=True) for s in lineage) if g), None)
    if sentence.section_id in state.embedded:
        return title_group(state.embedded[sentence.section_id])
    for section in lineage:
        if section.section_id == planning.section_id or has_planning_word(section.title):
            group = title_group(section.title)
            if group or section.section_id == planning.section_id:
                return group or state.lead_in_group
            continue
        group = leading_providers(section.title)
        if group:
            return group
    return state.lead_in_group


def title_group(title: str) -> str | None:
    """Whom a planning title names: the words after `voor` (`Planning voor ziekenhuizen`), or the
    words after a leading planning word (`Processtappen nieuwe zorggroepen`); None when what is left
    only says what is planned (`Planning zorginkoop`, `Tijdpad`)."""
    planning = vocab()["planning"]
    link = _GROUP_LINK_RE.search(title)
    if link and names_providers(link["rest"]):
        rest = link["rest"]
    else:
        words = phrase_pattern(tuple(planning["section_words"])).pattern
        lead = re.match(rf"^\s*(?:{words})\b", title, re.IGNORECASE)
        if not lead:
            return None
        rest = title[lead.end() :]
        link = _GROUP_LINK_RE.match(rest.strip(_EDGE_JUNK))
        rest = link["rest"] if link else rest  # `Planning voor revalidatiecentra`
    rest = rest.strip(_EDGE_JUNK)
    kept = [w for w in WORD_RE.findall(rest) if not is_non_group_word(normalise(w))]
    return rest if kept else None


def is_non_group_word(word: str) -> bool:
    """A word that says what is planned or when, not for whom; longer ones also as a compound's tail
    (`inkoopjaar`, `contracteringsproces`)."""
    return word in non_group_words() or has_word([word], [w for w in non_group_words() if len(w) >= MIN_TAIL])


@cache
def non_group_words() -> frozenset[str]:
    planning = vocab()["planning"]
    section_words = {w for w in planning["section_words"] if " " not in w}
    return frozenset(planning["non_group_words"]) | section_words | frozenset(planning["date_filler_words"])


def leading_providers(title: str, narrowed: bool = False) -> str | None:
    """The providers a title opens with: `Nieuwe zorgaanbieders ...` → `Nieuwe zorgaanbieders`;
    `narrowed`: only with a word that narrows them (`nieuwe`, `bestaande`)."""
    words = title.split()
    adjectives = set(vocab()["planning"]["group_adjectives"])
    k = 0
    while k < len(words) and normalise(words[k]) in adjectives:
        k += 1
    nouns = 0
    while k + nouns < len(words) and is_provider_noun(words[k + nouns]):
        nouns += 1
    if not nouns or (narrowed and not k):
        return None
    return " ".join(words[: k + nouns]).strip(_EDGE_JUNK)


def is_provider_noun(word: str) -> bool:
    return normalise(word).strip(_EDGE_JUNK + "()") in provider_nouns()


@cache
def provider_nouns() -> frozenset[str]:
    """Words that name providers (not the pronouns `u`, `hij`): the party words and provider kinds."""
    kinds = {w for words in vocab()["provider_kinds"].values() for w in words if " " not in w}
    return frozenset(w for w in actor_words()["zorgaanbieder"] | kinds if len(w) > 3)


def names_providers(text: str) -> bool:
    return any(is_provider_noun(w) for w in text.split())


# --- planning table rows ------------------------------------------------------------------------


@dataclass
class Candidate:
    """A step before the repeats are folded in."""

    sentence: Sentence
    order: int
    timing: Timing
    actor: str | None
    action: str | None
    channel: str | None
    group: str | None
    source: str
    section_title: str | None
    repeated_in: str | None = None

    def record(self) -> Deadline:
        timing, relative = self.timing, self.timing.relative
        return Deadline(
            span=Span(timing.start, timing.end, timing.text, self.sentence.sentence_id),
            section_id=self.sentence.section_id,
            date=timing.date,
            time=timing.time,
            kind=timing.kind,  # type: ignore[arg-type]
            qualifier=timing.qualifier,
            actor=self.actor,
            action=self.action,
            channel=self.channel,
            group=self.group,
            source=self.source,
            relative=tidy(relative.text) if relative else None,
            number=relative.number if relative else None,
            unit=relative.unit if relative else None,
            anchor=relative.anchor if relative else None,
            repeated_in=self.repeated_in,
            section_title=self.section_title,
            page=self.sentence.page,
        )


def iter_rows(context: Context, places: list[Place]) -> Iterator[Candidate]:
    """The steps of every planning table, in reading order."""
    previous: list[Timing] = []
    for i, (sentence, place) in enumerate(zip(context.sentences, places, strict=True)):
        if place.is_header or not is_row(sentence, place):
            if place.header is None or place.is_header:
                previous = []  # a new table starts with a date of its own
            continue
        found = list(row_steps(context, places, i, previous))
        if found:
            previous = [c.timing for c in found if c.timing.relative is None] or previous
        yield from found


def is_row(sentence: Sentence, place: Place) -> bool:
    if place.planning is None or sentence.kind in {"toc", "footnote"}:
        return False
    return place.header is not None or sentence.kind == "table_row"


def row_steps(context: Context, places: list[Place], i: int, previous: list[Timing]) -> Iterator[Candidate]:
    """The steps of one table row: one per date (or its relative term) and per action it holds."""
    sentence = context.sentences[i]
    timings = [column_kind(t, places[i].header) for t in row_timings(context, sentence, places[i], previous)]
    if not timings:
        return
    for action, party, channel in row_actions(context, places, i, timings):
        scope = _ROW_SCOPE_RE.match(action or "")
        group = places[i].group or (scope["who"].strip() if scope and names_providers(scope["who"]) else None)
        for timing in timings:
            yield Candidate(
                sentence=sentence,
                order=i,
                timing=with_clock(timing, sentence.text, action) if len(timings) == 1 else timing,
                actor=party or row_actor(action),
                action=short_action(split_clock(action)[0]),
                channel=channel,
                group=group,
                source="table",
                section_title=context.tree.title(sentence.section_id),
            )


def row_timings(context: Context, sentence: Sentence, place: Place, previous: list[Timing]) -> list[Timing]:
    """A row's dates; else the relative term of its date cell; else, for a row with an empty date
    cell (a table row of cells, or a line that opens with the party of a `Wie` column), the dates
    of the row above it."""
    timings = date_timings(context, sentence, in_planning=True, row=True)
    if timings:
        return timings
    cells = sentence.cells if sentence.cells and len(sentence.cells) > 1 else None
    relative = cell_relative(cells, sentence.text) if cells else None
    if relative is not None:
        return [relative]
    if cells and filled(cells) >= place.header_width:
        return []  # every column filled: its date cell holds words, not an empty cell
    if not cells:
        found = relative_timings(context, sentence, in_planning=True)
        if found or not (has_party_column(place.header) and split_leading_party(sentence.text)[0]):
            return found
    whole = {"start": 0, "end": len(sentence.text), "text": sentence.text}
    return [replace(t, **whole) for t in previous]


def has_party_column(header: str | None) -> bool:
    """The table's header names a party column (`Datum Wie Actie`)."""
    words = [w.lower() for w in WORD_RE.findall(header or "")]
    return has_word(words, vocab()["planning"]["header_party_words"])


def column_kind(timing: Timing, header: str | None) -> Timing:
    """A date that no word of its own qualifies takes the kind its column header gives
    (`Uiterste datum`: deadline; ANNOTATION.md Clarifications); its qualifier stays as in `dates`."""
    if timing.qualifier != "mention" or timing.kind == "preferred" or not header:
        return timing
    label = normalise(header)
    kinds = {q for h, q in COLUMN_HEADER_QUALIFIERS.items() if find_phrase(label, (h,))}
    return replace(timing, kind=STEP_KIND_OF_QUALIFIER[kinds.pop()]) if len(kinds) == 1 else timing


def row_actions(
    context: Context, places: list[Place], i: int, timings: list[Timing]
) -> list[tuple[str, str | None, str | None]]:
    """(action, actor, channel) of each step a row holds: its cells, its own words, or the action
    lines around a row that holds only its date."""
    sentence = context.sentences[i]
    if sentence.cells and len(sentence.cells) > 1:
        action, party, channel_cell = split_cells(sentence.cells)
        if has_content(action):
            channel = find_channels(channel_cell or "") or find_channels(action or "") or channel_cell
            return [(action or "", party, channel)]
    own = text_without_ranges(sentence.text, [(t.start, t.end) for t in timings if t.text != sentence.text])
    if has_content(split_clock(own)[0]):
        party, action, channel_cell = None, own, None
        if is_date_led(sentence.text, timings):  # a row whose cells were joined into one line
            party, action = split_leading_party(own)
            action, channel_cell = split_trailing_channel(action)
        return [(action, party or trailing_party(action), find_channels(channel_cell or own))]
    return [
        (text, trailing_party(text), find_channels(text))
        for text in neighbour_actions(context, places, i, (own or "").strip())
    ]


def neighbour_actions(context: Context, places: list[Place], i: int, leftover: str) -> list[str]:
    """The action lines of a row that holds only its date, on the side the table's header puts the
    activity (a line before that runs on into the date wins). Consecutive lines form one action
    unless a line ends its sentence (then the next line is another step of the same date)."""
    sentences = context.sentences
    header = places[i].header
    if i > 0 and runs_on(sentences[i - 1]) and is_action_line(context, places, i - 1):
        return [sentences[i - 1].text]
    step = -1 if header_puts_activity_first(header) else 1
    lines: list[str] = []
    j = i + step
    while (
        0 <= j < len(sentences) and abs(j - i) <= MAX_NEIGHBOUR_LINES and is_action_line(context, places, j)
    ):
        lines.append(sentences[j].text)
        j += step
    if step < 0:
        lines.reverse()
    if leftover and lines:
        lines[0] = f"{leftover} {lines[0]}"  # a clock time or filler left on the date line
    return [a for a in join_action_lines(lines) if has_content(split_clock(a)[0])]


def header_puts_activity_first(header: str | None) -> bool:
    """Whether the planning's header names the activity column before the date column."""
    if not header:
        return False
    planning = vocab()["planning"]
    words = [w.lower() for w in WORD_RE.findall(header)]
    date_at = next((i for i, w in enumerate(words) if has_word([w], planning["header_date_words"])), None)
    act_at = next((i for i, w in enumerate(words) if has_word([w], planning["header_activity_words"])), None)
    return date_at is not None and act_at is not None and act_at < date_at


def is_action_line(context: Context, places: list[Place], j: int) -> bool:
    other = context.sentences[j]
    place = places[j]
    return (
        place.planning is not None
        and not place.is_header
        and other.sentence_id not in context.spans
        and other.sentence_id not in context.relatives
        and not other.text.rstrip().endswith(":")
        and not _YEAR_LINE_RE.match(other.text)
        and other.kind not in {"toc", "footnote"}
    )


def join_action_lines(lines: list[str]) -> list[str]:
    actions: list[str] = []
    for line in lines:
        if actions and not actions[-1].rstrip().endswith(_SENTENCE_END):
            actions[-1] = f"{actions[-1].rstrip()} {line.strip()}"
        else:
            actions.append(line.strip())
    return actions


def runs_on(sentence: Sentence) -> bool:
    """A line cut off mid-sentence: it ends in a lower-case word, without punctuation."""
    last = sentence.text.rstrip().split()[-1:] or [""]
    return sentence.kind == "body" and last[0].isalpha() and last[0].islower()


def filled(cells: list[str]) -> int:
    """How many cells of a row hold something (a reader may keep empty cells or drop them)."""
    return sum(bool(c.strip()) for c in cells)


def cell_relative(cells: list[str], text: str) -> Timing | None:
    """A relative term standing in a cell of its own (`Uiterlijk 6 weken na ontvangst van de offerte`)."""
    for cell in cells:
        for found in iter_relative_deadlines(cell):
            rest = text_without_ranges(cell, [(found.start, found.end)])
            if found.unit in relative_units() and not has_content(rest):
                return relative_timing(found, cell, max(text.find(cell), 0))
    return None


def split_cells(cells: list[str]) -> tuple[str | None, str | None, str | None]:
    """(action, actor class, channel cell) of a table row, told apart by what each cell holds:
    dates, relative terms and filler words are cut from every cell, then a short cell of party
    names is the actor, the first other cell the action and a further last cell the channel."""
    rest = [text for text in (cell_without_timing(c) for c in cells) if has_content(text) or is_party(text)]
    party_cells = [c for c in rest if is_party(c)]
    party = party_class(party_cells[0]) if party_cells else None
    rest = [c for c in rest if c not in party_cells[:1]]
    if not rest:
        return None, party, None
    channel = rest[-1] if len(rest) > 1 else None
    return rest[0], party, channel


def cell_without_timing(cell: str) -> str:
    ranges = [(d.start, d.end) for d in find_dates(cell)]
    ranges += [(r.start, r.end) for r in iter_relative_deadlines(cell)]
    return text_without_ranges(cell, ranges)


def is_party(cell: str) -> bool:
    """A short cell that names parties only (`Zorgaanbieder en VGZ (zo nodig VGZ)`)."""
    words = [w.lower() for w in WORD_RE.findall(cell)]
    if not words or len(words) > MAX_PARTY_CELL_WORDS:
        return False
    return actor_in(cell) is not None and normalise(cell).split()[0].strip("(") in party_vocabulary()


def party_vocabulary() -> frozenset[str]:
    return frozenset().union(*actor_words().values()) | {
        name.split()[0] for words in actor_words().values() for name in words if " " in name
    }


def actor_in(text: str) -> str | None:
    """The actor class of the first party the text names."""
    return first_canonical(text, actor_phrases())


@cache
def actor_phrases() -> Mapping[str, tuple[str, ...]]:
    """The party words of each actor class, in a fixed order (`first_canonical`'s names)."""
    return MappingProxyType({k: tuple(sorted(v)) for k, v in actor_words().items()})


def party_class(text: str) -> str | None:
    """The actor class of a party cell; `overig` when it names the provider and the insurer together
    (`Zorgaanbieder en VGZ`, `zorgaanbieder en CZ groep`)."""
    named = {
        cls
        for cls, words in actor_words().items()
        if cls != "overig" and find_phrase(text, sorted(w for w in words if len(w) > 2))
    }
    return "overig" if len(named) > 1 else actor_in(text)


def trailing_party(text: str | None) -> str | None:
    """The actor class a row names in a closing parenthesis: `Publicatie zorgaanbod (CZ groep)`."""
    match = _TRAILING_PAREN_RE.search(text or "")
    return party_class(match["inner"]) if match and is_party(match["inner"]) else None


def split_leading_party(text: str) -> tuple[str | None, str]:
    """(actor class, rest) for a row whose cells were joined: `VGZ Toelichten inkoopbeleid`."""
    words = text.split()
    parties = party_vocabulary()
    k = 0
    while k < len(words) and (normalise(words[k]).strip("()") in parties or words[k].lower() == "en"):
        k += 1
    if 0 < k < len(words) and words[k - 1].lower() != "en":
        k = after_party_remark(words, k)
        if k < len(words) and words[k][:1].isupper():
            return party_class(" ".join(words[:k])), " ".join(words[k:])
    return None, text


def after_party_remark(words: list[str], k: int) -> int:
    """The index after a parenthesis at `k` that names a party (`Zorgaanbieder en VGZ (zo nodig VGZ)`),
    else `k`."""
    if not words[k].startswith("("):
        return k
    end = next(
        (j for j in range(k, min(len(words), k + MAX_PARTY_CELL_WORDS)) if words[j].endswith(")")), None
    )
    return end + 1 if end is not None and actor_in(" ".join(words[k : end + 1])) is not None else k


def row_actor(action: str | None) -> str:
    """Who acts in a row that has no party cell: a joint step is `overig`, a step the insurer takes
    (also passive: `Publicatie zorginkoopbeleid`) the insurer's, a named agent (`door VGZ`) that
    party's, the rest the provider's."""
    text = action or ""
    if find_phrase(text, joint_phrases()):
        return "overig"
    return agent_actor(text) or step_word_actor(text) or "zorgaanbieder"


def agent_actor(text: str) -> str | None:
    """The actor class of a passive step's agent (`Bevestigen tarieven door VGZ via VECOZO`)."""
    words = alternation(vocab()["planning"]["agent_words"])
    agent = re.search(rf"\b(?:{words})\s+(?P<who>\S+(?:\s+\S+){{0,{AGENT_WORDS - 1}}})", text, re.IGNORECASE)
    return actor_in(agent["who"]) if agent else None


@cache
def joint_phrases() -> tuple[str, ...]:
    """Words that make any step joint (`in onderling overleg`, `gezamenlijk`): the joint step words of
    several words and the words for together (obligations.yaml `actors`)."""
    multi = [w for w in vocab()["planning"]["joint_step_words"] if " " in w]
    return (*multi, *load("obligations")["actors"]["together"])


def step_word_actor(text: str) -> str | None:
    """The actor class of the first step word in the text (compound tails count: `onderhandelgesprekken`)."""
    planning = vocab()["planning"]
    classes = (
        ("zorgverzekeraar", planning["insurer_step_words"]),
        ("overig", planning["joint_step_words"]),
        ("zorgaanbieder", planning["provider_step_words"]),
    )
    words = [normalise(w) for w in WORD_RE.findall(text)]
    for k, word in enumerate(words):
        pair = f"{word} {words[k + 1]}" if k + 1 < len(words) else word
        for actor, vocabulary in classes:
            if pair in vocabulary or any(
                word == v or (word.endswith(v) and len(word) > len(v) + 3) for v in vocabulary if " " not in v
            ):
                return actor
    return None


# --- timings: dates and relative terms ----------------------------------------------------------


def sentence_timings(context: Context, sentence: Sentence, in_planning: bool) -> list[Timing]:
    """The timings of a sentence that are steps: the dates of the round that it gives a step (see the
    module docstring), else a relative term of a planning or a promised response."""
    return date_timings(context, sentence, in_planning, row=False) or relative_timings(
        context, sentence, in_planning
    )


def date_timings(context: Context, sentence: Sentence, in_planning: bool, row: bool) -> list[Timing]:
    """The dates of a sentence that are steps: every date of a table row (but a replaced one); the
    dates of the round that a sentence gives a step."""
    text = sentence.text
    spans = unique_dates(context.spans.get(sentence.sentence_id, []))
    timings = []
    for k, span in enumerate(spans):
        window = text[spans[k - 1].end if k else 0 : span.start]
        if not row and not is_sentence_step(span, spans, window, text, in_planning, context.years):
            continue
        if replaced_by_next(span, spans[k + 1] if k + 1 < len(spans) else None, text):
            continue
        timings.append(date_timing(span, window, text))
    return timings


def relative_timings(context: Context, sentence: Sentence, in_planning: bool) -> list[Timing]:
    """The first relative term of a dateless sentence that is a step: in a planning, or a response
    the policy promises."""
    if sentence.sentence_id in context.spans:
        return []
    text = sentence.text
    found = [
        relative_timing(r, text, 0)
        for r in context.relatives.get(sentence.sentence_id, [])
        if r.unit in relative_units() and (in_planning or is_response(r, text))
    ]
    return found[:1]


def unique_dates(spans: list[DateSpan]) -> list[DateSpan]:
    """One span per date value (a sentence may repeat its date)."""
    seen: dict[date, DateSpan] = {}
    for span in spans:
        seen.setdefault(span.value, span)
    return sorted(seen.values(), key=lambda s: s.start)


def is_sentence_step(
    span: DateSpan,
    spans: list[DateSpan],
    window: str,
    text: str,
    in_planning: bool,
    years: tuple[int, int] | None,
) -> bool:
    """Whether a date of a sentence (not a table row) is a step of this round."""
    planning = vocab()["planning"]
    if years is not None and not years[0] <= span.value.year <= years[1]:
        return False  # an earlier round, or a later one
    if find_phrase(window, planning["history_words"]):
        return False
    if find_phrase(window, planning["term_words"]) or find_phrase(window, planning["anchor_words"]):
        return False
    if span.qualifier == "start" and (span.value.month, span.value.day) == (1, 1):
        return False  # the first day of a year: when a contract or rule takes effect, not a step
    if span.qualifier == "end":
        return any(s.qualifier == "start" for s in spans)  # without its start, the end of a term
    return in_planning or span.qualifier in {"deadline", "start"} or prefers(window)


def replaced_by_next(span: DateSpan, following: DateSpan | None, text: str) -> bool:
    """`uiterlijk in september 2022   1 november 2022`: the export kept a struck-through date right
    before the one that replaced it."""
    return following is not None and not text[span.end : following.start].strip()


def prefers(window: str) -> bool:
    return bool(find_phrase(window, vocab()["planning"]["preference_words"]))


def date_timing(span: DateSpan, window: str, text: str) -> Timing:
    kind = "preferred" if prefers(window) else STEP_KIND_OF_QUALIFIER.get(span.qualifier or "", "event")
    return Timing(
        span.value, kind, span.qualifier, span.time, span.start, span.end, text[span.start : span.end]
    )


def relative_timing(found: RelativeDeadline, text: str, offset: int) -> Timing:
    """A relative term: a deadline when it bounds (`binnen`, `uiterlijk ... na`), else an event."""
    bounded = found.direction == "within" or bool(find_phrase(found.text.split()[0], RELATIVE_WITHIN_WORDS))
    term, anchor = clause_of(found, text)
    return Timing(
        None,
        "deadline" if bounded else "event",
        None,
        None,
        offset + found.start,
        offset + found.start + len(term),
        term,
        replace(found, span=replace(found.span, text=term), anchor=anchor),
    )


def clause_of(found: RelativeDeadline, text: str) -> tuple[str, str | None]:
    """(the relative term as written, its anchoring event): the anchor's noun phrase stops before a
    new article that no preposition governs, a verb, or a capitalised word that opens the next cell
    of a row whose cells were joined (`na de uiterste indieningsdatum | een terugkoppeling`, `na de
    definitieve terugkoppeling | kunnen ...`, `na ontvangst van de offerte | VGZ Inhoudelijke ...`);
    a `nadat` clause keeps its verb (`nadat u uw vraag heeft gesteld`)."""
    term = text[found.start : found.end]
    if not found.anchor or not term.endswith(found.anchor):
        return term.strip(_EDGE_JUNK) or found.text, found.anchor
    head = term[: len(term) - len(found.anchor)]
    if normalise(head.split()[-1]) in clause_links():
        return term.strip(_EDGE_JUNK), found.anchor
    words = found.anchor.split()
    kept = words[:1]
    for word in words[1:]:
        low = normalise(word)
        new_article = low in determiners() and normalise(kept[-1]) not in prepositions()
        if new_article or low in clause_verbs() or word[:1].isupper():
            break
        kept.append(word)
    while len(kept) > 1 and normalise(kept[-1]) in determiners() | prepositions():
        kept.pop()  # `na de publicatie van de | Nota van Inlichtingen`
    anchor = " ".join(kept).strip(_EDGE_JUNK)
    return (head + anchor).strip(_EDGE_JUNK), anchor or None


@cache
def prepositions() -> frozenset[str]:
    return frozenset(load("obligations")["actors"]["prepositions"])


@cache
def clause_verbs() -> frozenset[str]:
    """Modal and auxiliary verbs, which end a noun phrase (obligations.yaml `lexicon`)."""
    lexicon = load("obligations")["lexicon"]
    keys = ("must", "should", "may", "can", "need", "would", "be", "has", "want", "receive")
    return frozenset(w for key in keys for w in lexicon[key])


@cache
def determiners() -> frozenset[str]:
    """Articles, demonstratives and possessives: a new one opens a new noun phrase."""
    return frozenset(vocab()["planning"]["determiners"])


@cache
def clause_links() -> frozenset[str]:
    """`nadat`, `voordat`: the term's event is a clause that ends with its verb."""
    return frozenset(vocab()["planning"]["clause_links"])


@cache
def relative_units() -> frozenset[str]:
    return frozenset(vocab()["planning"]["relative_units"])


def is_response(found: RelativeDeadline, text: str) -> bool:
    """A relative term that bounds a response the policy promises (`binnen 4 weken een reactie`),
    the response word standing outside the term's own anchor."""
    term = clause_of(found, text)[0]
    outside = text[: found.start] + " " + text[found.start + len(term) :]
    return bool(find_phrase(outside, vocab()["planning"]["response_words"]))


def with_clock(timing: Timing, text: str, action: str | None) -> Timing:
    """The step's clock time: its date's own, else one on the row or its action line."""
    if timing.time or timing.relative is not None:
        return timing
    return replace(timing, time=split_clock(text)[1] or split_clock(action)[1])


def is_date_led(text: str, timings: list[Timing]) -> bool:
    """The line opens with its date, after filler words only (`Uiterlijk 1 juni ...`)."""
    return bool(timings) and not has_content(trim_filler(text[: timings[0].start]))


# --- sentences that name a step -----------------------------------------------------------------


def iter_sentence_steps(context: Context, places: list[Place], consumed: set[str]) -> Iterator[Candidate]:
    """Steps named by sentences outside planning tables, in reading order."""
    for i, (sentence, place) in enumerate(zip(context.sentences, places, strict=True)):
        if not is_step_sentence(context, sentence, place, consumed):
            continue
        in_planning = place.planning is not None
        timings = sentence_timings(context, sentence, in_planning)
        own = text_without_ranges(sentence.text, [(t.start, t.end) for t in timings])
        action = own if has_content(own) else sentence.text
        for timing in timings:
            actor = sentence_actor(context, sentence, action, timing)
            if timing.relative is not None and not in_planning and actor != "zorgverzekeraar":
                continue  # outside a planning a relative term is a step when it bounds the insurer's response
            yield Candidate(
                sentence=sentence,
                order=i,
                timing=with_clock(timing, sentence.text, None),
                actor=actor,
                action=short_action(split_clock(action)[0]),
                channel=find_channels(sentence.text),
                group=place.group,
                source="sentence",
                section_title=context.tree.title(sentence.section_id),
            )


def is_step_sentence(context: Context, sentence: Sentence, place: Place, consumed: set[str]) -> bool:
    if sentence.sentence_id in consumed or sentence.kind in {"toc", "footnote"} or place.header is not None:
        return False  # a table row without an action (a replaced date) is no step either
    if sentence.section_id in context.change_sections:
        return False  # the insurer's change list repeats steps and names last year's dates
    return sentence.kind != "table_row" or place.planning is not None


def sentence_actor(context: Context, sentence: Sentence, action: str, timing: Timing) -> str:
    """Who carries a sentence's step: the subject of the clause its timing stands in (the giver when
    that subject receives: `U ontvangt uiterlijk 8 september een terugkoppeling`), else the norm's
    actor, else the step's own word, else the provider."""
    doc = context.docs.get(sentence.sentence_id)
    subject = timing_subject(doc, timing, context.publisher) if doc is not None else None
    if subject == "provider" and find_phrase(sentence.text, receive_words()):
        return "zorgverzekeraar"
    if subject is not None:
        return PARTY_OF_CLASS[subject]
    return context.norm_actors.get(sentence.sentence_id) or step_word_actor(action) or "zorgaanbieder"


def timing_subject(doc: Doc, timing: Timing, publisher: Publisher) -> str | None:
    """The party carrying the clause around the timing: a party right after it (V2 inversion:
    `Uiterlijk 27 juli publiceren de zorgkantoren`), else the nearest before it, else the sentence's
    first; a party inside a prepositional phrase (`bij Zilveren Kruis`) carries nothing."""
    last = next((t.i for t in reversed(doc) if t.idx < timing.end), None)
    if last is None:
        return None
    start, end = clause_bounds(doc, last)
    found = [(t.i, party) for t, party in parties(doc, publisher) if not after_preposition(doc, t.i)]
    after = [p for i, p in found if last < i <= last + V2_REACH and i < end]
    before = [(i, p) for i, p in found if start <= i < last]
    if after:
        return after[0]
    if before:
        return nearest_actor(doc, before, last, end)
    return found[0][1] if found else None


def nearest_actor(doc: Doc, before: list[tuple[int, str]], last: int, end: int) -> str:
    """The nearest party before the timing, unless it is the object of the party before it.

    Two parties joined by `en` act together (`Wij en u stellen ... vast`). Two parties at most one
    word apart otherwise (`Wij geven u`, `stuurt VGZ u`, `De zorgaanbieder stuurt ons`) are subject
    and object, and the subject acts (`Wij geven u uiterlijk 15 maart een
    terugkoppeling`), unless a request verb puts the act on the one asked (`Wij vragen u`,
    `Daarom verzoeken wij u`) or a te-infinitive after the timing does (`Wij adviseren u uiterlijk
    1 juni uw offerte in te dienen`)."""
    i, nearest = before[-1]
    if len(before) < 2:
        return nearest
    j, subject = before[-2]
    # a determiner belongs to the second party's noun phrase (`Wij en de zorgaanbieder`)
    between = [t for t in doc[j + 1 : i] if normalise(t.text) not in determiners()]
    if len(between) == 1 and between[0].lower_ in word_set("conjunctions_and") and subject != nearest:
        return "other"
    if len(between) > 1 or any(not t.is_alpha or t.lower_ in clause_joints() for t in between):
        return nearest
    verbs = between or ([doc[j - 1]] if j > 0 else [])
    if any(t.lower_ in word_set("request_verbs") for t in verbs) or has_te_infinitive(doc, last + 1, end):
        return nearest
    return subject


@cache
def clause_joints() -> frozenset[str]:
    """Words that join two parties into one or open a clause: `VGZ en u`, `wij dat u`."""
    return word_set("coordinators") | word_set("subordinators") | word_set("prepositions")


def has_te_infinitive(doc: Doc, start: int, end: int) -> bool:
    """doc[start:end] holds `te` and an infinitive (`in te dienen`, `te reageren`) that is not the
    purpose of a noun (`een uitnodiging om een offerte in te dienen`)."""
    markers, purpose = word_set("infinitive_markers"), word_set("purpose_markers")
    for k in range(start, min(end, len(doc)) - 1):
        if doc[k].lower_ in purpose:
            return False
        if doc[k].lower_ in markers and doc[k + 1].is_alpha and doc[k + 1].lower_.endswith("n"):
            return True
    return False


def after_preposition(doc: Doc, i: int) -> bool:
    """The token heads a prepositional phrase (`bij Zilveren Kruis`, `van de zorgaanbieder`)."""
    j = i - 1
    while j >= 0 and normalise(doc[j].text) in determiners():
        j -= 1
    return j >= 0 and normalise(doc[j].text) in prepositions()


@cache
def receive_words() -> tuple[str, ...]:
    return tuple(load("obligations")["lexicon"]["receive"])


# --- one row per step: repeats folded into the step they repeat ---------------------------------


@dataclass
class Cluster:
    """A step with the sentences that repeat it; `head` is the row that is kept."""

    head: Candidate
    members: list[Candidate] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return self.head.source == "table"

    def all(self) -> list[Candidate]:
        return [self.head, *self.members]


def merge_repeats(rows: list[Candidate], sentences: list[Candidate]) -> list[Candidate]:
    """Table rows, each once, with the sentences that repeat them folded in; sentence steps that
    repeat each other folded into the first. Repeats share the timing and the step's words or number."""
    clusters = [Cluster(row) for row in rows]
    for candidate in sentences:
        target = best_cluster(candidate, [c for c in clusters if c.is_table])
        target = target or best_cluster(candidate, [c for c in clusters if not c.is_table])
        if target is None:
            clusters.append(Cluster(candidate))
        else:
            target.members.append(candidate)
    clusters = fold_sentence_clusters(clusters)
    kept = []
    for cluster in clusters:
        repeats = [m.sentence.sentence_id for m in cluster.members if m.sentence is not cluster.head.sentence]
        kept.append(replace(cluster.head, repeated_in=repeats[0] if repeats else None))
    return sorted(kept, key=lambda c: (c.order, c.timing.start))


def fold_sentence_clusters(clusters: list[Cluster]) -> list[Cluster]:
    """A sentence step that repeats a sentence already folded into a table row joins that row."""
    changed = True
    while changed:
        changed = False
        for cluster in [c for c in clusters if not c.is_table]:
            target = next(
                (
                    t
                    for t in clusters
                    if t.is_table and any(same_step(m, n) for m in cluster.all() for n in t.members)
                ),
                None,
            )
            if target is not None:
                target.members.extend(cluster.all())
                clusters.remove(cluster)
                changed = True
    return clusters


def best_cluster(candidate: Candidate, clusters: list[Cluster]) -> Cluster | None:
    scored = [(step_similarity(candidate, c.head), c) for c in clusters if same_step(candidate, c.head)]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def same_step(a: Candidate, b: Candidate) -> bool:
    """Two candidates name the same step: the same timing and kind, and the same step number or
    enough of the same words; a sentence in a section of one step (`Fase 2`) repeats no other step."""
    if a.timing.key != b.timing.key or a.sentence is b.sentence:
        return False
    if (a.timing.kind == "preferred") != (b.timing.kind == "preferred"):
        return False
    labels_a, labels_b = step_labels(a), step_labels(b)
    if labels_a & labels_b and a.actor == b.actor:
        return True
    if (section_label(a) and labels_b and not section_label(a) & labels_b) or (
        section_label(b) and labels_a and not section_label(b) & labels_a
    ):
        return False
    if a.source == b.source == "sentence" and a.sentence.section_id == b.sentence.section_id:
        return a.actor == b.actor and a.timing.kind == b.timing.kind  # one section's date for one party
    return step_similarity(a, b) >= SAME_STEP_OVERLAP


def section_label(c: Candidate) -> frozenset[int]:
    """The step number of a sentence's section when the section is titled by it (`Fase 2`)."""
    if c.source != "sentence" or not c.section_title:
        return frozenset()
    match = re.fullmatch(
        rf"\s*(?:{label_words()})\s+(?P<n>\d{{1,2}})\s*[:.]?\s*", c.section_title, re.IGNORECASE
    )
    return frozenset({int(match["n"])}) if match else frozenset()


def step_labels(c: Candidate) -> frozenset[int]:
    """The step numbers a candidate names (`Fase 3: ...`, `(stap 12 en 14)`, its section `Fase 1`), or
    a numbered row's own number (`7. Datum van inschrijving`)."""
    texts = (c.action or "",) if c.source == "table" else (c.sentence.text, c.section_title or "")
    found = {n for text in texts for n in label_numbers(text)}
    numbered = _NUMBERED_ROW_RE.match(c.action or "") if c.source == "table" else None
    if numbered:
        found.add(int(numbered["n"]))
    return frozenset(found)


def label_numbers(text: str) -> set[int]:
    """The step numbers a text names: `Fase 3`, `(stap 12 en 14)`."""
    pattern = rf"\b(?:{label_words()})\s+(?P<n>\d{{1,2}})(?:\s+en\s+(?P<m>\d{{1,2}}))?"
    return {int(n) for m in re.finditer(pattern, text, re.IGNORECASE) for n in (m["n"], m["m"]) if n}


@cache
def label_words() -> str:
    return "|".join(vocab()["planning"]["step_label_words"])


def step_similarity(a: Candidate, b: Candidate) -> float:
    """How much two candidates' words say the same step: their actions, or a sentence's section title
    (`Nieuwe toetreders ZBC's` for `Aanmelding nieuwe ZBC's`)."""
    return max(word_overlap(x, y) for x in step_texts(a) for y in step_texts(b))


def step_texts(c: Candidate) -> list[str]:
    """The texts that say what a step is: its action with channel, term anchor and group; for a
    sentence also its section title."""
    parts = [c.action, c.channel, c.timing.relative.anchor if c.timing.relative else None]
    if c.source == "table":
        parts.append(c.group)
    texts = [" ".join(t for t in parts if t)]
    if c.source == "sentence" and c.section_title and c.section_title != c.sentence.text:
        texts.append(c.section_title)
    return texts


# --- text helpers -------------------------------------------------------------------------------


def text_without_ranges(text: str, ranges: list[tuple[int, int]]) -> str:
    """The text with the ranges cut out, and the date filler words (`uiterlijk op`, `t/m`) on the
    sides of each cut trimmed off; after the last cut only the words that bound a clock time (`, vóór
    17.00 uur`); the text's own ends stay (`Voor ZBC's waarbij ...`, `..., dient u uw offerte in.`)."""
    if not ranges:
        return text.strip(_EDGE_JUNK)
    kept, at = [], 0
    for start, end in sorted(ranges):
        kept.append(trim_filler(text[at:start], left=at > 0))
        at = max(at, end)
    kept.append(trim_filler(text[at:], right=False, pattern=time_filler_pattern()))
    return " ".join(part.strip() for part in kept if part.strip()).strip(_EDGE_JUNK)


def trim_filler(
    text: str, left: bool = True, right: bool = True, pattern: re.Pattern[str] | None = None
) -> str:
    """The text without date filler words and punctuation at its ends (at the ends asked for)."""
    filler = pattern or filler_pattern()
    tail_re = tail_pattern(filler)
    # A date filler phrase is literal words: one at the end starts no earlier than its length before
    # the end, and searching from there spares trying the phrases at every position of a sentence.
    reach = filler_reach() if pattern is None else None
    previous = None
    while previous != text:
        previous = text
        if left:
            text = text.lstrip(_EDGE_JUNK)
            head = filler.match(text)
            if head and (head.end() == len(text) or not text[head.end()].isalnum()):
                text = text[head.end() :]
        if right:
            text = text.rstrip(_EDGE_JUNK)
            # (one char further back: `$` also matches before a final line break)
            tail = tail_re.search(text, max(0, len(text) - reach - 1)) if reach else tail_re.search(text)
            if tail:
                text = text[: tail.start()]
    return text


@cache
def filler_pattern() -> re.Pattern[str]:
    return phrase_pattern(tuple(vocab()["planning"]["date_filler_words"]))


@cache
def filler_reach() -> int:
    """The most chars a date filler phrase spans, as `phrase_pattern` matches it."""
    return max((len(normalise(w)) for w in vocab()["planning"]["date_filler_words"]), default=0)


@cache
def tail_pattern(filler: re.Pattern[str]) -> re.Pattern[str]:
    """The filler phrases at the very end of a text."""
    return re.compile(rf"(?<!\w)(?:{filler.pattern})$", re.IGNORECASE)


@cache
def time_filler_pattern() -> re.Pattern[str]:
    return phrase_pattern(tuple(vocab()["planning"]["time_filler_words"]))


def has_content(text: str | None) -> bool:
    """At least two words that are neither a bare year nor a filler word."""
    if not text:
        return False
    return len(WORD_RE.findall(trim_filler(text))) >= MIN_ACTION_WORDS


def short_action(text: str | None) -> str | None:
    """A step's action in a few words: its text without a trailing condition (`Aanleveren offerte,
    tenzij er ... afwijkende afspraken zijn gemaakt`), which is the step's exception, not the step."""
    text = tidy(text)
    if text is None:
        return None
    conditions = alternation(vocab()["planning"]["condition_words"])
    cut = re.search(rf",\s+(?:{conditions})\b", text, re.IGNORECASE)
    return tidy(text[: cut.start()]) if cut and has_content(text[: cut.start()]) else text


def split_clock(text: str | None) -> tuple[str | None, str | None]:
    """(text without a clock time, the time as HH:MM) for `12.00 uur Ondertekenen ...`."""
    if not text:
        return text, None
    match = _CLOCK_RE.search(text)
    if not match:
        return text, None
    time = f"{int(match['h']):02d}:{match['m']}"
    return (text[: match.start()] + text[match.end() :]).strip(), time


def split_trailing_channel(text: str) -> tuple[str, str | None]:
    """(action, channel cell) of a row whose cells were joined and end with the `Via` cell:
    `Toelichten inkoopbeleid 2027 Mondeling of via e-mail`, `Openstellen uitvraagmodule VECOZO
    Zorginkoopportaal`. The cell holds only channel words and connectors and opens with a capital
    that follows no preposition (`Publiceren in VECOZO` keeps its channel in the action)."""
    words = text.split()
    k = len(words)
    while k > 0 and bare_word(words[k - 1]) in channel_cell_words():
        k -= 1
    while k < len(words) and bare_word(words[k]) in vocab()["channel_connectors"]:
        k += 1
    if not 0 < k < len(words) or not words[k][:1].isupper() or bare_word(words[k - 1]) in prepositions():
        return text, None
    action = " ".join(words[:k])
    return (action, " ".join(words[k:])) if has_content(action) else (text, None)


def bare_word(word: str) -> str:
    return normalise(word).strip(".,;:()")


@cache
def channel_cell_words() -> frozenset[str]:
    """The words of the channel names and their connectors (`mondeling`, `of`, `via`, `e-mail`)."""
    names = [w for words in vocab()["channels"].values() for phrase in words for w in phrase.split()]
    return frozenset(normalise(w) for w in [*names, *vocab()["channel_connectors"]])


def find_channels(text: str) -> str | None:
    """The channels a text names (vocabulary order), joined by `, `."""
    found = [name for name, words in vocab()["channels"].items() if find_phrase(text, words)]
    return ", ".join(found) or None


def tidy(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text).strip(_EDGE_JUNK)
    if text.count("(") > text.count(")"):
        text = text + ")"  # a row cut at the end of a wrapped parenthesis
    return text or None
