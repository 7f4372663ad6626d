"""Metadata from the content: insurer, care domain, policy year(s), update date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import text_document

from pipeline.ingest import read_document
from pipeline.model import Document, Line, Origin
from pipeline.structure.metadata import find_metadata

FILLER = ["Wij kopen zorg in voor onze verzekerden en werken samen met zorgaanbieders."] * 5

CASES = [
    # (lines, insurer, care domain, first year, last year)
    (
        ["Inkoopbeleid", "Medisch Specialistische Zorg 2027", "COÖPERATIE VGZ"],
        "VGZ",
        "medisch-specialistische zorg",
        2027,
        2027,
    ),
    (["Zorginkoopbeleid GGZ 2026", "CZ groep"], "CZ", "ggz", 2026, 2026),
    (
        ["Inkoopbeleid Wlz Gehandicaptenzorg 2024-2026", "Zilveren Kruis Zorgkantoor"],
        "Zilveren Kruis",
        "gehandicaptenzorg",
        2024,
        2026,
    ),
    (["Het zorginkoopbeleid wijkverpleging voor 2025 van Menzis."], "Menzis", "wijkverpleging", 2025, 2025),
    (
        ["12 | Inkoopbeleid Huisartsenzorg en multidisciplinaire zorg | 2023", "Coöperatie VGZ"],
        "VGZ",
        "huisartsenzorg en multidisciplinaire zorg",
        2023,
        2023,
    ),
    (
        [
            "Zorg en Zekerheid",
            "zorginkoopbeleid medisch-specialistische zorg (MSZ) voor 2024 ten opzichte van 2023",
        ],
        "Zorg en Zekerheid",
        "medisch-specialistische zorg",
        2024,
        2024,
    ),
    # a brand names its group (the INSURER list of entities.yaml)
    (
        ["Inkoopbeleid fysiotherapie 2026", "De Friesland Zorgverzekeraar"],
        "Zilveren Kruis",
        "paramedische zorg",
        2026,
        2026,
    ),
    # the words "zorg en zekerheid" in running text are no insurer; the name as written is
    (
        ["Inkoopbeleid GGZ 2025 van Menzis", "Wij bieden zorg en zekerheid aan zorg en zekerheid zoekenden."],
        "Menzis",
        "ggz",
        2025,
        2025,
    ),
]


@pytest.mark.parametrize("lines,insurer,domain,year,year_end", CASES, ids=[c[0][0][:30] for c in CASES])
def test_metadata_from_content(lines: list[str], insurer: str, domain: str, year: int, year_end: int) -> None:
    doc = text_document([Line(t) for t in lines + FILLER], "x.txt")
    meta = find_metadata(doc)
    assert (meta.insurer, meta.care_domain, meta.policy_year, meta.policy_year_end) == (
        insurer,
        domain,
        year,
        year_end,
    )


def test_metadata_update_date() -> None:
    doc = text_document([Line("laatste update 28-3-2024"), *map(Line, FILLER)], "x.txt")
    assert find_metadata(doc).updated == date(2024, 3, 28)


def test_metadata_ignores_the_file_name() -> None:
    doc = text_document(
        [Line("Inkoopbeleid Wijkverpleging 2026"), Line("Menzis"), *map(Line, FILLER)], "VGZ_GGZ_2020.txt"
    )
    meta = find_metadata(doc)
    assert (meta.insurer, meta.care_domain, meta.policy_year) == ("Menzis", "wijkverpleging", 2026)


# --- other publishers and legal instruments: one rule per table, one Dutch document per line -----------

BODY = [
    "De zorgaanbieder levert de zorg volgens de afspraken in dit document en meldt wijzigingen tijdig."
] * 4


def footer(text: str) -> Line:
    return Line(text, kind="furniture")


def meta_of(lines: list, cover: str | None = None, fmt: str = "txt", metadata_title: str | None = None):
    """The metadata of a document made of `lines` (strings are body lines) and the body filler."""
    doc_lines = [ln if isinstance(ln, Line) else Line(ln) for ln in lines] + [Line(t) for t in BODY]
    doc = Document(Origin(f"x.{fmt}", Path(f"x.{fmt}")), fmt, doc_lines, metadata_title=metadata_title)
    doc.cover_title = cover
    return find_metadata(doc)


FORMAL_TITLE = (
    "Regeling van de Minister voor Langdurige Zorg, Jeugd en Sport van 5 maart 2024, kenmerk 1234-LZ, "
    "houdende "
    "wijziging van de Regeling langdurige zorg"
)

YEAR_CASES = [
    # (case, lines, (policy_year, policy_year_end))
    (
        "law year in the title",
        ["Uitvoeringsregeling Wmo 2015", "Deze regeling treedt in werking op 1 juli 2025."],
        (2025, 2025),
    ),
    ("law name alone gives no year", ["Inkoopdocument Wmo 2015", "Aanbestedingswet 2012"], (None, None)),
    (
        "law year beside the policy year",
        ["Inkoopkader Wet maatschappelijke ondersteuning 2015 voor 2026"],
        (2026, 2026),
    ),
    ("year after a law without one in its name", ["Inkoopkader Wlz 2026"], (2026, 2026)),
    (
        "in force from",
        [
            "Regeling zorginkoop",
            "Artikel 5 Inwerkingtreding",
            "Deze regeling treedt in werking met ingang van 1 januari 2026.",
        ],
        (2026, 2026),
    ),
    (
        "consolidated version in force",
        ["Beleidsregel toegang", "Geldend van 01-07-2024 t/m heden"],
        (2024, 2024),
    ),
    (
        "looptijd with a date range",
        ["Kader verblijf", "De looptijd is van 1 januari 2025 tot en met 31 december 2027."],
        (2025, 2027),
    ),
    ("multi-year title", ["Hervormingsagenda Jeugd 2023-2028"], (2023, 2028)),
    ("multi-year title with t/m", ["Inkoopkader Wlz 2024 t/m 2026"], (2024, 2026)),
    (
        "signing place and date are publication",
        ["Beleidsregels toegang jeugdhulp", "Den Haag, 12 maart 2024"],
        (None, None),
    ),
    (
        "official journal year is publication",
        ["Regeling zorginkoop", "Stcrt. 2024, 12345", "Deze regeling treedt in werking op 1 januari 2025."],
        (2025, 2025),
    ),
    (
        "another regulation's year in a self-reference is not the policy year",
        ["Dit inkoopbeleid volgt de Beleidsregels indicatiestelling Wlz 2024."],
        (None, None),
    ),
    (
        "version date on the cover is no policy year",
        ["Toetsingskader meerzorg", "Versie september 2024"],
        (None, None),
    ),
    (
        "an ISO date in a running line is a date",
        ["Beleidsregel toegang", footer("Gewijzigd op 2024-12-20 door de redactie")],
        (None, None),
    ),
    (
        "signing date in a formal title is no policy year",
        [FORMAL_TITLE, "Deze regeling treedt in werking met ingang van 1 juli 2026."],
        (2026, 2026),
    ),
]


@pytest.mark.parametrize("case,lines,expected", YEAR_CASES, ids=[c[0] for c in YEAR_CASES])
def test_metadata_policy_year(case: str, lines: list, expected: tuple) -> None:
    meta = meta_of(lines)
    assert (meta.policy_year, meta.policy_year_end) == expected


DOMAIN_CASES = [
    # (case, lines, care_domain)
    (
        "meerzorg title, stray hulpmiddelen in the text",
        ["Toetsingskader meerzorg Wlz 2025", *BODY, "Ook hulpmiddelen vallen onder de meerzorg."],
        "meerzorg",
    ),
    (
        "youth care agreement, stray gehandicaptenzorg",
        ["Landelijk inkoopkader jeugdzorg 2025", *BODY, "Ook de gehandicaptenzorg levert jeugdhulp."],
        "jeugdzorg",
    ),
    ("jeugdhulp in the title", ["Bestuurlijke afspraken jeugdhulp 2024"], "jeugdhulp"),
    ("a youth agenda", ["Hervormingsagenda Jeugd 2023-2028"], "jeugdzorg"),
    ("wmo in a hyphenated title", ["# Inkoopdocument-Wmo-met-Emvi"], "wmo"),
    (
        "full name of the Wmo",
        ["Inkoopdocument maatschappelijke ondersteuning"],
        "maatschappelijke ondersteuning",
    ),
    ("Wlz as the title names it", ["Inkoopkader Wlz 2026"], "wlz"),
    ("Wlz by its full name", ["Beleidsregels indicatiestelling Wet langdurige zorg 2025"], "langdurige zorg"),
    (
        "a domain within the Wlz wins over the Wlz",
        ["Inkoopbeleid Wlz Gehandicaptenzorg 2024-2026"],
        "gehandicaptenzorg",
    ),
    (
        "running footer names the domain",
        [*BODY, footer("3 | Kader Wijkverpleging | 2025"), *BODY, footer("4 | Kader Wijkverpleging | 2025")],
        "wijkverpleging",
    ),
    ("a ministry's name is no domain", [FORMAL_TITLE], "langdurige zorg"),
    (
        "a branch organisation's name is no domain",
        ["Handreiking inkoop", "Vereniging Gehandicaptenzorg Nederland"],
        None,
    ),
    (
        "only body text names a domain: null",
        ["Jaarverslag", "Wij werken aan goede gehandicaptenzorg in de regio."],
        None,
    ),
    ("no domain at all", ["Bestuurlijk overleg", "Partijen spreken het volgende af."], None),
]


@pytest.mark.parametrize("case,lines,expected", DOMAIN_CASES, ids=[c[0] for c in DOMAIN_CASES])
def test_metadata_care_domain(case: str, lines: list, expected: str | None) -> None:
    assert meta_of(lines).care_domain == expected


INSURER_CASES = [
    # (case, lines, insurer)
    ("zorgkantoor after the insurer", ["Inkoopbeleid Wlz 2025", "CZ zorgkantoor"], "CZ"),
    ("zorgkantoor before the insurer", ["Inkoopbeleid Wlz 2025", "zorgkantoor DSW"], "DSW"),
    ("zorgkantoor brand", ["Inkoopbeleid Wlz 2025", "Zilveren Kruis Zorgkantoor"], "Zilveren Kruis"),
    ("regional zorgkantoor", ["Inkoopbeleid Wlz 2025", "Zorgkantoor Friesland"], "Zilveren Kruis"),
    (
        "publisher statement in a footer",
        ["Inkoopbeleid Wlz 2025", *BODY, footer("Dit inkoopbeleid is een uitgave van Menzis Zorgkantoor.")],
        "Menzis",
    ),
    (
        "legal instrument naming insurers",
        ["Regeling zorginkoop Zvw", "De zorgverzekeraar maakt het beleid bekend, zoals CZ en VGZ doen."],
        None,
    ),
    (
        "enacting formula",
        ["Het CIZ,", "gelet op artikel 4:81 Awb,", "besluit:", "Artikel 1", "Menzis en VGZ melden dit."],
        None,
    ),
    (
        "VNG model document",
        ["Model inkoopdocument Wmo", "Vereniging van Nederlandse Gemeenten", "Bijvoorbeeld VGZ."],
        None,
    ),
    ("municipality on the cover", ["Inkoopdocument jeugdhulp", "Gemeente Utrecht", "Contact met CZ."], None),
    (
        "all zorgkantoren together",
        [
            "Landelijk inkoopkader Wlz 2025",
            *BODY,
            footer("Een uitgave van de gezamenlijke zorgkantoren"),
            "Zilveren Kruis Zorgkantoor en CZ zorgkantoor",
        ],
        None,
    ),
    (
        "insurers named alike",
        ["Bestuurlijk overleg", "Menzis, CZ en VGZ spreken af.", "VGZ, CZ en Menzis doen mee."],
        None,
    ),
    (
        "one insurer clearly most",
        ["Afspraken", "VGZ koopt in.", "VGZ betaalt.", "VGZ meet.", "Net als CZ."],
        "VGZ",
    ),
]


@pytest.mark.parametrize("case,lines,expected", INSURER_CASES, ids=[c[0] for c in INSURER_CASES])
def test_metadata_insurer(case: str, lines: list, expected: str | None) -> None:
    assert meta_of(lines).insurer == expected


TITLE_CASES = [
    # (case, cover title, lines, title)
    (
        "a regulation's citation title",
        None,
        [FORMAL_TITLE, "Deze regeling wordt aangehaald als: Regeling meerzorg 2024."],
        "Regeling meerzorg 2024",
    ),
    ("a regulation's formal title", None, [FORMAL_TITLE, "Besluit:"], FORMAL_TITLE),
    ("plausible cover", "Inkoopbeleid GGZ 2026", [], "Inkoopbeleid GGZ 2026"),
    (
        "fragment cover falls back to the title heading",
        "Co",
        [Line("Hervormingsagenda Jeugd 2023-2028", page=1, kind="heading", heading_level=1)],
        "Hervormingsagenda Jeugd 2023-2028",
    ),
    (
        "garbled cover and no title",
        "HJeeurgvdo r2m0n2in3g-2sa0cg2e8neda pt",
        [Line("1.1 Inleiding", page=4, kind="heading", heading_level=2)],
        None,
    ),
]


@pytest.mark.parametrize("case,cover,lines,expected", TITLE_CASES, ids=[c[0] for c in TITLE_CASES])
def test_metadata_title_is_no_fragment(case: str, cover: str, lines: list, expected: str | None) -> None:
    assert meta_of(lines, cover=cover, fmt="pdf").title == expected


def test_metadata_front_matter_title_of_a_law_export(tmp_path: Path) -> None:
    """A law database export names the regulation in its front matter: its short title is the title,
    and its `Inwerkingtreding` article the policy year (the long formal title holds a signing date)."""
    md = (
        '---\ntitle: "Regeling van de Minister van 3 juni 2025 houdende regels over zorginkoop"\n'
        'short_title: "Regeling zorginkoop"\nstatus: "in_force"\n---\n'
        "# Regeling van de Minister van 3 juni 2025 houdende regels over zorginkoop\n\n"
        "##### Artikel 11. (Inwerkingtreding)\n\n"
        "Deze regeling treedt in werking met ingang van 1 juli 2026.\n"
    )
    path = tmp_path / "regeling.md"
    path.write_text(md, encoding="utf-8")
    meta = find_metadata(read_document(path, path.name))
    assert (meta.title, meta.policy_year, meta.insurer) == ("Regeling zorginkoop", 2026, None)
