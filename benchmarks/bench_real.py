"""PDF engines on real PDFs: pdfium and pdfplumber, from raw text to the whole pipeline, in one run.

Reads the PDFs of ../shared/corpus and ../shared/corpus-other (what is absent is skipped)
and measures, each in a fresh process so that its peak memory is its own:
- pypdfium2 text of every page (`get_text_range`), the floor of any pdfium reading;
- pypdfium2 chars through our source (`pipeline.ingest.pdfium_source.read_page`: chars, shapes
  and the table gate of every page);
- pdfplumber `page.chars` and pdfplumber `extract_text` of every page;
- the reader alone (`read_document`) and the whole document (`process_document`, in a process
  started as a run's worker starts: `corpus.worker.prepare`) with each engine, in one process;
- the whole pipeline run (`python -m pipeline run --jobs 2`) with each engine, its CPU time
  that of the process tree (start-up and model loading included).
CPU seconds are user + system time of the work (of the whole process tree for the runs);
pages/s per core is pages over CPU seconds; every figure is also given as a ratio to
pdfplumber's `extract_text` measured in the same run. Peak memory is the largest summed
resident set of the measuring process tree (psutil, sampled every 50 ms), imports included.
The machine's cores are shared with other work: wall-clock times are noise, and CPU time varies by
10-20% between runs of one measurement too, so every measurement runs `--repeat` times (default 3),
the measurements taking turns, and a row gives the median and the spread.
The package's bytecode is compiled first, as Python does on a first import wherever it may write
bytecode (pip did so for pdfplumber on install): a machine that sets PYTHONDONTWRITEBYTECODE would
otherwise have every measured process compile the package again (0.1-0.2 CPU s each).

usage: python benchmarks/bench_real.py [--shared ../shared] [--repeat N] [--json FILE]
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# this checkout's package, not whichever one is installed; then the sibling benchmark scripts
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]
from bench_scale import machine, timed  # noqa: E402
from layout_check import pipeline_cmd  # noqa: E402

ENGINES = ("pdfium", "pdfplumber")
FLOOR = "pdfplumber extract_text"


# --- the measurements, each run in its own process (`--measure NAME`) --------------------------------


def pdfium_text(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return pages


def pdfium_chars(paths: list[Path]) -> int:
    from pipeline.ingest import pdfium_source

    pages = 0
    for path in paths:
        pdf = pdfium_source.open_pdf(path)
        for i in range(len(pdf)):
            pdfium_source.read_page(pdf, i)
            pages += 1
        pdf.close()
    return pages


def _plumber_pages(paths: list[Path], per_page: Callable[[object], object]) -> int:
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                per_page(page)
                page.close()
                pages += 1
    return pages


def plumber_chars(paths: list[Path]) -> int:
    return _plumber_pages(paths, lambda page: page.chars)


def plumber_text(paths: list[Path]) -> int:
    return _plumber_pages(paths, lambda page: page.extract_text())


def read_documents(paths: list[Path], engine: str) -> int:
    from pipeline.ingest import read_document

    return sum(read_document(path, path.name, engine).page_count or 0 for path in paths)


def prepare_as_worker() -> None:
    """Start this process as a run's worker starts (`corpus.worker.prepare`): the NLP pipeline
    built, every lazy table loaded by a warm-up document, the heap settled for the collector."""
    from pipeline.corpus.worker import prepare
    from pipeline.settings import Options

    prepare(Options(jobs=1))


def process_documents(paths: list[Path], engine: str) -> int:
    from pipeline.settings import Options
    from pipeline.stages import process_document

    options = Options(jobs=1, pdf_engine=engine)
    return sum(process_document(path, path.name, options).page_count or 0 for path in paths)


MEASURES: dict[str, Callable[[list[Path]], int]] = {
    "pypdfium2 text": pdfium_text,
    "pypdfium2 chars (pdfium_source)": pdfium_chars,
    "pdfplumber page.chars": plumber_chars,
    FLOOR: plumber_text,
    **{f"reader (read_document), {e}": partial(read_documents, engine=e) for e in ENGINES},
    **{
        f"pipeline per document (process_document), {e}": partial(process_documents, engine=e)
        for e in ENGINES
    },
}
AS_WORKER = {name for name in MEASURES if name.startswith("pipeline per document")}


def measure_here(name: str, paths: list[Path]) -> None:
    """Run one measurement in this process and print its CPU seconds and pages as JSON."""
    import pipeline

    assert Path(pipeline.__file__).resolve().parents[1] == ROOT, f"measuring {pipeline.__file__}, not {ROOT}"
    if name in AS_WORKER:
        prepare_as_worker()
    start = time.process_time()
    pages = MEASURES[name](paths)
    print(json.dumps({"cpu_s": time.process_time() - start, "pages": pages}))


# --- the run -------------------------------------------------------------------------------------


def shared_pdfs(shared: Path) -> list[Path]:
    return sorted((shared / "corpus").glob("*.pdf")) + sorted((shared / "corpus-other").glob("*.pdf"))


def measure(name: str, paths: list[Path]) -> dict:
    args = [sys.executable, str(Path(__file__).resolve()), "--measure", name, *map(str, paths)]
    _, peak_mib, out, _ = timed(args)
    result = json.loads(out.strip().splitlines()[-1])
    return {"name": name, "cpu_s": result["cpu_s"], "pages": result["pages"], "peak_mib": peak_mib}


def whole_run(engine: str, paths: list[Path], pages: int, work: Path) -> dict:
    raw = work / f"raw_{engine}"
    raw.mkdir()
    for path in paths:
        shutil.copy(path, raw / path.name)
    cmd = pipeline_cmd(
        raw, work / f"out_{engine}", "--jobs", "2", "--pdf-engine", engine, "--no-fail-on-error"
    )
    _, peak_mib, _, cpu_s = timed(cmd)
    return {
        "name": f"whole run (`pipeline run --jobs 2`), {engine}",
        "cpu_s": cpu_s,
        "pages": pages,
        "peak_mib": peak_mib,
    }


def summary(runs: list[dict]) -> dict:
    """One row of repeated runs of a measurement: the median CPU time, its spread, the largest peak."""
    cpu = [r["cpu_s"] for r in runs]
    return {
        **runs[0],
        "cpu_s": statistics.median(cpu),
        "cpu_min": min(cpu),
        "cpu_max": max(cpu),
        "peak_mib": max(r["peak_mib"] for r in runs),
    }


def measure_all(paths: list[Path], repeat: int) -> list[dict]:
    """Every measurement `repeat` times, taking turns, so that a slow spell of the machine falls on
    all of them alike."""
    runs: dict[str, list[dict]] = {}
    pages = 0
    for _ in range(repeat):
        for name in MEASURES:
            row = measure(name, paths)
            pages = row["pages"]
            runs.setdefault(name, []).append(row)
        with tempfile.TemporaryDirectory() as tmp:
            for engine in ENGINES:
                row = whole_run(engine, paths, pages, Path(tmp))
                runs.setdefault(row["name"], []).append(row)
    return [summary(r) for r in runs.values()]


def table(rows: list[dict]) -> str:
    floor = next(r for r in rows if r["name"] == FLOOR)
    lines = [
        f"| measurement | CPU s (median) | spread | pages | pages/s per core | CPU / {FLOOR} | peak MiB "
        f"| MiB / {FLOOR} |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cpu_ratio, mib_ratio = r["cpu_s"] / floor["cpu_s"], r["peak_mib"] / floor["peak_mib"]
        lines.append(
            f"| {r['name']} | {r['cpu_s']:.1f} | {r['cpu_min']:.1f}-{r['cpu_max']:.1f} | {r['pages']} | "
            f"{r['pages'] / r['cpu_s']:.1f} | {cpu_ratio:.2f} | {r['peak_mib']:.0f} | {mib_ratio:.2f} |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", type=Path, default=None, help="also write the rows here")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement (median reported)")
    ap.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.measure:
        measure_here(args.measure, args.paths)
        return 0
    paths = shared_pdfs(args.shared)
    if not paths:
        print(f"no PDFs under {args.shared}/corpus or {args.shared}/corpus-other: nothing to measure")
        return 0
    compileall.compile_dir(ROOT / "pipeline", quiet=1)
    rows = measure_all(paths, args.repeat)
    pages = rows[0]["pages"]
    print(f"Machine: {machine()}")
    print(f"PDFs: {', '.join(p.name for p in paths)} ({pages} pages)\n")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
