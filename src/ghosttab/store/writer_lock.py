"""One writer at a time on a SQLite file, woken the moment the previous writer is done.

SQLite's own busy handler polls with sleeps that grow to 100 ms, so under contention a
claim waits far longer than the lock is held. An exclusive `flock` on a side file (plus a
thread lock, since flock is per open file, not per thread) queues writers in the kernel
instead. SQLite's busy timeout stays as the backstop for writers outside ghosttab.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on POSIX: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]


class WriterLock:
    def __init__(self, database_path: str) -> None:
        self.path = Path(f"{database_path}-writer.lock")
        self._thread_lock = threading.Lock()
        self._fd: int | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._thread_lock:
            fd = self._open()
            if fd is None:
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._thread_lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def _open(self) -> int | None:
        if fcntl is None:
            return None
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        return self._fd
