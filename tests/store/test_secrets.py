"""Secret values never reach the database: only their names are stored."""

from __future__ import annotations

from pathlib import Path

import psycopg

from ghosttab.result import StepRecord
from ghosttab.store import Store

from .helpers import make_spec, result_for

SECRET = "hunter2-Zq9-never-stored"


async def _run_task_with_a_secret(store: Store) -> None:
    spec = make_spec("login", secrets={"password": SECRET, "username": "buyer1"})
    assert spec.secret_values()["password"] == SECRET
    await store.submit([spec], batch="secret-batch")
    [claimed] = await store.claim("w1")
    assert claimed.secret_names == ["password", "username"]
    action = {"kind": "type", "secret": "password", "target": {"index": 2}}
    await store.record_step(StepRecord(task_id="login", step=1, action=action))
    await store.complete("login", "w1", result_for("login"))


async def test_sqlite_file_bytes_hold_no_secret_value(tmp_path: Path) -> None:
    path = tmp_path / "gt.db"
    store = Store.open(str(path))
    try:
        await _run_task_with_a_secret(store)
        files = sorted(tmp_path.glob("gt.db*"))  # the database, its WAL and shared-memory files
        stored = b"".join(file.read_bytes() for file in files)
    finally:
        store.close()
    assert b"secret-batch" in stored  # the data did reach these files
    assert b"password" in stored  # by name
    assert SECRET.encode() not in stored


async def test_postgres_rows_hold_no_secret_value(pg_url: str) -> None:
    from .conftest import empty_pg

    store = Store.open(empty_pg(pg_url))
    try:
        await _run_task_with_a_secret(store)
    finally:
        store.close()
    with psycopg.connect(pg_url) as conn:
        dumped = "".join(
            str(conn.execute(f"SELECT coalesce(string_agg(t::text, ''), '') FROM {table} t").fetchone())
            for table in ("tasks", "steps", "artifacts", "recovery_attempts")
        )
    assert "secret-batch" in dumped
    assert "password" in dumped
    assert SECRET not in dumped
