"""Run a benchmark site's server in a process of its own and wait until it answers."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def server_process(
    command: list[str], probe_url: str, *, env: dict[str, str], cwd: Path | None = None, name: str = "server"
) -> Iterator[None]:
    """Start `command`, wait (up to 30 s) until `probe_url` answers, stop the process on exit."""
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(probe_url, timeout=2).close()
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"the {name} did not start")
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)
