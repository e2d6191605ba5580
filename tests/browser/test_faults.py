"""Renderer crashes, lost browsers and resource budgets: the tab is flagged, the pool goes on."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator

import psutil
import pytest

from ghosttab.browser import BudgetConfig, BudgetWatch, PoolClosed, PoolConfig, TabPool, procs
from ghosttab.errors import ErrorKind, ErrorSource
from ghosttab.events import BrowserEvent, Event
from ghosttab.lifecycle import ShardState

from .conftest import SiteServer


@pytest.fixture(scope="module")
async def budget_pool() -> AsyncIterator[TabPool]:
    budget = BudgetConfig(js_heap_mb=150, window_s=1.0, sample_every_s=0.25, policy="kill_tab")
    async with TabPool(PoolConfig(browsers=1, tabs=3, warm=1, budget=budget)) as pool:
        yield pool


async def test_renderer_crash_flags_the_tab_and_the_next_lease_works(
    budget_pool: TabPool, site: SiteServer
) -> None:
    async with budget_pool.lease() as tab:
        await tab.page.goto(site.url + "/")
        assert tab.error is None
        await tab.crash_renderer()
        assert tab.crashed.is_set()
        assert tab.error is not None
        assert tab.error.kind is ErrorKind.CRASH
        assert tab.error.retryable
        crashes = budget_pool.stats().tab_crashes
    assert budget_pool.stats().tab_crashes == crashes + 1  # counted when the lease ends
    async with budget_pool.lease() as fresh:
        await fresh.page.goto(site.url + "/")
        assert await fresh.page.inner_text("h1") == "Hello ghost"
        assert not fresh.crashed.is_set()


async def test_memory_hog_is_killed_while_its_sibling_keeps_working(
    budget_pool: TabPool, site: SiteServer
) -> None:
    events: list[Event] = []
    stop = budget_pool.events.listen(events.append)
    try:
        async with budget_pool.lease(task_id="hog") as hog, budget_pool.lease(task_id="calm") as calm:
            await calm.page.goto(site.url + "/")
            await hog.page.goto(site.url + "/hog")
            await asyncio.wait_for(hog.killed.wait(), 30)
            violation = hog.budget_violation
            assert violation is not None
            assert violation.kind is ErrorKind.BUDGET
            assert violation.source is ErrorSource.BROWSER
            assert "js_heap_mb" in violation.message and "150 MB" in violation.message
            assert hog.error == violation
            assert hog.page.is_closed()
            # The sibling context lives on in the same browser.
            assert not calm.killed.is_set()
            assert await calm.page.evaluate("1 + 1") == 2
            await calm.page.goto(site.url + "/")
            assert await calm.page.inner_text("h1") == "Hello ghost"
    finally:
        stop()
    kills = [e for e in events if isinstance(e, BrowserEvent) and e.what == "budget.kill_tab"]
    assert [kill.task_id for kill in kills] == ["hog"]
    assert budget_pool.stats().budget_kills >= 1


async def test_warn_policy_reports_cpu_and_keeps_the_tab(budget_pool: TabPool, site: SiteServer) -> None:
    warn = BudgetConfig(js_heap_mb=None, cpu_percent=5, window_s=0.5, sample_every_s=0.25, policy="warn")
    events: list[Event] = []
    stop = budget_pool.events.listen(events.append)
    try:
        async with budget_pool.lease(task_id="busy") as tab:
            await tab.page.goto(site.url + "/busy")
            watch = BudgetWatch(tab, warn, budget_pool.events)
            runner = asyncio.create_task(watch.run())

            async def warned() -> None:
                while not any(isinstance(e, BrowserEvent) and e.what == "budget.warn" for e in events):
                    await asyncio.sleep(0.05)

            await asyncio.wait_for(warned(), 20)
            assert not tab.killed.is_set()
            assert tab.budget_violation is None
            assert watch.last is not None and watch.last.cpu_percent is not None
            assert await tab.page.inner_text("h1") == "busy"
            runner.cancel()
    finally:
        stop()
    warning = next(e for e in events if isinstance(e, BrowserEvent) and e.what == "budget.warn")
    assert warning.task_id == "busy" and "cpu_percent" in warning.detail


async def test_a_stopped_watch_ends_without_being_cancelled(budget_pool: TabPool, site: SiteServer) -> None:
    """The lease's end stops its watch by a flag as well as a cancel: on Python 3.11 a cancel can be
    lost inside `asyncio.wait_for`, and a watch that never ends would hold the lease forever."""
    async with budget_pool.lease() as tab:
        await tab.page.goto(site.url + "/")
        watch = BudgetWatch(tab, BudgetConfig(js_heap_mb=4096, sample_every_s=0.1), budget_pool.events)
        runner = asyncio.create_task(watch.run())
        await asyncio.sleep(0.3)
        assert not runner.done()
        watch.stop()
        await asyncio.wait_for(runner, 5)


async def _wait_until(predicate: object, timeout_s: float = 20.0) -> None:
    async def poll() -> None:
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), timeout_s)


async def test_killed_browser_crashes_its_tabs_and_is_relaunched(site: SiteServer) -> None:
    async with TabPool(PoolConfig(browsers=2, tabs=2, warm=1)) as pool:
        first_pids = pool.browser_pids()
        assert len(set(first_pids)) == 2
        async with pool.lease() as doomed, pool.lease() as sibling:
            assert {doomed.shard, sibling.shard} == {0, 1}
            await sibling.page.goto(site.url + "/")
            victim = pool.shards[doomed.shard]
            assert victim.pid is not None
            victim_processes = victim.processes()
            os.kill(victim.pid, signal.SIGKILL)
            await asyncio.wait_for(doomed.crashed.wait(), 20)
            assert doomed.error is not None and doomed.error.kind is ErrorKind.CRASH
            # The other shard is untouched.
            assert not sibling.crashed.is_set()
            assert await sibling.page.inner_text("h1") == "Hello ghost"
        await _wait_until(lambda: pool.stats().shards_ready == 2)
        assert pool.stats().crashes == 1
        new_pid = pool.shards[doomed.shard].pid
        assert new_pid not in first_pids
        async with pool.lease() as a, pool.lease() as b:
            for tab in (a, b):
                await tab.page.goto(site.url + "/")
                assert await tab.page.inner_text("h1") == "Hello ghost"
        _, alive = await asyncio.to_thread(psutil.wait_procs, victim_processes, timeout=10)
        assert alive == []


async def test_a_stalled_browser_fails_its_lease_in_time_and_is_replaced(site: SiteServer) -> None:
    """A browser that stops answering (SIGSTOP) does not hold a lease forever: opening a context
    gives up after `context_timeout_s`, the shard counts as lost, and a new browser serves."""
    async with TabPool(PoolConfig(browsers=1, tabs=2, warm=0, context_timeout_s=2)) as pool:
        stalled = pool.shards[0]
        assert stalled.pid is not None
        os.kill(stalled.pid, signal.SIGSTOP)
        try:
            async with asyncio.timeout(90), pool.lease() as tab:  # without the fix: waits forever
                await tab.page.goto(site.url + "/")
                assert await tab.page.inner_text("h1") == "Hello ghost"
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(stalled.pid, signal.SIGCONT)
        assert stalled.state in (ShardState.LOST, ShardState.CLOSED) and pool.shards[0] is not stalled
        assert pool.stats().crashes == 1


async def test_shard_is_recycled_after_n_leases_and_close_leaves_no_chromium(site: SiteServer) -> None:
    pool = TabPool(PoolConfig(browsers=1, tabs=2, warm=1, recycle_after=2))
    await pool.start()
    try:
        old_shard = pool.shards[0]
        old_processes = old_shard.processes()
        old_pid = old_shard.pid
        async with pool.lease() as tab:
            await tab.page.goto(site.url + "/")
        assert pool.shards[0] is old_shard
        async with pool.lease() as tab:
            await tab.page.goto(site.url + "/")
            # The second lease retires the shard; it keeps serving this lease until it ends.
            assert old_shard.state == ShardState.RETIRING and not old_shard.accepting
            assert psutil.pid_exists(old_pid or -1)
        await _wait_until(lambda: pool.shards[0] is not old_shard and pool.stats().shards_ready == 1)
        new_pid = pool.shards[0].pid
        assert new_pid is not None and new_pid != old_pid
        _, alive = await asyncio.to_thread(psutil.wait_procs, old_processes, timeout=10)
        assert alive == []
        assert pool.stats().recycled_shards == 1
        async with pool.lease() as tab:
            await tab.page.goto(site.url + "/")
            assert await tab.page.inner_text("h1") == "Hello ghost"
        live_processes = pool.shards[0].processes()
        markers = {shard.marker for shard in (old_shard, pool.shards[0])}
        assert None not in markers
        assert len(live_processes) > 1
        assert await pool.pss_mb() > 10
    finally:
        await pool.close()
    _, alive = psutil.wait_procs(live_processes, timeout=5)
    assert alive == []
    with pytest.raises(PoolClosed):
        async with pool.lease():
            pass
    # Nothing of this pool survives, not even a re-parented renderer: every process of a browser
    # carries its --user-data-dir flag.
    assert [p for p in procs.chromium_children() if markers & set(p.cmdline())] == []


@pytest.mark.parametrize(
    "limits",
    [{"shard_memory_cap_mb": 1}, {"host_memory_threshold": 0.001}],
    ids=["shard-cap", "host-threshold"],
)
async def test_shard_over_a_memory_limit_is_replaced(site: SiteServer, limits: dict[str, float]) -> None:
    config = PoolConfig(browsers=1, tabs=1, warm=0, memory_check_every_s=0.2, **limits)
    events: list[Event] = []
    async with TabPool(config) as pool:
        pool.events.listen(events.append)
        first_pid = pool.shards[0].pid
        await _wait_until(lambda: pool.stats().recycled_shards >= 1 and pool.stats().shards_ready == 1)
        assert pool.shards[0].pid != first_pid
        reasons = [e.detail for e in events if isinstance(e, BrowserEvent) and e.what == "shard.recycle"]
        assert reasons and "memory" in reasons[0]
        async with pool.lease() as tab:
            await tab.page.goto(site.url + "/")
            assert await tab.page.inner_text("h1") == "Hello ghost"
