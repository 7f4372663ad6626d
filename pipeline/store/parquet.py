"""Atomic, schema-checked Parquet writes.

Each table is a directory `OUT/<table>.parquet/` holding one file per document
(`<doc_id>.parquet`) or, for corpus-level tables, one `part-0.parquet`;
`pandas.read_parquet("OUT/<table>.parquet")` reads it whole (CONTRACT.md). A
file is written under a dot-name and renamed into place, so a reader or an
interrupted run never sees half a file (readers skip dot- and underscore-files).
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import TABLES

CORPUS_PART = "part-0.parquet"


def table_dir(out: Path | str, name: str) -> Path:
    return Path(out) / f"{name}.parquet"


def write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_document_table(out: Path, name: str, doc_id: str, table: pa.Table) -> None:
    """Write one document's rows of a table (an empty table still writes the schema)."""
    write_atomic(table, table_dir(out, name) / f"{doc_id}.parquet")


def write_corpus_table(out: Path, name: str, table: pa.Table) -> None:
    write_atomic(table, table_dir(out, name) / CORPUS_PART)


def document_ids(out: Path) -> set[str]:
    """Ids of every document that has a file in some per-document table."""
    ids: set[str] = set()
    for spec in TABLES.values():
        if spec.per_document:
            ids |= {p.stem for p in table_dir(out, spec.name).glob("*.parquet") if p.name != CORPUS_PART}
    return ids


def outputs_exist(out: Path, doc_id: str) -> bool:
    """Whether every per-document table has the document's file."""
    return all(
        (table_dir(out, s.name) / f"{doc_id}.parquet").exists() for s in TABLES.values() if s.per_document
    )


def remove_document(out: Path, doc_id: str) -> None:
    for spec in TABLES.values():
        if spec.per_document:
            (table_dir(out, spec.name) / f"{doc_id}.parquet").unlink(missing_ok=True)


def ensure_table_dirs(out: Path) -> None:
    """Every table exists and reads, even with no rows: an empty corpus part holds the schema."""
    for spec in TABLES.values():
        d = table_dir(out, spec.name)
        if d.is_file():  # an older single-file layout: replace it by the directory layout
            d.unlink()
        d.mkdir(parents=True, exist_ok=True)
        if spec.per_document and not any(p for p in d.glob("*.parquet") if not p.name.startswith((".", "_"))):
            write_atomic(spec.schema.empty_table(), d / CORPUS_PART)
        elif spec.per_document and (d / CORPUS_PART).exists() and len(list(d.glob("*.parquet"))) > 1:
            (d / CORPUS_PART).unlink()


# Integers and booleans as pandas' nullable dtypes: a column's dtype must not depend on whether
# this run happened to leave one of its values null (int32 would become float64).
_NULLABLE_DTYPES = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def read_table(out: Path | str, name: str) -> pd.DataFrame:
    """Read a table with its declared schema (columns added later are never dropped)."""
    d = table_dir(out, name)
    files = sorted(p for p in d.glob("*.parquet") if not p.name.startswith((".", "_"))) if d.is_dir() else []
    schema = TABLES[name].schema
    tables = [pq.read_table(f).cast(schema) for f in files]
    table = pa.concat_tables(tables) if tables else schema.empty_table()
    return table.to_pandas(types_mapper=_NULLABLE_DTYPES.get)


def clear_stale_temp_files(out: Path) -> None:
    """Remove temp files an interrupted run left behind."""
    if out.is_dir():
        for tmp in out.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def reset(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
