"""Hostile text through the readers: CPU seconds per input, this tree against an older commit.

Not a test (tests/test_hostile_text.py checks the results, without timing). Each input is a
short Dutch policy with one pathological line in the middle; each is read and segmented
(`read_document` + `segment`) and, with --full, processed end to end (`process_document`),
in a fresh process that is killed after --timeout seconds:

    python benchmarks/bench_hostile.py [--old main~3] [--timeout 120] [--full]

--old takes the `pipeline` package of that commit (git archive into a temporary folder) and
times the same inputs with it, to show what the caps and the regex rewrites changed.

Measured on the shared 2-core machine (load average 8-15; CPU seconds, including start-up and
model loading of about 1.5 s; "killed" is the 120 s wall-clock guard) against 26a6c8e:

| input | read + segment, now | process, now | read + segment, 26a6c8e | process, 26a6c8e |
|---|---|---|---|---|
| 200 KB line of dots | 1.85 | 2.97 | killed | killed |
| 30 KB of [ then ]( | 1.65 | 2.93 | 8.12 | killed |
| 30 KB of []( | 1.73 | 3.17 | 2.78 | killed |
| 100 KB of ** | 1.65 | 2.68 | 1.39 | 2.82 |
| 40 KB of **a | 1.70 | 4.97 | killed | killed |
| 200 KB of spaces then # | 1.86 | 3.09 | 1.49 | 2.77 |
| 1 MB without spaces (Dutch) | 1.91 | 6.71 | 2.03 | killed |
| 1 MB without spaces (letters and punctuation) | 2.22 | 27.57 | 2.10 | killed |

The last one is linear (100 KB: 2.8 s, 200 KB: 7.1 s, 400 KB: 10.3 s), spent in spaCy on the
200,000 tokens a megabyte of punctuated letters falls into.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUTCH = (
    "De zorgaanbieder levert de offerte uiterlijk 1 september 2026 in bij de zorgverzekeraar. "
    "Wij maken afspraken over de kwaliteit, de toegankelijkheid en de betaalbaarheid van de zorg. "
)


def dutch_without_spaces(size: int) -> str:
    return (DUTCH.replace(" ", "") * (size // len(DUTCH) + 1))[:size]


def punctuated_letters(size: int) -> str:
    rng = random.Random(7)
    return "".join(rng.choice("abcdefghij.,;:()[]'\"-/*!?") for _ in range(size))


HOSTILE_LINES = {
    "200 KB line of dots": lambda: "." * 200_000,
    "30 KB of [ then ](": lambda: "[" * 20_000 + "](" * 5_000,
    "30 KB of [](": lambda: "[](" * 10_000,
    "100 KB of **": lambda: "**" * 50_000,
    "40 KB of **a ": lambda: "**a " * 10_000,
    "200 KB of spaces then #": lambda: "# " + " " * 200_000 + "x",
    "1 MB without spaces (Dutch)": lambda: dutch_without_spaces(1_000_000),
    "1 MB without spaces (letters and punctuation)": lambda: punctuated_letters(1_000_000),
    "40 KB of .( ": lambda: ".(" * 20_000,
}
PROBE = """
import json, sys, time
sys.path.insert(0, {package_root!r})
from pathlib import Path
start = time.process_time()
from pipeline.ingest import read_document
from pipeline.structure import segment
doc = read_document(Path({path!r}))
seg = segment(doc, "hostile")
print(json.dumps({{"read_segment": time.process_time() - start}}), flush=True)
if {full!r}:
    from pipeline.stages import process_document
    from pipeline.settings import Options
    start = time.process_time()
    process_document(Path({path!r}), Path({path!r}).name, Options(jobs=1))
    print(json.dumps({{"process": time.process_time() - start}}), flush=True)
"""


def time_input(package_root: Path, path: Path, full: bool, timeout: float) -> dict:
    """CPU seconds per phase; a phase still running after `timeout` (in all) is marked killed."""
    code = PROBE.format(package_root=str(package_root), path=str(path), full=full)
    killed = False
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, cwd=package_root
        )
        stdout = out.stdout
        if out.returncode:
            return {"error": out.stderr.strip().splitlines()[-1]}
    except subprocess.TimeoutExpired as e:
        stdout, killed = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or ""), True
    result: dict = {}
    for line in stdout.splitlines():
        result.update(json.loads(line))
    if killed:
        result["timeout"] = timeout
    return result


def old_package(ref: str, into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(["git", "archive", ref, "pipeline"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def show(result: dict, key: str) -> str:
    if key in result:
        return f"{result[key]:.2f}"
    if "timeout" in result:
        return f"> {result['timeout']:.0f} (killed)"
    return result.get("error", "-")[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--old", help="git ref whose pipeline package to time as well")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--full", action="store_true", help="also process_document end to end")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        roots = {"this tree": ROOT}
        if args.old:
            roots[args.old] = old_package(args.old, tmp_path / "old")
        keys = ["read_segment", "process"] if args.full else ["read_segment"]
        header = " | ".join(f"{name} {k} CPU s" for name in roots for k in keys)
        print(f"| input | {header} |\n" + "|---" * (1 + len(roots) * len(keys)) + "|")
        for name, make in HOSTILE_LINES.items():
            path = tmp_path / "beleid.txt"
            path.write_text(DUTCH * 20 + "\n" + make() + "\n" + DUTCH * 20, encoding="utf-8")
            results = {r: time_input(package, path, args.full, args.timeout) for r, package in roots.items()}
            cells = " | ".join(show(results[root], k) for root in roots for k in keys)
            print(f"| {name} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
