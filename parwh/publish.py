"""Swap a finished build in, so that readers see the old build or the new one, never a mix."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from pathlib import Path
from typing import Iterator

from parwh.errors import ParwhError


class BuildBusy(ParwhError):
    """Another build holds the build lock."""


@contextlib.contextmanager
def build_lock(lock_file: Path) -> Iterator[None]:
    """One build at a time. The kernel drops the lock when the holder dies, even by SIGKILL."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise BuildBusy(f"another build is running (pid {handle.read().strip() or '?'}, lock {lock_file}); "
                            "wait for it to finish, then run the build again.") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield


def fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish_file(built: Path, published: Path) -> None:
    """One rename. A reader holding the old file keeps reading it; a new connection opens the new one."""
    with built.open("rb") as file:
        os.fsync(file.fileno())
    published.parent.mkdir(parents=True, exist_ok=True)
    os.replace(built, published)
    fsync_directory(published.parent)


def publish_directory(built: Path, published: Path) -> None:
    """Two renames: the old folder aside, the new one in; then the old one goes.

    A build killed between the two renames leaves no folder here; the next build puts one back.
    """
    previous = published.with_name(published.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if published.exists():
        os.replace(published, previous)
    os.replace(built, published)
    fsync_directory(published.parent)
    shutil.rmtree(previous, ignore_errors=True)
