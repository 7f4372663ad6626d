"""Durable file writes (the out folder's tables, the cache), and OSErrors turned into one clear
line naming the path.

A file is written under a dot-name unique to this process and write, flushed to disk (fsync),
renamed over its real name and the rename flushed too: a crash, a power cut or a second process
never leaves half a file under a real name, and two writers never share a temp file.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import OutputError


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an OSError of the block (a full disk, a read-only folder) into an OutputError naming `path`."""
    try:
        yield
    except OSError as e:
        raise OutputError(path, e) from e


def temp_name(path: Path) -> Path:
    """A dot-name beside `path` that no other process or write shares."""
    return path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(write: Callable[[BinaryIO], object], path: Path) -> None:
    """Write a temp file with `write(file)`, flush it to disk, rename it to `path`, flush the folder."""
    tmp = temp_name(path)
    with writing(path):
        try:
            with open(tmp, "wb") as f:
                write(f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
            sync_folder(path.parent)
        finally:
            tmp.unlink(missing_ok=True)
