"""A worker keeps going through brief store failures instead of dying with its tasks."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.store import ClaimedTask, Store
from ghosttab.worker import WorkerConfig

from .conftest import MakeConfig
from .tasks import slow_page_task


class FlakyStore(Store):
    """The real store, whose first claims, lease renewals and completions fail as if the database
    were away."""

    def __init__(self, url: str, failures: int) -> None:
        super().__init__(Store.open(url)._db)
        self.claims_to_fail = failures
        self.heartbeats_to_fail = failures
        self.completes_to_fail = failures
        self.failed: list[str] = []

    async def claim(
        self, worker_id: str, lease_s: float = 30.0, limit: int = 1, pathfinders: bool = False
    ) -> list[ClaimedTask]:
        if self.claims_to_fail:
            self.claims_to_fail -= 1
            self.failed.append("claim")
            raise OperationalError("SELECT …", {}, ConnectionError("server closed the connection"))
        return await super().claim(worker_id, lease_s, limit, pathfinders)

    async def heartbeat(self, worker_id: str, task_ids: list[str], lease_s: float) -> set[str]:
        if self.heartbeats_to_fail:
            self.heartbeats_to_fail -= 1
            self.failed.append("heartbeat")
            raise OperationalError("UPDATE …", {}, ConnectionError("server closed the connection"))
        return await super().heartbeat(worker_id, task_ids, lease_s)

    async def complete(self, task_id: str, worker_id: str, result: TaskResult) -> bool:
        if self.completes_to_fail:
            self.completes_to_fail -= 1
            self.failed.append("complete")
            raise OperationalError("UPDATE …", {}, ConnectionError("server closed the connection"))
        return await super().complete(task_id, worker_id, result)


async def test_failed_claims_heartbeats_and_completions_are_retried(
    demo_url: str, make_config: MakeConfig
) -> None:
    config = make_config(
        concurrency=1, worker=WorkerConfig(lease_s=3.0)
    )  # renewals every second, while the page takes 4 s
    store = FlakyStore(config.db, failures=2)
    async with Fleet(config, store=store) as fleet:
        await fleet.submit([slow_page_task(demo_url, "patient", slow_ms=4000)])
        worker = await fleet.work()
        (result,) = await fleet.results(["patient"])
    assert sorted(store.failed) == ["claim", "claim", "complete", "complete", "heartbeat", "heartbeat"]
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert worker.completed == 1
