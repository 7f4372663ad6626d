"""The table finder's helpers over a page's chars (pipeline/ingest/pdf_tables.py): the text between
two rules that runs across a column boundary, found from the chars in that band alone."""

from __future__ import annotations

import pytest

from pipeline.ingest.pdf_tables import _CharsByHeight, _crossed


def char(x0: float, x1: float, top: float, bottom: float) -> dict[str, float]:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom}


PAGE = [
    char(10, 60, 100, 110),  # midline 105, across x = 50
    char(10, 40, 120, 130),  # midline 125, left of x = 50
    char(60, 90, 120, 130),  # midline 125, right of x = 50
    char(45, 55, 140, 150),  # midline 145, across x = 50
    char(45, 55, 195, 205),  # midline 200, across x = 50: on a rule at 200
]
COLUMNS = {0, 50, 100}  # the outer two are the table's edges, x = 50 the one inner boundary

# (top and bottom of the band between two rules, whether text there runs across x = 50)
BAND_CASES = [
    (100, 120, True),  # the first char's midline lies inside
    (110, 140, False),  # two chars beside the boundary
    (105, 125, False),  # midlines on the band's edges are outside it
    (130, 160, True),
    (150, 200, False),  # the char on the lower rule is not between the rules
    (150, 201, True),
    (300, 400, False),  # no text at all
    (120, 110, False),  # an empty band
    (104.99999, 105.00001, True),  # a band just around one midline
    (105.0, 105.00001, False),  # ... that starts on it
    (104.99999, 105.0, False),  # ... that ends on it
]


@pytest.mark.parametrize("top,bottom,expected", BAND_CASES)
def test_pdf_tables_text_across_a_column_between_two_rules(top: float, bottom: float, expected: bool) -> None:
    shuffled = PAGE[::-1]
    assert _CharsByHeight(shuffled).crossed(top, bottom, COLUMNS) is expected
    assert _crossed(shuffled, top, bottom, COLUMNS) is expected  # what every char of the page says
