"""Reading tasks back: one task, pages of tasks, counts, results and metrics."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Row, String, func, literal_column, or_, select, table
from sqlalchemy import column as sa_column

from ghosttab.lifecycle import FINAL_TASK_STATUSES, TaskStatus
from ghosttab.result import TaskResult
from ghosttab.spec import Priority
from ghosttab.store.database import Database
from ghosttab.store.rows import StoreMetrics, TaskRow
from ghosttab.store.tables import PG_GOAL_AND_ID, TEXT_INDEX_TABLE, StepTable, TaskTable
from ghosttab.store.transitions import chunks

_PRIORITY_BY_RANK = {p.rank: p for p in Priority}
TRIGRAM = 3  # the shortest text the trigram indexes can look up


def get_task(db: Database, task_id: str) -> TaskRow | None:
    with db.read(single=True) as conn:
        row = conn.execute(select(TaskTable).where(TaskTable.id == task_id)).first()
    return _task_row(row) if row is not None else None


def list_tasks(
    db: Database, status: TaskStatus | None, batch: str | None, limit: int, offset: int
) -> list[TaskRow]:
    query = select(TaskTable).order_by(TaskTable.seq).limit(limit).offset(offset)
    if status is not None:
        query = query.where(TaskTable.status == status.value)
    if batch is not None:
        query = query.where(TaskTable.batch == batch)
    with db.read(single=True) as conn:
        return [_task_row(row) for row in conn.execute(query).all()]


def counts(db: Database) -> dict[TaskStatus, int]:
    found = dict.fromkeys(TaskStatus, 0)
    with db.read(single=True) as conn:
        for status, count in conn.execute(
            select(TaskTable.status, func.count()).group_by(TaskTable.status)
        ).all():
            found[TaskStatus(status)] = int(count)
    return found


def count_in(db: Database, statuses: list[TaskStatus]) -> int:
    """Tasks in any of `statuses`: a range of the status index, not a scan of every task."""
    query = select(func.count()).where(TaskTable.status.in_([s.value for s in statuses]))
    with db.read(single=True) as conn:
        return int(conn.scalar(query) or 0)


def counts_by_priority(db: Database, status: TaskStatus) -> dict[Priority, int]:
    """Tasks in `status` by priority, counted in the database (the queue index covers it)."""
    found = dict.fromkeys(Priority, 0)
    query = (
        select(TaskTable.priority, func.count())
        .where(TaskTable.status == status.value)
        .group_by(TaskTable.priority)
    )
    with db.read(single=True) as conn:
        for rank, count in conn.execute(query).all():
            found[_PRIORITY_BY_RANK.get(rank, Priority.NORMAL)] += int(count)
    return found


def results(
    db: Database, batch: str | None, ids: list[str] | None, since: datetime | None = None
) -> list[TaskResult]:
    """Results of finished tasks (those finished at or after `since`), in submission order."""
    base = select(TaskTable.result).where(TaskTable.result.is_not(None)).order_by(TaskTable.seq)
    if batch is not None:
        base = base.where(TaskTable.batch == batch)
    if since is not None:
        base = base.where(TaskTable.finished_at >= since)
    found: list[tuple[Any, ...]] = []
    with db.read(single=True) as conn:
        if ids is None:
            found.extend(conn.execute(base.add_columns(TaskTable.seq)).all())
        else:
            for chunk in chunks(sorted(set(ids))):
                found.extend(
                    conn.execute(base.add_columns(TaskTable.seq).where(TaskTable.id.in_(chunk))).all()
                )
    found.sort(key=lambda row: row[1])
    return [TaskResult.model_validate(row[0]) for row in found]


def metrics(db: Database) -> StoreMetrics:
    finished = TaskTable.status.in_([s.value for s in FINAL_TASK_STATUSES])
    with db.read() as conn:
        avg_seconds = conn.scalar(
            select(func.avg(_seconds_between(db, TaskTable.started_at, TaskTable.finished_at))).where(
                finished, TaskTable.started_at.is_not(None), TaskTable.finished_at.is_not(None)
            )
        )
        step_totals = conn.execute(
            select(
                func.count(StepTable.id),
                func.coalesce(func.sum(StepTable.tokens), 0),
                func.coalesce(func.sum(StepTable.cost_usd), 0.0),
            )
        ).one()
    by_status = counts(db)
    return StoreMetrics(
        counts=by_status,
        total_tasks=sum(by_status.values()),
        steps_total=int(step_totals[0]),
        avg_task_seconds=float(avg_seconds) if avg_seconds is not None else None,
        tokens=int(step_totals[1]),
        cost_usd=float(step_totals[2]),
    )


def _seconds_between(db: Database, start: Any, end: Any) -> ColumnElement[Any]:
    if db.is_sqlite:
        return (func.julianday(end) - func.julianday(start)) * 86_400.0
    return func.extract("epoch", end - start)


def _task_row(row: Row[Any]) -> TaskRow:
    return TaskRow(
        id=row.id,
        status=TaskStatus(row.status),
        priority=_PRIORITY_BY_RANK.get(row.priority, Priority.NORMAL),
        attempts=row.attempts,
        handbacks=row.handbacks,
        spec=row.spec,
        result=TaskResult.model_validate(row.result) if row.result else None,
        lease_owner=row.lease_owner,
        lease_expires_at=row.lease_expires_at,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        batch=row.batch,
        cancel_requested=row.cancel_requested,
        completed_by=row.completed_by,
    )


class TaskFilter(BaseModel):
    """What a list of tasks is narrowed by; every field given must hold."""

    status: TaskStatus | None = None
    batch: str | None = None
    site: str | None = None  # a part of the start URL
    text: str | None = None  # a part of the goal or the id
    created_after: datetime | None = None
    created_before: datetime | None = None


def page_tasks(
    db: Database, where: TaskFilter, after_seq: int, limit: int
) -> tuple[list[TaskRow], int | None]:
    """One page in submission order after the cursor `after_seq`; and the next cursor, or None at the end."""
    query = select(TaskTable).where(TaskTable.seq > after_seq).order_by(TaskTable.seq).limit(limit + 1)
    if where.status is not None:
        query = query.where(TaskTable.status == where.status.value)
    if where.batch is not None:
        query = query.where(TaskTable.batch == where.batch)
    if where.site:
        query = query.where(_text_holds(db, ["start_url"], where.site, after_seq))
    if where.text:
        query = query.where(_text_holds(db, ["goal", "task_id"], where.text, after_seq))
    if where.created_after is not None:
        query = query.where(TaskTable.created_at >= where.created_after)
    if where.created_before is not None:
        query = query.where(TaskTable.created_at < where.created_before)
    with db.read(single=True) as conn:
        rows = conn.execute(query.add_columns(TaskTable.seq.label("cursor_seq"))).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return [_task_row(row) for row in rows], (rows[-1].cursor_seq if more else None)


def _text_holds(db: Database, columns: list[str], part: str, after_seq: int) -> ColumnElement[bool]:
    """One of `columns` ('goal', 'start_url', 'task_id') contains `part`, through the trigram
    index of migration 0006: the FTS5 table `tasks_text` on SQLite (a phrase match of three
    characters or more is a substring match there), pg_trgm on PostgreSQL (its expression indexes
    match only the very expressions they were built on, written out here)."""
    if db.is_sqlite and len(part) >= TRIGRAM:
        phrase = '"' + part.replace('"', '""') + '"'
        text_table = table(TEXT_INDEX_TABLE, sa_column("rowid"))
        matching = select(text_table.c.rowid).where(
            literal_column(TEXT_INDEX_TABLE).op("MATCH")("{" + " ".join(columns) + "} : " + phrase),
            text_table.c.rowid > after_seq,
        )
        return TaskTable.seq.in_(matching)
    pattern = "%" + part.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
    if db.is_postgres:
        searched = PG_GOAL_AND_ID if columns == ["goal", "task_id"] else f"spec ->> '{columns[0]}'"
        return literal_column(f"({searched})", String).ilike(pattern, escape="/")
    return or_(*(_sqlite_text(column).ilike(pattern, escape="/") for column in columns))


def _sqlite_text(column: str) -> ColumnElement[str]:
    if column == "task_id":
        return TaskTable.id.expression
    as_text: ColumnElement[str] = TaskTable.spec[column].as_string()
    return as_text
