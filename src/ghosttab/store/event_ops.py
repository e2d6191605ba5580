"""The event log: rows written when tasks and steps change, read in order by any process."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, func, insert, select

from ghosttab.store.database import Database, utc_now
from ghosttab.store.tables import EventTable, WebhookDeliveryTable
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
    if rows:
        with db.write() as conn:
            append_in(conn, kind, rows)


def append_in(conn: Connection, kind: EventType, rows: list[tuple[str | None, dict[str, Any]]]) -> None:
    """`append` inside the caller's write transaction: the change and its event commit together."""
    now = utc_now()
    values = [
        {"at": now, "type": kind.value, "task_id": task_id, "payload": payload} for task_id, payload in rows
    ]
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


class DeliveryRow(BaseModel):
    task_id: str
    url: str
    attempt: int
    status_code: int | None = None
    error: str | None = None
    delivered: bool
    at: datetime


def record_delivery(db: Database, row: DeliveryRow) -> None:
    with db.write(single=True) as conn:
        conn.execute(insert(WebhookDeliveryTable).values(**row.model_dump()))


def deliveries(db: Database, task_id: str) -> list[DeliveryRow]:
    query = select(WebhookDeliveryTable).where(WebhookDeliveryTable.task_id == task_id)
    with db.read(single=True) as conn:
        rows = conn.execute(query.order_by(WebhookDeliveryTable.id)).all()
    return [DeliveryRow.model_validate(r, from_attributes=True) for r in rows]


def last_event_id(db: Database) -> int:
    with db.read(single=True) as conn:
        return int(conn.scalar(select(func.coalesce(func.max(EventTable.id), 0))) or 0)
