"""The public Python API: run a batch of tasks, or run a worker, with one call."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ghosttab.browser import PoolConfig, TabPool
from ghosttab.events import EventBus
from ghosttab.navigator import Router, default_router
from ghosttab.navigator.llm import ModelConfig
from ghosttab.result import TaskResult
from ghosttab.runner import RunnerConfig, ScreenshotMode, TaskRunner
from ghosttab.secrets import SecretBook
from ghosttab.spec import TaskSpec
from ghosttab.store import Store, SubmitReport
from ghosttab.worker import Worker, WorkerConfig

DEFAULT_DB = "ghosttab.db"


class FleetConfig(BaseModel):
    """Everything a run needs to know; the CLI flags map one to one onto these fields."""

    db: str = DEFAULT_DB
    concurrency: int = Field(default=4, ge=1, le=256)
    browsers: int = Field(default=1, ge=1, le=32)
    artifacts_dir: Path = Path("artifacts")
    headless: bool = True
    cdp_url: str | None = None
    ws_endpoint: str | None = None
    trace: Literal["off", "on-failure", "always"] = "on-failure"
    screenshots: ScreenshotMode = "final"
    lease_s: float = 30.0
    grace_s: float = 60.0
    exit_when_idle: bool = True
    recycle_after: int = 100
    js_heap_mb: float | None = 512
    model: ModelConfig | None = None
    budget_policy: Literal["warn", "kill_tab"] = "kill_tab"

    def pool_config(self) -> PoolConfig:
        tabs = -(-self.concurrency // self.browsers)
        config = PoolConfig(
            browsers=self.browsers,
            tabs=tabs,
            warm=min(2, tabs),
            headless=self.headless,
            cdp_url=self.cdp_url,
            ws_endpoint=self.ws_endpoint,
            recycle_after=self.recycle_after,
        )
        config.budget.js_heap_mb = self.js_heap_mb
        config.budget.policy = self.budget_policy
        return config

    def runner_config(self) -> RunnerConfig:
        return RunnerConfig(artifacts_dir=self.artifacts_dir, trace=self.trace, screenshots=self.screenshots)

    def worker_config(self) -> WorkerConfig:
        return WorkerConfig(
            concurrency=self.concurrency,
            lease_s=self.lease_s,
            grace_s=self.grace_s,
            exit_when_idle=self.exit_when_idle,
        )


class Fleet:
    """A store, a tab pool and a worker wired together; `async with Fleet(config) as fleet:`."""

    def __init__(
        self,
        config: FleetConfig | None = None,
        events: EventBus | None = None,
        router_factory: Callable[[], Router] | None = None,
        store: Store | None = None,
    ) -> None:
        self.config = config or FleetConfig()
        self.events = events or EventBus()
        self.router_factory = router_factory or (lambda: default_router(self.config.model))
        self.store = store or Store.open(self.config.db)
        self.pool: TabPool | None = None
        self.worker: Worker | None = None

    async def __aenter__(self) -> Fleet:
        self.pool = TabPool(self.config.pool_config(), events=self.events)
        try:
            await self.pool.start()
        except BaseException:
            self.store.close()
            raise
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self.pool is not None:
            await self.pool.close()
        self.store.close()

    async def submit(self, specs: list[TaskSpec], batch: str | None = None) -> SubmitReport:
        return await self.store.submit(specs, batch=batch)

    def make_worker(self, secrets: SecretBook | None = None) -> Worker:
        if self.pool is None:
            raise RuntimeError("use `async with Fleet(...)` before making a worker")
        runner = TaskRunner(self.config.runner_config(), self.router_factory(), self.events, self.store)
        self.worker = Worker(
            self.store, self.pool, runner, self.events, self.config.worker_config(), secrets=secrets
        )
        return self.worker

    async def work(self, secrets: SecretBook | None = None) -> Worker:
        """Claim and run queued tasks until the queue is empty (or stop() is called)."""
        worker = self.make_worker(secrets)
        await worker.run()
        return worker

    async def results(self, ids: list[str]) -> list[TaskResult]:
        return await self.store.results(ids=ids)


async def run_tasks(specs: list[TaskSpec], config: FleetConfig | None = None) -> list[TaskResult]:
    """Submit `specs`, run them to the end, and return their results (in the order given)."""
    async with Fleet(config) as fleet:
        await fleet.submit(specs)
        await fleet.work(SecretBook.from_specs(specs))
        results = {r.id: r for r in await fleet.results([s.id for s in specs])}
    return [results[s.id] for s in specs if s.id in results]


def run_tasks_sync(specs: list[TaskSpec], config: FleetConfig | None = None) -> list[TaskResult]:
    return asyncio.run(run_tasks(specs, config))
