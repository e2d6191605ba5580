"""The strict address policy of `ghosttab serve` on the worker's navigations, on loopback only: the
server allows 127.0.0.1; a page there that redirects to 127.0.0.2 ends its task with a POLICY error
before any request reaches 127.0.0.2."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from tests.api.server import Served
from tests.api.test_service import read_events


class _Refused(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"internal")

    def log_message(self, *_args: Any) -> None:
        pass


class _Redirecting(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", f"{self.target}/internal")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def redirect_to_refused() -> Iterator[str]:
    refused = ThreadingHTTPServer(("127.0.0.2", 0), _Refused)
    site = ThreadingHTTPServer(("127.0.0.1", 0), _Redirecting)
    _Redirecting.target = f"http://127.0.0.2:{refused.server_address[1]}"
    for server in (refused, site):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}/start"
    for server in (refused, site):
        server.shutdown()
        server.server_close()


def test_a_redirect_to_a_refused_loopback_address_ends_the_task_with_policy(
    served: Served, redirect_to_refused: str
) -> None:
    task = {"id": "api-redirect", "goal": "Open the page", "start_url": redirect_to_refused,
            "success": {"text": "internal"}, "max_steps": 4}  # fmt: skip
    with served.client() as client:
        assert client.post("/api/tasks", json=task).status_code == 201
        events = read_events(served, "api-redirect", {"SUCCEEDED", "FAILED", "NEEDS_REVIEW"})
        assert events[-1]["status"] == "FAILED"
        stored = client.get("/api/tasks/api-redirect").json()
    assert stored["result"]["error"]["kind"] == "POLICY", stored["result"]["error"]
    assert _Refused.hits == []
