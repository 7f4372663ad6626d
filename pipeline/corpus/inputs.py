"""The files of a raw folder, walked so that no name, link or permission can break or fool the run.

Every entry under the raw folder becomes an input or an `errors` row, never silence: a folder
the run may not read (`unreadable`), a symbolic link whose target lies outside the raw folder
(`outside`: refused, so that `raw/x.txt -> /etc/passwd` is never read and stored), a link to
nothing (`broken_link`), a link that leads back into itself or to a folder above it
(`link_loop`), a pipe, socket or device (`unsupported`). A link inside the raw folder is read
through its resolved target, so a link swapped after the walk cannot lead the reader out.
Hidden names, DVC files and the usual folder clutter are skipped, as before.

File names are whatever bytes the file system holds. Python gives undecodable bytes as lone
surrogates (`os.fsdecode`, surrogateescape), which no Parquet or JSON writer accepts; the
name stored in the tables and logs is `display_name`: the bytes decoded as UTF-8 with the
undecodable ones and control characters escaped (`caf\\xe9.txt`), while the file is opened by
its real path.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model import ErrorRow

IGNORED_NAMES = {".gitignore", ".gitkeep", ".DS_Store", "README.md", "Thumbs.db"}
IGNORED_SUFFIXES = {".dvc"}
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]}


def display_name(relative: str) -> str:
    """A file name as it is stored and logged: valid UTF-8 on one line, undecodable bytes escaped."""
    raw = os.fsencode(relative)
    return raw.decode("utf-8", "backslashreplace").translate(_CONTROL)


@dataclass(frozen=True)
class Input:
    """A regular file to read: the path to open (inside the raw folder) and its stored name."""

    path: Path
    name: str


@dataclass
class Scan:
    inputs: list[Input] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)

    def refuse(self, relative: str, kind: str, reason: str) -> None:
        name = display_name(relative)
        self.errors.append(ErrorRow(name, kind, f"{name}: {reason}"))


def is_skipped(name: str) -> bool:
    return name.startswith(".") or name in IGNORED_NAMES or os.path.splitext(name)[1] in IGNORED_SUFFIXES


def is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def scan_inputs(raw: Path) -> Scan:
    """Every file under `raw` as an Input, and a row for every entry that cannot be one."""
    root = os.path.realpath(raw)
    scan = Scan()
    top = os.stat(root)
    walk(scan, root, root, "", frozenset({(top.st_dev, top.st_ino)}))
    scan.inputs.sort(key=lambda i: Path(i.name).parts)
    return scan


def walk(scan: Scan, root: str, folder: str, prefix: str, above: frozenset[tuple[int, int]]) -> None:
    """Walk `folder` (a real path inside `root`); `above` holds the (device, inode) of it and its parents."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as e:
        scan.refuse(prefix or ".", "unreadable", f"the folder cannot be read ({e.strerror})")
        return
    for entry in entries:
        if is_skipped(entry.name):
            continue
        relative = prefix + entry.name
        try:
            if entry.is_symlink():
                follow_link(scan, root, entry.path, relative, above)
            elif entry.is_dir(follow_symlinks=False):
                enter(scan, root, entry.path, relative, above)
            else:
                add_file(scan, entry.path, relative, entry.stat(follow_symlinks=False))
        except OSError as e:  # the entry vanished or changed while we looked at it
            scan.refuse(relative, "unreadable", f"cannot be read ({e.strerror or e})")


def enter(scan: Scan, root: str, folder: str, relative: str, above: frozenset[tuple[int, int]]) -> None:
    info = os.stat(folder)
    key = (info.st_dev, info.st_ino)
    if key in above:
        scan.refuse(relative, "link_loop", "a link to a folder that contains it (a loop); not followed")
        return
    walk(scan, root, folder, relative + "/", above | {key})


def follow_link(scan: Scan, root: str, link: str, relative: str, above: frozenset[tuple[int, int]]) -> None:
    """Read a link through its target when the target is inside the raw folder."""
    try:
        target = os.path.realpath(link, strict=True)
    except OSError as e:
        if e.errno == errno.ELOOP:
            scan.refuse(relative, "link_loop", "a symbolic link that leads back into itself")
        elif e.errno in {errno.ENOENT, errno.ENOTDIR}:
            scan.refuse(relative, "broken_link", f"a symbolic link to nothing ({os.readlink(link)})")
        else:
            scan.refuse(relative, "unreadable", f"the link's target cannot be reached ({e.strerror})")
        return
    if not is_within(target, root):
        scan.refuse(relative, "outside", f"a symbolic link out of the raw folder (to {target}); not read")
        return
    info = os.stat(target)
    if stat.S_ISDIR(info.st_mode):
        enter(scan, root, target, relative, above)
    else:
        add_file(scan, target, relative, info)


def add_file(scan: Scan, path: str, relative: str, info: os.stat_result) -> None:
    if stat.S_ISREG(info.st_mode):
        scan.inputs.append(Input(Path(path), display_name(relative)))
    else:
        scan.refuse(relative, "unsupported", "not a regular file (a pipe, socket or device)")
