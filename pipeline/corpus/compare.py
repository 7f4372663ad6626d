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
- deadlines: a step is paired by its action; it moved when its date, shifted by
  the years between the policies, differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.model import Comparison
from pipeline.schema import to_arrow
from pipeline.store.parquet import read_table, write_corpus_table
from pipeline.text.clean import normalise

SAME = 97.0  # at or above: the same requirement, reworded at most trivially
CHANGED = 70.0  # from here up to SAME: the same requirement, changed
CONTEXT_MATCH = 80.0  # words around two numbers this similar: the same figure
ACTION_MATCH = 85.0  # two planning steps this similar: the same step
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
    """Steps with the same action whose date moved (after the shift between policy years)."""
    old = steps(deadlines, pair.old)
    new = steps(deadlines, pair.new)
    shift = pair.year_new - pair.year_old
    matched = best_pairs([masked(a) for a, _ in old], [masked(a) for a, _ in new], ACTION_MATCH)
    for i, j, score in matched:
        (old_action, old_date), (new_action, new_date) = old[i], new[j]
        if shifted(old_date, shift) == new_date:
            continue
        yield pair.row(
            "deadline_moved",
            old_text=f"{old_date.isoformat()}: {old_action}",
            new_text=f"{new_date.isoformat()}: {new_action}",
            similarity=round(score, 1),
        )


def steps(deadlines: pd.DataFrame, doc_id: str) -> list[tuple[str, date]]:
    """(action, date) of a document's planning rows, each once."""
    rows = deadlines[(deadlines["doc_id"] == doc_id)].dropna(subset=["action", "date"])
    unique = {(str(r.action), to_date(r.date)) for r in rows.itertuples(index=False)}
    return sorted(unique, key=lambda step: (step[1], step[0]))


def masked(action: str) -> str:
    return _DIGITS_RE.sub("#", normalised(action))


def to_date(value: object) -> date:
    return value if isinstance(value, date) else pd.Timestamp(value).date()


def shifted(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)
