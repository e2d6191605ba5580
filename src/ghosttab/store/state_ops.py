"""Keyed state the fleet shares: browser sessions, the path cache and the worker registry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql, sqlite

from ghosttab.lifecycle import WorkerState
from ghosttab.store.database import Database, utc_now
from ghosttab.store.rows import PathRow, WorkerRow
from ghosttab.store.tables import Base, PathCacheTable, SessionTable, WorkerTable


def _upsert(
    db: Database, conn: Connection, entity: type[Base], values: dict[str, Any], update_cols: list[str]
) -> None:
    """Insert, or update `update_cols` of the row with the same primary key."""
    insert = sqlite.insert(entity) if db.is_sqlite else postgresql.insert(entity)
    stmt = insert.values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[column.name for column in sa_inspect(entity).primary_key],
        set_={name: stmt.excluded[name] for name in update_cols},
    )
    conn.execute(stmt)


# Sessions ------------------------------------------------------------------------------------


def load_session(db: Database, key: str) -> dict[str, Any] | None:
    """A session's storage state, or None when there is none or it was invalidated."""
    with db.read(single=True) as conn:
        state = conn.scalar(
            select(SessionTable.storage_state).where(SessionTable.key == key, SessionTable.valid.is_(True))
        )
    return dict(state) if state is not None else None


def save_session(db: Database, key: str, state: dict[str, Any]) -> None:
    values = {"key": key, "storage_state": state, "updated_at": utc_now(), "valid": True}
    with db.write(single=True) as conn:
        _upsert(db, conn, SessionTable, values, ["storage_state", "updated_at", "valid"])


def delete_session(db: Database, key: str) -> None:
    with db.write(single=True) as conn:
        conn.execute(delete(SessionTable).where(SessionTable.key == key))


def invalidate_session(db: Database, key: str) -> None:
    with db.write(single=True) as conn:
        conn.execute(
            update(SessionTable).where(SessionTable.key == key).values(valid=False, updated_at=utc_now())
        )


# Path cache ----------------------------------------------------------------------------------


def _path_row(row: Any) -> PathRow:
    return PathRow.model_validate(row, from_attributes=True)


def get_path(db: Database, key: str) -> PathRow | None:
    with db.read(single=True) as conn:
        row = conn.execute(select(PathCacheTable).where(PathCacheTable.key == key)).first()
    return None if row is None else _path_row(row)


def list_paths(db: Database, site: str | None = None) -> list[PathRow]:
    query = select(PathCacheTable).order_by(PathCacheTable.site, PathCacheTable.goal_template)
    if site is not None:
        query = query.where(PathCacheTable.site == site)
    with db.read(single=True) as conn:
        return [_path_row(row) for row in conn.execute(query).all()]


def save_path(
    db: Database,
    key: str,
    site: str,
    goal_template: str,
    path: dict[str, Any],
    version: int = 1,
    expires_at: datetime | None = None,
) -> None:
    """Store a path, or replace the one of its key with this newer version (it serves again: a
    retired path's failures are forgotten; its successes, heals and time saved are kept)."""
    now = utc_now()
    values = {
        "key": key, "site": site, "goal_template": goal_template, "path": path, "version": version,
        "successes": 0, "heals": 0, "failures": 0, "failures_in_row": 0, "retired": False, "saved_s": 0.0,
        "created_at": now, "updated_at": now, "expires_at": expires_at,
    }  # fmt: skip
    replaced = [
        "site",
        "goal_template",
        "path",
        "version",
        "failures_in_row",
        "retired",
        "updated_at",
        "expires_at",
    ]
    with db.write(single=True) as conn:
        _upsert(db, conn, PathCacheTable, values, replaced)


def path_replayed(db: Database, key: str, healed: bool, saved_s: float) -> None:
    """A task replayed the path and succeeded (healed or not)."""
    table = PathCacheTable
    counts = {table.heals: table.heals + 1} if healed else {}
    with db.write(single=True) as conn:
        conn.execute(
            update(table).where(table.key == key).values({
                table.successes: table.successes + 1, table.failures_in_row: 0,
                table.saved_s: table.saved_s + max(saved_s, 0.0), table.updated_at: utc_now(), **counts,
            })
        )  # fmt: skip


def path_failed(db: Database, key: str, retire_after: int) -> bool:
    """A task that replayed the path failed; True when that retired it."""
    table = PathCacheTable
    with db.write(single=True) as conn:
        conn.execute(
            update(table).where(table.key == key).values({
                table.failures: table.failures + 1, table.failures_in_row: table.failures_in_row + 1,
                table.updated_at: utc_now(),
            })
        )  # fmt: skip
        retired = conn.execute(
            update(table)
            .where(table.key == key, table.failures_in_row >= retire_after, table.retired.is_(False))
            .values(retired=True)
        ).rowcount
    return bool(retired)


def delete_paths(db: Database, site: str | None = None, key: str | None = None) -> int:
    query = delete(PathCacheTable)
    if site is not None:
        query = query.where(PathCacheTable.site == site)
    if key is not None:
        query = query.where(PathCacheTable.key == key)
    with db.write(single=True) as conn:
        return int(conn.execute(query).rowcount)


# Workers -------------------------------------------------------------------------------------


def register_worker(db: Database, worker_id: str, host: str, pid: int, info: dict[str, Any]) -> None:
    now = utc_now()
    values = {
        "id": worker_id,
        "host": host,
        "pid": pid,
        "started_at": now,
        "heartbeat_at": now,
        "info": info,
        "stopping": False,
    }
    with db.write(single=True) as conn:
        _upsert(
            db,
            conn,
            WorkerTable,
            values,
            ["host", "pid", "started_at", "heartbeat_at", "info", "stopping"],
        )


def worker_heartbeat(db: Database, worker_id: str) -> bool:
    """Refresh a worker's heartbeat; True if it asked to be stopped."""
    with db.write(single=True) as conn:
        stopping = conn.scalar(
            update(WorkerTable)
            .where(WorkerTable.id == worker_id)
            .values(heartbeat_at=utc_now())
            .returning(WorkerTable.stopping)
        )
    return bool(stopping)


def request_worker_stop(db: Database, worker_id: str) -> bool:
    with db.write(single=True) as conn:
        return (
            conn.execute(
                update(WorkerTable).where(WorkerTable.id == worker_id).values(stopping=True)
            ).rowcount
            == 1
        )


def unregister_worker(db: Database, worker_id: str) -> None:
    with db.write(single=True) as conn:
        conn.execute(delete(WorkerTable).where(WorkerTable.id == worker_id))


def live_workers(db: Database, within_s: float) -> list[WorkerRow]:
    return [row for row in workers(db, within_s) if row.state != WorkerState.DEAD]


def workers(db: Database, dead_after_s: float) -> list[WorkerRow]:
    """Every worker row, each marked dead when its last heartbeat is older than `dead_after_s`."""
    since = utc_now() - timedelta(seconds=dead_after_s)
    with db.read(single=True) as conn:
        rows = conn.execute(select(WorkerTable).order_by(WorkerTable.started_at)).all()
    marked = []
    for row in rows:
        state = _worker_state(row.heartbeat_at, row.stopping, since)
        marked.append(WorkerRow(
            id=row.id, host=row.host, pid=row.pid, started_at=row.started_at, heartbeat_at=row.heartbeat_at,
            info=row.info, stopping=row.stopping, state=state,
        ))  # fmt: skip
    return marked


def _worker_state(heartbeat_at: datetime, stopping: bool, since: datetime) -> WorkerState:
    if heartbeat_at < since:
        return WorkerState.DEAD
    return WorkerState.STOPPING if stopping else WorkerState.LIVE


def prune_workers(db: Database, dead_for_s: float) -> int:
    """Forget the workers without a heartbeat for `dead_for_s`; how many rows went."""
    before = utc_now() - timedelta(seconds=dead_for_s)
    with db.write(single=True) as conn:
        return int(conn.execute(delete(WorkerTable).where(WorkerTable.heartbeat_at < before)).rowcount)
