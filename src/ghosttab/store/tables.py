"""The store's tables as typed SQLAlchemy 2 models (the migrations create the same schema)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (SQLite has no time zones), read back as timezone-aware UTC."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# JSON everywhere, JSONB on PostgreSQL; Python None is SQL NULL (not JSON null).
JsonType = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JsonType, datetime: UTCDateTime}


class TaskTable(Base):
    __tablename__ = "tasks"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # FIFO order within a priority: a sequence on PostgreSQL, assigned under the write lock on SQLite.
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    spec: Mapped[dict[str, Any]]
    batch: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    # Runs started (one per claim, one per retry on a fresh tab); never taken back, so each run
    # has its own number. Runs handed back at a shutdown are counted apart, in `handbacks`.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    handbacks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    result: Mapped[dict[str, Any] | None]
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_by: Mapped[str | None] = mapped_column(String(200))
    # The task's shape key (ghosttab.replay.key): tasks of one shape share a replayable path.
    shape: Mapped[str | None] = mapped_column(String(64), index=True)


# The claim order: priority rank descending, then FIFO by seq; and lapsed leases by expiry.
Index("ix_tasks_queue", TaskTable.status, TaskTable.priority.desc(), TaskTable.seq)
Index("ix_tasks_lease", TaskTable.status, TaskTable.lease_expires_at)
# Lists filtered by status, in submission order (keyset pages on seq). Text and site filters use
# trigram indexes the migration 0006 makes outside these models (pg_trgm; FTS5 `tasks_text`).
Index("ix_tasks_status_seq", TaskTable.status, TaskTable.seq)
Index("ix_tasks_finished_at", TaskTable.finished_at)  # the metrics window
TEXT_INDEX_TABLE = "tasks_text"
# Made by the migrations alone (the FTS5 table and its shadow tables, the pg_trgm indexes): a
# comparison of the database with these models leaves them out.
MIGRATION_ONLY_PREFIXES = (TEXT_INDEX_TABLE, "ix_tasks_text_trgm", "ix_tasks_start_url_trgm")
# What the text filter searches on PostgreSQL, as its trigram index is built: the goal, a unit
# separator (which no trigram and no searched text holds), the id.
PG_GOAL_AND_ID = "(spec ->> 'goal') || chr(31) || id"


def modelled(name: str | None) -> bool:
    return not (name or "").startswith(MIGRATION_ONLY_PREFIXES)


class StepTable(Base):
    __tablename__ = "steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(String(200), ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    step: Mapped[int] = mapped_column(Integer)
    # The worker whose claim the step ran under (the task's lease owner when it was recorded).
    claim: Mapped[str | None] = mapped_column(String(200))
    committed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    action: Mapped[dict[str, Any]]
    tier: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[dict[str, Any] | None]
    url: Mapped[str] = mapped_column(Text)
    page_hash: Mapped[str] = mapped_column(String(128))
    duration_ms: Mapped[float] = mapped_column(Float)
    tokens: Mapped[int] = mapped_column(Integer)
    cost_usd: Mapped[float] = mapped_column(Float)
    screenshot: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]


class ArtifactTable(Base):
    __tablename__ = "artifacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(String(200), ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    path: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class RecoveryTable(Base):
    __tablename__ = "recovery_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(String(200), ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    step: Mapped[int] = mapped_column(Integer)
    error_kind: Mapped[str] = mapped_column(String(20))
    error: Mapped[dict[str, Any]]
    strategy: Mapped[str] = mapped_column(String(60))
    outcome: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime]


class PathCacheTable(Base):
    __tablename__ = "path_cache"

    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    site: Mapped[str] = mapped_column(String(300), index=True)
    goal_template: Mapped[str] = mapped_column(Text)
    path: Mapped[dict[str, Any]]
    successes: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)
    heals: Mapped[int] = mapped_column(Integer, default=0)
    failures_in_row: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    saved_s: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]


class SessionTable(Base):
    __tablename__ = "sessions"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    storage_state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
    valid: Mapped[bool] = mapped_column(Boolean, default=True)


class WorkerTable(Base):
    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    host: Mapped[str] = mapped_column(String(300))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime] = mapped_column(index=True)
    info: Mapped[dict[str, Any]]
    stopping: Mapped[bool] = mapped_column(Boolean, default=False)


class EventTable(Base):
    """Typed events (`ghosttab.store.event_ops`), numbered in the order they were written."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    type: Mapped[str] = mapped_column(String(40))
    task_id: Mapped[str | None] = mapped_column(String(200), index=True)
    payload: Mapped[dict[str, Any]]


class WebhookDeliveryTable(Base):
    """Each attempt to POST a task's result to its webhook_url."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(String(200), index=True)
    url: Mapped[str] = mapped_column(Text)
    attempt: Mapped[int] = mapped_column(Integer)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    delivered: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime]


class LiveFrameTable(Base):
    """The latest frame of a task someone watches live (`ghosttab.store.live_ops`)."""

    __tablename__ = "live_frames"

    task_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # When a viewer last asked: a worker takes frames only of tasks asked for recently.
    requested_at: Mapped[datetime]
    frame: Mapped[bytes | None] = mapped_column(LargeBinary)
    frame_at: Mapped[datetime | None]
    frames: Mapped[int] = mapped_column(Integer, default=0)
