"""The REST API over real HTTP against `ghosttab serve` with its worker, Chromium and the demo site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.api.server import Served

PASSWORD = "s3cret"  # the demo portal's password: must appear in no response, event, log or database


def portal_task(demo_url: str, task_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": task_id, "goal": "Download the PDF of purchase order {po_number}",
        "start_url": f"{demo_url}/portal/", "data": {"po_number": "PO-10023"},
        "secrets": {"username": "buyer1", "password": PASSWORD}, "session": "portal:buyer1",
        "success": {"download": True}, "max_steps": 20, **extra,
    }  # fmt: skip


def read_events(served: Served, task_id: str, until: set[str], after: int = 0) -> list[dict[str, Any]]:
    """Follow the SSE stream until the task reaches one of `until` (bounded by the read timeout)."""
    events: list[dict[str, Any]] = []
    params = {"task_id": task_id, "after": str(after)}
    with httpx.stream("GET", f"{served.url}/api/events", params=params, headers=served.headers,
                      timeout=httpx.Timeout(10, read=120)) as response:  # fmt: skip
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if not line.startswith("data: "):
                continue
            event = json.loads(line[6:])
            events.append(event)
            if event["type"] == "task.status" and event["status"] in until:
                break
    return events


def test_health_needs_no_token_and_everything_else_does(served: Served) -> None:
    assert httpx.get(f"{served.url}/api/health").json()["ok"] is True
    for path in ("/api/tasks", "/api/queue", "/api/metrics", "/api/events", "/metrics"):
        response = httpx.get(f"{served.url}{path}", headers={"Authorization": "Bearer wrong-token-000000"})
        assert response.status_code == 401, path
        assert response.json()["code"] == "unauthorized"
        assert httpx.get(f"{served.url}{path}").status_code == 401


def test_submit_stream_complete_then_steps_artifacts_and_retry(served: Served, demo_url: str) -> None:
    meta = {"ticket": "T-77", "nested": {"a": [1, 2]}}
    with served.client() as client:
        submitted = client.post(
            "/api/tasks", json=portal_task(demo_url, "api-po-1", metadata=meta, chain_id="c-9")
        )
        assert submitted.status_code == 201, submitted.text
        assert submitted.json()["added"] == ["api-po-1"]
        events = read_events(served, "api-po-1", {"SUCCEEDED", "FAILED", "NEEDS_REVIEW"})
        kinds = [e["type"] for e in events]
        assert kinds[0] == "task.submitted" and "task.step" in kinds
        assert events[-1]["status"] == "SUCCEEDED"
        task = client.get("/api/tasks/api-po-1").json()
        assert task["status"] == "SUCCEEDED"
        assert task["metadata"] == meta and task["chain_id"] == "c-9"
        assert task["secret_names"] == ["password", "username"]
        steps = client.get("/api/tasks/api-po-1/steps").json()["steps"]
        assert steps and all("tier" in s and "duration_ms" in s for s in steps)
        artifacts = client.get("/api/tasks/api-po-1/artifacts").json()["artifacts"]
        kinds_of_files = {a["kind"] for a in artifacts}
        assert "screenshot" in kinds_of_files, artifacts
        shot = next(a for a in artifacts if a["kind"] == "screenshot")
        image = client.get(shot["url"])
        assert image.status_code == 200 and image.content[:4] == b"\x89PNG"
        # Retry a finished task: it runs again, and the stream resumes after the last event seen.
        last = events[-1]["id"]
        assert client.post("/api/tasks/api-po-1/retry").json()["status"] == "QUEUED"
        again = read_events(served, "api-po-1", {"SUCCEEDED", "FAILED", "NEEDS_REVIEW"}, after=last)
        assert all(e["id"] > last for e in again) and again[-1]["status"] == "SUCCEEDED"


def test_list_filters_and_cursor_pagination(served: Served, demo_url: str) -> None:
    specs = [{"id": f"page-{i}", "goal": "Open the page", "start_url": f"{demo_url}/lab/", "priority": "low"}
             for i in range(5)]  # fmt: skip
    with served.client() as client:
        assert client.post("/api/tasks", json={"tasks": specs, "batch": "pages"}).status_code == 201
        seen: list[str] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"batch": "pages", "limit": 2, **({"cursor": cursor} if cursor else {})}
            page = client.get("/api/tasks", params=params).json()
            seen += [t["id"] for t in page["tasks"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == [f"page-{i}" for i in range(5)]
        found = client.get("/api/tasks", params={"text": "page-3"}).json()["tasks"]
        assert [t["id"] for t in found] == ["page-3"]
        assert client.get("/api/tasks", params={"site": "/lab/", "batch": "pages"}).json()["tasks"]
        assert client.get("/api/tasks", params={"site": "/nowhere/"}).json()["tasks"] == []


def test_pause_resume_cancel_and_conflicts(queue_only: Served, demo_url: str) -> None:
    with queue_only.client() as client:
        client.post("/api/tasks", json={"id": "q-1", "goal": "Open it", "start_url": f"{demo_url}/lab/"})
        assert client.post("/api/tasks/q-1/pause").json()["status"] == "PAUSED"
        assert client.post("/api/tasks/q-1/pause").status_code == 409
        assert client.post("/api/tasks/q-1/resume").json()["status"] == "QUEUED"
        assert client.post("/api/tasks/q-1/cancel").json()["status"] == "CANCELLED"
        conflict = client.post("/api/tasks/q-1/resume")
        assert conflict.status_code == 409 and conflict.json()["field"] == "status"
        assert client.post("/api/tasks/nope/cancel").json()["code"] == "not_found"
        events = client.get("/api/events", params={"task_id": "q-1", "follow": "false"}).text
        statuses = [
            json.loads(line[6:]).get("status") for line in events.splitlines() if line.startswith("data: ")
        ]
        assert statuses == ["QUEUED", "PAUSED", "QUEUED", "CANCELLED"]


def test_queue_limit_answers_429_with_retry_after(queue_only: Served, demo_url: str) -> None:
    with queue_only.client() as client:
        specs = [{"id": f"full-{i}", "goal": "Open it", "start_url": f"{demo_url}/lab/"} for i in range(3)]
        assert client.post("/api/tasks", json={"tasks": specs}).status_code == 201
        refused = client.post(
            "/api/tasks", json={"id": "one-more", "goal": "x", "start_url": f"{demo_url}/lab/"}
        )
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.json()["code"] == "queue_full"
        queue = client.get("/api/queue").json()
        assert queue["queued"] == 3 and queue["pressure"] is True


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.7/", "http://192.168.1.1/", "http://169.254.169.254/latest/", "http://127.0.0.2/",
     "http://[::1]/", "http://100.64.0.1/", "file:///etc/passwd", "ftp://127.0.0.1/"],
)  # fmt: skip
def test_refused_address_classes_at_submission(queue_only: Served, url: str) -> None:
    with queue_only.client() as client:
        refused = client.post("/api/tasks", json={"tasks": [{"goal": "x", "start_url": url}]})
        assert refused.status_code == 422
        assert refused.json()["field"] == "tasks.0.start_url"


def test_422_names_the_field_and_never_echoes_a_secret(queue_only: Served, demo_url: str) -> None:
    with queue_only.client() as client:
        bad = client.post("/api/tasks", json={"goal": "x", "start_url": f"{demo_url}/", "max_steps": 0})
        assert bad.status_code == 422 and bad.json()["field"] == "max_steps"
        short = client.post(
            "/api/tasks", json={"goal": "x", "start_url": f"{demo_url}/", "secrets": {"pin": "12"}}
        )
        assert short.status_code == 422 and short.json()["field"] == "secrets.pin"
        assert "12" not in short.json()["message"]
        extra = client.post("/api/tasks", json={"goal": "x", "start_url": f"{demo_url}/", "nope": PASSWORD})
        assert extra.status_code == 422 and extra.json()["field"] == "nope" and PASSWORD not in extra.text
        huge = client.post("/api/tasks", content=b"{" + b" " * 6_000_000 + b"}",
                           headers={"Content-Type": "application/json"})  # fmt: skip
        assert huge.status_code == 413


def test_csv_upload_makes_tasks_and_reports_bad_rows(
    queue_only: Served, demo_url: str, tmp_path: Path
) -> None:
    csv_text = (
        f"id,goal,start_url,data.name\nup-1,Find {{name}},{demo_url}/lab/,Eden\nup-2,,{demo_url}/lab/,x\n"
    )
    with queue_only.client() as client:
        made = client.post("/api/tasks/upload", files={"file": ("tasks.csv", csv_text, "text/csv")})
        assert made.status_code == 201, made.text
        body = made.json()
        assert body["added"] == ["up-1"]
        assert body["errors"][0]["row"] == 3 and body["errors"][0]["field"] == "goal"


def test_prometheus_exposition(served: Served) -> None:
    text = httpx.get(f"{served.url}/metrics", headers=served.headers).text
    for name in ("ghosttab_tasks", "ghosttab_step_duration_seconds_bucket", "ghosttab_pool_in_use",
                 "ghosttab_pool_warm", "ghosttab_decider_calls", "ghosttab_retries"):  # fmt: skip
        assert name in text, name


def test_no_secret_in_db_logs_events_or_responses(served: Served, demo_url: str) -> None:
    """Runs last in this module: every task above has been through the store and the worker."""
    with served.client() as client:
        bodies = [
            client.get(path).text
            for path in ("/api/tasks?limit=500", "/api/queue", "/api/metrics", "/metrics")
        ]
        for task in client.get("/api/tasks", params={"limit": 500}).json()["tasks"]:
            for part in ("", "/steps", "/artifacts"):
                bodies.append(client.get(f"/api/tasks/{task['id']}{part}").text)
        bodies.append(client.get("/api/events", params={"follow": "false"}).text)
    needle = PASSWORD.encode()
    assert not any(PASSWORD in body for body in bodies)
    assert needle not in served.log.read_bytes()
    for file in served.db.parent.glob("service.db*"):
        assert needle not in file.read_bytes(), file
