"""Small builders the tests share: documents from lines, stages run by hand, records as frames."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.extract.obligations import obligations_of
from pipeline.ingest.text import label_lines
from pipeline.model import Document, Line, Metadata, Obligation, Origin, Section, Sentence
from pipeline.schema import to_arrow
from pipeline.settings import Options
from pipeline.stages import document_records


def text_document(
    lines: Sequence[str] | Sequence[Line], name: str = "t.txt", doc_id: str = "t", fmt: str = "txt"
) -> Document:
    """A document as the text reader would give it: raw strings are labelled by the real reader."""
    labelled = list(lines) if lines and isinstance(lines[0], Line) else label_lines(list(lines))
    return Document(Origin(name, Path(name), doc_id), format=fmt, lines=labelled)  # type: ignore[arg-type]


def with_metadata(document: Document, metadata: Metadata) -> Document:
    return replace(document, metadata=metadata)


def frames(document: Document) -> dict[str, pd.DataFrame]:
    """Every per-document table of a processed document, as the writer would store it."""
    return {
        name: to_arrow(name, records, document.doc_id).to_pandas()
        for name, records in document_records(document).items()
    }


def obligations_of_texts(
    nlp: Language,
    sentences: Sequence[Sentence],
    sections: Sequence[Section],
    insurer: str | None,
    deadlines: dict | None = None,
    instrument: bool = False,
) -> list[Obligation]:
    """The obligation extractor on sentences annotated by `nlp` (one Doc per sentence)."""
    docs = list(nlp.pipe(s.text for s in sentences))
    return list(obligations_of(docs, sentences, sections, insurer, deadlines, instrument))


def blank_options(**overrides: object) -> Options:
    """Run options pinned to the rule-only blank Dutch pipeline, whatever spaCy model is installed."""
    return Options(**{"jobs": 1, "nlp_model": "", **overrides})  # type: ignore[arg-type]
