"""Claim throughput of the store: SQLite file vs PostgreSQL, side by side.

Enqueues N tasks, then several claimer processes (each with its own Store) claim and
complete one task at a time until the queue is empty. Prints claims/s and the claim
latency p50/p95 for each engine, and checks no task was claimed twice.

    python benchmarks/bench_claims.py [--tasks 10000] [--claimers 4] [--engines sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _importable() -> None:
    """Let `python benchmarks/bench_claims.py` work from a checkout without PYTHONPATH=src."""
    if SRC.is_dir() and str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))


@dataclass
class EngineRun:
    engine: str
    tasks: int
    claimers: int
    enqueue_s: float
    drain_s: float
    claims: int
    duplicates: int
    latencies_ms: list[float]

    @property
    def claims_per_s(self) -> float:
        return self.claims / self.drain_s if self.drain_s > 0 else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def claimer(url: str, worker_id: str, ready: Barrier, out: Any) -> None:
    """One claimer process: claim one, complete it, repeat until nothing is left."""
    _importable()
    from ghosttab.lifecycle import TaskStatus
    from ghosttab.result import TaskResult
    from ghosttab.store import Store

    async def drain(store: Store) -> tuple[list[str], list[float], float, float]:
        ids: list[str] = []
        latencies: list[float] = []
        started = time.perf_counter()
        while True:
            before = time.perf_counter()
            claimed = await store.claim(worker_id, lease_s=300, limit=1)
            latencies.append((time.perf_counter() - before) * 1000)
            if not claimed:
                return ids, latencies[:-1], started, time.perf_counter()
            task_id = claimed[0].spec.id
            ids.append(task_id)
            await store.complete(task_id, worker_id, TaskResult(id=task_id, status=TaskStatus.SUCCEEDED))

    store = Store.open(url)
    try:
        ready.wait()
        ids, latencies, started, ended = asyncio.run(drain(store))
    finally:
        store.close()
    # perf_counter is system-wide on Linux, so start/end compare across processes.
    out.put((ids, latencies, started, ended))


def run_engine(engine: str, url: str, tasks: int, claimers: int) -> EngineRun:
    from ghosttab.spec import TaskSpec
    from ghosttab.store import Store

    specs = [
        TaskSpec(id=f"bench-{index:06d}", goal="Open the page", start_url="http://127.0.0.1:9/")
        for index in range(tasks)
    ]
    store = Store.open(url)
    try:
        started = time.perf_counter()
        asyncio.run(store.submit(specs, batch="bench"))
        enqueue_s = time.perf_counter() - started
    finally:
        store.close()

    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(claimers)
    out = context.Queue()
    processes = [
        context.Process(target=claimer, args=(url, f"{engine}-{index}", ready, out))
        for index in range(claimers)
    ]
    for process in processes:
        process.start()
    parts = [out.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    claimed = Counter(task_id for ids, _, _, _ in parts for task_id in ids)
    return EngineRun(
        engine=engine,
        tasks=tasks,
        claimers=claimers,
        enqueue_s=enqueue_s,
        drain_s=max(end for *_, end in parts) - min(start for _, _, start, _ in parts),
        claims=sum(claimed.values()),
        duplicates=sum(count - 1 for count in claimed.values() if count > 1),
        latencies_ms=[latency for _, latencies, _, _ in parts for latency in latencies],
    )


def fresh_postgres(admin_url: str) -> tuple[str, str]:
    import psycopg
    from sqlalchemy import make_url

    name = f"gt_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), name


def drop_postgres(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def print_table(runs: list[EngineRun]) -> None:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"claim benchmark: {os.cpu_count()} CPUs, load average {load} (other work skews these figures)")
    header = f"{'engine':<11} {'tasks':>7} {'claimers':>8} {'enqueue/s':>10} {'claims/s':>9} "
    header += f"{'p50 ms':>7} {'p95 ms':>7} {'claimed':>8} {'dupes':>6}"
    print(header)
    print("-" * len(header))
    for run in runs:
        print(
            f"{run.engine:<11} {run.tasks:>7} {run.claimers:>8} {run.tasks / run.enqueue_s:>10.0f} "
            f"{run.claims_per_s:>9.0f} {run.percentile(0.5):>7.2f} {run.percentile(0.95):>7.2f} "
            f"{run.claims:>8} {run.duplicates:>6}"
        )
    by_engine = {run.engine: run for run in runs}
    if {"sqlite", "postgresql"} <= by_engine.keys():
        ratio = by_engine["postgresql"].claims_per_s / max(by_engine["sqlite"].claims_per_s, 1e-9)
        print(f"postgresql / sqlite claims/s: {ratio:.2f}x")


def main(argv: list[str] | None = None) -> int:
    _importable()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--claimers", type=int, default=4)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help="a PostgreSQL URL allowed to CREATE DATABASE"
    )
    args = parser.parse_args(argv)

    runs: list[EngineRun] = []
    for engine in [name.strip() for name in args.engines.split(",") if name.strip()]:
        if engine == "sqlite":
            with tempfile.TemporaryDirectory(prefix="gt-bench-") as folder:
                runs.append(run_engine("sqlite", str(Path(folder) / "bench.db"), args.tasks, args.claimers))
        elif engine == "postgresql":
            try:
                url, name = fresh_postgres(args.pg_url)
            except Exception as exc:  # the server is optional for a benchmark run
                print(f"postgresql: skipped ({str(exc).splitlines()[0]})")
                continue
            try:
                runs.append(run_engine("postgresql", url, args.tasks, args.claimers))
            finally:
                drop_postgres(args.pg_url, name)
        else:
            parser.error(f"unknown engine {engine!r} (sqlite, postgresql)")
    print_table(runs)
    if any(run.duplicates or run.claims != run.tasks for run in runs):
        print("ERROR: a task was claimed twice or not at all", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
