"""Worker rows: a worker that stops beating is marked dead at once, and forgotten after a while."""

from __future__ import annotations

import asyncio

from ghosttab.lifecycle import WorkerState
from ghosttab.store import Store


async def test_a_silent_worker_is_marked_dead_then_pruned_and_a_live_one_stays(store: Store) -> None:
    await store.register_worker("gone", "host-a", 11, {})
    await store.register_worker("asked-to-stop", "host-b", 22, {})
    await asyncio.sleep(0.3)  # "gone" beats no more from here
    await store.register_worker("beating", "host-c", 33, {})
    assert await store.request_worker_stop("asked-to-stop")
    assert not await store.worker_heartbeat("beating")
    assert await store.worker_heartbeat("asked-to-stop")

    states = {row.id: row.state for row in await store.workers(dead_after_s=0.2)}
    assert states == {
        "gone": WorkerState.DEAD, "asked-to-stop": WorkerState.STOPPING, "beating": WorkerState.LIVE
    }  # fmt: skip
    assert {row.id for row in await store.live_workers(within_s=0.2)} == {"asked-to-stop", "beating"}
    assert await store.prune_workers(dead_for_s=60) == 0  # dead, but not yet for long enough

    assert await store.prune_workers(dead_for_s=0.2) == 1
    assert {row.id for row in await store.workers(dead_after_s=0.2)} == {"asked-to-stop", "beating"}
