"""Worker rows: a worker that stops beating is marked dead at once, and forgotten after a while."""

from __future__ import annotations

import asyncio

from ghosttab.lifecycle import WorkerState
from ghosttab.store import Store

SILENT_S = 2.0  # no heartbeat for this long: dead (wide, so a loaded machine's slow queries do not count)


async def test_a_silent_worker_is_marked_dead_then_pruned_and_a_live_one_stays(store: Store) -> None:
    await store.register_worker("gone", "host-a", 11, {})
    await store.register_worker("asked-to-stop", "host-b", 22, {})
    await asyncio.sleep(SILENT_S + 0.5)  # "gone" beats no more from here
    await store.register_worker("beating", "host-c", 33, {})
    assert await store.request_worker_stop("asked-to-stop")
    assert not await store.worker_heartbeat("beating")
    assert await store.worker_heartbeat("asked-to-stop")

    states = {row.id: row.state for row in await store.workers(dead_after_s=SILENT_S)}
    assert states == {
        "gone": WorkerState.DEAD, "asked-to-stop": WorkerState.STOPPING, "beating": WorkerState.LIVE
    }  # fmt: skip
    assert {row.id for row in await store.live_workers(within_s=SILENT_S)} == {"asked-to-stop", "beating"}
    assert await store.prune_workers(dead_for_s=60) == 0  # dead, but not yet for long enough

    for beating in ("beating", "asked-to-stop"):
        await store.worker_heartbeat(beating)
    assert await store.prune_workers(dead_for_s=SILENT_S) == 1
    assert {row.id for row in await store.workers(dead_after_s=SILENT_S)} == {"asked-to-stop", "beating"}
