"""Fixtures for the worker tests: a FleetConfig factory on a fresh SQLite file, a PostgreSQL database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest

from ghosttab.config import FleetConfig
from ghosttab.runner import RunnerConfig
from ghosttab.store import Store
from pg import new_pg_database, require_pg


class MakeConfig(Protocol):
    def __call__(self, **extra: Any) -> FleetConfig: ...


@pytest.fixture
def make_config(tmp_path: Path) -> MakeConfig:
    """A FleetConfig on this test's own SQLite file; traces and screenshots off unless asked for."""

    def make(**extra: Any) -> FleetConfig:
        fields: dict[str, Any] = {
            "db": str(tmp_path / "fleet.db"),
            "concurrency": 2,
            "runner": RunnerConfig(artifacts_dir=tmp_path / "artifacts", trace="off", screenshots="off"),
        }
        return FleetConfig(**(fields | extra))

    return make


@pytest.fixture(scope="module")
def pg_db() -> Iterator[str]:
    """A migrated PostgreSQL database of this test module's own, dropped afterwards."""
    admin = require_pg()
    with new_pg_database(admin, prefix="gt_worker") as url:
        Store.open(url).close()
        yield url


async def wait_until(
    check: Callable[[], Awaitable[bool]], timeout_s: float, what: str, every_s: float = 0.2
) -> None:
    """Poll `check` until it holds; fail the test naming `what` when `timeout_s` passes first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not await check():
        if loop.time() > deadline:
            pytest.fail(f"timed out after {timeout_s:g} s waiting for {what}")
        await asyncio.sleep(every_s)
