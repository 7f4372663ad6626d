"""Corpus tests for `pipeline.extract.subjects`: what each number is about, one sentence per line."""

from __future__ import annotations

import pytest
import spacy
from helpers import text_document
from spacy.tokens import Doc

from pipeline.extract.amounts import extract_amounts, iter_amounts
from pipeline.extract.percentages import extract_percentages, iter_percentages
from pipeline.extract.subjects import describe_numbers, parsed_subject, per_unit_after, subject_of
from pipeline.model import Line
from pipeline.structure import segment

# (sentence, amount as written, subject, per unit)
AMOUNT_CASES = [
    (
        "Het tarief voor een reguliere zitting bedraagt € 38,50 per zitting.",
        "€ 38,50",
        "tarief voor reguliere zitting",
        "per zitting",
    ),
    (
        "De minimale omzet van een ZBC moet minimaal € 100.000 zijn.",
        "€ 100.000",
        "minimale omzet van ZBC",
        None,
    ),
    (
        "Zorgaanbieders met een zorgomzetplafond van minder dan € 2,5 miljoen ontvangen een aanbod.",
        "€ 2,5 miljoen",
        "zorgomzetplafond",
        None,
    ),
    ("Het kabinet stelt een bedrag van 40 miljoen beschikbaar voor de zorg.", "40 miljoen", "bedrag", None),
    ("Totale landelijke zorgkosten € 24,4 miljoen.", "€ 24,4 miljoen", "Totale landelijke zorgkosten", None),
    ("Voor praktijken met een omzet boven € 250.000,- geldt een korting.", "€ 250.000,-", "omzet", None),
    ("De besparing ligt tussen € 2500 en € 5000 per traject.", "€ 2500", "besparing", "per traject"),
    ("De besparing ligt tussen € 2500 en € 5000 per traject.", "€ 5000", "besparing", "per traject"),
    (
        "In 2027 is het bedrag voor nieuwe ZBC's aangepast van € 225.000 naar € 250.000.",
        "€ 250.000",
        "bedrag voor nieuwe ZBC's",
        None,
    ),
    ("Gedurende de looptijd is er € 2,8 miljoen beschikbaar per jaar.", "€ 2,8 miljoen", None, "per jaar"),
    (
        "Het ZBC heeft voor tenminste € 250.000,- per aangeboden specialisme uitbetaald gekregen.",
        "€ 250.000,-",
        None,
        "per aangeboden specialisme",
    ),
    ("Wij reserveren € 370.000,- voor experimenten.", "€ 370.000,-", None, None),
    ("Het bedrag van € 40 miljoen wordt per 1 januari 2024 uitgekeerd.", "€ 40 miljoen", "bedrag", None),
]

# (sentence, percentage as written, subject)
PERCENTAGE_CASES = [
    ("Wij hanteren een opslag van 2,1% op het richttarief.", "2,1%", "opslag"),
    ("Voor praktijken met een hoge omzet geldt een korting van 2,5%.", "2,5%", "korting"),
    ("Wij vragen u te melden wanneer 70% van het zorgkostenplafond bereikt is.", "70%", "zorgkostenplafond"),
    ("Zorg en Zekerheid heeft minimaal 25% marktaandeel binnen de ZBC.", "25%", "marktaandeel"),
    ("DM II: 4,6%", "4,6%", "DM II"),
    ("De vergoeding voor NHC/NIC bedraagt 100% van het NZa-tarief.", "100%", "vergoeding voor NHC/NIC"),
    (
        "Het landelijke richttariefpercentage voor zorg in de GZ is 95,7%.",
        "95,7%",
        "landelijke richttariefpercentage voor zorg",
    ),
    ("Wij geven een tariefsopslag van 3% bovenop het richttarief (95,7%).", "95,7%", "richttarief"),
    ("De opslag is daarom vastgesteld op 4% van het tarief.", "4%", "opslag"),
    ("De zorgsector is verantwoordelijk voor 7% van de CO2-uitstoot.", "7%", "CO2-uitstoot"),
    ("Het aandeel is nog laag (14%).", "14%", None),
    ("Wij kopen 30% meer zorg in.", "30%", None),
]


@pytest.mark.parametrize(
    "text,number,subject,per_unit", AMOUNT_CASES, ids=[f"{c[0][:30]}-{c[1]}" for c in AMOUNT_CASES]
)
def test_subjects_of_amounts(text: str, number: str, subject: str | None, per_unit: str | None) -> None:
    (amount,) = [a for a in iter_amounts(text) if a.text == number]
    assert subject_of(text, amount.start, amount.end) == subject
    assert (amount.per_unit or per_unit_after(text, amount.end)) == per_unit


@pytest.mark.parametrize("text,number,subject", PERCENTAGE_CASES, ids=[c[0][:40] for c in PERCENTAGE_CASES])
def test_subjects_of_percentages(text: str, number: str, subject: str | None) -> None:
    (percentage,) = [p for p in iter_percentages(text) if p.text == number]
    assert subject_of(text, percentage.start, percentage.end) == subject


@pytest.mark.parametrize(
    "cells,subject",
    [
        (["7VG", "95,7%", "97,8%"], "7VG"),
        (["Polisblad", "Een verzekering ter hoogte van € 2.500.000,-"], "verzekering"),
        (["GZ zorgaanbieders die nieuw zijn", "93,7%"], "GZ zorgaanbieders"),
        (["95,7%", "95,2%"], None),
    ],
    ids=["row_label", "own_cell_before_row_label", "label_to_its_first_clause", "no_label"],
)
def test_subjects_in_table_rows(cells: list[str], subject: str | None) -> None:
    text = " | ".join(cells)
    number = next(iter(iter_amounts(text)), None) or next(iter(iter_percentages(text)))
    assert subject_of(text, number.start, number.end, cells) == subject


def test_subjects_stage_fills_subject_section_title_and_page() -> None:
    lines = [
        Line("Inkoopbeleid fysiotherapie 2027", page=1, kind="heading", heading_level=1),
        Line("Tarieven", page=4, kind="heading", heading_level=2),
        Line("Het tarief bedraagt € 38,50 en wij hanteren een korting van 2,5%.", page=4),
        Line("Er is € 2,8 miljoen beschikbaar per jaar.", page=4),
    ]
    document = describe_numbers(extract_percentages(extract_amounts(segment(text_document(lines)))))
    tariff, budget = document.records.amounts
    (discount,) = document.records.percentages
    assert (tariff.subject, tariff.section_title, tariff.page) == ("tarief", "Tarieven", 4)
    assert (budget.subject, budget.per_unit) == (None, "per jaar")
    assert (discount.subject, discount.section_title, discount.page) == ("korting", "Tarieven", 4)


def test_subjects_parser_noun_chunk_wins() -> None:
    """With a dependency parse the noun the number hangs from decides (here a hand-made parse)."""
    words = ["De", "opslag", "van", "2,1", "%", "geldt", "voor", "2024", "."]
    spaces = [True, True, True, False, True, True, True, False, False]
    heads = [1, 5, 4, 4, 1, 5, 7, 5, 5]
    deps = ["det", "nsubj", "case", "nummod", "nmod", "ROOT", "case", "obl", "punct"]
    pos = ["DET", "NOUN", "ADP", "NUM", "SYM", "VERB", "ADP", "NUM", "PUNCT"]
    doc = Doc(spacy.blank("nl").vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)
    start = doc.text.index("2,1%")
    assert parsed_subject(doc, start, start + len("2,1%")) == "opslag"
