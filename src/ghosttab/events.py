"""Typed event envelopes and an in-process bus that fans them out to subscribers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter

from ghosttab.errors import StructuredError
from ghosttab.lifecycle import SubtaskStatus, TabState, TaskStatus
from ghosttab.result import RecoveryVerdict, Strategy, Tier


def _now() -> datetime:
    return datetime.now(UTC)


class _Event(BaseModel):
    at: datetime = Field(default_factory=_now)
    task_id: str | None = None


class TaskStatusChanged(_Event):
    type: Literal["task.status"] = "task.status"
    status: TaskStatus
    attempt: int = 0
    error: StructuredError | None = None


class StepRecorded(_Event):
    type: Literal["task.step"] = "task.step"
    step: int
    action: str
    tier: Tier
    ok: bool
    url: str = ""
    duration_ms: float = 0.0


class TabStateChanged(_Event):
    type: Literal["tab.state"] = "tab.state"
    tab_id: str
    source: TabState
    target: TabState


class SubtaskChanged(_Event):
    type: Literal["task.subtask"] = "task.subtask"
    subtask: int
    title: str
    status: SubtaskStatus


class RecoveryAttempted(_Event):
    type: Literal["task.recovery"] = "task.recovery"
    strategy: Strategy
    error: StructuredError
    outcome: RecoveryVerdict


class BrowserEventKind(str, Enum):
    SHARD_STARTED = "shard.started"
    SHARD_LOST = "shard.lost"
    SHARD_RECYCLE = "shard.recycle"
    SHARD_START_FAILED = "shard.start_failed"
    SHARD_CLOSED = "shard.closed"
    MONITOR_ERROR = "monitor.error"
    POOL_ERROR = "pool.error"
    BUDGET_KILL_TAB = "budget.kill_tab"
    BUDGET_WARN = "budget.warn"


class BrowserEvent(_Event):
    type: Literal["browser"] = "browser"
    shard: int
    what: BrowserEventKind
    detail: str = ""


class ContextAlert(_Event):
    type: Literal["task.context_alert"] = "task.context_alert"
    tokens: int
    budget: int


Event = Annotated[
    TaskStatusChanged
    | StepRecorded
    | TabStateChanged
    | SubtaskChanged
    | RecoveryAttempted
    | BrowserEvent
    | ContextAlert,
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


class EventBus:
    """Publish never blocks: a slow subscriber loses its oldest events, not the publisher's time."""

    def __init__(self, queue_size: int = 10_000) -> None:
        self._queues: set[asyncio.Queue[Event]] = set()
        self._listeners: list[Callable[[Event], None]] = []
        self._queue_size = queue_size

    def publish(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)
        for queue in list(self._queues):
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)

    def listen(self, listener: Callable[[Event], None]) -> Callable[[], None]:
        """Call `listener` synchronously for each event; returns a function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue(self._queue_size)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)
