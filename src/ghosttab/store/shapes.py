"""Shape-aware claiming: only one task of a shape with no path yet runs at a time.

The first task of a new shape finds the way (the pathfinder) while the rest of its shape wait in
the queue and tasks of other shapes keep the tabs busy; once it succeeds its path is stored and the
rest replay in parallel. A pathfinder that fails hands the job to the next task of its shape, up to
PATHFINDER_TRIES failures, after which the shape's tasks all run with the navigator.

Across workers on PostgreSQL a claimer picks a pathfinder of a shape only under that shape's
transaction-scoped advisory lock, tried without waiting: a claimer that finds it taken leaves the
shape to the one choosing, so two claimers never both pick one, and claims of other shapes never
wait on each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select, text

from ghosttab.lifecycle import TaskStatus
from ghosttab.store.tables import PathCacheTable, TaskTable

# Failed tasks of a shape with no path before its tasks stop waiting for a pathfinder.
PATHFINDER_TRIES = 2
# Candidates looked at beyond the free slots, so held tasks do not leave slots empty.
HOLD_LOOKAHEAD = 50
_FAILED = (TaskStatus.FAILED.value, TaskStatus.NEEDS_REVIEW.value)


def _with_paths(conn: Connection, shapes: set[str], now: datetime) -> set[str]:
    usable = (
        select(PathCacheTable.key)
        .where(PathCacheTable.key.in_(shapes), PathCacheTable.retired.is_(False))
        .where(or_(PathCacheTable.expires_at.is_(None), PathCacheTable.expires_at > now))
    )
    return set(conn.scalars(usable))


def _running(conn: Connection, shapes: set[str], now: datetime) -> set[str]:
    query = select(TaskTable.shape).where(
        TaskTable.shape.in_(shapes),
        TaskTable.status == TaskStatus.RUNNING.value,
        TaskTable.lease_expires_at >= now,
    )
    return {shape for shape in conn.scalars(query.distinct()) if shape}


def _given_up(conn: Connection, shapes: set[str]) -> set[str]:
    query = (
        select(TaskTable.shape)
        .where(TaskTable.shape.in_(shapes), TaskTable.status.in_(_FAILED))
        .group_by(TaskTable.shape)
        .having(func.count() >= PATHFINDER_TRIES)
    )
    return {shape for shape in conn.scalars(query) if shape}


def _lock(conn: Connection, shape: str) -> bool:
    """This transaction now chooses the shape's pathfinder; False when another claimer is."""
    lock = text("SELECT pg_try_advisory_xact_lock(hashtext(:shape))")
    return bool(conn.scalar(lock, {"shape": shape}))


def without_held(conn: Connection, candidates: list[Any], now: datetime, postgres: bool) -> list[Any]:
    """The candidates (in claim order) this claim may take: all but the tasks of a shape with no path
    whose pathfinder runs already, or is an earlier candidate of this same claim."""
    shapes = {row.shape for row in candidates if row.shape}
    if not shapes:
        return candidates
    pending = shapes - _with_paths(conn, shapes, now)
    if not pending:
        return candidates
    pending -= _given_up(conn, pending)
    busy = _running(conn, pending, now)
    if postgres:
        busy |= {shape for shape in pending - busy if not _lock(conn, shape)}
        busy |= _running(conn, pending - busy, now)  # chosen by a claimer that has just committed
    taken: list[Any] = []
    for row in candidates:
        if row.shape in pending:
            if row.shape in busy:
                continue
            busy.add(row.shape)
        taken.append(row)
    return taken
