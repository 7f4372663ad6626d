"""Command line: `python -m pipeline run --raw raw --out extracted` (CONTRACT.md)."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import NoReturn

import typer

from pipeline.corpus.run import run as run_pipeline
from pipeline.corpus.series import write_comparisons
from pipeline.errors import RunError, RunInterrupted
from pipeline.schema import TABLES, data_dictionary_markdown
from pipeline.settings import PDF_ENGINES, configure_logging, load_options
from pipeline.store.arrow import arrow_without_pandas
from pipeline.store.lock import out_folder_lock
from pipeline.store.manifest import MANIFEST
from pipeline.store.parquet import table_dir

USAGE_ERROR = 2
RUN_FAILED = 2  # the run itself could not go on (a folder it cannot write, the lock, a full disk)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# The engine names as a choice on the command line (typer lists an Enum's values as the choices).
PdfEngine = Enum("PdfEngine", {name: name for name in PDF_ENGINES}, type=str)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read Dutch health-insurance procurement policies into Parquet tables.",
)


def setup_logging(verbose: bool) -> None:
    configure_logging(logging.DEBUG if verbose else logging.INFO)


@contextmanager
def signals_raise() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP raise RunInterrupted, so the run stops its workers and keeps what it
    stored; any further signal is ignored while it stops, so a second Ctrl-C cannot cut the clean-up."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        for other in STOP_SIGNALS:
            signal.signal(other, signal.SIG_IGN)
        raise RunInterrupted(signum)

    previous = {signum: signal.signal(signum, interrupt) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def run_errors_as_one_line() -> Iterator[None]:
    """A RunError (a folder that cannot be written, a busy or damaged out folder) is one line, status 2."""
    try:
        yield
    except RunError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(RUN_FAILED) from None


def usage_error(message: str) -> NoReturn:
    """One clear line on stderr and exit status 2, the status of a usage error."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(USAGE_ERROR)


def check_run_folders(raw: Path, out: Path) -> None:
    """Refuse a run that would read nothing or write where it must not, before anything is created."""
    if not raw.exists():
        usage_error(f"--raw {raw}: no such folder")
    if not raw.is_dir():
        usage_error(f"--raw {raw} is a file, not a folder")
    if out.exists() and not out.is_dir():
        usage_error(f"--out {out} is a file, not a folder")
    if not out.exists() and not out.resolve().parent.is_dir():
        usage_error(f"--out {out}: the folder it goes in, {out.resolve().parent}, does not exist")
    if out.resolve() == raw.resolve() or raw.resolve() in out.resolve().parents:
        usage_error(f"--out {out} lies inside --raw {raw}: the tables would be read as documents")
    if out.is_dir() and not holds_pipeline_output(out):
        usage_error(f"--out {out} holds other files: give a new or empty folder, or an earlier run's folder")


def holds_pipeline_output(out: Path) -> bool:
    """An empty folder (hidden files aside) or one an earlier run wrote."""
    visible = [p for p in out.iterdir() if not p.name.startswith(".")]
    return not visible or (out / MANIFEST).exists() or any((out / f"{n}.parquet").is_dir() for n in TABLES)


def require_tables(out: Path) -> None:
    from pipeline.deliver.tables import NoTablesError, has_tables  # deferred: pandas, not needed by `run`

    if not has_tables(out):
        usage_error(str(NoTablesError(out)))


@app.command()
def run(
    raw: Path = typer.Option(Path("raw"), help="Folder with the policy documents (PDF, .txt, .md, .html)."),
    out: Path = typer.Option(Path("extracted"), help="Folder the Parquet tables are written to."),
    jobs: int = typer.Option(None, help="Worker processes (default: params.yaml, 0 = one per core)."),
    model: str = typer.Option(None, help="spaCy model name or path (default: params.yaml)."),
    doc_timeout: float = typer.Option(
        None, min=0, help="Seconds one document may take (default: params.yaml, 0 = scaled to its size)."
    ),
    doc_memory: int = typer.Option(
        None,
        min=0,
        help="MB of address space each worker may use (default: params.yaml, 0 = no limit).",
    ),
    pdf_engine: PdfEngine = typer.Option(
        None, help="What reads PDF characters: pdfium (fast) or pdfplumber (reference; default: params.yaml)."
    ),
    fail_on_error: bool = typer.Option(True, help="Exit with status 1 when a document could not be read."),
    compare: bool = typer.Option(True, help="Also compute series comparisons."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Process every document in RAW into the tables in OUT (only new or changed documents)."""
    arrow_without_pandas()  # this process hands Arrow no pandas object; compare imports pandas itself
    with signals_raise():
        check_run_folders(raw, out)
        setup_logging(verbose)
        try:
            engine = pdf_engine.value if pdf_engine is not None else None
            options = load_options(
                jobs=jobs, nlp_model=model, pdf_engine=engine, doc_timeout=doc_timeout, doc_memory=doc_memory
            )
        except ValueError as e:
            usage_error(str(e))
        try:
            with run_errors_as_one_line():
                report = run_pipeline(raw, out, options, progress=progress, compare=compare)
        except RunInterrupted as e:
            typer.echo(interrupted_line(e), err=True)
            raise typer.Exit(e.exit_status) from None
    logging.getLogger("pipeline").info(
        "done: %d processed, %d unchanged, %d removed, %d failed -> %s",
        len(report.processed),
        len(report.reused),
        len(report.removed),
        len(report.errors),
        out,
    )
    for e in report.errors:
        typer.echo(f"FAILED {e.source_file}: {e.kind}: {e.message}", err=True)
    if report.failed and fail_on_error:
        raise typer.Exit(1)


def interrupted_line(e: RunInterrupted) -> str:
    done = f"{e.done} of {e.total} documents done and kept" if e.total else "every stored document is kept"
    return f"interrupted by {e.signal_name}: {done}; the next run goes on from there"


@app.command()
def compare(out: Path = typer.Option(Path("extracted"), help="Folder with the tables.")) -> None:
    """Recompute series comparisons from the tables in OUT."""
    from pipeline.deliver.tables import load_frame  # deferred: pandas, not needed by `run`

    require_tables(out)
    with run_errors_as_one_line(), out_folder_lock(out):
        write_comparisons(out)
        rows = load_frame(out, "comparisons")
    pairs = rows[["doc_id_old", "doc_id_new"]].drop_duplicates()
    pair_word = "pair" if len(pairs) == 1 else "pairs"
    typer.echo(
        f"{len(rows)} differences ({rows['series_id'].nunique()} series, {len(pairs)} {pair_word} of "
        f"consecutive policies) written to {table_dir(out, 'comparisons')}"
    )


@app.command()
def calendar(
    out: Path = typer.Option(Path("extracted"), help="Folder with the tables."),
    ics: Path = typer.Option(Path("planning.ics"), help="iCalendar file to write."),
    insurer: str = typer.Option(None, help="Only this insurer's policies (VGZ, CZ, ...)."),
    group: str = typer.Option(
        None, help="Only steps for this provider group (part of its name); steps for all providers stay."
    ),
    actor: str = typer.Option(
        "zorgaanbieder", help="Whose steps: zorgaanbieder, zorgverzekeraar, overig or alle."
    ),
    from_: datetime = typer.Option(
        None, "--from", formats=["%Y-%m-%d"], help="First day to include (default: today)."
    ),
    kind: list[str] = typer.Option(
        None,
        help="Kinds of step, repeatable: deadline, preferred, start, end, event or alle "
        "(default: deadline and preferred).",
    ),
) -> None:
    """Write the planning steps of the policies in OUT as an iCalendar file a provider can import."""
    from pipeline.deliver.calendar import (  # deferred: pandas and icalendar, not needed by `run`
        ACTORS,
        ALL,
        DEFAULT_KINDS,
        KINDS,
        Filters,
        calendar_command,
    )

    require_tables(out)
    kinds = tuple(k.strip() for value in (kind or DEFAULT_KINDS) for k in value.split(",") if k.strip())
    unknown = [k for k in kinds if k not in (*KINDS, ALL)]
    if unknown:
        usage_error(f"--kind {', '.join(unknown)}: choose from {', '.join((*KINDS, ALL))}")
    if actor not in (*ACTORS, ALL):
        usage_error(f"--actor {actor}: choose from {', '.join((*ACTORS, ALL))}")
    if ics.exists() and ics.is_dir():
        usage_error(f"--ics {ics} is a folder, not a file")
    first_day = from_.date() if from_ else date.today()
    filters = Filters(first_day=first_day, insurer=insurer, group=group, actor=actor, kinds=kinds)
    with run_errors_as_one_line():
        n = calendar_command(out, ics, filters)
    if not n:
        typer.echo(f"no planning step from {first_day} on passes the filters; nothing written", err=True)
        raise typer.Exit(1)
    typer.echo(f"{n} events written to {ics}")


@app.command()
def brief(
    out: Path = typer.Option(Path("extracted"), help="Folder with the tables."),
    doc: str = typer.Option(None, help="Only this document (its doc_id or the start of it)."),
    insurer: str = typer.Option(None, help="Only this insurer's policies."),
    format_: str = typer.Option("html", "--format", help="html, md (Markdown) or xlsx (one workbook)."),
    to: Path = typer.Option(Path("briefs"), help="Folder to write to, or a file name for one output."),
    today: datetime = typer.Option(
        None, formats=["%Y-%m-%d"], help="Reference date for the next and past deadlines (default: today)."
    ),
) -> None:
    """Write a policy brief per policy and a season overview (HTML or Markdown), or one Excel workbook."""
    from pipeline.deliver.brief import (  # deferred: pandas and Jinja2, not needed by `run`
        FORMATS,
        Selection,
        SelectionError,
        brief_command,
    )

    require_tables(out)
    if format_ not in FORMATS:
        usage_error(f"--format {format_}: choose from {', '.join(FORMATS)}")
    reference = today.date() if today else date.today()
    try:
        with run_errors_as_one_line():
            written = brief_command(out, to, format_, reference, Selection(doc=doc, insurer=insurer))
    except SelectionError as e:
        usage_error(str(e))
    for path in written:
        typer.echo(f"written {path}")


@app.command()
def dictionary() -> None:
    """Print the data dictionary of every table (markdown)."""
    typer.echo(data_dictionary_markdown())


if __name__ == "__main__":
    app()
