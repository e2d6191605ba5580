"""TabPool: warm, isolated contexts spread over browser shards, leased one task at a time."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import psutil
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Playwright, async_playwright

from ghosttab.aio import RecurringTask
from ghosttab.browser import procs
from ghosttab.browser.config import PoolConfig, PoolStats
from ghosttab.browser.errors import PoolClosed
from ghosttab.browser.shard import Shard
from ghosttab.browser.tab import Tab
from ghosttab.browser.waiters import PriorityWaiters
from ghosttab.browser.watch import BudgetWatch
from ghosttab.errors import first_line
from ghosttab.events import BrowserEvent, BrowserEventKind, EventBus
from ghosttab.lifecycle import ShardState

_TAKE_ATTEMPTS = 3
# How long a lease's end waits for its budget watch to stop.
_WATCH_STOP_S = 2.0
_HOST_RETIRE_COOLDOWN_S = 30.0
_RELAUNCH_MAX_DELAY_S = 10.0


class TabPool:
    """`async with TabPool(config, events=bus) as pool: async with pool.lease() as tab: ...`"""

    def __init__(self, config: PoolConfig | None = None, events: EventBus | None = None) -> None:
        self.config = config or PoolConfig()
        self.events = events or EventBus()
        self._playwright: Playwright | None = None
        self._shards: list[Shard | None] = [None] * self.config.browsers
        self._old: set[Shard] = set()  # retiring or lost shards not yet closed
        self._busy = [0] * self.config.browsers
        self._waiters: PriorityWaiters[Shard] = PriorityWaiters()
        self._background: set[asyncio.Task[None]] = set()
        self._memory_watch = RecurringTask(
            "ghosttab-pool-memory", self.config.memory_check_every_s, self._check_memory,
            on_error=lambda error: self._publish(-1, BrowserEventKind.MONITOR_ERROR, str(error)),
            survives=(psutil.Error, OSError),
        )  # fmt: skip
        self._markers: set[str] = set()
        self._driver_pids: set[int] = set()
        self._running = False
        self._closing = False
        self._recycled = 0
        self._crashes = 0
        self._tab_crashes = 0
        self._budget_kills = 0
        self._leases_served = 0
        self._closed_contexts = 0
        self._last_host_retire = -math.inf

    # -- life -------------------------------------------------------------------------------
    async def __aenter__(self) -> TabPool:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        self._playwright = await async_playwright().start()
        results = await asyncio.gather(
            *(self._new_shard(i) for i in range(self.config.browsers)), return_exceptions=True
        )
        for index, result in enumerate(results):
            if isinstance(result, Shard):
                self._shards[index] = result
        errors = [result for result in results if isinstance(result, BaseException)]
        if errors:
            await self.close()
            raise errors[0]
        self._running = True
        if not self.config.remote:
            self._memory_watch.start()

    async def close(self) -> None:
        """Close every context and browser; no Chromium this pool started outlives this call."""
        if self._closing:
            return
        self._closing = True
        self._running = False
        self._waiters.fail_all(PoolClosed("the tab pool was closed"))
        await self._memory_watch.stop()
        tasks = list(self._background)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        suspects = [proc for pid in self._driver_pids for proc in procs.chromium_children(pid)]
        for shard in [*self._live_shards(), *self._old]:
            await shard.close()
        self._old.clear()
        if self._playwright is not None:
            with contextlib.suppress(PlaywrightError, OSError):
                await self._playwright.stop()
            self._playwright = None
        suspects += [proc for proc in procs.chromium_children() if self._ours(proc)]
        await asyncio.to_thread(procs.kill_processes, suspects)

    def _ours(self, process: psutil.Process) -> bool:
        try:
            cmdline = process.cmdline()
        except psutil.Error:
            return False
        return any(marker in cmdline for marker in self._markers)

    async def _new_shard(self, index: int) -> Shard:
        if self._playwright is None:
            raise PoolClosed("the tab pool is not started")
        shard = Shard(index, self._playwright, self.config, self._on_shard_lost)
        await shard.start()
        if shard.marker:
            self._markers.add(shard.marker)
        if shard.pid is not None:
            with contextlib.suppress(psutil.Error):
                self._driver_pids.add(psutil.Process(shard.pid).ppid())
        remote = self.config.cdp_url or self.config.ws_endpoint or ""
        detail = f"pid {shard.pid}" if shard.pid is not None else remote
        self._publish(index, BrowserEventKind.SHARD_STARTED, detail)
        return shard

    # -- leasing ----------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def lease(
        self,
        session_state: dict[str, Any] | None = None,
        session_key: str | None = None,
        *,
        priority: int = 0,
        task_id: str | None = None,
    ) -> AsyncIterator[Tab]:
        """A fresh context (warm, or built from `session_state`), destroyed on exit.

        Waits while every slot is busy; higher `priority` is served first, FIFO within one.
        """
        tab, shard = await self._open_tab(session_state, session_key, priority, task_id)
        watch: BudgetWatch | None = None
        watch_task: asyncio.Task[None] | None = None
        if self.config.budget.active:
            rss = None if shard.remote else shard.renderer_rss_mb
            watch = BudgetWatch(tab, self.config.budget, self.events, renderer_rss=rss)
            watch_task = asyncio.create_task(watch.run(), name=f"ghosttab-budget-{tab.id}")
            watch_task.add_done_callback(_retrieve)
        try:
            yield tab
        finally:
            if watch is not None and watch_task is not None:
                watch.stop()
                watch_task.cancel()
                # Never wait on the watch for long: the tab closes whatever it is doing.
                await asyncio.wait({watch_task}, timeout=_WATCH_STOP_S)
            await self._end_lease(tab, shard)

    async def _open_tab(
        self,
        session_state: dict[str, Any] | None,
        session_key: str | None,
        priority: int,
        task_id: str | None,
    ) -> tuple[Tab, Shard]:
        for attempt in range(_TAKE_ATTEMPTS):
            shard = await self._acquire(priority)
            shard.opening += 1  # a shard being replaced must not close under a context being opened
            try:
                context, page = await shard.take_context(session_state)
            except BaseException as error:
                shard.opening -= 1
                self._release(shard)
                self._close_if_drained(shard)
                # A shard lost mid-creation is replaced: try again elsewhere. Anything else is the caller's.
                if isinstance(error, PlaywrightError) and shard.gone and attempt + 1 < _TAKE_ATTEMPTS:
                    continue
                raise
            shard.opening -= 1
            tab = Tab(
                context=context, page=page, shard=shard.index, events=self.events,
                task_id=task_id, session_key=session_key,
            )
            shard.tabs.add(tab)
            if shard.gone:  # lost between opening the context and now: the disconnect missed this tab
                tab.mark_crashed("browser process lost")
            shard.leases_served += 1
            self._leases_served += 1
            if not shard.remote and shard.leases_served >= self.config.recycle_after:
                self._spawn(self._retire(shard, f"served {shard.leases_served} leases"))
            return tab, shard
        raise PoolClosed("no shard could open a context")  # pragma: no cover - loop always returns/raises

    async def _end_lease(self, tab: Tab, shard: Shard) -> None:
        await tab.close()
        shard.release(tab)
        if tab.killed.is_set():
            self._budget_kills += 1
        elif tab.crashed.is_set():
            self._tab_crashes += 1
        self._release(shard)
        self._close_if_drained(shard)

    def _close_if_drained(self, shard: Shard) -> None:
        """A replaced shard closes once nothing runs in it or is being opened in it."""
        idle = not shard.tabs and not shard.opening
        if shard in self._old and idle and self._shards[shard.index] is not shard:
            self._spawn(self._close_old(shard))

    async def _acquire(self, priority: int) -> Shard:
        if not self._running:
            raise PoolClosed("the tab pool is not running")
        future = self._waiters.push(priority)
        self._dispatch()
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled() and future.exception() is None:
                self._release(future.result())
            raise

    def _release(self, shard: Shard) -> None:
        self._busy[shard.index] -= 1
        self._dispatch()

    def _dispatch(self) -> None:
        while (shard := self._free_shard()) is not None:
            future = self._waiters.pop()
            if future is None:
                return
            self._busy[shard.index] += 1
            future.set_result(shard)

    def _free_shard(self) -> Shard | None:
        free = [
            shard
            for shard in self._live_shards()
            if shard.accepting and self._busy[shard.index] < self.config.tabs
        ]
        if not free:
            return None
        return min(free, key=lambda shard: (self._busy[shard.index], -len(shard.warm), shard.index))

    # -- replacing shards -------------------------------------------------------------------
    def _on_shard_lost(self, shard: Shard) -> None:
        self._crashes += 1
        self._publish(shard.index, BrowserEventKind.SHARD_LOST, _pid(shard))
        if self._closing:
            return
        if shard in self._old:  # was retiring: its replacement is already on the way
            self._spawn(self._close_old(shard))
            return
        self._spawn(self._replace(shard))

    async def _retire(self, shard: Shard, reason: str) -> None:
        if self._closing or shard.remote or not shard.retire():
            return
        self._recycled += 1
        self._publish(shard.index, BrowserEventKind.SHARD_RECYCLE, reason)
        await self._replace(shard)

    async def _replace(self, old: Shard) -> None:
        """Start the shard that takes `old`'s place; a retiring `old` closes once idle and replaced."""
        self._old.add(old)
        if old.state == ShardState.LOST:
            # Its browser is gone: free its leftover processes now, not after the relaunch.
            await old.close()
        delay = 0.5
        while not self._closing:
            try:
                new = await self._new_shard(old.index)
                break
            except Exception as error:
                self._publish(old.index, BrowserEventKind.SHARD_START_FAILED, first_line(error))
                if old.state == ShardState.RETIRING:
                    # Recycling failed: keep serving with the shard we have and try again later.
                    old.resume()
                    self._old.discard(old)
                    self._dispatch()
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, _RELAUNCH_MAX_DELAY_S)
        else:
            return
        if self._closing:
            await new.close()
            return
        self._shards[old.index] = new
        self._dispatch()
        if not old.tabs and not old.opening:
            await self._close_old(old)

    async def _close_old(self, shard: Shard) -> None:
        if shard not in self._old:  # another path already closed it
            return
        self._old.discard(shard)
        self._closed_contexts += shard.contexts_created
        await shard.close()
        self._publish(shard.index, BrowserEventKind.SHARD_CLOSED, _pid(shard))

    # -- memory watch -----------------------------------------------------------------------
    def host_memory_high(self) -> bool:
        """Whether the host's memory use is over the threshold: the pool retires its biggest shard,
        and a worker claims no new task until it is back under."""
        return procs.host_memory_fraction() > self.config.host_memory_threshold

    async def _check_memory(self) -> None:
        live = [shard for shard in self._live_shards() if shard.accepting]
        sizes = {shard: await asyncio.to_thread(shard.memory_mb) for shard in live}
        cap = self.config.shard_memory_cap_mb
        if cap is not None:
            for shard, size in sizes.items():
                if size > cap:
                    self._spawn(self._retire(shard, f"memory {size:.0f} MB over the cap of {cap} MB"))
        high = await asyncio.to_thread(self.host_memory_high)
        loop_now = asyncio.get_running_loop().time()
        if (
            high
            and sizes
            and not any(shard.state == ShardState.RETIRING for shard in self._old)
            and loop_now - self._last_host_retire > _HOST_RETIRE_COOLDOWN_S
        ):
            self._last_host_retire = loop_now
            biggest = max(sizes, key=lambda shard: sizes[shard])
            threshold = self.config.host_memory_threshold
            self._spawn(self._retire(biggest, f"host memory over {threshold:.0%}"))

    # -- figures ----------------------------------------------------------------------------
    def _live_shards(self) -> list[Shard]:
        return [shard for shard in self._shards if shard is not None]

    @property
    def shards(self) -> list[Shard]:
        """The shards currently serving (or about to be replaced), one per index."""
        return self._live_shards()

    def tab_for(self, task_id: str) -> Tab | None:
        """The open tab leased to `task_id`, if any."""
        for shard in [*self._live_shards(), *self._old]:
            for tab in shard.tabs:
                if tab.task_id == task_id and not tab.closed:
                    return tab
        return None

    def browser_pids(self) -> list[int]:
        return [shard.pid for shard in [*self._live_shards(), *self._old] if shard.pid is not None]

    def stats(self) -> PoolStats:
        live = self._live_shards()
        every = [*live, *self._old]
        return PoolStats(
            shards=len(live),
            shards_ready=sum(1 for shard in live if shard.accepting),
            slots=self.config.slots,
            busy=sum(self._busy),
            warm_ready=sum(len(shard.warm) for shard in live if shard.accepting),
            waiting=len(self._waiters),
            contexts_created=self._closed_contexts + sum(shard.contexts_created for shard in every),
            leases_served=self._leases_served,
            recycled_shards=self._recycled,
            crashes=self._crashes,
            tab_crashes=self._tab_crashes,
            budget_kills=self._budget_kills,
        )

    async def pss_mb(self) -> float:
        """Total PSS (RSS where PSS is not readable) of every local browser process of this pool."""
        shards = [*self._live_shards(), *self._old]
        return sum([await asyncio.to_thread(shard.memory_mb) for shard in shards])

    # -- helpers ----------------------------------------------------------------------------
    def _publish(self, shard: int, what: BrowserEventKind, detail: str = "") -> None:
        self.events.publish(BrowserEvent(shard=shard, what=what, detail=detail))

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background_done)

    def _background_done(self, task: asyncio.Task[None]) -> None:
        self._background.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            self._publish(-1, BrowserEventKind.POOL_ERROR, f"{type(error).__name__}: {error}")


def _pid(shard: Shard) -> str:
    return f"pid {shard.pid}" if shard.pid is not None else ""


def _retrieve(task: asyncio.Task[None]) -> None:
    """A finished background task's error is read, so asyncio does not log it as never retrieved."""
    if not task.cancelled():
        task.exception()

