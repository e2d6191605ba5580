"""Live frames: a viewer asks for a task's live view, the worker running it writes its latest frame
here, and any API process reads it back. A task's row goes when the task ends."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ghosttab.lifecycle import FINAL_TASK_STATUSES
from ghosttab.store.database import Database, utc_now
from ghosttab.store.tables import LiveFrameTable, TaskTable
from ghosttab.store.transitions import chunks


class LiveFrame(BaseModel):
    task_id: str
    requested_at: datetime
    frame: bytes | None = None
    frame_at: datetime | None = None
    frames: int = 0


def latest(db: Database, task_id: str) -> LiveFrame | None:
    with db.read(single=True) as conn:
        row = conn.execute(select(LiveFrameTable).where(LiveFrameTable.task_id == task_id)).first()
    return LiveFrame.model_validate(row, from_attributes=True) if row is not None else None


def ask(db: Database, task_id: str) -> None:
    """A viewer watches `task_id` now."""
    now = utc_now()
    with contextlib.suppress(IntegrityError), db.write() as conn:  # another viewer's insert won
        asked = update(LiveFrameTable).where(LiveFrameTable.task_id == task_id).values(requested_at=now)
        if conn.execute(asked).rowcount == 0:
            conn.execute(insert(LiveFrameTable).values(task_id=task_id, requested_at=now, frames=0))


def watched(db: Database, task_ids: list[str], within_s: float) -> set[str]:
    """Which of these tasks a viewer asked for in the last `within_s` seconds."""
    since = utc_now() - timedelta(seconds=within_s)
    found: set[str] = set()
    with db.read(single=True) as conn:
        for chunk in chunks(sorted(set(task_ids))):
            query = select(LiveFrameTable.task_id).where(
                LiveFrameTable.task_id.in_(chunk), LiveFrameTable.requested_at >= since
            )
            found.update(conn.scalars(query))
    return found


def put(db: Database, task_id: str, frame: bytes) -> None:
    """The task's newest frame (kept only while its viewer's row exists)."""
    with db.write(single=True) as conn:
        conn.execute(
            update(LiveFrameTable)
            .where(LiveFrameTable.task_id == task_id)
            .values(frame=frame, frame_at=utc_now(), frames=LiveFrameTable.frames + 1)
        )


def drop(db: Database, task_ids: list[str] | None = None) -> int:
    """Forget the given tasks' frames, or, with None, those of every task that has ended."""
    with db.write(single=True) as conn:
        if task_ids is not None:
            return sum(
                conn.execute(delete(LiveFrameTable).where(LiveFrameTable.task_id.in_(chunk))).rowcount
                for chunk in chunks(sorted(set(task_ids)))
            )
        ended = select(TaskTable.id).where(TaskTable.status.in_([s.value for s in FINAL_TASK_STATUSES]))
        return conn.execute(delete(LiveFrameTable).where(LiveFrameTable.task_id.in_(ended))).rowcount
