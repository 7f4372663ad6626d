"""What a brief says, independent of its format: one model for HTML, Markdown and the workbook.

`build_briefs(tables, today)` turns a run's records into one `PolicyBrief` per
policy: its planning steps (repeated statements merged, per provider group,
dated before relative), its requirements per provider kind, its thresholds, the
changes since the previous policy of its series and the years the series misses,
and the numbered sources every row links to. `build_season` collects the hard
provider deadlines of several briefs in date order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pipeline.deliver import labels
from pipeline.deliver.steps import merge_repeated, normalised_action
from pipeline.deliver.tables import Record, Tables

SHORT_SECTION = 28  # characters of a section title shown beside a source number


@dataclass(frozen=True)
class Source:
    """A sentence a row comes from, numbered in the order a brief first cites it."""

    number: int
    sentence_id: str
    page: int | None
    section: str
    text: str

    @property
    def anchor(self) -> str:
        return f"bron-{self.number}"

    @property
    def where(self) -> str:
        """`p. 12 · 2.3 Planning`: the page (PDF) and the section."""
        page = f"{labels.text('page_short')} {self.page}" if self.page is not None else ""
        return " · ".join(part for part in (page, self.section) if part)

    @property
    def short_where(self) -> str:
        """`p. 12`, else the section's number, else its title cut short."""
        if self.page is not None:
            return f"{labels.text('page_short')} {self.page}"
        first = self.section.split(" ", 1)[0]
        if first[:1].isdigit():
            return first
        return self.section if len(self.section) <= SHORT_SECTION else self.section[: SHORT_SECTION - 1] + "…"


@dataclass(frozen=True)
class Policy:
    doc_id: str
    insurer: str | None
    care_domain: str | None
    policy_year: int | None
    policy_year_end: int | None
    title: str | None
    updated: date | None
    source_file: str
    series_id: str | None
    pages: int | None

    @property
    def years(self) -> str:
        return labels.years(self.policy_year, self.policy_year_end)

    @property
    def label(self) -> str:
        """`VGZ MSZ 2027`."""
        parts = (self.insurer, labels.care_domain_short(self.care_domain), self.years)
        return " ".join(p for p in parts if p) or self.source_file

    @property
    def file_stem(self) -> str:
        domain = labels.care_domain_short(self.care_domain)
        return labels.slug(self.insurer, domain, self.years, self.doc_id[:6])

    @property
    def last_year(self) -> int | None:
        return self.policy_year_end or self.policy_year


@dataclass(frozen=True)
class Step:
    policy: Policy
    date: date | None
    time: str | None
    kind: str
    actor: str | None
    action: str
    channel: str | None
    group: str | None
    relative: str | None
    sources: tuple[Source, ...]

    @property
    def source(self) -> Source | None:
        return self.sources[0] if self.sources else None

    @property
    def is_hard_provider_deadline(self) -> bool:
        return self.kind == "deadline" and self.actor == "zorgaanbieder" and self.date is not None

    @property
    def when(self) -> str:
        """`16 september 2026, 17:00 uur`, or the relative timing as written."""
        if self.date is None:
            return self.relative or ""
        return ", ".join(p for p in (labels.long_date(self.date), labels.clock(self.time)) if p)

    @property
    def kind_label(self) -> str:
        return labels.step_kind(self.kind)

    @property
    def actor_label(self) -> str:
        return labels.actor(self.actor)


@dataclass(frozen=True)
class Requirement:
    text: str
    provider_kind: str | None
    section_title: str | None
    source: Source | None


@dataclass(frozen=True)
class Threshold:
    kind: str  # amount or percentage
    value: float | None
    bound: str | None
    per_unit: str | None
    subject: str | None
    text: str | None
    section_title: str | None
    source: Source | None

    @property
    def shown_value(self) -> str:
        if self.value is None:
            return self.text or ""
        return labels.euro(self.value) if self.kind == "amount" else labels.percent(self.value)

    @property
    def kind_label(self) -> str:
        return labels.threshold_kind(self.kind)

    @property
    def bound_label(self) -> str:
        return labels.bound(self.bound)


@dataclass(frozen=True)
class Change:
    kind: str
    about: str | None
    old_text: str | None
    new_text: str | None
    old_value: float | None
    new_value: float | None
    old_date: date | None
    new_date: date | None
    source: Source | None

    @property
    def kind_label(self) -> str:
        return labels.change_kind(self.kind)

    @property
    def old(self) -> str:
        return self.shown(self.old_text, self.old_value, self.old_date)

    @property
    def new(self) -> str:
        return self.shown(self.new_text, self.new_value, self.new_date)

    def shown(self, text: str | None, value: float | None, day: date | None) -> str:
        if day is not None:
            return labels.long_date(day) + (f" – {text}" if text and self.kind != "deadline_moved" else "")
        if value is not None and not text:
            return labels.percent(value) if self.kind == "percentage_changed" else labels.euro(value)
        return text or ""


@dataclass(frozen=True)
class InsurerChange:
    """A row of the insurer's own list of changes."""

    topic: str | None
    old_text: str | None
    new_text: str | None
    source: Source | None


@dataclass
class PolicyBrief:
    policy: Policy
    today: date
    steps: list[Step]
    requirements: list[Requirement]
    thresholds: list[Threshold]
    previous: Policy | None
    series: list[Policy]
    missing_years: list[int]
    changes: list[Change]
    insurer_changes: list[InsurerChange]
    sources: list[Source]

    @property
    def groups(self) -> list[tuple[str | None, list[Step]]]:
        """The steps per provider group (one planning: one group `None`), each dated first, by date."""
        order: dict[str | None, list[Step]] = {}
        for step in self.steps:
            order.setdefault(step.group, []).append(step)
        return sorted(order.items(), key=lambda item: item[0] is not None)

    @property
    def timeline(self) -> list[tuple[str, list[Step]]]:
        """The dated steps by month (`september 2026`), in date order."""
        months: dict[str, list[Step]] = {}
        for step in sorted((s for s in self.steps if s.date), key=step_order):
            months.setdefault(labels.month(step.date), []).append(step)
        return list(months.items())

    @property
    def undated(self) -> list[Step]:
        return [s for s in self.steps if s.date is None]

    @property
    def requirement_groups(self) -> list[tuple[str | None, list[Requirement]]]:
        """Requirements per provider kind; those for every provider first."""
        kinds: dict[str | None, list[Requirement]] = {}
        for requirement in self.requirements:
            kinds.setdefault(requirement.provider_kind, []).append(requirement)
        return sorted(kinds.items(), key=lambda item: item[0] is not None)

    @property
    def next_deadline(self) -> Step | None:
        upcoming = [s for s in self.steps if s.is_hard_provider_deadline and s.date >= self.today]
        return min(upcoming, key=step_order, default=None)

    @property
    def hard_provider_deadlines(self) -> list[Step]:
        return sorted((s for s in self.steps if s.is_hard_provider_deadline), key=step_order)


@dataclass
class SeasonOverview:
    today: date
    briefs: list[PolicyBrief]
    deadlines: list[Step] = field(default_factory=list)

    @property
    def upcoming(self) -> list[Step]:
        return [s for s in self.deadlines if s.date >= self.today]

    @property
    def past(self) -> list[Step]:
        return [s for s in self.deadlines if s.date < self.today]

    @staticmethod
    def months(steps: list[Step]) -> list[tuple[str, list[Step]]]:
        """Steps by month (`september 2026`), keeping their order."""
        months: dict[str, list[Step]] = {}
        for step in steps:
            months.setdefault(labels.month(step.date), []).append(step)
        return list(months.items())


def step_order(step: Step) -> tuple:
    return (step.date or date.max, step.time or "", step.source.sentence_id if step.source else "")


class SourceBook:
    """Numbers the sentences a brief cites, in the order it first cites them."""

    def __init__(self, sentences: dict[str, Record], sections: dict[str, Record]) -> None:
        self.sentences = sentences
        self.sections = sections
        self.cited: dict[str, Source] = {}

    def cite(self, sentence_id: str | None) -> Source | None:
        if not sentence_id or sentence_id not in self.sentences:
            return None
        if sentence_id not in self.cited:
            sentence = self.sentences[sentence_id]
            self.cited[sentence_id] = Source(
                number=len(self.cited) + 1,
                sentence_id=sentence_id,
                page=sentence.get("page"),
                section=self.section_name(sentence.get("section_id")),
                text=sentence["text"],
            )
        return self.cited[sentence_id]

    def section_name(self, section_id: str | None) -> str:
        section = self.sections.get(section_id or "")
        if not section:
            return ""
        return " ".join(p for p in (section.get("number"), section.get("title")) if p)

    @property
    def sources(self) -> list[Source]:
        return list(self.cited.values())


class RunIndex:
    """The records of a run, indexed by document, for building briefs."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.policies = {r["doc_id"]: policy(r) for r in tables.documents}
        self.sentences = {r["sentence_id"]: r for r in tables.sentences}
        self.sections = {r["section_id"]: r for r in tables.sections}
        self.by_document: dict[str, dict[str, list[Record]]] = {}
        self.words: dict[str, dict[str, str]] = {}

    def rows(self, table: str, doc_id: str) -> list[Record]:
        """The rows of `table` for one document, in reading order."""
        if table not in self.by_document:
            grouped: dict[str, list[Record]] = {}
            for row in getattr(self.tables, table):
                grouped.setdefault(row["doc_id"], []).append(row)
            for rows in grouped.values():
                rows.sort(key=lambda r: (r.get("sentence_id") or "", r.get("start") or 0))
            self.by_document[table] = grouped
        return self.by_document[table].get(doc_id, [])

    def sentence_words(self, doc_id: str) -> dict[str, str]:
        """sentence_id -> the sentence's words in lower case, for finding a text in a document."""
        if doc_id not in self.words:
            rows = self.rows("sentences", doc_id)
            self.words[doc_id] = {r["sentence_id"]: normalised_action(r["text"]) for r in rows}
        return self.words[doc_id]


def policy(row: Record) -> Policy:
    return Policy(
        doc_id=row["doc_id"],
        insurer=row.get("insurer"),
        care_domain=row.get("care_domain"),
        policy_year=row.get("policy_year"),
        policy_year_end=row.get("policy_year_end"),
        title=row.get("title"),
        updated=row.get("updated"),
        source_file=row["source_file"],
        series_id=row.get("series_id"),
        pages=row.get("pages"),
    )


def policy_order(p: Policy) -> tuple:
    return (p.insurer or "~", p.care_domain or "~", p.policy_year or 0, p.doc_id)


def build_briefs(tables: Tables, today: date, doc_ids: Iterable[str] | None = None) -> list[PolicyBrief]:
    """One brief per policy of the run (or per listed doc_id), in insurer, domain and year order."""
    index = RunIndex(tables)
    wanted = set(doc_ids) if doc_ids is not None else set(index.policies)
    chosen = sorted((p for d, p in index.policies.items() if d in wanted), key=policy_order)
    return [build_brief(index, p, today) for p in chosen]


def build_brief(index: RunIndex, policy: Policy, today: date) -> PolicyBrief:
    book = SourceBook(index.sentences, index.sections)
    steps = planning_steps(index, policy, book)
    requirements = [
        Requirement(r["text"], r.get("provider_kind"), r.get("section_title"), book.cite(r["sentence_id"]))
        for r in index.rows("requirements", policy.doc_id)
    ]
    thresholds = threshold_rows(index, policy.doc_id, book)
    series = series_of(index, policy)
    previous = previous_policy(series, policy)
    changes = change_rows(index, policy, book)
    insurer_changes = [
        InsurerChange(r.get("topic"), r.get("old_text"), r.get("new_text"), book.cite(r["sentence_id"]))
        for r in index.rows("changes", policy.doc_id)
    ]
    return PolicyBrief(
        policy=policy,
        today=today,
        steps=steps,
        requirements=requirements,
        thresholds=thresholds,
        previous=previous,
        series=series,
        missing_years=missing_years(index, policy, previous, series),
        changes=changes,
        insurer_changes=insurer_changes,
        sources=book.sources,
    )


def planning_steps(index: RunIndex, policy: Policy, book: SourceBook) -> list[Step]:
    """The policy's steps, statements of one step merged, per group: dated by date, then relative."""
    rows = index.rows("deadlines", policy.doc_id)
    merged = merge_repeated(rows, key=lambda r: (r["group"], r["date"], r["time"], r["kind"], r["actor"]))
    steps = [step(index, policy, repeats, book) for repeats in merged]
    return sorted(steps, key=lambda s: (s.date is None, *step_order(s)))


def step(index: RunIndex, policy: Policy, repeats: list[Record], book: SourceBook) -> Step:
    first = repeats[0]
    cited = [first["sentence_id"], *(r["sentence_id"] for r in repeats[1:]), first.get("repeated_in")]
    sources = tuple(dict.fromkeys(s for s in (book.cite(c) for c in cited) if s))
    sentence = index.sentences.get(first["sentence_id"], {})
    return Step(
        policy=policy,
        date=first.get("date"),
        time=first.get("time"),
        kind=first.get("kind") or "event",
        actor=first.get("actor"),
        action=first.get("action") or sentence.get("text", ""),
        channel=first.get("channel"),
        group=first.get("group"),
        relative=first.get("relative") or relative_text(first),
        sources=sources,
    )


def relative_text(row: Record) -> str | None:
    """`6 weken na ontvangst van de offerte` from number, unit and anchor when the text is missing."""
    if row.get("number") is None or not row.get("unit"):
        return None
    words = [str(row["number"]), labels.unit(row["unit"], row["number"])]
    if row.get("anchor"):
        words += ["na", row["anchor"]]
    return " ".join(words)


def threshold_rows(index: RunIndex, doc_id: str, book: SourceBook) -> list[Threshold]:
    rows = [("amount", r) for r in index.rows("amounts", doc_id)]
    rows += [("percentage", r) for r in index.rows("percentages", doc_id)]
    rows.sort(key=lambda item: (item[1]["sentence_id"], item[1].get("start") or 0))
    return [
        Threshold(
            kind=kind,
            value=r.get("value"),
            bound=r.get("bound"),
            per_unit=r.get("per_unit"),
            subject=r.get("subject"),
            text=r.get("text"),
            section_title=r.get("section_title"),
            source=book.cite(r["sentence_id"]),
        )
        for kind, r in rows
    ]


def series_of(index: RunIndex, policy: Policy) -> list[Policy]:
    if not policy.series_id:
        return [policy]
    members = [p for p in index.policies.values() if p.series_id == policy.series_id]
    return sorted(members, key=lambda p: (p.policy_year or 0, p.doc_id))


def previous_policy(series: list[Policy], policy: Policy) -> Policy | None:
    earlier = [p for p in series if p.policy_year is not None and p.policy_year < (policy.policy_year or 0)]
    return earlier[-1] if earlier else None


def missing_years(
    index: RunIndex, policy: Policy, previous: Policy | None, series: list[Policy]
) -> list[int]:
    """Policy years between the previous policy and this one that the run has no policy for."""
    stated = {
        r["missing_years"]
        for r in index.tables.comparisons
        if r.get("doc_id_new") == policy.doc_id and r.get("missing_years")
    }
    if stated:
        return sorted({int(y) for text in stated for y in text.replace(",", " ").split() if y.isdigit()})
    if previous is None or previous.last_year is None or policy.policy_year is None:
        return []
    covered = {y for p in series if p.policy_year for y in range(p.policy_year, (p.last_year or 0) + 1)}
    return [y for y in range(previous.last_year + 1, policy.policy_year) if y not in covered]


def change_rows(index: RunIndex, policy: Policy, book: SourceBook) -> list[Change]:
    rows = [r for r in index.tables.comparisons if r.get("doc_id_new") == policy.doc_id]
    return [
        Change(
            kind=r["kind"],
            about=r.get("about"),
            old_text=r.get("old_text"),
            new_text=r.get("new_text"),
            old_value=r.get("old_value"),
            new_value=r.get("new_value"),
            old_date=r.get("old_date"),
            new_date=r.get("new_date"),
            source=book.cite(change_sentence(index, r)),
        )
        for r in rows
    ]


def change_sentence(index: RunIndex, row: Record) -> str | None:
    """The sentence a change stands in: the new text in the new policy, else the old text in the old one."""
    looked_for = [(row.get("doc_id_new"), row.get("new_text")), (row.get("doc_id_new"), row.get("about"))]
    looked_for.append((row.get("doc_id_old"), row.get("old_text")))
    for doc_id, text in looked_for:
        found = sentence_with(index, doc_id, text, hint=row.get("about"))
        if found:
            return found
    return None


def sentence_with(index: RunIndex, doc_id: str | None, text: str | None, hint: str | None) -> str | None:
    """The sentence of `doc_id` that is or contains `text` (preferring one that also names `hint`)."""
    wanted = normalised_action(text)
    if not doc_id or not wanted:
        return None
    words_of = index.sentence_words(doc_id)
    hits = [sid for sid, words in words_of.items() if f" {wanted} " in f" {words} "]
    hint_words = normalised_action(hint)
    with_hint = [sid for sid in hits if hint_words and hint_words in words_of[sid]]
    return (with_hint or hits or [None])[0]


def build_season(briefs: list[PolicyBrief], today: date) -> SeasonOverview:
    deadlines = [s for b in briefs for s in b.hard_provider_deadlines]
    deadlines.sort(key=lambda s: (*step_order(s), s.policy.label))
    return SeasonOverview(today=today, briefs=briefs, deadlines=deadlines)
