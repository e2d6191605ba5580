"""Fixtures for the browser tests: a tiny local site and a shared tab pool."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ghosttab.browser import PoolConfig, TabPool

HOME = "<html><head><title>home</title></head><body><h1>Hello ghost</h1></body></html>"

CACHED_PAGE = '<html><body><script src="/cached.js"></script><p id="v">page</p></body></html>'

POPUP_OPENER = (
    '<html><body><h1>opener</h1><a id="go" href="/target" target="_blank">open</a></body></html>'
)
POPUP_TARGET = "<html><head><title>target</title></head><body><h1>popup target</h1></body></html>"

MEMORY_HOG = (
    "<html><body><h1>hog</h1><script>let a=[];setInterval(()=>{for(let i=0;i<50;i++)"
    "a.push(new Array(1e5).fill(Math.random()))},50)</script></body></html>"
)

CPU_HOG = (
    "<html><body><h1>busy</h1><script>function spin(){const t=performance.now();"
    "while(performance.now()-t<150){}setTimeout(spin,0)}spin()</script></body></html>"
)

PAGES: dict[str, str] = {
    "/": HOME,
    "/cached": CACHED_PAGE,
    "/opener": POPUP_OPENER,
    "/target": POPUP_TARGET,
    "/hog": MEMORY_HOG,
    "/busy": CPU_HOG,
}


class SiteServer:
    """HTML pages from PAGES, plus /cached.js (cacheable for an hour); counts every request by path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                hits[path] += 1
                if path == "/cached.js":
                    body = b"window.cachedLoaded = true;"
                    self._send(200, "application/javascript", body, {"Cache-Control": "max-age=3600"})
                elif path in PAGES:
                    self._send(200, "text/html; charset=utf-8", PAGES[path].encode(), {})
                else:
                    self._send(404, "text/plain", b"not found", {})

            def _send(self, status: int, kind: str, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="session")
def site() -> Iterator[SiteServer]:
    with SiteServer() as server:
        yield server


@pytest.fixture(scope="module")
async def pool() -> AsyncIterator[TabPool]:
    """One small pool shared by a test module; tests that damage a pool start their own."""
    async with TabPool(PoolConfig(browsers=1, tabs=3, warm=1)) as shared:
        yield shared
