"""The records extractors and derived tables yield, each with its provenance `Span`.

An extractor reads one sentence's text and yields records whose span has offsets into
that text (`record.text == sentence_text[record.start:record.end]`); the extract stage
binds each span to its document and sentence (`Span.bind`). `pipeline/schema.py` maps
every field of a record to a column of its table, or lists it as internal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Literal

Granularity = Literal["day", "month", "quarter"]
DateQualifier = Literal["deadline", "start", "end", "mention"]
RangeRole = Literal["start", "end"]
Bound = Literal["min", "max"]
TimeUnit = Literal["dag", "werkdag", "week", "maand", "jaar", "uur", "minuut"]
Direction = Literal["within", "after", "before"]
Modality = Literal["obligation", "prohibition", "permission", "expectation"]
Actor = Literal["zorgaanbieder", "zorgverzekeraar", "overig"]
EntitySource = Literal["ruler", "model"]
StepKind = Literal["deadline", "preferred", "start", "end", "event"]


@dataclass(frozen=True)
class Span:
    """Where a record stands: `text` at [start, end) of sentence `sentence_id` of document `doc_id`.

    Until the extract stage binds it, doc_id and sentence_id are None and the offsets index
    the text the extractor was given.
    """

    start: int
    end: int
    text: str
    sentence_id: str | None = None
    doc_id: str | None = None

    def bind(self, doc_id: str, sentence_id: str) -> Span:
        return replace(self, doc_id=doc_id, sentence_id=sentence_id)


@dataclass(frozen=True)
class Spanned:
    """A record with provenance; `text`, `start`, `end` and `sentence_id` read its span."""

    span: Span

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def sentence_id(self) -> str | None:
        return self.span.sentence_id

    def bind(self, doc_id: str, sentence_id: str):  # noqa: ANN201 - returns the record's own type
        return replace(self, span=self.span.bind(doc_id, sentence_id))


@dataclass(frozen=True)
class DateMention(Spanned):
    """A calendar day, month or quarter named in a sentence (ANNOTATION.md: date).

    value: first day of the period; None while the year is unknown (see `resolve_dates`).
    year_inferred: the text does not state the year; it was (or is to be) inferred from context.
    time: clock time attached to the date ("17:00" for "vóór 17.00 uur"), else None.
    range_role: "start"/"end" when the date opens or closes a range, else None.
    month, day, quarter: the stated parts, kept so a missing year can be filled in later.
    recurring: the text marks the date as yearly ("van ieder kalenderjaar").
    """

    value: datetime.date | None
    granularity: Granularity
    qualifier: DateQualifier
    year_inferred: bool
    time: str | None = None
    range_role: RangeRole | None = None
    month: int | None = field(default=None, repr=False)
    day: int | None = field(default=None, repr=False)
    quarter: int | None = field(default=None, repr=False)
    recurring: bool = field(default=False, repr=False)


@dataclass(frozen=True)
class AmountMention(Spanned):
    """A sum of money (ANNOTATION.md: amount); value in currency units (`€ 2,5 mln` → 2500000.0).

    subject: what the amount is about (the noun phrase it belongs to), when found.
    """

    value: float
    currency: str
    per_unit: str | None = None
    bound: Bound | None = None
    subject: str | None = None
    section_title: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class PercentageMention(Spanned):
    """A percentage or percentage point (ANNOTATION.md: percentage); value 25.0 for `25%`."""

    value: float
    bound: Bound | None = None
    subject: str | None = None
    section_title: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class RelativeDeadline(Spanned):
    """A term counted from an event (`binnen 4 weken`, `6 weken na ontvangst van de offerte`)."""

    number: int
    unit: TimeUnit
    direction: Direction
    anchor: str | None = None


@dataclass(frozen=True)
class Obligation(Spanned):
    """A normative sentence (ANNOTATION.md: obligation; CONTRACT: obligations); its span is the sentence.

    trigger: the words of the deciding rule's hit ("" for a context rule).
    action: the verb phrase the norm governs, or None.
    condition: the clause after indien/als/tenzij/mits/..., or None.
    deadline: the deadline the dates extractor found in this sentence, or None.
    rule: name of the deciding rule in obligations.yaml (provenance).
    """

    modality: Modality
    actor: Actor
    trigger: str
    action: str | None
    negated: bool
    condition: str | None
    deadline: datetime.date | None
    rule: str
    section_id: str | None = None


@dataclass(frozen=True)
class Entity(Spanned):
    """A named entity mention: our ruler's domain entities, or a statistical model's."""

    label: str
    canonical: str
    source: EntitySource


@dataclass(frozen=True)
class Deadline(Spanned):
    """A step of the contracting planning (CONTRACT: deadlines); its span is the date, or the sentence."""

    section_id: str | None
    date: datetime.date | None
    time: str | None
    kind: StepKind | None
    qualifier: str | None
    actor: str | None
    action: str | None
    channel: str | None
    group: str | None
    source: str
    relative: str | None = None
    number: int | None = None
    unit: str | None = None
    anchor: str | None = None
    repeated_in: str | None = None
    section_title: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class Requirement(Spanned):
    """An item of a requirement list (CONTRACT: requirements); its span is the item's sentence."""

    section_id: str | None
    section_title: str | None
    provider_kind: str | None
    page: int | None = None


@dataclass(frozen=True)
class Change(Spanned):
    """A row of the insurer's own change table or list."""

    section_id: str | None
    topic: str | None
    old_text: str | None
    new_text: str | None
    year_from: int | None
    year_to: int | None


@dataclass(frozen=True)
class Comparison:
    """A difference between consecutive policies of one series (CONTRACT: comparisons)."""

    series_id: str
    doc_id_old: str
    doc_id_new: str
    year_old: int
    year_new: int
    kind: str
    about: str | None = None
    old_text: str | None = None
    new_text: str | None = None
    old_value: float | None = None
    new_value: float | None = None
    old_date: datetime.date | None = None
    new_date: datetime.date | None = None
    similarity: float | None = None
    missing_years: str | None = None


@dataclass(frozen=True)
class ErrorRow:
    """A document that could not be read (CONTRACT: errors)."""

    source_file: str
    kind: str
    message: str


@dataclass(frozen=True)
class DocumentRow:
    """What a run records about one document (CONTRACT: documents)."""

    doc_id: str
    source_file: str
    insurer: str | None
    care_domain: str | None
    policy_year: int | None
    policy_year_end: int | None
    title: str | None
    updated: datetime.date | None
    series_id: str | None
    format: str | None
    pages: int | None
    text_quality: float | None
    n_sections: int
    n_sentences: int
    nlp_model: str | None
    nlp_model_version: str | None
    pipeline_version: str
    warnings: str | None
