"""`python -m pipeline brief`: policy briefs a consultant can hand on (HTML, Markdown or Excel).

HTML and Markdown: one self-contained file per policy plus a season overview of
all hard provider deadlines of the chosen policies, linking to each brief. Excel:
one workbook with the same rows. `--doc` or `--insurer` narrows the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.deliver import labels
from pipeline.deliver.content import PolicyBrief, build_briefs, build_season
from pipeline.deliver.render import render
from pipeline.deliver.tables import Tables, load_tables

FORMATS = ("html", "md", "xlsx")
SEASON_STEM = "seizoensoverzicht"
WORKBOOK_STEM = "zorginkoopbeleid"


class SelectionError(ValueError):
    """The command line asks for policies the run does not have (a usage error)."""


@dataclass(frozen=True)
class Selection:
    doc: str | None = None
    insurer: str | None = None

    def doc_ids(self, tables: Tables) -> list[str]:
        documents = tables.documents
        if self.doc and self.insurer:
            raise SelectionError("give --doc or --insurer, not both")
        if self.doc:
            chosen = [d["doc_id"] for d in documents if d["doc_id"].startswith(self.doc)]
            if len(chosen) != 1:
                known = ", ".join(f"{d['doc_id']} ({d['source_file']})" for d in documents)
                problem = "matches several documents" if chosen else "is not in this run"
                raise SelectionError(f"--doc {self.doc} {problem}; the run has: {known}")
            return chosen
        if self.insurer:
            wanted = self.insurer.casefold()
            chosen = [d["doc_id"] for d in documents if (d.get("insurer") or "").casefold() == wanted]
            if not chosen:
                known = ", ".join(sorted({d["insurer"] for d in documents if d.get("insurer")}))
                raise SelectionError(f"--insurer {self.insurer} has no policy in this run; insurers: {known}")
            return chosen
        return [d["doc_id"] for d in documents]


def brief_command(
    out: Path, to: Path, fmt: str, today: date, selection: Selection = Selection()
) -> list[Path]:
    """Write the deliverables of the selected policies in `out` to `to`; returns the files written."""
    if fmt not in FORMATS:
        raise SelectionError(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
    tables = load_tables(out)
    briefs = build_briefs(tables, today, selection.doc_ids(tables))
    if fmt == "xlsx":
        from pipeline.deliver.workbook import write_workbook  # deferred: openpyxl is 0.2 s of every run

        path = target_file(to, "xlsx", workbook_stem(briefs, selection), single=True)
        return [write_workbook(briefs, path)]
    return write_documents(briefs, to, fmt, today, season=selection.doc is None)


def write_documents(briefs: list[PolicyBrief], to: Path, fmt: str, today: date, season: bool) -> list[Path]:
    """One brief per policy and, unless one policy was asked for, the season overview."""
    single = len(briefs) == 1 and not season
    links = {b.policy.doc_id: f"{b.policy.file_stem}.{fmt}" for b in briefs}
    written = []
    for brief in briefs:
        path = target_file(to, fmt, brief.policy.file_stem, single=single)
        text = render(f"brief.{fmt}.j2", brief=brief, links=links, today=today)
        written.append(write_text(path, text))
    if season:
        overview = build_season(briefs, today)
        text = render(f"season.{fmt}.j2", season=overview, links=links, today=today)
        written.append(write_text(to / f"{SEASON_STEM}.{fmt}", text))
    return written


def target_file(to: Path, fmt: str, stem: str, single: bool) -> Path:
    """`to` itself when it names a file of this format (one output only), else a file inside folder `to`."""
    if to.suffix.lower() == f".{fmt}":
        if not single:
            raise SelectionError(f"--to {to} names one file, but several are written: give a folder")
        return to
    if to.exists() and not to.is_dir():
        raise SelectionError(f"--to {to} is a file, not a folder")
    return to / f"{stem}.{fmt}"


def workbook_stem(briefs: list[PolicyBrief], selection: Selection) -> str:
    if selection.doc and briefs:
        return briefs[0].policy.file_stem
    if selection.insurer:
        return labels.slug(WORKBOOK_STEM, selection.insurer)
    return WORKBOOK_STEM


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
