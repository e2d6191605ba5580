"""Leases that ran out, and tasks that must end instead of running again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, update

from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.store.tables import TaskTable
from ghosttab.store.transitions import status_in

RUNNING = TaskStatus.RUNNING
# What claim and requeue read about a candidate task.
CANDIDATE_COLUMNS = (
    TaskTable.id,
    TaskTable.priority,
    TaskTable.seq,
    TaskTable.cancel_requested,
    TaskTable.attempts,
    TaskTable.handbacks,
    TaskTable.spec,
    TaskTable.shape,
)
DEFAULT_MAX_RETRIES = 2


def lapsed_where(now: datetime) -> ColumnElement[bool]:
    """RUNNING with a lease that ran out: may go back to the queue."""
    return status_in([RUNNING], TaskStatus.QUEUED) & (TaskTable.lease_expires_at < now)


def settle_lapsed(conn: Connection, rows: list[Any], now: datetime) -> list[Any]:
    """End the lapsed tasks that must not run again; return the ones that may.

    A task someone asked to cancel is cancelled. A task whose worker vanished on every one of
    its allowed attempts (1 + spec.max_retries) fails, so a task that kills its worker cannot
    cycle through the fleet for ever."""
    runnable = []
    for row in rows:
        if row.cancel_requested:
            finish_running(conn, row.id, TaskStatus.CANCELLED, row.attempts, now)
        elif row.attempts - row.handbacks >= max_attempts(row.spec):
            error = StructuredError(
                kind=ErrorKind.CRASH,
                source=ErrorSource.RUNNER,
                message=f"lease lapsed on all {row.attempts} attempts: its worker stopped or crashed",
            )
            finish_running(conn, row.id, TaskStatus.FAILED, row.attempts, now, error)
        else:
            runnable.append(row)
    return runnable


def max_attempts(spec: dict[str, Any]) -> int:
    retries = spec.get("max_retries", DEFAULT_MAX_RETRIES)
    return (retries if isinstance(retries, int) else DEFAULT_MAX_RETRIES) + 1


def finish_running(
    conn: Connection,
    task_id: str,
    status: TaskStatus,
    attempts: int,
    now: datetime,
    error: StructuredError | None = None,
) -> None:
    conn.execute(
        update(TaskTable)
        .where(TaskTable.id == task_id, status_in([RUNNING], status))
        .values(**final_values(task_id, status, attempts, now, error))
    )


def final_values(
    task_id: str, status: TaskStatus, attempts: int, now: datetime, error: StructuredError | None = None
) -> dict[str, Any]:
    """Column values of a task the store itself finishes (cancelled, or given up on)."""
    result = TaskResult(id=task_id, status=status, attempts=attempts, error=error)
    return {
        "status": status.value,
        "finished_at": now,
        "result": result.model_dump(mode="json"),
        "lease_owner": None,
        "lease_expires_at": None,
    }
