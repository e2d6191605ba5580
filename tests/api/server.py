"""A real `ghosttab serve` process on a free 127.0.0.1 port, for the API tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

TOKEN = "test-token-0123456789abcdef"


@dataclass
class Served:
    url: str
    token: str
    db: Path
    log: Path
    artifacts: Path

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers, timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def ghosttab_serve(folder: Path, *args: str, db: str | None = None) -> Iterator[Served]:
    """Start `ghosttab serve` (embedded worker unless `--no-worker` is among `args`) and wait for health."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    db_file = folder / "service.db"
    log = folder / "server.log"
    artifacts = folder / "artifacts"
    env = {**os.environ, "GHOSTTAB_API_TOKEN": TOKEN, "GHOSTTAB_RUNNER__SCREENSHOTS": "steps"}
    command = [sys.executable, "-m", "ghosttab.cli.main", "serve", "--port", str(port),
               "--db", db or str(db_file), "--artifacts", str(artifacts), "--allow", "127.0.0.1/32",
               "-c", "2", *args]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, process, log)
            yield Served(url=url, token=TOKEN, db=db_file, log=log, artifacts=artifacts)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"ghosttab serve exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"ghosttab serve did not become healthy: {log.read_text(errors='replace')}")
