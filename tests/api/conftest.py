"""A served API with its embedded worker (one per module), and one without a worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.api.server import Served, ghosttab_serve


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with ghosttab_serve(tmp_path_factory.mktemp("served")) as server:
        yield server


@pytest.fixture
def queue_only(tmp_path: Path) -> Iterator[Served]:
    """No worker: tasks stay queued, so pause, resume, cancel and the queue limit are seen as they are."""
    with ghosttab_serve(tmp_path / "queue", "--no-worker", "--queue-limit", "3") as server:
        yield server


@pytest.fixture(scope="module")
def queue_only_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with ghosttab_serve(tmp_path_factory.mktemp("schema"), "--no-worker", "--queue-limit", "50") as server:
        yield server
