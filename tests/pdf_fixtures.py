"""Builders of small fixture PDFs (reportlab) for tests/test_ingest_pdf.py.

Each builder writes one PDF to the given path and returns it. The layouts copy the
house styles seen in real policy PDFs: running headers and footers, numbered headings
in a coloured style, bold body-size sub-headings, superscript footnote marks, ruled
tables, a box beside running text, a contents page and a back cover with contact data.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests import hostile_fixtures as hostile

WIDTH, HEIGHT = A4
BLUE = colors.Color(0.0, 0.16, 0.34)
BODY = ("Helvetica", 10)
LEADING = 13

FILLER = [
    "De zorgverzekeraar koopt zorg in bij zorgaanbieders in de regio en maakt daarover",
    "afspraken over kwaliteit, toegankelijkheid en betaalbaarheid van de zorg voor",
    "verzekerden. Wij verwachten dat de zorgaanbieder de afspraken nakomt en tijdig",
    "rapporteert over de voortgang van de zorg en de resultaten voor de cliënten.",
]


def _text(
    c: canvas.Canvas,
    x: float,
    y: float,
    text: str,
    font: tuple[str, float] = BODY,
    colour: colors.Color = colors.black,
) -> None:
    c.setFont(*font)
    c.setFillColor(colour)
    c.drawString(x, y, text)


def _paragraph(c: canvas.Canvas, y: float, lines: list[str], x: float = 50) -> float:
    for line in lines:
        _text(c, x, y, line)
        y -= LEADING
    return y - 6


def furniture_pdf(path: Path, pages: int = 4) -> Path:
    """Running header, footer and page number on every page around body text."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        _text(c, 50, HEIGHT - 30, "Inkoopbeleid Testzorg 2026", ("Helvetica", 8))
        _text(c, 50, 25, "Voorbeeldverzekeraar Zorginkoop", ("Helvetica", 8))
        _text(c, WIDTH - 60, 25, str(n), ("Helvetica", 8))
        y = HEIGHT - 100
        for _ in range(3):
            y = _paragraph(c, y, FILLER)
        c.showPage()
    c.save()
    return path


def two_column_pdf(path: Path) -> Path:
    """A full-width title over two columns; the left column must be read before the right one."""
    c = canvas.Canvas(str(path), pagesize=A4)
    _text(c, 50, HEIGHT - 60, "Twee kolommen met zorgafspraken", ("Helvetica-Bold", 16), BLUE)
    left = [f"Links regel {i} over de inkoop van zorg" for i in range(1, 9)]
    right = [f"Rechts regel {i} over de betaling" for i in range(1, 9)]
    y = HEIGHT - 100
    for a, b in zip(left, right, strict=False):
        _text(c, 50, y, a)
        _text(c, 320, y, b)
        y -= LEADING
    c.showPage()
    c.save()
    return path


def table_pdf(path: Path) -> Path:
    """A fully ruled table between two paragraphs."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = _paragraph(c, HEIGHT - 80, FILLER[:2])
    rows = [
        ["Stap", "Wie?", "Uiterste datum"],
        ["Offerte indienen", "Zorgaanbieder", "1-9-2026"],
        ["Terugkoppeling", "Zorgverzekeraar", "1-10-2026"],
    ]
    xs = [50, 250, 400, 545]
    top = y - 10
    c.setStrokeColor(colors.black)
    for r, row in enumerate(rows):
        row_top = top - r * 20
        for i, cell in enumerate(row):
            _text(c, xs[i] + 4, row_top - 14, cell)
        c.line(xs[0], row_top, xs[-1], row_top)
    bottom = top - len(rows) * 20
    c.line(xs[0], bottom, xs[-1], bottom)
    for x in xs:
        c.line(x, top, x, bottom)
    _paragraph(c, bottom - 30, FILLER[2:])
    c.showPage()
    c.save()
    return path


def hyphenation_pdf(path: Path) -> Path:
    """Line-end hyphens to undo (zorgverze-keraar) and to keep (huisartsen- en, niet-gecontracteerde)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    _paragraph(
        c,
        HEIGHT - 80,
        [
            "Wij betalen de zorgverze-",
            "keraar niet voor de huisartsen-",
            "en ziekenhuiszorg van de niet-",
            "gecontracteerde aanbieder in de regio.",
        ]
        + FILLER,
    )
    c.showPage()
    c.save()
    return path


def headings_pdf(path: Path) -> Path:
    """Numbered chapter (18 pt bold), coloured X.Y headings, one of them over two lines, and a bold
    body-size sub-heading."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = HEIGHT - 70
    _text(c, 50, y, "1 Inleiding op het beleid", ("Helvetica-Bold", 18), BLUE)
    y = _paragraph(c, y - 30, FILLER)
    _text(c, 50, y - 8, "1.1 Wij kopen zorg in voor onze verzekerden", ("Helvetica-Bold", 12), BLUE)
    y = _paragraph(c, y - 28, FILLER)
    _text(
        c,
        50,
        y - 8,
        "1.2 Een lange paragraaftitel die over twee regels loopt omdat de",
        ("Helvetica-Bold", 12),
        BLUE,
    )
    _text(c, 50, y - 23, "tekst niet past", ("Helvetica-Bold", 12), BLUE)
    y = _paragraph(c, y - 43, FILLER)
    _text(c, 50, y - 8, "Voorwaarden voor een contract", ("Helvetica-Bold", 10))
    y = _paragraph(c, y - 24, FILLER)
    _text(c, 50, y - 8, "1.3 Wij betalen binnen dertig dagen", ("Helvetica-Bold", 12), BLUE)
    _paragraph(c, y - 28, FILLER)
    c.showPage()
    c.save()
    return path


def footnotes_pdf(path: Path) -> Path:
    """Superscript marks after a number and after a word, with the footnotes at the page foot."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = _paragraph(c, HEIGHT - 80, FILLER)
    _text(c, 50, y, "Wij reserveren een bedrag van € 5 mln")
    x = 50 + c.stringWidth("Wij reserveren een bedrag van € 5 mln", *BODY)
    _text(c, x, y + 4, "6", ("Helvetica", 6))
    _text(c, x + 4, y, " voor het jaar 2023")
    x2 = x + 4 + c.stringWidth(" voor het jaar 2023", *BODY)
    _text(c, x2, y + 4, "7", ("Helvetica", 6))
    _text(c, x2 + 4, y, " en de onderaannemers")
    x3 = x2 + 4 + c.stringWidth(" en de onderaannemers", *BODY)
    _text(c, x3, y + 4, "14", ("Helvetica", 6))
    _text(c, x3 + 7, y, " betalen mee.")
    _paragraph(c, y - LEADING, FILLER)
    _text(c, 50, 90, "6 Het bedrag geldt voor alle regio's.", ("Helvetica", 8))
    _text(c, 50, 80, "7 Het jaar waarin de afspraak is gemaakt.", ("Helvetica", 8))
    _text(c, 50, 70, "14 Onderaannemers leveren zorg namens de zorgaanbieder.", ("Helvetica", 8))
    c.showPage()
    c.save()
    return path


def box_pdf(path: Path) -> Path:
    """A shaded box on the right beside a narrowed body paragraph whose sentence runs on below the box."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = _paragraph(c, HEIGHT - 80, FILLER)
    c.setFillColor(colors.Color(0.86, 0.92, 0.95))
    c.rect(360, y - 75, 185, 80, stroke=0, fill=1)
    for i, t in enumerate(["Let op: kader met tips", "Dien uw offerte op tijd in.", "Vragen? Bel ons."]):
        _text(c, 368, y - 12 - i * LEADING, t)
    body = [
        "De zorgaanbieder dient de offerte in via",
        "het portaal en vermeldt daarbij de",
        "gegevens van",
        "de locatie, de doelgroep en het",
        "aantal cliënten dat zorg ontvangt.",
    ]
    for line in body:
        _text(c, 50, y - 12, line)
        y -= LEADING
    _paragraph(c, y - 40, FILLER)
    c.showPage()
    c.save()
    return path


def toc_and_back_cover_pdf(path: Path) -> Path:
    """Contents page, two body pages and a back cover with contact details."""
    c = canvas.Canvas(str(path), pagesize=A4)
    _text(c, 50, HEIGHT - 70, "Inhoudsopgave", ("Helvetica-Bold", 18), BLUE)
    for i, (title, page) in enumerate(
        [
            ("1 Inleiding", 2),
            ("1.1 Doel van dit beleid", 2),
            ("2 Procedure", 3),
            ("2.1 Planning", 3),
            ("2.2 Bezwaar", 3),
        ]
    ):
        _text(c, 50, HEIGHT - 110 - i * 16, f"{title} {'.' * 40} {page}")
    c.showPage()
    for title in ("1 Inleiding", "2 Procedure"):
        _text(c, 50, HEIGHT - 70, title, ("Helvetica-Bold", 18), BLUE)
        _paragraph(c, HEIGHT - 100, FILLER * 2)
        c.showPage()
    _text(c, 50, HEIGHT - 200, "Wij helpen u graag", ("Helvetica-Bold", 18), BLUE)
    for i, t in enumerate(
        ["Zorginkoop Voorbeeldverzekeraar", "Postbus 1234", "3500 AB Utrecht", "www.voorbeeldverzekeraar.nl"]
    ):
        _text(c, 50, HEIGHT - 260 - i * LEADING, t)
    c.showPage()
    c.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, encrypt="secret")
    _paragraph(c, HEIGHT - 80, FILLER)
    c.showPage()
    c.save()
    return path


def image_only_pdf(path: Path) -> Path:
    """A page with drawings but no text layer (as a scan would have)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillColor(colors.grey)
    c.rect(50, 300, 400, 300, stroke=1, fill=1)
    c.showPage()
    c.save()
    return path


def truncated_pdf(path: Path) -> Path:
    furniture_pdf(path, pages=2)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


# --- layouts of other publishers (tests/test_pdf_layout.py) -------------------------------------

HEADING_BESIDE_LEFT = [
    "Goede zorg is zorg die past bij de",
    "wensen van de cliënt. Daarom maken wij",
    "afspraken over de inzet van personeel.",
    "Wij volgen de wachttijden per regio en",
    "spreken aanbieders daarop aan.",
]
HEADING_BESIDE_RIGHT = [
    "Wij kopen zorg in bij aanbieders die de",
    "kwaliteit van hun zorg aantoonbaar",
    "verbeteren. De zorgaanbieder levert elk",
    "jaar een verslag aan over de resultaten.",
    "Wij bespreken dat verslag in het",
    "jaarlijkse gesprek met de aanbieder.",
    "Een nieuwe aanbieder meldt zich vooraf",
    "bij de afdeling zorginkoop van de regio.",
]


def heading_beside_column_pdf(path: Path) -> Path:
    """Two columns: a large two-line heading at the top of the left column, beside the first lines of
    body text in the right column (their rows overlap the heading's), body text under the heading."""
    c = canvas.Canvas(str(path), pagesize=A4)
    top = HEIGHT - 100
    _text(c, 50, top, "Onze visie", ("Helvetica-Bold", 26), BLUE)
    _text(c, 50, top - 30, "op goede zorg", ("Helvetica-Bold", 26), BLUE)
    _paragraph(c, top - 70, HEADING_BESIDE_LEFT)
    y = top + 12
    for line in HEADING_BESIDE_RIGHT:
        _text(c, 310, y, line)
        y -= LEADING
    c.showPage()
    c.save()
    return path


WATERMARK_BODY = [
    "De zorgaanbieder dient de offerte uiterlijk op 1 september 2026 in via het",
    "portaal van de zorgverzekeraar. Wij beoordelen de offerte binnen zes weken en",
    "sturen daarna een voorstel voor de overeenkomst. De zorgaanbieder kan tot de",
    "datum van ondertekening vragen stellen over de voorwaarden. Wij publiceren de",
    "antwoorden op onze website, zodat alle aanbieders dezelfde informatie krijgen.",
    "Een aanbieder die niet tijdig reageert, krijgt geen overeenkomst voor 2027.",
]


def _turned(c: canvas.Canvas, x: float, y: float, angle: float, text: str, size: float) -> None:
    c.saveState()
    c.translate(x, y)
    c.rotate(angle)
    c.setFont("Helvetica-Bold", size)
    c.setFillColor(colors.Color(0.8, 0.8, 0.8))
    c.drawString(0, 0, text)
    c.restoreState()


def watermark_pdf(path: Path, pages: int = 2) -> Path:
    """Body text crossed on every page by a watermark word turned 45 degrees and one turned 90."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        _paragraph(c, HEIGHT - 150, WATERMARK_BODY)
        _turned(c, 120, HEIGHT - 260, 45, "CONCEPT", 80)
        _turned(c, 300, HEIGHT - 240, 90, "VERTROUWELIJK", 28)
        c.showPage()
    c.save()
    return path


def stacked_letters_pdf(path: Path, pages: int = 2, word: str = "CONCEPT") -> Path:
    """Upright letters set one under the other in the left margin, close to the body text."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        _paragraph(c, HEIGHT - 120, WATERMARK_BODY)
        for i, letter in enumerate(word):
            _text(c, 30, HEIGHT - 118 - i * 15, letter, ("Helvetica-Bold", 14), colors.Color(0.6, 0.6, 0.6))
        c.showPage()
    c.save()
    return path


def bold_subheadings_pdf(path: Path) -> Path:
    """Numbered levels, bold body-size sub-headings (black and coloured) alone on their line, and
    bold text that is no heading: emphasis inside a line, a bold lead-in sentence that runs on into
    regular text, and the bold header cells of a table without rules."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = HEIGHT - 70
    _text(c, 50, y, "1 Inkoop van zorg", ("Helvetica-Bold", 18), BLUE)
    y = _paragraph(c, y - 30, FILLER)
    _text(c, 50, y - 8, "1.1 Voorwaarden", ("Helvetica-Bold", 12), BLUE)
    y = _paragraph(c, y - 28, FILLER[2:])
    _text(c, 50, y - 8, "Kwaliteit en veiligheid", ("Helvetica-Bold", 10))
    y = _paragraph(c, y - 24, FILLER[2:])
    # emphasis inside a line
    x = 50 + c.stringWidth("Wij letten vooral op ", *BODY)
    _text(c, 50, y, "Wij letten vooral op")
    _text(c, x, y, "de wachttijden", ("Helvetica-Bold", 10))
    _text(
        c,
        x + c.stringWidth("de wachttijden", "Helvetica-Bold", 10),
        y,
        " in de regio en op de inzet van personeel.",
    )
    y -= LEADING + 6
    _text(c, 50, y - 8, "Personeel", ("Helvetica-Bold", 10), BLUE)
    y = _paragraph(c, y - 24, FILLER[2:])
    # a bold lead-in that runs on into regular text
    _text(c, 50, y, "Let op: de offerte moet uiterlijk op de laatste werkdag van", ("Helvetica-Bold", 10))
    lead = "augustus binnen zijn."
    _text(c, 50, y - LEADING, lead, ("Helvetica-Bold", 10))
    _text(
        c,
        50 + c.stringWidth(lead + " ", "Helvetica-Bold", 10),
        y - LEADING,
        "Daarna nemen wij geen offertes meer aan.",
    )
    y -= 2 * LEADING + 10
    # a table without rules whose header cells are bold
    for i, (step, when) in enumerate(
        [
            ("Stap", "Uiterste datum"),
            ("Offerte indienen", "1 september 2026"),
            ("Overeenkomst tekenen", "1 december 2026"),
        ]
    ):
        font = ("Helvetica-Bold", 10) if i == 0 else BODY
        _text(c, 50, y - i * 16, step, font)
        _text(c, 300, y - i * 16, when, font)
    y -= 3 * 16 + 14
    _text(c, 50, y - 8, "1.2 Betaling", ("Helvetica-Bold", 12), BLUE)
    y = _paragraph(c, y - 28, FILLER[2:])
    _text(c, 50, y - 8, "Declareren", ("Helvetica-Bold", 10))
    _paragraph(c, y - 24, FILLER[2:])
    c.showPage()
    c.save()
    return path


def interleave(a: str, b: str) -> str:
    """The chars of two lines read as one, the way a broken line builder mixes two columns."""
    return "".join(x + y for x, y in zip(a, b, strict=False))


def garbled_page_pdf(path: Path) -> Path:
    """Three pages; the second holds lines of two columns interleaved char by char."""
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(3):
        lines = WATERMARK_BODY
        if page == 1:
            lines = [
                interleave(a, b) for a, b in zip(WATERMARK_BODY, WATERMARK_BODY[1:] + FILLER[:1], strict=True)
            ]
        _paragraph(c, HEIGHT - 100, lines * 2)
        c.showPage()
    c.save()
    return path


# --- ligatures -------------------------------------------------------------------------------------

LIGATURE_SENTENCE = "De effecten zitten vast en de offerte is officieel."
_LIGATURES = {"ff": "A", "tt": "B"}  # the code that draws each ligature glyph in font F2
_TO_UNICODE = (
    b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Ligatures def\n"
    b"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
    b"2 beginbfchar\n<41> <00660066>\n<42> <00740074>\nendbfchar\nendcmap\n"
    b"CMapName currentdict /CMap defineresource pop end end"
)


def _ligature_content(sentence: str) -> bytes:
    """`sentence` in font F1, each ligature pair as one glyph of font F2."""
    shows, rest = [], sentence
    while rest:
        pair = next((p for p in _LIGATURES if rest.startswith(p)), None)
        if pair:
            shows.append(f"/F2 12 Tf ({_LIGATURES[pair]}) Tj")
            rest = rest[2:]
        else:
            plain = rest[0]
            while len(rest) > len(plain) and not any(rest[len(plain) :].startswith(p) for p in _LIGATURES):
                plain += rest[len(plain)]
            shows.append(f"/F1 12 Tf ({plain}) Tj")
            rest = rest[len(plain) :]
    return ("BT 72 760 Td " + " ".join(shows) + " ET").encode("latin-1")


def ligature_pdf(path: Path, rotate: int = 0) -> Path:
    """One sentence whose `ff` and `tt` are each one glyph (a code that the font's ToUnicode map
    gives two letters), as typesetting software writes ligatures; `rotate`: the page's /Rotate,
    with the text drawn so that it reads upright on screen. Written by hand: reportlab maps one
    code to one letter."""
    # on a page turned by 90 degrees the text runs up the stored page and reads across the screen
    placement = b"0 1 -1 0 300 72 cm " if rotate == 90 else b""
    content = placement + _ligature_content(LIGATURE_SENTENCE)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d " % rotate
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page + b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        b"/FirstChar 65 /LastChar 66 /Widths [600 560] /ToUnicode 7 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(_TO_UNICODE) + _TO_UNICODE + b"\nendstream",
    ]
    path.write_bytes(hostile.pdf(objects))
    return path
