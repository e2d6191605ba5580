"""The REST API under load: SQLite file vs PostgreSQL, against a real `ghosttab serve --no-worker`.

With N tasks stored (seeded through the store's bulk submit), over real HTTP on 127.0.0.1:

- p50/p95 of `GET /api/tasks`, filtered by status, site and text, following the cursor pages deep,
  and of `GET /api/tasks/{id}`;
- the rate of batch submission through `POST /api/tasks`;
- the delay from a step recorded to the store by another process (a worker's place, through the
  library's store API) to its event reaching a `GET /api/events` client;
- C concurrent clients for S seconds mixing the endpoints: requests, errors, 5xx.

    python benchmarks/bench_api.py [--tasks 100000] [--seconds 60] [--clients 50] [--db sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import (
    TOKEN,
    LoadFigures,
    Served,
    importable,
    list_scenarios,
    mixed_load,
    percentile,
    served,
    sse_delays,
    submit_rate,
    walk_pages,
)

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
SEED_CHUNK = 5_000
SITES = 40
GOALS = [
    "Download the invoice for order {order}",
    "Check the delivery status of parcel {order}",
    "Request a refund for order {order}",
    "Update the shipping address of customer {customer}",
    "Find the price of item {order} in the catalogue",
    "Cancel the subscription of customer {customer}",
    "Register {customer} for the Tuesday evening class",
    "Export the monthly statement of account {customer}",
]


@dataclass
class EngineFigures:
    engine: str
    seed_s: float = 0.0
    list_ms: dict[str, list[float]] = field(default_factory=dict)
    get_ms: list[float] = field(default_factory=list)
    submit_per_s: float = 0.0
    sse_idle_ms: list[float] = field(default_factory=list)
    sse_lost: int = 0
    load: LoadFigures | None = None
    cpu_ms: dict[str, float] = field(default_factory=dict)  # server CPU per request, by phase


def say(message: str) -> None:
    print(message, flush=True)


def seed(url: str, tasks: int) -> list[str]:
    """`tasks` tasks through Store.submit in chunks, then a mix of outcomes set in one UPDATE each."""
    importable()
    from sqlalchemy import update

    from ghosttab.lifecycle import TaskStatus
    from ghosttab.result import TaskResult
    from ghosttab.spec import TaskSpec
    from ghosttab.store import Store
    from ghosttab.store.tables import TaskTable

    ids: list[str] = []
    store = Store.open(url)
    try:
        for start in range(0, tasks, SEED_CHUNK):
            specs = []
            for n in range(start, min(tasks, start + SEED_CHUNK)):
                goal = GOALS[n % len(GOALS)].format(order=f"PO-{n:06d}", customer=f"C{n % 997:03d}")
                url_n = f"https://shop-{n % SITES:02d}.example.com/account/orders?page={n % 7}"
                specs.append(TaskSpec(id=f"seed-{n:07d}", goal=goal, start_url=url_n,
                                      metadata={"ticket": f"T-{n}"}))  # fmt: skip
            asyncio.run(store.submit(specs, batch=f"seed-{start // 10_000}"))
            ids.extend(spec.id for spec in specs)
            say(f"  seeded {len(ids):,}/{tasks:,}")
        # A store fills with finished tasks over time; the bulk submit only makes QUEUED ones, so
        # the outcomes are set straight on the table (one statement per status, by seq).
        done = TaskResult(id="x", status=TaskStatus.SUCCEEDED, steps=6, seconds=4.2, final_url="https://x/")
        outcome = {0: TaskStatus.SUCCEEDED, 1: TaskStatus.SUCCEEDED, 2: TaskStatus.SUCCEEDED,
                   3: TaskStatus.SUCCEEDED, 4: TaskStatus.SUCCEEDED, 5: TaskStatus.SUCCEEDED,
                   6: TaskStatus.FAILED, 7: TaskStatus.NEEDS_REVIEW, 8: TaskStatus.RUNNING}  # fmt: skip
        with store._db.write() as conn:
            for remainder, status in outcome.items():
                values: dict[str, object] = {"status": status.value}
                if status.is_final:
                    values["result"] = done.model_copy(update={"status": status}).model_dump(mode="json")
                conn.execute(update(TaskTable).where(TaskTable.seq % 10 == remainder).values(**values))
        if store.dialect == "postgresql":
            # What autovacuum does within a minute of such a load; a planner without statistics
            # takes the trigram indexes for common words too (bitmap scan and sort of every match).
            with store._db.write(single=True) as conn:
                conn.exec_driver_sql("ANALYZE tasks")
    finally:
        store.close()
    return ids


@contextmanager
def fresh_database(engine: str, pg_admin: str) -> Iterator[str]:
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="gt-bench-api-") as folder:
            yield str(Path(folder) / "bench.db")
        return
    import uuid

    import psycopg
    from sqlalchemy import make_url

    name = f"gt_bench_api_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(pg_admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def measure(url: str, ids: list[str], args: argparse.Namespace, figures: EngineFigures) -> None:
    import random

    import httpx

    rng = random.Random(7)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with served(url) as server:
        base = server.base
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
            say("  GET /api/tasks, filtered, following the cursor ...")
            cpu = server.cpu_s()
            for name, params in list_scenarios(SITES).items():
                figures.list_ms[name] = await walk_pages(client, params, args.pages, args.walks)
            figures.cpu_ms["list"] = _per_request(server, cpu, sum(map(len, figures.list_ms.values())))
            say("  GET /api/tasks/{id} ...")
            cpu = server.cpu_s()
            for task_id in rng.sample(ids, min(len(ids), args.gets)):
                started = time.perf_counter()
                response = await client.get(f"/api/tasks/{task_id}")
                figures.get_ms.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            figures.cpu_ms["get"] = _per_request(server, cpu, len(figures.get_ms))
            say(f"  POST /api/tasks, {args.batches} batches of {args.batch_size} ...")
            cpu = server.cpu_s()
            figures.submit_per_s = await submit_rate(client, args.batches, args.batch_size)
            figures.cpu_ms["submit"] = _per_request(server, cpu, args.batches)
            say(f"  SSE delay, {args.events} steps written by another process ...")
            figures.sse_idle_ms, figures.sse_lost = await sse_delays(base, url, ids[0], args.events)
        say(f"  {args.clients} clients mixing the endpoints for {args.seconds:.0f} s ...")
        cpu = server.cpu_s()
        figures.load = await mixed_load(base, url, ids, args.clients, args.seconds, args.events)
        figures.cpu_ms["mix"] = _per_request(server, cpu, figures.load.requests)


def _per_request(server: Served, cpu_before: float, requests: int) -> float:
    return (server.cpu_s() - cpu_before) * 1000 / max(requests, 1)


def run_engine(engine: str, args: argparse.Namespace) -> EngineFigures:
    figures = EngineFigures(engine=engine)
    with fresh_database(engine, args.pg_url) as url:
        say(f"{engine}: seeding {args.tasks:,} tasks through Store.submit ...")
        started = time.perf_counter()
        ids = seed(url, args.tasks)
        figures.seed_s = time.perf_counter() - started
        asyncio.run(measure(url, ids, args, figures))
    return figures


def _pq(samples: list[float]) -> str:
    if not samples:
        return "—"
    return f"{percentile(samples, 0.5):.1f} / {percentile(samples, 0.95):.1f}"


def _meets(samples: list[float], limit: float) -> bool:
    return bool(samples) and percentile(samples, 0.95) <= limit


def table_rows(run: EngineFigures, tasks: int) -> list[tuple[str, str, str, bool | None]]:
    """(measure, figure, target, met) for one engine."""
    rows: list[tuple[str, str, str, bool | None]] = [
        ("seed via Store.submit (tasks/s)", f"{tasks / run.seed_s:,.0f}", "", None)
    ]
    for name, samples in run.list_ms.items():
        rows.append((f"GET /api/tasks {name} p50/p95 ms", _pq(samples), "p95 <= 50", _meets(samples, 50)))
    rows.append(("GET /api/tasks/{id} p50/p95 ms", _pq(run.get_ms), "p95 <= 50", _meets(run.get_ms, 50)))
    rows.append(("POST /api/tasks batches (tasks/s)", f"{run.submit_per_s:,.0f}", ">= 2,000",
                 run.submit_per_s >= 2000))  # fmt: skip
    sse_ok = _meets(run.sse_idle_ms, 250) and run.sse_lost == 0
    rows.append(("SSE step->event p50/p95 ms (idle)", _pq(run.sse_idle_ms) + f" lost {run.sse_lost}",
                 "p95 <= 250", sse_ok))  # fmt: skip
    for phase, per_request in run.cpu_ms.items():
        unit = "batch of tasks" if phase == "submit" else "request"
        rows.append((f"server CPU ms per {unit}: {phase}", f"{per_request:.1f}", "", None))
    if run.load is not None:
        load = run.load
        rows.append((f"mix: requests ({load.clients} clients, {load.seconds:.0f} s)",
                     f"{load.requests:,} ({load.requests / load.seconds:,.0f}/s)", "", None))  # fmt: skip
        rows.append(("mix: request p50/p95 ms", _pq(load.latencies_ms), "", None))
        for op, samples in sorted(load.by_op.items()):
            rows.append((f"mix:   {op} p50/p95 ms", _pq(samples), "", None))
        rows.append(("mix: errors (transport + 4xx)", f"{load.errors} ({load.http_4xx} 4xx)", "", None))
        rows.append(("mix: 5xx", str(load.http_5xx), "0", load.http_5xx == 0))
        rows.append(("mix: SSE step->event p50/p95 ms", _pq(load.sse_ms) + f" lost {load.sse_lost}",
                     "p95 <= 250", _meets(load.sse_ms, 250) and load.sse_lost == 0))  # fmt: skip
    return rows


def print_table(runs: list[EngineFigures], tasks: int) -> None:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    say(f"\nAPI benchmark: {tasks:,} tasks stored; {os.cpu_count()} CPUs, load average {load}")
    per_engine = [table_rows(run, tasks) for run in runs]
    width = max(len(row[0]) for rows in per_engine for row in rows)
    columns = [
        max(len(run.engine), *(len(row[1]) + 2 for row in rows))
        for run, rows in zip(runs, per_engine, strict=True)
    ]
    header = f"{'measure':<{width}}  " + "  ".join(
        f"{r.engine:>{c}}" for r, c in zip(runs, columns, strict=True)
    )
    say(header + "  target")
    say("-" * (len(header) + 14))
    by_label = [{row[0]: row for row in rows} for rows in per_engine]
    labels = list(dict.fromkeys(row[0] for rows in per_engine for row in rows))
    for label in labels:
        cells, target = [], ""
        for found, column in zip(by_label, columns, strict=True):
            _, figure, target, met = found.get(label, (label, "—", target, None))
            mark = "" if met is None else (" ✓" if met else " ✗")
            cells.append(f"{figure + mark:>{column}}")
        say(f"{label:<{width}}  " + "  ".join(cells) + f"  {target}")


def main(argv: list[str] | None = None) -> int:
    importable()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tasks", type=int, default=100_000, help="tasks stored before measuring")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the mixed load")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients of the mixed load")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help="a PostgreSQL URL allowed to CREATE DATABASE"
    )
    parser.add_argument("--pages", type=int, default=10, help="pages followed per list walk")
    parser.add_argument("--walks", type=int, default=5, help="walks per list filter")
    parser.add_argument("--gets", type=int, default=300, help="GET /api/tasks/{id} samples")
    parser.add_argument("--batches", type=int, default=20, help="POST /api/tasks batches")
    parser.add_argument("--batch-size", type=int, default=1000, help="tasks per batch (the server's max)")
    parser.add_argument("--events", type=int, default=100, help="steps written for the SSE delay")
    args = parser.parse_args(argv)
    engines = ["sqlite", "postgresql"] if args.db == "both" else [args.db.replace("postgres", "postgresql")]
    runs: list[EngineFigures] = []
    for engine in engines:
        runs.append(run_engine(engine, args))
        if len(engines) > 1:
            print_table(runs[-1:], args.tasks)
    print_table(runs, args.tasks)
    return 0 if all(run.load is None or run.load.http_5xx == 0 for run in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
