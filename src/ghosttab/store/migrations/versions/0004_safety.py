"""honest counters: hand-backs counted apart from attempts; each step row names its claim and
whether it committed a side effect

Revision ID: 0004_safety
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_safety"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("handbacks", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("steps") as batch:
        batch.add_column(sa.Column("claim", sa.String(200), nullable=True))
        batch.add_column(sa.Column("committed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("steps") as batch:
        batch.drop_column("committed")
        batch.drop_column("claim")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("handbacks")
