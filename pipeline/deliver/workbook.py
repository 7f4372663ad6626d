"""The briefs of a run as one Excel workbook (openpyxl): Planning, Eisen, Drempels, Wijzigingen, Bronnen.

Dates are real date cells, numbers real numbers (euro and percent formats), every
sheet has a frozen header row, an auto-filter and column widths that fit its
content; the Bron column of each row links to its sentence on the Bronnen sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.deliver import labels
from pipeline.deliver.content import PolicyBrief, Source

DATE_FORMAT = "DD-MM-YYYY"
EURO_FORMATS = ("€ #,##0", "€ #,##0.00")
PERCENT_FORMATS = ("0%", "0.0#%")
MAX_WIDTH = 60  # characters; longer text wraps
MIN_WIDTH = 8
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")


@dataclass(frozen=True)
class Cell:
    """A value with its Excel number format and an optional link inside the workbook."""

    value: Any
    number_format: str | None = None
    link: str | None = None


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def write_workbook(briefs: list[PolicyBrief], path: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    source_rows = source_row_numbers(briefs)
    for sheet in sheets(briefs, source_rows):
        fill_sheet(book.create_sheet(sheet.title), sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def sheets(briefs: list[PolicyBrief], source_rows: dict[tuple[str, int], int]) -> list[Sheet]:
    def link(brief: PolicyBrief, source: Source | None) -> Cell:
        if source is None:
            return Cell("")
        row = source_rows[(brief.policy.doc_id, source.number)]
        shown = f"[{source.number}] {source.short_where}".strip()
        return Cell(shown, link=f"#'{labels.sheet('sources')}'!A{row}")

    return [
        planning_sheet(briefs, link),
        requirements_sheet(briefs, link),
        thresholds_sheet(briefs, link),
        changes_sheet(briefs, link),
        sources_sheet(briefs),
    ]


def policy_cells(brief: PolicyBrief) -> list[Any]:
    p = brief.policy
    return [p.label, p.insurer, p.care_domain, p.years]


def policy_headers() -> list[str]:
    t = labels.text
    return [t("policy"), t("insurer"), t("care_domain"), t("policy_year")]


LinkOf = Callable[[PolicyBrief, Source | None], Cell]


def planning_sheet(briefs: list[PolicyBrief], link: LinkOf) -> Sheet:
    t = labels.text
    headers = [*policy_headers(), t("for_group"), t("date"), t("time"), t("kind"), t("actor"), t("action")]
    headers += [t("channel"), t("relative"), t("source")]
    rows = [
        [
            *policy_cells(b),
            s.group or t("all_providers"),
            Cell(s.date, DATE_FORMAT) if s.date else None,
            s.time,
            s.kind_label,
            s.actor_label,
            s.action,
            s.channel,
            s.relative if s.date is None else None,
            link(b, s.source),
        ]
        for b in briefs
        for _, steps in b.groups
        for s in steps
    ]
    return Sheet(labels.sheet("planning"), headers, rows)


def requirements_sheet(briefs: list[PolicyBrief], link: LinkOf) -> Sheet:
    t = labels.text
    headers = [*policy_headers(), t("provider_kind"), t("requirement"), t("section"), t("source")]
    rows = [
        [*policy_cells(b), r.provider_kind or t("any_provider"), r.text, r.section_title, link(b, r.source)]
        for b in briefs
        for _, requirements in b.requirement_groups
        for r in requirements
    ]
    return Sheet(labels.sheet("requirements"), headers, rows)


def thresholds_sheet(briefs: list[PolicyBrief], link: LinkOf) -> Sheet:
    t = labels.text
    headers = [*policy_headers(), t("threshold_kind"), t("value"), t("bound"), t("per_unit"), t("subject")]
    headers += [t("text"), t("section"), t("source")]
    rows = [
        [
            *policy_cells(b),
            th.kind_label,
            number_cell(th.kind, th.value),
            th.bound_label,
            th.per_unit,
            th.subject,
            th.text,
            th.section_title or (th.source.section if th.source else None),
            link(b, th.source),
        ]
        for b in briefs
        for th in b.thresholds
    ]
    return Sheet(labels.sheet("thresholds"), headers, rows)


def changes_sheet(briefs: list[PolicyBrief], link: LinkOf) -> Sheet:
    t = labels.text
    headers = [*policy_headers(), t("year_from"), t("change_kind"), t("about"), t("old"), t("new")]
    headers += [t("old_date"), t("new_date"), t("old_value"), t("new_value"), t("missing_years"), t("source")]
    rows: list[list[Any]] = []
    for b in briefs:
        year_from = b.previous.years if b.previous else None
        missing = ", ".join(str(y) for y in b.missing_years) or None
        for c in b.changes:
            number_kind = "percentage" if c.kind == "percentage_changed" else "amount"
            rows.append(
                [
                    *policy_cells(b),
                    year_from,
                    c.kind_label,
                    c.about,
                    c.old_text,
                    c.new_text,
                    Cell(c.old_date, DATE_FORMAT) if c.old_date else None,
                    Cell(c.new_date, DATE_FORMAT) if c.new_date else None,
                    number_cell(number_kind, c.old_value),
                    number_cell(number_kind, c.new_value),
                    missing,
                    link(b, c.source),
                ]
            )
        for c in b.insurer_changes:
            rows.append(
                [*policy_cells(b), year_from, t("insurer_changes"), c.topic, c.old_text, c.new_text]
                + [None, None, None, None, missing, link(b, c.source)]
            )
    return Sheet(labels.sheet("changes"), headers, rows)


def sources_sheet(briefs: list[PolicyBrief]) -> Sheet:
    t = labels.text
    headers = [*policy_headers(), t("number"), t("page"), t("section"), t("sentence")]
    rows = [[*policy_cells(b), s.number, s.page, s.section, s.text] for b in briefs for s in b.sources]
    return Sheet(labels.sheet("sources"), headers, rows)


def source_row_numbers(briefs: list[PolicyBrief]) -> dict[tuple[str, int], int]:
    """(doc_id, source number) -> its row on the Bronnen sheet (row 1 is the header)."""
    keys = [(b.policy.doc_id, s.number) for b in briefs for s in b.sources]
    return {key: row for row, key in enumerate(keys, start=2)}


def number_cell(kind: str, value: float | None) -> Cell | None:
    if value is None:
        return None
    whole = float(value).is_integer()
    if kind == "percentage":
        return Cell(value / 100, PERCENT_FORMATS[0] if whole else PERCENT_FORMATS[1])
    return Cell(value, EURO_FORMATS[0] if whole else EURO_FORMATS[1])


def fill_sheet(ws: Worksheet, sheet: Sheet) -> None:
    ws.append(sheet.headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for values in sheet.rows:
        ws.append([v.value if isinstance(v, Cell) else v for v in values])
        for column, value in enumerate(values, start=1):
            if isinstance(value, Cell):
                style_cell(ws.cell(row=ws.max_row, column=column), value)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{max(ws.max_row, 2)}"
    fit_columns(ws, sheet)


def style_cell(cell: Any, value: Cell) -> None:
    if value.number_format:
        cell.number_format = value.number_format
    if value.link:
        cell.hyperlink = value.link
        cell.style = "Hyperlink"


def fit_columns(ws: Worksheet, sheet: Sheet) -> None:
    """Each column as wide as its longest value (dates as 10 characters), at most MAX_WIDTH; longer wraps."""
    for index, header in enumerate(sheet.headers, start=1):
        widths = [len(header) + 3] + [shown_length(row[index - 1]) for row in sheet.rows]
        width = max(MIN_WIDTH, min(MAX_WIDTH, max(widths) + 2))
        ws.column_dimensions[get_column_letter(index)].width = width
        if max(widths) > MAX_WIDTH:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def shown_length(value: Any) -> int:
    value = value.value if isinstance(value, Cell) else value
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return 14
    return len(str(value))
