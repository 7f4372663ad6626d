"""The two PDF engines (pipeline/ingest/pdf.py) read the same documents the same way.

Every fixture PDF of tests/pdf_fixtures.py and the PDFs of ../shared (skipped when absent)
are read with `pdfium` and with `pdfplumber`, and their sentences, sections, furniture
lines, tables and footnotes compared. Where the engines differ for a known reason, the
difference is allowed by the rule that names that reason (`ALLOWED`), and nothing else is.
Bad PDFs give the same error kinds with both engines.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

import pipeline.__main__
from pipeline.__main__ import app
from pipeline.corpus.jobs import Job, process_job
from pipeline.corpus.run import ErrorRow, RunReport
from pipeline.errors import DocumentError
from pipeline.ingest import pdf as pdf_module
from pipeline.ingest import pdfium_source
from pipeline.ingest.pdf import PageContent, read_pdf
from pipeline.model import Document
from pipeline.settings import PDF_ENGINES, Options, load_options
from pipeline.structure import segment
from tests import pdf_fixtures as fx
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared"
SHARED_PDFS = sorted((SHARED / "corpus").glob("*.pdf")) + sorted((SHARED / "corpus-other").glob("*.pdf"))


# --- what each engine gives -----------------------------------------------------------------------


@dataclass
class Reading:
    """The parts of a read PDF that later stages use, as comparable lists (with pages)."""

    sentences: list[tuple[int | None, str]]
    sections: list[tuple[int | None, str]]  # (page, "level|number|title")
    furniture: list[tuple[int | None, str]]
    tables: list[list[list[str]]]
    footnotes: list[tuple[int | None, str]]
    meta: tuple[int | None, str | None, str | None]
    outline: list[tuple[int, str, int | None]]


def reading(doc: Document) -> Reading:
    seg = segment(doc)
    return Reading(
        sentences=[(s.page, s.text) for s in seg.sentences],
        sections=[(s.page, f"{s.level}|{s.number}|{s.title}") for s in seg.sections],
        furniture=[(ln.page, ln.text) for ln in doc.lines if ln.kind == "furniture"],
        tables=[t.rows for t in doc.tables],
        footnotes=[(f.page, f"{f.mark} {f.text}") for f in doc.footnotes],
        meta=(doc.page_count, doc.metadata_title, doc.cover_title),
        outline=[(o.level, o.title, o.page) for o in doc.outline],
    )


def read_both(path: Path) -> tuple[Reading, Reading]:
    return reading(read_pdf(path, path.name, "pdfplumber")), reading(read_pdf(path, path.name, "pdfium"))


# --- the differences we know, and why -------------------------------------------------------------


def _squeezed(texts: list[str]) -> str:
    return re.sub(r"\s+", "", "".join(texts))


# pdfplumber orders a space drawn over the first letter of a word after that letter ("7 U
# itgangspunt", "Bijlage 1 R egistreren"); pdfium has no such space. A differing run of
# sentences (or headings, furniture, footnotes) is allowed when only its spaces differ.
def spaces_only(a: list[str], b: list[str]) -> bool:
    return _squeezed(a) == _squeezed(b)


# pdfium drops the space drawn after a hyphen it takes for a line end. Where another column
# follows on the same row, pdfplumber's line runs on over that space into the column
# ("hoofd- (samenwerkende)") and pdfium's ends at the hyphen, which changes the page's column
# order. On these pages the text may come in another order: the same chars, nothing lost (x01
# p47, and p46 where a paragraph starts that runs on into p47).
REORDERED_PAGES: dict[str, set[int]] = {"x01_c1f4a36a.pdf": {46, 47}}


def unexplained(a: list[str], b: list[str]) -> list[tuple[list[str], list[str]]]:
    """The differing runs of two lists that differ in more than spaces."""
    out = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal" and not spaces_only(a[i1:i2], b[j1:j2]):
            out.append((a[i1:i2], b[j1:j2]))
    return out


def assert_same(plumber: Reading, pdfium: Reading, reordered: set[int] = frozenset()) -> None:
    for name in ("sentences", "sections", "furniture", "footnotes"):
        ours, theirs = getattr(pdfium, name), getattr(plumber, name)
        # on the reordered pages the same chars (of the titles, for headings), in any order
        moved = [
            sorted(_squeezed([t.split("|")[-1] for p, t in items if p in reordered]))
            for items in (theirs, ours)
        ]
        assert moved[0] == moved[1], name
        kept = [[t for p, t in items if p not in reordered] for items in (theirs, ours)]
        assert unexplained(*kept) == [], name
    assert plumber.tables == pdfium.tables
    assert plumber.meta == pdfium.meta
    assert plumber.outline == pdfium.outline


# --- fixtures: every builder of tests/pdf_fixtures.py, and a few more layouts ----------------------


def rotated_page_pdf(path: Path) -> Path:
    """A landscape page stored as portrait with /Rotate 90, text upright on screen, and a side label."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(90)
    c.saveState()
    c.translate(fx.WIDTH, 0)
    c.rotate(90)  # the page shows rotated: draw in the rotated frame so the text reads upright
    y = fx.WIDTH - 60
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, y, "1 Inkoop in liggend formaat")
    for line in fx.FILLER * 2:
        y -= fx.LEADING
        c.setFont("Helvetica", 10)
        c.drawString(50, y, line)
    c.restoreState()
    c.setFont("Helvetica", 7)
    c.drawString(20, 20, "Drukcode 2026-01")  # sideways once the page is turned
    c.showPage()
    c.save()
    return path


def form_xobject_pdf(path: Path) -> Path:
    """Running header and a ruled table drawn inside form XObjects (as many generators do)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.beginForm("header")
    c.setFont("Helvetica", 8)
    c.drawString(50, fx.HEIGHT - 30, "Inkoopbeleid in een formulier")
    c.endForm()
    c.beginForm("grid")
    xs, tops = [50, 250, 400, 545], [600, 580, 560, 540]
    for y in tops:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, tops[0], x, tops[-1])
    c.endForm()
    for n in range(1, 4):
        c.doForm("header")
        y = fx._paragraph(c, fx.HEIGHT - 80, fx.FILLER)
        if n == 2:
            c.doForm("grid")
            for r, row in enumerate(
                [
                    ["Stap", "Wie", "Datum"],
                    ["Offerte", "Aanbieder", "1-9-2026"],
                    ["Besluit", "Verzekeraar", "1-10-2026"],
                ]
            ):
                for i, cell in enumerate(row):
                    fx._text(c, [54, 254, 404][i], 586 - r * 20, cell)
        c.showPage()
    c.save()
    return path


def tab_leader_pdf(path: Path) -> Path:
    """A contents page whose page numbers stand after a tab drawn as a separate run of spaces."""
    c = canvas.Canvas(str(path), pagesize=A4)
    fx._text(c, 50, fx.HEIGHT - 70, "Inhoudsopgave", ("Helvetica-Bold", 18), fx.BLUE)
    for i, (title, page) in enumerate([("1 Inleiding", 2), ("2 Procedure", 2), ("3 Planning", 3)]):
        y = fx.HEIGHT - 110 - i * 16
        fx._text(c, 50, y, title + " ")
        t = c.beginText(300, y)
        t.setFont("Helvetica", 10)
        t.textOut("  ")  # a blank run on its own: pdfium leaves it out of its text page
        c.drawText(t)
        fx._text(c, 500, y, str(page))
    c.showPage()
    for title in ("1 Inleiding", "2 Procedure"):
        fx._text(c, 50, fx.HEIGHT - 70, title, ("Helvetica-Bold", 18), fx.BLUE)
        fx._paragraph(c, fx.HEIGHT - 100, fx.FILLER * 2)
        c.showPage()
    c.save()
    return path


def cmyk_and_ligature_pdf(path: Path) -> Path:
    """Headings in a CMYK colour, body text in a grey, words with ligature-prone letter pairs."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = fx.HEIGHT - 70
    for n in (1, 2):
        fx._text(
            c, 50, y, f"{n} Financiële afspraken", ("Helvetica-Bold", 14), colors.CMYKColor(1, 0.6, 0, 0.2)
        )
        y -= 24
        for line in ["De officiële offerte is definitief na de flinke toetsing van het", *fx.FILLER]:
            fx._text(c, 50, y, line, colour=colors.Color(0.25, 0.25, 0.25))
            y -= fx.LEADING
        y -= 12
    c.showPage()
    c.save()
    return path


FIXTURES: dict[str, Callable[[Path], Path]] = {
    "furniture": fx.furniture_pdf,
    "two_column": fx.two_column_pdf,
    "table": fx.table_pdf,
    "hyphenation": fx.hyphenation_pdf,
    "headings": fx.headings_pdf,
    "footnotes": fx.footnotes_pdf,
    "box": fx.box_pdf,
    "toc_and_back_cover": fx.toc_and_back_cover_pdf,
    "rotated_page": rotated_page_pdf,
    "form_xobject": form_xobject_pdf,
    "tab_leader": tab_leader_pdf,
    "cmyk_and_ligature": cmyk_and_ligature_pdf,
    "ligature_glyphs": fx.ligature_pdf,
}


@pytest.mark.parametrize("builder", FIXTURES.values(), ids=FIXTURES.keys())
def test_pdf_engines_agree_on_fixture(tmp_path: Path, builder: Callable[[Path], Path]) -> None:
    plumber, pdfium = read_both(builder(tmp_path / "doc.pdf"))
    assert plumber.sentences  # the fixture has text at all
    assert_same(plumber, pdfium)
    assert plumber == pdfium  # on these simple layouts not even an allowed difference occurs


@pytest.mark.parametrize("rotate", [0, 90])
@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_pdf_engines_read_both_letters_of_a_ligature_glyph(tmp_path: Path, engine: str, rotate: int) -> None:
    # pdfium gives the letters of one glyph one box; the second `f` of `ff` was once dropped as
    # the same glyph drawn twice (fake bold), which made "effecten" "efecten"
    doc = read_pdf(fx.ligature_pdf(tmp_path / "doc.pdf", rotate), "doc.pdf", engine)
    assert [ln.text for ln in doc.lines] == [fx.LIGATURE_SENTENCE]


def test_pdf_engines_keep_a_tab_run_on_its_line(tmp_path: Path) -> None:
    doc = read_pdf(tab_leader_pdf(tmp_path / "toc.pdf"), "toc.pdf", "pdfium")
    assert [ln.text for ln in doc.lines if ln.kind == "toc"][1:] == [
        "1 Inleiding 2",
        "2 Procedure 2",
        "3 Planning 3",
    ]


def test_pdf_engines_rotated_page_reads_upright(tmp_path: Path) -> None:
    for engine in PDF_ENGINES:
        doc = read_pdf(rotated_page_pdf(tmp_path / f"{engine}.pdf"), "rot.pdf", engine)
        assert doc.cover_title == "1 Inkoop in liggend formaat"
        assert [ln.text for ln in doc.lines if ln.kind == "body"][1:3] == fx.FILLER[:2]
        # the side label is furniture, read in its own writing direction
        (label,) = [ln.text for ln in doc.lines if ln.kind == "furniture"]
        assert label == "Drukcode 2026-01"


def is_turned(char: dict) -> bool:
    """Text at an angle that pdfminer still calls upright (a diagonal watermark)."""
    a, b, c, d = char["matrix"][:4]
    return char["upright"] and (abs(b) > 1e-6 or abs(c) > 1e-6)


@pytest.mark.slow
@pytest.mark.parametrize("path", SHARED_PDFS, ids=[p.name for p in SHARED_PDFS])
def test_pdf_engines_agree_on_shared_pdf(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compared without turned text: x01 has a diagonal "Concept" on every page, whose chars
    pdfminer calls upright; their 250 pt boxes pull whole columns into one row in both
    engines, and the order of chars at equal x in that row is float noise. Both engines find
    the same turned chars."""
    from pipeline.ingest import pdf as pdf_module

    turned: dict[str, int] = {}
    lay_out_page = pdf_module.lay_out_page

    def without_turned(page: PageContent) -> object:
        kept = [c for c in page.chars if not is_turned(c)]
        engine = "pdfium" if "_pdfium" in turned else "pdfplumber"
        turned[engine] = turned.get(engine, 0) + len(page.chars) - len(kept)
        return lay_out_page(replace(page, chars=kept))

    monkeypatch.setattr(pdf_module, "lay_out_page", without_turned)
    plumber = reading(read_pdf(path, path.name, "pdfplumber"))
    turned["_pdfium"] = 0
    pdfium = reading(read_pdf(path, path.name, "pdfium"))
    assert turned.get("pdfplumber", 0) == turned.get("pdfium", 0)
    assert_same(plumber, pdfium, REORDERED_PAGES.get(path.name, set()))


# --- chars, shapes and the table gate -------------------------------------------------------------


def test_pdf_engines_chars_have_pdfplumbers_keys_and_geometry(tmp_path: Path) -> None:
    # Helvetica is not embedded, so both engines place glyphs with their own metrics of it;
    # they agree on plain letters (a euro sign has no width in pdfminer's and moves what follows)
    path = fx.headings_pdf(tmp_path / "doc.pdf")
    with pdfplumber.open(path) as pdf:
        expected = [c for c in pdf.pages[0].chars if c["text"].strip()]
    pdf = pdfium_source.open_pdf(path)
    got = [c for c in pdfium_source.read_page(pdf, 0).chars if c["text"].strip()]
    pdf.close()
    assert [c["text"] for c in got] == [c["text"] for c in expected]
    for ours, theirs in zip(got, expected, strict=True):
        assert ours["x0"] == pytest.approx(theirs["x0"], abs=0.01)
        assert ours["size"] == pytest.approx(theirs["size"], abs=0.01)
        assert ours["x1"] == pytest.approx(theirs["x1"], abs=0.3)  # a glyph may overhang its advance
        # pdfminer's descent of Helvetica is Adobe's metric, pdfium's (0.02 em lower) that of the font it
        # substitutes; an embedded font gives the same bottom (the corpus test below)
        assert ours["bottom"] == pytest.approx(theirs["bottom"], abs=0.03 * theirs["size"])
        assert ours["bottom"] - ours["top"] == pytest.approx(theirs["bottom"] - theirs["top"], abs=0.01)
        assert ours["fontname"].split("+")[-1] == theirs["fontname"].split("+")[-1]
        assert ours["upright"] is theirs["upright"]
        assert ours["matrix"] == pytest.approx(theirs["matrix"], abs=0.01)


def turned_text_pdf(path: Path) -> Path:
    """A line of body text, a side label at 90 degrees and a watermark at 45 (Helvetica and Times)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(50, 700, "Gewone regel tekst")
    for angle, font, x, y, text in [
        (90, "Helvetica", 30, 100, "Drukcode 2026"),
        (45, "Times-Roman", 150, 300, "CONCEPT"),
    ]:
        c.saveState()
        c.translate(x, y)
        c.rotate(angle)
        c.setFont(font, 24)
        c.drawString(0, 0, text)
        c.restoreState()
    c.showPage()
    c.save()
    return path


def test_pdf_engines_chars_have_pdfminers_advance(tmp_path: Path) -> None:
    """`adv` (the advance in text space) is what the line builder reads of a turned char."""
    path = turned_text_pdf(tmp_path / "doc.pdf")
    with pdfplumber.open(path) as pdf:
        expected = [c for c in pdf.pages[0].chars if c["text"].strip()]
    pdf = pdfium_source.open_pdf(path)
    got = [c for c in pdfium_source.read_page(pdf, 0).chars if c["text"].strip()]
    pdf.close()
    assert sorted(c["text"] for c in got) == sorted(c["text"] for c in expected)
    by_origin = {(c["text"], round(c["matrix"][4]), round(c["matrix"][5])): c for c in expected}
    for ours in got:
        theirs = by_origin[(ours["text"], round(ours["matrix"][4]), round(ours["matrix"][5]))]
        assert ours["adv"] == pytest.approx(theirs["adv"], abs=0.05), ours["text"]
    assert sum(is_turned(c) for c in got) == len("CONCEPT")


def _ch(text: str, x0: float, bottom: float = 100.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 4, "top": bottom - 8, "bottom": bottom, "size": 8.0}


@pytest.mark.parametrize(
    ("chars", "expected"),
    [
        ([_ch("k", 0), _ch("d", 4), _ch("i", 8), _ch(" ", 4)], "k di"),  # a blank run over the d: first
        ([_ch("k", 0), _ch(" ", 4), _ch("d", 4)], "k d"),  # already in content order
        ([_ch("k", 0), _ch("d", 4), _ch(" ", 8)], "kd "),  # a space after its word stays
        ([_ch("k", 0), _ch("d", 4), _ch(" ", 4, bottom=120)], "kd "),  # another line's space stays
        ([_ch("k", 0), _ch("d", 4.001), _ch(" ", 4.004)], "k d"),  # the same start to 0.01 pt
        ([_ch("k", 0), _ch("d", 4), _ch(" ", 4.02)], "kd "),  # a start 0.02 pt on is another start
        ([_ch("d", 4, bottom=120), _ch("k", 0), _ch(" ", 4)], "dk "),  # a letter there on another line
        ([_ch("k", 0), _ch("d", 4), _ch(" ", 4), _ch(" ", 4)], "k  d"),  # two blank runs over the d
        ([_ch("k", 0), _ch("d", 4)], "kd"),  # no space at all
    ],
    ids=[
        "moved",
        "in order",
        "after a word",
        "other line",
        "rounded",
        "not rounded",
        "letter on another line",
        "two spaces",
        "no space",
    ],
)
def test_pdf_engines_table_chars_put_a_space_before_its_word(chars: list[dict], expected: str) -> None:
    page = pdfium_source.PdfiumPage(1, 600, 800, chars, [], True)
    objects = pdfium_source.plumber_objects(page, doctop=800)
    assert "".join(c["text"] for c in objects["char"]) == expected
    assert {c["doctop"] - c["top"] for c in objects["char"]} == {800}


def ligatures_joined(chars: list[dict]) -> list[dict]:
    """pdfium's chars with the letters of one ligature glyph (`f`, `i` on one box, each next letter
    a LIGATURE_STEP further) as one char (`fi`), as pdfminer has them."""
    out: list[dict] = []
    for c in chars:
        same_box = out and (out[-1]["x1"], out[-1]["bottom"]) == (c["x1"], c["bottom"])
        if same_box and 0 < c["x0"] - out[-1]["x0"] <= pdfium_source.LIGATURE_STEP * 1.5:
            out[-1] = {**out[-1], "text": out[-1]["text"] + c["text"]}
        else:
            out.append(c)
    return out


@pytest.mark.skipif(not SHARED_PDFS, reason="shared PDFs not available")
def test_pdf_engines_chars_of_an_embedded_font_sit_where_pdfplumbers_do() -> None:
    path = SHARED_PDFS[0]
    with pdfplumber.open(path) as pdf:
        expected = [c for c in pdf.pages[4].chars if c["text"].strip()]
    pdf = pdfium_source.open_pdf(path)
    got = ligatures_joined([c for c in pdfium_source.read_page(pdf, 4).chars if c["text"].strip()])
    pdf.close()
    assert [c["text"] for c in got] == [c["text"] for c in expected]
    for ours, theirs in zip(got, expected, strict=True):
        for key in ("x0", "top", "bottom", "size"):
            assert ours[key] == pytest.approx(theirs[key], abs=0.01), key


@pytest.mark.parametrize(
    ("builder", "candidates"),
    [(fx.table_pdf, [1]), (fx.box_pdf, []), (fx.furniture_pdf, []), (form_xobject_pdf, [2])],
    ids=["ruled table", "shaded box", "text only", "table in a form"],
)
def test_pdf_engines_table_gate(
    tmp_path: Path, builder: Callable[[Path], Path], candidates: list[int]
) -> None:
    pdf = pdfium_source.open_pdf(builder(tmp_path / "doc.pdf"))
    pages = [pdfium_source.read_page(pdf, i) for i in range(len(pdf))]
    pdf.close()
    assert [p.number for p in pages if p.table_candidate] == candidates


def test_pdf_engines_box_shapes_match_pdfplumber_rects(tmp_path: Path) -> None:
    path = fx.box_pdf(tmp_path / "doc.pdf")
    with pdfplumber.open(path) as plumber:
        expected = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in plumber.pages[0].rects]
    pdf = pdfium_source.open_pdf(path)
    got = [(s["x0"], s["top"], s["x1"], s["bottom"]) for s in pdfium_source.read_page(pdf, 0).shapes]
    pdf.close()
    assert got == [pytest.approx(e, abs=0.01) for e in expected]


# --- bad PDFs and the options ---------------------------------------------------------------------


def wrong_startxref_pdf(path: Path) -> Path:
    """A good PDF whose `startxref` points nowhere."""
    fx.furniture_pdf(path, pages=2)
    data = path.read_bytes()
    at = data.rindex(b"startxref")
    path.write_bytes(data[:at] + b"startxref\n999999\n%%EOF\n")
    return path


def missing_xref_pdf(path: Path) -> Path:
    """A good PDF without its cross-reference table (the trailer kept)."""
    fx.furniture_pdf(path, pages=2)
    data = path.read_bytes()
    xref = data.rindex(b"\nxref") + 1
    trailer, end = data.index(b"trailer", xref), data.rindex(b"startxref")
    path.write_bytes(data[:xref] + data[trailer:end] + b"startxref\n0\n%%EOF\n")
    return path


BAD_PDFS: dict[str, tuple[Callable[[Path], object], str]] = {
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "truncated": (fx.truncated_pdf, "corrupt"),
    "junk": (lambda p: p.write_bytes(b"\x00junk bytes, not a PDF" * 50), "corrupt"),
    "html named pdf": (lambda p: p.write_bytes(b"<html><body>Geen PDF</body></html>"), "corrupt"),
    "encrypted": (fx.encrypted_pdf, "encrypted"),
    "scanned": (fx.image_only_pdf, "no_text_layer"),
}


@pytest.mark.parametrize("engine", PDF_ENGINES)
@pytest.mark.parametrize(("build", "kind"), BAD_PDFS.values(), ids=BAD_PDFS.keys())
def test_pdf_engines_same_error_kind(
    tmp_path: Path, engine: str, build: Callable[[Path], object], kind: str
) -> None:
    path = tmp_path / "slecht.pdf"
    build(path)
    with pytest.raises(DocumentError) as err:
        read_pdf(path, "slecht.pdf", engine)
    assert (err.value.kind, "slecht.pdf" in err.value.message) == (kind, True)


@pytest.mark.parametrize(
    "builder", [wrong_startxref_pdf, missing_xref_pdf], ids=["wrong startxref", "no xref"]
)
def test_pdf_engines_broken_xref_is_read_with_a_warning(
    tmp_path: Path, builder: Callable[[Path], Path]
) -> None:
    """pdfium rebuilds the table from the objects; pdfminer's fallback reads these two as well."""
    path = builder(tmp_path / "kapot.pdf")
    doc = read_pdf(path, "kapot.pdf", "pdfium")
    assert [ln.text for ln in doc.lines if ln.kind == "furniture"].count("Inkoopbeleid Testzorg 2026") == 2
    assert any("cross-reference" in w and "kapot.pdf" in w for w in doc.warnings)
    plumber = read_pdf(path, "kapot.pdf", "pdfplumber")
    assert reading(plumber) == reading(doc) and plumber.warnings == doc.warnings


def _raises(exc: type[Exception], message: str) -> Callable[..., None]:
    def broken(*_: object, **__: object) -> None:
        raise exc(message)

    return broken


def _broken_property(exc: type[Exception], message: str) -> property:
    return property(_raises(exc, message))


# (where the bug is, the engines it reaches, the fixture, what to patch, the error). The last two
# are errors of plain Python types raised inside pdfplumber's calls on a sound file (as an API
# change or our misuse of it would): they are no parse error of the file either.
BUGS = [
    ("line builder", PDF_ENGINES, fx.furniture_pdf, (pdf_module, "lines_by_direction"), ValueError),
    ("box regions", PDF_ENGINES, fx.box_pdf, (pdf_module, "box_regions"), TypeError),
    ("table finder", PDF_ENGINES, fx.table_pdf, (pdf_module, "find_tables"), AttributeError),
    ("pdfium char source", ("pdfium",), fx.table_pdf, (pdfium_source, "could_hold_table"), KeyError),
    ("pdfplumber page shapes", ("pdfplumber",), fx.box_pdf, (pdfplumber.page.Page, "rects"), KeyError),
    ("pdfplumber open", ("pdfplumber",), fx.table_pdf, (pdfplumber, "open"), TypeError),
]
BUG_CASES = [
    (where, engine, build, target, exc) for where, engines, build, target, exc in BUGS for engine in engines
]


@pytest.mark.parametrize(
    ("where", "engine", "build", "target", "exc"), BUG_CASES, ids=[f"{c[0]}, {c[1]}" for c in BUG_CASES]
)
def test_pdf_engines_our_bug_is_not_a_bad_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    engine: str,
    build: Callable[[Path], Path],
    target: tuple[object, str],
    exc: type[Exception],
) -> None:
    """Only the engine's own parse errors become `corrupt`; our bugs surface as themselves."""
    path = build(tmp_path / "doc.pdf")
    owner, name = target
    broken = _broken_property(exc, f"a bug in the {where}") if isinstance(owner, type) else None
    monkeypatch.setattr(owner, name, broken or _raises(exc, f"a bug in the {where}"))
    with pytest.raises(exc, match=f"a bug in the {where}"):
        read_pdf(path, "doc.pdf", engine)


def test_pdf_engines_pdfium_finds_tables_without_pdfminer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pdfplumber's table finder runs on a page made of pdfium's objects: the file is never
    opened in pdfplumber, and the tables are those of the reference engine."""
    path = fx.table_pdf(tmp_path / "tabel.pdf")
    reference = read_pdf(path, "tabel.pdf", "pdfplumber")
    monkeypatch.setattr(pdfplumber, "open", _raises(AssertionError, "pdfplumber opened the file"))
    doc = read_pdf(path, "tabel.pdf", "pdfium")
    assert doc.tables and [t.rows for t in doc.tables] == [t.rows for t in reference.tables]


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_pdf_engines_runner_reports_our_bug_as_internal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    good, bad = fx.furniture_pdf(tmp_path / "goed.pdf"), fx.truncated_pdf(tmp_path / "kapot.pdf")
    options = Options(jobs=1, pdf_engine=engine)
    assert process_job(Job(bad, "kapot.pdf", "bad"), options).kind == "corrupt"  # type: ignore[union-attr]
    monkeypatch.setattr(pdf_module, "lines_by_direction", _raises(KeyError, "x0"))
    row = process_job(Job(good, "goed.pdf", "good"), options)
    assert isinstance(row, ErrorRow)
    assert (row.kind, row.message) == ("internal", "goed.pdf: internal error in stage parse: KeyError: 'x0'")


def test_pdf_engines_option(tmp_path: Path) -> None:
    assert Options().pdf_engine == "pdfium"
    assert Options(pdf_engine="pdfplumber").fingerprint != Options().fingerprint
    params = tmp_path / "params.yaml"
    params.write_text("run:\n  pdf_engine: pdfplumber\n")
    assert load_options(params).pdf_engine == "pdfplumber"
    assert load_options(params, pdf_engine="pdfium").pdf_engine == "pdfium"
    with pytest.raises(ValueError, match="pdf_engine"):
        Options(pdf_engine="mupdf")
    with pytest.raises(ValueError, match="unknown PDF engine"):
        read_pdf(fx.furniture_pdf(tmp_path / "doc.pdf"), "doc.pdf", "mupdf")


def test_pdf_engines_command_line_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Options] = []
    monkeypatch.setattr(
        pipeline.__main__, "run_pipeline", lambda raw, out, options, **kw: seen.append(options) or RunReport()
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    args = ["run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--no-progress"]
    assert CliRunner().invoke(app, [*args, "--pdf-engine", "pdfplumber"]).exit_code == 0
    assert CliRunner().invoke(app, args).exit_code == 0
    assert [o.pdf_engine for o in seen] == ["pdfplumber", "pdfium"]
    refused = CliRunner().invoke(app, [*args, "--pdf-engine", "mupdf"])
    assert refused.exit_code == 2 and len(seen) == 2
