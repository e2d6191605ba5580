"""apibench: indexes for listing tasks at 100k rows: status in submission order, finish time (the
metrics window), and a trigram index over each task's goal, start URL and id (pg_trgm on
PostgreSQL, an FTS5 trigram table kept by triggers on SQLite), so a text or site filter stops
scanning every row

Revision ID: 0007_apibench
Revises: 0006_ui
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

from ghosttab.store.tables import PG_GOAL_AND_ID

revision: str = "0007_apibench"
down_revision: str | None = "0006_ui"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_TEXT = [
    # The FTS5 table's rowid is the task's seq; spec never changes after a task is stored.
    "CREATE VIRTUAL TABLE tasks_text USING fts5(goal, start_url, task_id, tokenize='trigram')",
    "INSERT INTO tasks_text(rowid, goal, start_url, task_id) SELECT seq, coalesce(json_extract(spec, "
    "'$.goal'), ''), coalesce(json_extract(spec, '$.start_url'), ''), id FROM tasks",
    "CREATE TRIGGER tasks_text_insert AFTER INSERT ON tasks BEGIN INSERT INTO tasks_text"
    "(rowid, goal, start_url, task_id) VALUES (new.seq, coalesce(json_extract(new.spec, '$.goal'), ''), "
    "coalesce(json_extract(new.spec, '$.start_url'), ''), new.id); END",
    "CREATE TRIGGER tasks_text_delete AFTER DELETE ON tasks BEGIN "
    "DELETE FROM tasks_text WHERE rowid = old.seq; END",
]
# The goal and the id share one index: a trigram index on `id` alone would offer itself for
# `id = …` and `id IN (…)`, and the planner takes it over the primary key before ANALYZE.
POSTGRES_TEXT = [
    f"CREATE INDEX ix_tasks_text_trgm ON tasks USING gin (({PG_GOAL_AND_ID}) gin_trgm_ops)",
    "CREATE INDEX ix_tasks_start_url_trgm ON tasks USING gin ((spec ->> 'start_url') gin_trgm_ops)",
]


def upgrade() -> None:
    op.create_index("ix_tasks_status_seq", "tasks", ["status", "seq"])
    op.create_index("ix_tasks_finished_at", "tasks", ["finished_at"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_TEXT:
            op.execute(statement)
    elif dialect == "postgresql" and _pg_trgm_ready():
        for statement in POSTGRES_TEXT:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS tasks_text_delete")
        op.execute("DROP TRIGGER IF EXISTS tasks_text_insert")
        op.execute("DROP TABLE IF EXISTS tasks_text")
    elif dialect == "postgresql":
        for name in ("ix_tasks_start_url_trgm", "ix_tasks_text_trgm"):
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_tasks_finished_at", table_name="tasks")
    op.drop_index("ix_tasks_status_seq", table_name="tasks")


def _pg_trgm_ready() -> bool:
    """pg_trgm ships with PostgreSQL's contrib and is a trusted extension; where it is missing or
    may not be created, text filters still work, by scanning."""
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first() is None:
        return False
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError:
        return False
    return True
