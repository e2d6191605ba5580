"""initial schema: tasks, steps, artifacts, recovery attempts, path cache, sessions, workers

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
STAMP = sa.DateTime(timezone=False)  # naive UTC, see tables.UTCDateTime


def _task_id() -> sa.Column[str]:
    return sa.Column(
        "task_id", sa.String(200), sa.ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True
    )


def upgrade() -> None:
    on_postgres = op.get_bind().dialect.name == "postgresql"
    if on_postgres:
        op.execute("CREATE SEQUENCE tasks_seq_seq")
    seq_default = sa.text("nextval('tasks_seq_seq')") if on_postgres else None
    op.create_table(
        "tasks",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("seq", sa.BigInteger(), nullable=False, unique=True, server_default=seq_default),
        sa.Column("spec", JSON, nullable=False),
        sa.Column("batch", sa.String(200), nullable=True, index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(200), nullable=True),
        sa.Column("lease_expires_at", STAMP, nullable=True),
        sa.Column("started_at", STAMP, nullable=True),
        sa.Column("finished_at", STAMP, nullable=True),
        sa.Column("result", JSON, nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("completed_by", sa.String(200), nullable=True),
    )
    if on_postgres:
        op.execute("ALTER SEQUENCE tasks_seq_seq OWNED BY tasks.seq")
    op.create_index("ix_tasks_queue", "tasks", ["status", sa.text("priority DESC"), "seq"])
    op.create_index("ix_tasks_lease", "tasks", ["status", "lease_expires_at"])

    op.create_table(
        "steps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _task_id(),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("action", JSON, nullable=False),
        sa.Column("tier", sa.String(40), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", JSON, nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("page_hash", sa.String(128), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        sa.Column("cost_usd", sa.Float(), nullable=False),
        sa.Column("screenshot", sa.Text(), nullable=True),
        sa.Column("at", STAMP, nullable=False),
    )
    op.create_table(
        "artifacts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _task_id(),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
    )
    op.create_table(
        "recovery_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _task_id(),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("error_kind", sa.String(20), nullable=False),
        sa.Column("error", JSON, nullable=False),
        sa.Column("strategy", sa.String(60), nullable=False),
        sa.Column("outcome", sa.String(60), nullable=False),
        sa.Column("at", STAMP, nullable=False),
    )
    op.create_table(
        "path_cache",
        sa.Column("key", sa.String(500), primary_key=True),
        sa.Column("site", sa.String(300), nullable=False, index=True),
        sa.Column("goal_template", sa.Text(), nullable=False),
        sa.Column("path", JSON, nullable=False),
        sa.Column("successes", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("storage_state", JSON, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "workers",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("host", sa.String(300), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", STAMP, nullable=False),
        sa.Column("heartbeat_at", STAMP, nullable=False, index=True),
        sa.Column("info", JSON, nullable=False),
        sa.Column("stopping", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    for table in ("workers", "sessions", "path_cache", "recovery_attempts", "artifacts", "steps", "tasks"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE IF EXISTS tasks_seq_seq")
