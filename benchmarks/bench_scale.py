"""Speed and memory at scale: N rendered policy PDFs against the pdfplumber-only floor.

Renders N documents as two-column PDFs with running headers (the corpus texts in turn, each
copy with its own title so every file has its own bytes), then for each N measures, in the
same run:
- the floor: pdfplumber opening every PDF and extracting the text of every page, in one process;
- the whole pipeline: `python -m pipeline run` from an empty output folder (all cores).
Peak memory is the largest summed resident set of the pipeline's process tree (psutil, sampled
every 50 ms; ru_maxrss of RUSAGE_CHILDREN is the largest single process, not the tree). CPU
seconds (user + sys of every waited-for descendant) are reported too: the floor runs on one core,
the pipeline on all of them. Also times the real born-digital policy PDF of ../shared/corpus
when it is there, and the pipeline's fixed start-up cost (an empty raw folder). With --profile,
one rendered document is run through `process_document` under cProfile and the hot spots listed.

usage: python benchmarks/bench_scale.py [--sizes 10 50 200] [--corpus ../shared/corpus] [--profile]
(--profile alone profiles one rendered document and measures nothing else)
Results: printed, and written to benchmarks/results/scale.md and scale.json.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from layout_check import pipeline_cmd, render  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.5  # total time at the largest N over the pdfplumber-only floor
TARGET_LINEAR = 4.5  # time N=200 over time N=50
TARGET_MEMORY = 1.3  # peak memory N=200 over N=50
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


PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def adopt_orphans() -> None:
    """Become the subreaper of every process started from here (Linux).

    RUSAGE_CHILDREN counts a process only once its parent waited for it. A run's workers are
    children of multiprocessing's forkserver, which nobody waits for: it ends after the run and is
    reparented to init, its CPU time (and that of the workers it reaped) lost to the measurement.
    As subreaper this process inherits the orphans, and `reap_all` waits for them."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1)


def reap_all() -> None:
    """Wait for every remaining descendant (adopted orphans included), so that its CPU time counts."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def timed(args: list[str], cwd: Path = ROOT) -> tuple[float, float, str, float]:
    """Wall seconds, peak resident MiB of the whole process tree, stdout, and CPU seconds."""
    adopt_orphans()
    cpu_before = children_cpu_s()
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
    reap_all()
    return time.perf_counter() - start, peak, out, children_cpu_s() - cpu_before


def render_corpus(corpus: Path, folder: Path, n: int) -> list[Path]:
    texts = sorted(corpus.glob("*.txt"))
    pdfs = []
    for i in range(n):
        txt = texts[i % len(texts)]
        pdf = folder / f"{i:04d}_{txt.stem}.pdf"
        render(txt, None, pdf, title=f"{txt.stem} (kopie {i})")
        pdfs.append(pdf)
    return pdfs


def place(source: Path, target: Path) -> None:
    """A hard link (a copy across file systems): the run refuses a symlink that leads out of raw/."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def measure(pdfs: list[Path], work: Path) -> dict:
    raw = work / f"raw_{len(pdfs)}"
    raw.mkdir()
    for pdf in pdfs:
        place(pdf, raw / pdf.name)
    floor_s, floor_mb, pages, floor_cpu = timed([sys.executable, "-c", FLOOR, *map(str, pdfs)])
    total_s, peak_mb, _, total_cpu = timed(pipeline_cmd(raw, work / f"out_{len(pdfs)}", "--no-fail-on-error"))
    n_pages = int(pages.strip() or 0)
    return {
        "pipeline_cpu_s": round(total_cpu, 1),
        "floor_cpu_s": round(floor_cpu, 1),
        "cpu_ratio": round(total_cpu / floor_cpu, 2),
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
    place(pdfs[0], raw / pdfs[0].name)
    floor_s, _, pages, _ = timed([sys.executable, "-c", FLOOR, str(pdfs[0])])
    total_s, peak_mb, _, _ = timed(pipeline_cmd(raw, work / "out_real", "--jobs", "1"))
    n = int(pages.strip() or 1)
    return {
        "file": pdfs[0].name,
        "pages": n,
        "pipeline_ms_per_page": round(total_s / n * 1000),
        "floor_ms_per_page": round(floor_s / n * 1000),
        "peak_mib": round(peak_mb),
    }


def startup(work: Path) -> float:
    """Seconds the pipeline takes over an empty raw folder: imports, manifest, empty tables."""
    (work / "raw_empty").mkdir()
    seconds, _, _, _ = timed(pipeline_cmd(work / "raw_empty", work / "out_empty"))
    return round(seconds, 1)


def targets(by_n: dict[int, dict]) -> list[str]:
    """The issue's targets, each with its measured value and PASS/FAIL."""
    lines = []
    big = by_n[max(by_n)]
    ok = big["ratio"] <= TARGET_RATIO
    lines.append(
        f"- total / floor at N={big['documents']}: {big['ratio']} (target ≤ {TARGET_RATIO}): "
        f"{'PASS' if ok else 'FAIL'}"
    )
    if 50 in by_n and 200 in by_n:
        time_ratio = by_n[200]["pipeline_s"] / by_n[50]["pipeline_s"]
        mem_ratio = by_n[200]["peak_mib"] / by_n[50]["peak_mib"]
        lines.append(
            f"- time N=200 / N=50: {time_ratio:.2f} (linear 4.0; target ≤ {TARGET_LINEAR}): "
            f"{'PASS' if time_ratio <= TARGET_LINEAR else 'FAIL'}"
        )
        lines.append(
            f"- peak memory N=200 / N=50: {mem_ratio:.2f} (target ≤ {TARGET_MEMORY}): "
            f"{'PASS' if mem_ratio <= TARGET_MEMORY else 'FAIL'}"
        )
    return lines


def report(rows: list[dict], real: dict | None, startup_s: float) -> str:
    lines = [
        f"Machine: {machine()}",
        "",
        "| N | pages | pipeline s | pdfplumber-only s | ratio | pipeline CPU s | floor CPU s | CPU ratio "
        "| docs/min | pages/s | peak MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['documents']} | {r['pages']} | {r['pipeline_s']} | {r['floor_s']} | {r['ratio']} | "
        f"{r['pipeline_cpu_s']} | {r['floor_cpu_s']} | {r['cpu_ratio']} | "
        f"{r['docs_per_min']} | {r['pages_per_s']} | {r['peak_mib']} |"
        for r in rows
    ]
    lines += ["", f"Start-up (empty raw folder): {startup_s} s.", "", "Targets:"]
    lines += targets({r["documents"]: r for r in rows})
    if real:
        lines += [
            "",
            f"Real policy PDF {real['file']} ({real['pages']} pages, one process, model loading "
            f"included): {real['pipeline_ms_per_page']} ms/page; pdfplumber-only "
            f"{real['floor_ms_per_page']} ms/page.",
        ]
    return "\n".join(lines)


def profile_one(pdf: Path, top: int = 25) -> str:
    """cProfile of one document through process_document (warm: the NLP pipeline loaded first)."""
    import cProfile
    import io
    import pstats

    from pipeline.settings import Options
    from pipeline.stages import process_document

    process_document(pdf, pdf.name, Options(jobs=1))
    profiler = cProfile.Profile()
    profiler.runcall(process_document, pdf, pdf.name, Options(jobs=1))
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=None, help="default: 10 50 200")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument("--profile", action="store_true", help="cProfile one rendered document")
    args = ap.parse_args()
    if args.sizes is None:
        args.sizes = [] if args.profile else [10, 50, 200]
    args.results.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "pdfs").mkdir()
        pdfs = render_corpus(args.corpus, work / "pdfs", max(args.sizes, default=1))
        if args.profile and not args.sizes:
            profile = profile_one(pdfs[0])
            (args.results / "scale_profile.txt").write_text(profile, encoding="utf-8")
            print(profile)
            return 0
        startup_s = startup(work)
        rows = []
        for n in sorted(args.sizes):
            rows.append(measure(pdfs[:n], work))
            print(json.dumps(rows[-1]), flush=True)
        real = real_pdf(args.corpus, work)
        if args.profile:
            (args.results / "scale_profile.txt").write_text(profile_one(pdfs[0]), encoding="utf-8")
    text = report(rows, real, startup_s)
    print(text)
    (args.results / "scale.md").write_text(text + "\n", encoding="utf-8")
    (args.results / "scale.json").write_text(
        json.dumps({"machine": machine(), "startup_s": startup_s, "rows": rows, "real_pdf": real}, indent=1)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
