"""ghosttab: run autonomous browser tasks at fleet scale in warm, isolated headless Chromium tabs.

What a user needs is here; everything else stays importable from its module (`ghosttab.browser`,
`ghosttab.navigator`, `ghosttab.store`, ...), as docs/ARCHITECTURE.md maps them.
"""

from __future__ import annotations

from ghosttab.client import AsyncGhost, Ghost
from ghosttab.config import FleetConfig
from ghosttab.errors import ErrorKind, GhosttabError, StructuredError
from ghosttab.fleet import Fleet, run_tasks, run_tasks_sync
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.spec import ExtractField, Priority, SuccessSpec, TaskSpec
from ghosttab.store import Store
from ghosttab.taskfile import load_tasks, write_results

__version__ = "0.1.0"

__all__ = [
    "AsyncGhost",
    "ErrorKind",
    "ExtractField",
    "Fleet",
    "FleetConfig",
    "Ghost",
    "GhosttabError",
    "Priority",
    "Store",
    "StructuredError",
    "SuccessSpec",
    "TaskResult",
    "TaskSpec",
    "TaskStatus",
    "__version__",
    "load_tasks",
    "run_tasks",
    "run_tasks_sync",
    "write_results",
]
