"""Hostile PDFs built byte by byte: objects that refer to themselves, bombs, and a slow page.

Each builder writes a small PDF with a valid cross-reference table, so a reader gets past
opening the file and meets the trap inside: a stream whose /Length is the stream itself, a
content array that contains itself, a form that draws itself, a page tree that is its own
child, a content stream that inflates to hundreds of MB (a decompression bomb), and a page
of millions of no-op operators (slow to interpret, tiny on disk).
"""

from __future__ import annotations

import zlib
from pathlib import Path

FONT = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
TEXT = b"BT /F1 12 Tf 50 800 Td (De zorgaanbieder levert de offerte uiterlijk 1 september 2026 in.) Tj ET"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def page(contents: bytes = b"4 0 R", resources: bytes = FONT) -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents "
        + contents
        + b" /Resources "
        + resources
        + b" >>"
    )


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def flate_stream(chunks: int, chunk: bytes) -> bytes:
    """A FlateDecode stream of `chunk` repeated `chunks` times, compressed piece by piece (little memory)."""
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(chunk) for _ in range(chunks)) + packer.flush()
    return stream(data, b" /Filter /FlateDecode")


def pdf(objects: list[bytes]) -> bytes:
    """A PDF file of the numbered objects (1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def self_length_pdf(path: Path) -> Path:
    """The content stream's /Length is a reference to the stream object itself."""
    body = b"<< /Length 4 0 R >>\nstream\n" + TEXT + b"\nendstream"
    return write(path, pdf([CATALOG, PAGES, page(), body]))


def contents_cycle_pdf(path: Path) -> Path:
    """The page's /Contents is an array whose only element is the array itself."""
    return write(path, pdf([CATALOG, PAGES, page(), b"[4 0 R]"]))


def form_cycle_pdf(path: Path) -> Path:
    """The page draws a form XObject that draws itself."""
    resources = b"<< /XObject << /X 5 0 R >> " + FONT[3:]
    form = stream(
        b"/X Do " + TEXT, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources
    )
    return write(path, pdf([CATALOG, PAGES, page(resources=resources), stream(TEXT + b" /X Do"), form]))


def page_tree_cycle_pdf(path: Path) -> Path:
    """The page tree lists itself among its own kids."""
    pages = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    return write(path, pdf([CATALOG, pages, page(), stream(TEXT)]))


def decompression_bomb_pdf(path: Path, megabytes: int = 400) -> Path:
    """A page whose content stream inflates to `megabytes` MB of zeros (about 0.4 MB on disk)."""
    return write(path, pdf([CATALOG, PAGES, page(), flate_stream(megabytes, b"0" * (1 << 20))]))


def operator_bomb_pdf(path: Path, operators: int = 5_000_000) -> Path:
    """A page of `operators` save/restore pairs: minutes to interpret, about 20 KB on disk."""
    return write(path, pdf([CATALOG, PAGES, page(), flate_stream(operators // 100_000, b"q Q " * 100_000)]))
