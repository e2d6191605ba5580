"""Tasks of one shape on the demo site, and a fleet configuration on this test's own SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ghosttab import FleetConfig, TaskSpec
from ghosttab.runner import RunnerConfig

# Purchase orders spread over the portal's pages, so each task's search finds a different one.
ORDERS = [f"PO-{10004 + index * 2}" for index in range(25)]


def po_task(demo_url: str, po: str, faults: str = "") -> TaskSpec:
    query = f"?faults={faults}" if faults else ""
    return TaskSpec.model_validate({
        "id": f"po-{po}", "goal": "Download the PDF of purchase order {po_number}",
        "start_url": f"{demo_url}/portal/{query}", "data": {"po_number": po},
        "secrets": {"username": "buyer1", "password": "s3cret"}, "success": {"download": True},
    })  # fmt: skip


def search_task(demo_url: str, words: str) -> TaskSpec:
    return TaskSpec.model_validate({
        "id": f"search-{words}", "goal": f'Type "{words}" into the search box and press Search',
        "start_url": f"{demo_url}/shop/", "success": {"text": f"Results for “{words}”"},
    })  # fmt: skip


@pytest.fixture
def fleet_config(tmp_path: Path) -> Any:
    def make(concurrency: int = 3, db: str | None = None) -> FleetConfig:
        runner = RunnerConfig(artifacts_dir=tmp_path / "artifacts", trace="off", screenshots="off")
        return FleetConfig(db=db or str(tmp_path / "paths.db"), concurrency=concurrency, runner=runner)

    return make
