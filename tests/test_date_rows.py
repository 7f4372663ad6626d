"""Plannings laid out without table structure (`ingest/date_rows.py`), in a text export and in a
PDF set as paragraphs: a date-column header line, then lines that each open with a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import blank_options, frames
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from pipeline.ingest.date_rows import mark_date_led_tables
from pipeline.model import Line
from pipeline.stages import process_document

B = ""  # a blank line between paragraphs


def marked(texts: list[str]) -> list[tuple[str, list[str] | None]]:
    """(kind, cells) of every line left with text after marking, blank lines dropped."""
    lines = [Line(text, kind="blank" if not text else "body") for text in texts]
    mark_date_led_tables(lines)
    return [(ln.kind, ln.cells) for ln in lines if ln.text]


def header(activity: str) -> tuple[str, list[str]]:
    return ("table_row", ["Uiterste datum", activity])


HEADER = header("Inkoopactiviteit")
# (case id, lines, expected (kind, cells) of the lines with text)
CASES = [
    (
        "header_and_rows",
        ["Uiterste datum Inkoopactiviteit", B, "1 april 2026 Publicatie beleid", B, "1 juni 2026 Offerte"],
        [HEADER, ("table_row", ["1 april 2026", "Publicatie beleid"]),
         ("table_row", ["1 juni 2026", "Offerte"])],
    ),
    (
        "wrapped_header_is_joined",
        ["Uiterste datum Inkoop-", "activiteit zorg", B, "1 april 2026 Publicatie", B, "1 juni 2026 Offerte"],
        [
            ("table_row", ["Uiterste datum", "Inkoop- activiteit zorg"]),
            ("table_row", ["1 april 2026", "Publicatie"]),
            ("table_row", ["1 juni 2026", "Offerte"]),
        ],
    ),
    (
        "row_wrapped_onto_a_capitalised_line_is_joined",
        ["Uiterste datum Activiteit", B, "1 april 2026 Ondertekening in", "VECOZO", B, "1 juni 2026 Offerte"],
        [header("Activiteit"), ("table_row", ["1 april 2026", "Ondertekening in VECOZO"]),
         ("table_row", ["1 juni 2026", "Offerte"])],
    ),
    (
        "date_cut_by_the_line_break_stays_in_its_row",
        ["Uiterste datum Activiteit", B, "1 juni 2026 Tijdig tekenen voor 1", "november 2026", B,
         "1 juli 2026 Start"],
        [header("Activiteit"), ("table_row", ["1 juni 2026", "Tijdig tekenen voor 1 november 2026"]),
         ("table_row", ["1 juli 2026", "Start"])],
    ),
    (
        "a_paragraph_right_below_rows_on_consecutive_lines_stays_apart",
        ["Datum Activiteit", "1 april 2026 Publicatie beleid", "1 juni 2026 Offerte indienen",
         "Daarna sluiten wij de overeenkomst."],
        [("table_row", ["Datum", "Activiteit"]), ("table_row", ["1 april 2026", "Publicatie beleid"]),
         ("table_row", ["1 juni 2026", "Offerte indienen"]), ("body", None)],
    ),
    (
        "a_row_ending_in_a_number_keeps_the_capitalised_month_row_below",
        ["Uiterste datum Activiteit", B, "1 april 2026 Publicatie ronde 2", "Oktober 2026 Starten"],
        [header("Activiteit"), ("table_row", ["1 april 2026", "Publicatie ronde 2"]),
         ("table_row", ["Oktober 2026", "Starten"])],
    ),
    (
        "an_intro_sentence_below_a_header_word_is_no_header",
        ["Planning", "De planning voor 2027 ziet er als volgt uit:", B, "1 april 2026 Publicatie", B,
         "1 juni 2026 Offerte"],
        [("body", None)] * 4,
    ),
    (
        "a_row_marked_already_is_no_header_of_the_rows_below",
        ["Uiterlijk 1 april 2026 Publicatie", B, "Uiterlijk 1 juni 2026 Offerte", B,
         "Uiterlijk 1 juli 2026 Start", B, "Uiterlijk 1 augustus 2026 Einde"],
        [("table_row", ["Uiterlijk", "1 april 2026 Publicatie"]),
         ("table_row", ["Uiterlijk 1 juni 2026", "Offerte"]),
         ("table_row", ["Uiterlijk 1 juli 2026", "Start"]),
         ("table_row", ["Uiterlijk 1 augustus 2026", "Einde"])],
    ),
    (
        "one_date_row_is_no_table",
        ["Uiterste datum Activiteit", B, "1 april 2026 Publicatie", B, "Wij lichten het beleid toe."],
        [("body", None), ("body", None), ("body", None)],
    ),
    (
        "full_stop_ends_a_row_before_a_paragraph_below_it",
        ["Datum Activiteit", B, "1 april 2026 Publicatie.", "Daarna volgt", B, "1 juni 2026 Offerte"],
        [("body", None), ("body", None), ("body", None), ("body", None)],
    ),
    (
        "a_long_line_is_no_header",
        ["Uiterste datum voor het indienen van een offerte is voor alle aanbieders dezelfde dag", B,
         "1 april 2026 Publicatie", B, "1 juni 2026 Offerte"],
        [("body", None), ("body", None), ("body", None)],
    ),
]  # fmt: skip


@pytest.mark.parametrize("texts,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_date_rows(texts: list[str], expected: list[tuple[str, list[str] | None]]) -> None:
    assert marked(texts) == expected


def test_date_rows_a_paragraph_on_the_next_page_is_no_continuation() -> None:
    """A PDF has no blank line at a page break: the paragraph that opens the next page stays apart."""
    texts = [("Uiterste datum Activiteit", 1), ("", 1), ("1 april 2026 Publicatie", 1), ("", 1),
             ("1 juni 2026 Offerte", 1), ("Wij beoordelen alle offertes zorgvuldig.", 2)]  # fmt: skip
    lines = [Line(text, kind="body" if text else "blank", page=page) for text, page in texts]
    mark_date_led_tables(lines)
    assert [ln.kind for ln in lines if ln.text] == ["table_row", "table_row", "table_row", "body"]
    assert lines[4].text == "1 juni 2026 Offerte"


def planning_as_paragraphs(path: Path) -> None:
    """A planning set as paragraphs in a narrow column, so that the header and rows wrap."""
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11.5, spaceAfter=6)
    paragraphs = [
        "Inkoopbeleid wijkverpleging 2027",
        "Planning",
        "De planning voor het inkoopjaar 2027 ziet er als volgt uit:",
        "Uiterste datum Inkoopactiviteit wijkverpleging en verpleging thuis",
        "1 april 2026 Publicatie zorginkoopbeleid op de website van de zorgverzekeraar.",
        "1 juni 2026 Uiterste datum voor het indienen van een offerte door zorgaanbieders",
        "Oktober 2026 Starten met aanbieden zorgovereenkomsten aan zorgaanbieders.",
    ]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60 * mm, rightMargin=80 * mm)
    doc.build([Paragraph(text, body) for text in paragraphs])


def test_date_rows_of_a_pdf_set_as_paragraphs_take_the_header_qualifier(tmp_path: Path) -> None:
    path = tmp_path / "planning.pdf"
    planning_as_paragraphs(path)
    dates = frames(process_document(path, path.name, blank_options()))["dates"]
    found = sorted(zip(dates["value"], dates["qualifier"], strict=True))
    assert found == [
        (date(2026, 4, 1), "deadline"),
        (date(2026, 6, 1), "deadline"),
        (date(2026, 10, 1), "deadline"),
    ]
