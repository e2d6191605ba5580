"""With every slot busy, waiters are served by priority, FIFO within a priority."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from ghosttab.browser import PoolClosed, PoolConfig, TabPool


@pytest.fixture(scope="module")
async def one_slot_pool() -> AsyncIterator[TabPool]:
    async with TabPool(PoolConfig(browsers=1, tabs=1, warm=1)) as pool:
        yield pool


async def _wait_until(predicate: object, timeout_s: float = 10.0) -> None:
    async def poll() -> None:
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout_s)


async def test_higher_priority_waiter_is_served_first(one_slot_pool: TabPool) -> None:
    pool = one_slot_pool
    served: list[str] = []

    async def task(name: str, priority: int) -> None:
        async with pool.lease(priority=priority, task_id=name) as tab:
            served.append(name)
            await tab.page.set_content(f"<p>{name}</p>")

    async with pool.lease() as holder:
        await holder.page.set_content("<p>holder</p>")
        waiters = []
        for name, priority in [("low-a", 0), ("low-b", 0), ("high", 5), ("mid", 2)]:
            waiters.append(asyncio.create_task(task(name, priority)))
            expected = len(waiters)
            await _wait_until(lambda: pool.stats().waiting == expected)  # noqa: B023 - awaited right here
        assert pool.stats().busy == 1
        assert served == []
    await asyncio.wait_for(asyncio.gather(*waiters), 30)
    assert served == ["high", "mid", "low-a", "low-b"]
    assert pool.stats().busy == 0


async def test_cancelled_waiter_frees_nothing_and_blocks_no_one(one_slot_pool: TabPool) -> None:
    pool = one_slot_pool
    async with pool.lease():
        abandoned = asyncio.create_task(pool.lease().__aenter__())
        await _wait_until(lambda: pool.stats().waiting == 1)
        abandoned.cancel()
        with pytest.raises(asyncio.CancelledError):
            await abandoned
        assert pool.stats().waiting == 0
    async with pool.lease() as tab:
        assert pool.stats().busy == 1
        await tab.page.set_content("<p>ok</p>")
    assert pool.stats().busy == 0


async def test_stats_count_leases_and_warm_contexts(one_slot_pool: TabPool) -> None:
    before = one_slot_pool.stats()
    async with one_slot_pool.lease():
        pass
    await _wait_until(lambda: one_slot_pool.stats().warm_ready == 1)
    after = one_slot_pool.stats()
    assert after.leases_served == before.leases_served + 1
    assert after.contexts_created >= before.contexts_created + 1
    assert after.shards == after.shards_ready == 1
    assert after.slots == 1


async def test_lease_from_a_pool_never_started_is_refused() -> None:
    with pytest.raises(PoolClosed):
        async with TabPool(PoolConfig()).lease():
            pass


async def test_warm_contexts_are_kept_only_for_free_slots() -> None:
    """At full load a warm context could not be leased anyway: none is kept until a slot frees."""
    async with TabPool(PoolConfig(browsers=1, tabs=2, warm=2)) as pool:
        await _wait_until(lambda: pool.stats().warm_ready == 2)
        async with pool.lease():
            await _wait_until(lambda: pool.stats().warm_ready == 1)
            async with pool.lease():
                await asyncio.sleep(0.5)  # time for a refill that must not happen
                assert pool.stats().warm_ready == 0
                assert pool.stats().contexts_created == 2
            await _wait_until(lambda: pool.stats().warm_ready == 1)
        await _wait_until(lambda: pool.stats().warm_ready == 2)


async def test_a_lease_arriving_mid_refill_takes_the_context_being_warmed() -> None:
    """A slot frees, the pool starts warming a context for it, and a lease arrives at once: the
    lease takes that context rather than opening its own, so no spare context (and renderer)
    is left standing beside a full pool."""
    async with TabPool(PoolConfig(browsers=1, tabs=2, warm=1)) as pool, pool.lease():
        first = pool.lease()
        await first.__aenter__()
        await _wait_until(lambda: pool.stats().warm_ready == 0)
        await first.__aexit__(None, None, None)  # the slot frees: a refill starts
        async with pool.lease():
            await asyncio.sleep(0.5)  # time for any refill to finish
            assert pool.stats().warm_ready == 0
            assert pool.stats().contexts_created == 3
