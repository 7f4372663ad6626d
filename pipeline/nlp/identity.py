"""Which spaCy pipeline a run would use, found without importing spaCy.

The command's own process keys its cache on the model (`model_identity`) but never runs the
pipeline: importing spaCy there only to read a model's `meta.json` cost about a second per run.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from pathlib import Path

log = logging.getLogger("pipeline.nlp.build")  # the warnings of the model loading, in one place
BLANK_NAME = "blank_nl"


def model_identity(model: str | None) -> str:
    """Name and version of the pipeline `build_nlp(model)` would run, without loading it.

    A run keys its cache on this rather than on the configured name: installing the model later
    reprocesses every document, and a configured model that is absent is blank Dutch.
    """
    meta = installed_meta(model) if model else None
    return f"{meta['lang']}_{meta['name']}=={meta['version']}" if meta else BLANK_NAME


def installed_meta(model: str) -> dict | None:
    """The `meta.json` of a saved pipeline directory or an installed model package, or None."""
    try:
        meta_file = _meta_file(model)
        if meta_file is None:
            return None
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        log.warning("spaCy model %r unreadable (%s); using blank Dutch", model, e)
        return None
    return meta if isinstance(meta, dict) and {"lang", "name", "version"} <= meta.keys() else None


def _meta_file(model: str) -> Path | None:
    path = Path(model)
    if (path / "meta.json").is_file():
        return path / "meta.json"
    if not model.isidentifier():  # a path that holds no pipeline, or no package name
        return None
    spec = importlib.util.find_spec(model)  # where the package is, without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    meta = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
    return meta if meta.is_file() else None
