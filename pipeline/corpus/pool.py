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
import importlib
import logging
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from pipeline.corpus.outcome import Job, Outcome
from pipeline.errors import WorkerStartError
from pipeline.model import ErrorRow
from pipeline.settings import Options

log = logging.getLogger("pipeline")
CONTEXT = multiprocessing.get_context("forkserver")
# The worker side, imported by the forkserver (through forkserver_warm, which then warms it; and so by
# every worker) but never by this process: the run hands it to a worker by module name (`_worker_entry`).
WORKER_MODULE = "pipeline.corpus.worker"
CONTEXT.set_forkserver_preload(["pipeline.corpus.forkserver_warm"])
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


# --- in the parent -----------------------------------------------------------------------------------


def _worker_entry(*args: object) -> None:
    """A worker's start, in the worker: `worker.worker_main`, found by name. The forkserver has
    imported that module already; naming it here keeps spaCy and the stages out of this process
    (an import statement would load them here, about 2 CPU s a run for nothing)."""
    importlib.import_module(WORKER_MODULE).worker_main(*args)


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
            target=_worker_entry,
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
