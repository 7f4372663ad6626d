"""Two versions of the pipeline on the same PDFs, stage by stage, taking turns.

A whole run's CPU time on a shared machine moves by more than most changes (the same code took
10.9 to 17.8 CPU s within one hour), so comparing two single runs says little. This compares what
moves less: the CPU time of every stage of every document, in one process started as a run's
worker starts (`corpus.worker.prepare`), each version in its own fresh process, the two versions
taking turns `--rounds` times. A row gives the fastest round of each version (the least disturbed)
and their ratio; the total is the sum of the stages.

Each version is a checkout (a `git worktree` of the commit to compare, say) whose package provides
`pipeline.stages.STAGES`, `pipeline.corpus.worker.prepare`, `pipeline.settings.Options` and
`pipeline.model.Document`/`Origin`. Their bytecode is compiled first (see bench_real.py).

usage: python benchmarks/bench_versions.py OLD_CHECKOUT NEW_CHECKOUT [--rounds 3] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(Path(__file__).parent)]
from bench_real import shared_pdfs  # noqa: E402

# Run in the checkout measured, with its package first on the path: prints {stage: CPU s} as JSON.
MEASURE = """
import json, sys, time
from pathlib import Path
from pipeline.corpus.worker import prepare
from pipeline.model import Document, Origin
from pipeline.settings import Options
from pipeline.stages import STAGES

options = Options(jobs=1)
prepare(options)
spent = {}
for path in map(Path, sys.argv[1:]):
    document = Document(Origin(path.name, path, path.stem))
    for stage in STAGES:
        start = time.process_time()
        document = stage(document, options)
        spent[stage.name] = spent.get(stage.name, 0.0) + time.process_time() - start
print(json.dumps(spent))
"""


def measure(checkout: Path, paths: list[Path]) -> dict[str, float]:
    """CPU seconds per stage over all `paths`, in a fresh process of `checkout`."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *map(str, paths)],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def fastest(rounds: list[dict[str, float]]) -> dict[str, float]:
    """Per stage, the least CPU time of any round; `total` the least sum of a round."""
    stages = list(rounds[0])
    best = {s: min(r.get(s, 0.0) for r in rounds) for s in stages}
    best["total"] = min(sum(r.values()) for r in rounds)
    return best


def table(old: dict[str, float], new: dict[str, float]) -> str:
    lines = ["| stage | old CPU s | new CPU s | new / old |", "|---|---|---|---|"]
    stages = [s for s in dict.fromkeys([*old, *new]) if s != "total"]  # a stage of one version only too
    for stage in [*stages, "total"]:
        a, b = old.get(stage, 0.0), new.get(stage, 0.0)
        lines.append(
            f"| {stage} | {a:.2f} | {b:.2f} | {b / a:.2f} |" if a else f"| {stage} | {a:.2f} | {b:.2f} | - |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path, help="checkout of the version to compare against")
    ap.add_argument("new", type=Path, help="checkout of the version to measure")
    ap.add_argument("--rounds", type=int, default=3, help="turns of each version (the fastest counts)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    paths = shared_pdfs(args.shared)
    if not paths:
        print(f"no PDFs under {args.shared}/corpus or {args.shared}/corpus-other: nothing to measure")
        return 0
    checkouts = [args.old.resolve(), args.new.resolve()]
    for checkout in checkouts:
        if not (checkout / "pipeline" / "stages.py").is_file():
            print(f"{checkout}: no pipeline package here", file=sys.stderr)
            return 2
        compileall.compile_dir(checkout / "pipeline", quiet=1)
    runs: list[list[dict[str, float]]] = [[], []]
    for _ in range(args.rounds):
        for i, checkout in enumerate(checkouts):
            runs[i].append(measure(checkout, paths))
    print(f"PDFs: {', '.join(p.name for p in paths)}; fastest of {args.rounds} rounds each\n")
    print(table(fastest(runs[0]), fastest(runs[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
