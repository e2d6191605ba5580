"""Running the demo site: a background-thread server and a blocking ``serve``."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from types import TracebackType

import uvicorn

from ghosttab.demo.app import create_app


class DemoServer:
    """Serve the demo site with uvicorn in a background thread.

    Usable as a context manager or with explicit :meth:`start` / :meth:`stop`.
    ``port=0`` picks a free port; :attr:`url` is known after :meth:`start`.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log_level: str = "warning",
        startup_timeout: float = 15.0,
    ) -> None:
        self.host = host
        self.port = port
        self.log_level = log_level
        self.startup_timeout = startup_timeout
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:8765``."""
        if self._url is None:
            raise RuntimeError("DemoServer is not started")
        return self._url

    def _make_url(self) -> str:
        host = self.host
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        sock.listen(128)
        sock.set_inheritable(True)
        self.port = int(sock.getsockname()[1])
        return sock

    def start(self) -> DemoServer:
        """Start serving; blocks until the server answers HTTP requests."""
        if self._server is not None:
            return self
        self._socket = self._bind()
        self._url = self._make_url()
        config = uvicorn.Config(
            create_app(),
            log_level=self.log_level,
            access_log=False,
            lifespan="off",
        )
        server = uvicorn.Server(config)
        self._server = server
        sockets = [self._socket]
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": sockets}, name="ghosttab-demo", daemon=True
        )
        self._thread.start()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self._thread is not None and not self._thread.is_alive():
                self.stop()
                raise RuntimeError("demo server thread exited during startup")
            if self._server is not None and self._server.started:
                try:
                    with urllib.request.urlopen(self.url + "/favicon.ico", timeout=2) as resp:
                        if resp.status == 200:
                            return
                except (urllib.error.URLError, OSError) as exc:
                    last_error = exc
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"demo server did not start in time: {last_error!r}")

    def stop(self) -> None:
        """Stop the server and wait for its thread to finish."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=10)
        if sock is not None:
            sock.close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve the demo site in the foreground until interrupted (blocking)."""
    uvicorn.run(create_app(), host=host, port=port, log_level="info", lifespan="off")
