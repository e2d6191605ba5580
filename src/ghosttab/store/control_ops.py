"""What a person does to tasks: pause, resume, cancel, retry."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, update

from ghosttab.lifecycle import FINAL_TASK_STATUSES, TaskStatus, check_task_transition
from ghosttab.store.database import Database, utc_now
from ghosttab.store.lapsed import final_values
from ghosttab.store.tables import TaskTable
from ghosttab.store.transitions import chunks, status_in


def pause(db: Database, task_ids: list[str] | None) -> int:
    """QUEUED -> PAUSED for the given ids, or for every queued task when None."""
    return _move_all(db, task_ids, TaskStatus.QUEUED, TaskStatus.PAUSED)


def resume(db: Database, task_ids: list[str] | None) -> int:
    """PAUSED -> QUEUED for the given ids, or for every paused task when None."""
    return _move_all(db, task_ids, TaskStatus.PAUSED, TaskStatus.QUEUED)


def _move_all(db: Database, task_ids: list[str] | None, source: TaskStatus, target: TaskStatus) -> int:
    where = status_in([source], target)
    with db.write() as conn:
        if task_ids is None:
            return conn.execute(update(TaskTable).where(where).values(status=target.value)).rowcount
        moved = 0
        for chunk in chunks(sorted(set(task_ids))):
            stmt = update(TaskTable).where(where, TaskTable.id.in_(chunk)).values(status=target.value)
            moved += conn.execute(stmt).rowcount
        return moved


def cancel(db: Database, task_id: str) -> bool:
    """QUEUED/PAUSED -> CANCELLED now; RUNNING -> cancel requested (its worker stops it).
    False for an unknown or already finished task."""
    with db.write() as conn:
        row = conn.execute(
            select(TaskTable.status, TaskTable.attempts).where(TaskTable.id == task_id)
        ).first()
        if row is None:
            return False
        status = TaskStatus(row.status)
        if status is TaskStatus.RUNNING:
            requested = conn.execute(
                update(TaskTable)
                .where(TaskTable.id == task_id, TaskTable.status == TaskStatus.RUNNING.value)
                .values(cancel_requested=True)
            )
            return requested.rowcount == 1
        if status not in (TaskStatus.QUEUED, TaskStatus.PAUSED):
            return False
        check_task_transition(status, TaskStatus.CANCELLED)
        cancelled = conn.execute(
            update(TaskTable)
            .where(TaskTable.id == task_id, status_in([status], TaskStatus.CANCELLED))
            .values(**final_values(task_id, TaskStatus.CANCELLED, row.attempts, utc_now()))
        )
        return cancelled.rowcount == 1


def cancel_requested(db: Database, task_ids: list[str]) -> set[str]:
    """Which of these RUNNING tasks a person asked to cancel."""
    found: set[str] = set()
    with db.read(single=True) as conn:
        for chunk in chunks(sorted(set(task_ids))):
            found.update(
                conn.scalars(
                    select(TaskTable.id).where(
                        TaskTable.id.in_(chunk),
                        TaskTable.cancel_requested.is_(True),
                        TaskTable.status == TaskStatus.RUNNING.value,
                    )
                )
            )
    return found


def retry(db: Database, task_id: str) -> bool:
    """A finished task back to QUEUED, its result cleared and its attempts reset.
    False for an unknown task or one that has not finished."""
    with db.write() as conn:
        status = conn.scalar(select(TaskTable.status).where(TaskTable.id == task_id))
        if status is None or TaskStatus(status) not in FINAL_TASK_STATUSES:
            return False
        source = TaskStatus(status)
        where: ColumnElement[bool] = status_in([source], TaskStatus.QUEUED)
        retried = conn.execute(update(TaskTable).where(TaskTable.id == task_id, where).values(**REQUEUED))
        return retried.rowcount == 1


# A finished task back in the queue as if new: result cleared, attempts reset.
REQUEUED: dict[str, object] = {
    "status": TaskStatus.QUEUED.value,
    "result": None,
    "attempts": 0,
    "handbacks": 0,
    "started_at": None,
    "finished_at": None,
    "lease_owner": None,
    "lease_expires_at": None,
    "cancel_requested": False,
    "completed_by": None,
}
