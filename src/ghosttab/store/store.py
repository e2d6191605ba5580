"""The Store: ghosttab's durable queue and record, on a SQLite file or PostgreSQL.

Every public method is async and runs its blocking database work in a thread
(`asyncio.to_thread`), so a worker's event loop never waits on the database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import RecoveryRecord, RecoveryVerdict, StepRecord, TaskResult
from ghosttab.spec import Priority, TaskSpec
from ghosttab.store import (
    control_ops,
    event_ops,
    live_ops,
    query_ops,
    queue_ops,
    record_ops,
    review_ops,
    series_ops,
    state_ops,
)
from ghosttab.store.connect import open_database
from ghosttab.store.database import Database
from ghosttab.store.event_ops import DeliveryRow, EventType, StoredEvent
from ghosttab.store.live_ops import LiveFrame
from ghosttab.store.query_ops import TaskFilter
from ghosttab.store.review_ops import Review
from ghosttab.store.rows import (
    ArtifactKind,
    ArtifactRow,
    ClaimedTask,
    PathRow,
    StoreMetrics,
    SubmitReport,
    TaskRow,
    WorkerRow,
)
from ghosttab.store.series_ops import MetricSeries
from ghosttab.store.telemetry_ops import Telemetry, telemetry

P = ParamSpec("P")
R = TypeVar("R")
DEAD_AFTER_S = 30.0  # a worker without a heartbeat this long is dead (it beats every few seconds)


class Store:
    """Open with `Store.open(url)`; `url` is a SQLite file path, sqlite:///… or postgresql://…."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating a SQLite file and its folders if needed) and migrate to the latest schema.
        Raises StoreError for an unsupported URL, a bad path or an unreachable server."""
        return cls(open_database(url))

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._db.dialect

    def close(self) -> None:
        self._db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    async def _run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        return await asyncio.to_thread(fn, *args, **kwargs)

    # Queue ---------------------------------------------------------------------------------

    async def submit(self, specs: list[TaskSpec], batch: str | None = None) -> SubmitReport:
        """Store tasks as QUEUED. Idempotent by id: a stored id is left as it is."""
        return await self._run(queue_ops.submit, self._db, specs, batch)

    async def _emit(self, kind: EventType, rows: list[tuple[str | None, dict[str, Any]]]) -> None:
        await self._run(event_ops.append, self._db, kind, rows)

    async def _status_event(self, task_id: str, status: TaskStatus, **extra: Any) -> None:
        await self._emit(EventType.TASK_STATUS, [(task_id, {"status": status.value, **extra})])

    async def events_since(
        self, after_id: int, limit: int = 500, task_id: str | None = None
    ) -> list[StoredEvent]:
        """Events written after `after_id`, oldest first: what any worker on this database did."""
        return await self._run(event_ops.since, self._db, after_id, limit, task_id)

    async def claim(
        self, worker_id: str, lease_s: float = 30.0, limit: int = 1, pathfinders: bool = False
    ) -> list[ClaimedTask]:
        """Lease up to `limit` tasks, highest priority first then FIFO; lapsed leases are taken over.

        `pathfinders` holds back the tasks of a shape with no path while one of them finds the way.
        """
        return await self._run(queue_ops.claim, self._db, worker_id, lease_s, limit, pathfinders)

    async def heartbeat(self, worker_id: str, task_ids: list[str], lease_s: float) -> set[str]:
        """Renew this worker's leases; return the ids it has lost."""
        return await self._run(queue_ops.heartbeat, self._db, worker_id, task_ids, lease_s)

    async def complete(self, task_id: str, worker_id: str, result: TaskResult) -> bool:
        """Record a final result; False if this worker no longer holds the lease."""
        return await self._run(queue_ops.complete, self._db, task_id, worker_id, result)

    async def committed_step(self, task_id: str) -> StepRecord | None:
        """The task's last step that committed a side effect, in any attempt, or None."""
        committed = [step for step in await self.steps(task_id) if step.committed]
        return committed[-1] if committed else None

    async def next_attempt(self, task_id: str, worker_id: str) -> int | None:
        """Number a new run (a retry on a fresh tab) of a task this worker holds."""
        return await self._run(queue_ops.next_attempt, self._db, task_id, worker_id)

    async def release(self, task_id: str, worker_id: str) -> bool:
        """Hand a RUNNING task back to the queue; counted as a hand-back, not a retry."""
        return await self._run(queue_ops.release, self._db, task_id, worker_id)

    async def requeue_expired(self) -> int:
        """RUNNING tasks whose lease lapsed -> QUEUED; returns how many."""
        return await self._run(queue_ops.requeue_expired, self._db)

    # Task control --------------------------------------------------------------------------

    async def pause(self, task_ids: list[str] | None = None) -> int:
        moved = await self._run(control_ops.pause, self._db, task_ids)
        if moved and task_ids is not None and len(task_ids) == 1:
            await self._status_event(task_ids[0], TaskStatus.PAUSED)
        return moved

    async def resume(self, task_ids: list[str] | None = None) -> int:
        moved = await self._run(control_ops.resume, self._db, task_ids)
        if moved and task_ids is not None and len(task_ids) == 1:
            await self._status_event(task_ids[0], TaskStatus.QUEUED)
        return moved

    async def cancel(self, task_id: str) -> bool:
        done = await self._run(control_ops.cancel, self._db, task_id)
        row = await self.get_task(task_id) if done else None
        if row is not None and row.status is TaskStatus.CANCELLED:
            await self._status_event(task_id, TaskStatus.CANCELLED)
        return done

    async def cancel_requested(self, task_ids: list[str]) -> set[str]:
        return await self._run(control_ops.cancel_requested, self._db, task_ids)

    async def retry(self, task_id: str) -> bool:
        done = await self._run(control_ops.retry, self._db, task_id)
        if done:
            await self._status_event(task_id, TaskStatus.QUEUED, retried=True)
        return done

    # Steps, artifacts, recoveries ----------------------------------------------------------

    async def record_step(self, step: StepRecord) -> None:
        await self._run(record_ops.record_step, self._db, step)

    async def record_artifact(self, task_id: str, attempt: int, kind: ArtifactKind | str, path: str) -> None:
        await self._run(record_ops.record_artifact, self._db, task_id, attempt, kind, path)

    async def record_recovery(self, record: RecoveryRecord) -> None:
        await self._run(record_ops.record_recovery, self._db, record)

    async def steps(self, task_id: str) -> list[StepRecord]:
        return await self._run(record_ops.steps, self._db, task_id)

    async def artifacts(self, task_id: str) -> list[ArtifactRow]:
        return await self._run(record_ops.artifacts, self._db, task_id)

    async def recovery_verdicts(self, since: datetime | None = None) -> dict[RecoveryVerdict, int]:
        return await self._run(record_ops.recovery_verdicts, self._db, since)

    async def recoveries(self, task_id: str) -> list[RecoveryRecord]:
        return await self._run(record_ops.recoveries, self._db, task_id)

    # Queries -------------------------------------------------------------------------------

    async def get_task(self, task_id: str) -> TaskRow | None:
        return await self._run(query_ops.get_task, self._db, task_id)

    async def list_tasks(
        self, status: TaskStatus | None = None, batch: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[TaskRow]:
        return await self._run(query_ops.list_tasks, self._db, status, batch, limit, offset)

    async def page_tasks(
        self, where: TaskFilter, after_seq: int = 0, limit: int = 50
    ) -> tuple[list[TaskRow], int | None]:
        """A page of tasks matching `where` after a cursor, and the next page's cursor (None at the end)."""
        return await self._run(query_ops.page_tasks, self._db, where, after_seq, limit)

    async def counts(self) -> dict[TaskStatus, int]:
        return await self._run(query_ops.counts, self._db)

    async def count_in(self, statuses: list[TaskStatus]) -> int:
        return await self._run(query_ops.count_in, self._db, statuses)

    async def counts_by_priority(self, status: TaskStatus = TaskStatus.QUEUED) -> dict[Priority, int]:
        return await self._run(query_ops.counts_by_priority, self._db, status)

    async def results(
        self, batch: str | None = None, ids: list[str] | None = None, since: datetime | None = None
    ) -> list[TaskResult]:
        return await self._run(query_ops.results, self._db, batch, ids, since)

    async def last_event_id(self) -> int:
        return await self._run(event_ops.last_event_id, self._db)

    async def record_delivery(self, row: DeliveryRow) -> None:
        await self._run(event_ops.record_delivery, self._db, row)

    async def deliveries(self, task_id: str) -> list[DeliveryRow]:
        """Every attempt to deliver this task's result to its webhook, oldest first."""
        return await self._run(event_ops.deliveries, self._db, task_id)

    async def telemetry(self) -> Telemetry:
        """Aggregates for Prometheus: tasks by status, step durations, tiers, retries, crashes, cache."""
        return await self._run(telemetry, self._db)

    async def metrics(self) -> StoreMetrics:
        return await self._run(query_ops.metrics, self._db)

    # Review and live view --------------------------------------------------------------------

    async def review(self, task_id: str, decision: Review) -> TaskStatus | None:
        """Retry, resolve or cancel a NEEDS_REVIEW task; its new status, or None when it was not
        waiting for review."""
        return await self._run(review_ops.review, self._db, task_id, decision)

    async def live_frame(self, task_id: str) -> LiveFrame | None:
        return await self._run(live_ops.latest, self._db, task_id)

    async def ask_live(self, task_id: str) -> None:
        """A viewer watches the task: its worker takes frames for the next while."""
        await self._run(live_ops.ask, self._db, task_id)

    async def live_watched(self, task_ids: list[str], within_s: float) -> set[str]:
        return await self._run(live_ops.watched, self._db, task_ids, within_s)

    async def put_live_frame(self, task_id: str, frame: bytes) -> None:
        await self._run(live_ops.put, self._db, task_id, frame)

    async def drop_live(self, task_ids: list[str] | None = None) -> int:
        """Forget these tasks' live frames, or (None) those of every ended task."""
        return await self._run(live_ops.drop, self._db, task_ids)

    async def metric_series(self, since: datetime, bucket_s: float) -> MetricSeries:
        """Finished, succeeded, cost, cache use, submissions and the waiting queue, per time bucket."""
        return await self._run(series_ops.series, self._db, since, bucket_s)

    # Sessions ------------------------------------------------------------------------------

    async def load_session(self, key: str) -> dict[str, Any] | None:
        return await self._run(state_ops.load_session, self._db, key)

    async def save_session(self, key: str, state: dict[str, Any]) -> None:
        await self._run(state_ops.save_session, self._db, key, state)

    async def delete_session(self, key: str) -> None:
        await self._run(state_ops.delete_session, self._db, key)

    async def invalidate_session(self, key: str) -> None:
        await self._run(state_ops.invalidate_session, self._db, key)

    # Path cache ----------------------------------------------------------------------------

    async def get_path(self, key: str) -> PathRow | None:
        return await self._run(state_ops.get_path, self._db, key)

    async def list_paths(self, site: str | None = None) -> list[PathRow]:
        return await self._run(state_ops.list_paths, self._db, site)

    async def save_path(
        self, key: str, site: str, goal_template: str, path: dict[str, Any],
        version: int = 1, expires_at: datetime | None = None,
    ) -> None:  # fmt: skip
        """Store a path, or a newer version of a key's path (it serves again if it was retired)."""
        await self._run(state_ops.save_path, self._db, key, site, goal_template, path, version, expires_at)

    async def path_replayed(self, key: str, healed: bool, saved_s: float) -> None:
        await self._run(state_ops.path_replayed, self._db, key, healed, saved_s)

    async def path_failed(self, key: str, retire_after: int) -> bool:
        """Count a failed replay; True when the path was retired by it."""
        return await self._run(state_ops.path_failed, self._db, key, retire_after)

    async def delete_paths(self, site: str | None = None, key: str | None = None) -> int:
        return await self._run(state_ops.delete_paths, self._db, site, key)

    # Workers -------------------------------------------------------------------------------

    async def register_worker(self, worker_id: str, host: str, pid: int, info: dict[str, Any]) -> None:
        await self._run(state_ops.register_worker, self._db, worker_id, host, pid, info)

    async def worker_heartbeat(self, worker_id: str) -> bool:
        """Refresh the worker's heartbeat; True when someone asked it to stop."""
        return await self._run(state_ops.worker_heartbeat, self._db, worker_id)

    async def request_worker_stop(self, worker_id: str) -> bool:
        return await self._run(state_ops.request_worker_stop, self._db, worker_id)

    async def unregister_worker(self, worker_id: str) -> None:
        await self._run(state_ops.unregister_worker, self._db, worker_id)

    async def live_workers(self, within_s: float = DEAD_AFTER_S) -> list[WorkerRow]:
        return await self._run(state_ops.live_workers, self._db, within_s)

    async def workers(self, dead_after_s: float = DEAD_AFTER_S) -> list[WorkerRow]:
        """Every registered worker, marked live, stopping, or dead (no heartbeat for `dead_after_s`)."""
        return await self._run(state_ops.workers, self._db, dead_after_s)

    async def prune_workers(self, dead_for_s: float) -> int:
        """Forget the workers dead for `dead_for_s` (a live worker calls this now and then)."""
        return await self._run(state_ops.prune_workers, self._db, dead_for_s)
