"""`ghosttab run | submit | worker | status | pause | resume | cancel | retry | results | demo-site`;
`ghosttab cache …` lives in cli/cache.py."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

import typer

from ghosttab.cli.cache import cache_app
from ghosttab.cli.common import (
    ArtifactsOption,
    BrowsersOption,
    CdpOption,
    ConcurrencyOption,
    DbOption,
    GraceOption,
    LeaseOption,
    ModelKeyEnvOption,
    ModelOption,
    ModelUrlOption,
    ReplayOption,
    ScreenshotsOption,
    TraceOption,
    WsOption,
    console,
    db_url,
    errors,
    fleet_config,
    load,
    model_flags,
    reported,
    run_async,
)
from ghosttab.cli.progress import BatchProgress, outcome_line, results_table
from ghosttab.cli.report import report
from ghosttab.cli.serve import serve
from ghosttab.cli.teach import record
from ghosttab.config import FleetConfig
from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus, WorkerState
from ghosttab.result import TaskResult
from ghosttab.secrets import SecretBook
from ghosttab.store import Store
from ghosttab.taskfile import TaskFile, write_results
from ghosttab.worker import Worker

app = typer.Typer(
    help="Run autonomous browser tasks at fleet scale.", no_args_is_help=True, add_completion=False
)
app.add_typer(cache_app, name="cache")
app.command("record")(record)
app.command("report")(report)
app.command("serve")(serve)


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
    concurrency: ConcurrencyOption = None,
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="results file (.jsonl or .csv)")] = Path(
        "results.jsonl"
    ),
    browsers: BrowsersOption = None,
    cdp_url: CdpOption = None,
    ws_endpoint: WsOption = None,
    artifacts: ArtifactsOption = None,
    trace: TraceOption = None,
    screenshots: ScreenshotsOption = None,
    lease_s: LeaseOption = None,
    grace_s: GraceOption = None,
    replay: ReplayOption = None,
    model: ModelOption = None,
    model_url: ModelUrlOption = None,
    model_key_env: ModelKeyEnvOption = None,
) -> None:
    """Submit a task file and run it to the end; a second run with the same --db resumes it."""
    config = fleet_config(
        db=db, concurrency=concurrency, pool__browsers=browsers, pool__cdp_url=cdp_url,
        pool__ws_endpoint=ws_endpoint, runner__artifacts_dir=artifacts, runner__trace=trace,
        runner__screenshots=screenshots, worker__lease_s=lease_s, worker__grace_s=grace_s,
        paths__enabled=replay, **model_flags(model, model_url, model_key_env),
    )  # fmt: skip
    loaded = load(tasks, config.taskfile)
    results = run_async(_run_batch(loaded, config, tasks.name))
    console.print(results_table(results))
    with reported():
        write_results(results, out)
    console.print(f"{outcome_line(results)}; {len(loaded.errors)} bad rows. Results: [bold]{out}[/]")
    unfinished = len({spec.id for spec in loaded.tasks}) - len(results)
    if unfinished:
        console.print(f"[yellow]{unfinished} tasks not finished:[/] run the same command again to finish")
    if loaded.errors or unfinished or any(r.status != TaskStatus.SUCCEEDED for r in results):
        raise typer.Exit(1)


async def _run_batch(loaded: TaskFile, config: FleetConfig, batch: str) -> list[TaskResult]:
    ids = [spec.id for spec in loaded.tasks]
    signals = ShutdownSignals()
    signals.install()
    with Store.open(config.db) as store:
        report = await store.submit(loaded.tasks, batch=batch)
        finished = sum(1 for r in await store.results(ids=ids) if r.status.is_final)
        console.print(
            f"{len(report.added)} new tasks, {len(report.existing)} already in {config.db} "
            f"({finished} finished); running {len(ids) - finished} with {config.concurrency} tabs"
        )
        async with Fleet(config, store=store) as fleet:
            worker = fleet.make_worker(SecretBook.from_specs(loaded.tasks), exit_when_idle=True)
            signals.attach(worker)
            with BatchProgress(fleet.events, total=len(ids), console=console, done=finished):
                await worker.run()
            return await fleet.results(ids)


@app.command()
def submit(
    tasks: Annotated[Path, typer.Argument(help="tasks file (.jsonl or .csv)")],
    db: DbOption = None,
) -> None:
    """Queue a task file without running it (workers pick it up). Secret values are not stored."""
    config = fleet_config(db=db)
    loaded = load(tasks, config.taskfile)
    url = config.db

    async def go() -> None:
        with Store.open(url) as store:
            report = await store.submit(loaded.tasks, batch=tasks.name)
        console.print(f"queued {len(report.added)} tasks, {len(report.existing)} were already in {url}")
        if any(spec.secrets for spec in loaded.tasks):
            console.print(
                "[yellow]note:[/] secret values are never stored; start workers with "
                f"--secrets-from {tasks} or set GHOSTTAB_SECRET_<NAME>"
            )

    run_async(go())
    if loaded.errors:
        raise typer.Exit(1)


@app.command()
def worker(
    db: DbOption = None,
    concurrency: ConcurrencyOption = None,
    browsers: BrowsersOption = None,
    exit_when_idle: Annotated[
        bool, typer.Option("--exit-when-idle", help="stop when the queue is empty")
    ] = False,
    secrets_from: Annotated[
        Path | None, typer.Option("--secrets-from", help="task file holding secrets")
    ] = None,
    cdp_url: CdpOption = None,
    ws_endpoint: WsOption = None,
    artifacts: ArtifactsOption = None,
    trace: TraceOption = None,
    screenshots: ScreenshotsOption = None,
    lease_s: LeaseOption = None,
    grace_s: GraceOption = None,
    replay: ReplayOption = None,
    model: ModelOption = None,
    model_url: ModelUrlOption = None,
    model_key_env: ModelKeyEnvOption = None,
) -> None:
    """Claim and run queued tasks until stopped; run several on several hosts against one PostgreSQL."""
    config = fleet_config(
        db=db, concurrency=concurrency, pool__browsers=browsers, pool__cdp_url=cdp_url,
        pool__ws_endpoint=ws_endpoint, runner__artifacts_dir=artifacts, runner__trace=trace,
        runner__screenshots=screenshots, worker__lease_s=lease_s, worker__grace_s=grace_s,
        worker__exit_when_idle=exit_when_idle, paths__enabled=replay,
        **model_flags(model, model_url, model_key_env),
    )  # fmt: skip
    secrets = SecretBook()
    if secrets_from:
        secrets = SecretBook.from_specs(load(secrets_from, config.taskfile).tasks)

    async def go() -> int:
        signals = ShutdownSignals()
        signals.install()
        async with Fleet(config) as fleet:
            worker = fleet.make_worker(secrets)
            signals.attach(worker)
            console.print(f"worker {worker.id} claiming from {config.db} with {config.concurrency} tabs")
            await worker.run()
            return worker.completed

    completed = run_async(go())
    console.print(f"worker stopped after completing {completed} tasks")


@app.command()
def status(db: DbOption = None) -> None:
    """Counts of tasks by status, and the workers (those without a recent heartbeat marked dead)."""

    async def go() -> None:
        with Store.open(db_url(db)) as store:
            counts = await store.counts()
            workers = await store.workers()
        for state in TaskStatus:
            console.print(f"{state.value:<13}{counts.get(state, 0):>8}")
        live = [row for row in workers if row.state != WorkerState.DEAD]
        console.print(f"{'workers':<13}{len(live):>8}")
        for row in workers:
            beat = f"heartbeat={row.heartbeat_at:%H:%M:%S}"
            console.print(f"  {row.id}  host={row.host} pid={row.pid} {beat} {row.state.value}")

    run_async(go())


def _control(action: Callable[[Store], Awaitable[int | bool]], message: str, db: str | None) -> None:
    async def go() -> int | bool:
        with Store.open(db_url(db)) as store:
            return await action(store)

    console.print(message.format(run_async(go())))


@app.command()
def pause(task_ids: list[str] = typer.Argument(None), db: DbOption = None) -> None:  # noqa: B008
    """Hold queued tasks (all when no id is given)."""
    _control(lambda s: s.pause(task_ids or None), "paused {}", db)


@app.command()
def resume(task_ids: list[str] = typer.Argument(None), db: DbOption = None) -> None:  # noqa: B008
    """Put paused tasks back in the queue (all when no id is given)."""
    _control(lambda s: s.resume(task_ids or None), "resumed {}", db)


@app.command()
def cancel(task_id: str, db: DbOption = None) -> None:
    """Cancel a task; a running one is stopped by its worker within a couple of seconds."""
    _control(lambda s: s.cancel(task_id), "cancelled: {}", db)


@app.command()
def retry(task_id: str, db: DbOption = None) -> None:
    """Queue a finished task again."""
    _control(lambda s: s.retry(task_id), "queued again: {}", db)


@app.command()
def results(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", "-o")] = Path("results.jsonl"),
    batch: Annotated[str | None, typer.Option("--batch", help="only this task file's tasks")] = None,
) -> None:
    """Export the results stored in --db to a .jsonl or .csv file."""

    async def go() -> list[TaskResult]:
        with Store.open(db_url(db)) as store:
            return await store.results(batch=batch)

    rows = run_async(go())
    with reported():
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
