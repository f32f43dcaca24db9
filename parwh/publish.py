"""Swap a finished build in, so that readers see the old build or the new one, never a mix."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from parwh.errors import ParwhError


class BuildBusy(ParwhError):
    """Another build holds the build lock."""


@contextlib.contextmanager
def build_lock(lock_file: Path, holder: str = "build", waits_for: tuple[str, ...] = ("ingest",)) -> Iterator[None]:
    """One writer at a time: a build, or an ingest appending to the seeds (so a build never reads a seed an ingest
    is writing, and two ingests never write over each other). `holder` says who we are; we wait for a holder in
    `waits_for` (an ingest takes a second) and refuse otherwise. The kernel drops the lock when its holder dies,
    even by SIGKILL."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid, _, other = handle.read().strip().partition(" ")
            other = other or "build"
            if other not in waits_for:
                raise BuildBusy(f"another {other} is running (pid {pid or '?'}, lock {lock_file}); wait for it to "
                                f"finish, then run the {holder} again.") from None
            print(f"waiting for the {other} running as pid {pid or '?'} to finish (lock {lock_file}) ...", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {holder}")
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
