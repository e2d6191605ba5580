"""Fixtures for the executor tests: one shared Chromium, a fresh context per test, a tiny local site."""

from __future__ import annotations

import html
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from ghosttab.executor import ExecutionContext, Executor


class LocalSite:
    """Serves pages registered by tests, plus a few special routes:

    /status?code=N[&retry_after=S]  an error page with that status
    /attachment?name=F&body=B        a download (Content-Disposition: attachment)
    /echo?...                        a page that shows its query string
    /slow?ms=N                       a page that takes N ms to arrive
    """

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self._ids = itertools.count(1)
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/status":
                    headers = {"Retry-After": query["retry_after"]} if "retry_after" in query else {}
                    code = int(query["code"])
                    self._send(code, "text/html", f"<h1>status {code}</h1>".encode(), headers)
                elif parts.path == "/attachment":
                    name = query.get("name", "file.bin")
                    self._send(
                        200,
                        "application/octet-stream",
                        query.get("body", "").encode(),
                        {"Content-Disposition": f'attachment; filename="{name}"'},
                    )
                elif parts.path == "/slow":
                    time.sleep(int(query.get("ms", "500")) / 1000)
                    self._send(200, "text/html", b"<h1 id=arrived>arrived</h1>", {})
                elif parts.path == "/echo":
                    shown = html.escape(parts.query)
                    self._send(200, "text/html", f"<h1>echo</h1><p id=q>{shown}</p>".encode(), {})
                elif parts.path in pages:
                    self._send(200, "text/html; charset=utf-8", pages[parts.path].encode(), {})
                else:
                    self._send(404, "text/html", b"<h1>not found</h1>", {})

            def _send(self, code: int, kind: str, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, body: str, *, path: str | None = None) -> str:
        """Register a page (wrapped in a minimal document) and return its 127.0.0.1 URL."""
        path = path or f"/p{next(self._ids)}"
        self.pages[path] = f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>"
        return self.url + path

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def site() -> Iterator[LocalSite]:
    server = LocalSite()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


MakeExecutor = Callable[..., Executor]


@pytest.fixture
def make_executor(tmp_path: Path) -> MakeExecutor:
    """An Executor over a context with sensible test defaults; keyword arguments override them."""

    def make(**overrides: object) -> Executor:
        fields: dict[str, object] = {
            "data": {},
            "secrets": {},
            "allowed_domains": ["127.0.0.1"],
            "downloads_dir": tmp_path / "downloads",
            "action_timeout_s": 3.0,
            "navigation_timeout_s": 10.0,
        }
        fields.update(overrides)
        return Executor(ExecutionContext.model_validate(fields))

    return make
