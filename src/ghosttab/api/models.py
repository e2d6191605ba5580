"""Request and response bodies of the REST API (pydantic; the OpenAPI schema is built from them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import StepRecord, TaskResult
from ghosttab.spec import Priority
from ghosttab.store.rows import ArtifactKind, TaskRow


class SubmitResponse(BaseModel):
    ids: list[str] = Field(description="every submitted id, in the order given")
    added: list[str]
    existing: list[str] = Field(description="ids already stored, left as they were")
    errors: list[RowProblem] = Field(default_factory=list, description="rows of an upload that were refused")


class RowProblem(BaseModel):
    row: int
    field: str
    message: str


class TaskOut(BaseModel):
    """A task as the API shows it: its spec with secrets by name only, never their values."""

    id: str
    status: TaskStatus
    priority: Priority
    goal: str
    start_url: str
    batch: str | None = None
    attempts: int
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    chain_id: str | None = None
    secret_names: list[str] = Field(default_factory=list)
    cancel_requested: bool = False
    result: TaskResult | None = None
    spec: dict[str, Any]

    @classmethod
    def of(cls, row: TaskRow) -> TaskOut:
        spec = row.spec
        return cls(
            id=row.id, status=row.status, priority=row.priority, goal=str(spec.get("goal", "")),
            start_url=str(spec.get("start_url", "")), batch=row.batch, attempts=row.attempts,
            created_at=row.created_at, started_at=row.started_at, finished_at=row.finished_at,
            metadata=dict(spec.get("metadata") or {}), chain_id=spec.get("chain_id"),
            secret_names=list(spec.get("secret_names") or []), cancel_requested=row.cancel_requested,
            result=row.result, spec=spec,
        )  # fmt: skip


class TaskPage(BaseModel):
    tasks: list[TaskOut]
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page; null at the end")


class StepsOut(BaseModel):
    task_id: str
    steps: list[StepRecord]


class ArtifactOut(BaseModel):
    id: int = Field(description="index of the artifact in this task's list; its file is /files/{id}")
    kind: ArtifactKind
    attempt: int
    name: str
    url: str
    created_at: datetime


class ArtifactsOut(BaseModel):
    task_id: str
    artifacts: list[ArtifactOut]


class ControlResponse(BaseModel):
    id: str
    status: TaskStatus
    done: bool = Field(description="whether the action took effect")


class ReviewAction(BaseModel):
    note: str | None = Field(None, max_length=2000)
    value: dict[str, str] | None = Field(None, description="the resolved value (resolve only)")


class WorkerOut(BaseModel):
    id: str
    host: str
    pid: int
    heartbeat_at: datetime


class QueueOut(BaseModel):
    running: int
    queued: int
    paused: int
    queued_by_priority: dict[str, int]
    queue_limit: int
    workers: list[WorkerOut]
    pressure: bool
    reason: str


class MetricsOut(BaseModel):
    window_s: float
    finished: int
    succeeded: int
    success_rate: float | None
    failure_reasons: dict[str, int]
    p50_seconds: float | None
    p95_seconds: float | None
    throughput_per_min: float
    cache_hit_rate: float | None
    tokens: int
    cost_usd: float
    counts: dict[str, int]


class HealthOut(BaseModel):
    ok: bool
    version: str
    dialect: str


SubmitResponse.model_rebuild()
