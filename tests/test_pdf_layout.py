"""PDF text of other publishers' layouts reads cleanly: lines per column and per writing direction,
the garbled-text check, and bold body-size headings (pipeline/ingest/pdf_layout.py, quality.py,
pdf_styles.py).

Fixture PDFs are built by tests/pdf_fixtures.py and read back end to end; the documents of other
publishers in ../shared/corpus-other are read when present (slow) and skipped otherwise.
"""

from __future__ import annotations

import logging
import math
import pickle
from pathlib import Path

import pytest

from pipeline.corpus.run import run
from pipeline.ingest import read_document
from pipeline.ingest.pdf_layout import (
    _body_metrics,
    _style_counts,
    build_lines,
    is_horizontal,
    lines_by_direction,
    writing_angle,
)
from pipeline.ingest.pdfium_source import LIGATURE_STEP
from pipeline.ingest.quality import garbled_warning, interleaved_run, text_quality, unreadable_pages
from pipeline.model import LIGATURE_KEY, Line
from pipeline.settings import Options
from pipeline.store.parquet import read_table
from pipeline.structure import segment
from pipeline.structure.metadata import find_metadata
from tests import pdf_fixtures as fx

OTHER = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-other"
OTHER_TITLES = {  # as a careful reader gives them: the cover title
    "x01_c1f4a36a.pdf": "Hervormingsagenda Jeugd 2023-2028",
    "x08_dfc94ecb.pdf": "Beleidsregels indicatiestelling Wlz 2025",
}
WATERMARK_SENTENCES = [
    "De zorgaanbieder dient de offerte uiterlijk op 1 september 2026 in via het portaal van de "
    "zorgverzekeraar.",
    "Wij beoordelen de offerte binnen zes weken en sturen daarna een voorstel voor de overeenkomst.",
    "De zorgaanbieder kan tot de datum van ondertekening vragen stellen over de voorwaarden.",
    "Wij publiceren de antwoorden op onze website, zodat alle aanbieders dezelfde informatie krijgen.",
    "Een aanbieder die niet tijdig reageert, krijgt geen overeenkomst voor 2027.",
]


def _sentences(path: Path) -> list[str]:
    seg = segment(read_document(path))
    return [s.text for s in seg.sentences if s.kind in ("body", "list_item")]


def _kind(path: Path, kind: str) -> list[str]:
    return [ln.text for ln in read_document(path).lines if ln.kind == kind]


# --- columns and writing directions, end to end -------------------------------------------------


def test_pdf_layout_heading_beside_column_keeps_both_columns_readable(tmp_path: Path) -> None:
    path = fx.heading_beside_column_pdf(tmp_path / "kolommen.pdf")
    doc = read_document(path)
    assert [(ln.text, ln.heading_level) for ln in doc.lines if ln.kind == "heading"] == [
        ("Onze visie op goede zorg", 1)
    ]
    assert _sentences(path) == [
        "Goede zorg is zorg die past bij de wensen van de cliënt.",
        "Daarom maken wij afspraken over de inzet van personeel.",
        "Wij volgen de wachttijden per regio en spreken aanbieders daarop aan.",
        "Wij kopen zorg in bij aanbieders die de kwaliteit van hun zorg aantoonbaar verbeteren.",
        "De zorgaanbieder levert elk jaar een verslag aan over de resultaten.",
        "Wij bespreken dat verslag in het jaarlijkse gesprek met de aanbieder.",
        "Een nieuwe aanbieder meldt zich vooraf bij de afdeling zorginkoop van de regio.",
    ]


def test_pdf_layout_turned_watermark_is_furniture_and_body_intact(tmp_path: Path) -> None:
    path = fx.watermark_pdf(tmp_path / "concept.pdf", pages=2)
    assert _sentences(path) == WATERMARK_SENTENCES * 2
    furniture = _kind(path, "furniture")
    assert furniture.count("CONCEPT") == 2  # turned 45 degrees
    assert furniture.count("VERTROUWELIJK") == 2  # turned 90 degrees
    assert read_document(path).cover_title != "CONCEPT"


def test_pdf_layout_vertical_stack_of_upright_letters_is_furniture(tmp_path: Path) -> None:
    path = fx.stacked_letters_pdf(tmp_path / "marge.pdf", pages=2)
    assert _sentences(path) == WATERMARK_SENTENCES * 2
    assert _kind(path, "furniture").count("CONCEPT") == 2


def test_pdf_layout_bold_body_size_headings_one_below_the_structural_heading(tmp_path: Path) -> None:
    path = fx.bold_subheadings_pdf(tmp_path / "koppen.pdf")
    doc = read_document(path)
    assert [(ln.text, ln.heading_level) for ln in doc.lines if ln.kind == "heading"] == [
        ("1 Inkoop van zorg", 1),
        ("1.1 Voorwaarden", 2),
        ("Kwaliteit en veiligheid", 3),
        ("Personeel", 3),
        ("1.2 Betaling", 2),
        ("Declareren", 3),
    ]
    sentences = _sentences(path)
    assert "Wij letten vooral op de wachttijden in de regio en op de inzet van personeel." in sentences
    assert "Let op: de offerte moet uiterlijk op de laatste werkdag van augustus binnen zijn." in sentences
    assert "Daarna nemen wij geen offertes meer aan." in sentences


# --- chars of one direction, one column ---------------------------------------------------------


def _turned_word(
    word: str, angle: float, size: float = 20.0, origin: tuple[float, float] = (200, 400)
) -> list:
    """pdfplumber-like chars of `word` written at `angle` degrees (PDF space, y up; page height 842)."""
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    adv = 0.6  # advance in text space units
    chars = []
    for i, letter in enumerate(word):
        ox, oy = origin[0] + i * adv * size * cos, origin[1] + i * adv * size * sin
        corners = [
            (ox + u * cos - v * sin, oy + u * sin + v * cos)
            for u in (0, adv * size)
            for v in (-0.2 * size, 0.8 * size)
        ]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        chars.append(
            {
                "text": letter,
                "x0": min(xs),
                "x1": max(xs),
                "top": 842 - max(ys),
                "bottom": 842 - min(ys),
                "size": max(ys) - min(ys),
                "adv": adv,
                "matrix": (size * cos, size * sin, -size * sin, size * cos, ox, oy),
                "upright": abs(sin) < abs(cos) and cos > 0,
                "fontname": "ABCDEF+Sans-Bold",
                "non_stroking_color": (0.8,),
            }
        )
    return chars


@pytest.mark.parametrize("angle", [0, 30, 45, 60, 90, 180, 270, -30])
def test_pdf_layout_turned_text_read_in_its_own_direction(angle: float) -> None:
    chars = _turned_word("Concept", angle)
    assert [is_horizontal(c) for c in chars] == [angle == 0] * 7
    assert round(writing_angle(chars[0])) % 360 == angle % 360
    flow, apart = lines_by_direction([], chars, page=1) if angle else (build_lines(chars, 1), [])
    (line,) = flow + apart
    assert line.text == "Concept"


def test_pdf_layout_slanted_glyphs_are_horizontal_text() -> None:
    """A synthetic italic shears the glyphs (matrix c != 0) but keeps the baseline horizontal."""
    chars = [{**c, "matrix": (10.0, 0.0, 2.1, 10.0, c["x0"], 700.0)} for c in _body_line("schuin", 50, 142)]
    assert all(is_horizontal(c) for c in chars)
    (line,) = build_lines(chars, 1)
    assert line.text == "schuin"


def test_pdf_layout_upright_flag_only_without_a_matrix() -> None:
    """A char source without text matrices (only `upright`) still keeps sideways text apart."""
    chars = [{k: v for k, v in c.items() if k != "matrix"} for c in _turned_word("Zorg", 90)]
    assert not any(is_horizontal(c) for c in chars)
    _, apart = lines_by_direction([], chars, page=1)
    assert [(ln.text, ln.kind) for ln in apart] == [("Zorg", "furniture")]


def _body_char(text: str, x0: float, bottom: float, size: float = 10.0) -> dict:
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 0.5 * size,
        "top": bottom - size,
        "bottom": bottom,
        "size": size,
        "fontname": "ABCDEF+Body-Regular",
        "non_stroking_color": (0,),
        "upright": True,
        "matrix": (size, 0, 0, size, x0, 842 - bottom),
    }


def _body_line(text: str, x0: float, bottom: float, size: float = 10.0) -> list[dict]:
    return [_body_char(ch, x0 + i * 0.5 * size, bottom, size) for i, ch in enumerate(text)]


def test_pdf_layout_narrow_gutter_splits_columns_a_wide_word_space_does_not() -> None:
    # two columns 10 points apart (one font size: under the old 1.6 limit), five rows each
    left = [f"links regel {i} over zorg" for i in range(5)]
    right = [f"rechts regel {i} over geld" for i in range(5)]
    chars = []
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        chars += _body_line(a, 50, 100 + 12 * i)
        chars += _body_line(b, 50 + 5 * len(a) + 10, 100 + 12 * i)
    texts = sorted(ln.text for ln in build_lines(chars, 1))
    assert texts == sorted(left + right)
    # a single wide gap in one line of a single column is a word space
    (line,) = build_lines(_body_line("een", 50, 100) + _body_line("woord", 50 + 15 + 10, 100), 1)
    assert line.text == "een woord"


def test_pdf_layout_duplicate_glyphs_drawn_twice_read_once() -> None:
    chars = []
    for c in _body_line("dubbel", 50, 100):
        chars += [c, {**c, "x0": c["x0"] + 0.3, "x1": c["x1"] + 0.3}]
    (line,) = build_lines(chars, 1)
    assert line.text == "dubbel"


def _with_ligature(word: str, pair: str, ligature: bool) -> list[dict]:
    """`word` whose first `pair` is one glyph: its second letter on the first's box, an x0 step on."""
    chars = _body_line(word, 50, 100)
    i = word.index(pair) + 1
    first = chars[i - 1]
    chars[i] = {**first, "text": word[i], "x0": first["x0"] + LIGATURE_STEP, LIGATURE_KEY: ligature}
    for later in chars[i + 1 :]:  # the glyph after the ligature stands one letter nearer
        later["x0"] -= 5.0
        later["x1"] -= 5.0
    return chars


@pytest.mark.parametrize(
    ("word", "pair", "ligature", "expected"),
    [
        ("effect", "ff", True, "effect"),
        ("zitten", "tt", True, "zitten"),
        ("officieel", "ff", True, "officieel"),
        ("finaal", "fi", True, "finaal"),  # letters differ: never taken for a duplicate
        ("effect", "ff", False, "efect"),  # no ligature: the same glyph drawn twice, read once
    ],
)
def test_pdf_layout_letters_of_one_ligature_glyph(
    word: str, pair: str, ligature: bool, expected: str
) -> None:
    (line,) = build_lines(_with_ligature(word, pair, ligature), 1)
    assert line.text == expected


# --- garbled text -------------------------------------------------------------------------------


_interleave = fx.interleave


INTERLEAVED_CASES = [
    # (text, has an interleaved run)
    (_interleave("de zorgaanbieder levert het verslag", "wij kopen zorg in bij de regio"), True),
    (_interleave("Wachtlijsten groeien in de regio", "Sinds 2015 zijn er meer aanbieders"), True),
    ("Zie de toelichting: o.a. art. 3 lid 1 sub a, n.v.t. voor ZBC's.", False),
    ("Marjo Vissers en Cas Ceulen tekenen namens Coöperatie VGZ.", False),
    ("Het contact loopt via inkoop-msz@voorbeeld.nl of https://www.voorbeeld.nl/zorginkoop.", False),
    ("’t Gooi incl. Almere, Noord-Holland Noord en de regio Zwolle.", False),
    ("U kunt uw vragen t/m 12 juni stellen; wij antwoorden binnen 5 werkdagen.", False),
    ("De NZa, ZN en de IGJ houden toezicht op de Wlz en de Zvw.", False),
]


@pytest.mark.parametrize(("text", "interleaved"), INTERLEAVED_CASES)
def test_pdf_layout_interleaved_run_detector(text: str, interleaved: bool) -> None:
    assert (interleaved_run(text) is not None) == interleaved


def test_pdf_layout_garbled_page_named_in_one_warning(tmp_path: Path) -> None:
    path = fx.garbled_page_pdf(tmp_path / "rommel.pdf")
    doc = read_document(path)
    garbled = [w for w in doc.warnings if "garbled" in w]
    assert len(garbled) == 1
    assert garbled[0].startswith("rommel.pdf: ") and "mostly unreadable: page 2)" in garbled[0]
    assert unreadable_pages(doc.lines) == [2]


def test_pdf_layout_clean_document_has_no_garbled_warning(tmp_path: Path) -> None:
    doc = read_document(fx.watermark_pdf(tmp_path / "schoon.pdf"))
    assert doc.warnings == []
    assert doc.text_quality is not None and doc.text_quality >= 0.95


def test_pdf_layout_garbled_text_export_warned_through_the_same_check(tmp_path: Path) -> None:
    lines = [_interleave(a, b) for a, b in zip(fx.WATERMARK_BODY, fx.FILLER * 2, strict=False)]
    path = tmp_path / "export.txt"
    path.write_text("\n".join(fx.WATERMARK_BODY[:2] + lines * 3) + "\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text_quality is not None and doc.text_quality < 0.7
    assert [w for w in doc.warnings if "garbled" in w] == [
        f"export.txt: garbled text ({doc.text_quality:.0%} known words); the text layer may be damaged"
    ]


def test_pdf_layout_garbled_warning_in_documents_table_and_one_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    fx.garbled_page_pdf(raw / "rommel.pdf")
    with caplog.at_level(logging.WARNING, logger="pipeline"):
        report = run(raw, out, Options(jobs=1), progress=False, compare=False)
    assert report.processed == ["rommel.pdf"]
    warnings = read_table(out, "documents")["warnings"].tolist()
    assert len(warnings) == 1 and "garbled text" in warnings[0] and "page 2" in warnings[0]
    logged = [r.getMessage() for r in caplog.records if "garbled" in r.getMessage()]
    assert logged == [warnings[0]]


@pytest.mark.parametrize(
    ("texts", "quality_below", "warned"),
    [
        (["De zorgaanbieder levert elk jaar een verslag aan over de resultaten."] * 20, None, False),
        ([_interleave("de zorgaanbieder levert", "wij kopen zorg in")] * 20, 0.7, True),
    ],
)
def test_pdf_layout_garbled_warning_from_lines(
    texts: list[str], quality_below: float | None, warned: bool
) -> None:
    lines = [Line(text=t) for t in texts]
    quality = text_quality(lines)
    assert quality is not None and (quality_below is None or quality < quality_below)
    assert (garbled_warning("doc.txt", lines, quality) is not None) == warned


# --- real documents of other publishers ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not OTHER.exists(), reason="../shared/corpus-other not available")
@pytest.mark.parametrize("path", sorted(OTHER.glob("*.pdf")), ids=lambda p: p.name)
def test_pdf_layout_other_publishers_read_cleanly(path: Path) -> None:
    doc = read_document(path)
    assert doc.text_quality is not None and doc.text_quality >= 0.85
    assert not [w for w in doc.warnings if "garbled" in w]
    seg = segment(doc)
    interleaved = [s.text for s in seg.sentences if interleaved_run(s.text)]
    assert interleaved == []
    if path.name in OTHER_TITLES:
        assert find_metadata(doc).title == OTHER_TITLES[path.name]


def layout_char(text: str, size: float, bottom: float) -> dict[str, object]:
    return {"text": text, "size": size, "bottom": bottom}


# (chars of a fragment as (text, size, bottom), its body size and median baseline)
BODY_METRICS_CASES = [
    ([("A", 10.0, 100.0), ("b", 10.0, 100.0), ("1", 6.0, 96.0)], (10.0, 100.0)),
    ([(" ", 10.0, 100.0), ("A", 12.0, 102.0), ("b", 10.0, 100.0)], (12.0, 102.0)),  # tie: first visible
    ([("A", 10.04, 100.0), ("b", 9.96, 101.0), ("c", 12.0, 104.0)], (10.0, 100.5)),  # rounded to 0.1 pt
    ([("A", 10.0, 100.0), (" ", 10.0, 90.0), ("b", 10.0, 100.0)], (10.0, 100.0)),  # a space's baseline too
]


@pytest.mark.parametrize("chars,expected", BODY_METRICS_CASES)
def test_pdf_layout_body_metrics(chars: list[tuple[str, float, float]], expected: tuple[float, ...]) -> None:
    assert _body_metrics([layout_char(*c) for c in chars]) == expected


HELVETICA, HELVETICA_BOLD, BLACK, RED = "Helvetica", "Helvetica-Bold", (0.0, 0.0, 0.0), (1.0, 0.0, 0.0)
NO_COLOUR = object()  # a char without the colour key

# (chars as (font name, size, colour), the style counts in the order the styles first appear)
STYLE_COUNT_CASES = [
    ([(HELVETICA, 10.0, BLACK)] * 3, [("Helvetica|10.0|R|000000", 3)]),
    (
        [(HELVETICA, 10.0, BLACK), (HELVETICA_BOLD, 10.0, BLACK), (HELVETICA, 10.0, BLACK)],
        [("Helvetica|10.0|R|000000", 2), ("Helvetica-Bold|10.0|B|000000", 1)],
    ),
    (
        [(HELVETICA, 10.0, RED), (HELVETICA, 10.0, BLACK)],
        [("Helvetica|10.0|R|ff0000", 1), ("Helvetica|10.0|R|000000", 1)],
    ),
    (
        [(HELVETICA, 10.0, BLACK), (HELVETICA, 12.0, BLACK)],
        [("Helvetica|10.0|R|000000", 1), ("Helvetica|12.0|R|000000", 1)],
    ),
    (
        [(HELVETICA, 10, BLACK), (HELVETICA, 10.0, BLACK)],
        [("Helvetica|10|R|000000", 1), ("Helvetica|10.0|R|000000", 1)],
    ),
    (
        [(HELVETICA, 10.0, [1.0, 0.0, 0.0])] * 2,
        [("Helvetica|10.0|R|ff0000", 2)],
    ),  # a colour list is no cache key
    ([(HELVETICA, 10.0, None), (HELVETICA, 10.0, NO_COLOUR)], [("Helvetica|10.0|R|000000", 2)]),  # no colour
]


@pytest.mark.parametrize("chars,expected", STYLE_COUNT_CASES)
def test_pdf_layout_style_counts(chars: list[tuple], expected: list[tuple[str, int]]) -> None:
    """Counted per char whether neighbours share their font, size and colour objects or only equal them."""
    shared = [{"fontname": f, "size": s, "non_stroking_color": c} for f, s, c in chars]
    shared = [{k: v for k, v in c.items() if v is not NO_COLOUR} for c in shared]
    copied = [pickle.loads(pickle.dumps(c)) for c in shared]  # equal values, other objects
    assert list(_style_counts(shared).items()) == expected
    assert list(_style_counts(copied).items()) == expected
