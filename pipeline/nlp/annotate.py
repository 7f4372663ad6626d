"""Stage: one batched spaCy pass over a document's sentences.

The Docs (one per sentence, in order) go into `Document.annotations` for the extractors that
read tokens, entities and rule hits (obligations, entities); `Document.model` records which
pipeline ran. Number extractors read the sentence text and need no Doc.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.model import Document
from pipeline.nlp.build import build_nlp, model_info
from pipeline.settings import Options


def annotate(document: Document, options: Options) -> Document:
    nlp = build_nlp(options.nlp_model or None)
    docs = list(nlp.pipe((s.text for s in document.sentences), batch_size=options.batch_size))
    return replace(document, annotations=docs, model=model_info(nlp))
