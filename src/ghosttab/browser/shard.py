"""One browser process (or one remote connection) and the warm contexts it keeps ready."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import Browser, BrowserContext, CDPSession, Page, Playwright
from playwright.async_api import Error as PlaywrightError

from ghosttab.aio import within
from ghosttab.browser import procs
from ghosttab.browser.config import PoolConfig
from ghosttab.browser.launch import connect_remote, launch_local
from ghosttab.browser.tab import CLOSE_TIMEOUT_S, Tab
from ghosttab.lifecycle import ShardState, check_shard_transition

_MB = 1024 * 1024
# Renderer CPU seconds seen by the page and by the browser are read a moment apart.
_CPU_MATCH_TOLERANCE_S = 0.05


class Shard:
    """Lifecycle (lifecycle.SHARD_TRANSITIONS): start() -> ACCEPTING -> retire() -> RETIRING, or
    LOST when its browser dies; close() -> CLOSED from anywhere."""

    def __init__(
        self,
        index: int,
        playwright: Playwright,
        config: PoolConfig,
        on_lost: Callable[[Shard], None],
    ) -> None:
        self.index = index
        self.config = config
        self.remote = config.remote
        self.browser: Browser | None = None
        self.pid: int | None = None
        self.marker: str | None = None  # the browser's --user-data-dir flag, carried by all its processes
        self.downloads_dir: Path | None = None
        self.warm: deque[tuple[BrowserContext, Page]] = deque()
        self.tabs: set[Tab] = set()
        self.opening = 0  # contexts being opened for a lease right now
        self._warming: asyncio.Future[tuple[BrowserContext, Page]] | None = None  # a warm context on its way
        self.state = ShardState.STARTING
        self.contexts_created = 0
        self.leases_served = 0
        self._playwright = playwright
        self._on_lost = on_lost
        self._refill = asyncio.Event()
        self._refill_task: asyncio.Task[None] | None = None
        self._browser_session: CDPSession | None = None

    # -- start ------------------------------------------------------------------------------
    async def start(self) -> None:
        root = self.config.downloads_dir
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.downloads_dir = Path(tempfile.mkdtemp(prefix=f"ghosttab-shard{self.index}-", dir=root))
        try:
            if self.remote:
                self.browser = await connect_remote(self._playwright, self.config)
            else:
                self.browser = await launch_local(self._playwright, self.config, self.downloads_dir)
                self.pid = await procs.browser_pid(self.browser)
                if self.pid is not None and procs.is_descendant(self.pid):
                    self.marker = procs.user_data_dir(self.pid)
                else:
                    self.pid = None
            self.browser.on("disconnected", self._on_disconnected)
            await self._fill_warm()
            if self.gone:
                raise PlaywrightError("the browser was lost while starting")
        except BaseException:
            await self.close()
            raise
        self._move(ShardState.ACCEPTING)
        self._refill_task = asyncio.create_task(self._refill_loop(), name=f"ghosttab-warm-{self.index}")

    # -- state ------------------------------------------------------------------------------
    @property
    def accepting(self) -> bool:
        """Serving new leases."""
        return self.state == ShardState.ACCEPTING

    @property
    def gone(self) -> bool:
        """Lost or closed: nothing more can be opened in it."""
        return self.state in (ShardState.LOST, ShardState.CLOSED)

    def retire(self) -> bool:
        """Stop serving new leases while a replacement starts; False when it is not serving."""
        if self.state != ShardState.ACCEPTING:
            return False
        self._move(ShardState.RETIRING)
        return True

    def resume(self) -> None:
        """A retiring shard whose replacement could not start serves again."""
        self._move(ShardState.ACCEPTING)

    def _move(self, target: ShardState) -> None:
        check_shard_transition(self.state, target)
        self.state = target

    # -- contexts ---------------------------------------------------------------------------
    async def new_context(self, storage_state: dict[str, Any] | None = None) -> tuple[BrowserContext, Page]:
        """A new context and page; a browser that does not answer within `context_timeout_s` is
        declared lost (PlaywrightError), so nothing waits on it forever."""
        if self.browser is None:
            raise PlaywrightError("shard has no browser")
        timeout = self.config.context_timeout_s
        try:
            return await within(self._open_context(storage_state), timeout)
        except TimeoutError:
            self._declare_lost()
            raise PlaywrightError(f"the browser did not open a context within {timeout:g} s") from None

    async def _open_context(self, storage_state: dict[str, Any] | None) -> tuple[BrowserContext, Page]:
        assert self.browser is not None
        viewport = self.config.viewport
        context = await self.browser.new_context(
            viewport={"width": viewport.width, "height": viewport.height},
            accept_downloads=True,
            storage_state=storage_state,  # type: ignore[arg-type]
        )
        self.contexts_created += 1
        try:
            page = await context.new_page()
        except BaseException:
            with contextlib.suppress(PlaywrightError):
                await context.close()
            raise
        return context, page

    async def take_context(self, storage_state: dict[str, Any] | None = None) -> tuple[BrowserContext, Page]:
        """A warm context when no session state is asked for (the one being warmed, if none is
        ready yet), else a new one built from that state."""
        self._refill.set()
        if storage_state is None:
            while self.warm:
                context, page = self.warm.popleft()
                if not page.is_closed():
                    return context, page
            warming, self._warming = self._warming, None
            if warming is not None:
                return await _claim(warming)
        return await self.new_context(storage_state)

    def release(self, tab: Tab) -> None:
        """`tab`'s lease ended: its slot may take a warm context again."""
        self.tabs.discard(tab)
        self._refill.set()

    def _warm_wanted(self) -> int:
        """Warm contexts only for slots that can take them: at full load a warm context would only
        hold a renderer's memory until a slot frees (and a cold one costs a few tens of ms then)."""
        return min(self.config.warm, max(0, self.config.tabs - len(self.tabs) - self.opening))

    async def _fill_warm(self) -> None:
        """Warm contexts up to the number wanted. A lease that finds none ready takes the one being
        made (take_context), so a lease arriving mid-refill never leaves a spare context behind."""
        while len(self.warm) < self._warm_wanted() and not self.gone:
            warming = asyncio.ensure_future(self.new_context())
            self._warming = warming
            try:
                await asyncio.wait({warming})
            except asyncio.CancelledError:
                if self._warming is warming:
                    warming.add_done_callback(_close_unclaimed)
                raise
            finally:
                taken = self._warming is not warming
                self._warming = None
            if not taken:
                self.warm.append(warming.result())

    async def _refill_loop(self) -> None:
        while True:
            await self._refill.wait()
            self._refill.clear()
            if not self.accepting:
                continue
            try:
                await self._fill_warm()
            except PlaywrightError:
                if self.gone:
                    return
                await asyncio.sleep(0.5)
                self._refill.set()

    # -- losing the browser -----------------------------------------------------------------
    def _on_disconnected(self, _browser: Browser) -> None:
        self._declare_lost()

    def _declare_lost(self) -> None:
        """Once: stop serving, fail the tabs, tell the pool. A shard lost while starting only
        fails its start(), which the pool already handles."""
        if self.gone:
            return
        starting = self.state == ShardState.STARTING
        self._move(ShardState.LOST)
        self.warm.clear()
        for tab in list(self.tabs):
            tab.mark_crashed("browser process lost")
        if not starting:
            self._on_lost(self)

    # -- measuring --------------------------------------------------------------------------
    def processes(self) -> list[psutil.Process]:
        if self.remote:
            return []
        return procs.shard_processes(self.pid, None)

    def memory_mb(self) -> float:
        """PSS (else RSS) of the browser process and all its children; 0 for a remote browser."""
        return procs.processes_memory_mb(self.processes())

    async def renderer_rss_mb(self, process_cpu_s: float) -> float | None:
        """RSS of the renderer whose CPU time matches `process_cpu_s`, when exactly one does."""
        if self.remote or self.browser is None:
            return None
        if self._browser_session is None:
            self._browser_session = await self.browser.new_browser_cdp_session()
        try:
            info = await self._browser_session.send("SystemInfo.getProcessInfo")
        except PlaywrightError:
            self._browser_session = None
            raise
        matches = [
            int(p["id"])
            for p in info.get("processInfo", [])
            if p.get("type") == "renderer"
            and abs(float(p.get("cpuTime", -1)) - process_cpu_s) <= _CPU_MATCH_TOLERANCE_S
        ]
        if len(matches) != 1 or not procs.is_descendant(matches[0], self.pid):
            return None
        try:
            return float(psutil.Process(matches[0]).memory_info().rss) / _MB
        except psutil.Error:
            return None

    # -- end --------------------------------------------------------------------------------
    async def close(self) -> None:
        """Close contexts and the browser, kill any process of it still alive, remove its folder."""
        if self.state == ShardState.CLOSED:
            return
        self._move(ShardState.CLOSED)
        if self._refill_task is not None:
            self._refill_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refill_task
        leftovers = [] if self.remote else procs.shard_processes(self.pid, self.marker)
        for tab in list(self.tabs):
            await tab.close()
        while self.warm:
            context, _page = self.warm.popleft()
            with contextlib.suppress(PlaywrightError, asyncio.TimeoutError):
                await within(context.close(), CLOSE_TIMEOUT_S)
        if self.browser is not None:
            with contextlib.suppress(PlaywrightError, asyncio.TimeoutError):
                await within(self.browser.close(), CLOSE_TIMEOUT_S)
        if not self.remote:
            # Orphans of a killed browser are found by their profile flag, not by parenthood.
            leftovers += procs.shard_processes(None, self.marker)
            await asyncio.to_thread(procs.kill_processes, leftovers)
        if self.downloads_dir is not None:
            shutil.rmtree(self.downloads_dir, ignore_errors=True)


async def _claim(warming: asyncio.Future[tuple[BrowserContext, Page]]) -> tuple[BrowserContext, Page]:
    """Wait for a context being warmed; a lease given up meanwhile closes it once it exists."""
    try:
        return await asyncio.shield(warming)
    except asyncio.CancelledError:
        warming.add_done_callback(_close_unclaimed)
        raise


def _close_unclaimed(warming: asyncio.Future[tuple[BrowserContext, Page]]) -> None:
    if warming.cancelled() or warming.exception() is not None:
        return
    context, _page = warming.result()
    closing = asyncio.ensure_future(context.close())
    closing.add_done_callback(lambda done: done.cancelled() or done.exception())
