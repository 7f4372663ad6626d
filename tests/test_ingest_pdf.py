"""Tests of the PDF reader (pipeline/ingest/pdf.py) on reportlab fixtures and the corpus PDF 005.

Fixture PDFs are built in tmp_path by tests/pdf_fixtures.py; the corpus PDF is read from
../shared/corpus relative to the repository root and the test is skipped when it is absent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.errors import DocumentError
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.pdf_styles import BlockInfo, StyleInfo, assign_levels
from pipeline.model import Document, Line
from tests import pdf_fixtures as fx

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PDF_005 = CORPUS / "005_6375d722b6ad8ba4.pdf"


def _read(builder: Callable[[Path], Path], tmp_path: Path) -> Document:
    path = builder(tmp_path / "doc.pdf")
    return read_pdf(path, path.name)


def _kind(doc: Document, kind: str) -> list[Line]:
    return [ln for ln in doc.lines if ln.kind == kind]


def _running_text(doc: Document) -> str:
    return " ".join(ln.text for ln in doc.lines if ln.kind in ("body", "list_item"))


def test_ingest_pdf_furniture_labelled_not_body(tmp_path: Path) -> None:
    doc = _read(fx.furniture_pdf, tmp_path)
    furniture = [ln.text for ln in _kind(doc, "furniture")]
    assert furniture.count("Inkoopbeleid Testzorg 2026") == 4
    assert furniture.count("Voorbeeldverzekeraar Zorginkoop") == 4
    assert {"1", "2", "3", "4"} <= set(furniture)
    assert "Testzorg" not in _running_text(doc)
    assert doc.page_count == 4 and all(ln.page for ln in doc.lines)


def test_ingest_pdf_two_columns_read_left_then_right(tmp_path: Path) -> None:
    doc = _read(fx.two_column_pdf, tmp_path)
    texts = [ln.text for ln in doc.lines if ln.kind != "blank"]
    left = [i for i, t in enumerate(texts) if t.startswith("Links")]
    right = [i for i, t in enumerate(texts) if t.startswith("Rechts")]
    assert len(left) == len(right) == 8
    assert max(left) < min(right)


def test_ingest_pdf_table_rows_not_in_running_text(tmp_path: Path) -> None:
    doc = _read(fx.table_pdf, tmp_path)
    rows = _kind(doc, "table_row")
    assert [r.cells for r in rows][1] == ["Offerte indienen", "Zorgaanbieder", "1-9-2026"]
    assert len(doc.tables) == 1 and doc.tables[0].rows[0] == ["Stap", "Wie?", "Uiterste datum"]
    assert "Zorgaanbieder" not in _running_text(doc)
    kinds = [ln.kind for ln in doc.lines if ln.kind != "blank"]
    assert kinds.index("table_row") > kinds.index("body")  # the table stands after the first paragraph


def test_ingest_pdf_hyphenation(tmp_path: Path) -> None:
    text = _running_text(_read(fx.hyphenation_pdf, tmp_path))
    assert "zorgverzekeraar" in text
    assert "huisartsen- en ziekenhuiszorg" in text
    assert "niet-gecontracteerde" in text


def test_ingest_pdf_heading_levels(tmp_path: Path) -> None:
    doc = _read(fx.headings_pdf, tmp_path)
    heads = [(ln.text, ln.heading_level) for ln in _kind(doc, "heading")]
    assert heads == [
        ("1 Inleiding op het beleid", 1),
        ("1.1 Wij kopen zorg in voor onze verzekerden", 2),
        ("1.2 Een lange paragraaftitel die over twee regels loopt omdat de tekst niet past", 2),
        ("Voorwaarden voor een contract", 3),
        ("1.3 Wij betalen binnen dertig dagen", 2),
    ]


def test_ingest_pdf_footnote_marks_split_off(tmp_path: Path) -> None:
    doc = _read(fx.footnotes_pdf, tmp_path)
    line = next(ln for ln in doc.lines if "mln" in ln.text)
    assert "mln voor het jaar 2023 en de onderaannemers betalen mee." in line.text
    assert line.footnote_marks == ["6", "7", "14"]
    assert [(f.mark, f.text) for f in doc.footnotes] == [
        ("6", "Het bedrag geldt voor alle regio's."),
        ("7", "Het jaar waarin de afspraak is gemaakt."),
        ("14", "Onderaannemers leveren zorg namens de zorgaanbieder."),
    ]
    assert len(_kind(doc, "footnote")) == 3
    assert "Onderaannemers leveren" not in _running_text(doc)


def test_ingest_pdf_box_does_not_cut_sentence(tmp_path: Path) -> None:
    text = _running_text(_read(fx.box_pdf, tmp_path))
    assert "via het portaal en vermeldt daarbij de gegevens van de locatie, de doelgroep" in text
    assert "Dien uw offerte op tijd in." in text


def test_ingest_pdf_toc_and_back_cover(tmp_path: Path) -> None:
    doc = _read(fx.toc_and_back_cover_pdf, tmp_path)
    toc = _kind(doc, "toc")
    assert toc[0].text == "Inhoudsopgave" and len(toc) == 6
    assert [ln.text for ln in _kind(doc, "heading")][:2] == ["1 Inleiding", "2 Procedure"]
    furniture = " ".join(ln.text for ln in _kind(doc, "furniture"))
    assert "Postbus 1234" in furniture and "www.voorbeeldverzekeraar.nl" in furniture


@pytest.mark.parametrize(
    ("builder", "kind"),
    [
        (fx.encrypted_pdf, "encrypted"),
        (fx.truncated_pdf, "corrupt"),
        (lambda p: (p.write_bytes(b"\x00junk bytes, not a PDF" * 50), p)[1], "corrupt"),
        (lambda p: (p.write_bytes(b""), p)[1], "empty"),
        (fx.image_only_pdf, "no_text_layer"),
    ],
    ids=["encrypted", "truncated", "junk", "empty", "image-only"],
)
def test_ingest_pdf_bad_input(tmp_path: Path, builder: Callable[[Path], Path], kind: str) -> None:
    path = builder(tmp_path / "bad.pdf")
    with pytest.raises(DocumentError) as err:
        read_pdf(path, "bad.pdf")
    assert err.value.kind == kind
    assert "bad.pdf" in err.value.message


BODY = "Sans|10.0|R|000000"

# (heading styles as (style key, numbering depth of its headings, number of headings), expected levels);
# None is a contextual level: one below the last structural heading.
STYLE_CASES = [
    (
        [("Sans|18.0|B|1f4e79", 1, 8), ("Sans|12.0|B|1f4e79", 2, 20), ("Sans|10.0|B|000000", 0, 6)],
        [1, 2, None],
    ),
    ([("Sans|16.0|B|000000", 0, 5), ("Sans|13.0|B|000000", 0, 9), ("Sans|11.0|B|c00000", 0, 12)], [1, 2, 3]),
    (
        [("Display|10.0|B|1f4e79", 2, 30), ("Sans|10.0|B|1f4e79", 3, 25), ("Display|32.0|B|1f4e79", 1, 8)],
        [2, 3, 1],
    ),
    (
        [("Display|36.0|B|1f4e79", 0, 1), ("Display|32.0|B|1f4e79", 1, 8), ("Display|10.0|B|1f4e79", 2, 40)],
        [1, 1, 2],
    ),
    (
        [("Sans|14.0|B|000000", 1, 6), ("Sans|11.0|B|2e75b6", 0, 1), ("Sans|12.0|B|000000", 2, 10)],
        [1, None, 2],
    ),
    (
        [("Sans|14.0|B|000000", 0, 6), ("Sans|12.0|B|000000", 0, 10), ("Sans|10.0|B|000000", 0, 7)],
        [1, 2, None],
    ),
]


@pytest.mark.parametrize(("styles", "expected"), STYLE_CASES)
def test_ingest_pdf_style_ranking(styles: list[tuple[str, int, int]], expected: list[int | None]) -> None:
    blocks = [
        BlockInfo([0], key, f"{'1.' * depth} Titel", depth) for key, depth, n in styles for _ in range(n)
    ]
    levels = assign_levels(blocks, StyleInfo.parse(BODY))
    assert [levels[key] for key, _, _ in styles] == expected


@pytest.mark.skipif(not PDF_005.exists(), reason="corpus PDF not available")
def test_ingest_pdf_corpus_005() -> None:
    doc = read_pdf(PDF_005, PDF_005.name)
    assert "Inkoopbeleid" in (doc.cover_title or "")
    levels = {ln.text: ln.heading_level for ln in doc.lines if ln.kind == "heading"}
    assert levels["1.2 Een betere toegang tot complexe en essentiële zorg in de regio"] == 2
    assert (
        levels[
            "1.2.1 Hoog complexe en essentiële zorg krijgt een tariefsopslag, maar we willen minder "
            "groei meerzorg"
        ]
        == 3
    )
    assert levels["U kunt vragen stellen voor de Nota van Inlichtingen"] == 4
    assert levels["Voorwoord"] == 1
    running = [ln.text for ln in doc.lines if ln.kind in ("body", "list_item", "heading", "table_row")]
    glued = [t for t in running if re.search(r"[a-z]{3,}\d{1,2}\b", t) or "mln6" in t or "20231 " in t]
    assert glued == []
    assert len(doc.footnotes) >= 10 and doc.tables


def _char(text: str, x0: float, size: float = 10.0, bottom: float = 110.0, **extra: object) -> dict:
    """A pdfplumber-like char; the width is half the size per letter."""
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 0.5 * size * len(text),
        "top": bottom - size,
        "bottom": bottom,
        "size": size,
        "fontname": "ABCDEF+Body-Regular",
        "non_stroking_color": (0,),
        "upright": True,
        **extra,
    }


def _word(text: str, x0: float, **kw: object) -> list[dict]:
    return [_char(c, x0 + 5 * i, **kw) for i, c in enumerate(text)]


def test_ingest_pdf_char_style_cached_by_font_size_and_colour() -> None:
    from pipeline.ingest.pdf_styles import char_style

    bold = {"fontname": "XYZ+Arial-Bold", "non_stroking_color": (0, 0, 1)}
    # the cache keeps an int size (printed without a decimal) apart from a float one
    assert char_style({**bold, "size": 10}) == "Arial-Bold|10|B|0000ff"
    assert char_style({**bold, "size": 10.0}) == "Arial-Bold|10.0|B|0000ff"
    assert char_style({**bold, "size": 10}) == "Arial-Bold|10|B|0000ff"
    # an unhashable colour is still read (not cached)
    assert char_style({**bold, "size": 9.96, "non_stroking_color": [1, 0, 0]}) == "Arial-Bold|10.0|B|ff0000"
    assert char_style({"fontname": "Arial", "size": 8.0}) == "Arial|8.0|R|000000"


def test_ingest_pdf_fragment_marks_and_spaces() -> None:
    from pipeline.ingest.pdf_layout import build_lines

    mark = {"size": 6.0, "bottom": 106.0}
    chars = [
        *_word("Zie", 50),
        _char("1", 65, **mark),
        *_word("tekst", 72),
        _char("2", 97, **mark),
        _char(" ", 100),
        *_word("de", 103),
        _char("1", 120),
        _char("e", 125, **mark),
    ]
    (line,) = build_lines(chars, page=3)
    # digits raised after a word are footnote marks; raised letters ("1e") stay in the text
    assert (line.text, line.marks, line.lead_mark) == ("Zie tekst de 1e", ["1", "2"], None)
    assert (line.page, line.x0, line.n_chars, line.style) == (3, 50, 11, "Body-Regular|10.0|R|000000")
    assert line.homogeneous and line.top == 100.0 and line.bottom == 110.0

    # a mark before any text (only a space) is the lead mark of a footnote
    (note,) = build_lines([_char(" ", 40), _char("3", 45, **mark), *_word("Noot", 52)], page=1)
    assert (note.text, note.lead_mark, note.marks) == ("Noot", "3", [])
