"""The public Python API: run a batch of tasks, or run a worker, with one call."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from ghosttab.browser import PoolClosed, TabPool
from ghosttab.config import FleetConfig
from ghosttab.events import EventBus
from ghosttab.navigator import Router, default_router
from ghosttab.replay.cache import PathCache
from ghosttab.result import TaskResult
from ghosttab.runner import TaskRunner
from ghosttab.secrets import SecretBook
from ghosttab.spec import TaskSpec
from ghosttab.store import Store, SubmitReport
from ghosttab.worker import Worker


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
        self.router_factory = router_factory or (
            lambda: default_router(self.config.model, self.config.router, self.config.prices)
        )
        self._owns_store = store is None
        self.store = store or Store.open(self.config.db)
        self.pool: TabPool | None = None
        self.worker: Worker | None = None

    async def __aenter__(self) -> Fleet:
        self.pool = TabPool(self.config.pool, events=self.events)
        try:
            await self.pool.start()
        except BaseException:
            self._close_store()
            raise
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self.pool is not None:
            await self.pool.close()
        self._close_store()

    def _close_store(self) -> None:
        """A store given to the fleet is the giver's to close."""
        if self._owns_store:
            self.store.close()

    async def submit(self, specs: list[TaskSpec], batch: str | None = None) -> SubmitReport:
        return await self.store.submit(specs, batch=batch)

    def make_worker(self, secrets: SecretBook | None = None, exit_when_idle: bool | None = None) -> Worker:
        """A worker on this fleet's store and pool; `exit_when_idle` overrides the configuration's."""
        if self.pool is None:
            raise PoolClosed("use `async with Fleet(...)` before making a worker")
        paths = PathCache(self.store, self.config.paths) if self.config.paths.enabled else None
        runner = TaskRunner(
            self.config.runner, self.router_factory(), self.events, self.store, paths,
            policy=self.config.policy.build(),
        )  # fmt: skip
        config = self.config.worker
        if exit_when_idle is not None:
            config = config.model_copy(update={"exit_when_idle": exit_when_idle})
        self.worker = Worker(
            self.store, self.pool, runner, self.events, config, secrets=secrets,
            session_cipher=self.config.session_cipher(),
        )  # fmt: skip
        return self.worker

    async def work(self, secrets: SecretBook | None = None) -> Worker:
        """Claim and run queued tasks until the queue is empty (or stop() is called)."""
        worker = self.make_worker(secrets, exit_when_idle=True)
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
