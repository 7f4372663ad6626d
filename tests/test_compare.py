"""Year-over-year comparisons: two tiny policies of one series through the whole run."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import blank_options

from pipeline.corpus.run import run
from pipeline.store.parquet import read_table

REQUIREMENTS_2026 = [
    "De zorgaanbieder beschikt over een geldige AGB-code voor het leveren van de zorg.",
    "Het ZBC heeft voor tenminste € 225.000 per aangeboden specialisme van ons uitbetaald gekregen.",
]
REQUIREMENTS_2027 = [
    "De zorgaanbieder beschikt over een geldige AGB-code voor het leveren van de zorg.",
    "Het ZBC heeft voor tenminste € 250.000 per aangeboden specialisme van ons uitbetaald gekregen.",
    "De zorgaanbieder neemt deel aan de landelijke kwaliteitsregistraties van de beroepsgroep.",
]


def policy(year: int, requirements: list[str], deadline: str) -> str:
    bullets = "\n".join(f"• {r}" for r in requirements)
    return f"""Inkoopbeleid medisch-specialistische zorg {year}

Coöperatie VGZ

Inleiding

In dit document beschrijft VGZ het inkoopbeleid voor de medisch-specialistische zorg in {year}.
Wij kopen zorg in die voldoet aan de eisen die wij aan de zorgaanbieders stellen en wij maken
afspraken met de zorgaanbieders over de kwaliteit en de kosten van de zorg.

Minimumeisen voor zorgaanbieders

Om in aanmerking te komen voor een overeenkomst gelden de volgende minimumeisen:

{bullets}

Planning

Datum\tActie
{deadline}\tIndienen van de offerte door de zorgaanbieder
"""


@pytest.fixture(scope="module")
def series_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("series")
    raw = base / "raw"
    raw.mkdir()
    (raw / "msz_2026.txt").write_text(policy(2026, REQUIREMENTS_2026, "1 september 2025"), encoding="utf-8")
    (raw / "msz_2027.txt").write_text(policy(2027, REQUIREMENTS_2027, "15 september 2026"), encoding="utf-8")
    out = base / "out"
    report = run(raw, out, blank_options(jobs=1), progress=False)
    assert not report.errors
    return out


def test_compare_documents_form_one_series(series_run: Path) -> None:
    documents = read_table(series_run, "documents")
    assert documents["series_id"].nunique() == 1
    assert sorted(documents["policy_year"]) == [2026, 2027]


@pytest.mark.parametrize(
    "kind,old_value,new_value",
    [("amount_changed", 225000.0, 250000.0)],
    ids=["zbc_threshold_raised"],
)
def test_compare_number_changed_in_the_same_words(series_run: Path, kind, old_value, new_value) -> None:
    rows = read_table(series_run, "comparisons")
    changed = rows[rows["kind"] == kind]
    assert (old_value, new_value) in set(zip(changed["old_value"], changed["new_value"], strict=True))
    assert set(changed["year_old"]) == {2026} and set(changed["year_new"]) == {2027}


@pytest.mark.parametrize("kind,text", [("requirement_added", REQUIREMENTS_2027[2])], ids=["new_requirement"])
def test_compare_requirement_added(series_run: Path, kind, text) -> None:
    rows = read_table(series_run, "comparisons")
    assert text in set(rows.loc[rows["kind"] == kind, "new_text"])


def test_compare_unchanged_requirement_is_not_reported(series_run: Path) -> None:
    rows = read_table(series_run, "comparisons")
    assert REQUIREMENTS_2026[0] not in set(rows["old_text"].dropna()) | set(rows["new_text"].dropna())


def test_compare_deadline_moved(series_run: Path) -> None:
    rows = read_table(series_run, "comparisons")
    moved = rows[rows["kind"] == "deadline_moved"]
    assert len(moved) == 1
    assert moved.iloc[0]["new_text"].startswith("2026-09-15")


def test_compare_corpus_without_series_gives_an_empty_table(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "msz_2026.txt").write_text(policy(2026, REQUIREMENTS_2026, "1 september 2025"), encoding="utf-8")
    run(raw, tmp_path / "out", blank_options(jobs=1), progress=False)
    assert read_table(tmp_path / "out", "comparisons").empty
