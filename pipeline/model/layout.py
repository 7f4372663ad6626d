"""PDF layout types: the char records a PDF engine yields and the physical lines built from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A char as a PDF engine reports it (pdfplumber's dict keys: text, x0, x1, top, bottom, size,
# fontname, non_stroking_color, upright); the line builder reads only these keys, and
# LIGATURE_KEY where an engine splits one ligature glyph into its letters.
Char = dict[str, Any]
# True on the second and later letters of one glyph (`ff`): the same box as the letter before,
# and no glyph drawn twice, which the line builder drops
LIGATURE_KEY = "ligature"
BBox = tuple[float, float, float, float]


@dataclass
class PLine:
    """One physical line (a row fragment) of a page, with its dominant style."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    style: str
    size: float
    bold: bool
    color: str
    family: str
    n_chars: int
    homogeneous: bool
    marks: list[str] = field(default_factory=list)
    lead_mark: str | None = None
    kind: str = "body"
    block: int = 0
    level: int | None = None
    cells: list[str] | None = None
    boxed: bool = False  # inside a drawn box or a sidebar column
    first_style: str = ""  # style of the first visible char (a bold lead-in starts a regular line)
