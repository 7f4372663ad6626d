"""Build the spaCy pipeline once per process: a statistical model if one is installed, else blank Dutch.

`build_nlp("nl_core_news_md")` loads the package (or a saved pipeline directory) when it can;
otherwise it falls back to `spacy.blank("nl")` with the lookup lemmatizer (spacy-lookups-data)
and logs one warning. Both get the same components from `components.register_components()`:
the `policy_entity_ruler` (before the model's NER, which keeps its spans) and the
`policy_norm_matcher`. `model_info(nlp)` says which model ran, for the run's metadata.
"""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language

from pipeline.nlp.components import ENTITY_RULER, NORM_MATCHER, NUMBER_FINDER, register_components

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nl_core_news_md"
BLANK_NAME = "blank_nl"
# Components a statistical Dutch pipeline may carry that our extractors never read.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker")


def build_nlp(model: str | None = DEFAULT_MODEL) -> Language:
    """The pipeline for `model` (package name or directory), cached per argument.

    model: a spaCy package name or a saved pipeline directory; None means blank Dutch.
    RETURNS (Language): with `policy_entity_ruler` and `policy_norm_matcher` added.
    """
    return _build(model)


@cache
def _build(model: str | None) -> Language:
    register_components()
    nlp = _load(model)
    _add_components(nlp)
    return nlp


def _load(model: str | None) -> Language:
    if model:
        try:
            return spacy.load(model, exclude=list(UNUSED_COMPONENTS))
        except (OSError, ImportError) as e:
            log.warning("spaCy model %r not available (%s); using blank Dutch with lookup lemmas", model, e)
    return _blank()


def _blank() -> Language:
    nlp = spacy.blank("nl")
    nlp.meta["name"] = "blank"
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except (ValueError, OSError, ImportError) as e:  # spacy-lookups-data missing: rules use LOWER only
        log.warning("lookup lemmatizer unavailable (%s); continuing without lemmas", e)
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
    return nlp


def _add_components(nlp: Language) -> None:
    # Before the NER, which then keeps our domain spans and predicts around them: "Coöperatie VGZ"
    # stays an INSURER with its canonical id instead of becoming a model ORG.
    ruler_place = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    nlp.add_pipe(ENTITY_RULER, **ruler_place)
    nlp.add_pipe(NUMBER_FINDER, last=True)
    nlp.add_pipe(NORM_MATCHER, last=True)


def is_statistical(nlp: Language) -> bool:
    """True when some component of `nlp` has trained weights (NER, parser, tagger, ...)."""
    return any(
        getattr(pipe, "model", None) is not None and name != "lemmatizer" for name, pipe in nlp.pipeline
    )


def model_info(nlp: Language) -> dict[str, object]:
    """name, version and statistical flag of the pipeline, for the run's metadata."""
    statistical = is_statistical(nlp)
    name = f"{nlp.lang}_{nlp.meta.get('name', 'pipeline')}" if statistical else BLANK_NAME
    return {
        "name": name,
        "version": str(nlp.meta.get("version", spacy.__version__)),
        "statistical": statistical,
    }
