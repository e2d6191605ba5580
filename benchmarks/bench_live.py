"""The live view: how often a viewer sees a new frame of a running task, how old a frame is when
served, how big it is, and that nothing is left in the store once the task ends.

Run:  .venv/bin/python benchmarks/bench_live.py [--seconds 10] [--poll 0.1]

One `ghosttab serve` (embedded worker, SQLite) runs a task on a local page that works by itself
for a while; a viewer polls GET /api/tasks/{id}/live. Target: a new frame at least every 0.5 s.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from local_server import server_process

TOKEN = "bench-live-token-0123456789"
PAGE = """<!doctype html><html><head><title>Report builder</title></head><body style="font:18px sans-serif">
<h1>Building your report</h1><p id="clock">0.0 s</p><p id="state">Working, please wait.</p><script>
const t0 = Date.now(); setInterval(() => { const s = (Date.now() - t0) / 1000;
document.getElementById("clock").textContent = s.toFixed(1) + " s";
if (s > SECONDS) document.getElementById("state").textContent = "All done: report ready"; }, 100);
</script></body></html>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def page_server(seconds: float) -> ThreadingHTTPServer:
    body = PAGE.replace("SECONDS", str(seconds)).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(url: str, task_id: str, poll_s: float) -> tuple[list[float], list[float], list[int]]:
    """Poll until the task ends: when each new frame was first seen, its age then, its size."""
    seen_at: list[float] = []
    ages: list[float] = []
    sizes: list[int] = []
    last = -1
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
        for _ in range(int(600 / poll_s)):
            response = client.get(f"/api/tasks/{task_id}/live")
            if response.status_code == 409:
                break
            if response.status_code == 200 and int(response.headers["X-Frame-Number"]) != last:
                last = int(response.headers["X-Frame-Number"])
                taken = datetime.fromisoformat(response.headers["X-Frame-At"])
                seen_at.append(time.monotonic())
                ages.append((datetime.now(UTC) - taken).total_seconds())
                sizes.append(len(response.content))
            time.sleep(poll_s)
    return seen_at, ages, sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0, help="how long the task works by itself")
    parser.add_argument("--poll", type=float, default=0.1, help="the viewer's polling interval")
    args = parser.parse_args(argv)
    site = page_server(args.seconds)
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "live.db"
        artifacts = str(Path(folder) / "artifacts")
        command = [sys.executable, "-m", "ghosttab.cli.main", "serve", "--port", str(port), "--db", str(db),
                   "--artifacts", artifacts, "--allow", "127.0.0.1/32", "-c", "1"]  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "GHOSTTAB_API_TOKEN": TOKEN}
        with server_process(command, f"{url}/api/health", env=env, name="ghosttab serve"):
            start = f"http://127.0.0.1:{site.server_address[1]}/"
            task = {"id": "live-1", "goal": "Wait for the report to be ready", "max_steps": 60,
                    "start_url": start, "success": {"text": "report ready"}}  # fmt: skip
            httpx.post(
                f"{url}/api/tasks", json=task, headers={"Authorization": f"Bearer {TOKEN}"}
            ).raise_for_status()
            seen_at, ages, sizes = watch(url, "live-1", args.poll)
        with sqlite3.connect(db) as conn:
            left = conn.execute("SELECT count(*) FROM live_frames").fetchone()[0]
    site.shutdown()
    gaps = sorted(b - a for a, b in itertools.pairwise(seen_at))
    if len(gaps) < 3:
        print(f"ERROR: only {len(seen_at)} frames seen", file=sys.stderr)
        return 1
    gap_p95 = gaps[min(len(gaps) - 1, int(0.95 * len(gaps)))]
    ages.sort()
    age_p95 = ages[int(0.95 * (len(ages) - 1))]
    print(f"live view: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work skews these)")
    print(f"frames seen            {len(seen_at)}")
    gap_p50 = statistics.median(gaps)
    print(f"new frame every        p50 {gap_p50:.2f} s   p95 {gap_p95:.2f} s   (target p50 <= 0.5 s)")
    print(f"frame age when served  p50 {statistics.median(ages):.2f} s   p95 {age_p95:.2f} s")
    print(f"frame size             median {statistics.median(sizes) / 1000:.0f} kB (JPEG q60)")
    print(f"rows left in live_frames after the task ended: {left}")
    return 0 if left == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
