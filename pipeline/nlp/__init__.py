"""The spaCy layer: `build_nlp()` (model or blank Dutch fallback) and our registered components."""

from pipeline.nlp.build import build_nlp, model_info

__all__ = ["build_nlp", "model_info"]
