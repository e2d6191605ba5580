"""Fault benchmark: the ways a batch is interrupted, and whether any side effect happened twice.

Run:  .venv/bin/python benchmarks/bench_faults.py [--quick | --scale 0.25] [--pg-url URL] [--seed 14]

One table, one row per fault, every task a swimming-class registration on the bundled demo site
(about eight steps; its POST records a registration in the site's side-effect log, GET /_effects,
keyed by a confirmation number derived from the task's data, so a second registration of one task
shows as a repeated key):

  a. renderers: 100 tasks in one process; in 20% of them the renderer is killed (CDP Page.crash),
     half at a random step, half the moment the site answered the form's POST (right after a
     submission, before the task can see its confirmation page).
  b. browser: 40 tasks, one browser, SIGKILLed twice mid-batch (at 25% and 60% of the tasks done).
  c. PostgreSQL: 60 tasks, two `ghosttab worker` processes on a fresh database; one is SIGKILLed
     when 30% are done while it holds leases; the survivor finishes (leases of 6 s).
  d. SIGTERM / double SIGTERM: `ghosttab run` of 24 tasks stopped by SIGTERM (running tasks finish,
     the rest are handed back), then by two SIGTERMs 0.05 s apart sent the moment the site logs a
     registration (stop now, while that task's confirmation page loads: running tasks handed back
     mid-flight), each followed by a second `run` of the same file that finishes the batch.

Columns: tasks terminal (SUCCEEDED, FAILED, NEEDS_REVIEW or CANCELLED) out of all; duplicate side
effects (registrations beyond the first per key); tasks in NEEDS_REVIEW; seconds to exit (from the
stop signal to the process's exit; for a/b/c from the last task's end to the pool or survivor
closed); Chromium processes left (any process of the pool or of a worker still alive once it exited).
Targets: 100% terminal, 0 duplicate side effects, exit <= 60 s, 0 processes left.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if SRC.is_dir() and str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import httpx  # noqa: E402
import psutil  # noqa: E402
import psycopg  # noqa: E402
from bench_pool import CLASSES, demo_site  # noqa: E402
from playwright.async_api import Request  # noqa: E402

from ghosttab import Fleet, FleetConfig  # noqa: E402
from ghosttab.browser import PoolConfig, Tab, procs  # noqa: E402
from ghosttab.events import Event, StepRecorded  # noqa: E402
from ghosttab.lifecycle import FINAL_TASK_STATUSES, TaskStatus  # noqa: E402
from ghosttab.runner import RunnerConfig, TraceMode  # noqa: E402
from ghosttab.spec import TaskSpec  # noqa: E402
from ghosttab.store import Store  # noqa: E402
from ghosttab.worker import WorkerConfig  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
ENV = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1",
       "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}  # fmt: skip
EXIT_TARGET_S = 60.0
SIZES = {"a": 100, "b": 40, "c": 60, "d": 24}  # tasks per row, as issue 14 sets them


@dataclass
class Row:
    name: str
    faults: str
    tasks: int
    terminal: int = 0
    duplicates: int = 0
    review: int = 0
    exit_s: float = 0.0
    left: int = 0
    note: str = ""
    counts: str = ""
    unfinished: list[str] = field(default_factory=list)  # why each task not SUCCEEDED ended as it did

    @property
    def met(self) -> bool:
        return (self.terminal == self.tasks and self.duplicates == 0 and self.exit_s <= EXIT_TARGET_S
                and self.left == 0)  # fmt: skip


def registrations(site: str, count: int, tag: str) -> list[TaskSpec]:
    return [
        TaskSpec.model_validate({
            "id": f"{tag}-{index:03d}",
            "goal": "Register {student_name} for the {class} swimming class",
            "start_url": f"{site}/swim/",
            "data": {"student_name": f"Student {tag.upper()} {index}", "class": CLASSES[index % len(CLASSES)],
                     "age": str(6 + index % 30), "contact_email": f"{tag}.{index}@example.com"},
            "success": {"text": "Registration confirmed", "extracted": True},
            "extract": {"confirmation_number": {"pattern": r"SWM-\d{6}"}},
        })
        for index in range(count)
    ]


# -- what the site and the store say --------------------------------------------------------------
class EffectLog:
    """The demo site's side-effect log, read from a mark: registrations beyond the first per key."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.mark = len(self._effects())

    def _effects(self) -> list[dict[str, str]]:
        effects: list[dict[str, str]] = httpx.get(f"{self.site}/_effects", timeout=10).json()["effects"]
        return effects

    def count(self) -> int:
        return len(self._effects())

    def duplicates(self) -> int:
        keys = [(e["kind"], e["key"]) for e in self._effects()[self.mark:]]
        return len(keys) - len(set(keys))


async def tally(store: Store, ids: list[str], row: Row) -> None:
    final = {status.value for status in FINAL_TASK_STATUSES}
    rows = {task.id: task for task in await store.list_tasks(limit=len(ids) + 100)}
    statuses = [rows[i].status.value if i in rows else "MISSING" for i in ids]
    row.terminal = sum(1 for status in statuses if status in final)
    row.review = statuses.count(TaskStatus.NEEDS_REVIEW.value)
    rerun = [rows[i] for i in ids if i in rows and rows[i].attempts > 1]
    resumed = 0
    for task in rerun:
        committed = await store.committed_step(task.id)
        resumed += committed is not None and committed.attempt < task.attempts
    failed = statuses.count(TaskStatus.FAILED.value)
    for task_id in ids:
        ended = rows.get(task_id)
        unfinished = ended is not None and ended.status in (TaskStatus.NEEDS_REVIEW, TaskStatus.FAILED)
        if ended is not None and unfinished and ended.result:
            error = ended.result.error
            row.unfinished.append(f"{task_id} {ended.status.value}: {error.message[:160] if error else '?'}")
    row.counts = f"{len(rerun)} ran again, {resumed} of them past a committed step; {failed} failed"


def chromium_under(pid: int) -> set[psutil.Process]:
    found = set()
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "chrom" in child.name().lower() or "headless" in child.name().lower():
                    found.add(child)
    return found


def still_alive(processes: set[psutil.Process]) -> int:
    _, alive = psutil.wait_procs(list(processes), timeout=5)
    living = [p for p in alive if _running(p)]
    for process in living:  # leave the machine clean for the next row; they were counted
        with contextlib.suppress(psutil.Error):
            process.kill()
    return len(living)


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


async def until(
    check: Callable[[], Awaitable[bool]], timeout_s: float, what: str, every_s: float = 0.3
) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(every_s)


async def done_fraction(store: Store, total: int) -> float:
    counts = await store.counts()
    return sum(counts.get(status, 0) for status in FINAL_TASK_STATUSES) / total


# -- a, b: one process, faults injected from its events -------------------------------------------
def fleet_config(folder: Path, concurrency: int) -> FleetConfig:
    return FleetConfig(
        db=str(folder / "faults.db"), concurrency=concurrency, pool=PoolConfig(browsers=1),
        runner=RunnerConfig(artifacts_dir=folder / "artifacts", trace=TraceMode.OFF, screenshots="final"),
        worker=WorkerConfig(exit_when_idle=True),
    )  # fmt: skip


class RendererKiller:
    """Kills chosen tasks' renderers once each: at a chosen step, or as their form's POST is answered."""

    def __init__(self, fleet: Fleet, at_step: dict[str, int], after_post: set[str]) -> None:
        self.fleet = fleet
        self.at_step = at_step
        self.after_post = after_post
        self.watched: set[str] = set()
        self.killed: list[str] = []
        self._kills: set[asyncio.Task[None]] = set()

    def on_event(self, event: Event) -> None:
        if not isinstance(event, StepRecorded) or event.task_id is None or event.task_id in self.killed:
            return
        tab = self._tab(event.task_id)
        if tab is None:
            return
        if event.task_id in self.after_post and event.task_id not in self.watched:
            self.watched.add(event.task_id)
            task_id = event.task_id
            tab.page.on("requestfinished", lambda request: self._after_post(task_id, tab, request))
        if self.at_step.get(event.task_id) == event.step:
            self._kill(event.task_id, tab)

    def _after_post(self, task_id: str, tab: Tab, request: Request) -> None:
        if request.method == "POST" and task_id not in self.killed:
            self._kill(task_id, tab)

    def _tab(self, task_id: str) -> Tab | None:
        return self.fleet.pool.tab_for(task_id) if self.fleet.pool is not None else None

    def _kill(self, task_id: str, tab: Tab) -> None:
        self.killed.append(task_id)
        kill = asyncio.ensure_future(tab.crash_renderer())
        self._kills.add(kill)
        kill.add_done_callback(self._kills.discard)
        kill.add_done_callback(lambda done: done.cancelled() or done.exception())


async def in_process(specs: list[TaskSpec], folder: Path, concurrency: int,
                     fault: Callable[[Fleet], Awaitable[str]], row: Row, site: str) -> None:  # fmt: skip
    effects = EffectLog(site)
    started_here = set(procs.chromium_children())
    fleet = Fleet(fleet_config(folder, concurrency))
    seen: set[psutil.Process] = set()
    async with fleet:
        await fleet.submit(specs)
        worker = fleet.make_worker(exit_when_idle=True)
        work = asyncio.ensure_future(worker.run())
        row.note = await fault(fleet)
        while not work.done():
            seen |= set(procs.chromium_children()) - started_here
            await asyncio.wait({work}, timeout=1.0)
        await work
        await tally(fleet.store, [s.id for s in specs], row)
        finished = time.perf_counter()
    row.exit_s = time.perf_counter() - finished
    seen |= set(procs.chromium_children()) - started_here
    row.left = still_alive(seen)
    row.duplicates = effects.duplicates()


async def renderer_kills(site: str, folder: Path, count: int, rng: random.Random) -> Row:
    specs = registrations(site, count, "a")
    victims = rng.sample([s.id for s in specs], max(2, count // 5))
    after_post = set(victims[: len(victims) // 2])
    at_step = {task_id: rng.randint(1, 7) for task_id in victims[len(victims) // 2:]}
    row = Row("a. renderer killed in 20%", f"{len(victims)} kills ({len(after_post)} after the POST)", count)
    killer: list[RendererKiller] = []

    async def inject(fleet: Fleet) -> str:
        killer.append(RendererKiller(fleet, at_step, after_post))
        fleet.events.listen(killer[0].on_event)
        return ""

    await in_process(specs, folder / "a", 8, inject, row, site)
    row.note = f"{len(killer[0].killed)} renderers killed"
    return row


async def browser_kills(site: str, folder: Path, count: int) -> Row:
    specs = registrations(site, count, "b")
    row = Row("b. browser SIGKILLed twice", "2 SIGKILLs of the browser", count)

    async def inject(fleet: Fleet) -> str:
        assert fleet.pool is not None
        pool = fleet.pool
        for fraction in (0.25, 0.6):
            await until(lambda f=fraction: _at_least(fleet.store, count, f), 600, f"{fraction:.0%} done")  # type: ignore[misc]
            (pid,) = pool.browser_pids()[:1]
            os.kill(pid, signal.SIGKILL)
            await until(lambda killed=pid: _browser_back(fleet, killed), 60, "a new browser")  # type: ignore[misc]
        return f"crashes={pool.stats().crashes}"

    await in_process(specs, folder / "b", 6, inject, row, site)
    return row


async def _at_least(store: Store, total: int, fraction: float) -> bool:
    return await done_fraction(store, total) >= fraction


async def _browser_back(fleet: Fleet, killed: int) -> bool:
    assert fleet.pool is not None
    pids = fleet.pool.browser_pids()
    return bool(pids) and killed not in pids


# -- c, d: real `ghosttab` processes ----------------------------------------------------------------
async def start(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ghosttab.cli.main", *args,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE, env=ENV,
    )  # fmt: skip


async def watch_until_exit(process: asyncio.subprocess.Process, seen: set[psutil.Process]) -> bytes:
    """Collect the Chromium processes under `process` until it exits; its standard error."""
    reading = asyncio.ensure_future(process.stderr.read() if process.stderr else asyncio.sleep(0, b""))
    while process.returncode is None:
        seen |= chromium_under(process.pid)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(process.wait()), 0.5)
    return bytes(await reading)


@contextlib.contextmanager
def fresh_database(admin: str) -> Iterator[str]:
    name = f"ghosttab_faults_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        base = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def postgres_kill(site: str, folder: Path, count: int, admin: str) -> Row:
    row = Row("c. 2 workers on PostgreSQL, 1 SIGKILLed", "1 SIGKILL of a worker", count)
    try:
        psycopg.connect(admin, connect_timeout=5).close()
    except psycopg.Error as exc:
        row.note = f"not run: PostgreSQL unreachable at {admin} ({str(exc).splitlines()[0]})"
        return row
    with fresh_database(admin) as url:
        store = Store.open(url)
        specs = registrations(site, count, "c")
        await store.submit(specs)
        effects = EffectLog(site)
        worker = ["worker", "--db", url, "--exit-when-idle", "-c", "3", "--lease-s", "6", "--trace", "off",
                  "--screenshots", "final"]  # fmt: skip
        doomed = await start(*worker, "--artifacts", str(folder / "c-doomed"))
        survivor = await start(*worker, "--artifacts", str(folder / "c-survivor"))
        seen: set[psutil.Process] = set()
        try:
            survivor_watch = asyncio.ensure_future(watch_until_exit(survivor, seen))

            async def doomed_holds_leases() -> bool:
                seen.update(chromium_under(doomed.pid))
                workers = {w.pid: w.id for w in await store.live_workers()}
                running = await store.list_tasks(TaskStatus.RUNNING, limit=count)
                mine = doomed.pid in workers and any(r.lease_owner == workers[doomed.pid] for r in running)
                return mine and await done_fraction(store, count) >= 0.3

            await until(doomed_holds_leases, 900, "30% done while the doomed worker holds leases")
            seen |= chromium_under(doomed.pid)
            doomed.send_signal(signal.SIGKILL)
            await doomed.wait()
            await until(lambda: _at_least(store, count, 1.0), 900, "every task to end")
            finished = time.perf_counter()
            await asyncio.wait_for(survivor_watch, 120)
            row.exit_s = time.perf_counter() - finished
            row.note = f"survivor exit code {survivor.returncode}"
            await tally(store, [s.id for s in specs], row)
        finally:
            for process in (doomed, survivor):
                if process.returncode is None:
                    process.kill()
            store.close()
        await asyncio.sleep(15)  # the killed worker's browser ends when its pipe closes
        row.left = still_alive(seen)
        row.duplicates = effects.duplicates()
    return row


def write_tasks(path: Path, specs: list[TaskSpec]) -> Path:
    rows = [{k: v for k, v in spec.public_dict().items() if k != "secret_names"} for spec in specs]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


async def sigterm_run(site: str, folder: Path, count: int, signals: int) -> Row:
    tag = "d" if signals == 1 else "e"
    name = "d. SIGTERM during run, then run" if signals == 1 else "d. double SIGTERM during run, then run"
    row = Row(name, f"{signals} SIGTERM{'s' if signals > 1 else ''}, a second run", count)
    folder.mkdir(parents=True, exist_ok=True)
    specs = registrations(site, count, tag)
    tasks = write_tasks(folder / f"{tag}.jsonl", specs)
    db = str(folder / f"{tag}.db")
    effects = EffectLog(site)
    run = ["run", str(tasks), "--db", db, "-c", "4", "--trace", "off", "--screenshots", "final",
           "--artifacts", str(folder / f"{tag}-art"), "-o", str(folder / f"{tag}-results.jsonl")]  # fmt: skip
    seen: set[psutil.Process] = set()
    first = await start(*run)
    watching = asyncio.ensure_future(watch_until_exit(first, seen))
    while not Path(db).exists():
        await asyncio.sleep(0.2)
    store = Store.open(db)
    try:
        await until(lambda: _some_done_some_running(store, count, first), 600, "some done, some running")
        if signals > 1:  # the hard stop lands right after a submission, while its next page loads
            seen_effects = await asyncio.to_thread(effects.count)
            await until(lambda: _more_effects(effects, seen_effects), 300, "a submission", every_s=0.02)
        first.send_signal(signal.SIGTERM)
        stopped = time.perf_counter()
        for _ in range(signals - 1):
            await asyncio.sleep(0.05)
            first.send_signal(signal.SIGTERM)
        err = await asyncio.wait_for(watching, 300)
        row.exit_s = time.perf_counter() - stopped
        handed_back = (await store.counts()).get(TaskStatus.QUEUED, 0)
        second = await start(*run)
        err += await asyncio.wait_for(watch_until_exit(second, seen), 900)
        await tally(store, [s.id for s in specs], row)
        row.note = f"{handed_back} handed back; exit codes {first.returncode}, {second.returncode}"
        if b"Traceback" in err:
            row.note += "; a traceback in stderr"
    finally:
        store.close()
        if first.returncode is None:
            first.kill()
    row.left = still_alive(seen)
    row.duplicates = effects.duplicates()
    return row


async def _more_effects(effects: EffectLog, than: int) -> bool:
    return await asyncio.to_thread(effects.count) > than


async def _some_done_some_running(store: Store, total: int, process: asyncio.subprocess.Process) -> bool:
    if process.returncode is not None:
        raise RuntimeError(f"`ghosttab run` ended (exit code {process.returncode}) before the signal")
    counts = await store.counts()
    return counts.get(TaskStatus.RUNNING, 0) >= 2 and await done_fraction(store, total) >= 0.2


# -- the table ---------------------------------------------------------------------------------------
def format_row(row: Row) -> str:
    terminal = f"{row.terminal}/{row.tasks}"
    return (f"{row.name:42} {terminal:>10} {row.duplicates:>12} {row.review:>12} {row.exit_s:>7.1f} "
            f"{row.left:>13}  {row.faults}; {row.note}; {row.counts}")  # fmt: skip


def print_table(rows: list[Row], seconds: float) -> None:
    head = (f"{'fault':42} {'terminal':>10} {'dup. effects':>12} {'NEEDS_REVIEW':>12} {'exit s':>7} "
            f"{'chromium left':>13}  note")
    print(head)
    print("-" * len(head))
    for row in rows:
        print(format_row(row))
    for row in rows:
        for line in row.unfinished:
            print(f"  {row.name[:2]} {line}")
    met = all(row.met for row in rows)
    print(f"targets (100% terminal, 0 duplicate side effects, exit <= {EXIT_TARGET_S:.0f} s, 0 left): "
          f"{'met' if met else 'NOT met'}; {seconds:.0f} s in all")  # fmt: skip


async def main_async(args: argparse.Namespace) -> int:
    scale = 0.25 if args.quick else args.scale
    sizes = {name: max(12, round(size * scale)) for name, size in SIZES.items()}
    rng = random.Random(args.seed)
    started = time.perf_counter()
    rows: list[Row] = []
    with demo_site(args.url) as site, tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        folder = Path(tmp)
        steps: list[tuple[str, Callable[[], Awaitable[Row]]]] = [
            ("a", lambda: renderer_kills(site, folder, sizes["a"], rng)),
            ("b", lambda: browser_kills(site, folder, sizes["b"])),
            ("c", lambda: postgres_kill(site, folder, sizes["c"], args.pg_url)),
            ("d", lambda: sigterm_run(site, folder / "d", sizes["d"], 1)),
            ("d", lambda: sigterm_run(site, folder / "e", sizes["d"], 2)),
        ]
        for name, step in steps:
            if args.only and name not in args.only:
                continue
            rows.append(await step())
            print(f"[{time.perf_counter() - started:5.0f} s] {format_row(rows[-1])}", file=sys.stderr)
    print_table(rows, time.perf_counter() - started)
    return 0 if all(row.met for row in rows) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a quarter of the sizes (same as --scale 0.25)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every row's task count")
    parser.add_argument("--only", default="", help="rows to run, e.g. 'ad' (default: all)")
    parser.add_argument("--seed", type=int, default=14, help="which tasks and steps the renderer kills hit")
    parser.add_argument("--pg-url", default=PG_ADMIN, help="PostgreSQL admin URL (a fresh database per run)")
    parser.add_argument("--url", help="a running demo site (default: start one)")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())

