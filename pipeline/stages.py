"""The pipeline: one document through the declared stages, from file to records.

`STAGES` is the whole pipeline in order; each stage maps a `Document` to a `Document`,
filling in more of it (docling's `build_pipe`, spaCy's components on a `Doc`). A stage
that needs the run's options says so (`Stage.configured`). `process_document` is a pure
function of the file's bytes and the options, so its result can be cached by content hash
(pipeline/corpus/run.py) and computed in any worker process with the same outcome.

Adding an extractor: one module in `pipeline/extract/` with a function from sentence text to
records (a record type in `pipeline/model/records.py`) and a stage function, one entry here,
and one table in `pipeline/schema.py` (README: "How to add an extractor").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.derive import lemmas
from pipeline.derive.changes import derive_changes
from pipeline.derive.deadlines import derive_planning
from pipeline.derive.requirements import derive_requirements
from pipeline.extract.amounts import extract_amounts
from pipeline.extract.dates import extract_dates
from pipeline.extract.entities import extract_entities
from pipeline.extract.obligations import extract_obligations
from pipeline.extract.percentages import extract_percentages
from pipeline.extract.relative import extract_relative_deadlines
from pipeline.extract.subjects import describe_numbers
from pipeline.ingest import parse
from pipeline.model import Document, DocumentRow, Metadata, Origin
from pipeline.nlp.annotate import annotate
from pipeline.schema import content_doc_id
from pipeline.settings import Options
from pipeline.structure import segment
from pipeline.structure.metadata import read_metadata


@dataclass(frozen=True)
class Stage:
    """A named step of the pipeline; `configured` stages also receive the run's options."""

    name: str
    run: Callable[..., Document]
    configured: bool = False

    def __call__(self, document: Document, options: Options) -> Document:
        return self.run(document, options) if self.configured else self.run(document)


def release_annotations(document: Document) -> Document:
    """Stage: drop the spaCy Docs, which no later stage reads and no table stores."""
    return replace(document, annotations=[])


STAGES: tuple[Stage, ...] = (
    Stage("parse", parse, configured=True),  # ingest: file → labelled lines
    Stage("metadata", read_metadata),  # structure: insurer, care domain, years, title
    Stage("segment", segment),  # structure: section tree and sentences
    Stage("annotate", annotate, configured=True),  # nlp: one spaCy pass over the sentences
    Stage("dates", extract_dates),  # extract: calendar dates, years from context
    Stage("relative_deadlines", extract_relative_deadlines),
    Stage("amounts", extract_amounts),
    Stage("percentages", extract_percentages),
    Stage("subjects", describe_numbers),  # extract: what each amount and percentage is about
    Stage("obligations", extract_obligations),  # extract: reads the spaCy Docs and the dates
    Stage("entities", extract_entities),
    Stage("planning", derive_planning),  # derive: reads dates and obligations
    Stage("requirements", derive_requirements),  # derive: reads obligations
    Stage("changes", derive_changes),
    Stage("release", release_annotations),
)


def load_lookups() -> None:
    """Load the large lookup tables the stages read only on some documents' first use: the Dutch
    lemma table of the planning and comparisons (213,000 words, 0.2 CPU s). A forkserver that loads
    them before it forks shares them with every worker, instead of each worker loading its own."""
    lemmas()


def process_document(path: Path, source_file: str, options: Options, doc_id: str | None = None) -> Document:
    """Every stage over one file; raises DocumentError when it cannot be read."""
    document = Document(Origin(source_file, Path(path), doc_id or content_doc_id(path)))
    for stage in STAGES:
        document = stage(document, options)
    return document


def series_id(meta: Metadata) -> str | None:
    """Documents of one insurer and care domain form a series, ordered by policy year."""
    if not meta.insurer or not meta.care_domain:
        return None
    key = f"{meta.insurer.lower()}|{meta.care_domain.lower()}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def document_row(document: Document) -> DocumentRow:
    meta = document.metadata
    return DocumentRow(
        doc_id=document.doc_id,
        source_file=document.source_file,
        insurer=meta.insurer,
        care_domain=meta.care_domain,
        policy_year=meta.policy_year,
        policy_year_end=meta.policy_year_end or meta.policy_year,
        title=meta.title,
        updated=meta.updated,
        series_id=series_id(meta),
        format=document.format,
        pages=document.page_count,
        text_quality=document.text_quality,
        n_sections=len(document.sections),
        n_sentences=len(document.sentences),
        nlp_model=document.model.name if document.model else None,
        nlp_model_version=document.model.version if document.model else None,
        pipeline_version=__version__,
        warnings=" | ".join(document.warnings) or None,
    )


def document_records(document: Document) -> dict[str, list[Any]]:
    """The rows of every per-document table, as records, by table name."""
    records = document.records
    return {
        "documents": [document_row(document)],
        "sections": document.sections,
        "sentences": document.sentences,
        "footnotes": document.footnotes,
        "dates": [d for d in records.dates if d.value is not None],
        "relative_deadlines": records.relative_deadlines,
        "amounts": records.amounts,
        "percentages": records.percentages,
        "obligations": records.obligations,
        "entities": records.entities,
        "deadlines": records.deadlines,
        "requirements": records.requirements,
        "changes": records.changes,
    }
