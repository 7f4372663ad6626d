"""The policy brief (HTML, Markdown), the season overview and the workbook of a fixture run.

The fixture tables (tests/policy_tables.py) fill every column the deliverables read;
the HTML is parsed with BeautifulSoup, the workbook reopened with openpyxl.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from pipeline.deliver.brief import Selection, SelectionError, brief_command
from pipeline.deliver.content import build_briefs
from pipeline.deliver.tables import NoTablesError, load_tables
from tests.policy_tables import (
    AMOUNTS,
    CZ,
    PERCENTAGES,
    REQUIREMENTS,
    SENTENCES,
    TODAY,
    VGZ_NEW,
    sid,
    write_policy_tables,
)

SENTENCE_TEXT = {sid(d, n): text for d, n, _, text, _ in SENTENCES}
# The distinct steps of VGZ 2027 (the repeated table row is one step): (group, date, action)
VGZ_NEW_STEPS = [
    (None, "2026-04-01", "Publiceren inkoopbeleid"),
    ("ZBC's", "2026-03-01", "Aanmelden als nieuwe zorgaanbieder"),
    ("ZBC's", "2026-06-01", "Interesse kenbaar maken"),
    ("ZBC's", "2026-06-30", "Interesse kenbaar maken"),
    ("ZBC's", "2026-09-16", "Aanleveren offerte (inclusief toelichting)"),
    ("ZBC's", "", "Reageren op het tegenvoorstel"),
    ("ziekenhuizen", "2026-09-01", "Offerte indienen bij voorkeur"),
    ("ziekenhuizen", "2026-09-16", "Aanleveren offerte (inclusief toelichting)"),
]


@pytest.fixture(scope="module")
def run_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_policy_tables(tmp_path_factory.mktemp("fixture_run") / "out")


@pytest.fixture(scope="module")
def html(run_out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    to = tmp_path_factory.mktemp("briefs_html")
    return {p.name: p for p in brief_command(run_out, to, "html", TODAY)}


@pytest.fixture(scope="module")
def brief_page(html: dict[str, Path]) -> BeautifulSoup:
    return BeautifulSoup(html["vgz-msz-2027-b0b0b0.html"].read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def markdown(run_out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    to = tmp_path_factory.mktemp("briefs_md")
    return {p.name: p.read_text(encoding="utf-8") for p in brief_command(run_out, to, "md", TODAY)}


@pytest.fixture(scope="module")
def workbook(run_out: Path, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    (path,) = brief_command(run_out, tmp_path_factory.mktemp("briefs_xlsx"), "xlsx", TODAY)
    return openpyxl.load_workbook(path)


def cited_sentences(page: BeautifulSoup, element) -> list[str]:
    """The sentence texts the source links of `element` point to, via the appendix anchors."""
    texts = []
    for link in element.select("a.bron"):
        target = page.find(id=link["href"].lstrip("#"))
        assert target is not None, f"source link {link['href']} points nowhere"
        texts.append(target.blockquote.get_text(strip=True))
    return texts


# --- HTML brief ------------------------------------------------------------------------


def test_brief_html_one_file_per_policy_and_a_season_overview(html: dict[str, Path]) -> None:
    assert sorted(html) == [
        "cz-msz-2027-c0c0c0.html",
        "seizoensoverzicht.html",
        "vgz-msz-2025-a0a0a0.html",
        "vgz-msz-2027-b0b0b0.html",
    ]


def test_brief_html_is_self_contained_without_scripts(brief_page: BeautifulSoup) -> None:
    assert brief_page.find("script") is None
    assert not brief_page.select("link[rel=stylesheet], [src]")
    assert "@media print" in brief_page.style.get_text()
    assert brief_page.html["lang"] == "nl"


def test_brief_html_header_names_policy_insurer_domain_years_and_update(brief_page: BeautifulSoup) -> None:
    assert brief_page.h1.get_text(strip=True) == "Inkoopbeleid medisch-specialistische zorg 2027"
    meta = dict(
        zip(
            [dt.get_text() for dt in brief_page.select("dl.meta dt")],
            [dd.get_text() for dd in brief_page.select("dl.meta dd")],
            strict=True,
        )
    )
    assert meta["Verzekeraar"] == "VGZ"
    assert meta["Zorgdomein"] == "medisch-specialistische zorg"
    assert meta["Beleidsjaar"] == "2027"
    assert meta["Bijgewerkt"] == "30 maart 2026"


def test_brief_html_every_step_once_with_its_source(brief_page: BeautifulSoup) -> None:
    found = []
    for table in brief_page.select("#planning table.planning"):
        group = table.find_previous("h3").get_text(strip=True).removeprefix("Voor: ")
        for row in table.select("tr.step"):
            action = row.select_one("td.what").get_text(strip=True)
            found.append((None if group == "Alle zorgaanbieders" else group, row["data-date"], action))
            assert cited_sentences(brief_page, row), f"step {action} has no source link"
    assert sorted(found, key=str) == sorted(VGZ_NEW_STEPS, key=str)


def test_brief_html_repeated_step_cites_every_statement(brief_page: BeautifulSoup) -> None:
    row = next(
        r
        for r in brief_page.select("tr.step")
        if r["data-date"] == "2026-09-16" and r.find_previous("h3").get_text() == "Voor: ziekenhuizen"
    )
    assert cited_sentences(brief_page, row) == [SENTENCE_TEXT[sid(VGZ_NEW, n)] for n in (1, 2, 4)]


@pytest.mark.parametrize(
    ("date_", "when", "kind"),
    [
        ("2026-09-16", "16 september 202617:00 uur", "uiterste datum"),
        ("2026-09-01", "1 september 2026", "bij voorkeur"),
        ("2026-06-01", "1 juni 2026", "start"),
        ("2026-06-30", "30 juni 2026", "einde"),
        ("2026-04-01", "1 april 2026", "moment"),
        ("", "binnen 6 weken na ontvangst van de offerte", "uiterste datum"),
    ],
)
def test_brief_html_step_shows_date_clock_time_and_dutch_kind(
    brief_page: BeautifulSoup, date_: str, when: str, kind: str
) -> None:
    rows = [r for r in brief_page.select("tr.step") if r["data-date"] == date_]
    assert rows
    assert rows[0].select_one("td.when").get_text(strip=True) == when
    assert rows[0].select_one(".badge").get_text(strip=True) == kind


def test_brief_html_timeline_lists_dated_steps_by_month_and_relative_ones_apart(
    brief_page: BeautifulSoup,
) -> None:
    months = [h.get_text() for h in brief_page.select("ol.timeline > li > h4")]
    assert months == ["maart 2026", "april 2026", "juni 2026", "september 2026", "Zonder vaste datum"]
    dated = [t["datetime"] for t in brief_page.select("ol.timeline time")]
    assert dated == sorted(dated) and len(dated) == 7


def test_brief_html_next_deadline_is_the_first_hard_provider_deadline_after_today(
    brief_page: BeautifulSoup,
) -> None:
    text = brief_page.select_one(".next-deadline").get_text(" ", strip=True)
    assert text.startswith("Eerstvolgende uiterste datum voor de zorgaanbieder: 16 september 2026, 17:00 uur")


def test_brief_html_every_requirement_once_per_provider_kind_with_source(brief_page: BeautifulSoup) -> None:
    items = brief_page.select("#eisen li.requirement")
    texts = [next(li.strings).strip() for li in items]
    expected = [r["text"] for r in REQUIREMENTS if r["doc_id"] == VGZ_NEW]
    assert sorted(texts) == sorted(expected)
    for li, text in zip(items, texts, strict=True):
        assert cited_sentences(brief_page, li) == [text]
    kinds = [h.get_text(" ", strip=True) for h in brief_page.select("#eisen h3")]
    assert kinds == ["Alle zorgaanbieders (2)", "ZBC (2)"]


def test_brief_html_every_threshold_once_with_value_subject_and_source(brief_page: BeautifulSoup) -> None:
    rows = brief_page.select("#drempels tr.threshold")
    shown = [[td.get_text(strip=True) for td in row.select("td")][:4] for row in rows]
    assert shown == [
        ["bedrag", "€ 250.000 per specialisme", "minimaal", "omzet nieuwe ZBC"],
        ["percentage", "2,5%", "maximaal", "prijsindex"],
        ["percentage", "10%", "–", "doelmatigheidskorting"],
        ["bedrag", "€ 12,50 per consult", "–", "tarief"],
    ]
    numbers = [*AMOUNTS, *PERCENTAGES]
    for row in rows:
        (sentence,) = cited_sentences(brief_page, row)
        assert any(SENTENCE_TEXT[n["sentence_id"]] == sentence for n in numbers)


def test_brief_html_changes_since_previous_policy_and_missing_years(brief_page: BeautifulSoup) -> None:
    section = brief_page.select_one("#wijzigingen")
    assert "Ontbrekende jaren in de reeks: 2026." in section.select_one(".missing-years").get_text()
    assert section.h3.get_text() == "Wijzigingen sinds het beleid voor 2025"
    rows = [[td.get_text(strip=True) for td in r.select("td")][:4] for r in section.select("tr.change")]
    assert rows == [
        ["datum verschoven", "Aanleveren offerte", "1 september 2024", "16 september 2026"],
        ["eis toegevoegd", "–", "–", "De zorgaanbieder levert een jaarverslag aan."],
        ["bedrag gewijzigd", "ZBC-drempel", "€ 225.000", "€ 250.000"],
    ]
    assert all(cited_sentences(brief_page, r) for r in section.select("tr.change"))
    assert section.select_one("a[href='vgz-msz-2025-a0a0a0.html']").get_text() == "2025"


def test_brief_html_first_policy_of_a_series_says_there_is_no_previous(html: dict[str, Path]) -> None:
    page = BeautifulSoup(html["vgz-msz-2025-a0a0a0.html"].read_text(encoding="utf-8"), "html.parser")
    assert "geen eerder beleid" in page.select_one("#wijzigingen").get_text()
    assert page.select_one(".missing-years") is None


def test_brief_html_pdf_sources_name_their_page(html: dict[str, Path]) -> None:
    page = BeautifulSoup(html["cz-msz-2027-c0c0c0.html"].read_text(encoding="utf-8"), "html.parser")
    wheres = [li.select_one(".where").get_text() for li in page.select("ol.sources li")]
    assert wheres == ["p. 7 · 1 Tijdpad", "p. 8 · 1 Tijdpad", "p. 12 · 2 Eisen"]


# --- season overview -------------------------------------------------------------------


def test_season_overview_lists_hard_provider_deadlines_of_both_insurers_in_date_order(
    html: dict[str, Path],
) -> None:
    page = BeautifulSoup(html["seizoensoverzicht.html"].read_text(encoding="utf-8"), "html.parser")
    upcoming, past = page.select("table.season")
    rows = [(r["data-date"], r["data-insurer"]) for r in upcoming.select("tr.deadline")]
    assert rows == [("2026-07-01", "CZ"), ("2026-09-16", "VGZ"), ("2026-09-16", "VGZ"), ("2026-10-01", "CZ")]
    assert [r["data-date"] for r in past.select("tr.deadline")] == ["2024-09-01", "2026-03-01"]
    for row in upcoming.select("tr.deadline"):
        brief_link = row.select_one("td.policy a")["href"]
        assert brief_link in html
        assert row.select_one("a.bron")["href"].startswith(brief_link + "#bron-")


def test_season_overview_links_every_brief(html: dict[str, Path]) -> None:
    page = BeautifulSoup(html["seizoensoverzicht.html"].read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in page.select("table.policies a")]
    assert sorted(links) == sorted(name for name in html if name != "seizoensoverzicht.html")


# --- Markdown --------------------------------------------------------------------------


def markdown_table_rows(text: str, heading: str) -> list[list[str]]:
    """The body rows of every table under headings that start with `heading`."""
    rows = []
    for block in re.split(r"\n(?=#{2,3} )", text):
        if block.lstrip("#").strip().startswith(heading):
            lines = [ln for ln in block.splitlines() if ln.startswith("|")][2:]
            rows += [[c.strip() for c in re.split(r"(?<!\\)\|", ln)[1:-1]] for ln in lines]
    return rows


def test_markdown_brief_has_the_rows_of_the_html_brief(markdown: dict[str, str], brief_page) -> None:
    text = markdown["vgz-msz-2027-b0b0b0.md"]
    steps = markdown_table_rows(text, "Voor:")
    assert len(steps) == len(brief_page.select("tr.step")) == len(VGZ_NEW_STEPS)
    assert steps[-1][:3] == ["16 september 2026, 17:00 uur", "uiterste datum", "zorgaanbieder"]
    for requirement in (r["text"] for r in REQUIREMENTS if r["doc_id"] == VGZ_NEW):
        assert text.count(f"- [ ] {requirement} [") == 1
    thresholds = markdown_table_rows(text, "Drempels")
    assert [row[1] for row in thresholds] == [
        "€ 250.000 per specialisme",
        "2,5%",
        "10%",
        "€ 12,50 per consult",
    ]
    assert len(markdown_table_rows(text, "Wijzigingen sinds")) == 3
    for row in [*steps, *thresholds]:
        number = re.match(r"\[\\\[(\d+)\\\]\]\(#bron-(\d+)\)", row[-1])
        assert number and number[1] == number[2]
        assert f'<a id="bron-{number[1]}"></a>' in text


def test_markdown_escapes_table_cells(markdown: dict[str, str]) -> None:
    text = markdown["vgz-msz-2027-b0b0b0.md"]
    assert "Aanleveren offerte \\| 16 september 2026 17:00 uur \\| VECOZO" in text


def test_markdown_season_overview_in_date_order(markdown: dict[str, str]) -> None:
    rows = markdown_table_rows(markdown["seizoensoverzicht.md"], "Vanaf")
    assert [r[0] for r in rows] == [
        "1 juli 2026",
        "16 september 2026, 17:00 uur",
        "16 september 2026, 17:00 uur",
        "1 oktober 2026, 12:00 uur",
    ]


# --- workbook --------------------------------------------------------------------------


def test_workbook_has_the_five_dutch_sheets(workbook) -> None:
    assert workbook.sheetnames == ["Planning", "Eisen", "Drempels", "Wijzigingen", "Bronnen"]


def test_workbook_sheets_have_frozen_header_filters_and_fitting_widths(workbook) -> None:
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        for cell in ws[1]:
            width = ws.column_dimensions[cell.column_letter].width
            assert len(cell.value) < width <= 62, (ws.title, cell.value, width)


def test_workbook_planning_has_real_date_cells(workbook) -> None:
    ws = workbook["Planning"]
    headers = [c.value for c in ws[1]]
    dates = [row[headers.index("Datum")] for row in ws.iter_rows(min_row=2)]
    dated = [c for c in dates if c.value is not None]
    assert len(dates) == 11 and len(dated) == 10  # one relative step without a date
    assert all(c.is_date and isinstance(c.value, datetime) for c in dated)
    assert date(2026, 9, 16) in {c.value.date() for c in dated}
    assert ws.cell(row=2, column=headers.index("Termijn") + 1).value is None


def test_workbook_source_links_point_to_their_sentence(workbook) -> None:
    sources = workbook["Bronnen"]
    source_headers = [c.value for c in sources[1]]
    for title in ("Planning", "Eisen", "Drempels"):
        ws = workbook[title]
        column = [c.value for c in ws[1]].index("Bron")
        for row in ws.iter_rows(min_row=2):
            link = row[column].hyperlink
            assert link is not None, (title, row[column].value)
            target_row = (
                int(link.location.rsplit("A", 1)[1]) if link.location else int(link.target.rsplit("A", 1)[1])
            )
            sentence = sources.cell(row=target_row, column=source_headers.index("Zin") + 1).value
            assert sentence in SENTENCE_TEXT.values()


def test_workbook_thresholds_are_numbers_with_euro_and_percent_formats(workbook) -> None:
    ws = workbook["Drempels"]
    column = [c.value for c in ws[1]].index("Waarde")
    cells = [row[column] for row in ws.iter_rows(min_row=2)]
    assert [(c.value, c.number_format) for c in cells] == [
        (250000, "€ #,##0"),
        (0.025, "0.0#%"),
        (0.1, "0%"),
        (12.5, "€ #,##0.00"),
    ]


# --- selection and targets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (
            Selection(),
            [
                "cz-msz-2027-c0c0c0.html",
                "seizoensoverzicht.html",
                "vgz-msz-2025-a0a0a0.html",
                "vgz-msz-2027-b0b0b0.html",
            ],
        ),
        (
            Selection(insurer="vgz"),
            ["seizoensoverzicht.html", "vgz-msz-2025-a0a0a0.html", "vgz-msz-2027-b0b0b0.html"],
        ),
        (Selection(doc="c0c0"), ["cz-msz-2027-c0c0c0.html"]),
    ],
    ids=["all", "insurer_case_insensitive", "doc_prefix"],
)
def test_brief_selection(run_out: Path, tmp_path: Path, selection: Selection, expected: list[str]) -> None:
    written = brief_command(run_out, tmp_path, "html", TODAY, selection)
    assert sorted(p.name for p in written) == expected


@pytest.mark.parametrize(
    ("selection", "fmt", "to", "message"),
    [
        (Selection(insurer="Menzis"), "html", "out", "--insurer Menzis has no policy in this run"),
        (Selection(doc="ffff"), "html", "out", "--doc ffff is not in this run"),
        (Selection(doc="c0c0", insurer="CZ"), "html", "out", "not both"),
        (Selection(), "html", "brief.html", "names one file"),
        (Selection(), "pdf", "out", "--format pdf"),
    ],
    ids=["unknown_insurer", "unknown_doc", "doc_and_insurer", "one_file_for_many", "unknown_format"],
)
def test_brief_selection_errors(
    run_out: Path, tmp_path: Path, selection: Selection, fmt: str, to: str, message: str
) -> None:
    with pytest.raises(SelectionError, match=re.escape(message)):
        brief_command(run_out, tmp_path / to, fmt, TODAY, selection)
    assert not any(tmp_path.iterdir())


def test_brief_to_a_file_name_for_one_policy(run_out: Path, tmp_path: Path) -> None:
    written = brief_command(run_out, tmp_path / "cz.md", "md", TODAY, Selection(doc=CZ))
    assert written == [tmp_path / "cz.md"]
    assert written[0].read_text(encoding="utf-8").startswith("# Zorginkoopbeleid MSZ 2027 CZ")


def test_brief_of_a_folder_without_tables_fails_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(NoTablesError, match="no pipeline tables"):
        brief_command(tmp_path / "leeg", tmp_path / "briefs", "html", TODAY)
    assert not (tmp_path / "briefs").exists()


def test_brief_of_a_real_run_renders_every_policy(raw_run, tmp_path: Path) -> None:
    """The raw/ run fills only the older columns: the brief still shows its steps, by their date qualifier."""
    out, _ = raw_run
    briefs = build_briefs(load_tables(out), TODAY)
    written = brief_command(out, tmp_path, "html", TODAY)
    assert len(written) == len(briefs) + 1
    assert sum(len(b.steps) for b in briefs) > 0
    assert all(s.kind in {"deadline", "preferred", "start", "end", "event"} for b in briefs for s in b.steps)
