"""A running worker forgets the rows of workers long dead (a SIGKILLed worker cannot unregister)."""

from __future__ import annotations

import asyncio

from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus, WorkerState
from ghosttab.worker import WorkerConfig

from .conftest import MakeConfig
from .tasks import slow_page_task


async def test_a_worker_prunes_the_rows_of_workers_dead_for_long(
    demo_url: str, make_config: MakeConfig
) -> None:
    config = make_config(worker=WorkerConfig(heartbeat_s=0.2, forget_dead_after_s=3.0))
    async with Fleet(config) as fleet:
        await fleet.store.register_worker("killed-long-ago", "elsewhere", 4242, {})
        await asyncio.sleep(3.5)  # its last heartbeat is over 3 s old
        assert [row.state for row in await fleet.store.workers(dead_after_s=3.0)] == [WorkerState.DEAD]
        await fleet.submit([slow_page_task(demo_url, "slow", slow_ms=2_000)])
        await asyncio.wait_for(fleet.work(), 120)
        (result,) = await fleet.results(["slow"])
        left = await fleet.store.workers()

    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert left == []  # the dead one pruned by the live worker's heartbeat; the live one unregistered
