"""Year-over-year comparisons: two tiny policies of one series through the whole run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from helpers import blank_options

from pipeline.corpus.run import run
from pipeline.corpus.series import Pair, consecutive_pairs
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
    assert (moved.iloc[0]["old_date"], moved.iloc[0]["new_date"]) == (date(2025, 9, 1), date(2026, 9, 15))
    assert moved.iloc[0]["about"] == "Indienen van de offerte door de zorgaanbieder"


def test_compare_corpus_without_series_gives_an_empty_table(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "msz_2026.txt").write_text(policy(2026, REQUIREMENTS_2026, "1 september 2025"), encoding="utf-8")
    run(raw, tmp_path / "out", blank_options(jobs=1), progress=False)
    assert read_table(tmp_path / "out", "comparisons").empty


def planning_policy(year: int, rows: list[str]) -> str:
    """A policy of one series whose planning table has the given tab-separated rows."""
    return "\n".join(
        [
            f"Inkoopbeleid medisch-specialistische zorg {year}",
            "",
            "Coöperatie VGZ",
            "",
            "Inleiding",
            "",
            f"In dit document beschrijft VGZ het inkoopbeleid voor de medisch-specialistische zorg {year}.",
            "",
            "Planning",
            "",
            "Datum\tActie",
            *rows,
            "",
        ]
    )


@pytest.fixture(scope="module")
def planning_series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two years of one series: the offer deadline moves, a start of negotiations is added, the
    publication stays on its day (one year later) and a window keeps its days."""
    base = tmp_path_factory.mktemp("planning_series")
    raw = base / "raw"
    raw.mkdir()
    old = [
        "Uiterlijk 1 september 2025\tIndienen offerte",
        "1 juli 2025 t/m 1 oktober 2025\tAanvragen verhoging zorgkostenplafond",
        "Uiterlijk 12 november 2025\tPublicatie gecontracteerd zorgaanbod",
    ]
    new = [
        "Bij voorkeur voor 1 september 2026, maar uiterlijk 15 september 2026\tIndienen offerte",
        "Vanaf 1 oktober 2026\tStart onderhandelingen",
        "1 juli 2026 t/m 1 oktober 2026\tAanvragen verhoging zorgkostenplafond",
        "Uiterlijk 12 november 2026\tPublicatie gecontracteerd zorgaanbod",
    ]
    (raw / "msz_2026.txt").write_text(planning_policy(2026, old), encoding="utf-8")
    (raw / "msz_2027.txt").write_text(planning_policy(2027, new), encoding="utf-8")
    out = base / "out"
    assert not run(raw, out, blank_options(jobs=1), progress=False).errors
    return out


def test_compare_planning_steps_moved_and_added(planning_series: Path) -> None:
    rows = read_table(planning_series, "comparisons")
    found = {
        (
            r.kind,
            r.about,
            r.old_date if pd.notna(r.old_date) else None,
            r.new_date if pd.notna(r.new_date) else None,
        )
        for r in rows.itertuples()
    }
    assert found == {
        ("deadline_moved", "Indienen offerte", date(2025, 9, 1), date(2026, 9, 15)),
        ("step_added", "Start onderhandelingen", None, date(2026, 10, 1)),
    }
    moved = rows[rows["kind"] == "deadline_moved"].iloc[0]
    assert (
        moved["new_text"]
        == "Indienen offerte: bij voorkeur vóór 1 september 2026, uiterlijk 15 september 2026"
    )
    added = rows[rows["kind"] == "step_added"].iloc[0]
    assert added["new_text"] == "Start onderhandelingen: vanaf 1 oktober 2026"


# A series with a gap (2024 and 2027, no 2025 or 2026): a threshold raised, a requirement reworded,
# one changed in substance, one added and one removed.
GAP_2024 = [
    "De minimale omzet van een nieuwe ZBC bedraagt € 225.000 per jaar.",
    "De instelling heeft een schriftelijke achterwachtregeling met een of meer ziekenhuizen binnen de regio.",
    "De zorgaanbieder beschikt over een geaccrediteerd integraal kwaliteitssysteem.",
    "De zorgaanbieder beschikt over een geldige AGB-code voor het leveren van de zorg.",
]
GAP_2027 = [
    "De minimale omzet van een nieuwe ZBC bedraagt € 250.000 per jaar.",
    "Het ZBC heeft een schriftelijke achterwachtregeling met één of meerdere ziekenhuizen binnen de regio.",
    "De zorgaanbieder beschikt over een gecertificeerd integraal kwaliteitssysteem.",
    "De zorgaanbieder neemt deel aan de landelijke kwaliteitsregistraties van de beroepsgroep.",
]


@pytest.fixture(scope="module")
def gap_rows(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("gap")
    raw = base / "raw"
    raw.mkdir()
    (raw / "msz_2024.txt").write_text(policy(2024, GAP_2024, "1 september 2023"), encoding="utf-8")
    (raw / "msz_2027.txt").write_text(policy(2027, GAP_2027, "1 september 2026"), encoding="utf-8")
    report = run(raw, base / "out", blank_options(jobs=1), progress=False)
    assert not report.errors
    return read_table(base / "out", "comparisons")


def test_compare_threshold_changed_with_its_subject(gap_rows) -> None:
    changed = gap_rows[gap_rows["kind"] == "amount_changed"]
    assert list(zip(changed["old_value"], changed["new_value"], changed["about"], strict=True)) == [
        (225000.0, 250000.0, "minimale omzet van nieuwe ZBC")
    ]


@pytest.mark.parametrize(
    "kind,old_text,new_text",
    [
        ("requirement_added", None, GAP_2027[3]),
        ("requirement_added", GAP_2024[2], GAP_2027[2]),
        ("requirement_removed", GAP_2024[3], None),
    ],
    ids=["added", "changed_in_substance_with_the_text_it_replaces", "removed"],
)
def test_compare_requirement_changes(gap_rows, kind, old_text, new_text) -> None:
    rows = gap_rows[gap_rows["kind"] == kind]
    pairs = {
        (o if isinstance(o, str) else None, n if isinstance(n, str) else None)
        for o, n in zip(rows["old_text"], rows["new_text"], strict=True)
    }
    assert (old_text, new_text) in pairs
    assert rows["about"].notna().all()


@pytest.mark.parametrize(
    "text",
    [GAP_2027[1], GAP_2027[0]],
    ids=["rewording_is_no_change", "threshold_is_an_amount_change_not_a_requirement_change"],
)
def test_compare_no_requirement_row(gap_rows, text) -> None:
    requirement_rows = gap_rows[gap_rows["kind"].str.startswith("requirement")]
    assert text not in set(requirement_rows["new_text"].dropna())


def test_compare_series_gap_is_on_every_row(gap_rows) -> None:
    assert not gap_rows.empty
    assert set(gap_rows["missing_years"]) == {"2025, 2026"}


def doc(doc_id: str, series: str | None, year: int | None, end: int | None = None) -> dict[str, object]:
    return {"doc_id": doc_id, "series_id": series, "policy_year": year, "policy_year_end": end}


# (documents of a run, the consecutive pairs: series, old, new, years and the years the run lacks)
PAIR_CASES = [
    ([doc("a", "vgz-msz", 2026), doc("b", "vgz-msz", 2027)], [Pair("vgz-msz", "a", "b", 2026, 2027)]),
    (
        [doc("b", "vgz-msz", 2027), doc("a", "vgz-msz", 2023)],
        [Pair("vgz-msz", "a", "b", 2023, 2027, "2024, 2025, 2026")],
    ),
    ([doc("a", "cz-ggz", 2024, 2026), doc("b", "cz-ggz", 2027)], [Pair("cz-ggz", "a", "b", 2024, 2027)]),
    ([doc("a", "s", 2026), doc("c", "s", 2026), doc("b", "s", 2027)], [Pair("s", "c", "b", 2026, 2027)]),
    (
        [doc("z", "z-s", 2026), doc("y", "z-s", 2027), doc("b", "a-s", 2026), doc("a", "a-s", 2027)],
        [Pair("a-s", "b", "a", 2026, 2027), Pair("z-s", "z", "y", 2026, 2027)],
    ),
    ([doc("a", "vgz-msz", 2026), doc("b", "cz-msz", 2027)], []),  # two series of one policy each
    ([doc("a", None, 2026), doc("b", None, 2027)], []),  # no series: insurer or care domain unknown
    ([doc("a", "s", None), doc("b", "s", 2027)], []),  # no policy year
    ([], []),
]


@pytest.mark.parametrize("documents,pairs", PAIR_CASES)
def test_compare_consecutive_pairs(documents: list[dict[str, object]], pairs: list[Pair]) -> None:
    assert list(consecutive_pairs(documents)) == pairs
