"""Tab pool benchmark: ghosttab's warm pool against one browser per task, same tasks, same machine.

Run:  .venv/bin/python benchmarks/bench_pool.py [--tasks 100] [--concurrency 8] [--browsers 1]
          [--flow swim|click] [--leases 200] [--launches 20] [--budget-mb 512] [--url http://127.0.0.1:8765]

1. Lease latency: `TabPool.lease()` served from warm contexts (the pool is given time to refill
   between leases, as task run time gives it in real use) against a cold `new_context()` +
   `new_page()` on an already running browser (p50 and p95 over `--leases` each), and against
   launching a browser and opening its first page, as a browser-per-task runtime does for every
   task (over `--launches`).
2. A batch of tasks on the bundled demo site, run in each mode by the same Worker, runner and heuristic
   navigator, `--concurrency` tasks at a time, with the same SQLite store settings. `--flow swim`
   (default): swimming-class registrations, about eight steps each, every task with its own
   student, class, age and e-mail; `--flow click`: one click from a class page to its form.
   - pool:     ghosttab's TabPool, `--browsers` long-lived Chromium processes, a fresh context per task;
   - per-task: one browser launched for every task with the pool's executable and flags (the
               headless shell by default) and closed after it, its single context used by the task;
   - per-task-full: the way browser-use and Skyvern run, one full Chromium (`/usr/bin/chromium`)
               launched per task (`--no-full-baseline` skips it).
   Printed side by side: tasks per minute, peak and mean memory (PSS of every Chromium process
   under this benchmark, sampled every 0.5 s), memory per concurrent task (peak / most tasks running),
   Chromium CPU seconds per task (sampled, so the last moments of each process are missed:
   this flatters browser-per-task a little), and the ratios. The demo site runs in its own process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
if SRC.is_dir() and str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import psutil  # noqa: E402
from local_server import server_process  # noqa: E402
from playwright.async_api import Error as PlaywrightError  # noqa: E402
from playwright.async_api import Playwright, async_playwright  # noqa: E402

from ghosttab import Fleet, FleetConfig  # noqa: E402
from ghosttab.browser import (  # noqa: E402
    BudgetConfig,
    PoolConfig,
    Tab,
    TabPool,
    find_chromium,
    launch_local,
    procs,
)
from ghosttab.events import EventBus  # noqa: E402
from ghosttab.lifecycle import TaskStatus  # noqa: E402
from ghosttab.navigator import default_router  # noqa: E402
from ghosttab.runner import (  # noqa: E402
    RunnerConfig,
    TaskRunner,
    TraceMode,
)
from ghosttab.spec import TaskSpec  # noqa: E402
from ghosttab.store import Store  # noqa: E402
from ghosttab.worker import Worker  # noqa: E402

THROUGHPUT_TARGET = 3.0  # pool / per-task tasks per minute
MEMORY_TARGET = 1 / 3  # pool / per-task memory per concurrent task
SAMPLE_EVERY_S = 0.5
MODE_NOTES = {
    "pool": "ghosttab's TabPool: long-lived browsers, a fresh isolated context per task",
    "per-task": "one browser launched per task, same executable and flags as the pool",
    "per-task-full": "one full Chromium launched per task, as browser-use and Skyvern launch it",
}

CLASSES = ["Monday Morning", "Tuesday Evening", "Wednesday Afternoon", "Thursday Evening", "Friday Morning"]
FIRST = ["Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Liam"]
LAST = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


# -- the demo site --------------------------------------------------------------------------------
@contextlib.contextmanager
def demo_site(url: str | None) -> Iterator[str]:
    """The given site, or the bundled demo site in a process of its own (not competing for our GIL)."""
    if url:
        yield url.rstrip("/")
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "ghosttab.cli.main", "demo-site", "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    site = f"http://127.0.0.1:{port}"
    with server_process(command, site + "/", env=env, name="demo site"):
        yield site


def one_clicks(site: str, count: int, prefix: str) -> list[TaskSpec]:
    slugs = ["monday-morning", "tuesday-evening", "wednesday-afternoon"]
    return [
        TaskSpec.model_validate(
            {
                "id": f"{prefix}-{index:04d}",
                "goal": "Open the registration form",
                "start_url": f"{site}/swim/classes/{slugs[index % len(slugs)]}",
                "success": {"text": "Student name"},
                "max_steps": 3,
            }
        )
        for index in range(count)
    ]


def registrations(site: str, count: int, prefix: str) -> list[TaskSpec]:
    specs = []
    for index in range(count):
        name = f"{FIRST[index % len(FIRST)]} {LAST[index * 7 % len(LAST)]}"
        specs.append(
            TaskSpec.model_validate(
                {
                    "id": f"{prefix}-{index:04d}",
                    "goal": "Register {student_name} for the {class} swimming class",
                    "start_url": f"{site}/swim/",
                    "data": {
                        "student_name": name,
                        "class": CLASSES[index % len(CLASSES)],
                        "age": str(6 + index % 30),
                        "contact_email": f"{name.split()[0].lower()}.{index}@example.com",
                    },
                    "success": {"text": "Registration confirmed", "extracted": True},
                    "extract": {"confirmation_number": {"pattern": r"SWM-\d{6}"}},
                }
            )
        )
    return specs


# -- 1. lease latency ---------------------------------------------------------------------------------
async def lease_latencies(leases: int, launches: int) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds to get a usable tab: from the warm pool, by a cold new_context + new_page, and
    by launching a browser first."""
    warm: list[float] = []
    async with TabPool(PoolConfig(browsers=1, tabs=2, warm=2)) as pool:
        for index in range(leases):
            for _ in range(500):  # let the pool refill, as a task's run time would
                if pool.stats().warm_ready >= 2:
                    break
                await asyncio.sleep(0.01)
            lease = pool.lease(task_id=f"lease-{index}")
            started = time.perf_counter()
            await lease.__aenter__()
            warm.append((time.perf_counter() - started) * 1000)
            await lease.__aexit__(None, None, None)
    cold: list[float] = []
    config = PoolConfig()
    with tempfile.TemporaryDirectory(prefix="gt-bench-") as folder:
        async with async_playwright() as playwright:
            browser = await launch_local(playwright, config, Path(folder))
            viewport = {"width": config.viewport.width, "height": config.viewport.height}
            for _ in range(leases):
                started = time.perf_counter()
                context = await browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[arg-type]
                await context.new_page()
                cold.append((time.perf_counter() - started) * 1000)
                await context.close()
            await browser.close()
            launched: list[float] = []
            for _ in range(launches):
                started = time.perf_counter()
                browser = await launch_local(playwright, config, Path(folder))
                context = await browser.new_context(viewport=viewport, accept_downloads=True)  # type: ignore[arg-type]
                await context.new_page()
                launched.append((time.perf_counter() - started) * 1000)
                await browser.close()
    return warm, cold, launched


# -- 2. the batch ---------------------------------------------------------------------------------------
class BrowserPerTask:
    """What browser-use and Skyvern do: launch a Chromium for each task, close it afterwards.
    Same interface as TabPool.lease, so the same Worker drives both."""

    def __init__(self, playwright: Playwright, config: PoolConfig, events: EventBus) -> None:
        self.playwright = playwright
        self.config = config
        self.events = events

    def host_memory_high(self) -> bool:
        """Never: the comparison runs the same tasks however full the host gets."""
        return False

    @contextlib.asynccontextmanager
    async def lease(
        self,
        session_state: dict[str, Any] | None = None,
        session_key: str | None = None,
        *,
        priority: int = 0,
        task_id: str | None = None,
    ) -> AsyncIterator[Tab]:
        downloads = Path(tempfile.mkdtemp(prefix="gt-bench-browser-"))
        browser = await launch_local(self.playwright, self.config, downloads)
        try:
            viewport = {"width": self.config.viewport.width, "height": self.config.viewport.height}
            context = await browser.new_context(
                viewport=viewport,  # type: ignore[arg-type]
                accept_downloads=True,
                storage_state=session_state,  # type: ignore[arg-type]
            )
            page = await context.new_page()
            tab = Tab(
                context=context, page=page, shard=0, events=self.events, task_id=task_id,
                session_key=session_key,
            )  # fmt: skip
            browser.on("disconnected", lambda _: tab.mark_crashed("browser process lost"))
            yield tab
        finally:
            with contextlib.suppress(PlaywrightError, TimeoutError):
                await asyncio.wait_for(browser.close(), 10)
            shutil.rmtree(downloads, ignore_errors=True)


@dataclass
class Sampler:
    """PSS of every Chromium process under this one, and their CPU time, every SAMPLE_EVERY_S."""

    worker: Worker | None = None
    pss_mb: list[float] = field(default_factory=list)
    in_flight: list[int] = field(default_factory=list)
    cpu_s: dict[int, float] = field(default_factory=dict)
    own_cpu_s: float = 0.0  # this process: worker, runner, store, and the sampling itself
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            processes = procs.chromium_children()
            self.pss_mb.append(procs.processes_memory_mb(processes))
            self.in_flight.append(len(self.worker.running) if self.worker else 0)
            for process in processes:
                with contextlib.suppress(psutil.Error):
                    times = process.cpu_times()
                    self.cpu_s[process.pid] = times.user + times.system

    @property
    def busy_pss(self) -> list[float]:
        return [pss for pss, tasks in zip(self.pss_mb, self.in_flight, strict=True) if tasks] or [0.0]


@dataclass
class BatchRun:
    mode: str
    tasks: int
    concurrency: int
    succeeded: int
    seconds: float
    start_s: float
    samplers: list[Sampler]

    def __add__(self, other: BatchRun) -> BatchRun:
        return BatchRun(
            self.mode, self.tasks + other.tasks, self.concurrency, self.succeeded + other.succeeded,
            self.seconds + other.seconds, max(self.start_s, other.start_s), self.samplers + other.samplers,
        )  # fmt: skip

    @property
    def per_minute(self) -> float:
        return self.tasks / self.seconds * 60

    @property
    def peak_mb(self) -> float:
        return max((pss for sampler in self.samplers for pss in sampler.pss_mb), default=0.0)

    @property
    def mean_mb(self) -> float:
        return statistics.fmean([pss for sampler in self.samplers for pss in sampler.busy_pss])

    @property
    def per_task_mb(self) -> float:
        """Peak memory over the most tasks seen running at once (the concurrency, in a full batch)."""
        most = max((tasks for sampler in self.samplers for tasks in sampler.in_flight), default=0)
        return self.peak_mb / (most or self.concurrency)

    @property
    def cpu_per_task_s(self) -> float:
        return sum(sum(sampler.cpu_s.values()) for sampler in self.samplers) / self.tasks

    @property
    def own_cpu_per_task_s(self) -> float:
        return sum(sampler.own_cpu_s for sampler in self.samplers) / self.tasks


def fleet_config(folder: Path, concurrency: int, browsers: int, trace: str, budget_mb: float) -> FleetConfig:
    return FleetConfig(
        db=str(folder / "bench.db"),
        concurrency=concurrency,
        pool=PoolConfig(browsers=browsers, budget=BudgetConfig(js_heap_mb=budget_mb or None)),
        runner=RunnerConfig(artifacts_dir=folder / "artifacts", trace=TraceMode(trace)),
    )


async def _work(worker: Worker, store: Store, specs: list[TaskSpec], sampler: Sampler) -> tuple[float, int]:
    await store.submit(specs)
    sampler.worker = worker
    started, cpu_started = time.perf_counter(), time.process_time()
    await worker.run()
    seconds = time.perf_counter() - started
    sampler.own_cpu_s = time.process_time() - cpu_started
    results = await store.results(ids=[spec.id for spec in specs])
    return seconds, sum(1 for result in results if result.status == TaskStatus.SUCCEEDED)


async def run_pool(specs: list[TaskSpec], config: FleetConfig) -> BatchRun:
    sampler = Sampler()
    sampler.start()
    started = time.perf_counter()
    try:
        async with Fleet(config) as fleet:
            start_s = time.perf_counter() - started
            worker = fleet.make_worker(exit_when_idle=True)
            seconds, succeeded = await _work(worker, fleet.store, specs, sampler)
    finally:
        sampler.stop()
    return BatchRun("pool", len(specs), config.concurrency, succeeded, seconds, start_s, [sampler])


async def run_per_task(
    specs: list[TaskSpec], config: FleetConfig, mode: str, executable: str | None
) -> BatchRun:
    sampler = Sampler()
    sampler.start()
    events = EventBus()
    store = Store.open(config.db)
    try:
        async with async_playwright() as playwright:
            pool_config = config.pool.model_copy(update={"executable_path": executable})
            browsers = BrowserPerTask(playwright, pool_config, events)
            runner = TaskRunner(config.runner, default_router(), events, store)
            until_idle = config.worker.model_copy(update={"exit_when_idle": True})
            worker = Worker(store, browsers, runner, events, until_idle)  # type: ignore[arg-type]
            seconds, succeeded = await _work(worker, store, specs, sampler)
    finally:
        sampler.stop()
        store.close()
    return BatchRun(mode, len(specs), config.concurrency, succeeded, seconds, 0.0, [sampler])


# -- output ---------------------------------------------------------------------------------------------
def print_leases(warm: list[float], cold: list[float], launched: list[float]) -> None:
    print(f"\ntime to a usable tab (ms)                {'count':>6} {'p50':>8} {'p95':>8} {'p50 / warm':>11}")
    base = max(percentile(warm, 0.5), 1e-9)
    for label, values in (
        ("warm pool lease", warm),
        ("cold new_context + new_page", cold),
        ("launch browser + context + page", launched),
    ):
        if values:
            p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
            print(f"  {label:<40}{len(values):>6} {p50:>8.1f} {p95:>8.1f} {p50 / base:>10.0f}x")


def print_batch(pool: BatchRun, baselines: list[BatchRun], flow: str) -> None:
    runs = [pool, *baselines]

    def ratio(ours: float, theirs: float, suffix: str = "") -> str:
        return f"{ours / max(theirs, 1e-9):.2f}{suffix}"

    metrics: list[tuple[str, Callable[[BatchRun], float], str, str]] = [
        ("wall time (s)", lambda r: r.seconds, "{:.1f}", ""),
        ("tasks per minute", lambda r: r.per_minute, "{:.1f}", "x"),
        ("peak Chromium PSS (MB)", lambda r: r.peak_mb, "{:.0f}", ""),
        ("mean Chromium PSS while busy (MB)", lambda r: r.mean_mb, "{:.0f}", ""),
        ("memory per concurrent task (MB)", lambda r: r.per_task_mb, "{:.0f}", ""),
        ("Chromium CPU per task (s)", lambda r: r.cpu_per_task_s, "{:.2f}", ""),
        ("ghosttab process CPU per task (s)", lambda r: r.own_cpu_per_task_s, "{:.2f}", ""),
    ]
    print(f"\n{pool.tasks} tasks ({flow}) per mode, {pool.concurrency} at a time "
          f"(pool started in {pool.start_s:.1f} s, not counted)")  # fmt: skip
    for run in runs:
        print(f"  {run.mode:<16} {MODE_NOTES.get(run.mode, '')}")
    heads = [r.mode for r in runs] + [f"pool/{r.mode}" for r in baselines]
    print(f"  {'':<36}" + "".join(f"{h:>20}" for h in heads))
    succeeded = [f"{r.succeeded}/{r.tasks}" for r in runs]
    print(f"  {'succeeded':<36}" + "".join(f"{v:>20}" for v in succeeded))
    for label, value, fmt, suffix in metrics:
        cells = [fmt.format(value(r)) for r in runs]
        cells += [ratio(value(pool), value(r), suffix) for r in baselines]
        print(f"  {label:<36}" + "".join(f"{c:>20}" for c in cells))
    for run in baselines:
        throughput = pool.per_minute / run.per_minute
        memory = pool.per_task_mb / max(run.per_task_mb, 1e-9)
        met_t = "met" if throughput >= THROUGHPUT_TARGET else "NOT met"
        met_m = "met" if memory <= MEMORY_TARGET else "NOT met"
        print(f"  against {run.mode}: throughput >= {THROUGHPUT_TARGET:g}x {met_t} ({throughput:.2f}x); "
              f"memory per concurrent task <= 1/3 {met_m} ({memory:.2f})")


def load_line() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


async def main_async(args: argparse.Namespace) -> int:
    print(f"pool benchmark: {os.cpu_count()} CPUs, load average {load_line()} (other work skews figures)")
    if args.leases:
        print_leases(*await lease_latencies(args.leases, args.launches))
    if not args.tasks:
        return 0
    make = registrations if args.flow == "swim" else one_clicks
    first, second = args.tasks // 2, args.tasks - args.tasks // 2
    full = shutil.which("chromium") or find_chromium()
    baselines = {"per-task": None, "per-task-full": full} if args.full_baseline else {"per-task": None}
    # Halves in the order pool, baselines, baselines reversed, pool: a load that drifts during the
    # benchmark weighs on every mode alike.
    order = [("pool", first)] + [(m, first) for m in baselines]
    order += [(m, second) for m in reversed(baselines)] + [("pool", second)]
    runs: dict[str, list[BatchRun]] = {"pool": [], **{m: [] for m in baselines}}
    with demo_site(args.url) as site, tempfile.TemporaryDirectory(prefix="gt-bench-pool-") as folder:
        for index, (mode, count) in enumerate(order):
            if not count:
                continue
            part = Path(folder) / f"{index}-{mode}"
            part.mkdir()
            specs = make(site, count, f"{mode}-{index}")
            if mode == "pool":
                config = fleet_config(part, args.concurrency, args.browsers, args.trace, args.budget_mb)
                run = await run_pool(specs, config)
            else:
                config = fleet_config(part, args.concurrency, 1, args.trace, 0)
                run = await run_per_task(specs, config, mode, baselines[mode])
            runs[mode].append(run)
            print(f"  ({mode}: {count} tasks in {run.seconds:.0f} s; load average {load_line()})", flush=True)
    merged = {mode: sum(parts[1:], parts[0]) for mode, parts in runs.items()}
    pool = merged.pop("pool")
    print_batch(pool, list(merged.values()), args.flow)
    return 0 if pool.succeeded == pool.tasks else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100, help="tasks per mode (0: lease latency only)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--browsers", type=int, default=1, help="browser processes of the pool")
    parser.add_argument("--flow", default="swim", choices=["swim", "click"], help="which demo tasks")
    parser.add_argument("--leases", type=int, default=200, help="leases timed per kind (0: skip)")
    parser.add_argument("--launches", type=int, default=20, help="browser launches timed")
    parser.add_argument("--trace", default="off", choices=["off", "on-failure", "always"])
    parser.add_argument("--url", help="use this demo site instead of starting one")
    parser.add_argument(
        "--no-full-baseline", dest="full_baseline", action="store_false",
        help="skip the per-task run on full Chromium (the browser browser-use launches)",
    )
    parser.add_argument(
        "--budget-mb", type=float, default=512, help="pool tab JS memory budget (0: no watch)"
    )
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
