"""Headings and the section tree from plain text exports. One case per line.

Each case is a tiny text export (lines joined by `|`); the expected headings are
(number, title, level) in reading order. The cases are written for these tests in
the layouts of the corpus (PDF exports, web exports), not copied from it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import text_document

from pipeline.ingest import read_document
from pipeline.ingest.text import label_lines
from pipeline.model import Document, Line, Origin
from pipeline.structure import segment

BODY = "Dit is een gewone zin met genoeg woorden om tekst te zijn."


def parsed(text: str) -> Document:
    """A text export whose lines are separated by newlines, or by `|` when there is no newline."""
    lines = text.split("\n") if "\n" in text else text.split("|")
    return text_document(label_lines(lines), doc_id="d")


def headings(text: str) -> list[tuple[str | None, str, int]]:
    seg = segment(parsed(text))
    return [(s.number, s.title, s.level) for s in seg.sections]


HEADING_CASES = [
    (
        "numbered chapter and section",
        f"1 Inleiding|{BODY}||1.1 Doel|{BODY}",
        [("1", "Inleiding", 1), ("1.1", "Doel", 2)],
    ),
    (
        "trailing dot in number",
        f"2.2.3.2. Aanvullende zorginkoop|{BODY}",
        [("2.2.3.2", "Aanvullende zorginkoop", 4)],
    ),
    (
        "two-line numbered heading",
        f"2.1.2 Belangrijkste wijzigingen in de voorwaarden voor een|contract|{BODY}",
        [("2.1.2", "Belangrijkste wijzigingen in de voorwaarden voor een contract", 3)],
    ),
    (
        "hyphen broken heading",
        f"1 Visie op de ziekenhuis-|zorg in de regio|{BODY}",
        [("1", "Visie op de ziekenhuiszorg in de regio", 1)],
    ),
    (
        "unnumbered under numbered",
        f"3 Kwaliteit|{BODY}||Minimumnormen|{BODY}",
        [("3", "Kwaliteit", 1), (None, "Minimumnormen", 2)],
    ),
    ("question heading", f"Wat betekent dit voor u?|{BODY}", [(None, "Wat betekent dit voor u?", 1)]),
    ("sentence is no heading", f"{BODY}|Dit is een zin.|{BODY}", []),
    ("wrapped sentence start is no heading", f"{BODY}||De zorgaanbieder|levert de zorg op tijd.", []),
    ("list item is no heading", f"{BODY}|• Ambulancezorg|{BODY}", []),
    (
        "page footer is no heading",
        "\n".join("\n".join([BODY] * 12 + [f"{n} | Inkoopbeleid Zorg | 2026"]) for n in range(3, 7)),
        [],
    ),
    (
        "appendix keeps its label",
        f"Bijlagen|{BODY}||Bijlage 1: Aanvullende eisen|{BODY}",
        [(None, "Bijlagen", 1), (None, "Bijlage 1: Aanvullende eisen", 2)],
    ),
    ("numbered list item is no heading", f"{BODY}|1. De zorgaanbieder levert alle gegevens aan.|{BODY}", []),
    ("date is no numbered heading", f"{BODY}|1 april 2026|{BODY}", []),
    (
        "numbered headings inside a section are a local list",
        f"1. Eerste hoofdstuk|{BODY}||Ketens|{BODY}||1 Ouderenzorg|{BODY}||2 Astma|{BODY}||"
        f"2. Tweede hoofdstuk|{BODY}",
        [
            ("1", "Eerste hoofdstuk", 1),
            (None, "Ketens", 2),
            ("1", "Ouderenzorg", 3),
            ("2", "Astma", 3),
            ("2", "Tweede hoofdstuk", 1),
        ],
    ),
    (
        "appendices numbered under Bijlagen",
        f"Inleiding|{BODY}||Bijlagen|{BODY}||1. Overzicht wijzigingen|{BODY}",
        [(None, "Inleiding", 1), (None, "Bijlagen", 1), ("1", "Overzicht wijzigingen", 2)],
    ),
    (
        "a tight heading under a spaced one",
        f"1 Criteria|{BODY}||Kwaliteit||{BODY}||Minimumnormen|{BODY}||Volumes|{BODY}||Toegang||{BODY}",
        [
            ("1", "Criteria", 1),
            (None, "Kwaliteit", 2),
            (None, "Minimumnormen", 3),
            (None, "Volumes", 3),
            (None, "Toegang", 2),
        ],
    ),
    ("table fragments are no headings", f"{BODY}||Uiterlijk|VECOZO|Vanaf|Publicatie|{BODY}", []),
    (
        "a lead-in colon makes the next headings children until the next anchor",
        f"1 Proces|{BODY}||Ziekenhuizen|{BODY} Hierbij geldt de volgende fasering:||Offerte indienen|{BODY}||"
        f"Onderhandelen|{BODY}||Klinieken|{BODY} Voor hen gelden deze stappen:||Offerte indienen|{BODY}||"
        f"2 Planning|{BODY}||Contact|{BODY}",
        [
            ("1", "Proces", 1),
            (None, "Ziekenhuizen", 2),
            (None, "Offerte indienen", 3),
            (None, "Onderhandelen", 3),
            (None, "Klinieken", 2),
            (None, "Offerte indienen", 3),
            ("2", "Planning", 1),
            (None, "Contact", 2),
        ],
    ),
    (
        "a lead-in before any anchor opens no run",
        f"Voorwoord|{BODY} Dit zijn de hoofdpunten:||Zinnige zorg|{BODY}||Duurzame zorg|{BODY}",
        [(None, "Voorwoord", 1), (None, "Zinnige zorg", 1), (None, "Duurzame zorg", 1)],
    ),
    (
        "a colon followed by a list opens no run",
        f"1 Proces|{BODY}||Ziekenhuizen|{BODY} Dit zijn de stappen:|• offerte|• contract||Klinieken|{BODY}",
        [("1", "Proces", 1), (None, "Ziekenhuizen", 2), (None, "Klinieken", 2)],
    ),
]


@pytest.mark.parametrize("name,text,expected", HEADING_CASES, ids=[c[0] for c in HEADING_CASES])
def test_structure_headings(name: str, text: str, expected: list) -> None:
    assert headings(text) == expected


@pytest.mark.xfail(
    strict=True,
    reason="a compound that keeps its hyphen (medisch-specialistisch) cannot be told "
    "from line-end hyphenation without a Dutch word list",
)
def test_structure_hyphenated_compound_at_line_end_keeps_hyphen() -> None:
    assert headings(f"1 Visie op de medisch-|specialistische zorg|{BODY}")[0][1] == (
        "Visie op de medisch-specialistische zorg"
    )


def test_structure_toc_lines_are_not_headings_but_confirm_them() -> None:
    text = (
        f"Inhoud|Samen werken\t3|Onze visie\t5|Planning\t9||Samen werken|{BODY}||Onze visie|{BODY}||"
        f"Planning|{BODY}"
    )
    seg = segment(parsed(text))
    assert [s.title for s in seg.sections] == ["Samen werken", "Onze visie", "Planning"]
    assert [s.kind for s in seg.sentences[:4]] == ["toc"] * 4


def test_structure_parent_ids_follow_levels() -> None:
    seg = segment(parsed(f"1 Een|{BODY}||1.1 Twee|{BODY}||1.1.1 Drie|{BODY}||2 Vier|{BODY}"))
    by_title = {s.title: s for s in seg.sections}
    assert by_title["Een"].parent_id is None
    assert by_title["Twee"].parent_id == by_title["Een"].section_id
    assert by_title["Drie"].parent_id == by_title["Twee"].section_id
    assert by_title["Vier"].parent_id is None


def test_structure_sentence_offsets_point_into_the_clean_text() -> None:
    seg = segment(parsed("1 Inleiding|Eerste zin o.a. hier. Tweede|zin loopt door.||• Een item"))
    for s in seg.sentences:
        assert seg.text[s.start : s.end] == s.text
    assert [s.text for s in seg.sentences] == [
        "Inleiding",
        "Eerste zin o.a. hier.",
        "Tweede zin loopt door.",
        "Een item",
    ]
    assert seg.sentences[-1].kind == "list_item"
    assert all(s.section_id == seg.sections[0].section_id for s in seg.sentences)


def test_structure_double_spaced_export_joins_paragraph_lines() -> None:
    lines = [f"Regel {i} van een alinea die doorloopt" for i in range(25)]
    text = "||".join(lines) + ". Einde."
    seg = segment(parsed(text))
    assert seg.sections == []
    assert len([s for s in seg.sentences if s.kind == "body"]) == 2


# --- legal instruments and other publishers' exports: markdown, plain text and html alike ------------

SENT = "De zorgaanbieder levert de gegevens aan volgens deze regeling."


def sections_of(tmp_path: Path, name: str, text: str) -> list[tuple[str | None, str, int]]:
    """The (number, title, level) of every heading of a small export read by its own reader."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    seg = segment(read_document(path, name))
    return [(s.number, s.title, s.level) for s in seg.sections]


REGULATION = [("1", "Algemene bepalingen", 1), ("1.1", "Begrippen", 2), ("1.1.1", "Reikwijdte", 3)]
REGULATION += [("1.1.2", "Artikel 1.1.2", 3), ("2", "Offertes", 1), ("2.1", "Indienen", 2)]
REGULATION += [(None, "Bijlage 1 Formulier", 1)]

LEGAL_CASES = [
    # (name, file name, text, expected headings)
    (
        "md heading without a space after the hashes",
        "a.md",
        f"##Inleiding\n\n{SENT}\n\n###Doel\n\n{SENT}",
        [(None, "Inleiding", 1), (None, "Doel", 2)],
    ),
    (
        "md number-only heading and a deeper title heading are one heading",
        "a.md",
        f"### 1\n\n####Reikwijdte\n\n{SENT}\n\n### 2\n\n####Begrippen\n\n{SENT}",
        [("1", "Reikwijdte", 1), ("2", "Begrippen", 1)],
    ),
    (
        "md article label on its own heading line, its title on the next line",
        "a.md",
        f"### Artikel 1\n\nReikwijdte\n\n{SENT}\n\n### Artikel 2\n\nInwerkingtreding\n\n{SENT}",
        [("1", "Reikwijdte", 1), ("2", "Inwerkingtreding", 1)],
    ),
    (
        "md article without a title keeps its label as title",
        "a.md",
        f"### Artikel 1\n\n{SENT}\n\n### Artikel 2. Citeertitel\n\n{SENT}",
        [("1", "Artikel 1", 1), ("2", "Citeertitel", 1)],
    ),
    ("md number-only heading without a title is no heading", "a.md", f"### 3\n\n{SENT}", []),
    (
        "md empty heading is no heading",
        "a.md",
        f"## \n\n{SENT}\n\n## Planning\n\n{SENT}",
        [(None, "Planning", 1)],
    ),
    (
        "md hoofdstuk, paragraaf, artikel and bijlage at one depth get levels from their labels",
        "a.md",
        f"## Hoofdstuk 1. Algemene bepalingen\n\n## § 1.1 Begrippen\n\n"
        f"## Artikel 1.1.1 Reikwijdte\n\n{SENT}\n\n"
        f"## Artikel 1.1.2\n\n{SENT}\n\n## Hoofdstuk 2 Offertes\n\n## Artikel 2.1 Indienen\n\n{SENT}\n\n"
        f"## Bijlage 1 Formulier\n\n{SENT}",
        REGULATION,
    ),
    (
        "md title heading is no section and the chapters under it start at level 1",
        "a.md",
        f"# Regeling zorginkoop 2026\n\n## Hoofdstuk 1 Algemeen\n\n### Artikel 1 Reikwijdte\n\n{SENT}",
        [("1", "Algemeen", 1), ("1", "Reikwijdte", 2)],
    ),
    (
        "md articles all set in #####",
        "a.md",
        f"# Besluit van de Minister\n\n##### Artikel 1. Doel\n\n{SENT}\n\n"
        f"##### Artikel 2. Reikwijdte\n\n{SENT}",
        [("1", "Doel", 1), ("2", "Reikwijdte", 1)],
    ),
    (
        "md explanatory part holds its own article headings",
        "a.md",
        f"## Artikel 1 Reikwijdte\n\n{SENT}\n\n## Toelichting\n\n### Algemeen\n\n{SENT}\n\n"
        f"### Artikelsgewijs\n\n"
        f"#### Artikel 1\n\n{SENT}",
        [("1", "Reikwijdte", 1), (None, "Toelichting", 1), (None, "Algemeen", 2), (None, "Artikelsgewijs", 2)]
        + [("1", "Artikel 1", 3)],
    ),
    (
        "md table of contents of anchor links and its title are no headings",
        "a.md",
        f"# Inhoudsopgave\n\n[1. Inleiding 3](#inleiding)\n\n[2. Planning 4](about:blank#planning)\n\n"
        f"# Inleiding\n\n{SENT}\n\n# Planning\n\n{SENT}",
        [(None, "Inleiding", 1), (None, "Planning", 1)],
    ),
    (
        "md article titles in brackets and an appendix remark in brackets",
        "a.md",
        f"#### § 1. Begrippen\n\n##### Artikel 1. (Reikwijdte)\n\n{SENT}\n\n## Bijlage. Formulier\n\n"
        f"(bijlage als bedoeld in artikel 1 van deze regeling)\n\n{SENT}",
        [("1", "Begrippen", 1), ("1", "Reikwijdte", 2), (None, "Bijlage. Formulier", 1)],
    ),
    (
        "md numbered headings at one depth nest by their numbers",
        "a.md",
        f"## Bijlage 1\n\n### 1. Inleiding\n\n{SENT}\n\n### 1.1. Context\n\n{SENT}\n\n"
        f"### 2. Processen\n\n{SENT}",
        [(None, "Bijlage 1", 1), ("1", "Inleiding", 2), ("1.1", "Context", 3), ("2", "Processen", 2)],
    ),
    (
        "md front matter is no text",
        "a.md",
        f"---\ntitle: Regeling zorginkoop\nstatus: geldig\n---\n\n## Artikel 1 Reikwijdte\n\n{SENT}",
        [("1", "Reikwijdte", 1)],
    ),
    (
        "txt hoofdstuk, paragraaf, artikel and bijlage get levels from their labels",
        "a.txt",
        f"Hoofdstuk 1 Algemene bepalingen\n\n§ 1.1 Begrippen\n\nArtikel 1.1.1 Reikwijdte\n{SENT}\n\n"
        f"Artikel 1.1.2\n{SENT}\n\nHoofdstuk 2 Offertes\n\nArtikel 2.1 Indienen\n{SENT}\n\n"
        f"Bijlage 1 Formulier\n{SENT}",
        REGULATION,
    ),
    (
        "txt article label line and its title line are one heading",
        "a.txt",
        f"Artikel 1\nReikwijdte\n{SENT}\n\nArtikel 2\nInwerkingtreding\n{SENT}",
        [("1", "Reikwijdte", 1), ("2", "Inwerkingtreding", 1)],
    ),
    (
        "txt citation of a law article is no heading",
        "a.txt",
        f"{SENT}\nArtikel 2.38 Aanbestedingswet 2012\n{SENT}",
        [],
    ),
    (
        "txt article with a lid is no heading",
        "a.txt",
        f"{SENT}\n\nArtikel 3, tweede lid, is van toepassing.",
        [],
    ),
    (
        "txt label and number ending a wrapped sentence are no heading",
        "a.txt",
        f"• Wij plannen een gesprek, zoals beschreven onder\nParagraaf 7.7.\n{SENT}",
        [],
    ),
    (
        "html hoofdstuk, paragraaf, artikel and bijlage get levels from their labels",
        "a.html",
        f"<html><body><h2>Hoofdstuk 1. Algemene bepalingen</h2><h3>§ 1.1 Begrippen</h3>"
        f"<h4>Artikel 1.1.1 Reikwijdte</h4><p>{SENT}</p><h4>Artikel 1.1.2</h4><p>{SENT}</p>"
        f"<h2>Hoofdstuk 2 Offertes</h2><h4>Artikel 2.1 Indienen</h4><p>{SENT}</p>"
        f"<h2>Bijlage 1 Formulier</h2><p>{SENT}</p></body></html>",
        REGULATION,
    ),
    (
        "html article number and title in two headings are one heading",
        "a.html",
        f"<html><body><h3>Artikel 1</h3><h4>Reikwijdte</h4><p>{SENT}</p></body></html>",
        [("1", "Reikwijdte", 1)],
    ),
]


@pytest.mark.parametrize("name,file_name,text,expected", LEGAL_CASES, ids=[c[0] for c in LEGAL_CASES])
def test_structure_legal_units(tmp_path: Path, name: str, file_name: str, text: str, expected: list) -> None:
    assert sections_of(tmp_path, file_name, text) == expected


def test_structure_unit_label_lines_head_text_in_a_typeset_pdf() -> None:
    """A PDF reader finds headings by their font; a line that is only `Artikel 1` between closed
    sentences still heads the article, and one ending a wrapped sentence does not."""
    style = "Sans|9|R|000000"
    lines = [
        Line("Beleidsregels zorginkoop", page=1, kind="heading", heading_level=1, style=style),
        Line("De raad besluit:", page=1, style=style),
        Line("Artikel 1", page=1, style=style),
        Line("Deze regels gelden voor alle aanbieders.", page=1, style=style),
        Line("Zoals beschreven onder", page=1, style=style),
        Line("Artikel 2", page=1, style=style),
        Line("geldt dit ook voor nieuwe aanbieders.", page=1, style=style),
    ]
    seg = segment(Document(Origin("a.pdf", Path("a.pdf"), "d"), "pdf", lines))
    assert [(s.number, s.title, s.level) for s in seg.sections] == [
        (None, "Beleidsregels zorginkoop", 1),
        ("1", "Artikel 1", 2),
    ]
