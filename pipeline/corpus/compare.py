"""Stage 5: series and year-over-year comparisons across the documents of a run.

Documents with the same `series_id` (one insurer, one care domain) are ordered by
policy year, and each consecutive pair is compared:

- requirements: each item is paired with its most similar item of the other year
  (rapidfuzz, one-to-one, best pairs first). A pair at or above `SAME` is the same
  requirement; between `CHANGED` and `SAME` it changed; an item left without a
  partner of at least `CHANGED` was added or removed.
- amounts and percentages: a number is paired by the words around it (digits
  masked, so `behandeljaar 2024` matches `behandeljaar 2025`); a paired number
  with another value changed (a ZBC threshold from € 225.000 to € 250.000).
- deadlines: a document's rows of one step (its rows for several groups, a preferred date and
  its deadline, a window's start and end) form one step; steps are paired by their action words
  (and group); a paired step moved when its date, shifted by the years between the policies,
  differs; an unpaired one was added or removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.derive.deadlines import action_overlap, word_overlap
from pipeline.model import Comparison
from pipeline.schema import to_arrow
from pipeline.store.parquet import read_table, write_corpus_table
from pipeline.text.clean import normalise
from pipeline.vocab import load
from pipeline.vocab.numbers import MONTHS

SAME = 97.0  # at or above: the same requirement, reworded at most trivially
CHANGED = 70.0  # from here up to SAME: the same requirement, changed
CONTEXT_MATCH = 80.0  # words around two numbers this similar: the same figure
SAME_STEP = 0.5  # share of action words (by stem) two years' steps have in common: the same step
SAME_UNIT = 0.8  # ... and rows of one document on one date: the same step in several plannings
GROUP_BONUS = 0.25  # a step of the same group wins a tie
SAME_DAY_BONUS = 0.5  # so does a step on the same day of its round
KEY_DATE_KINDS = ("deadline", "end", "start", "event", "preferred")
DUTCH_MONTHS = tuple({number: name for name, number in reversed(MONTHS.items())}[m] for m in range(1, 13))
CONTEXT_WORDS = 8  # words on each side of a number that make its context
_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Pair:
    """Two consecutive documents of one series."""

    series_id: str
    old: str
    new: str
    year_old: int
    year_new: int

    def row(self, kind: str, **values: object) -> Comparison:
        return Comparison(self.series_id, self.old, self.new, self.year_old, self.year_new, kind, **values)


def write_comparisons(out: Path) -> None:
    """Compare consecutive policy years of every series into `comparisons`."""
    write_corpus_table(out, "comparisons", to_arrow("comparisons", iter_comparisons(out)))


def iter_comparisons(out: Path) -> Iterator[Comparison]:
    documents = read_table(out, "documents")
    tables = {name: read_table(out, name) for name in ("requirements", "amounts", "percentages", "deadlines")}
    sentences = read_table(out, "sentences")
    sentence_text = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    for pair in consecutive_pairs(documents):
        yield from compare_requirements(pair, tables["requirements"])
        yield from compare_numbers(pair, tables["amounts"], sentence_text, "amount_changed")
        yield from compare_numbers(pair, tables["percentages"], sentence_text, "percentage_changed")
        yield from compare_deadlines(pair, tables["deadlines"])


def consecutive_pairs(documents: pd.DataFrame) -> Iterator[Pair]:
    """Each document with the one of the next policy year in its series."""
    known = documents.dropna(subset=["series_id", "policy_year"])
    for series_id, docs in known.groupby("series_id", sort=True):
        ordered = docs.sort_values(["policy_year", "doc_id"]).drop_duplicates("policy_year", keep="last")
        rows = list(ordered.itertuples(index=False))
        for old, new in zip(rows, rows[1:], strict=False):
            yield Pair(str(series_id), old.doc_id, new.doc_id, int(old.policy_year), int(new.policy_year))


def normalised(text: str) -> str:
    return normalise(str(text)).strip(" ;.")


def best_pairs(old: list[str], new: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one (old index, new index, score) pairs at or above threshold, best first."""
    if not old or not new:
        return []
    scores = process.cdist(old, new, scorer=fuzz.ratio)
    candidates = sorted(
        (float(scores[i][j]), i, j)
        for i in range(len(old))
        for j in range(len(new))
        if scores[i][j] >= threshold
    )
    candidates.sort(key=lambda c: -c[0])  # stable: at equal scores, items keep their reading order
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, score))
    return pairs


def compare_requirements(pair: Pair, requirements: pd.DataFrame) -> Iterator[Comparison]:
    old = unique_texts(requirements, pair.old)
    new = unique_texts(requirements, pair.new)
    matched = best_pairs([normalised(t) for t in old], [normalised(t) for t in new], CHANGED)
    for i, j, score in matched:
        if score < SAME:
            similarity = round(score, 1)
            yield pair.row("requirement_changed", old_text=old[i], new_text=new[j], similarity=similarity)
    for i in sorted(set(range(len(old))) - {i for i, _, _ in matched}):
        yield pair.row("requirement_removed", old_text=old[i])
    for j in sorted(set(range(len(new))) - {j for _, j, _ in matched}):
        yield pair.row("requirement_added", new_text=new[j])


def unique_texts(requirements: pd.DataFrame, doc_id: str) -> list[str]:
    texts = requirements.loc[requirements["doc_id"] == doc_id, "text"].dropna()
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(normalised(text), text)
    return list(seen.values())


@dataclass(frozen=True)
class Figure:
    """A number in its sentence, with the masked words around it."""

    value: float
    sentence: str
    context: str


def figures(mentions: pd.DataFrame, doc_id: str, sentence_text: dict[str, str]) -> list[Figure]:
    found = []
    for m in mentions[mentions["doc_id"] == doc_id].itertuples(index=False):
        sentence = sentence_text.get(m.sentence_id)
        if sentence is None or pd.isna(m.value):
            continue
        found.append(Figure(float(m.value), sentence, number_context(sentence, int(m.start), int(m.end))))
    return found


def number_context(sentence: str, start: int, end: int) -> str:
    """The words before and after a number, digits masked."""
    before = sentence[:start].split()[-CONTEXT_WORDS:]
    after = sentence[end:].split()[:CONTEXT_WORDS]
    return _DIGITS_RE.sub("#", " ".join([*before, "<n>", *after]).lower())


def compare_numbers(
    pair: Pair, mentions: pd.DataFrame, sentence_text: dict[str, str], kind: str
) -> Iterator[Comparison]:
    """Numbers that stand in the same words in both years but have another value."""
    old = figures(mentions, pair.old, sentence_text)
    new = figures(mentions, pair.new, sentence_text)
    matched = best_pairs([f.context for f in old], [f.context for f in new], CONTEXT_MATCH)
    reported: set[tuple[float, float, str]] = set()
    for i, j, score in matched:
        a, b = old[i], new[j]
        key = (a.value, b.value, b.context)
        if a.value == b.value or key in reported:
            continue
        reported.add(key)
        yield pair.row(
            kind,
            old_text=a.sentence,
            new_text=b.sentence,
            old_value=a.value,
            new_value=b.value,
            similarity=round(score, 1),
        )


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
