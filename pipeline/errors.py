"""Catalogued per-document errors (CONTRACT: the `errors` table), and the errors of a run as a whole.

A reader raises `DocumentError(kind, message)`; the runner turns it into one
log line naming the file and one `errors` row, and goes on with the other
documents. `kind` is one of `ERROR_KINDS`; README "Bad input" describes each one
(tests/test_hostile_run.py keeps the two in step).

A `RunError` stops the run itself (an out folder it cannot write, another run holding
it, a damaged table): the command line prints it as one line and exits with status 2.
`RunInterrupted` is a signal turned into an exception, so that the runner can stop its
workers and keep what is stored; it is a BaseException, like KeyboardInterrupt, so that
no `except Exception` swallows it.
"""

from __future__ import annotations

import signal
from pathlib import Path

ERROR_KINDS: dict[str, str] = {
    "empty": "zero bytes, or no text at all after reading",
    "corrupt": "a file that cannot be parsed (truncated or junk PDF, bad HTML, structure nested without end)",
    "encrypted": "a password-protected PDF",
    "no_text_layer": "a scanned PDF: pages but no extractable text",
    "encoding": "a text file whose encoding cannot be determined",
    "language": "readable, but not a Dutch document",
    "unsupported": "an extension the pipeline does not read, or not a regular file (a pipe, a device)",
    "duplicate": "the same bytes as another file of the run (one doc_id, reported once)",
    "unreadable": "a file or folder the run may not read, or a file that vanished during the run",
    "outside": "a symbolic link to a file or folder outside the raw folder (refused, not read)",
    "broken_link": "a symbolic link whose target does not exist",
    "link_loop": "a symbolic link that leads back into itself or to a folder above it",
    "timeout": "a document that took longer than its time limit (--doc-timeout)",
    "too_large": "a document that needed more memory than a worker may use (--doc-memory)",
    "internal": "a bug in the pipeline on this document, or a worker process that died on it "
    "(reported, not hidden)",
}


class DocumentError(Exception):
    """A document that cannot be processed, with a kind from `ERROR_KINDS`."""

    def __init__(self, kind: str, message: str) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class RunError(Exception):
    """The run as a whole cannot go on; its message is one line naming the path or the cause."""


class OutputError(RunError):
    """A file or folder of the out folder that cannot be written, removed or created."""

    def __init__(self, path: Path | str, error: OSError) -> None:
        reason = error.strerror or str(error) or type(error).__name__
        super().__init__(f"cannot write {path}: {reason}")
        self.path = Path(path)
        self.errno = error.errno


class DamagedTableError(RunError):
    """A stored Parquet file that does not read (truncated or overwritten)."""

    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(
            f"damaged table file {path} (it does not read as Parquet: {detail}); "
            "run `python -m pipeline run` to re-make it"
        )
        self.path = Path(path)


class OutFolderBusyError(RunError):
    """Another run holds the out folder's lock."""


class WorkerStartError(RunError):
    """The worker processes cannot start (for example a memory limit below their start-up size)."""


class RunInterrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP received: stop the workers, keep what is stored, exit 128 + signal."""

    def __init__(self, signum: int, done: int = 0, total: int = 0) -> None:
        super().__init__(signum)
        self.signum = signum
        self.done = done
        self.total = total

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_status(self) -> int:
        return 128 + self.signum
