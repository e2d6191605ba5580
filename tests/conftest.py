"""Shared fixtures: one demo-site server for the session, a SQLite store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghosttab.demo.server import DemoServer


@pytest.fixture(scope="session")
def demo_url() -> Iterator[str]:
    """The demo site `make test` started (GHOSTTAB_DEMO_URL), or one started here for this session."""
    shared = os.environ.get("GHOSTTAB_DEMO_URL")
    if shared:
        yield shared.rstrip("/")
        return
    with DemoServer() as server:
        yield server.url


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ghosttab.db"
