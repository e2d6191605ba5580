"""Store fixtures: a real SQLite file per test, and a real PostgreSQL database per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from ghosttab.store import Store
from pg import new_pg_database, require_pg

# Children before parents; DELETE is much quicker than TRUNCATE on tables this small.
STORE_TABLES = ("steps", "artifacts", "recovery_attempts", "tasks", "path_cache", "sessions", "workers")
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of a reachable PostgreSQL server (started once if it is down)."""
    return require_pg()


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
