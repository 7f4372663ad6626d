"""Extraction: one module per extractor, each yielding typed records with their provenance span.

Number extractors (`dates`, `amounts`, `percentages`, `relative`) are plain functions on one
sentence's text; `obligations` and `entities` read the annotate stage's spaCy Docs. Each module
also holds its stage, which runs the extractor over every sentence and binds the spans to the
document and sentence (`records_by_sentence`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from pipeline.model import Document
from pipeline.model.records import Spanned

R = TypeVar("R", bound=Spanned)


def records_by_sentence(document: Document, find: Callable[[str], Iterable[R]]) -> list[R]:
    """`find` run on every sentence's text, its records bound to the document and sentence."""
    return [
        record.bind(document.doc_id, sentence.sentence_id)
        for sentence in document.sentences
        for record in find(sentence.text)
    ]
