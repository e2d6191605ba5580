"""`ghosttab run | submit | worker | status | pause | resume | cancel | retry | results | demo-site`."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from ghosttab.cli.progress import BatchProgress, outcome_line, results_table
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError
from ghosttab.fleet import DEFAULT_DB, Fleet, FleetConfig
from ghosttab.lifecycle import TaskStatus
from ghosttab.secrets import SecretBook
from ghosttab.store import Store
from ghosttab.taskfile import TaskFile, load_tasks, write_results
from ghosttab.worker import Worker

app = typer.Typer(
    help="Run autonomous browser tasks at fleet scale.", no_args_is_help=True, add_completion=False
)
console = Console()
errors = Console(stderr=True)
T = TypeVar("T")

DbOption = Annotated[str, typer.Option("--db", help="SQLite file path or postgresql://… URL")]
ConcurrencyOption = Annotated[int, typer.Option("--concurrency", "-c", min=1, help="tabs running at once")]
BrowsersOption = Annotated[int, typer.Option("--browsers", min=1, help="browser processes (shards)")]
CdpOption = Annotated[str | None, typer.Option("--cdp-url", help="connect to a running Chromium (CDP)")]
WsOption = Annotated[str | None, typer.Option("--ws-endpoint", help="connect to a Playwright browser server")]
ArtifactsOption = Annotated[
    Path, typer.Option("--artifacts", help="folder for screenshots, downloads, traces")
]
TraceOption = Annotated[str, typer.Option("--trace", help="Playwright traces: off | on-failure | always")]
ScreenshotsOption = Annotated[
    str, typer.Option("--screenshots", help="steps (every step) | final (last page and failed steps) | off")
]
LeaseOption = Annotated[
    float, typer.Option("--lease-s", min=1.0, help="seconds a claimed task stays leased between heartbeats")
]
GraceOption = Annotated[
    float, typer.Option("--grace-s", min=0.0, help="on Ctrl-C/SIGTERM, seconds running tasks get to finish")
]


class CliError(GhosttabError):
    """A one-line message for the user; no traceback."""

    kind = ErrorKind.INPUT
    source = ErrorSource.INPUT


def _run(coroutine: Awaitable[T]) -> T:
    try:
        return asyncio.run(coroutine)  # type: ignore[arg-type]
    except (GhosttabError, FileNotFoundError, ValueError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        errors.print(f"[red]error:[/] {escape(message)}", soft_wrap=True)
        raise typer.Exit(2) from None


def _load(path: Path) -> TaskFile:
    loaded = load_tasks(path)
    for error in loaded.errors:
        errors.print(f"[red]bad row[/] {error}")
    return loaded


def _fleet_config(
    db: str,
    concurrency: int,
    browsers: int,
    cdp_url: str | None,
    ws_endpoint: str | None,
    artifacts: Path,
    trace: str,
    exit_when_idle: bool = True,
    lease_s: float = 30.0,
    grace_s: float = 60.0,
    screenshots: str = "final",
) -> FleetConfig:
    if trace not in ("off", "on-failure", "always"):
        raise typer.BadParameter("use off, on-failure or always", param_hint="--trace")
    if screenshots not in ("steps", "final", "off"):
        raise typer.BadParameter("use steps, final or off", param_hint="--screenshots")
    mode: Literal["off", "on-failure", "always"] = trace  # type: ignore[assignment]
    return FleetConfig(
        db=db,
        concurrency=concurrency,
        browsers=browsers,
        cdp_url=cdp_url,
        ws_endpoint=ws_endpoint,
        artifacts_dir=artifacts,
        trace=mode,
        exit_when_idle=exit_when_idle,
        lease_s=lease_s,
        grace_s=grace_s,
        screenshots=screenshots,
    )


class ShutdownSignals:
    """First Ctrl-C or SIGTERM: finish running tasks, claim no more. Second one: stop now.

    Installed before the browsers start, so a signal during start-up is not lost: the worker
    is told as soon as it exists."""

    def __init__(self) -> None:
        self.worker: Worker | None = None
        self.received = 0
        self._pending: set[asyncio.Task[None]] = set()

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGINT, self._on_signal, "interrupted")
        loop.add_signal_handler(signal.SIGTERM, self._on_signal, "terminated")

    def attach(self, worker: Worker) -> None:
        self.worker = worker
        if self.received:
            self._tell_worker()

    def _on_signal(self, name: str) -> None:
        self.received += 1
        if self.received == 1:
            errors.print(f"[yellow]{name}: finishing running tasks (press Ctrl-C again to stop now)[/]")
        else:
            errors.print("[red]stopping now; unfinished tasks go back to the queue[/]")
        if self.worker is not None:
            self._tell_worker()

    def _tell_worker(self) -> None:
        assert self.worker is not None
        if self.received == 1:
            self.worker.stop()
            return
        task = asyncio.get_running_loop().create_task(self.worker.cancel_now())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)


@app.command()
def run(
    tasks: Annotated[Path, typer.Argument(help="tasks file (.jsonl or .csv)")],
    concurrency: ConcurrencyOption = 4,
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", "-o", help="results file (.jsonl or .csv)")] = Path(
        "results.jsonl"
    ),
    browsers: BrowsersOption = 1,
    cdp_url: CdpOption = None,
    ws_endpoint: WsOption = None,
    artifacts: ArtifactsOption = Path("artifacts"),
    trace: TraceOption = "on-failure",
    screenshots: ScreenshotsOption = "final",
    lease_s: LeaseOption = 30.0,
    grace_s: GraceOption = 60.0,
) -> None:
    """Submit a task file and run it to the end; a second run with the same --db resumes it."""
    loaded = _load(tasks)
    config = _fleet_config(
        db, concurrency, browsers, cdp_url, ws_endpoint, artifacts, trace,
        lease_s=lease_s, grace_s=grace_s, screenshots=screenshots,
    )  # fmt: skip
    results = _run(_run_batch(loaded, config, tasks.name))
    console.print(results_table(results))
    write_results(results, out)
    console.print(f"{outcome_line(results)}; {len(loaded.errors)} bad rows. Results: [bold]{out}[/]")
    unfinished = len({spec.id for spec in loaded.tasks}) - len(results)
    if unfinished:
        console.print(f"[yellow]{unfinished} tasks not finished:[/] run the same command again to finish")
    if loaded.errors or unfinished or any(r.status != TaskStatus.SUCCEEDED for r in results):
        raise typer.Exit(1)


async def _run_batch(loaded: TaskFile, config: FleetConfig, batch: str) -> list:  # type: ignore[type-arg]
    ids = [spec.id for spec in loaded.tasks]
    signals = ShutdownSignals()
    signals.install()
    store = Store.open(config.db)
    report = await store.submit(loaded.tasks, batch=batch)
    finished = sum(1 for r in await store.results(ids=ids) if r.status.is_final)
    console.print(
        f"{len(report.added)} new tasks, {len(report.existing)} already in {config.db} "
        f"({finished} finished); running {len(ids) - finished} with {config.concurrency} tabs"
    )
    async with Fleet(config, store=store) as fleet:
        worker = fleet.make_worker(SecretBook.from_specs(loaded.tasks))
        signals.attach(worker)
        with BatchProgress(fleet.events, total=len(ids), console=console, done=finished):
            await worker.run()
        return await fleet.results(ids)


@app.command()
def submit(
    tasks: Annotated[Path, typer.Argument(help="tasks file (.jsonl or .csv)")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Queue a task file without running it (workers pick it up). Secret values are not stored."""
    loaded = _load(tasks)

    async def go() -> None:
        store = Store.open(db)
        report = await store.submit(loaded.tasks, batch=tasks.name)
        store.close()
        console.print(f"queued {len(report.added)} tasks, {len(report.existing)} were already in {db}")
        if any(spec.secrets for spec in loaded.tasks):
            console.print(
                "[yellow]note:[/] secret values are never stored; start workers with "
                f"--secrets-from {tasks} or set GHOSTTAB_SECRET_<NAME>"
            )

    _run(go())
    if loaded.errors:
        raise typer.Exit(1)


@app.command()
def worker(
    db: DbOption = DEFAULT_DB,
    concurrency: ConcurrencyOption = 4,
    browsers: BrowsersOption = 1,
    exit_when_idle: Annotated[
        bool, typer.Option("--exit-when-idle", help="stop when the queue is empty")
    ] = False,
    secrets_from: Annotated[
        Path | None, typer.Option("--secrets-from", help="task file holding secrets")
    ] = None,
    cdp_url: CdpOption = None,
    ws_endpoint: WsOption = None,
    artifacts: ArtifactsOption = Path("artifacts"),
    trace: TraceOption = "on-failure",
    screenshots: ScreenshotsOption = "final",
    lease_s: LeaseOption = 30.0,
    grace_s: GraceOption = 60.0,
) -> None:
    """Claim and run queued tasks until stopped; run several on several hosts against one PostgreSQL."""
    config = _fleet_config(
        db, concurrency, browsers, cdp_url, ws_endpoint, artifacts, trace, exit_when_idle, lease_s, grace_s,
        screenshots,
    )  # fmt: skip
    secrets = SecretBook.from_specs(load_tasks(secrets_from).tasks) if secrets_from else SecretBook()

    async def go() -> int:
        signals = ShutdownSignals()
        signals.install()
        async with Fleet(config) as fleet:
            worker = fleet.make_worker(secrets)
            signals.attach(worker)
            console.print(f"worker {worker.id} claiming from {db} with {concurrency} tabs")
            await worker.run()
            return worker.completed

    completed = _run(go())
    console.print(f"worker stopped after completing {completed} tasks")


@app.command()
def status(db: DbOption = DEFAULT_DB) -> None:
    """Counts of tasks by status, and the live workers."""

    async def go() -> None:
        store = Store.open(db)
        counts = await store.counts()
        workers = await store.live_workers()
        store.close()
        for state in TaskStatus:
            console.print(f"{state.value:<13}{counts.get(state, 0):>8}")
        console.print(f"{'workers':<13}{len(workers):>8}")
        for row in workers:
            console.print(f"  {row.id}  host={row.host} pid={row.pid} heartbeat={row.heartbeat_at:%H:%M:%S}")

    _run(go())


def _control(action: Callable[[Store], Awaitable[int | bool]], message: str, db: str) -> None:
    async def go() -> int | bool:
        store = Store.open(db)
        try:
            return await action(store)
        finally:
            store.close()

    console.print(message.format(_run(go())))


@app.command()
def pause(task_ids: list[str] = typer.Argument(None), db: DbOption = DEFAULT_DB) -> None:  # noqa: B008
    """Hold queued tasks (all when no id is given)."""
    _control(lambda s: s.pause(task_ids or None), "paused {}", db)


@app.command()
def resume(task_ids: list[str] = typer.Argument(None), db: DbOption = DEFAULT_DB) -> None:  # noqa: B008
    """Put paused tasks back in the queue (all when no id is given)."""
    _control(lambda s: s.resume(task_ids or None), "resumed {}", db)


@app.command()
def cancel(task_id: str, db: DbOption = DEFAULT_DB) -> None:
    """Cancel a task; a running one is stopped by its worker within a couple of seconds."""
    _control(lambda s: s.cancel(task_id), "cancelled: {}", db)


@app.command()
def retry(task_id: str, db: DbOption = DEFAULT_DB) -> None:
    """Queue a finished task again."""
    _control(lambda s: s.retry(task_id), "queued again: {}", db)


@app.command()
def results(
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", "-o")] = Path("results.jsonl"),
    batch: Annotated[str | None, typer.Option("--batch", help="only this task file's tasks")] = None,
) -> None:
    """Export the results stored in --db to a .jsonl or .csv file."""

    async def go() -> list:  # type: ignore[type-arg]
        store = Store.open(db)
        try:
            return await store.results(batch=batch)
        finally:
            store.close()

    rows = _run(go())
    write_results(rows, out)
    console.print(f"{outcome_line(rows)}; written to {out}")


@app.command("demo-site")
def demo_site(
    port: Annotated[int, typer.Option("--port", "-p")] = 8765,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
) -> None:
    """Serve the bundled demo site (supplier portal, class registration, shop, lab pages)."""
    from ghosttab.demo.server import serve

    console.print(f"demo site on http://{host}:{port}/  (Ctrl-C to stop)")
    serve(host=host, port=port)


def main() -> None:
    sys.exit(app())


if __name__ == "__main__":
    main()
