"""The parts of bench_api.py that talk to the server: start it, walk pages, submit, SSE, mixed load."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

SRC = Path(__file__).resolve().parents[1] / "src"
TOKEN = "bench-token-0123456789abcdef"
SSE_PROBE_GAP_S = 0.05
REQUEST_TIMEOUT_S = 30.0


def importable() -> None:
    """Let `python benchmarks/bench_api.py` work from a checkout without PYTHONPATH=src."""
    if SRC.is_dir() and str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    base: str
    pid: int

    def cpu_s(self) -> float:
        """CPU seconds the server process has used (all its threads): a figure other work on the
        machine moves far less than wall-clock latency."""
        import psutil

        times = psutil.Process(self.pid).cpu_times()
        return float(times.user + times.system)


@contextmanager
def served(db_url: str) -> Iterator[Served]:
    """A `ghosttab serve --no-worker` process on `db_url`."""
    port = _free_port()
    env = {**os.environ, "GHOSTTAB_API_TOKEN": TOKEN, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "ghosttab.cli.main", "serve", "--no-worker", "--db", db_url,
               "--port", str(port), "--queue-limit", "100000000"]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            for _ in range(600):
                if process.poll() is not None:
                    break
                try:
                    if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"ghosttab serve exited: {log.read().decode(errors='replace')}")
            yield Served(base=base, pid=process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.seek(0)
            tail = log.read().decode(errors="replace").strip().splitlines()[-5:]
            if any("Traceback" in line or "Error" in line for line in tail):
                print("  server log tail:\n    " + "\n    ".join(tail), flush=True)


def list_scenarios(sites: int) -> dict[str, list[dict[str, str]]]:
    """Filters of GET /api/tasks by name; each walk takes the next set of parameters."""
    return {
        "(no filter)": [{}],
        "status=FAILED": [{"status": "FAILED"}],
        "site=shop-NN": [{"site": f"shop-{n % sites:02d}.example.com"} for n in range(3, 30, 5)],
        "status+site": [{"status": "SUCCEEDED", "site": f"shop-{n % sites:02d}.example"} for n in range(5)],
        "text=refund": [{"text": "refund"}, {"text": "Refund"}, {"text": "invoice"}],
        "text=rare (1 page)": [{"text": f"customer C{n:03d}"} for n in range(11, 990, 97)],
    }


async def walk_pages(
    client: httpx.AsyncClient, scenario: list[dict[str, str]], pages: int, walks: int
) -> list[float]:
    """Follow `next_cursor` for up to `pages` pages, `walks` times; the time of each request."""
    times: list[float] = []
    for walk in range(walks):
        params: dict[str, str] = {**scenario[walk % len(scenario)], "limit": "50"}
        for _ in range(pages):
            started = time.perf_counter()
            response = await client.get("/api/tasks", params=params)
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            cursor = response.json()["next_cursor"]
            if cursor is None:
                break
            params["cursor"] = cursor
    return times


def _batch_body(tag: str, size: int) -> bytes:
    tasks = [
        {"id": f"{tag}-{i:05d}", "goal": f"Check the delivery status of parcel {tag}-{i}",
         "start_url": f"https://shop-{i % 40:02d}.example.com/track", "data": {"parcel": f"{tag}-{i}"},
         "metadata": {"ticket": f"T-{i}"}}
        for i in range(size)
    ]  # fmt: skip
    return json.dumps({"tasks": tasks, "batch": tag}).encode()


async def submit_rate(client: httpx.AsyncClient, batches: int, size: int) -> float:
    """Tasks per second through POST /api/tasks, one batch after another (bodies encoded beforehand)."""
    bodies = [_batch_body(f"sub-{uuid.uuid4().hex[:8]}", size) for _ in range(batches)]
    headers = {"Content-Type": "application/json"}
    started = time.perf_counter()
    for body in bodies:
        response = await client.post("/api/tasks", content=body, headers=headers)
        response.raise_for_status()
        if len(response.json()["added"]) != size:
            raise RuntimeError(f"a batch of {size} added {len(response.json()['added'])}")
    return batches * size / (time.perf_counter() - started)


def write_steps(db_url: str, task_id: str, first: int, count: int, gap_s: float, out: Any) -> None:
    """A worker's part, in its own process: record `count` steps, putting (step, wall time written)."""
    importable()
    from ghosttab.result import StepRecord
    from ghosttab.store import Store

    async def write(store: Store) -> None:
        rng = random.Random(first)
        for step in range(first, first + count):
            await store.record_step(
                StepRecord(task_id=task_id, step=step, action={"type": "click", "index": 3}, url="https://x/")
            )
            out.put((step, time.time()))
            await asyncio.sleep(gap_s * (0.5 + rng.random()))

    store = Store.open(db_url)
    try:
        asyncio.run(write(store))
    finally:
        store.close()
        out.put(None)


async def _last_event_id(db_url: str) -> int:
    importable()
    from ghosttab.store import Store

    store = Store.open(db_url)
    try:
        return await store.last_event_id()
    finally:
        store.close()


async def _read_events(
    base: str, after: int, task_id: str, arrived: dict[int, float], stop: asyncio.Event
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with (
        httpx.AsyncClient(base_url=base, headers=headers, timeout=None) as client,
        client.stream("GET", "/api/events", params={"after": str(after)}) as response,
    ):
        response.raise_for_status()
        async for line in response.aiter_lines():
            if line.startswith("data: ") and '"task.step"' in line:
                body = json.loads(line[6:])
                if body.get("task_id") == task_id:
                    arrived.setdefault(int(body["step"]), time.time())
            if stop.is_set():
                return


async def sse_delays(base: str, db_url: str, task_id: str, count: int, gap_s: float = SSE_PROBE_GAP_S,
                     first: int = 1) -> tuple[list[float], int]:  # fmt: skip
    """Delays (ms) from each step written by another process to its event at an SSE client; and
    how many never arrived."""
    after = await _last_event_id(db_url)
    arrived: dict[int, float] = {}
    stop = asyncio.Event()
    reader = asyncio.create_task(_read_events(base, after, task_id, arrived, stop))
    await asyncio.sleep(0.5)  # the stream is open before the first step is written
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    writer = context.Process(target=write_steps, args=(db_url, task_id, first, count, gap_s, out))
    writer.start()
    written: dict[int, float] = {}
    while (item := await asyncio.to_thread(out.get, True, 600)) is not None:
        written[item[0]] = item[1]
    writer.join(timeout=30)
    deadline = time.monotonic() + 5
    while len(arrived.keys() & written.keys()) < len(written) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    stop.set()
    reader.cancel()
    await asyncio.gather(reader, return_exceptions=True)
    delays = [(arrived[step] - at) * 1000 for step, at in written.items() if step in arrived]
    return delays, len(written) - len(delays)


@dataclass
class LoadFigures:
    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0
    http_4xx: int = 0
    http_5xx: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    by_op: dict[str, list[float]] = field(default_factory=dict)
    sse_ms: list[float] = field(default_factory=list)
    sse_lost: int = 0


OPS = {
    "list": 30,
    "list-next": 10,
    "get": 25,
    "steps": 10,
    "submit": 10,
    "queue": 5,
    "events": 5,
    "metrics": 5,
}


async def _one_request(client: httpx.AsyncClient, op: str, rng: random.Random, ids: list[str],
                       cursors: dict[str, Any]) -> httpx.Response:  # fmt: skip
    if op in ("list", "list-next"):
        params = {"status": rng.choice(["SUCCEEDED", "FAILED", "QUEUED"]), "limit": "50"}
        if rng.random() < 0.5:
            params["site"] = f"shop-{rng.randrange(40):02d}.example.com"
        if op == "list-next" and cursors.get(params["status"]):
            params = {"status": params["status"], "limit": "50", "cursor": cursors[params["status"]]}
        response = await client.get("/api/tasks", params=params)
        if response.status_code == 200 and "site" not in params:
            cursors[params["status"]] = response.json()["next_cursor"] or ""
        return response
    if op == "get":
        return await client.get(f"/api/tasks/{rng.choice(ids)}")
    if op == "steps":
        return await client.get(f"/api/tasks/{rng.choice(ids)}/steps")
    if op == "submit":
        return await client.post("/api/tasks", content=_batch_body(f"mix-{uuid.uuid4().hex[:10]}", 10),
                                 headers={"Content-Type": "application/json"})  # fmt: skip
    if op == "queue":
        return await client.get("/api/queue")
    if op == "events":  # a client back after a short drop: from a Last-Event-ID just behind the newest
        after = max(0, cursors["horizon"][0] - rng.randrange(200))
        response = await client.get("/api/events", params={"follow": "false", "after": str(after)})
        ids = [int(line[4:]) for line in response.text.splitlines() if line.startswith("id: ")]
        cursors["horizon"][0] = max([cursors["horizon"][0], *ids])
        return response
    return await client.get("/api/metrics", params={"window_s": "3600"})


async def _client_loop(
    client: httpx.AsyncClient,
    seed: int,
    ids: list[str],
    until: float,
    figures: LoadFigures,
    horizon: list[int],
) -> None:
    rng = random.Random(seed)
    names, weights = list(OPS), list(OPS.values())
    cursors: dict[str, Any] = {"horizon": horizon}
    while time.monotonic() < until:
        op = rng.choices(names, weights)[0]
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_S):
                response = await _one_request(client, op, rng, ids, cursors)
        except (httpx.HTTPError, TimeoutError):
            figures.errors += 1
            continue
        finally:
            figures.requests += 1
        elapsed_ms = (time.perf_counter() - started) * 1000
        figures.latencies_ms.append(elapsed_ms)
        figures.by_op.setdefault(op, []).append(elapsed_ms)
        if response.status_code >= 500:
            figures.http_5xx += 1
            figures.errors += 1
        elif response.status_code >= 400:
            figures.http_4xx += 1
            figures.errors += 1


async def mixed_load(
    base: str, db_url: str, ids: list[str], clients: int, seconds: float, events: int
) -> LoadFigures:
    """`clients` clients for `seconds` s over the endpoints in OPS; an SSE probe runs alongside."""
    figures = LoadFigures(clients=clients, seconds=seconds)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    gap_s = max(SSE_PROBE_GAP_S, (seconds - 2) / max(events, 1))
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30, limits=limits) as client:
        last_event = await _last_event_id(db_url)
        until = time.monotonic() + seconds
        probe = asyncio.create_task(sse_delays(base, db_url, ids[1], events, gap_s=gap_s, first=10_000))
        horizon = [last_event]  # the newest event id any client has seen, shared by all
        loops = [_client_loop(client, n, ids, until, figures, horizon) for n in range(clients)]
        await asyncio.gather(*loops)
        figures.sse_ms, figures.sse_lost = await probe
    return figures
