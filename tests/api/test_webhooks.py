"""A webhook delivered to a local receiver with a valid signature, retried after a first failure."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from tests.api.server import Served


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.fail_first = 1

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers.items()), body))
        failing = self.server.fail_first > 0
        self.server.fail_first -= 1
        self.send_response(500 if failing else 204)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_webhook_is_signed_retried_and_each_attempt_stored(
    served: Served, demo_url: str, receiver: Receiver
) -> None:
    task = {"id": "hooked-1", "goal": "Open the page", "start_url": f"{demo_url}/lab/", "max_steps": 3,
            "webhook_url": receiver.url, "metadata": {"order": 7}, "chain_id": "chain-1"}  # fmt: skip
    with served.client() as client:
        assert client.post("/api/tasks", json=task).status_code == 201
        deliveries: list[dict[str, Any]] = []
        for _ in range(600):  # bounded: the task runs, then two attempts with a back-off between
            deliveries = client.get("/api/tasks/hooked-1/deliveries").json()
            if any(d["delivered"] for d in deliveries):
                break
            time.sleep(0.2)
    assert [(d["attempt"], d["status_code"], d["delivered"]) for d in deliveries] == [
        (1, 500, False),
        (2, 204, True),
    ]
    assert len(receiver.received) == 2
    headers, body = receiver.received[-1]
    expected = "sha256=" + hmac.new(served.token.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Ghosttab-Signature"], expected)
    payload = json.loads(body)
    assert payload["task_id"] == "hooked-1" and payload["chain_id"] == "chain-1"
    assert payload["metadata"] == {"order": 7} and payload["status"] == payload["result"]["status"]


def test_webhook_to_a_refused_address_is_refused_at_submission(served: Served, demo_url: str) -> None:
    task = {"goal": "x", "start_url": f"{demo_url}/lab/", "webhook_url": "http://169.254.169.254/hook"}
    with served.client() as client:
        refused = client.post("/api/tasks", json=task)
    assert refused.status_code == 422 and refused.json()["field"] == "webhook_url"
