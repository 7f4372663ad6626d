"""Headings and the section tree from plain text exports. One case per line.

Each case is a tiny text export (lines joined by `|`); the expected headings are
(number, title, level) in reading order. The cases are written for these tests in
the layouts of the corpus (PDF exports, web exports), not copied from it.
"""

from __future__ import annotations

import pytest
from helpers import text_document

from pipeline.ingest.text import label_lines
from pipeline.model import Document
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
