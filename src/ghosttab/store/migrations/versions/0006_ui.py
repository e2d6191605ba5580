"""live_frames: the latest frame of each task someone watches live

Revision ID: 0006_ui
Revises: 0005_events
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_ui"
down_revision: str | None = "0005_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "live_frames",
        sa.Column("task_id", sa.String(200), primary_key=True),
        sa.Column("requested_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("frame", sa.LargeBinary(), nullable=True),
        sa.Column("frame_at", sa.DateTime(timezone=False), nullable=True),
        sa.Column("frames", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("live_frames")
