"""How a task's run ends early: an outcome it reached (cancelled, failed, needs review) or a crash."""

from __future__ import annotations

from ghosttab.errors import GhosttabError, StructuredError
from ghosttab.lifecycle import TaskStatus


class TaskCrashed(GhosttabError):
    """The tab or its browser died under the task; the worker retries on a fresh context."""


class Outcome(Exception):
    """Raised inside a run to end it with `status` (and `error`), caught where the result is built."""

    def __init__(self, status: TaskStatus, error: StructuredError | None = None) -> None:
        super().__init__(status.value)
        self.status = status
        self.error = error
