"""Tie a process's life to its parent's, so a killed build leaves nothing running (Linux)."""

from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent() -> None:
    """Have Linux SIGKILL this process when its parent dies."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def stop_with_parent(parent_pid: int) -> None:
    """die_with_parent, and stop now if the parent (`parent_pid`) already died before we asked."""
    die_with_parent()
    if os.getppid() != parent_pid:
        raise SystemExit("parwh: the process that started this build has gone; stopping.")
