"""The Parquet tables: one place that says what every table and column is, and which record fills it.

Every table is written as `OUT/<name>.parquet` (CONTRACT.md). `TABLES` holds one
`TableSpec` per table: what one row is, each column's Arrow type, nullability and
meaning, and the record type of `pipeline/model/` whose instances are its rows. A
record becomes a row generically (`row_of`): its fields by name, its `span` as
`doc_id`, `sentence_id`, `start`, `end` and `text`, with the renames the spec lists.
A field that is neither a column nor listed as internal is an error, so nothing is
dropped silently (tests/test_schema.py checks every record type). The README's data
dictionary is generated from here (`python -m pipeline dictionary`). Join keys
(`doc_id`, `section_id`, `sentence_id`) have the same name and type in every table.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.model import (
    AmountMention,
    Change,
    Comparison,
    DateMention,
    Deadline,
    DocumentRow,
    Entity,
    ErrorRow,
    Footnote,
    Obligation,
    PercentageMention,
    RelativeDeadline,
    Requirement,
    Section,
    Sentence,
    Span,
)

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class TableSpec:
    """A table: its rows' record type, and how record fields map to columns.

    renames: record field → column name (`Section.order` is the `ordinal` column).
    internal: record fields that are deliberately not stored (working state of an extractor).
    """

    name: str
    row: str
    columns: tuple[Column, ...]
    record: type
    per_document: bool = True
    renames: Mapping[str, str] = field(default_factory=dict)
    internal: frozenset[str] = frozenset()

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _col(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> Column:
    return Column(name, type_, description, nullable)


S, I32, F64, B, D32 = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()

DOC_ID_HEX = 16  # the doc_id: this many hex digits of the SHA-256 of the file's bytes


def content_doc_id(path: Path) -> str:
    """The stable document id: a prefix of the SHA-256 of the file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:DOC_ID_HEX]


DOC_ID = _col(
    "doc_id",
    S,
    f"Stable id of the document: the first {DOC_ID_HEX} hex digits of the SHA-256 of its bytes.",
    False,
)
SECTION_ID = _col(
    "section_id",
    S,
    "Id of the section the row stands in (`<doc_id>-s<NNNN>`); null before the first heading.",
)
SENTENCE_ID = _col("sentence_id", S, "Id of the sentence (`<doc_id>-<NNNNN>`), in reading order.", False)
TEXT = _col("text", S, "Surface form as it stands in the sentence.")
START = _col("start", I32, "Character offset of `text` in the sentence.")
END = _col("end", I32, "Character offset just after `text` in the sentence.")
SUBJECT = _col("subject", S, "What the number is about: the noun phrase it belongs to (`omzetdrempel ZBC`).")
SECTION_TITLE = _col("section_title", S, "Title of the section the row stands in.")
PAGE = _col("page", I32, "Page number (PDF only).")

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in [
        TableSpec(
            "documents",
            "source document",
            (
                DOC_ID,
                _col("source_file", S, "File name inside the raw folder.", False),
                _col(
                    "insurer",
                    S,
                    "Canonical group name of the publishing insurer (VGZ, CZ, Zilveren Kruis, ...).",
                ),
                _col("care_domain", S, "Care domain in lower case, as the title states it."),
                _col("policy_year", I32, "First contract year the policy is for (not the publication year)."),
                _col(
                    "policy_year_end", I32, "Last contract year (equal to policy_year for a one-year policy)."
                ),
                _col("title", S, "Title of the policy (cover text or first title line)."),
                _col("updated", D32, "Last-update date stated in the document, if any."),
                _col("series_id", S, "Id shared by the documents of one insurer and care domain."),
                _col("format", S, "Input format: pdf, txt, md or html."),
                _col("pages", I32, "Number of pages (PDF only)."),
                _col(
                    "text_quality", F64, "Share of word tokens that are known Dutch words or numbers (0-1)."
                ),
                _col("n_sections", I32, "Number of headings found."),
                _col("n_sentences", I32, "Number of sentences."),
                _col(
                    "nlp_model",
                    S,
                    "spaCy pipeline that ran: a model name, or `blank_nl` for the rule-only fallback.",
                ),
                _col("nlp_model_version", S, "Version of that spaCy pipeline."),
                _col("pipeline_version", S, "Version of this package that produced the rows."),
                _col(
                    "warnings", S, "Reader warnings joined with ` | ` (encoding guessed, garbled text, ...)."
                ),
            ),
            record=DocumentRow,
        ),
        TableSpec(
            "sections",
            "heading",
            (
                DOC_ID,
                _col("section_id", S, "Id of the heading (`<doc_id>-s<NNNN>`).", False),
                _col("parent_id", S, "section_id of the enclosing heading; null at top level."),
                _col("level", I32, "1 for chapters, 2 for their subsections, and so on.", False),
                _col("number", S, "The heading's own numbering as printed (`2.2.1`), null when unnumbered."),
                _col("title", S, "Heading text without its number, on one line.", False),
                _col("page", I32, "Page number (PDF only)."),
                _col("ordinal", I32, "Position of the heading in reading order (0-based)."),
            ),
            record=Section,
            renames={"order": "ordinal"},
        ),
        TableSpec(
            "sentences",
            "sentence",
            (
                DOC_ID,
                SENTENCE_ID,
                SECTION_ID,
                _col("text", S, "The sentence on one line, hyphenation and line breaks undone.", False),
                _col("kind", S, "body, list_item, table_row, heading, toc or footnote."),
                _col("page", I32, "Page number (PDF only)."),
                _col("start", I32, "Character offset of the sentence in the document's clean text."),
                _col("end", I32, "Character offset just after the sentence in the clean text."),
            ),
            record=Sentence,
            internal=frozenset({"cells"}),
        ),
        TableSpec(
            "dates",
            "calendar date mention",
            (
                DOC_ID,
                SENTENCE_ID,
                TEXT,
                _col("value", D32, "First day of the day, month or quarter mentioned."),
                _col("granularity", S, "day, month or quarter."),
                _col("qualifier", S, "deadline, start, end or mention (eval/ANNOTATION.md)."),
                _col("time", S, "Clock time attached to the date (`17:00`), if any."),
                _col("year_inferred", B, "True when the year was not written and was inferred from context."),
                START,
                END,
            ),
            record=DateMention,
            internal=frozenset({"range_role", "month", "day", "quarter", "recurring"}),
        ),
        TableSpec(
            "relative_deadlines",
            "deadline relative to an event (`binnen 4 weken na ...`)",
            (
                DOC_ID,
                SENTENCE_ID,
                TEXT,
                _col("number", I32, "How many units."),
                _col("unit", S, "dag, werkdag, week, maand, jaar, uur or minuut."),
                _col("direction", S, "within, after or before."),
                _col("anchor", S, "The anchoring event (`ontvangst van de offerte`), if stated."),
                START,
                END,
            ),
            record=RelativeDeadline,
        ),
        TableSpec(
            "amounts",
            "money mention",
            (
                DOC_ID,
                SENTENCE_ID,
                TEXT,
                _col("value", F64, "Amount in currency units (`€ 2,5 mln` is 2500000.0)."),
                _col("currency", S, "ISO 4217 code."),
                _col(
                    "per_unit", S, "What the amount is per (`per consult`, `per jaar`), if stated after it."
                ),
                _col("bound", S, "min or max when the text bounds it (`minimaal`, `maximaal`)."),
                START,
                END,
                SUBJECT,
                SECTION_TITLE,
                PAGE,
            ),
            record=AmountMention,
        ),
        TableSpec(
            "percentages",
            "percentage mention",
            (
                DOC_ID,
                SENTENCE_ID,
                TEXT,
                _col("value", F64, "The number before the percent sign (25 for 25%)."),
                _col("bound", S, "min or max when the text bounds it."),
                START,
                END,
                SUBJECT,
                SECTION_TITLE,
                PAGE,
            ),
            record=PercentageMention,
        ),
        TableSpec(
            "obligations",
            "normative sentence",
            (
                DOC_ID,
                SENTENCE_ID,
                _col("sentence", S, "The sentence text.", False),
                _col("modality", S, "obligation, prohibition, permission or expectation.", False),
                _col("actor", S, "zorgaanbieder, zorgverzekeraar or overig."),
                _col("trigger", S, "The words that carry the norm (`moet`, `uiterlijk`, ...)."),
                _col("action", S, "What must (not) or may be done, roughly."),
                _col("negated", B, "True when the norm is negated."),
                _col("condition", S, "The condition clause (`indien ...`, `tenzij ...`), if any."),
                _col("deadline", D32, "The deadline date stated in the same sentence, if any."),
                SECTION_ID,
                _col("rule", S, "Name of the deciding rule in pipeline/vocab/obligations.yaml (provenance)."),
            ),
            record=Obligation,
            renames={"text": "sentence"},
            internal=frozenset({"start", "end"}),
        ),
        TableSpec(
            "entities",
            "named entity mention",
            (
                DOC_ID,
                SENTENCE_ID,
                TEXT,
                _col(
                    "label",
                    S,
                    "INSURER, REGULATOR, BRANCH_ORG, LAW, AGREEMENT, PORTAL or a model label (ORG, PER).",
                ),
                _col("canonical", S, "Canonical form (`Coöperatie VGZ` is VGZ)."),
                _col("source", S, "ruler (our vocabulary) or model (the statistical NER)."),
                START,
                END,
            ),
            record=Entity,
        ),
        TableSpec(
            "footnotes",
            "footnote",
            (
                DOC_ID,
                _col("page", I32, "Page the footnote stands on."),
                _col("mark", S, "The footnote mark (`6`)."),
                _col("text", S, "The footnote text."),
            ),
            record=Footnote,
        ),
        TableSpec(
            "deadlines",
            "step of the contracting planning (who must do what by when, for which group)",
            (
                DOC_ID,
                SENTENCE_ID,
                SECTION_ID,
                _col("date", D32, "The date of the step; null for a step whose timing is relative."),
                _col("time", S, "Clock time (`17:00`, Europe/Amsterdam), if stated."),
                _col(
                    "kind",
                    S,
                    "deadline (no later than), preferred (a soft, earlier target), start, end or event.",
                ),
                _col("qualifier", S, "Qualifier of the date as in `dates`: deadline, start, end or mention."),
                _col("relative", S, "The relative timing as written (`6 weken na ontvangst`)."),
                _col("number", I32, "How many units, for a relative step."),
                _col("unit", S, "dag, werkdag, week, maand, jaar, uur or minuut, for a relative step."),
                _col("anchor", S, "The event a relative step counts from, if stated."),
                _col("actor", S, "zorgaanbieder, zorgverzekeraar or overig."),
                _col("action", S, "The step in a few words, as the row or sentence says it."),
                _col("channel", S, "Where the step happens (VECOZO, e-mail, website, portal), if stated."),
                _col("group", S, "Whom the planning is for (`ZBC's`); null for a single planning."),
                _col("source", S, "table (a planning table row) or sentence."),
                _col("repeated_in", S, "sentence_id of a sentence that repeats this table step, if any."),
                SECTION_TITLE,
                PAGE,
            ),
            record=Deadline,
            internal=frozenset({"start", "end", "text"}),
        ),
        TableSpec(
            "requirements",
            "item of a requirement list (minimumeisen, voorwaarden, criteria, exclusion grounds)",
            (
                DOC_ID,
                SENTENCE_ID,
                SECTION_ID,
                _col("section_title", S, "Title of the section the list stands in."),
                _col(
                    "text",
                    S,
                    "The item verbatim: a bullet or table row with all its sentences, or a requirement "
                    "sentence of the list's section.",
                    False,
                ),
                _col(
                    "provider_kind",
                    S,
                    "The kind of provider the list is for (ZBC, ziekenhuis, EDC, ...) or the provider's "
                    "status (nieuwe zorgaanbieder); null when it is for all providers.",
                ),
                PAGE,
            ),
            record=Requirement,
            internal=frozenset({"start", "end"}),
        ),
        TableSpec(
            "changes",
            "row of the insurer's own change table or list",
            (
                DOC_ID,
                SENTENCE_ID,
                SECTION_ID,
                _col("topic", S, "What changed."),
                _col("old_text", S, "The old wording or value, if stated."),
                _col("new_text", S, "The new wording or value, if stated."),
                _col("year_from", I32, "The year changed from."),
                _col("year_to", I32, "The year changed to (the policy year)."),
            ),
            record=Change,
            internal=frozenset({"start", "end", "text"}),
        ),
        TableSpec(
            "comparisons",
            "difference between consecutive policies of one series",
            (
                _col("series_id", S, "The series compared.", False),
                _col("doc_id_old", S, "Document of the earlier year."),
                _col("doc_id_new", S, "Document of the later year."),
                _col("year_old", I32, "Policy year of the earlier document."),
                _col("year_new", I32, "Policy year of the later document."),
                _col(
                    "kind",
                    S,
                    "deadline_moved, step_added, step_removed, requirement_added (also a requirement changed "
                    "in substance: old_text holds the text it replaces), requirement_removed, amount_changed "
                    "or percentage_changed. Rewording alone is no change.",
                ),
                _col(
                    "about",
                    S,
                    "What the change is about: the step's action, the requirement's list and first words, "
                    "the number's subject.",
                ),
                _col("old_text", S, "The earlier text or value."),
                _col("new_text", S, "The later text or value."),
                _col("old_value", F64, "Earlier number (amount, percentage) where relevant."),
                _col("new_value", F64, "Later number where relevant."),
                _col("old_date", D32, "Earlier date of a moved or removed step."),
                _col("new_date", D32, "Later date of a moved or added step."),
                _col("similarity", F64, "Similarity of the matched texts (0-100)."),
                _col(
                    "missing_years",
                    S,
                    "Policy years between the two documents that the run has no policy for (`2024, 2025`).",
                ),
            ),
            record=Comparison,
            per_document=False,
        ),
        TableSpec(
            "errors",
            "document that could not be read",
            (
                _col("source_file", S, "File name inside the raw folder.", False),
                _col(
                    "kind",
                    S,
                    "empty, corrupt, encrypted, no_text_layer, encoding, language, unsupported, internal.",
                    False,
                ),
                _col("message", S, "What went wrong, in one line.", False),
            ),
            record=ErrorRow,
            per_document=False,
        ),
    ]
}


SPAN_FIELDS = tuple(f.name for f in dataclasses.fields(Span))


def record_fields(record_type: type) -> list[str]:
    """A record type's field names as a row sees them: a `span` field stands for its own fields."""
    names: list[str] = []
    for f in dataclasses.fields(record_type):
        names.extend(SPAN_FIELDS if f.name == "span" else [f.name])
    return names


def unmapped_fields(spec: TableSpec) -> list[str]:
    """Record fields that are neither a column (after renames) nor listed as internal."""
    columns = set(spec.column_names)
    return [
        name
        for name in record_fields(spec.record)
        if name not in spec.internal and spec.renames.get(name, name) not in columns
    ]


def row_of(spec: TableSpec, record: Any, doc_id: str | None = None) -> dict[str, Any]:
    """One record as a row of its table; `doc_id` fills in where the record does not carry one."""
    if not isinstance(record, spec.record):
        raise TypeError(f"table {spec.name}: expected {spec.record.__name__}, got {type(record).__name__}")
    values: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, Span):
            values.update((name, getattr(value, name)) for name in SPAN_FIELDS)
        else:
            values[f.name] = value
    if values.get("doc_id") is None and doc_id is not None:
        values["doc_id"] = doc_id
    return {spec.renames.get(k, k): v for k, v in values.items() if k not in spec.internal}


def to_arrow(name: str, records: Iterable[Any], doc_id: str | None = None) -> pa.Table:
    """Records as an Arrow table of `name`'s schema.

    Raises ValueError for a record field the schema lacks, a null in a required column or a value
    of the wrong type.
    """
    spec = TABLES[name]
    unmapped = unmapped_fields(spec)
    if unmapped:
        raise ValueError(f"table {name}: record fields {unmapped} are neither columns nor internal")
    rows = [row_of(spec, r, doc_id) for r in records]
    missing = [c.name for c in spec.columns if not c.nullable and any(r.get(c.name) is None for r in rows)]
    if missing:
        raise ValueError(f"table {name}: null in non-nullable columns {missing}")
    try:
        return pa.Table.from_pylist(rows, schema=spec.schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as e:
        raise ValueError(f"table {name}: {e}") from e


def data_dictionary_markdown() -> str:
    """The README's data dictionary, generated from TABLES."""
    parts = []
    for spec in TABLES.values():
        parts.append(f"### `{spec.name}` (one row per {spec.row})\n")
        parts.append("| column | type | null | meaning |\n|---|---|---|---|")
        for c in spec.columns:
            parts.append(f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {c.description} |")
        parts.append("")
    return "\n".join(parts)
