"""pyarrow without its pandas import, for the processes that never hand pandas objects to Arrow."""

from __future__ import annotations

import sys

import pyarrow as pa


class _PandasUnimportable:
    """A meta path finder under which `import pandas` fails (see `arrow_without_pandas`)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ImportError("pandas is not imported by this process")


def arrow_without_pandas() -> None:
    """Spare this process the pandas import (about 0.7-0.9 CPU s) pyarrow makes on its first array.

    pyarrow imports pandas only to ask whether the data it is given is a pandas object; a worker
    and the `run` command never give it one. When that first import fails, pyarrow notes that
    pandas is absent: `pa.array` then reads a pandas object as a plain sequence. A conversion to or
    from pandas (`to_pandas`, `Table.from_pandas`) imports pandas after all (tested), but pyarrow's
    one-time native pandas set-up stays done without it: for the rest of the process `pa.array(...,
    from_pandas=True)` does not take `pd.NA` or `NaT` for a null. Nothing in these processes converts
    with `from_pandas=True` (tables are built from Python records by `schema.to_arrow`). A no-op once
    pandas is imported."""
    if "pandas" in sys.modules:
        return
    sys.meta_path.insert(0, _PandasUnimportable)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(_PandasUnimportable)
