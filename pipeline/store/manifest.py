"""The manifest of an out folder: which document's rows are stored under which cache key.

`OUT/_manifest.json` maps each doc_id to its source file and the key its rows were made
with (content hash, pipeline version, code fingerprint, options). A run reprocesses a
document only when its key changed or a file of it is missing.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from pipeline import __version__

log = logging.getLogger("pipeline")
MANIFEST = "_manifest.json"


def load_manifest(out: Path) -> dict[str, dict]:
    path = out / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("documents", {})
    except (json.JSONDecodeError, AttributeError):
        log.warning("%s is unreadable; every document is processed again", path)
        return {}


def save_manifest(out: Path, documents: dict[str, dict]) -> None:
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(
        json.dumps({"pipeline_version": __version__, "documents": documents}, indent=1, sort_keys=True),
        encoding="utf-8",
    )
    os.replace(tmp, out / MANIFEST)
