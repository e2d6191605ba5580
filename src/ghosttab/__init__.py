"""ghosttab: run autonomous browser tasks at fleet scale in warm, isolated headless Chromium tabs."""

from __future__ import annotations

from ghosttab.actions import Action, ActionResult, ElementLocator, ElementTarget
from ghosttab.browser import PoolConfig, Tab, TabPool, find_chromium
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.events import Event, EventBus
from ghosttab.fleet import Fleet, FleetConfig, run_tasks, run_tasks_sync
from ghosttab.lifecycle import IllegalTransition, TabState, TaskStatus
from ghosttab.navigator import Decision, HeuristicNavigator, Router, TaskMemory, Tier
from ghosttab.perception import Observation, observe
from ghosttab.result import StepRecord, TaskResult
from ghosttab.runner import RunnerConfig, TaskRunner
from ghosttab.secrets import SecretBook
from ghosttab.spec import ExtractField, Priority, SuccessSpec, TaskSpec
from ghosttab.store import Store, StoreError
from ghosttab.taskfile import RowError, TaskFile, load_tasks, write_results
from ghosttab.worker import Worker, WorkerConfig

__version__ = "0.1.0"

__all__ = [
    "Action",
    "ActionResult",
    "Decision",
    "ElementLocator",
    "ElementTarget",
    "ErrorKind",
    "ErrorSource",
    "Event",
    "EventBus",
    "ExtractField",
    "Fleet",
    "FleetConfig",
    "GhosttabError",
    "HeuristicNavigator",
    "IllegalTransition",
    "Observation",
    "PoolConfig",
    "Priority",
    "Router",
    "RowError",
    "RunnerConfig",
    "SecretBook",
    "StepRecord",
    "Store",
    "StoreError",
    "StructuredError",
    "SuccessSpec",
    "Tab",
    "TabPool",
    "TabState",
    "TaskFile",
    "TaskMemory",
    "TaskResult",
    "TaskRunner",
    "TaskSpec",
    "TaskStatus",
    "Tier",
    "Worker",
    "WorkerConfig",
    "__version__",
    "find_chromium",
    "load_tasks",
    "observe",
    "run_tasks",
    "run_tasks_sync",
    "write_results",
]
