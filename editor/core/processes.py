"""Whether a process is still alive: to tell files left by a killed editor from a live one's."""

from __future__ import annotations

import os


def process_running(pid: int) -> bool:
    """Whether ``pid`` is a live process (someone else's counts; a zombie does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return False
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process that nobody has reaped yet still answers kill(pid, 0); it is dead."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] == "Z"
    except (OSError, IndexError):
        return False
