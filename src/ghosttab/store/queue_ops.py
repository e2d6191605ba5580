"""The queue: submit, claim under a lease, heartbeat, complete exactly once, release, requeue."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.lifecycle import IllegalTransition, TaskStatus, check_task_transition
from ghosttab.replay.key import shape_of
from ghosttab.result import TaskResult
from ghosttab.spec import TaskSpec
from ghosttab.store import claim_sql
from ghosttab.store.database import Database, utc_now
from ghosttab.store.event_ops import EventType, append_in
from ghosttab.store.lapsed import CANDIDATE_COLUMNS, finish_running, lapsed_where, settle_lapsed
from ghosttab.store.rows import ClaimedTask, SubmitReport
from ghosttab.store.shapes import HOLD_LOOKAHEAD, without_held
from ghosttab.store.tables import TaskTable
from ghosttab.store.transitions import chunks, spec_from_public, status_in

QUEUED = TaskStatus.QUEUED
RUNNING = TaskStatus.RUNNING


def submit(db: Database, specs: list[TaskSpec], batch: str | None) -> SubmitReport:
    """Store new tasks as QUEUED; an id already stored is left exactly as it is."""
    report = SubmitReport()
    unique: dict[str, TaskSpec] = {}
    for spec in specs:
        if spec.id in unique:
            report.existing.append(spec.id)
        else:
            unique[spec.id] = spec
    now = utc_now()
    with db.write() as conn:
        present: set[str] = set()
        for chunk in chunks(list(unique)):
            present.update(conn.scalars(select(TaskTable.id).where(TaskTable.id.in_(chunk))))
        rows = [_new_row(spec, batch, now) for task_id, spec in unique.items() if task_id not in present]
        added: set[str] = set()
        if rows:
            if db.is_sqlite:
                # The write lock is held (BEGIN IMMEDIATE), so max+1 cannot race.
                last = conn.scalar(select(func.coalesce(func.max(TaskTable.seq), 0))) or 0
                for offset, row in enumerate(rows, start=1):
                    row["seq"] = last + offset
            insert = (sqlite.insert if db.is_sqlite else postgresql.insert)(TaskTable)
            stmt = insert.on_conflict_do_nothing(index_elements=[TaskTable.id]).returning(TaskTable.id)
            for chunk_rows in chunks(rows, 1000):
                added.update(conn.scalars(stmt, list(chunk_rows)))
            events = [(r["id"], {"status": QUEUED.value, "batch": batch}) for r in rows if r["id"] in added]
            append_in(conn, EventType.TASK_SUBMITTED, events)
    for task_id in unique:
        (report.added if task_id in added else report.existing).append(task_id)
    return report


def _new_row(spec: TaskSpec, batch: str | None, now: datetime) -> dict[str, Any]:
    return {
        "id": spec.id,
        "spec": spec.public_dict(),
        "shape": shape_of(spec).key,
        "batch": batch,
        "status": QUEUED.value,
        "priority": spec.priority.rank,
        "created_at": now,
        "attempts": 0,
        "cancel_requested": False,
    }


def claim(
    db: Database, worker_id: str, lease_s: float, limit: int, pathfinders: bool = False
) -> list[ClaimedTask]:
    """Take up to `limit` tasks: QUEUED ones and RUNNING ones whose lease lapsed (taken over).

    With `pathfinders`, a shape with no path yet gives out one task at a time (ghosttab.store.shapes).
    """
    if limit < 1:
        return []
    now = utc_now()
    expires = now + timedelta(seconds=lease_s)
    check_task_transition(RUNNING, QUEUED)  # a lapsed lease goes back to the queue...
    check_task_transition(QUEUED, RUNNING)  # ...and, like a queued task, out to this worker
    with db.write() as conn:
        found: dict[str, list[Any]] = {}
        for which in ("lapsed", "queued"):
            query = claim_sql.candidates(which, db.is_postgres)
            found[which] = list(conn.execute(query, {"now": now, "limit": limit + HOLD_LOOKAHEAD}).all())
        runnable = sorted(settle_lapsed(conn, found["lapsed"], now) + found["queued"], key=_claim_key)
        if pathfinders:
            runnable = without_held(conn, runnable, now, db.is_postgres)
        candidates = runnable[:limit]
        if not candidates:
            return []
        params = {"ids": [row.id for row in candidates], "worker": worker_id, "expires": expires, "now": now}
        taken = conn.execute(claim_sql.take(), params).all()
        claimed: list[ClaimedTask] = []
        for row in sorted(taken, key=_claim_key):
            try:
                spec, secret_names = spec_from_public(row.spec)
            except ValidationError as exc:
                # A stored spec this version cannot read would crash every worker that takes it.
                error = StructuredError(
                    kind=ErrorKind.INPUT,
                    source=ErrorSource.RUNNER,
                    message=f"stored task spec is not valid: {exc.errors()[0]['msg']}",
                )
                finish_running(conn, row.id, TaskStatus.FAILED, row.attempts, now, error)
                continue
            claimed.append(
                ClaimedTask(
                    spec=spec, secret_names=secret_names, attempt=row.attempts, lease_expires_at=expires
                )
            )
        status = {"status": RUNNING.value, "worker": worker_id}
        append_in(
            conn, EventType.TASK_STATUS, [(c.spec.id, {**status, "attempt": c.attempt}) for c in claimed]
        )
    return claimed


def _claim_key(row: Any) -> tuple[int, int]:
    return (-row.priority, row.seq)


def heartbeat(db: Database, worker_id: str, task_ids: list[str], lease_s: float) -> set[str]:
    """Renew this worker's leases; return the ids whose lease it no longer holds."""
    expires = utc_now() + timedelta(seconds=lease_s)
    owned: set[str] = set()
    with db.write(single=True) as conn:
        for chunk in chunks(sorted(set(task_ids))):
            owned.update(
                conn.scalars(
                    update(TaskTable)
                    .where(
                        TaskTable.id.in_(chunk),
                        TaskTable.lease_owner == worker_id,
                        TaskTable.status == RUNNING.value,
                    )
                    .values(lease_expires_at=expires)
                    .returning(TaskTable.id)
                )
            )
    return set(task_ids) - owned


def complete(db: Database, task_id: str, worker_id: str, result: TaskResult) -> bool:
    """Record the final result once: only the lease owner of a RUNNING task can; False otherwise."""
    target = result.status
    if not target.is_final:
        check_task_transition(RUNNING, target)
        raise IllegalTransition("task", RUNNING.value, target.value)
    check_task_transition(RUNNING, target)
    params = {
        "task_id": task_id,
        "worker": worker_id,
        "target": target.value,
        "now": utc_now(),
        "result": result.model_dump(mode="json"),
    }
    with db.write() as conn:
        done = conn.execute(claim_sql.complete(), params)
        if done.rowcount == 1:
            payload = {"status": target.value, "steps": result.steps}
            append_in(conn, EventType.TASK_STATUS, [(task_id, payload)])
    return done.rowcount == 1


def release(db: Database, task_id: str, worker_id: str) -> bool:
    """Hand a RUNNING task back to the queue (graceful shutdown). Its run keeps its number (its
    steps are recorded under it); it is counted as a hand-back, not against the task's retries."""
    with db.write(single=True) as conn:
        released = conn.execute(
            update(TaskTable)
            .where(TaskTable.id == task_id, TaskTable.lease_owner == worker_id, status_in([RUNNING], QUEUED))
            .values(
                status=QUEUED.value,
                lease_owner=None,
                lease_expires_at=None,
                started_at=None,
                handbacks=TaskTable.handbacks + 1,
            )
        )
    return released.rowcount == 1


def next_attempt(db: Database, task_id: str, worker_id: str) -> int | None:
    """Number a new run of a task this worker holds (a retry on a fresh tab); None if it does not."""
    with db.write(single=True) as conn:
        return conn.scalar(
            update(TaskTable)
            .where(TaskTable.id == task_id, TaskTable.lease_owner == worker_id)
            .where(TaskTable.status == RUNNING.value)
            .values(attempts=TaskTable.attempts + 1)
            .returning(TaskTable.attempts)
        )


def requeue_expired(db: Database) -> int:
    """Put RUNNING tasks whose lease lapsed back in the queue; returns how many.
    Cancel-requested ones are cancelled and ones out of attempts fail instead (see settle_lapsed)."""
    now = utc_now()
    lapsed = lapsed_where(now)
    with db.write() as conn:
        query = select(*CANDIDATE_COLUMNS).where(lapsed)
        if db.is_postgres:
            query = query.with_for_update(skip_locked=True)
        runnable = settle_lapsed(conn, list(conn.execute(query).all()), now)
        requeued = 0
        for chunk in chunks([row.id for row in runnable]):
            requeued += conn.execute(
                update(TaskTable)
                .where(TaskTable.id.in_(chunk), lapsed)
                .values(status=QUEUED.value, lease_owner=None, lease_expires_at=None)
            ).rowcount
    return requeued
