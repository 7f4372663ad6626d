"""Run options, read from `params.yaml` (the DVC parameters) with typed defaults.

Everything that changes the rows of a document is part of `Options.fingerprint`,
so that changing a parameter reprocesses exactly what it affects.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import yaml

PARAMS_FILE = Path("params.yaml")


@dataclass(frozen=True)
class Options:
    # spaCy pipeline: an installed package name or a path to a saved pipeline; falls back to blank Dutch.
    nlp_model: str = "nl_core_news_md"
    # Sentences per nlp.pipe batch.
    batch_size: int = 256
    # Worker processes for documents; 0 means one per CPU core.
    jobs: int = 0

    @property
    def fingerprint(self) -> str:
        """Hash of the options that change a document's rows. Not jobs or batch size, and not the model
        name: the run keys on the model that would actually run (`nlp.build.model_identity`)."""
        relevant = {k: v for k, v in asdict(self).items() if k not in {"jobs", "batch_size", "nlp_model"}}
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:12]


def load_options(path: Path = PARAMS_FILE, **overrides: object) -> Options:
    """Options from the `run:` section of params.yaml (if present), then explicit overrides."""
    values: dict[str, object] = {}
    if path.exists():
        with open(path, encoding="utf-8") as f:
            values.update((yaml.safe_load(f) or {}).get("run", {}) or {})
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Options)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown options in {path}: {sorted(unknown)}; known: {sorted(known)}")
    return Options(**values)
