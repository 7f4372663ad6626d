"""Metadata from the content: insurer, care domain, policy year(s), update date."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import text_document

from pipeline.model import Line
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
