"""The document model: types only, importing nothing else of the package.

A `Document` goes through the declared stages (`pipeline/stages.py`), each of which
fills in more of it: the reader's labelled lines, the metadata, the section tree and
sentences, the extracted records and the derived planning, requirement and change
rows. Every record carries a `Span` (document, sentence, offsets, text) as provenance;
`pipeline/schema.py` maps records to table rows.
"""

from pipeline.model.document import Document, ModelInfo, Origin, Records
from pipeline.model.layout import LIGATURE_KEY, BBox, Char, PLine
from pipeline.model.lines import Footnote, Line, LineKind, OutlineEntry, Table
from pipeline.model.records import (
    AmountMention,
    Change,
    Comparison,
    DateMention,
    Deadline,
    DocumentRow,
    Entity,
    ErrorRow,
    Obligation,
    PercentageMention,
    RelativeDeadline,
    Requirement,
    Span,
)
from pipeline.model.structure import Metadata, Section, Sentence, SentenceKind

__all__ = [
    "LIGATURE_KEY",
    "AmountMention",
    "BBox",
    "Change",
    "Char",
    "Comparison",
    "DateMention",
    "Deadline",
    "Document",
    "DocumentRow",
    "Entity",
    "ErrorRow",
    "Footnote",
    "Line",
    "LineKind",
    "Metadata",
    "ModelInfo",
    "Obligation",
    "Origin",
    "OutlineEntry",
    "PLine",
    "PercentageMention",
    "Records",
    "RelativeDeadline",
    "Requirement",
    "Section",
    "Sentence",
    "SentenceKind",
    "Span",
    "Table",
]
