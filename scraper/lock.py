"""One writer at a time: cron runs serialise on `flock` over a lock file beside the database.

The kernel drops an flock when its holder exits, however it exits (`kill -9` included), so the
lock can never go stale and nobody ever needs to delete the file.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockBusy(Exception):
    """Another run holds the lock."""


def lock_path(db: str | Path) -> Path:
    """`archive.db` -> `archive.db.lock` (a separate file: SQLite's own locks are for transactions)."""
    return Path(f"{db}.lock")


@contextmanager
def exclusive(path: str | Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the lock for the block; without `wait`, raise LockBusy at once if it is taken."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise LockBusy(f"another crawl{f' (pid {holder})' if holder else ''} holds {path}") from None
        # The holder's pid, for the message above; informational only, the flock is the lock.
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
