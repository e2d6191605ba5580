"""The hot path's statements (claim, complete), built once and reused.

A worker fleet runs these thousands of times a minute. Building a statement and its cache
key costs more client CPU than running it, so these are built once, with bound parameters,
per dialect. The status conditions are checked against `ghosttab.lifecycle` when built and
the transition again on every call.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, Update, bindparam, select, update

from ghosttab.lifecycle import TaskStatus
from ghosttab.store.lapsed import CANDIDATE_COLUMNS
from ghosttab.store.tables import JsonType, TaskTable, UTCDateTime
from ghosttab.store.transitions import status_in

QUEUED = TaskStatus.QUEUED
RUNNING = TaskStatus.RUNNING
CLAIM_ORDER = (TaskTable.priority.desc(), TaskTable.seq)


def _now() -> Any:
    return bindparam("now", type_=UTCDateTime())


def _queued() -> Any:
    return status_in([QUEUED], RUNNING)


def _lapsed() -> Any:
    # A lapsed lease: the task goes back to the queue and straight out again to the claimer.
    return status_in([RUNNING], QUEUED) & (TaskTable.lease_expires_at < _now())


@cache
def candidates(which: str, postgres: bool) -> Select[Any]:
    """The next `limit` QUEUED tasks, or lapsed RUNNING ones, in claim order."""
    where = _queued() if which == "queued" else _lapsed()
    query = select(*CANDIDATE_COLUMNS).where(where).order_by(*CLAIM_ORDER).limit(bindparam("limit"))
    if postgres:
        # Rows another claimer holds are skipped, not waited for. (On SQLite the transaction
        # already holds the whole-database write lock.)
        query = query.with_for_update(skip_locked=True)
    return query


@cache
def take() -> Update:
    """Claim the chosen ids, each only if it is still claimable."""
    return (
        update(TaskTable)
        .where(TaskTable.id.in_(bindparam("ids", expanding=True)), _queued() | _lapsed())
        .values(
            status=RUNNING.value,
            lease_owner=bindparam("worker"),
            lease_expires_at=bindparam("expires", type_=UTCDateTime()),
            attempts=TaskTable.attempts + 1,
            started_at=_now(),
        )
        .returning(TaskTable.id, TaskTable.priority, TaskTable.seq, TaskTable.spec, TaskTable.attempts)
    )


@cache
def complete() -> Update:
    """Record a final result, only by the lease owner of a RUNNING task."""
    return (
        update(TaskTable)
        .where(
            TaskTable.id == bindparam("task_id"),
            TaskTable.lease_owner == bindparam("worker"),
            TaskTable.status == RUNNING.value,
        )
        .values(
            status=bindparam("target"),
            finished_at=_now(),
            result=bindparam("result", type_=JsonType),
            lease_owner=None,
            lease_expires_at=None,
            completed_by=bindparam("worker"),
        )
    )
