"""Stage 4, extract: one batched spaCy pass over a document's sentences does all extraction.

Our components (pipeline/nlp/components.py) find domain entities, dates, amounts,
percentages, relative deadlines and the norm patterns on each sentence's Doc; this
module then resolves the years of dates across sentences (a document-level step) and
derives obligations and entities from the same Docs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extract.dates import resolve_dates
from pipeline.extract.entities import Entity
from pipeline.extract.obligations import Obligation, analyse_docs, is_legal_instrument
from pipeline.extract.records import AmountMention, DateMention, PercentageMention, RelativeDeadline
from pipeline.nlp.build import build_nlp, model_info
from pipeline.structure.metadata import Metadata
from pipeline.structure.model import SegmentedDocument


@dataclass
class Analysis:
    """Every extracted record of one document, with sentence ids set."""

    dates: list[DateMention] = field(default_factory=list)
    amounts: list[AmountMention] = field(default_factory=list)
    percentages: list[PercentageMention] = field(default_factory=list)
    relative_deadlines: list[RelativeDeadline] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    model: dict = field(default_factory=dict)


def analyse_document(
    seg: SegmentedDocument, meta: Metadata, model: str | None, batch_size: int = 256
) -> Analysis:
    from dataclasses import replace

    nlp = build_nlp(model)
    sentences = seg.sentences
    docs = list(nlp.pipe((s.text for s in sentences), batch_size=batch_size))
    result = Analysis(model=model_info(nlp))
    result.dates = resolve_dates(sentences, meta.policy_year, meta.policy_year_end, [d._.dates for d in docs])
    for doc, s in zip(docs, sentences, strict=True):
        result.amounts += [replace(a, sentence_id=s.sentence_id) for a in doc._.amounts]
        result.percentages += [replace(p, sentence_id=s.sentence_id) for p in doc._.percentages]
        result.relative_deadlines += [replace(r, sentence_id=s.sentence_id) for r in doc._.relative_deadlines]
    deadlines = {d.sentence_id: d.value for d in result.dates if d.qualifier == "deadline" and d.value}
    instrument = is_legal_instrument(meta.title, seg.sections)
    result.obligations, result.entities = analyse_docs(
        docs, sentences, seg.sections, meta.insurer, deadlines, instrument
    )
    return result
