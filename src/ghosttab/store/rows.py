"""What the store hands back: pydantic rows, never ORM objects or loose dicts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from ghosttab.lifecycle import TaskStatus, WorkerState
from ghosttab.result import TaskResult
from ghosttab.spec import Priority, TaskSpec


class ArtifactKind(StrEnum):
    SCREENSHOT = "screenshot"
    DOWNLOAD = "download"
    TRACE = "trace"
    OTHER = "other"


class SubmitReport(BaseModel):
    """Ids newly stored, and ids already there (left exactly as they were)."""

    added: list[str] = Field(default_factory=list)
    existing: list[str] = Field(default_factory=list)


class ClaimedTask(BaseModel):
    """A task a worker now holds a lease on. The spec carries no secret values, only their names."""

    spec: TaskSpec
    secret_names: list[str] = Field(default_factory=list)
    attempt: int
    lease_expires_at: datetime


class TaskRow(BaseModel):
    id: str
    status: TaskStatus
    priority: Priority
    attempts: int  # runs started, each with its own number
    handbacks: int = 0  # runs handed back at a shutdown (not counted against the retries)
    spec: dict[str, Any]
    result: TaskResult | None = None
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    batch: str | None = None
    cancel_requested: bool = False
    completed_by: str | None = None


class ArtifactRow(BaseModel):
    task_id: str
    attempt: int
    kind: ArtifactKind
    path: str
    created_at: datetime


class PathRow(BaseModel):
    """A stored path and how it has done: replays that succeeded, heals, failures."""

    key: str
    site: str
    goal_template: str
    path: dict[str, Any]
    version: int = 1
    successes: int = 0
    heals: int = 0
    failures: int = 0
    failures_in_row: int = 0
    retired: bool = False
    saved_s: float = 0.0
    created_at: datetime | None = None
    updated_at: datetime
    expires_at: datetime | None = None


class WorkerRow(BaseModel):
    id: str
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime
    info: dict[str, Any] = Field(default_factory=dict)
    stopping: bool = False
    state: WorkerState = WorkerState.LIVE


class StoreMetrics(BaseModel):
    counts: dict[TaskStatus, int]
    total_tasks: int
    steps_total: int
    avg_task_seconds: float | None = None
    tokens: int = 0
    cost_usd: float = 0.0
