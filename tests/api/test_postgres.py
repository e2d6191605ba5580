"""The service on PostgreSQL: submit, the SSE stream from the shared event log, completion."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.api.server import ghosttab_serve
from tests.api.test_service import read_events
from tests.pg import new_pg_database, require_pg


@pytest.mark.postgres
def test_serve_on_postgres_streams_a_task_to_its_end(tmp_path: Path, demo_url: str) -> None:
    with new_pg_database(require_pg(), "gt_api") as url, ghosttab_serve(tmp_path, db=url) as served:
        task = {"id": "pg-1", "goal": "Open the page", "start_url": f"{demo_url}/lab/", "max_steps": 3}
        with served.client() as client:
            assert client.post("/api/tasks", json=task).status_code == 201
            events = read_events(served, "pg-1", {"SUCCEEDED", "FAILED", "NEEDS_REVIEW"})
            assert events[0]["type"] == "task.submitted" and events[-1]["type"] == "task.status"
            assert client.get("/api/tasks/pg-1").json()["status"] == events[-1]["status"]
            assert client.get("/api/health").json()["dialect"] == "postgresql"
