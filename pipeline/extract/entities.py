"""Named entities per sentence: our ruler's domain entities and, when a model ran, its own.

`source` is "ruler" for `policy_entity_ruler` hits (canonical name from the pattern id,
`pipeline/vocab/entities.yaml`) and "model" for a statistical NER's entities (PER, ORG, LOC,
...; canonical is then the surface text). Offsets index the sentence text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc

from pipeline.model import Document, Entity, Span
from pipeline.nlp.components import entity_entries


@cache
def _ruler_ids() -> frozenset[tuple[str, str]]:
    return frozenset((e["label"], str(e["id"])) for e in entity_entries())


def entities_of(doc: Doc) -> Iterator[Entity]:
    """The entities of one sentence Doc; their spans index the sentence text."""
    ruler = _ruler_ids()
    for ent in doc.ents:
        from_ruler = (ent.label_, ent.ent_id_) in ruler
        yield Entity(
            span=Span(ent.start_char, ent.end_char, ent.text),
            label=ent.label_,
            canonical=ent.ent_id_ if from_ruler else ent.text,
            source="ruler" if from_ruler else "model",
        )


def extract_entities(document: Document) -> Document:
    """Stage: the entities of every sentence, from the annotate stage's Docs."""
    entities = [
        entity.bind(document.doc_id, sentence.sentence_id)
        for doc, sentence in zip(document.annotations, document.sentences, strict=True)
        for entity in entities_of(doc)
    ]
    return replace(document, records=replace(document.records, entities=entities))
