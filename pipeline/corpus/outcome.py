"""What travels between the run and its workers: a job, and a processed document's tables.

Kept apart from the stages, so that the command's own process, which hands out jobs and stores
the results, never imports spaCy or a PDF library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline.model import ErrorRow


@dataclass(frozen=True)
class Job:
    """A document to process: the path to open, its name in the tables, its id and size in bytes."""

    path: Path
    source_file: str
    doc_id: str
    size: int = 0


@dataclass
class DocumentResult:
    """What a worker sends back: the document's tables (Arrow, cheap to pickle) and a summary."""

    doc_id: str
    source_file: str
    tables: dict[str, pa.Table]
    summary: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


Outcome = DocumentResult | ErrorRow
