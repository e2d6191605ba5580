"""Fixtures for perception tests: one shared Chromium, a fresh page per test, pages served over HTTP."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.async_api import ViewportSize

VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


class PageServer:
    """Serves HTML that tests register; `/slow` answers after half a second; `/stream` sends half a
    document, then the rest (and closes) a second later."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self._ids = itertools.count(1)
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path == "/stream":  # the document's first half, then its second a second later
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.end_headers()
                    self.wfile.write(b"<title>stream</title><h1>Start</h1>" + b" " * 4096)
                    self.wfile.flush()
                    time.sleep(1.0)
                    self.wfile.write(b"<button>Late</button>")
                    return
                if path == "/slow":
                    time.sleep(0.5)
                    body = b"<title>slow</title><h1>Arrived</h1><button>Continue</button>"
                elif path in pages:
                    body = pages[path].encode()
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"

    def add(self, html: str, path: str | None = None) -> str:
        """Register `html` and return its URL."""
        path = path or f"/p{next(self._ids)}"
        self.pages[path] = html
        return self.base + path

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="session")
def site() -> Iterator[PageServer]:
    server = PageServer()
    yield server
    server.close()


@pytest.fixture
def context_options() -> dict[str, Any]:
    """Perception tests measure against one known viewport."""
    return {"viewport": VIEWPORT}
