"""path cache statistics and lifetime; each task's shape

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMP = sa.DateTime(timezone=False)  # naive UTC, see tables.UTCDateTime

PATH_COLUMNS: list[sa.Column[object]] = [
    sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    sa.Column("heals", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("failures_in_row", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("saved_s", sa.Float(), nullable=False, server_default="0"),
    sa.Column("created_at", STAMP, nullable=True),
    sa.Column("expires_at", STAMP, nullable=True),
]


def upgrade() -> None:
    with op.batch_alter_table("path_cache") as table:
        for column in PATH_COLUMNS:
            table.add_column(column)
    with op.batch_alter_table("tasks") as table:
        table.add_column(sa.Column("shape", sa.String(64), nullable=True))
    op.create_index("ix_tasks_shape", "tasks", ["shape"])


def downgrade() -> None:
    op.drop_index("ix_tasks_shape", table_name="tasks")
    with op.batch_alter_table("tasks") as table:
        table.drop_column("shape")
    with op.batch_alter_table("path_cache") as table:
        for column in reversed(PATH_COLUMNS):
            table.drop_column(column.name)
