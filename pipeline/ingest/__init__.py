"""Stage 1, parse: read a raw file into a `ParsedDocument` (one reader per format)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import DocumentError
from pipeline.ingest.model import ParsedDocument
from pipeline.ingest.quality import text_quality
from pipeline.settings import DEFAULT_PDF_ENGINE
from pipeline.vocab import load

SUPPORTED_SUFFIXES = {
    ".pdf": "pdf",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS_FOR_LANGUAGE = 40


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def read_document(
    path: Path, source_file: str | None = None, pdf_engine: str = DEFAULT_PDF_ENGINE
) -> ParsedDocument:
    """Read one file with the reader for its extension (PDFs with `pdf_engine`, default pdfium);
    raise DocumentError when it cannot be read."""
    source_file = source_file or path.name
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DocumentError(
            "unsupported", f"{source_file}: unsupported file type {path.suffix or '(none)'!r}"
        )
    if path.stat().st_size == 0:
        raise DocumentError("empty", f"{source_file}: the file is empty (0 bytes)")
    if fmt == "pdf":
        from pipeline.ingest.pdf import read_pdf

        doc = read_pdf(path, source_file, pdf_engine)
    elif fmt == "html":
        from pipeline.ingest.html import read_html

        doc = read_html(path, source_file)
    else:
        from pipeline.ingest.text import read_text

        doc = read_text(path, source_file, fmt)
    check_language(doc)
    return doc


def language_scores(text: str) -> tuple[float, float, int]:
    """Shares of Dutch and of English function words among the words of `text`, and the word count."""
    words = [w.lower() for w in _WORD_RE.findall(text[:200_000])]
    if not words:
        return 0.0, 0.0, 0
    vocab = load("language")
    dutch, english = set(vocab["dutch"]), set(vocab["english"])
    return (
        sum(w in dutch for w in words) / len(words),
        sum(w in english for w in words) / len(words),
        len(words),
    )


def check_language(doc: ParsedDocument) -> None:
    text = " ".join(ln.text for ln in doc.lines if ln.kind != "furniture")
    if not text.strip():
        raise DocumentError("empty", f"{doc.source_file}: no text found")
    dutch, english, n_words = language_scores(text)
    if n_words >= MIN_WORDS_FOR_LANGUAGE and dutch < english:
        raise DocumentError(
            "language",
            f"{doc.source_file}: the text is not Dutch "
            f"(Dutch function words {dutch:.0%}, English {english:.0%})",
        )
    if doc.text_quality is None:
        doc.text_quality = text_quality(doc.lines)
