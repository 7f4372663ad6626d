"""Stage 4b: tables read from a policy's own planning tables and lists."""

from __future__ import annotations

import pandas as pd

from pipeline.structure.metadata import Metadata
from pipeline.structure.model import SegmentedDocument


def derived_tables(seg: SegmentedDocument, tables: dict[str, pd.DataFrame], meta: Metadata) -> dict[str, pd.DataFrame]:
    """deadlines, requirements and changes rows of one document."""
    from pipeline.document import frame

    return {name: frame(name, []) for name in ("deadlines", "requirements", "changes")}
