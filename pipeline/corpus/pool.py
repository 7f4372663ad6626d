"""Worker processes that no document can take down with the run: time and memory limits per document.

Every document runs in a worker process, with `--jobs 1` too, so that a document can be stopped.
Each worker has its own pipe and holds at most one document at a time, so the supervisor always
knows exactly which document a worker was on:

- a document over its time limit (`Options.timeout_for`, CPU seconds: `RLIMIT_CPU`, so the
  kernel stops it even inside native code, and a busy machine does not make it time out)
  becomes a `timeout` row; so does one that hangs without using CPU (a blocked read) for
  `WALL_FACTOR` times that limit in wall-clock time, which the parent measures and ends with
  SIGKILL; a new worker takes the next document;
- each worker limits its own address space (`resource.setrlimit(RLIMIT_AS)`, `--doc-memory`):
  a document over it raises MemoryError there and becomes a `too_large` row, and that worker is
  replaced, since a MemoryError can leave any state behind;
- a worker that dies (killed from outside, the kernel's OOM killer, a crash in native code)
  costs only its own document, an `internal` row naming it; the other workers go on untouched
  and a new worker is started.

Why not `concurrent.futures.ProcessPoolExecutor` (what the runner used before) or a library:
the executor has no per-task time limit, and one dead worker breaks the whole pool
(`BrokenProcessPool`) without saying which task killed it; loky behaves the same way. Pebble has
time limits and names the task, but all workers share one result channel guarded by a lock, and
a worker killed while holding it (the OOM killer, SIGKILL) can stall the pool for good (pebble's
issues 97 and 163). A pipe per worker has no shared state for a dying worker to break.

Workers are forked from a `forkserver` process that has imported the pipeline once, built the
spaCy pipeline and processed the warm-up text (`pipeline.corpus.forkserver_warm`): a new worker
starts warm in milliseconds, sharing those pages copy-on-write, with nothing of the parent's
threads or locks (pyarrow, tqdm), which plain `fork` cannot promise. Building and warming in each
worker instead cost about 4 CPU s per worker, more than a 50-page PDF takes.

Workers ignore SIGINT, SIGTERM and SIGHUP (a Ctrl-C reaches the whole process group): the
parent alone decides, and kills them when it stops; on Linux the
kernel kills a worker whose parent died (`PR_SET_PDEATHSIG`), so none outlives a run.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import logging
import math
import multiprocessing
import os
import resource
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyarrow as pa

from pipeline.corpus.jobs import DocumentResult, Job, process_job, too_large
from pipeline.errors import WorkerStartError
from pipeline.model import ErrorRow
from pipeline.nlp.build import build_nlp, warn_if_unavailable
from pipeline.settings import MB, Options, configure_logging

log = logging.getLogger("pipeline")
CONTEXT = multiprocessing.get_context("forkserver")
CONTEXT.set_forkserver_preload([__name__, "pipeline.corpus.forkserver_warm"])
# the spaCy model the forkserver builds before it forks workers: the first pool's (a later pool
# with another model builds its own in each worker)
WORKER_MODEL_ENV = "PIPELINE_WORKER_MODEL"
READY = "ready"
STOP = None
START_SECONDS = 300.0  # a worker that is not ready by then (imports, model loading) will not be
START_ATTEMPTS = 3  # workers in a row that die before they are ready: the run cannot go on
STOP_GRACE_SECONDS = 10.0  # an idle worker asked to stop exits at once; this only bounds the wait
MAX_WAIT_SECONDS = 5.0
# A document still running after this many times its CPU limit in wall-clock time (and at least
# WALL_MIN_SECONDS) hangs without using CPU. Generous: on a shared machine a worker may get a tenth
# of a core.
WALL_FACTOR = 10
WALL_MIN_SECONDS = 60.0
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
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
Outcome = DocumentResult | ErrorRow
# Numerical libraries start a thread per core at import (OpenBLAS: up to 64), each with its own
# stack and buffers: on a many-core machine gigabytes of address space, all counted by RLIMIT_AS,
# for threads a worker never needs (parallelism is across workers). Arrow's bundled jemalloc starts
# a background purging thread when pyarrow is loaded: without it the forkserver has one thread
# when it forks, as fork wants (workers allocate through the system allocator anyway). Set for
# the forkserver, which imports them, unless the user set them.
SINGLE_THREAD_ENVIRONMENT = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "JE_ARROW_MALLOC_CONF": "background_thread:false",
}
_STARTED: set[BaseProcess] = set()  # workers not yet reaped: killed at exit if a pool could not stop them


@dataclass(frozen=True)
class StartFailed:
    """A worker's message that it cannot start, with the reason."""

    reason: str


# --- in the worker process ---------------------------------------------------------------------------


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
    # Arrow's default allocator (mimalloc) reserves about 1 GB of address space on first use, which
    # RLIMIT_AS counts as if it were used: with the system allocator the limit measures real need.
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        build_nlp(options.nlp_model or None)  # loaded before any document's clock starts
        warm_up(options)
        limit_address_space(options.doc_memory)
    except Exception as e:
        conn.send(StartFailed(str(e) or type(e).__name__))
        return
    conn.send(READY)
    serve(conn, options)


def warm_forkserver() -> None:
    """In the forkserver, before any worker is forked: build the spaCy pipeline of the model the
    pool named (`WORKER_MODEL_ENV`) and process the warm-up text, silently and at best effort (a
    worker builds what is missing). Arrow's system allocator first, as in the workers, so that
    what the warm-up allocates is memory a worker's `--doc-memory` limit measures as used."""
    pa.set_memory_pool(pa.system_memory_pool())
    logger = logging.getLogger("pipeline")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        options = Options(nlp_model=os.environ.get(WORKER_MODEL_ENV, ""))
        build_nlp(options.nlp_model or None)
        warm_up(options)
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


# --- in the parent -----------------------------------------------------------------------------------


@dataclass
class Worker:
    process: BaseProcess
    conn: Connection
    started: float
    ready: bool = False
    job: Job | None = None
    deadline: float = float("inf")
    retiring: bool = False

    @property
    def idle(self) -> bool:
        return self.ready and self.job is None and not self.retiring


def describe_exit(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        if -exitcode == signal.SIGKILL:
            return f"was killed ({name}: the system ran out of memory, or someone stopped it)"
        return f"was killed by {name}"
    return f"ended with exit status {exitcode}"


class WorkerPool:
    """Up to `size` worker processes; `results(jobs)` yields each job with its outcome as it finishes.

    Use it as a context manager: leaving the block stops every worker (kills them when an
    exception, such as a signal, ended the block), so no worker outlives the run."""

    def __init__(self, options: Options, size: int) -> None:
        self.options = options
        self.size = max(1, size)
        self.workers: list[Worker] = []
        self.started = 0
        self.failed_starts = 0
        self.log_level = logging.getLogger("pipeline").getEffectiveLevel()
        for name, value in SINGLE_THREAD_ENVIRONMENT.items():  # before the forkserver starts
            os.environ.setdefault(name, value)
        os.environ.setdefault(WORKER_MODEL_ENV, options.nlp_model)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close(kill=exc_type is not None)

    # -- the loop

    def results(self, jobs: Sequence[Job]) -> Iterator[tuple[Job, Outcome]]:
        waiting = deque(jobs)
        while waiting or any(w.job for w in self.workers):
            self.staff(len(waiting) + sum(1 for w in self.workers if w.job))
            self.dispatch(waiting)
            wait(self.waitables(), timeout=self.seconds_to_next_event())
            for worker in list(self.workers):
                finished = self.check(worker, waiting)
                if finished is not None:
                    yield finished

    def staff(self, wanted: int) -> None:
        """Start workers until there are as many as there is work for, at most `size`."""
        working = [w for w in self.workers if not w.retiring]
        for _ in range(min(self.size, wanted) - len(working)):
            self.start_worker()

    def start_worker(self) -> None:
        parent_end, child_end = CONTEXT.Pipe(duplex=True)
        process = CONTEXT.Process(
            target=worker_main,
            args=(child_end, self.options, self.log_level, self.started > 0),
            name="pipeline-worker",
            daemon=True,
        )
        try:
            process.start()
        except OSError as e:  # no forkserver (an interpreter this user may not run, no temp folder)
            parent_end.close()
            raise WorkerStartError(f"cannot start a worker process ({e.strerror or e})") from e
        finally:
            child_end.close()
        _STARTED.add(process)
        self.started += 1
        self.workers.append(Worker(process, parent_end, time.monotonic()))

    def dispatch(self, waiting: deque[Job]) -> None:
        for worker in self.workers:
            if not waiting:
                return
            if worker.idle:
                job = waiting.popleft()
                try:
                    worker.conn.send(job)
                except OSError:  # died while idle: the job never started
                    waiting.appendleft(job)
                    worker.retiring = True
                    continue
                worker.job = job
                worker.deadline = time.monotonic() + self.wall_limit(job)

    def wall_limit(self, job: Job) -> float:
        return max(WALL_FACTOR * self.options.timeout_for(job.size), WALL_MIN_SECONDS)

    def waitables(self) -> list[object]:
        return [obj for w in self.workers for obj in (w.conn, w.process.sentinel)]

    def seconds_to_next_event(self) -> float:
        now = time.monotonic()
        events = [w.deadline for w in self.workers if w.job] + [
            w.started + START_SECONDS for w in self.workers if not w.ready
        ]
        return max(0.0, min([MAX_WAIT_SECONDS + now, *events]) - now)

    # -- what happened to one worker

    def check(self, worker: Worker, waiting: deque[Job]) -> tuple[Job, Outcome] | None:
        if worker.conn.poll():
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                return self.died(worker)
            return self.received(worker, message)
        if worker.process.exitcode is not None:
            return self.died(worker)
        now = time.monotonic()
        if worker.job and now > worker.deadline:
            return self.timed_out(worker)
        if not worker.ready and now > worker.started + START_SECONDS:
            raise WorkerStartError(f"a worker process did not start within {START_SECONDS:.0f} s")
        return None

    def received(self, worker: Worker, message: object) -> tuple[Job, Outcome] | None:
        if isinstance(message, StartFailed):
            raise WorkerStartError(f"a worker process cannot start: {message.reason}")
        if message == READY:
            worker.ready = True
            self.failed_starts = 0
            return None
        job, worker.job, worker.deadline = worker.job, None, float("inf")
        if job is None:
            return None
        if isinstance(message, ErrorRow) and message.kind == "too_large":
            worker.retiring = True  # it exits by itself; a fresh worker takes its place
        return job, message  # type: ignore[return-value]

    def died(self, worker: Worker) -> tuple[Job, Outcome] | None:
        self.remove(worker, kill=True)
        job = worker.job
        if job is not None and worker.process.exitcode == -signal.SIGXCPU:
            return job, self.timeout_row(job, hung=False)
        if job is not None:
            how = describe_exit(worker.process.exitcode)
            message = f"{job.source_file}: the worker process {how} while processing this document"
            if worker.process.exitcode == -signal.SIGABRT and self.options.doc_memory:
                message += (
                    f" (a PDF library aborts this way when it runs out of memory: the limit is "
                    f"{self.options.doc_memory} MB, --doc-memory)"
                )
            return job, ErrorRow(job.source_file, "internal", message)
        if not worker.ready and not worker.retiring:
            self.failed_starts += 1
            if self.failed_starts >= START_ATTEMPTS:
                raise WorkerStartError(
                    f"worker processes end before they are ready: {describe_exit(worker.process.exitcode)}"
                )
        return None

    def timed_out(self, worker: Worker) -> tuple[Job, Outcome]:
        job = worker.job
        assert job is not None
        self.remove(worker, kill=True)
        return job, self.timeout_row(job, hung=True)

    def timeout_row(self, job: Job, hung: bool) -> ErrorRow:
        """A `timeout` row: over the CPU limit, or (`hung`) running WALL_FACTOR times as long in wall time."""
        limit = f"{self.options.timeout_for(job.size):g} CPU seconds"
        source = (
            "--doc-timeout"
            if self.options.doc_timeout
            else "scaled to the file's size; --doc-timeout sets it"
        )
        if hung:
            wall = f"{self.wall_limit(job):.0f} s"
            message = f"{job.source_file}: still running after {wall}, far beyond its time limit of {limit} "
        else:
            message = f"{job.source_file}: took more than its time limit of {limit} "
        return ErrorRow(job.source_file, "timeout", f"{message}({source}); stopped")

    # -- stopping

    def remove(self, worker: Worker, kill: bool) -> None:
        if kill and worker.process.exitcode is None:
            worker.process.kill()
        worker.process.join(STOP_GRACE_SECONDS)
        if worker.process.exitcode is None:
            worker.process.kill()
            worker.process.join(STOP_GRACE_SECONDS)
        if worker.process.exitcode is not None:
            _STARTED.discard(worker.process)
        worker.conn.close()
        if worker in self.workers:
            self.workers.remove(worker)

    def close(self, kill: bool = False) -> None:
        """Stop every worker: ask idle ones to exit, or kill them all at once (`kill`)."""
        workers, self.workers = self.workers, []
        for worker in workers:
            if kill or worker.job is not None:
                worker.process.kill()
            else:
                with contextlib.suppress(OSError):  # already gone
                    worker.conn.send(STOP)
        for worker in workers:
            self.remove(worker, kill=False)


@atexit.register  # runs before multiprocessing's own exit handler, which would wait for them
def kill_leftover_workers() -> None:
    for process in list(_STARTED):
        with contextlib.suppress(OSError, ValueError):
            if process.exitcode is None:
                process.kill()


def pool_size(options: Options, n_jobs: int) -> int:
    wanted = options.jobs or (os.cpu_count() or 1)
    return max(1, min(wanted, n_jobs))
