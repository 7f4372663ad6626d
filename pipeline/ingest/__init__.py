"""Stage 1, parse: read a raw file into a `Document` of labelled lines (one reader per format)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.errors import DocumentError
from pipeline.ingest.bounds import bound_document
from pipeline.ingest.html import read_html
from pipeline.ingest.language import LanguageVerdict, identify, language_name
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.quality import assess_text
from pipeline.ingest.text import read_text
from pipeline.model import Document
from pipeline.settings import DEFAULT_PDF_ENGINE, SUPPORTED_SUFFIXES, Options


def parse(document: Document, options: Options) -> Document:
    """Stage: the file read into labelled lines with the run's PDF engine (raises DocumentError
    when it cannot be read)."""
    read = read_document(document.path, document.source_file, options.pdf_engine)
    return replace(read, origin=document.origin)


def read_document(
    path: Path, source_file: str | None = None, pdf_engine: str = DEFAULT_PDF_ENGINE
) -> Document:
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
        doc = read_pdf(path, source_file, pdf_engine)
    elif fmt == "html":
        doc = read_html(path, source_file)
    else:
        doc = read_text(path, source_file, fmt)
    bound_document(doc)  # before any later stage sees an unbounded line
    check_language(doc)
    return doc


def language_scores(text: str) -> dict[str, float]:
    """Share of the sampled text per language code (`{"nl": 0.9, "en": 0.1}`); see ingest/language.py."""
    verdict = identify(text)
    return {code: verdict.share(code) for code in verdict.votes}


def check_language(doc: Document) -> None:
    """Raise a `language` error unless the document is Dutch; a mixed document gets a warning."""
    text = " ".join(ln.text for ln in doc.lines if ln.kind != "furniture")
    if not text.strip():
        raise DocumentError("empty", f"{doc.source_file}: no text found")
    verdict = identify(text)
    if verdict.is_mixed:
        doc.warnings.append(f"{doc.source_file}: mixed languages ({verdict.describe()})")
    elif not verdict.is_dutch and not verdict.undecided:
        raise DocumentError("language", f"{doc.source_file}: {no_dutch_reason(verdict)}")
    if doc.text_quality is None:  # the PDF reader assesses its text itself
        assess_text(doc)


def no_dutch_reason(verdict: LanguageVerdict) -> str:
    if not verdict.is_text:
        return f"no Dutch text: no natural language found, code, data or garbled text ({verdict.describe()})"
    return f"no Dutch text: the text is {language_name(verdict.main_other or '')} ({verdict.describe()})"
