"""PostgreSQL for tests: find the server (start the local cluster once if down), make throwaway databases.

A test that needs PostgreSQL fails when it is unreachable and CI=true, and is skipped otherwise.
"""

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

PG_ADMIN_URL = os.environ.get("GHOSTTAB_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pg_error(url: str = PG_ADMIN_URL) -> str | None:
    """Why `url` cannot be reached, or None when it can."""
    try:
        with psycopg.connect(url, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).splitlines()[0]
    return None


def start_local_cluster() -> None:
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
        if pg_error() is None:
            return
        time.sleep(0.5)


def require_pg() -> str:
    """The admin URL of a reachable server; fails the test in CI, skips it elsewhere."""
    error = pg_error()
    if error is not None:
        start_local_cluster()
        error = pg_error()
    if error is not None:
        message = f"PostgreSQL unreachable at {PG_ADMIN_URL}: {error}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return PG_ADMIN_URL


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@contextmanager
def new_pg_database(admin_url: str, prefix: str = "gt_test") -> Iterator[str]:
    """An empty database of its own, dropped afterwards (even when clients are still connected)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
