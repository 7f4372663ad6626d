"""The worker side of the pool (`pool.py`): a worker process's start, limits and loop.

Only worker processes and their forkserver import this module (the forkserver preloads it): it
imports every stage, spaCy and the PDF libraries, which the command's own process never needs.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import math
import os
import resource
import signal
import sys
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path

import pyarrow as pa

from pipeline.corpus.jobs import process_job, too_large
from pipeline.corpus.outcome import Job
from pipeline.corpus.pool import READY, STOP, WORKER_MODEL_ENV, StartFailed
from pipeline.errors import WorkerStartError
from pipeline.model import ErrorRow
from pipeline.nlp.build import build_nlp, warn_if_unavailable
from pipeline.settings import MB, Options, configure_logging
from pipeline.stages import load_lookups
from pipeline.store.arrow import arrow_without_pandas

log = logging.getLogger("pipeline")

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Objects allocated before the collector's youngest generation is scanned (Python's default: 700).
# A document allocates millions of short-lived objects with few cycles; scanning every 700 of them
# cost about 0.5 CPU s on three real PDFs (171 pages), at 20000 a tenth of that (measured).
GC_YOUNG_THRESHOLD = 20_000
# A small made-up policy a new worker processes before it says READY: the stages load their models
# and build their matchers on first use (fastText, phrase matchers, compiled vocabulary), which
# would otherwise count against the first document's time limit.
WARM_UP_TEXT = """Inkoopbeleid wijkverpleging 2030

1. Inleiding
Dit beleid geldt voor alle zorgaanbieders met wie de zorgverzekeraar een overeenkomst sluit. Wij kopen
zorg in die passend en doelmatig is voor onze verzekerden in de regio.

2. Voorwaarden
De zorgaanbieder moet uiterlijk 1 oktober 2029 een offerte indienen. Het tarief bedraagt € 60,00 per uur.
Voor aanbieders met een omzet boven € 100.000 geldt een korting van 2%.
- De zorgaanbieder beschikt over een geldige AGB-code.
- De zorgaanbieder is ingeschreven in het kwaliteitsregister.

3. Planning
Binnen vier weken na ontvangst van de offerte ontvangt de zorgaanbieder een reactie.
"""


def ignore_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)


def die_with_parent() -> None:
    """Ask the kernel (Linux) to kill this process when its parent ends, however it ends."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def address_space_in_use() -> int | None:
    """Bytes of address space this process has mapped (Linux), None where /proc is missing."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def limit_address_space(megabytes: int) -> None:
    """Cap this process's address space at `megabytes` (0: no cap); refuse a cap it already exceeds."""
    if not megabytes:
        return
    limit = megabytes * MB
    in_use = address_space_in_use()
    if in_use is not None and in_use >= limit:
        raise WorkerStartError(
            f"--doc-memory {megabytes} MB is less than a worker process needs to start ({in_use // MB} MB)"
        )
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(
        resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard)
    )


def limit_cpu(seconds: float | None) -> None:
    """Let the kernel stop this process (SIGXCPU) after `seconds` more of CPU time; None lifts the limit."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = resource.RLIM_INFINITY
    if seconds is not None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
        soft = soft if hard == resource.RLIM_INFINITY else min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def worker_main(conn: Connection, options: Options, log_level: int, quiet: bool) -> None:
    """A worker: start (model loaded, memory capped), say READY, then process documents one at a time.

    `quiet`: a worker started after the first one does not repeat the model's start-up warnings."""
    ignore_signals()
    die_with_parent()
    configure_logging(log_level)
    # the model's start-up warnings once per run, whether or not the forkserver built it already
    if not quiet:
        warn_if_unavailable(options.nlp_model)
    logging.getLogger(build_nlp.__module__).setLevel(logging.ERROR)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a document stopped by SIGXCPU leaves no core file
    try:
        prepare(options)  # before any document's clock starts
        limit_address_space(options.doc_memory)
    except Exception as e:
        conn.send(StartFailed(str(e) or type(e).__name__))
        return
    conn.send(READY)
    serve(conn, options)


def prepare(options: Options) -> None:
    """Arrow's system allocator, the spaCy pipeline built, the warm-up text processed and the
    lookup tables loaded.

    Arrow's default allocator (mimalloc) reserves about 1 GB of address space on first use, which
    RLIMIT_AS counts as if it were used: with the system allocator the limit measures real need."""
    pa.set_memory_pool(pa.system_memory_pool())
    arrow_without_pandas()
    build_nlp(options.nlp_model or None)
    warm_up(options)
    load_lookups()
    settle_heap()


def settle_heap() -> None:
    """Keep the garbage collector off what the start built, and scan the young less often.

    After one collection, `gc.freeze` moves every object made so far (modules, the spaCy
    pipeline, the vocabularies: about 130,000) out of the collector's reach: its full scans of
    them cost more than a second of CPU on three real PDFs, and in a worker forked from the
    forkserver they wrote to the pages the two share (Python's documentation of `gc.freeze`
    describes the pattern)."""
    gc.collect()  # nothing already unreachable is frozen for good
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def warm_forkserver() -> None:
    """In the forkserver, before any worker is forked: `prepare` for the model the pool named
    (`WORKER_MODEL_ENV`), silently and at best effort (a worker builds what is missing). What it
    allocates is then memory a worker's `--doc-memory` limit measures as used, as in the worker."""
    logger = logging.getLogger("pipeline")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        prepare(Options(nlp_model=os.environ.get(WORKER_MODEL_ENV, "")))
    except Exception as e:  # a worker meets the same problem and reports it
        log.debug("forkserver not warmed: %s", e)
    finally:
        logger.setLevel(level)


def warm_up(options: Options) -> None:
    """Process WARM_UP_TEXT once, so that what the stages load on first use is loaded before any
    document's time limit starts. Best effort: whatever fails here, a real document reports."""
    try:
        with tempfile.TemporaryDirectory(prefix="pipeline-warm-up-") as folder:
            path = os.path.join(folder, "warm-up.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(WARM_UP_TEXT)
            size = len(WARM_UP_TEXT.encode())
            outcome = process_job(Job(Path(path), "warm-up.txt", "0" * 16, size), options)
    except OSError as e:  # no temporary folder: the first document pays for the loading
        log.debug("no warm-up: %s", e)
        return
    if isinstance(outcome, ErrorRow):
        log.debug("warm-up document failed: %s", outcome.message)


def serve(conn: Connection, options: Options) -> None:
    while True:
        try:
            job = conn.recv()
        except EOFError:  # the parent is gone
            return
        if job is STOP:
            return
        limit_cpu(options.timeout_for(job.size))
        outcome = process_job(job, options)
        limit_cpu(None)
        try:
            conn.send(outcome)
        except MemoryError:  # pickling the tables needed the memory
            outcome = too_large(job, options)
            conn.send(outcome)
        if isinstance(outcome, ErrorRow) and outcome.kind == "too_large":
            return  # after a MemoryError any state may be half made: the pool starts a fresh worker
