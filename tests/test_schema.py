"""The schema module is the single source of truth for every table (STYLE.md pattern 4)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from pipeline.schema import TABLES, data_dictionary_markdown, to_arrow

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


def test_schema_rejects_a_frame_with_a_missing_column() -> None:
    with pytest.raises(ValueError, match="missing columns"):
        to_arrow("percentages", pd.DataFrame({"doc_id": ["a"], "value": [1.0]}))


def test_schema_rejects_a_column_that_is_not_declared() -> None:
    frame = pd.DataFrame({c: [None] for c in TABLES["errors"].column_names} | {"extra": [1]})
    with pytest.raises(ValueError, match="not in the schema"):
        to_arrow("errors", frame)


def test_schema_casts_types() -> None:
    frame = pd.DataFrame({"source_file": ["a.pdf"], "kind": ["corrupt"], "message": ["a.pdf: kapot"]})
    assert to_arrow("errors", frame).schema == TABLES["errors"].schema


def test_data_dictionary_names_every_column() -> None:
    text = data_dictionary_markdown()
    for spec in TABLES.values():
        assert f"`{spec.name}`" in text
        for column in spec.columns:
            assert column.description, f"{spec.name}.{column.name} has no description"
