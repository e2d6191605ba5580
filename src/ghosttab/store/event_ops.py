"""The event log: rows written when tasks and steps change, read in order by any process."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert, select

from ghosttab.store.database import Database, utc_now
from ghosttab.store.tables import EventTable
from ghosttab.store.transitions import chunks


class EventType(StrEnum):
    TASK_SUBMITTED = "task.submitted"
    TASK_STATUS = "task.status"
    TASK_STEP = "task.step"


class StoredEvent(BaseModel):
    id: int
    at: datetime
    type: EventType
    task_id: str | None = None
    payload: dict[str, Any]


def append(db: Database, kind: EventType, rows: list[tuple[str | None, dict[str, Any]]]) -> None:
    """One event per (task id, payload); payloads carry no secret values (callers pass public data)."""
    if not rows:
        return
    now = utc_now()
    values = [
        {"at": now, "type": kind.value, "task_id": task_id, "payload": payload} for task_id, payload in rows
    ]
    with db.write() as conn:
        for chunk in chunks(values, 1000):
            conn.execute(insert(EventTable), list(chunk))


def since(db: Database, after_id: int, limit: int, task_id: str | None = None) -> list[StoredEvent]:
    query = select(EventTable).where(EventTable.id > after_id).order_by(EventTable.id).limit(limit)
    if task_id is not None:
        query = query.where(EventTable.task_id == task_id)
    with db.read(single=True) as conn:
        return [
            StoredEvent(id=r.id, at=r.at, type=EventType(r.type), task_id=r.task_id, payload=r.payload)
            for r in conn.execute(query).all()
        ]
