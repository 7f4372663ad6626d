"""What a worker's start (`corpus/worker.prepare`) leaves behind, checked in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.corpus.worker import GC_YOUNG_THRESHOLD

ROOT = Path(__file__).resolve().parents[1]
PREPARED = (
    "from pipeline.corpus.worker import prepare\nfrom pipeline.settings import Options\nprepare(Options())\n"
)


def run_prepared(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PREPARED + code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_worker_start_leaves_pandas_unimported_and_pandas_still_works() -> None:
    """pyarrow imports pandas (about 0.9 CPU s) on its first array unless the start has told it
    there is none; tables are still built, and a conversion to pandas afterwards still works."""
    code = (
        "import sys, pyarrow as pa\n"
        "from pipeline.schema import to_arrow\n"
        "print('pandas' in sys.modules, to_arrow('dates', [], 'doc').num_rows)\n"
        "print(type(pa.table({'a': [1]}).to_pandas()).__name__)\n"
    )
    assert run_prepared(code) == ["False", "0", "DataFrame"]


def test_worker_start_freezes_what_it_built_and_scans_the_young_less_often() -> None:
    code = "import gc\nprint(gc.get_freeze_count() > 10_000, gc.get_threshold()[0])\n"
    assert run_prepared(code) == ["True", str(GC_YOUNG_THRESHOLD)]


def test_worker_start_loads_the_lemma_table_once_for_all_workers() -> None:
    """Loaded by the forkserver before it forks (0.2 CPU s), not by each worker on its first planning."""
    code = "from pipeline.derive import lemmas\nprint(lemmas.cache_info().currsize, lemmas()['vastgelegd'])\n"
    assert run_prepared(code) == ["1", "vastleggen"]


def test_forkserver_start_leaves_the_collector_on() -> None:
    """forkserver_warm turns the collector off for the start; the settled heap turns it on again."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, pipeline.corpus.forkserver_warm\n"
            "print(gc.isenabled(), gc.get_freeze_count() > 10_000)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["True", "True"]
