"""Run options, read from `params.yaml` (the DVC parameters) with typed defaults, and the log format.

Everything that changes the rows of a document is part of `Options.fingerprint`,
so that changing a parameter reprocesses exactly what it affects; how the run is carried
out (workers, batch size, the per-document limits) is not.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import yaml

PARAMS_FILE = Path("params.yaml")
PDF_ENGINES = ("pdfium", "pdfplumber")  # pipeline/ingest/pdf.py: pdfium is fast, pdfplumber the reference
DEFAULT_PDF_ENGINE = "pdfium"
# the file types a run reads, by extension: the reader's format name (pipeline/ingest)
SUPPORTED_SUFFIXES = {
    ".pdf": "pdf",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
MB = 1 << 20
# Options that change how a run goes, never the rows it makes: not in the fingerprint.
RUN_ONLY = frozenset(
    {"jobs", "batch_size", "doc_timeout", "doc_timeout_base", "doc_timeout_per_mb", "doc_memory"}
)
LOG_FORMAT = "%(levelname)s %(message)s"
NOISY_LOGGERS = ("pdfminer", "pdfplumber", "urllib3", "filelock")


@dataclass(frozen=True)
class Options:
    # spaCy pipeline: an installed package name or a path to a saved pipeline; falls back to blank Dutch.
    nlp_model: str = "nl_core_news_md"
    # Sentences per nlp.pipe batch.
    batch_size: int = 256
    # Worker processes for documents; 0 means one per CPU core.
    jobs: int = 0
    # What reads a PDF's characters: pdfium (fast) or pdfplumber (the reference engine).
    pdf_engine: str = DEFAULT_PDF_ENGINE
    # CPU seconds one document may take (a loaded machine does not make it time out); 0 scales
    # the limit to the file's size: doc_timeout_base plus doc_timeout_per_mb for each MB. The
    # defaults give five to ten times what the slowest real policies need (some 16 s per MB).
    doc_timeout: float = 0
    doc_timeout_base: float = 120
    doc_timeout_per_mb: float = 60
    # MB of address space a worker process may use (RLIMIT_AS, start-up included: about 550 MB);
    # 0 means no limit. A real policy peaks below 700 MB.
    doc_memory: int = 3072

    def __post_init__(self) -> None:
        if self.pdf_engine not in PDF_ENGINES:
            raise ValueError(f"unknown pdf_engine {self.pdf_engine!r}; known: {', '.join(PDF_ENGINES)}")
        for name in sorted(RUN_ONLY):
            if getattr(self, name) < 0:
                raise ValueError(f"option {name} must not be negative: {getattr(self, name)}")

    @property
    def fingerprint(self) -> str:
        """Hash of the options that change a document's rows (not how the run is carried out). Not the
        model name either: the run keys on the model that would actually run
        (`nlp.identity.model_identity`)."""
        relevant = {k: v for k, v in asdict(self).items() if k not in RUN_ONLY | {"nlp_model"}}
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:12]

    def timeout_for(self, size_bytes: int) -> float:
        """CPU seconds a document of `size_bytes` may take."""
        return self.doc_timeout or self.doc_timeout_base + self.doc_timeout_per_mb * size_bytes / MB


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


def configure_logging(level: int) -> None:
    """One `LEVEL message` line per record on stderr (the command line and every worker process)."""
    logging.basicConfig(level=level, stream=sys.stderr, format=LOG_FORMAT)
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)


CACHE_DIR_ENV = "PIPELINE_CACHE_DIR"
CACHE_FOLDER = "zorginkoop-pipeline"


def cache_dir() -> Path | None:
    """Where derived data that is slow to build is kept between runs (never results): the
    folder in PIPELINE_CACHE_DIR, else the user's cache folder (XDG_CACHE_HOME or ~/.cache);
    None for a user without a home folder (nothing is cached then)."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / CACHE_FOLDER
    try:
        return Path.home() / ".cache" / CACHE_FOLDER
    except (RuntimeError, KeyError):  # no HOME and no passwd entry for this user
        return None


def is_supported(path: Path) -> bool:
    """Whether a run reads this file type (by its extension)."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES
