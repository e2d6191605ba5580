"""Store fixtures: a real SQLite file per test, and a real PostgreSQL database per test session."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from ghosttab.store import Store

PG_ADMIN_URL = os.environ.get("GHOSTTAB_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
# Children before parents; DELETE is much quicker than TRUNCATE on tables this small.
STORE_TABLES = ("steps", "artifacts", "recovery_attempts", "tasks", "path_cache", "sessions", "workers")
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _pg_error() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).splitlines()[0]
    return None


def _start_local_cluster() -> None:
    """One attempt to start the machine's own PostgreSQL cluster."""
    versions = sorted(Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").is_dir() else []
    if not versions:
        return
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "start"],
        check=False,
        capture_output=True,
        timeout=60,
    )
    for _ in range(20):
        if _pg_error() is None:
            return
        time.sleep(0.5)


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of a reachable PostgreSQL server (started once if it is down)."""
    error = _pg_error()
    if error is not None:
        _start_local_cluster()
        error = _pg_error()
    if error is not None:
        message = f"PostgreSQL unreachable at {PG_ADMIN_URL}: {error}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return PG_ADMIN_URL


@contextmanager
def new_pg_database(admin_url: str) -> Iterator[str]:
    """An empty database of its own, dropped afterwards."""
    name = f"gt_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_url(pg_server: str) -> Iterator[str]:
    """A migrated PostgreSQL database for this test session (each xdist worker has its own)."""
    with new_pg_database(pg_server) as url:
        Store.open(url).close()
        yield url


@pytest.fixture
def fresh_pg_url(pg_server: str) -> Iterator[str]:
    """A PostgreSQL database never opened by a Store."""
    with new_pg_database(pg_server) as url:
        yield url


def empty_pg(url: str) -> str:
    with psycopg.connect(url) as conn:
        for table in STORE_TABLES:
            conn.execute(f"DELETE FROM {table}")
    return url


@pytest.fixture(params=ENGINES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store's URL: a new SQLite file, or the session's PostgreSQL database emptied."""
    if request.param == "sqlite":
        return str(tmp_path / "results" / "ghosttab.db")
    return empty_pg(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    try:
        yield opened
    finally:
        opened.close()
