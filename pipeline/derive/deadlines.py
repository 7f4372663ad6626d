"""Planning rows: which step of the procurement falls on which date, by whom, where.

A date (from the `dates` table) becomes a deadline row when its sentence stands
in a planning: a section whose title, or an ancestor's title, has planning
vocabulary (`Planning`, `Tijdpad`, `Processtappen`, ...), or a section holding a
planning table header (`Datum | Actie`). Table rows give their cells: the date
cell, the party cell (`Wie`) and the channel cell (`Via`) are told apart by
content, the rest is the action. Text exports often break a planning into a
date line and an action line; a row that holds only its date borrows its action
from the neighbouring line, on the side the table's header puts the activity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from pipeline.derive import SectionTree, actor_words, vocab
from pipeline.model import DateMention, Deadline, Document, Obligation, Section, Sentence, Span
from pipeline.text.clean import normalise
from pipeline.text.dates import find_dates
from pipeline.text.phrases import find_phrase, first_canonical, phrase_pattern

_CLOCK_RE = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[.:](?P<m>[0-5]\d)\s*uur\b\s*", re.IGNORECASE)
_TRAILING_PAREN_RE = re.compile(r"\((?P<inner>[^()]{1,60})\)?\s*$")
_WORD_RE = re.compile(r"[^\W\d_][\w'’/-]*")
_EDGE_JUNK = " \t,;:.-–—"
MIN_ACTION_WORDS = 2
MAX_PARTY_CELL_WORDS = 8
MAX_NEIGHBOUR_STEPS = 2
GROUP_LINK = "voor"
# A step on a date that no deadline, start or end word governs is something that happens then.
STEP_KIND_OF_QUALIFIER = {"deadline": "deadline", "start": "start", "end": "end", "mention": "event"}


@dataclass(frozen=True)
class DateSpan:
    value: date
    qualifier: str | None
    time: str | None
    start: int
    end: int


def derive_planning(document: Document) -> Document:
    """Stage: the steps of the contracting planning."""
    steps = [d.bind(document.doc_id, d.sentence_id or "") for d in iter_deadlines(document)]
    return replace(document, records=replace(document.records, deadlines=steps))


def iter_deadlines(document: Document) -> Iterator[Deadline]:
    """Every date that stands in a planning, as a planning row."""
    spans = date_spans(document.records.dates)
    actors = sentence_actors(document.records.obligations)
    tree = SectionTree.of(document)
    sentences = document.sentences
    header_sections = {s.section_id for s in sentences if is_planning_header(s.text)}
    last_header: dict[str | None, str] = {}
    previous_group: Section | None = None
    for i, sentence in enumerate(sentences):
        group = planning_section(tree, sentence.section_id, header_sections)
        if group is None and is_row_heading(tree.title(sentence.section_id), spans, sentence):
            group = previous_group  # a planning row read as a heading stays in its planning
        previous_group = group
        if is_planning_header(sentence.text):
            last_header[sentence.section_id] = sentence.text
            if group is not None:
                last_header[group.section_id] = sentence.text
        if group is None or sentence.kind in {"toc", "footnote"} or sentence.sentence_id not in spans:
            continue
        header = last_header.get(sentence.section_id) or last_header.get(group.section_id)
        step = Step.read(sentences, i, spans, header)
        for span in unique_dates(spans[sentence.sentence_id]):
            yield Deadline(
                span=Span(span.start, span.end, sentence.text[span.start : span.end], sentence.sentence_id),
                section_id=sentence.section_id,
                date=span.value,
                time=span.time or step.time,
                kind=STEP_KIND_OF_QUALIFIER.get(span.qualifier or "", "event"),
                qualifier=span.qualifier,
                actor=step.party or actors.get(sentence.sentence_id) or actor_in(step.action or ""),
                action=step.action,
                channel=step.channel,
                group=group_name(group.title),
                source="table" if sentence.kind == "table_row" or (header and step.date_led) else "sentence",
                section_title=tree.title(sentence.section_id),
                page=sentence.page,
            )


def date_spans(dates: list[DateMention]) -> dict[str, list[DateSpan]]:
    """The dates of each sentence whose value is known, in text order."""
    found: dict[str, list[DateSpan]] = {}
    for d in sorted(dates, key=lambda d: (d.sentence_id or "", d.start)):
        if d.value is not None and d.sentence_id is not None:
            found.setdefault(d.sentence_id, []).append(DateSpan(d.value, d.qualifier, d.time, d.start, d.end))
    return found


def sentence_actors(obligations: list[Obligation]) -> dict[str, str]:
    return {o.sentence_id: o.actor for o in obligations if o.actor and o.sentence_id}


def unique_dates(spans: list[DateSpan]) -> list[DateSpan]:
    """One span per date value (a sentence may repeat its date)."""
    seen: dict[date, DateSpan] = {}
    for span in spans:
        seen.setdefault(span.value, span)
    return list(seen.values())


def is_row_heading(title: str | None, spans: dict[str, list[DateSpan]], sentence: Sentence) -> bool:
    """The section is titled by a date (`Uiterlijk 15 juni 2022`): a planning row, not a topic."""
    if not title:
        return False
    found = find_dates(title)
    return bool(found) and not has_content(trim_filler(title[: found[0].start]))


def planning_section(
    tree: SectionTree, section_id: str | None, header_sections: set[str | None]
) -> Section | None:
    """The nearest section up the tree whose title names a planning, or this section when it
    holds a planning table header; None outside plannings."""
    words = vocab()["planning"]["section_words"]
    lineage = tree.lineage(section_id)
    for section in lineage:
        if find_phrase(section.title, words):
            return section
    if section_id in header_sections and lineage:
        return lineage[0]
    return None


def is_planning_header(text: str) -> bool:
    """A short line naming a date column and an activity column (`2026 Datum en tijd Wie Actie Via`)."""
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if not words or len(words) > 8:
        return False
    planning = vocab()["planning"]
    return has_word(words, planning["header_date_words"]) and has_word(
        words, planning["header_activity_words"]
    )


def has_word(words: list[str], vocabulary: list[str]) -> bool:
    """A word of `vocabulary` is one of `words`, or ends one of them as a compound tail."""
    return any(w == v or (w.endswith(v) and len(w) > len(v) + 3) for w in words for v in vocabulary)


def header_puts_activity_first(header: str | None) -> bool:
    """Whether the planning's header names the activity column before the date column."""
    if not header:
        return False
    planning = vocab()["planning"]
    words = [w.lower() for w in _WORD_RE.findall(header)]
    date_at = next((i for i, w in enumerate(words) if has_word([w], planning["header_date_words"])), None)
    act_at = next((i for i, w in enumerate(words) if has_word([w], planning["header_activity_words"])), None)
    return date_at is not None and act_at is not None and act_at < date_at


@dataclass(frozen=True)
class Step:
    """What a planning row says besides its date."""

    action: str | None
    party: str | None
    channel: str | None
    time: str | None
    date_led: bool

    @classmethod
    def read(
        cls, sentences: list[Sentence], i: int, spans: dict[str, list[DateSpan]], header: str | None
    ) -> Step:
        sentence = sentences[i]
        own = spans[sentence.sentence_id]
        if sentence.cells and len(sentence.cells) > 1:
            action, party, channel_cell = split_cells(sentence.cells)
        else:
            action, party, channel_cell = text_without_dates(sentence.text, own), None, None
            if is_date_led(sentence.text, own):
                party, action = split_leading_party(action)
        if not has_content(action):
            action = neighbour_action(sentences, i, spans, header) or action
        party = party or trailing_party(action)
        time = split_clock(sentence.text)[1]
        action, borrowed_time = split_clock(action)
        time = time or borrowed_time
        channel = find_channels(channel_cell or "") or find_channels(action or "") or channel_cell
        return cls(tidy(action), party, channel, time, is_date_led(sentence.text, own))


def split_cells(cells: list[str]) -> tuple[str | None, str | None, str | None]:
    """(action, actor class, channel cell) of a table row, told apart by what each cell holds:
    dates and filler words are cut from every cell, then a short cell of party names is the
    actor, the first other cell the action and a further last cell the channel."""
    rest = [text for text in (cell_without_dates(c) for c in cells) if has_content(text) or is_party(text)]
    party_cells = [c for c in rest if is_party(c)]
    party = actor_in(party_cells[0]) if party_cells else None
    rest = [c for c in rest if c not in party_cells[:1]]
    if not rest:
        return None, party, None
    channel = rest[-1] if len(rest) > 1 else None
    return rest[0], party, channel


def cell_without_dates(cell: str) -> str:
    return text_without_ranges(cell, [(d.start, d.end) for d in find_dates(cell)])


def is_party(cell: str) -> bool:
    """A short cell that names parties only (`Zorgaanbieder en VGZ (zo nodig VGZ)`)."""
    words = [w.lower() for w in _WORD_RE.findall(cell)]
    if not words or len(words) > MAX_PARTY_CELL_WORDS:
        return False
    return actor_in(cell) is not None and normalise(cell).split()[0].strip("(") in party_vocabulary()


def party_vocabulary() -> frozenset[str]:
    return frozenset().union(*actor_words().values()) | {
        name.split()[0] for words in actor_words().values() for name in words if " " in name
    }


def actor_in(text: str) -> str | None:
    """The actor class of the first party the text names."""
    return first_canonical(text, {k: sorted(v) for k, v in actor_words().items()})


def text_without_dates(text: str, spans: list[DateSpan]) -> str:
    return text_without_ranges(text, [(s.start, s.end) for s in spans])


def text_without_ranges(text: str, ranges: list[tuple[int, int]]) -> str:
    """The text with the ranges cut out, and the date filler words (`uiterlijk op`, `t/m`) that
    led into each cut or are left at the ends trimmed off."""
    kept, at = [], 0
    for start, end in sorted(ranges):
        kept.append(trim_filler(text[at:start], left=False))
        at = max(at, end)
    kept.append(text[at:])
    return trim_filler(" ".join(part.strip() for part in kept if part.strip()))


def trim_filler(text: str, left: bool = True) -> str:
    """The text without date filler words and punctuation at its ends (at its right end only
    when `left` is False)."""
    filler = phrase_pattern(tuple(vocab()["planning"]["date_filler_words"]))
    tail_re = re.compile(rf"(?<!\w)(?:{filler.pattern})$", re.IGNORECASE)
    previous = None
    while previous != text:
        previous = text
        text = text.rstrip(_EDGE_JUNK).lstrip(_EDGE_JUNK if left else "")
        head = filler.match(text) if left else None
        if head and (head.end() == len(text) or not text[head.end()].isalnum()):
            text = text[head.end() :]
        tail = tail_re.search(text)
        if tail:
            text = text[: tail.start()]
    return text.strip(_EDGE_JUNK) if left else text.rstrip(_EDGE_JUNK)


def is_date_led(text: str, spans: list[DateSpan]) -> bool:
    """The line opens with its date, after filler words only (`Uiterlijk 1 juni ...`)."""
    return bool(spans) and not has_content(trim_filler(text[: spans[0].start]))


def has_content(text: str | None) -> bool:
    """At least two words that are neither a bare year nor a filler word."""
    if not text:
        return False
    return len(_WORD_RE.findall(trim_filler(text))) >= MIN_ACTION_WORDS


def neighbour_action(
    sentences: list[Sentence], i: int, spans: dict[str, list[DateSpan]], header: str | None
) -> str | None:
    """The action of a row that holds only its date: a dateless line before or after it in the
    same section. A line before that runs on into the date (`... tot minimaal`) wins; else the
    side where the header puts the activity column goes first. Lines without content (a lone
    year) are stepped over; a dated line, a header or a list intro ends the search."""
    if i > 0 and runs_on(sentences[i - 1]) and usable_neighbour(sentences[i - 1], sentences[i], spans):
        return sentences[i - 1].text
    directions = (-1, 1) if header_puts_activity_first(header) else (1, -1)
    for step in directions:
        j = i + step
        while 0 <= j < len(sentences) and abs(j - i) <= MAX_NEIGHBOUR_STEPS:
            other = sentences[j]
            if not usable_neighbour(other, sentences[i], spans):
                break
            if has_content(split_clock(other.text)[0]):
                return other.text
            j += step
    return None


def usable_neighbour(other: Sentence, row: Sentence, spans: dict[str, list[DateSpan]]) -> bool:
    return (
        other.section_id == row.section_id
        and other.sentence_id not in spans
        and not is_planning_header(other.text)
        and not other.text.rstrip().endswith(":")
    )


def runs_on(sentence: Sentence) -> bool:
    """A line cut off mid-sentence: it ends in a lower-case word, without punctuation."""
    last = sentence.text.rstrip().split()[-1:] or [""]
    return sentence.kind == "body" and last[0].isalpha() and last[0].islower()


def split_clock(text: str | None) -> tuple[str | None, str | None]:
    """(text without a clock time, the time as HH:MM) for `12.00 uur Ondertekenen ...`."""
    if not text:
        return text, None
    match = _CLOCK_RE.search(text)
    if not match:
        return text, None
    time = f"{int(match['h']):02d}:{match['m']}"
    return (text[: match.start()] + text[match.end() :]).strip(), time


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


def group_name(title: str) -> str:
    """Whom a planning is for: the words after `<planning word> voor` (`Planning voor
    ziekenhuizen` is `ziekenhuizen`), else the whole title."""
    planning = vocab()["planning"]
    words = phrase_pattern(tuple(planning["section_words"])).pattern
    match = re.match(rf"^(?:{words})\s+(?:{GROUP_LINK})\s+(?P<rest>.+)$", title.strip(), re.IGNORECASE)
    return match["rest"].strip(_EDGE_JUNK) if match else title


def trailing_party(text: str | None) -> str | None:
    """The actor class a row names in a closing parenthesis: `Publicatie zorgaanbod (CZ groep)`."""
    match = _TRAILING_PAREN_RE.search(text or "")
    return actor_in(match["inner"]) if match and is_party(match["inner"]) else None


def split_leading_party(text: str) -> tuple[str | None, str]:
    """(actor class, rest) for a row whose cells were joined: `VGZ Toelichten inkoopbeleid`."""
    words = text.split()
    parties = party_vocabulary()
    k = 0
    while k < len(words) and (normalise(words[k]).strip("()") in parties or words[k].lower() == "en"):
        k += 1
    if 0 < k < len(words) and words[k][:1].isupper() and words[k - 1].lower() != "en":
        return actor_in(" ".join(words[:k])), " ".join(words[k:])
    return None, text
