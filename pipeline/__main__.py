"""Command line: `python -m pipeline run --raw raw --out extracted` (CONTRACT.md)."""

from __future__ import annotations

import logging
import sys
from enum import Enum
from pathlib import Path

import typer

from pipeline.settings import PDF_ENGINES, load_options

# The engine names as a choice on the command line (typer lists an Enum's values as the choices).
PdfEngine = Enum("PdfEngine", {name: name for name in PDF_ENGINES}, type=str)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read Dutch health-insurance procurement policies into Parquet tables.",
)


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        stream=sys.stderr,
        format="%(levelname)s %(message)s",
    )
    for noisy in ("pdfminer", "pdfplumber", "urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@app.command()
def run(
    raw: Path = typer.Option(Path("raw"), help="Folder with the policy documents (PDF, .txt, .md, .html)."),
    out: Path = typer.Option(Path("extracted"), help="Folder the Parquet tables are written to."),
    jobs: int = typer.Option(None, help="Worker processes (default: params.yaml, 0 = one per core)."),
    model: str = typer.Option(None, help="spaCy model name or path (default: params.yaml)."),
    pdf_engine: PdfEngine = typer.Option(
        None, help="What reads PDF characters: pdfium (fast) or pdfplumber (reference; default: params.yaml)."
    ),
    fail_on_error: bool = typer.Option(True, help="Exit with status 1 when a document could not be read."),
    compare: bool = typer.Option(True, help="Also compute series comparisons."),
    progress: bool = typer.Option(True, help="Show a progress bar."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Process every document in RAW into the tables in OUT (only new or changed documents)."""
    from pipeline.run import run as run_pipeline

    setup_logging(verbose)
    engine = pdf_engine.value if pdf_engine is not None else None
    options = load_options(jobs=jobs, nlp_model=model, pdf_engine=engine)
    report = run_pipeline(raw, out, options, progress=progress, compare=compare)
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


@app.command()
def compare(out: Path = typer.Option(Path("extracted"))) -> None:
    """Recompute series comparisons from the tables in OUT."""
    from pipeline.compare import write_comparisons

    write_comparisons(out)


@app.command()
def calendar(
    out: Path = typer.Option(Path("extracted"), help="Folder with the tables."),
    ics: Path = typer.Option(Path("deadlines.ics"), help="iCalendar file to write."),
) -> None:
    """Write every deadline of every policy as an iCalendar file a provider can import."""
    from pipeline.calendar import calendar_command

    n = calendar_command(out, ics)
    typer.echo(f"{n} deadlines written to {ics}")


@app.command()
def dictionary() -> None:
    """Print the data dictionary of every table (markdown)."""
    from pipeline.schema import data_dictionary_markdown

    typer.echo(data_dictionary_markdown())


if __name__ == "__main__":
    app()
