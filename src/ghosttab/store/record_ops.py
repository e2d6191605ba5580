"""What happened while a task ran: step rows, artifacts and recovery attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select

from ghosttab.errors import StructuredError
from ghosttab.result import RecoveryRecord, RecoveryVerdict, StepRecord, Strategy, Tier
from ghosttab.store.database import Database, utc_now
from ghosttab.store.event_ops import EventType, append_in
from ghosttab.store.rows import ArtifactKind, ArtifactRow
from ghosttab.store.tables import ArtifactTable, RecoveryTable, StepTable, TaskTable


def record_step(db: Database, step: StepRecord) -> None:
    """Store a step row; a row already stored for this (task, attempt, step), the commit noted while
    the step ran, is replaced by it."""
    values = step.model_dump(mode="python", exclude={"error"})
    values["error"] = step.error.model_dump(mode="json") if step.error else None
    # Tied to the claim it ran under: the task's lease owner, read in the same statement.
    values["claim"] = select(TaskTable.lease_owner).where(TaskTable.id == step.task_id).scalar_subquery()
    payload = {"step": step.step, "attempt": step.attempt, "tier": step.tier.value, "ok": step.ok,
               "action": step.action.get("kind")}  # fmt: skip
    same = (StepTable.task_id == step.task_id, StepTable.attempt == step.attempt, StepTable.step == step.step)
    with db.write() as conn:
        conn.execute(delete(StepTable).where(*same))
        conn.execute(insert(StepTable).values(**values))
        append_in(conn, EventType.TASK_STEP, [(step.task_id, payload)])


def steps(db: Database, task_id: str) -> list[StepRecord]:
    with db.read(single=True) as conn:
        rows = conn.execute(
            select(StepTable)
            .where(StepTable.task_id == task_id)
            .order_by(StepTable.attempt, StepTable.step, StepTable.id)
        ).all()
    return [
        StepRecord(
            task_id=row.task_id,
            attempt=row.attempt,
            step=row.step,
            claim=row.claim,
            committed=row.committed,
            action=row.action,
            tier=Tier(row.tier),
            confidence=row.confidence,
            reason=row.reason,
            ok=row.ok,
            error=StructuredError.model_validate(row.error) if row.error else None,
            url=row.url,
            page_hash=row.page_hash,
            duration_ms=row.duration_ms,
            tokens=row.tokens,
            cost_usd=row.cost_usd,
            screenshot=row.screenshot,
            at=row.at,
        )
        for row in rows
    ]


def record_artifact(db: Database, task_id: str, attempt: int, kind: ArtifactKind | str, path: str) -> None:
    values = {
        "task_id": task_id,
        "attempt": attempt,
        "kind": ArtifactKind(kind).value,
        "path": path,
        "created_at": utc_now(),
    }
    with db.write(single=True) as conn:
        conn.execute(insert(ArtifactTable).values(**values))


def artifacts(db: Database, task_id: str) -> list[ArtifactRow]:
    with db.read(single=True) as conn:
        rows = conn.execute(
            select(ArtifactTable).where(ArtifactTable.task_id == task_id).order_by(ArtifactTable.id)
        ).all()
    return [
        ArtifactRow(
            task_id=row.task_id, attempt=row.attempt, kind=row.kind, path=row.path, created_at=row.created_at
        )
        for row in rows
    ]


def record_recovery(db: Database, record: RecoveryRecord) -> None:
    values = record.model_dump(mode="python", exclude={"error"})
    values["error"] = record.error.model_dump(mode="json")
    values["error_kind"] = record.error.kind.value
    with db.write(single=True) as conn:
        conn.execute(insert(RecoveryTable).values(**values))


def recovery_verdicts(db: Database, since: datetime | None) -> dict[RecoveryVerdict, int]:
    """How the recovery attempts (since `since`) went, counted by verdict."""
    query = select(RecoveryTable.outcome, func.count()).group_by(RecoveryTable.outcome)
    if since is not None:
        query = query.where(RecoveryTable.at >= since)
    with db.read(single=True) as conn:
        return {RecoveryVerdict(outcome): int(count) for outcome, count in conn.execute(query).all()}


def recoveries(db: Database, task_id: str) -> list[RecoveryRecord]:
    with db.read(single=True) as conn:
        rows = conn.execute(
            select(RecoveryTable).where(RecoveryTable.task_id == task_id).order_by(RecoveryTable.id)
        ).all()
    return [
        RecoveryRecord(
            task_id=row.task_id,
            attempt=row.attempt,
            step=row.step,
            error=StructuredError.model_validate(row.error),
            strategy=Strategy(row.strategy),
            outcome=RecoveryVerdict(row.outcome),
            at=row.at,
        )
        for row in rows
    ]
