"""The planning a provider acts on: steps of the round, from planning tables and sentences.

Each case is a small Dutch policy in a layout seen in real policies (a tab-separated planning table,
the date and action lines of a text export, a sentence that names a step), run through every stage
with the blank Dutch pipeline; the expected steps are listed one per line as
(date, kind, actor, group, action contains, relative). A second table lists what is not a step.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from helpers import blank_options, frames
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from pipeline.derive.deadlines import is_planning_header, split_trailing_channel
from pipeline.stages import process_document

TITLE = ["Inkoopbeleid medisch-specialistische zorg 2027", "", "Coöperatie VGZ", ""]
INTRO = ["Inleiding", "", "Dit beleid beschrijft hoe wij in 2027 medisch-specialistische zorg inkopen.", ""]


def steps_of(lines: list[str], tmp_path: Path) -> pd.DataFrame:
    """The `deadlines` rows of a policy made of `lines`, read end to end."""
    path = tmp_path / "beleid.txt"
    path.write_text("\n".join([*TITLE, *INTRO, *lines, ""]), encoding="utf-8")
    return frames(process_document(path, path.name, blank_options()))["deadlines"]


def as_tuples(rows: pd.DataFrame) -> list[tuple]:
    """(date, kind, actor, group, action, relative) per row, nulls as None."""

    def value(v: object) -> object:
        return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v

    return [
        (value(r.date), r.kind, value(r.actor), value(r.group), value(r.action), value(r.relative))
        for r in rows.itertuples()
    ]


def planning(heading: str, *rows: str, header: str = "Datum\tWie\tActie") -> list[str]:
    return [heading, "", "Voor zorgaanbieders geldt onderstaande planning.", "", header, *rows, ""]


def spaced(*lines: str) -> list[str]:
    """Lines each a paragraph of its own, as a layout without table cells gives them (a re-typeset PDF)."""
    return [x for line in lines for x in (line, "")]


D = date
# Who carries a step a sentence names: (case id, date, kind, actor, a word of the action, sentence)
ACTOR_CASES = [
    ("subject_gives_to_its_object", D(2027, 3, 15), "deadline", "zorgverzekeraar", "terugkoppeling",
     "Wij geven u uiterlijk 15 maart 2027 een terugkoppeling op uw aanvraag."),
    ("inverted_subject_gives_to_its_object", D(2026, 10, 1), "deadline", "zorgverzekeraar", "voorstel",
     "Daarna stuurt VGZ u uiterlijk 1 oktober 2026 een voorstel."),
    ("provider_sends_to_us", D(2026, 6, 1), "deadline", "zorgaanbieder", "offerte",
     "De zorgaanbieder stuurt ons uiterlijk 1 juni 2026 de offerte."),
    ("request_verb_puts_the_step_on_the_one_asked", D(2026, 6, 1), "deadline", "zorgaanbieder", "offerte",
     "Daarom verzoeken wij u uiterlijk 1 juni 2026 een offerte."),
    ("te_infinitive_puts_the_step_on_the_object", D(2026, 6, 1), "preferred", "zorgaanbieder", "offerte",
     "Wij adviseren u uiterlijk 1 juni 2026 uw offerte in te dienen."),
    ("subordinate_clause_keeps_its_own_subject", D(2026, 6, 1), "deadline", "zorgaanbieder", "offerte",
     "Wij verwachten dat u uiterlijk 1 juni 2026 de offerte indient."),
    ("two_parties_joined_by_en_act_together", D(2026, 6, 1), "deadline", "overig", "plan",
     "Wij en u stellen uiterlijk 1 juni 2026 het plan vast."),
    ("determiner_in_a_joint_subject", D(2026, 6, 1), "deadline", "overig", "plan",
     "Wij en de zorgaanbieder stellen uiterlijk 1 juni 2026 het plan vast."),
    ("infinitive_of_purpose_keeps_the_subject", D(2026, 6, 1), "deadline", "zorgverzekeraar", "uitnodiging",
     "Wij sturen u uiterlijk 1 juni 2026 een uitnodiging om een offerte in te dienen."),
]  # fmt: skip


# (case id, lines, expected steps: (date, kind, actor, group, words of the action, relative))
STEP_CASES = [
    (
        "empty_date_cell_takes_the_row_above",
        planning(
            "Planning",
            "Uiterlijk 12 juni 2026\tVGZ\tToelichten inkoopbeleid 2027",
            "\tZorgaanbieder en VGZ\tVastleggen procesafspraken",
        ),
        [
            (D(2026, 6, 12), "deadline", "zorgverzekeraar", None, "Toelichten inkoopbeleid", None),
            (D(2026, 6, 12), "deadline", "overig", None, "Vastleggen procesafspraken", None),
        ],
    ),
    (
        "preferred_then_deadline_is_two_steps",
        planning(
            "Planning",
            "Bij voorkeur voor 16 september 2026, maar uiterlijk 30 september 2026\tZorgaanbieder\tOfferte",
        ),
        [
            (D(2026, 9, 16), "preferred", "zorgaanbieder", None, "Offerte", None),
            (D(2026, 9, 30), "deadline", "zorgaanbieder", None, "Offerte", None),
        ],
    ),
    (
        "passive_insurer_row_without_party_cell",
        planning("Planning", "1 april 2026\tPublicatie zorginkoopbeleid", header="Datum\tActiviteit"),
        [(D(2026, 4, 1), "event", "zorgverzekeraar", None, "Publicatie zorginkoopbeleid", None)],
    ),
    (
        "joint_row_is_overig",
        planning("Planning", "Vanaf 1 oktober 2026\tStart onderhandelingen", header="Datum\tActiviteit"),
        [(D(2026, 10, 1), "start", "overig", None, "Start onderhandelingen", None)],
    ),
    (
        "uiterste_datum_column_makes_a_deadline",
        planning("Planning", "1 september 2026\tIndienen offerte", header="Uiterste datum\tActiviteit"),
        [(D(2026, 9, 1), "deadline", "zorgaanbieder", None, "Indienen offerte", None)],
    ),
    (
        "group_after_voor_in_the_heading",
        planning("Planning voor ziekenhuizen", "Uiterlijk 1 juli 2026\tZorgaanbieder\tIndienen offerte"),
        [(D(2026, 7, 1), "deadline", "zorgaanbieder", "ziekenhuizen", "Indienen offerte", None)],
    ),
    (
        "group_after_a_leading_planning_word",
        planning(
            "Processtappen nieuwe zorggroepen", "Uiterlijk 1 juli 2026\tZorgaanbieder\tIndienen offerte"
        ),
        [(D(2026, 7, 1), "deadline", "zorgaanbieder", "nieuwe zorggroepen", "Indienen offerte", None)],
    ),
    (
        "no_group_when_the_title_only_says_what_is_planned",
        planning("Planning zorginkoop", "Uiterlijk 1 juli 2026\tZorgaanbieder\tIndienen offerte"),
        [(D(2026, 7, 1), "deadline", "zorgaanbieder", None, "Indienen offerte", None)],
    ),
    (
        "group_from_the_lead_in_of_the_table",
        [
            "Tijdpad",
            "",
            "Voor ZBC's zijn de volgende termijnen van toepassing:",
            "",
            "2026 Datum Proces",
            "",
            "Uiterlijk 1 juni 2026 Aanmelding nieuwe ZBC's",
            "",
            "2027",
            "",
        ],
        [(D(2026, 6, 1), "deadline", "zorgaanbieder", "ZBC's", "Aanmelding nieuwe ZBC's", None)],
    ),
    (
        "relative_term_in_the_date_cell",
        planning(
            "Planning",
            "Uiterlijk 6 weken na ontvangst van de offerte\tVGZ\tInhoudelijke reactie op de offerte",
        ),
        [
            (
                None,
                "deadline",
                "zorgverzekeraar",
                None,
                "Inhoudelijke reactie op de offerte",
                "Uiterlijk 6 weken na ontvangst van de offerte",
            )
        ],
    ),
    (
        "date_line_with_two_action_lines_is_two_steps",
        [
            "Tijdpad",
            "",
            "De belangrijkste termijnen zijn:",
            "",
            "2026 Datum Proces",
            "",
            "Uiterlijk 15 juni 2026",
            "",
            "Inkoopbeleid is toegelicht.",
            "Procesafspraken zijn gemaakt (in onderling overleg)",
            "",
            "2027",
            "",
        ],
        [
            (D(2026, 6, 15), "deadline", "zorgverzekeraar", None, "Inkoopbeleid is toegelicht", None),
            (D(2026, 6, 15), "deadline", "overig", None, "Procesafspraken zijn gemaakt", None),
        ],
    ),
    (
        "activity_before_its_date_line",
        [
            "Tijdpad",
            "",
            "Activiteiten Planning",
            "",
            "Fase 3: Indienen van de offerte in het VECOZO",
            "Zorginkoopportaal (zorgaanbieder)",
            "",
            "Uiterlijk 1",
            "september 2026",
            "",
        ],
        [(D(2026, 9, 1), "deadline", "zorgaanbieder", None, "Fase 3: Indienen van de offerte", None)],
    ),
    (
        "replaced_date_line_without_action_is_no_step",
        [
            "Processtappen huisartsenpraktijken",
            "",
            "2026 Datum Proces",
            "",
            "Uiterlijk 30 september 2026",
            "Uiterlijk 15 november 2026 Bevestigen tarieven 2027 door VGZ via VECOZO",
            "",
            "2027",
            "",
        ],
        [
            (
                D(2026, 11, 15),
                "deadline",
                "zorgverzekeraar",
                "huisartsenpraktijken",
                "Bevestigen tarieven 2027",
                None,
            )
        ],
    ),
    (
        "row_scoped_to_a_group_in_a_planning_for_all",
        [
            "Tijdpad",
            "",
            "2026 Datum Proces",
            "",
            "Uiterlijk 15 september",
            "2026",
            "",
            "Alleen voor ziekenhuizen: openen portaal en beschikbaar stellen",
            "modelcontract in VECOZO",
            "",
            "2027",
            "",
        ],
        [(D(2026, 9, 15), "deadline", "zorgverzekeraar", "ziekenhuizen", "openen portaal", None)],
    ),
    (
        "planning_title_run_into_its_lead_in_sentence",
        spaced(
            "Tijdpad",
            "2027 Planning voor revalidatiecentra Voor revalidatiecentra met een overeenkomst geldt "
            "onderstaande planning.",
            "Datum Wie Actie",
            "Uiterlijk 1 juli 2026 Zorgaanbieder Indienen offerte",
        ),
        [(D(2026, 7, 1), "deadline", "zorgaanbieder", "revalidatiecentra", "Indienen offerte", None)],
    ),
    (
        "party_cell_with_a_remark_continues_the_row_above",
        spaced(
            "Planning",
            "Datum Wie Actie",
            "Uiterlijk 12 juni 2026 Zorgverzekeraar Toelichten inkoopbeleid",
            "Zorgaanbieder en zorgverzekeraar (indien nodig zorgverzekeraar) Plannen van de gesprekken",
        ),
        [
            (D(2026, 6, 12), "deadline", "zorgverzekeraar", None, "Toelichten inkoopbeleid", None),
            (D(2026, 6, 12), "deadline", "overig", None, "Plannen van de gesprekken", None),
        ],
    ),
    (
        "sentence_outside_a_planning_names_a_step",
        ["Inkoopproces", "", "Wij publiceren de overeenkomsten uiterlijk 1 november 2026 in VECOZO.", ""],
        [(D(2026, 11, 1), "deadline", "zorgverzekeraar", None, "Wij publiceren de overeenkomsten", None)],
    ),
    (
        "sentence_range_is_a_start_and_an_end",
        [
            "Aanvullende zorginkoop",
            "",
            "Een aanvraag voor extra productie moet binnenkomen tussen 1 juli en 1 oktober 2027.",
            "",
        ],
        [
            (D(2027, 7, 1), "start", "zorgaanbieder", None, "aanvraag voor extra productie", None),
            (D(2027, 10, 1), "end", "zorgaanbieder", None, "aanvraag voor extra productie", None),
        ],
    ),
    (
        "receiving_provider_means_the_insurer_acts",
        ["Beoordeling", "", "U ontvangt uiterlijk 8 september 2026 een terugkoppeling van ons.", ""],
        [(D(2026, 9, 8), "deadline", "zorgverzekeraar", None, "terugkoppeling", None)],
    ),
    *[
        (case_id, ["Inkoopproces", "", sentence, ""], [(day, kind, actor, None, word, None)])
        for case_id, day, kind, actor, word, sentence in ACTOR_CASES
    ],
    (
        "promised_response_within_a_term",
        [
            "Aanvullende zorginkoop",
            "",
            "Na indiening ontvangt de zorgaanbieder binnen 3 weken een reactie op de aanvraag.",
            "",
        ],
        [(None, "deadline", "zorgverzekeraar", None, "reactie op de aanvraag", "binnen 3 weken")],
    ),
    (
        "new_providers_section_names_the_group",
        [
            "Nieuwe zorgaanbieders schrijven zich in via VECOZO",
            "",
            "Nieuwe zorgaanbieders kunnen uiterlijk 31 juli 2026 via het aanvraagformulier aangeven dat zij "
            "zich willen inschrijven.",
            "",
        ],
        [(D(2026, 7, 31), "deadline", "zorgaanbieder", "Nieuwe zorgaanbieders", "aanvraagformulier", None)],
    ),
]


@pytest.mark.parametrize("lines,expected", [c[1:] for c in STEP_CASES], ids=[c[0] for c in STEP_CASES])
def test_planning_steps(lines, expected, tmp_path: Path) -> None:
    found = as_tuples(steps_of(lines, tmp_path))
    assert len(found) == len(expected), found
    for (day, kind, actor, group, action, relative), row in zip(expected, found, strict=True):
        assert row[:4] == (day, kind, actor, group)
        assert action in (row[4] or "")
        assert relative == (row[5] if relative is None else row[5][: len(relative)])


# (case id, lines): documents whose dates are not steps of the round
NOT_STEP_CASES = [
    (
        "law_takes_effect_on_the_first_of_january",
        ["Kwaliteit", "", "Vanaf 1 januari 2027 gelden nieuwe normen.", ""],
    ),
    (
        "earlier_round_as_history",
        [
            "Wijzigingen",
            "",
            "In 2025 werd de standaardovereenkomst uiterlijk 16 september 2025 gepubliceerd.",
            "",
        ],
    ),
    (
        "replaced_text_of_the_policy",
        [
            "Astma",
            "",
            "In ons inkoopbeleid stond vermeld dat we uiterlijk 30 september 2026 een aanbod doen.",
            "",
        ],
    ),
    (
        "contract_term",
        ["Looptijd", "", "Het contract loopt een jaar, met einddatum 31 december 2027.", ""],
    ),
    (
        "mention_outside_a_planning",
        ["Kwaliteit", "", "Het ziekenhuis scoorde in juli 2026 een 7 op Zorgkaart.", ""],
    ),
    (
        "service_term_in_minutes",
        ["Minimumeisen", "", "De behandeling moet binnen 30 minuten na een complicatie starten.", ""],
    ),
    (
        "relative_term_the_provider_keeps",
        [
            "Bezwaar",
            "",
            "Zorgaanbieders kunnen binnen 14 dagen na de terugkoppeling een kort geding starten.",
            "",
        ],
    ),
]


@pytest.mark.parametrize("lines", [c[1] for c in NOT_STEP_CASES], ids=[c[0] for c in NOT_STEP_CASES])
def test_planning_not_a_step(lines, tmp_path: Path) -> None:
    assert steps_of(lines, tmp_path).empty


def test_planning_table_step_repeated_in_a_sentence_is_one_row(tmp_path: Path) -> None:
    lines = [
        "Offerte",
        "",
        "Zorgaanbieders dienen hun offerte uiterlijk 1 september 2026 in via VECOZO.",
        "",
        *planning("Planning", "Uiterlijk 1 september 2026\tZorgaanbieder\tIndienen offerte"),
    ]
    rows = steps_of(lines, tmp_path)
    assert len(rows) == 1
    row = rows.iloc[0]
    assert (row["source"], row["action"]) == ("table", "Indienen offerte")
    sentences = frames_sentences(tmp_path)
    assert sentences[row["repeated_in"]].startswith("Zorgaanbieders dienen hun offerte")


def test_planning_step_number_ties_a_sentence_to_its_row(tmp_path: Path) -> None:
    lines = [
        *planning("Planning", "Uiterlijk 4 augustus 2026\tZorgaanbieder\t7. Inschrijving indienen"),
        "Uw aanmelding dient u uiterlijk 4 augustus 2026 in via het portaal (stap 7).",
        "",
    ]
    rows = steps_of(lines, tmp_path)
    assert len(rows) == 1 and pd.notna(rows.iloc[0]["repeated_in"])


def frames_sentences(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "beleid.txt"
    document = process_document(path, path.name, blank_options())
    return {s.sentence_id: s.text for s in document.sentences}


def test_planning_title_run_into_a_paragraph_by_the_export(tmp_path: Path) -> None:
    """A web export with a blank line after every line: the next planning's title, the year band
    before it and its intro run into one paragraph; the title still starts a new group."""
    body = [
        f"Dit is regel {i} van de toelichting op het inkoopbeleid voor zorgaanbieders." for i in range(20)
    ]
    lines = [
        *body,
        "Planning voor ziekenhuizen",
        "Voor ziekenhuizen geldt onderstaande planning.",
        "2026\tDatum\tWie\tActie",
        "\tUiterlijk 1 juli 2026\tZorgaanbieder\tIndienen offerte",
        "2027",
        "Planning voor Zelfstandige Behandelcentra",
        "Voor Zelfstandige Behandelcentra geldt onderstaande planning.",
        "2026\tDatum\tWie\tActie",
        "\tUiterlijk 1 augustus 2026\tZorgaanbieder\tIndienen offerte",
        "2027",
    ]
    spaced = [x for line in lines for x in (line, "")]
    found = as_tuples(steps_of(spaced, tmp_path))
    assert [(r[0], r[3]) for r in found] == [
        (D(2026, 7, 1), "ziekenhuizen"),
        (D(2026, 8, 1), "Zelfstandige Behandelcentra"),
    ]


def planning_pdf(path: Path) -> Path:
    """A policy PDF with a planning table for two groups; one row has an empty date cell."""
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 70

    def write(text: str, font: tuple[str, float] = ("Helvetica", 10), gap: float = 16) -> None:
        nonlocal y
        c.setFont(*font)
        c.drawString(50, y, text)
        y -= gap

    def table(rows: list[list[str]]) -> None:
        nonlocal y
        xs = [50, 250, 350, 545]
        top = y
        for r, row in enumerate(rows):
            for i, cell in enumerate(row):
                c.setFont("Helvetica", 9)
                c.drawString(xs[i] + 4, top - r * 20 - 14, cell)
            c.line(xs[0], top - r * 20, xs[-1], top - r * 20)
        bottom = top - len(rows) * 20
        c.line(xs[0], bottom, xs[-1], bottom)
        for x in xs:
            c.line(x, top, x, bottom)
        y = bottom - 30

    write("Inkoopbeleid medisch-specialistische zorg 2027", ("Helvetica-Bold", 18), 30)
    write("Coöperatie VGZ koopt in 2027 medisch-specialistische zorg in bij zorgaanbieders in de regio.")
    write("Wij maken afspraken over kwaliteit, toegankelijkheid en betaalbaarheid van de zorg.", gap=30)
    write("1 Planning voor ziekenhuizen", ("Helvetica-Bold", 14), 24)
    write("Voor ziekenhuizen geldt onderstaande planning voor het contractjaar 2027.", gap=20)
    table(
        [
            ["Datum", "Wie", "Actie"],
            ["Uiterlijk 12 juni 2026", "VGZ", "Toelichten inkoopbeleid"],
            ["", "Zorgaanbieder en VGZ", "Vastleggen procesafspraken"],
            ["Uiterlijk 30 september 2026", "Zorgaanbieder", "Aanleveren offerte"],
        ]
    )
    write("2 Planning voor Zelfstandige Behandelcentra", ("Helvetica-Bold", 14), 24)
    write("Voor Zelfstandige Behandelcentra geldt onderstaande planning voor 2027.", gap=20)
    table(
        [
            ["Datum", "Wie", "Actie"],
            ["Uiterlijk 1 juli 2026", "Zorgaanbieder", "Indienen offerte"],
            ["Vanaf 1 november 2026", "VGZ", "Publicatie zorgaanbod"],
        ]
    )
    c.showPage()
    c.save()
    return path


def test_planning_pdf_with_two_groups_end_to_end(tmp_path: Path) -> None:
    path = planning_pdf(tmp_path / "planning.pdf")
    found = as_tuples(frames(process_document(path, path.name, blank_options()))["deadlines"])
    assert [r[:5] for r in found] == [
        (D(2026, 6, 12), "deadline", "zorgverzekeraar", "ziekenhuizen", "Toelichten inkoopbeleid"),
        (D(2026, 6, 12), "deadline", "overig", "ziekenhuizen", "Vastleggen procesafspraken"),
        (D(2026, 9, 30), "deadline", "zorgaanbieder", "ziekenhuizen", "Aanleveren offerte"),
        (D(2026, 7, 1), "deadline", "zorgaanbieder", "Zelfstandige Behandelcentra", "Indienen offerte"),
        (D(2026, 11, 1), "start", "zorgverzekeraar", "Zelfstandige Behandelcentra", "Publicatie zorgaanbod"),
    ]


def retypeset_pdf(path: Path, paragraphs: list[tuple[str, str]]) -> Path:
    """A policy laid out as paragraphs only (`h` a bold heading, `p` body text): table rows become
    paragraphs, and a planning title the source ran into its lead-in stays in that paragraph."""
    styles = {
        "h": ParagraphStyle(
            "h", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=8, spaceAfter=4
        ),
        "p": ParagraphStyle("p", fontName="Helvetica", fontSize=9, leading=11.5, spaceAfter=4),
    }
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph(text, styles[kind]) for kind, text in paragraphs]
    )
    return path


def test_planning_retypeset_pdf_titles_and_rows_in_paragraphs(tmp_path: Path) -> None:
    path = retypeset_pdf(
        tmp_path / "planning.pdf",
        [
            ("h", "Inkoopbeleid medisch-specialistische zorg 2027"),
            (
                "p",
                "Coöperatie VGZ koopt in 2027 medisch-specialistische zorg in bij zorgaanbieders.",
            ),
            ("h", "Planning voor ziekenhuizen"),
            ("p", "Voor ziekenhuizen met een overeenkomst geldt onderstaande planning."),
            ("p", "2026 Datum Wie Actie"),
            ("p", "Uiterlijk 12 juni 2026 VGZ Toelichten inkoopbeleid 2027"),
            ("p", "Zorgaanbieder en VGZ (indien nodig VGZ) Plannen van de gesprekken"),
            (
                "p",
                "2027 Planning voor revalidatiecentra Voor revalidatiecentra met een overeenkomst geldt "
                "onderstaande planning.",
            ),
            ("p", "2026 Datum Wie Actie"),
            ("p", "Uiterlijk 30 september 2026 VGZ Informeren over de uitkomst van de aanvraag"),
            (
                "p",
                "VGZ Voor revalidatiecentra waarmee we een overeenkomst sluiten: openstellen uitvraagmodule",
            ),
            ("p", "2027"),
            ("p", "Aanvragen extra productie voor bestaande zorgaanbieders"),
            ("p", "2026 Datum Wie Actie"),
            ("p", "1 juli t/m 1 oktober 2027 Zorgaanbieder Indienen aanvraag extra productie"),
            ("p", "2027"),
        ],
    )
    found = as_tuples(frames(process_document(path, path.name, blank_options()))["deadlines"])
    assert [r[:5] for r in found] == [
        (D(2026, 6, 12), "deadline", "zorgverzekeraar", "ziekenhuizen", "Toelichten inkoopbeleid 2027"),
        (D(2026, 6, 12), "deadline", "overig", "ziekenhuizen", "Plannen van de gesprekken"),
        (
            D(2026, 9, 30),
            "deadline",
            "zorgverzekeraar",
            "revalidatiecentra",
            "Informeren over de uitkomst van de aanvraag",
        ),
        (
            D(2026, 9, 30),
            "deadline",
            "zorgverzekeraar",
            "revalidatiecentra",
            "Voor revalidatiecentra waarmee we een overeenkomst sluiten: openstellen uitvraagmodule",
        ),
        (
            D(2027, 7, 1),
            "start",
            "zorgaanbieder",
            "bestaande zorgaanbieders",
            "Indienen aanvraag extra productie",
        ),
        (
            D(2027, 10, 1),
            "end",
            "zorgaanbieder",
            "bestaande zorgaanbieders",
            "Indienen aanvraag extra productie",
        ),
    ]


# (row text whose cells were joined, the channel cell it ends with, or None: the text stays whole)
TRAILING_CHANNEL_CASES = [
    ("Toelichten inkoopbeleid 2027 Mondeling of via e-mail", "Mondeling of via e-mail"),
    ("Openstellen uitvraagmodule VECOZO Zorginkoopportaal", "VECOZO Zorginkoopportaal"),
    ("Aanvragen verhoging zorgkostenplafond E-mail", "E-mail"),
    ("Publiceren van de overeenkomsten in VECOZO", None),
    ("Indienen offerte via e-mail", None),
    ("Opvragen standaardovereenkomst Op te vragen bij uw zorginkoper", None),
    ("Offerte VECOZO", None),
    ("VECOZO Zorginkoopportaal", None),
]


@pytest.mark.parametrize("text,cell", TRAILING_CHANNEL_CASES, ids=[c[0][:30] for c in TRAILING_CHANNEL_CASES])
def test_planning_trailing_channel_cell(text: str, cell: str | None) -> None:
    action = text.removesuffix(cell).strip() if cell else text
    assert split_trailing_channel(text) == (action, cell)


def test_planning_row_with_joined_cells_keeps_only_the_action(tmp_path: Path) -> None:
    """A planning table a layout flattened into lines: the party and `Via` cells leave the action."""
    lines = planning(
        "Planning",
        "",
        "Uiterlijk 12 juni 2026 VGZ Toelichten inkoopbeleid 2027 Mondeling of via e-mail",
        "",
        "Uiterlijk 16 september 2026 VGZ Openstellen uitvraagmodule VECOZO Zorginkoopportaal",
        header="Datum Wie Actie Via",
    )
    rows = steps_of(lines, tmp_path)
    assert list(zip(rows["actor"], rows["action"], rows["channel"], strict=True)) == [
        ("zorgverzekeraar", "Toelichten inkoopbeleid 2027", "e-mail, mondeling"),
        ("zorgverzekeraar", "Openstellen uitvraagmodule", "VECOZO"),
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Datum Wie Actie Via", True),
        ("2026 Datum en tijd Wie Actie Via", True),
        ("Uiterste datum\tActiviteit", True),
        ("Planningsdatum Processtap", True),  # compound tails
        ("Eén twee drie vier Datum vijf zes Actie", True),  # eight words: still a header
        ("Eén twee drie vier Datum vijf zes zeven Actie", False),  # nine words: a sentence
        ("Op deze datum start de actie voor alle zorgaanbieders in de regio.", False),
        ("Datum", False),  # no activity column
        ("", False),
    ],
)
def test_planning_table_header(text: str, expected: bool) -> None:
    assert is_planning_header(text) is expected
