"""Named entities per sentence: our ruler's domain entities and, when a model ran, its own.

`source` is "ruler" for `policy_entity_ruler` hits (canonical name from the pattern id,
`pipeline/vocab/entities.yaml`) and "model" for a statistical NER's entities (PER, ORG, LOC,
...; canonical is then the surface text). Offsets index the sentence text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.components import entity_entries
from pipeline.structure.model import Sentence

Source = Literal["ruler", "model"]
BATCH_SIZE = 256


@dataclass(frozen=True)
class Entity:
    """One entity mention; `text == sentence.text[start:end]`."""

    sentence_id: str
    start: int
    end: int
    text: str
    label: str
    canonical: str
    source: Source


@cache
def _ruler_ids() -> frozenset[tuple[str, str]]:
    return frozenset((e["label"], str(e["id"])) for e in entity_entries())


def entities_of(doc: Doc, sentence_id: str) -> Iterator[Entity]:
    """The entities of one sentence Doc."""
    ruler = _ruler_ids()
    for ent in doc.ents:
        from_ruler = (ent.label_, ent.ent_id_) in ruler
        yield Entity(
            sentence_id=sentence_id,
            start=ent.start_char,
            end=ent.end_char,
            text=ent.text,
            label=ent.label_,
            canonical=ent.ent_id_ if from_ruler else ent.text,
            source="ruler" if from_ruler else "model",
        )


def iter_entities(nlp: Language, sentences: Sequence[Sentence]) -> Iterator[Entity]:
    """Entities of every sentence, in order (one `nlp.pipe` pass)."""
    docs = nlp.pipe((s.text for s in sentences), batch_size=BATCH_SIZE)
    for doc, sentence in zip(docs, sentences, strict=True):
        yield from entities_of(doc, sentence.sentence_id)
