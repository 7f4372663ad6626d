"""Speed and memory at scale: N rendered policy PDFs against the pdfplumber-only floor.

Renders N documents as two-column PDFs with running headers (the corpus texts in turn, each
copy with its own title so every file has its own bytes), then for each N measures, in the
same run:
- the floor: pdfplumber opening every PDF and extracting the text of every page, in one process;
- the whole pipeline: `python -m pipeline run` from an empty output folder (all cores).
Peak memory is the largest resident set of the pipeline's process tree, sampled every 50 ms.
Also times the real born-digital policy PDF of ../shared/corpus when it is there.

usage: python benchmarks/bench_scale.py [--sizes 10 50 200] [--corpus ../shared/corpus]
Results: printed, and written to benchmarks/results/scale.md and scale.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from layout_check import render  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FLOOR = """
import sys, pdfplumber
pages = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            pages += 1
            page.close()
print(pages)
"""


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, Python "
        f"{platform.python_version()}"
    )


def timed(args: list[str], cwd: Path = ROOT) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB of the whole process tree, and stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    done.set()
    thread.join()
    return time.perf_counter() - start, peak, out


def render_corpus(corpus: Path, folder: Path, n: int) -> list[Path]:
    texts = sorted(corpus.glob("*.txt"))
    pdfs = []
    for i in range(n):
        txt = texts[i % len(texts)]
        pdf = folder / f"{i:04d}_{txt.stem}.pdf"
        render(txt, None, pdf, title=f"{txt.stem} (kopie {i})")
        pdfs.append(pdf)
    return pdfs


def measure(pdfs: list[Path], work: Path) -> dict:
    raw = work / f"raw_{len(pdfs)}"
    raw.mkdir()
    for pdf in pdfs:
        (raw / pdf.name).symlink_to(pdf)
    floor_s, floor_mb, pages = timed([sys.executable, "-c", FLOOR, *map(str, pdfs)])
    total_s, peak_mb, _ = timed(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            "--raw",
            str(raw),
            "--out",
            str(work / f"out_{len(pdfs)}"),
            "--no-progress",
            "--no-fail-on-error",
        ]
    )
    n_pages = int(pages.strip() or 0)
    return {
        "documents": len(pdfs),
        "pages": n_pages,
        "pipeline_s": round(total_s, 1),
        "floor_s": round(floor_s, 1),
        "ratio": round(total_s / floor_s, 2),
        "docs_per_min": round(len(pdfs) / total_s * 60, 1),
        "pages_per_s": round(n_pages / total_s, 1),
        "peak_mib": round(peak_mb),
        "floor_peak_mib": round(floor_mb),
    }


def real_pdf(corpus: Path, work: Path) -> dict | None:
    pdfs = sorted(corpus.glob("*.pdf"))
    if not pdfs:
        return None
    raw = work / "raw_real"
    raw.mkdir()
    (raw / pdfs[0].name).symlink_to(pdfs[0].resolve())
    floor_s, _, pages = timed([sys.executable, "-c", FLOOR, str(pdfs[0])])
    total_s, peak_mb, _ = timed(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            "--raw",
            str(raw),
            "--out",
            str(work / "out_real"),
            "--no-progress",
            "--jobs",
            "1",
        ]
    )
    n = int(pages.strip() or 1)
    return {
        "file": pdfs[0].name,
        "pages": n,
        "pipeline_ms_per_page": round(total_s / n * 1000),
        "floor_ms_per_page": round(floor_s / n * 1000),
        "peak_mib": round(peak_mb),
    }


def report(rows: list[dict], real: dict | None) -> str:
    lines = [
        f"Machine: {machine()}",
        "",
        "| N | pages | pipeline s | pdfplumber-only s | ratio | docs/min | pages/s | peak MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['documents']} | {r['pages']} | {r['pipeline_s']} | {r['floor_s']} | {r['ratio']} | "
        f"{r['docs_per_min']} | {r['pages_per_s']} | {r['peak_mib']} |"
        for r in rows
    ]
    by_n = {r["documents"]: r for r in rows}
    if 50 in by_n and 200 in by_n:
        lines += [
            "",
            f"Time N=200 / N=50: {by_n[200]['pipeline_s'] / by_n[50]['pipeline_s']:.2f} "
            f"(linear: 4.0); peak memory N=200 / N=50: {by_n[200]['peak_mib'] / by_n[50]['peak_mib']:.2f}",
        ]
    if real:
        lines += [
            "",
            f"Real policy PDF {real['file']} ({real['pages']} pages, one process, model loading "
            f"included): {real['pipeline_ms_per_page']} ms/page; pdfplumber-only "
            f"{real['floor_ms_per_page']} ms/page.",
        ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "pdfs").mkdir()
        pdfs = render_corpus(args.corpus, work / "pdfs", max(args.sizes))
        rows = [measure(pdfs[:n], work) for n in sorted(args.sizes)]
        real = real_pdf(args.corpus, work)
    text = report(rows, real)
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "scale.md").write_text(text + "\n", encoding="utf-8")
    (args.results / "scale.json").write_text(json.dumps({"rows": rows, "real_pdf": real}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
