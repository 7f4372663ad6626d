"""Stage 4a, NLP: one spaCy pass over a document's sentences for obligations and entities."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import asdict

from pipeline.structure.model import SegmentedDocument


def analyse_document(
    seg: SegmentedDocument, insurer: str | None, deadlines: Mapping[str, datetime.date], model: str | None
) -> tuple[list[dict], list[dict], dict]:
    """Obligation rows, entity rows and the model info of one document."""
    from pipeline.extract.obligations import analyse_sentences
    from pipeline.nlp.build import build_nlp, model_info

    nlp = build_nlp(model)
    obligations, entities = analyse_sentences(nlp, seg.sentences, seg.sections, insurer, deadlines)
    section_of = {s.sentence_id: s.section_id for s in seg.sentences}
    obligation_rows = [dict(asdict(o), section_id=section_of.get(o.sentence_id)) for o in obligations]
    return obligation_rows, [asdict(e) for e in entities], model_info(nlp)
