"""Catalogued per-document errors (CONTRACT: the `errors` table).

A reader raises `DocumentError(kind, message)`; the runner turns it into one
log line naming the file and one `errors` row, and goes on with the other
documents. `kind` is one of `ERROR_KINDS`.
"""

from __future__ import annotations

ERROR_KINDS = (
    "empty",  # zero bytes, or no text at all after reading
    "corrupt",  # a file that cannot be parsed (truncated or junk PDF, bad HTML)
    "encrypted",  # a password-protected PDF
    "no_text_layer",  # a scanned PDF: pages but no extractable text
    "encoding",  # a text file whose encoding cannot be determined
    "language",  # readable, but not a Dutch document
    "unsupported",  # an extension the pipeline does not read
    "duplicate",  # the same bytes as another file of the run (one doc_id, reported once)
    "internal",  # a bug in the pipeline on this document (reported, not hidden)
)


class DocumentError(Exception):
    """A document that cannot be processed, with a kind from `ERROR_KINDS`."""

    def __init__(self, kind: str, message: str) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"
