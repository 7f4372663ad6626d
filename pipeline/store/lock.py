"""One run per out folder: an exclusive `flock` on `OUT/.pipeline.lock`.

The lock is held for the whole run and released by the kernel when the process ends in any
way (even SIGKILL), so a crashed run never leaves a stale lock. The file holds the pid of the
run that holds it, for the message of a run that finds it busy; it is emptied (not removed:
removing a lock file lets two later runs lock two different files) when the run ends. Worker
processes do not inherit it: Python opens files close-on-exec, and the workers are forked
from a server process that never held it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import OutFolderBusyError
from pipeline.files import writing

LOCK_FILE = ".pipeline.lock"


def holder_pid(fd: int) -> str:
    """The pid the holding run wrote, or `unknown` when it has not written it yet."""
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    return text if text.isdigit() else "unknown"


@contextmanager
def out_folder_lock(out: Path) -> Iterator[None]:
    """Hold the out folder (created if needed) for this process; OutFolderBusyError if another run has it."""
    path = out / LOCK_FILE
    with writing(out):
        out.mkdir(parents=True, exist_ok=True)
    with writing(path):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutFolderBusyError(
                f"{out} is in use by another run (pid {holder_pid(fd)}); wait for it to end or stop it"
            ) from None
        with writing(path):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            # the lock goes with the descriptor; an unwritable lock file is not worth a second error
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)
