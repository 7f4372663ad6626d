"""Stage 5: series and year-over-year comparisons across the documents of a run."""

from __future__ import annotations

from pathlib import Path

from pipeline.document import frame
from pipeline.write import write_corpus_table


def write_comparisons(out: Path) -> None:
    """Compare consecutive policy years of every series into `comparisons`."""
    write_corpus_table(out, "comparisons", frame("comparisons", []))
