"""The manifest of an out folder: which document's rows are stored under which cache key.

`OUT/_manifest.json` maps each doc_id to its source file and the key its rows were made
with (content hash, pipeline version, code fingerprint, options). A run reprocesses a
document only when its key changed or a file of it is missing or damaged. It is written
durably under a unique temp name (pipeline/files.py) after every document.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline import __version__
from pipeline.files import replace_durably

log = logging.getLogger("pipeline")
MANIFEST = "_manifest.json"


def load_manifest(out: Path) -> dict[str, dict]:
    """The stored documents by doc_id; an unreadable or malformed manifest counts as empty (a warning)."""
    path = out / MANIFEST
    if not path.exists():
        return {}
    try:
        documents = json.loads(path.read_text(encoding="utf-8")).get("documents", {})
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        documents = None
    if not isinstance(documents, dict) or not all(isinstance(v, dict) for v in documents.values()):
        log.warning("%s is unreadable; every document is processed again", path)
        return {}
    return documents


def save_manifest(out: Path, documents: dict[str, dict]) -> None:
    text = json.dumps({"pipeline_version": __version__, "documents": documents}, indent=1, sort_keys=True)
    replace_durably(lambda f: f.write(text.encode("utf-8")), out / MANIFEST)
