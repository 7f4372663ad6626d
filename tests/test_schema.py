"""The schema module is the single source of truth for every table (STYLE.md pattern 4)."""

from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from pipeline.model import ErrorRow, Footnote, Obligation, PercentageMention, Span
from pipeline.schema import TABLES, data_dictionary_markdown, to_arrow, unmapped_fields

CONTRACT_COLUMNS = {
    "documents": {
        "doc_id": pa.string(),
        "source_file": pa.string(),
        "insurer": pa.string(),
        "care_domain": pa.string(),
        "policy_year": pa.int32(),
        "title": pa.string(),
    },
    "sections": {
        "doc_id": pa.string(),
        "section_id": pa.string(),
        "parent_id": pa.string(),
        "level": pa.int32(),
        "number": pa.string(),
        "title": pa.string(),
    },
    "sentences": {
        "doc_id": pa.string(),
        "sentence_id": pa.string(),
        "section_id": pa.string(),
        "text": pa.string(),
    },
    "dates": {
        "doc_id": pa.string(),
        "sentence_id": pa.string(),
        "text": pa.string(),
        "value": pa.date32(),
        "granularity": pa.string(),
        "qualifier": pa.string(),
    },
    "amounts": {
        "doc_id": pa.string(),
        "sentence_id": pa.string(),
        "text": pa.string(),
        "value": pa.float64(),
        "currency": pa.string(),
    },
    "percentages": {
        "doc_id": pa.string(),
        "sentence_id": pa.string(),
        "text": pa.string(),
        "value": pa.float64(),
    },
    "errors": {"source_file": pa.string(), "kind": pa.string(), "message": pa.string()},
    "obligations": {
        "doc_id": pa.string(),
        "sentence_id": pa.string(),
        "sentence": pa.string(),
        "modality": pa.string(),
        "actor": pa.string(),
    },
}


@pytest.mark.parametrize("table", sorted(CONTRACT_COLUMNS))
def test_schema_keeps_contract_columns(table: str) -> None:
    schema = TABLES[table].schema
    for name, type_ in CONTRACT_COLUMNS[table].items():
        assert schema.field(name).type == type_, f"{table}.{name}"


def test_schema_join_keys_are_consistent() -> None:
    for key in ("doc_id", "section_id", "sentence_id"):
        types = {
            spec.name: spec.schema.field(key).type for spec in TABLES.values() if key in spec.column_names
        }
        assert set(types.values()) == {pa.string()}, (key, types)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_schema_every_record_field_is_a_column_or_internal(table: str) -> None:
    assert unmapped_fields(TABLES[table]) == []


def test_schema_rejects_a_record_field_that_is_no_column() -> None:
    spec = TABLES["errors"]
    with_extra = dataclasses.make_dataclass("Extra", [("extra", int)], bases=(ErrorRow,), frozen=True)
    broken = dataclasses.replace(spec, record=with_extra)
    assert unmapped_fields(broken) == ["extra"]


def test_schema_rejects_a_null_in_a_required_column() -> None:
    with pytest.raises(ValueError, match="non-nullable"):
        to_arrow("errors", [ErrorRow("a.pdf", "corrupt", None)])  # type: ignore[arg-type]


def test_schema_rejects_a_record_of_another_table() -> None:
    with pytest.raises(TypeError, match="expected ErrorRow"):
        to_arrow("errors", [Footnote(1, "1", "voetnoot")])


def test_schema_span_fields_become_columns() -> None:
    span = Span(3, 7, "25%", "d-00001", "d")
    (row,) = to_arrow("percentages", [PercentageMention(span, 25.0)]).to_pylist()
    assert (row["doc_id"], row["sentence_id"], row["start"], row["end"], row["text"]) == (
        "d",
        "d-00001",
        3,
        7,
        "25%",
    )
    assert row["value"] == 25.0 and row["subject"] is None


def test_schema_obligation_sentence_is_its_span_text() -> None:
    span = Span(0, 12, "U moet iets.", "d-00002", "d")
    record = Obligation(span, "obligation", "zorgaanbieder", "moet", "iets", False, None, None, "must")
    (row,) = to_arrow("obligations", [record]).to_pylist()
    assert (row["sentence"], row["rule"]) == ("U moet iets.", "must")
    assert "start" not in row and "text" not in row


def test_schema_casts_types() -> None:
    table = to_arrow("errors", [ErrorRow("a.pdf", "corrupt", "a.pdf: kapot")])
    assert table.schema == TABLES["errors"].schema


def test_data_dictionary_names_every_column() -> None:
    text = data_dictionary_markdown()
    for spec in TABLES.values():
        assert f"`{spec.name}`" in text
        for column in spec.columns:
            assert column.description, f"{spec.name}.{column.name} has no description"
