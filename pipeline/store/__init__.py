"""The out folder: Parquet tables written atomically and read back with their schema, and the manifest."""

from pipeline.store.parquet import read_table, table_dir

__all__ = ["read_table", "table_dir"]
