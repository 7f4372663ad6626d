"""Build the spaCy pipeline once per process: a statistical model if one is installed, else blank Dutch.

`build_nlp("nl_core_news_md")` loads the package (or a saved pipeline directory) when it can;
otherwise it falls back to `spacy.blank("nl")` and logs one warning. Both get the same components
from `components.register_components()`: the `policy_entity_ruler` (before the model's NER, which
keeps its spans) and the `policy_norm_matcher`. No lemmatizer is added to the blank pipeline:
no rule reads lemmas. `model_info(nlp)` says which model ran, for the run's metadata.
"""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language

from pipeline.model import ModelInfo
from pipeline.nlp.components import ENTITY_RULER, NORM_MATCHER, register_components
from pipeline.nlp.identity import BLANK_NAME, installed_meta

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nl_core_news_md"
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
            log.warning("spaCy model %r not available (%s); using blank Dutch", model, e)
    nlp = spacy.blank("nl")
    nlp.meta["name"] = "blank"
    return nlp


def _add_components(nlp: Language) -> None:
    # Before the NER, which then keeps our domain spans and predicts around them: "Coöperatie VGZ"
    # stays an INSURER with its canonical id instead of becoming a model ORG.
    ruler_place = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    nlp.add_pipe(ENTITY_RULER, **ruler_place)
    nlp.add_pipe(NORM_MATCHER, last=True)


def warn_if_unavailable(model: str | None) -> None:
    """The warning `build_nlp(model)` gives when `model` is named but not installed, without
    building anything (a worker forked with the pipeline already built says it this way)."""
    if model and installed_meta(model) is None:
        log.warning("spaCy model %r not available (not installed); using blank Dutch", model)


def is_statistical(nlp: Language) -> bool:
    """True when some component of `nlp` has trained weights (NER, parser, tagger, ...)."""
    return any(getattr(pipe, "model", None) is not None for _, pipe in nlp.pipeline)


def model_info(nlp: Language) -> ModelInfo:
    """Name, version and statistical flag of the pipeline, for the run's metadata."""
    statistical = is_statistical(nlp)
    name = f"{nlp.lang}_{nlp.meta.get('name', 'pipeline')}" if statistical else BLANK_NAME
    return ModelInfo(name, str(nlp.meta.get("version", spacy.__version__)), statistical)
