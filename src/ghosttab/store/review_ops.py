"""What a person decides about a NEEDS_REVIEW task: run it again (with a note), resolve it with the
value they found, or cancel it. The change and its event commit together."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select, update

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.store.control_ops import REQUEUED
from ghosttab.store.database import Database, utc_now
from ghosttab.store.event_ops import EventType, append_in
from ghosttab.store.tables import TaskTable
from ghosttab.store.transitions import status_in


class ReviewVerdict(StrEnum):
    RETRY = "retry"
    RESOLVE = "resolve"
    CANCEL = "cancel"


TARGETS = {
    ReviewVerdict.RETRY: TaskStatus.QUEUED,
    ReviewVerdict.RESOLVE: TaskStatus.SUCCEEDED,
    ReviewVerdict.CANCEL: TaskStatus.CANCELLED,
}


class Review(BaseModel):
    verdict: ReviewVerdict
    note: str | None = Field(None, max_length=2000)
    value: dict[str, str] = Field(default_factory=dict, description="fields a person found (resolve)")


def review(db: Database, task_id: str, decision: Review) -> TaskStatus | None:
    """The task's new status, or None when it is unknown or not waiting for review."""
    target = TARGETS[decision.verdict]
    with db.write() as conn:
        row = conn.execute(select(TaskTable.status, TaskTable.result).where(TaskTable.id == task_id)).first()
        if row is None or row.status != TaskStatus.NEEDS_REVIEW.value:
            return None
        values = _values(task_id, decision, target, row.result)
        changed = conn.execute(
            update(TaskTable)
            .where(TaskTable.id == task_id, status_in([TaskStatus.NEEDS_REVIEW], target))
            .values(**values)
        )
        if changed.rowcount != 1:
            return None
        payload: dict[str, Any] = {"status": target.value, "review": decision.verdict.value}
        if decision.note:
            payload["note"] = decision.note
        if decision.verdict is ReviewVerdict.RETRY:
            payload["retried"] = True
        append_in(conn, EventType.TASK_STATUS, [(task_id, payload)])
        return target


def _values(
    task_id: str, decision: Review, target: TaskStatus, stored: dict[str, Any] | None
) -> dict[str, Any]:
    if decision.verdict is ReviewVerdict.RETRY:
        return dict(REQUEUED)
    before = TaskResult.model_validate(stored) if stored else TaskResult(id=task_id, status=target)
    update_: dict[str, Any] = {"status": target}
    if decision.verdict is ReviewVerdict.RESOLVE:
        update_ |= {"extracted": {**before.extracted, **decision.value}, "error": None}
    result = before.model_copy(update=update_)
    return {"status": target.value, "result": result.model_dump(mode="json"), "finished_at": utc_now(),
            "lease_owner": None, "lease_expires_at": None}  # fmt: skip
