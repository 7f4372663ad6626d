"""Stage 5: series and year-over-year comparisons across the documents of a run.

Documents with the same `series_id` (one insurer, one care domain) are ordered by
policy year, and each consecutive pair is compared:

- requirements: each checklist item is paired with the item of the other year that shares
  most of its words (rapidfuzz ratio, or the share of content words either item covers;
  one-to-one, best pairs first). A pair is a change only when the new item says something the
  old did not (new content words and words gone, or other numbers): rewording, a provider named
  otherwise or a list split in two is no change; a changed requirement is `requirement_added`
  with the text it replaces in `old_text` (ANNOTATION.md: change). An item without a partner
  is added or removed unless the other policy still says it (its content words covered by an
  item or a sentence of the other year). Fragments (a few words) never count.
- amounts and percentages: a number is paired with the number of the other year that is about
  the same thing (`subject`, `per_unit`), the words around them deciding between several; a
  number without a subject is paired by the words around it (digits masked, so `behandeljaar
  2024` matches `behandeljaar 2025`); a paired number with another value changed.
- deadlines: a document's rows of one step (its rows for several groups, a preferred date and
  its deadline, a window's start and end) form one step; steps are paired by their action words
  (and group); a paired step moved when its date, shifted by the years between the policies,
  differs; an unpaired one was added or removed.

A pair of policies with years between them that the run has no policy for (2023 and 2027
without 2024-2026) says so on every row (`missing_years`). The comparison vocabulary is
tables.yaml `comparisons`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.corpus.series import Pair
from pipeline.derive.overlap import action_overlap, word_overlap
from pipeline.extract.amounts import iter_amounts
from pipeline.extract.percentages import iter_percentages
from pipeline.model import Comparison
from pipeline.store.parquet import read_table
from pipeline.text.clean import normalise
from pipeline.vocab import load
from pipeline.vocab.numbers import MONTHS

CHANGED = 70.0  # two requirements this alike (ratio or shared content words, 0-100) are one requirement
COVERED = 0.85  # share of an item's content words the other year still says: not added or removed
MIN_ITEM_WORDS = 4  # a shorter "item" is a fragment, a heading or a slogan
MIN_NOVEL_WORDS = 2  # new content words that make a changed requirement (or one new word for one gone)
PREFIX_CHARS = 5  # two words with this long a common start are one word (`verleent`, `verleend`)
MIN_STEM_CHARS = 4  # a word this long that starts another is a form of it (`meer`, `meerdere`)
CONTEXT_MATCH = 80.0  # words around two numbers this similar: the same figure
SUBJECT_CONTEXT_MATCH = 40.0  # ... when both are about the same subject
GIST_WORDS = 10  # words of a requirement that say what it is about
SAME_STEP = 0.5  # share of action words (by stem) two years' steps have in common: the same step
SAME_UNIT = 0.8  # ... and rows of one document on one date: the same step in several plannings
GROUP_BONUS = 0.25  # a step of the same group wins a tie
SAME_DAY_BONUS = 0.5  # so does a step on the same day of its round
KEY_DATE_KINDS = ("deadline", "end", "start", "event", "preferred")
DUTCH_MONTHS = tuple({number: name for name, number in reversed(MONTHS.items())}[m] for m in range(1, 13))
CONTEXT_WORDS = 8  # words on each side of a number that make its context
_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")
_CLAUSE_END_RE = re.compile(r"[.;:]\s|[.;:]$")


def iter_comparisons(out: Path, pairs: list[Pair]) -> Iterator[Comparison]:
    """The differences of each pair (`series.consecutive_pairs`) of the tables in OUT."""
    tables = {name: read_table(out, name) for name in ("requirements", "amounts", "percentages", "deadlines")}
    sentences = read_table(out, "sentences")
    sentence_text = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    texts_by_doc = sentences.groupby("doc_id")["text"].apply(list).to_dict()
    for pair in pairs:
        yield from compare_requirements(pair, tables["requirements"], texts_by_doc)
        yield from compare_numbers(pair, tables["amounts"], sentence_text, "amount_changed")
        yield from compare_numbers(pair, tables["percentages"], sentence_text, "percentage_changed")
        yield from compare_deadlines(pair, tables["deadlines"])


def normalised(text: str) -> str:
    return normalise(str(text)).strip(" ;.")


def best_pairs(old: list[str], new: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one (old index, new index, score) pairs at or above threshold, best first."""
    if not old or not new:
        return []
    scores = process.cdist(old, new, scorer=fuzz.ratio)
    candidates = [
        (float(scores[i][j]), i, j)
        for i in range(len(old))
        for j in range(len(new))
        if scores[i][j] >= threshold
    ]
    return greedy_pairs(candidates)


def compare_requirements(
    pair: Pair, requirements: pd.DataFrame, texts_by_doc: dict[str, list[str]] | None = None
) -> Iterator[Comparison]:
    """Requirements added, removed or changed in substance between the two policies."""
    texts_by_doc = texts_by_doc or {}
    old = checklist(requirements, pair.old)
    new = checklist(requirements, pair.new)
    old_texts = [text for text, _ in old]
    new_texts = [text for text, _ in new]
    matched = best_matches(old_texts, new_texts)
    for i, j, score in matched:
        if changed_in_substance(old_texts[i], new_texts[j]):
            yield pair.row(
                "requirement_added",
                about=gist(*new[j]),
                old_text=old_texts[i],
                new_text=new_texts[j],
                similarity=round(score, 1),
            )
    old_said = said(old_texts, texts_by_doc.get(pair.old, []))
    new_said = said(new_texts, texts_by_doc.get(pair.new, []))
    for i in sorted(set(range(len(old))) - {i for i, _, _ in matched}):
        if not still_said(old_texts[i], new_said):
            yield pair.row("requirement_removed", about=gist(*old[i]), old_text=old_texts[i])
    for j in sorted(set(range(len(new))) - {j for _, j, _ in matched}):
        if not still_said(new_texts[j], old_said):
            yield pair.row("requirement_added", about=gist(*new[j]), new_text=new_texts[j])


def checklist(requirements: pd.DataFrame, doc_id: str) -> list[tuple[str, str | None]]:
    """A document's requirement items with their section titles, each once, without fragments."""
    rows = requirements.loc[requirements["doc_id"] == doc_id]
    seen: dict[str, tuple[str, str | None]] = {}
    for text, title in zip(rows["text"], rows["section_title"], strict=True):
        if isinstance(text, str) and len(text.split()) >= MIN_ITEM_WORDS:
            seen.setdefault(normalised(text), (text, title if isinstance(title, str) else None))
    return list(seen.values())


def best_matches(old: list[str], new: list[str]) -> list[tuple[int, int, float]]:
    """One-to-one pairs of the same requirement: the best of the character ratio and the share of
    content words the two items have in common (a reworded item keeps its words, not its order)."""
    if not old or not new:
        return []
    ratios = process.cdist([normalised(t) for t in old], [normalised(t) for t in new], scorer=fuzz.ratio)
    words_old = [Words.of(t) for t in old]
    words_new = [Words.of(t) for t in new]
    candidates = []
    for i, a in enumerate(words_old):
        for j, b in enumerate(words_new):
            score = max(float(ratios[i][j]), 50.0 * (a.coverage_in(b) + b.coverage_in(a)))
            if score >= CHANGED:
                candidates.append((score, i, j))
    return greedy_pairs(candidates)


def greedy_pairs(candidates: list[tuple[float, int, int]]) -> list[tuple[int, int, float]]:
    """One-to-one (old, new, score) pairs from (score, old, new) candidates: best score first, at
    equal scores in reading order."""
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for score, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, score))
    return pairs


def changed_in_substance(old: str, new: str) -> bool:
    """The new wording says something the old did not: other numbers (not amounts or percentages),
    new content words in place of gone ones, or several new ones. Rewording, a provider named
    otherwise, a negation turned around or words only dropped (a list split in two) is no change."""
    old, new = without_figures(old), without_figures(new)
    if numbers_in(old) != numbers_in(new):
        return True
    a, b = Words.of(old), Words.of(new)
    novel, gone = b.missing_in(a), a.missing_in(b)
    return len(novel) >= MIN_NOVEL_WORDS or (bool(novel) and bool(gone))


def said(items: list[str], sentences: list[str]) -> list[Words]:
    """Everything a policy says that a requirement of the other year may stand in: its items, its
    sentences and each two sentences in a row (an item of several sentences)."""
    pairs = [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]
    return [Words.of(t) for t in [*items, *sentences, *pairs]]


def still_said(text: str, other: list[Words]) -> bool:
    """The other policy still says this requirement (in its list, or elsewhere in its text)."""
    words = Words.of(text)
    return any(words.mostly_in(o, COVERED) for o in other)


def gist(text: str, section_title: str | None) -> str:
    """What a requirement is about: its list's title and its first clause, in a few words."""
    clause = _CLAUSE_END_RE.split(text.strip(), maxsplit=1)[0]
    words = clause.split()
    short = " ".join(words[:GIST_WORDS]) + (" ..." if len(words) > GIST_WORDS else "")
    return f"{section_title}: {short}" if section_title else short


def without_figures(text: str) -> str:
    """The text without its amounts and percentages, which `compare_numbers` reports with what they
    are about (a threshold raised is an amount change, not a changed requirement)."""
    for number in [*iter_amounts(text), *iter_percentages(text)]:
        text = text[: number.start] + " " * (number.end - number.start) + text[number.end :]
    return text


def numbers_in(text: str) -> list[str]:
    return sorted(_DIGITS_RE.findall(text))


@dataclass(frozen=True)
class Words:
    """The content words of a text (no function words, no generic party words), accents folded,
    indexed by their starts for `has`."""

    tokens: tuple[str, ...]
    joined: str
    token_set: frozenset[str]
    stems: frozenset[str]  # the first PREFIX_CHARS letters of the longer words

    @classmethod
    def of(cls, text: str) -> Words:
        words = _WORD_RE.findall(folded(text))
        skip = comparison_stopwords()
        content = tuple(w for w in words if w not in skip and (len(w) >= 3 or w.isdigit()))
        stems = frozenset(w[:PREFIX_CHARS] for w in content if len(w) >= PREFIX_CHARS)
        return cls(content, "".join(words), frozenset(content), stems)

    def has(self, word: str) -> bool:
        """The word stands here: as a word, as another form of it (a common start: `verleent`,
        `verleend`; `meer`, `meerdere`), or inside a compound or a word the export split (`over
        gedragen`)."""
        if word in self.token_set:
            return True
        if len(word) >= PREFIX_CHARS and word[:PREFIX_CHARS] in self.stems:
            return True
        if any(word[:k] in self.token_set for k in range(MIN_STEM_CHARS, len(word))):
            return True  # a shorter form of it stands here
        if len(word) == MIN_STEM_CHARS and any(t.startswith(word) for t in self.tokens):
            return True  # a longer form of it stands here
        return len(word) > PREFIX_CHARS and word in self.joined

    def missing_in(self, other: Words) -> list[str]:
        return [w for w in self.tokens if not other.has(w)]

    def coverage_in(self, other: Words) -> float:
        if not self.tokens:
            return 0.0
        return 1.0 - len(self.missing_in(other)) / len(self.tokens)

    def mostly_in(self, other: Words, share: float) -> bool:
        """At least `share` of these words stand in `other` (stops at the first word too many)."""
        allowed = int(len(self.tokens) * (1.0 - share) + 1e-9)
        missing = 0
        for word in self.tokens:
            if not other.has(word):
                missing += 1
                if missing > allowed:
                    return False
        return bool(self.tokens)


def folded(text: str) -> str:
    return normalise(str(text), fold_accents=True)


@cache
def comparison_stopwords() -> frozenset[str]:
    words = load("tables")["comparisons"]
    return frozenset(folded(w) for w in [*words["function_words"], *words["generic_words"]])


@dataclass(frozen=True)
class Figure:
    """A number in its sentence, with what it is about and the masked words around it."""

    value: float
    sentence: str
    context: str
    subject: str | None = None
    per_unit: str | None = None

    @property
    def key(self) -> tuple[str, str] | None:
        """What the number is about, as compared across years (None when not known)."""
        if not self.subject:
            return None
        return normalised(self.subject), normalised(self.per_unit or "")


def figures(mentions: pd.DataFrame, doc_id: str, sentence_text: dict[str, str]) -> list[Figure]:
    found = []
    for m in mentions[mentions["doc_id"] == doc_id].itertuples(index=False):
        sentence = sentence_text.get(m.sentence_id)
        if sentence is None or pd.isna(m.value):
            continue
        found.append(
            Figure(
                float(m.value),
                sentence,
                number_context(sentence, int(m.start), int(m.end)),
                text_or_none(getattr(m, "subject", None)),
                text_or_none(getattr(m, "per_unit", None)),
            )
        )
    return found


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def number_context(sentence: str, start: int, end: int) -> str:
    """The words before and after a number, digits masked."""
    before = sentence[:start].split()[-CONTEXT_WORDS:]
    after = sentence[end:].split()[:CONTEXT_WORDS]
    return _DIGITS_RE.sub("#", " ".join([*before, "<n>", *after]).lower())


def compare_numbers(
    pair: Pair, mentions: pd.DataFrame, sentence_text: dict[str, str], kind: str
) -> Iterator[Comparison]:
    """Numbers about the same thing in both years (the same subject, or else the same words
    around them) that have another value."""
    old = figures(mentions, pair.old, sentence_text)
    new = figures(mentions, pair.new, sentence_text)
    reported: set[tuple[float, float, str]] = set()
    for a, b, score in paired_figures(old, new):
        key = (a.value, b.value, b.subject or b.context)
        if a.value == b.value or key in reported or unchanged(a, new) or unchanged(b, old):
            continue
        reported.add(key)
        yield pair.row(
            kind,
            about=b.subject or a.subject,
            old_text=a.sentence,
            new_text=b.sentence,
            old_value=a.value,
            new_value=b.value,
            similarity=round(score, 1),
        )


def paired_figures(old: list[Figure], new: list[Figure]) -> Iterator[tuple[Figure, Figure, float]]:
    """One-to-one pairs: within each subject by the words around the numbers, then the numbers
    without a subject by their words alone."""
    keys = {f.key for f in old if f.key} & {f.key for f in new if f.key}
    for key in sorted(keys):
        a = [f for f in old if f.key == key]
        b = [f for f in new if f.key == key]
        for i, j, score in best_pairs([f.context for f in a], [f.context for f in b], SUBJECT_CONTEXT_MATCH):
            yield a[i], b[j], score
    a = [f for f in old if not f.key]
    b = [f for f in new if not f.key]
    for i, j, score in best_pairs([f.context for f in a], [f.context for f in b], CONTEXT_MATCH):
        yield a[i], b[j], score


def unchanged(figure: Figure, other: Sequence[Figure]) -> bool:
    """The other year has this very number about the same thing: it did not change."""
    return figure.key is not None and any(o.key == figure.key and o.value == figure.value for o in other)


def compare_deadlines(pair: Pair, deadlines: pd.DataFrame) -> Iterator[Comparison]:
    """The planning's changes: steps paired across the two years by their action (and group); a
    paired step whose date moved, compared by day and month within its round, is `deadline_moved`
    (steps that moved from one date to the same other date, such as one step in the plannings of
    several groups, are one change); an unpaired step is `step_added` or `step_removed`."""
    old = step_units(deadlines, pair.old)
    new = step_units(deadlines, pair.new)
    shift = pair.year_new - pair.year_old
    matched = paired_steps(old, new, shift)
    moved: set[tuple[date, date]] = set()
    for i, j, score in matched:
        dates = moved_dates(old[i], new[j], shift)
        if dates is None or dates in moved:
            continue
        moved.add(dates)
        yield pair.row(
            "deadline_moved",
            about=new[j].action,
            old_text=old[i].line(),
            new_text=new[j].line(),
            old_date=dates[0],
            new_date=dates[1],
            similarity=round(100 * score, 1),
        )
    for i in sorted(set(range(len(old))) - {i for i, _, _ in matched}):
        yield pair.row("step_removed", about=old[i].action, old_text=old[i].line(), old_date=old[i].key_date)
    for j in sorted(set(range(len(new))) - {j for _, j, _ in matched}):
        yield pair.row("step_added", about=new[j].action, new_text=new[j].line(), new_date=new[j].key_date)


def to_date(value: object) -> date:
    return value if isinstance(value, date) else pd.Timestamp(value).date()


def shifted(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)


@dataclass
class StepUnit:
    """One step of a document's planning: its rows for several groups, and a preferred date with
    its deadline or a window's start with its end, taken together."""

    action: str
    groups: set[str]
    timings: list[tuple[str, date]]
    relative: str | None

    @property
    def kinds(self) -> dict[str, date]:
        """The step's first date of each kind."""
        found: dict[str, date] = {}
        for kind, day in sorted(self.timings, key=lambda t: t[1]):
            found.setdefault(kind, day)
        return found

    @property
    def key_date(self) -> date | None:
        """The date the step is known by: its deadline, else its end, start, event or preferred date."""
        return next((self.kinds[k] for k in KEY_DATE_KINDS if k in self.kinds), None)

    @property
    def text(self) -> str:
        """The action, with a relative step's term (`... na ontvangst van het verzoek`)."""
        return f"{self.action} {self.relative or ''}".strip()

    def line(self) -> str:
        """The step as a line: `Aanleveren offerte: bij voorkeur vóór 16 september 2026, uiterlijk 30 ...`."""
        phrase = timing_phrase(self)
        return f"{self.action}: {phrase}" if phrase else self.action

    def takes(self, action: str, day: date | None, relative: str | None) -> bool:
        if normalised(action) == normalised(self.action):
            return True
        shares_timing = relative == self.relative if day is None else day in {d for _, d in self.timings}
        return shares_timing and word_overlap(action, self.action) >= SAME_UNIT


def step_units(deadlines: pd.DataFrame, doc_id: str) -> list[StepUnit]:
    """A document's planning steps in reading order, rows of one step taken together."""
    units: list[StepUnit] = []
    rows = deadlines[deadlines["doc_id"] == doc_id].dropna(subset=["action"])
    for r in rows.itertuples(index=False):
        day = to_date(r.date) if pd.notna(r.date) else None
        relative = str(r.relative) if pd.notna(r.relative) else None
        if day is None and relative is None:
            continue
        unit = next((u for u in units if u.takes(str(r.action), day, relative)), None)
        if unit is None:
            unit = StepUnit(str(r.action), set(), [], relative)
            units.append(unit)
        if pd.notna(r.group):
            unit.groups.add(normalised(r.group))
        if day is not None and (str(r.kind), day) not in unit.timings:
            unit.timings.append((str(r.kind), day))
    return units


def paired_steps(old: list[StepUnit], new: list[StepUnit], shift: int) -> list[tuple[int, int, float]]:
    """One-to-one (old, new, score) pairs of steps with the same action words, best first; a step on
    the same day of its round also pairs on fewer words; a shared group breaks ties."""
    candidates = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            score = action_overlap(a.text, b.text)
            same_day = shares_a_day(a, b, shift)
            if score >= SAME_STEP or (same_day and word_overlap(a.text, b.text) > 0):
                bonus = (SAME_DAY_BONUS if same_day else 0.0) + (GROUP_BONUS if a.groups & b.groups else 0.0)
                candidates.append((score + bonus, i, j, score))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, i, j, score in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, score))
    return pairs


def shares_a_day(old: StepUnit, new: StepUnit, shift: int) -> bool:
    """Some date of the old step, shifted to the new round, is a date of the new step."""
    return bool({shifted(d, shift) for _, d in old.timings} & {d for _, d in new.timings})


def timing_phrase(unit: StepUnit) -> str:
    """When a step is, in the words of a planning: `bij voorkeur vóór 16 september 2026, uiterlijk
    30 september 2026`, `van 1 juli 2027 t/m 1 oktober 2027`, or its relative term."""
    words = step_line_words()
    kinds = {k: d for k, d in sorted(unit.timings, key=lambda t: t[1])}
    if "start" in kinds and "end" in kinds:
        parts = [f"{words['window']} {dutch_date(kinds['start'])} {words['end']} {dutch_date(kinds['end'])}"]
        kinds = {k: d for k, d in kinds.items() if k not in {"start", "end"}}
    else:
        parts = []
    parts += [f"{words[k]} {dutch_date(d)}" for k, d in sorted(kinds.items(), key=lambda kd: kd[1])]
    if unit.relative:
        parts.append(unit.relative)
    return ", ".join(parts)


def dutch_date(day: date) -> str:
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"


@cache
def step_line_words() -> dict[str, str]:
    return load("tables")["planning"]["step_line_words"]


def moved_dates(old: StepUnit, new: StepUnit, shift: int) -> tuple[date, date] | None:
    """(old date, new date) of a paired step that moved: the dates of the first kind both years give
    it (deadline, end, start, ...) differ by day or month; without a shared kind, no date is shared."""
    common = [k for k in KEY_DATE_KINDS if k in old.kinds and k in new.kinds]
    if common:
        before, after = old.kinds[common[0]], new.kinds[common[0]]
        return None if shifted(before, shift) == after else (before, after)
    if old.key_date is None or new.key_date is None or shares_a_day(old, new, shift):
        return None
    return old.key_date, new.key_date
