"""Atomic, schema-checked Parquet writes.

Each table is a directory `OUT/<table>.parquet/` holding one file per document
(`<doc_id>.parquet`) or, for corpus-level tables, one `part-0.parquet`;
`pandas.read_parquet("OUT/<table>.parquet")` reads it whole (CONTRACT.md). A
file is written under a dot-name and renamed into place when it is on disk
(pipeline/files.py), so a reader or an interrupted run never sees half a file (readers
skip dot- and underscore-files). A file that does not read all the same (a disk that
lied, a copy cut short, a hand edit) is found by `damaged_files` before a run reuses it,
and by `read_table`, which names it (DamagedTableError). Every failed write, removal or
folder creation is an `OutputError` naming the path.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import DamagedTableError
from pipeline.files import replace_durably, writing
from pipeline.schema import TABLES

if TYPE_CHECKING:
    import pandas as pd

CORPUS_PART = "part-0.parquet"


def table_dir(out: Path | str, name: str) -> Path:
    return Path(out) / f"{name}.parquet"


def write_atomic(table: pa.Table, path: Path) -> None:
    with writing(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
    replace_durably(lambda f: pq.write_table(table, f, compression="zstd"), path)


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


def document_files(out: Path, doc_id: str) -> list[Path]:
    return [table_dir(out, s.name) / f"{doc_id}.parquet" for s in TABLES.values() if s.per_document]


def reads_as_parquet(path: Path) -> bool:
    """Whether `path` is a whole Parquet file: its footer (written last) reads. A cut-off write loses it."""
    try:
        pq.read_metadata(path)
    except (OSError, pa.ArrowException):
        return False
    return True


def damaged_files(out: Path, doc_id: str) -> list[Path]:
    """The document's files in the per-document tables that are missing or do not read."""
    return [path for path in document_files(out, doc_id) if not reads_as_parquet(path)]


def remove_document(out: Path, doc_id: str) -> None:
    for path in document_files(out, doc_id):
        with writing(path):
            path.unlink(missing_ok=True)


def ensure_table_dirs(out: Path) -> None:
    """Every table exists and reads, even with no rows: an empty corpus part holds the schema."""
    for spec in TABLES.values():
        d = table_dir(out, spec.name)
        with writing(d):
            if d.is_file():  # an older single-file layout: replace it by the directory layout
                d.unlink()
            d.mkdir(parents=True, exist_ok=True)
            part = d / CORPUS_PART
            if spec.per_document and not any(
                p for p in d.glob("*.parquet") if not p.name.startswith((".", "_"))
            ):
                write_atomic(spec.schema.empty_table(), part)
            elif spec.per_document and part.exists() and len(list(d.glob("*.parquet"))) > 1:
                part.unlink()
            elif spec.per_document and part.exists() and not reads_as_parquet(part):
                write_atomic(spec.schema.empty_table(), part)


def corpus_table_damaged(out: Path, name: str) -> bool:
    """Whether a corpus-level table (errors, comparisons) has a part that does not read."""
    part = table_dir(out, name) / CORPUS_PART
    return part.exists() and not reads_as_parquet(part)


def table_files(out: Path | str, name: str) -> list[Path]:
    d = table_dir(out, name)
    return sorted(p for p in d.glob("*.parquet") if not p.name.startswith((".", "_"))) if d.is_dir() else []


def read_file(path: Path, schema: pa.Schema) -> pa.Table:
    try:
        return pq.read_table(path).cast(schema)
    except (OSError, pa.ArrowException) as e:
        raise DamagedTableError(path, type(e).__name__) from e


def read_arrow(out: Path | str, name: str) -> pa.Table:
    """Read a table with its declared schema (columns added later are never dropped).

    Raises DamagedTableError naming the first file that does not read."""
    schema = TABLES[name].schema
    files = table_files(out, name)
    return pa.concat_tables([read_file(f, schema) for f in files]) if files else schema.empty_table()


def read_table(out: Path | str, name: str) -> pd.DataFrame:
    """`read_arrow` as a pandas frame; integers and booleans as pandas' nullable dtypes, so that a
    column's dtype does not depend on whether this run happened to leave one of its values null
    (int32 would become float64)."""
    import pandas as pd  # deferred: pandas costs ~0.7 CPU s, and a run without series never needs it

    nullable = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return read_arrow(out, name).to_pandas(types_mapper=nullable.get)


def clear_stale_temp_files(out: Path) -> None:
    """Remove temp files an interrupted run left behind (only the run holding the out folder's lock)."""
    if out.is_dir():
        for tmp in out.rglob(".*.tmp"):
            with writing(tmp):
                tmp.unlink(missing_ok=True)


def reset(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
