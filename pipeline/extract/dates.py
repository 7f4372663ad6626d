"""Calendar dates in Dutch policy text: days, months and quarters, with qualifier and year.

`iter_dates` finds the dates of one sentence (ANNOTATION.md "date"): a regex finds each
span, a governing-word scan gives its qualifier, and ranges become a start and an end row.
`resolve_dates` runs it over a document and fills in the years the text leaves out.
Bare years, vague periods (`eind 2025`, `medio juli`), clock times and durations are not dates.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from pipeline.model import DateMention, Document, Sentence, Span
from pipeline.model.records import DateQualifier
from pipeline.text.dates import YEAR, FoundDate, find_dates
from pipeline.text.phrases import alternation
from pipeline.vocab import numbers as vocab

# --- normalising ----------------------------------------------------------------------------

_TIME_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:om|vóór|voor|tot|uiterlijk|tot uiterlijk)\s+)?(?P<h>[01]?\d|2[0-4])[.:](?P<m>[0-5]\d)"
    r"(?!\d)(?:\s*uur)?",
    re.IGNORECASE,
)


def _value(found: FoundDate, year: int | None) -> datetime.date | None:
    """The first day of the period, from the parts the span states (`pipeline.text.dates`).

    No date parser is involved: the span's named groups already hold day, month and year from
    a closed Dutch vocabulary. dateparser was tried here and dropped (README, "Dates"): it could
    only agree with these parts or be wrong (it misses `sept.`, reads numeric forms its own
    way), and it cannot normalise yearless dates or quarters at all.
    """
    if year is None:
        return None
    return datetime.date(year, found.month, found.day or 1)


def _granularity(found: FoundDate) -> str:
    if found.quarter is not None:
        return "quarter"
    return "day" if found.day is not None else "month"


# --- qualifiers -----------------------------------------------------------------------------

_GOVERNORS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(w, "deadline") for w in vocab.DEADLINE_WORDS]
        + [(w, "start") for w in vocab.START_WORDS]
        + [(w, "until") for w in vocab.UNTIL_WORDS]
        + [(w, "mention") for w in vocab.MENTION_WORDS]
        + [("van", "from"), ("tussen", "between"), ("naar", "mention")],
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)
_GOVERNOR_RE = re.compile(
    rf"(?<![\w/])(?P<word>{alternation([w for w, _ in _GOVERNORS])})(?![\w/])", re.IGNORECASE
)
_GOVERNOR_KIND = {w: kind for w, kind in _GOVERNORS}
# Words that may stand between a governing word and its date ("tot minimaal", "uiterlijk op de").
_TRANSPARENT = {
    "op",
    "in",
    "de",
    "het",
    "dus",
    "al",
    "ook",
    "nog",
    "dan",
    "minimaal",
    "maximaal",
    "uiterlijk",
    "bij",
    "voorkeur",
    "of",
    "uiterste",
    "datum",
    "einddatum",
    "ingangsdatum",
    "maand",
    "van",
}
_RANGE_GAP = re.compile(
    r"^[\s*_,]*(?:t/m|tot en met|tot|tot minimaal|tot maximaal|[-–—]|en|tot en met de)[\s*_]*$", re.IGNORECASE
)
_COORDINATION_GAP = re.compile(r"^[\s*_]*(?:,|en|of|en/of)?[\s*_]*$", re.IGNORECASE)
_DEADLINE_AFTER = re.compile(rf"^\s*,?\s*(?:{alternation(vocab.DEADLINE_AFTER_WORDS)})\b", re.IGNORECASE)
_VALIDITY = re.compile(rf"\b(?:{alternation(vocab.VALIDITY_WORDS)})", re.IGNORECASE)
_RECURRING_AFTER = re.compile(rf"^\s*(?:{alternation(vocab.RECURRING_MARKERS)})\b", re.IGNORECASE)
_PREVIOUS_YEAR_AFTER = re.compile(rf"^\s*(?:{alternation(vocab.PREVIOUS_YEAR_MARKERS)})", re.IGNORECASE)


def _governor(window: str) -> tuple[str, int] | None:
    """The governing word nearest to the date's left and its kind, skipping filler words."""
    matches = list(_GOVERNOR_RE.finditer(window))
    best: tuple[str, int] | None = None
    for match in reversed(matches):
        between = [w for w in (_strip_markup(w) for w in window[match.end() :].split()) if w]
        if any(w not in _TRANSPARENT for w in between) or len(between) > 3:
            break
        kind = _GOVERNOR_KIND[match.group("word").lower()]
        if best is None or (best[0] in ("mention", "from") and kind not in ("mention",)):
            best = (kind, match.start())
        if kind not in ("mention", "from"):
            break
    return best


def _strip_markup(word: str) -> str:
    """A word without punctuation or markdown emphasis (`**16`), lower case; "" for pure markup."""
    return word.strip("*_,()[]\"'`").lower()


def _left_window(text: str, found: FoundDate, previous: FoundDate | None) -> str:
    floor = previous.end if previous else 0
    start = max(floor, found.start - 60)
    window = text[start : found.start]
    cut = max(window.rfind(";"), window.rfind(". "), window.rfind(":"))
    return window[cut + 1 :] if cut >= 0 else window


def _base_qualifier(text: str, found: FoundDate, previous: FoundDate | None) -> tuple[str, int | None]:
    """Qualifier kind from the governing words around the date; the int is the governor offset."""
    window = _left_window(text, found, previous)
    governor = _governor(window)
    offset = found.start - len(window) + governor[1] if governor else None
    kind = governor[0] if governor else "mention"
    if kind in ("mention", "from", "between") and _DEADLINE_AFTER.search(text[found.end :]):
        return "deadline", None
    return kind, offset


def _until_qualifier(text: str, governor_offset: int | None) -> DateQualifier:
    """`tot`/`t/m` without a start: end when it bounds how long something runs, else deadline."""
    clause_start = 0 if governor_offset is None else max(0, governor_offset - 80)
    clause = text[clause_start : governor_offset or 0]
    return "end" if _VALIDITY.search(clause) else "deadline"


def _is_range(text: str, first: FoundDate, first_kind: str, second: FoundDate, second_kind: str) -> bool:
    gap = text[first.end : second.start]
    gap = _TIME_AFTER.sub("", gap, count=1) if _TIME_AFTER.match(gap) else gap
    if _RANGE_GAP.match(gap):
        # `1 juni en 1 juli` lists two dates; only `tussen ... en ...` makes a range of it.
        return gap.strip(" *_,").lower() != "en" or first_kind == "between"
    if first_kind in ("from", "start", "between") and second_kind in ("until", "deadline_tot"):
        return len(gap) <= 160
    return False


def _second_kind(text: str, second: FoundDate, window_kind: str, governor_offset: int | None) -> str:
    """Refine `deadline` from a bare `tot` and `en` after `tussen` for range detection."""
    if governor_offset is None:
        return window_kind
    word = text[governor_offset : governor_offset + 12].lower()
    if window_kind == "deadline" and re.match(r"tot(?!\s+uiterlijk)\b", word):
        return "deadline_tot"
    return window_kind


# --- assembling -----------------------------------------------------------------------------


def _clock_time(text: str, end: int) -> str | None:
    match = _TIME_AFTER.match(text[end:])
    return f"{int(match['h']):02d}:{match['m']}" if match else None


def _qualifiers(text: str, spans: list[FoundDate]) -> list[tuple[DateQualifier, str | None]]:
    """Qualifier and range role of each span, in order."""
    kinds: list[tuple[str, int | None]] = []
    for i, found in enumerate(spans):
        previous = spans[i - 1] if i else None
        kind, offset = _base_qualifier(text, found, previous)
        if (
            previous is not None
            and kind == "mention"
            and offset is None
            and _COORDINATION_GAP.match(text[previous.end : found.start])
        ):
            kind, offset = kinds[-1]
        kinds.append((_second_kind(text, found, kind, offset), offset))
    result: list[tuple[DateQualifier, str | None]] = [
        (_final_qualifier(text, kind, offset), None) for kind, offset in kinds
    ]
    for i in range(1, len(spans)):
        if result[i - 1][1] is None and _is_range(text, spans[i - 1], kinds[i - 1][0], spans[i], kinds[i][0]):
            result[i - 1] = ("start", "start")
            result[i] = ("end", "end")
    return result


def _final_qualifier(text: str, kind: str, offset: int | None) -> DateQualifier:
    if kind in ("deadline", "start", "mention"):
        return kind  # type: ignore[return-value]
    if kind in ("until", "deadline_tot"):
        return _until_qualifier(text, offset)
    return "mention"


def iter_dates(text: str) -> Iterator[DateMention]:
    """Yield the calendar dates of one sentence, in text order.

    A date without a stated year has value None and keeps day/month, for `resolve_dates`.
    """
    spans = find_dates(text)
    for found, (qualifier, role) in zip(spans, _qualifiers(text, spans), strict=True):
        surface = text[found.start : found.end]
        after = text[found.end :]
        yield DateMention(
            span=Span(found.start, found.end, surface),
            value=_value(found, found.year),
            granularity=_granularity(found),  # type: ignore[arg-type]
            qualifier=qualifier,
            year_inferred=found.year is None,
            time=_clock_time(text, found.end),
            range_role=role,  # type: ignore[arg-type]
            month=found.month,
            day=found.day,
            quarter=found.quarter,
            recurring=bool(_RECURRING_AFTER.match(after) or _PREVIOUS_YEAR_AFTER.match(after)),
        )


# --- years from context ---------------------------------------------------------------------

_OLD_VALUE = re.compile(rf"\b(?:{alternation(vocab.OLD_VALUE_LABELS)})\b", re.IGNORECASE)
_SENTENCE_YEAR_FRAME = re.compile(rf"^\W*(?:in|sinds|vanaf)\s+(?P<year>{YEAR})\b", re.IGNORECASE)
_CONTEXT_SENTENCES = 3


def _with_year(mention: DateMention, year: int) -> DateMention:
    found = FoundDate(mention.start, mention.end, year, mention.month or 1, mention.day, mention.quarter)
    return replace(mention, value=_value(found, year))


def _year_in_sentence(mention: DateMention, siblings: list[DateMention], text: str) -> int | None:
    """Year from a dated range partner or sibling in the same sentence, or a leading `In 2026`."""
    dated = [m for m in siblings if not m.year_inferred]
    if mention.range_role and dated:
        partners = [m for m in dated if m.range_role and m.start > mention.start] or dated
        return partners[0].value.year if partners[0].value else None
    if dated:
        nearest = min(dated, key=lambda m: abs(m.start - mention.start))
        return nearest.value.year if nearest.value else None
    frame = _SENTENCE_YEAR_FRAME.match(text)
    return int(frame["year"]) if frame else None


def _recurring_year(
    mention: DateMention, text: str, policy_year: int | None, policy_year_end: int | None
) -> int | None:
    """A yearly date takes its first occurrence in the period (ANNOTATION.md Clarifications)."""
    if policy_year is None:
        return None
    first = policy_year if policy_year_end and policy_year_end > policy_year else policy_year - 1
    if _PREVIOUS_YEAR_AFTER.match(text[mention.end :]):
        return policy_year - 1
    return first


def _table_runs(sentences: Sequence[Sentence]) -> dict[int, tuple[int, int]]:
    """Index of each table row → (first, last) index of its contiguous run of table rows."""
    runs: dict[int, tuple[int, int]] = {}
    i = 0
    while i < len(sentences):
        if sentences[i].kind != "table_row":
            i += 1
            continue
        j = i
        while j + 1 < len(sentences) and sentences[j + 1].kind == "table_row":
            j += 1
        for k in range(i, j + 1):
            runs[k] = (i, j)
        i = j + 1
    return runs


def _anchor_year(mentions: list[DateMention], last: bool) -> int | None:
    """Year of the last (or first) mention whose year the text states or marks as yearly."""
    dated = [m for m in mentions if m.value and (not m.year_inferred or m.recurring)]
    if not dated:
        return None
    return (dated[-1] if last else dated[0]).value.year  # type: ignore[union-attr]


def _context_year(
    index: int,
    resolved: list[list[DateMention]],
    found: list[list[DateMention]],
    sentences: Sequence[Sentence],
    runs: dict[int, tuple[int, int]],
) -> int | None:
    """Nearest anchored year in the table run, else in the last few sentences of the section.

    Sentences before `index` are read resolved (a yearly date anchors what follows it);
    later table rows are read as found, so only their stated years count.
    """
    if index in runs:
        first, last = runs[index]
        order = sorted(range(first, last + 1), key=lambda k: (abs(k - index), k > index))
        candidates = [k for k in order if k != index]
    else:
        section = sentences[index].section_id
        candidates = [
            k
            for k in range(index - 1, max(-1, index - 1 - _CONTEXT_SENTENCES), -1)
            if sentences[k].section_id == section
        ]
    for k in candidates:
        year = _anchor_year(resolved[k], last=True) if k < index else _anchor_year(found[k], last=False)
        if year:
            return year
    return None


def _header_qualifiers(row: Sentence, row_dates: list[DateMention]) -> dict[int, DateQualifier]:
    """Column index → qualifier for a header row (no dates) with `Uiterste datum`-like cells."""
    if row_dates or not row.cells:
        return {}
    columns: dict[int, DateQualifier] = {}
    for index, cell in enumerate(row.cells):
        label = " ".join(cell.lower().split())
        for header, qualifier in vocab.COLUMN_HEADER_QUALIFIERS.items():
            if label == header or label.startswith(header + " ") or label.startswith(header + ":"):
                columns[index] = qualifier  # type: ignore[assignment]
    return columns


def _cell_of(row: Sentence, offset: int) -> int | None:
    """Column index of the cell that holds `offset` in the row text, if the cells can be located."""
    if not row.cells:
        return None
    position = 0
    for index, cell in enumerate(row.cells):
        at = row.text.find(cell, position) if cell else -1
        if at < 0:
            continue
        if at <= offset < at + len(cell):
            return index
        position = at + len(cell)
    return None


def _apply_column_headers(
    sentences: Sequence[Sentence], found: list[list[DateMention]], runs: dict[int, tuple[int, int]]
) -> None:
    header_of_run: dict[int, dict[int, DateQualifier]] = {}
    for index, (first, _) in runs.items():
        if first not in header_of_run:
            header_of_run[first] = _header_qualifiers(sentences[first], found[first])
        columns = header_of_run[first]
        if not columns or index == first:
            continue
        found[index] = [_column_qualified(sentences[index], m, columns) for m in found[index]]


def _column_qualified(row: Sentence, mention: DateMention, columns: dict[int, DateQualifier]) -> DateMention:
    if mention.qualifier != "mention" or mention.range_role:
        return mention
    cell = _cell_of(row, mention.start)
    qualifier = (
        columns.get(cell)
        if cell is not None
        else (next(iter(columns.values())) if len(set(columns.values())) == 1 else None)
    )
    return replace(mention, qualifier=qualifier) if qualifier else mention


def resolve_dates(
    doc_id: str,
    sentences: Sequence[Sentence],
    policy_year: int | None,
    policy_year_end: int | None = None,
    found: Sequence[list[DateMention]] | None = None,
) -> list[DateMention]:
    """All dates of a document in reading order, with sentence_id set and missing years inferred.

    Year order: the same sentence (a dated range partner or sibling, a leading `In 2026`),
    a yearly date's first occurrence in the policy period, the table run or the last few
    sentences of the section, else the contracting round (policy_year - 1, or policy_year for a
    date before the round opens; ANNOTATION.md).
    policy_year_end: last contract year of a multi-year policy (`2024-2026` → 2026), else None.
    """
    # `found`: what iter_dates gave per sentence, when a spaCy component already ran it
    found = [list(iter_dates(s.text)) for s in sentences] if found is None else [list(f) for f in found]
    runs = _table_runs(sentences)
    _apply_column_headers(sentences, found, runs)
    resolved: list[list[DateMention]] = []
    for index, (sentence, mentions) in enumerate(zip(sentences, found, strict=True)):
        row: list[DateMention] = []
        for mention in mentions:
            mention = mention.bind(doc_id, sentence.sentence_id)
            if mention.year_inferred:
                year = _infer_year(
                    index, mention, mentions, sentences, resolved, found, runs, policy_year, policy_year_end
                )
                mention = _with_year(mention, year) if year else mention
            row.append(mention)
        resolved.append(row)
    return [m for row in resolved for m in row]


def _infer_year(
    index: int,
    mention: DateMention,
    siblings: list[DateMention],
    sentences: Sequence[Sentence],
    resolved: list[list[DateMention]],
    found: list[list[DateMention]],
    runs: dict[int, tuple[int, int]],
    policy_year: int | None,
    policy_year_end: int | None,
) -> int | None:
    text = sentences[index].text
    if mention.recurring:
        return _recurring_year(mention, text, policy_year, policy_year_end)
    year = (
        _year_in_sentence(mention, siblings, text)
        or _context_year(index, resolved, found, sentences, runs)
        or _round_year(mention, policy_year)
    )
    return year - 1 if year and _is_old_value(text, mention, siblings) else year


def _is_old_value(text: str, mention: DateMention, siblings: list[DateMention]) -> bool:
    """The date is labelled as the old value of a change, since the date before it in the sentence."""
    floor = max((m.end for m in siblings if m.end <= mention.start), default=0)
    return bool(_OLD_VALUE.search(text[floor : mention.start]))


def _round_year(mention: DateMention, policy_year: int | None) -> int | None:
    """The contracting round's year: policy_year - 1 from the policy's publication on, the contract
    year for a date before the round opens (`vocab.ROUND_OPENS_MONTH`)."""
    if policy_year is None:
        return None
    # a quarter always states its year (pipeline/text/dates.py), so only a month can lack one
    early = mention.month is not None and mention.month < vocab.ROUND_OPENS_MONTH
    return policy_year if early else policy_year - 1


def extract_dates(document: Document) -> Document:
    """Stage: the calendar dates of every sentence, with the years the text leaves out inferred."""
    meta = document.metadata
    dates = resolve_dates(document.doc_id, document.sentences, meta.policy_year, meta.policy_year_end)
    return replace(document, records=replace(document.records, dates=dates))
