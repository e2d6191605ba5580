"""Per-tab resource budget: sample the renderer, act on a limit exceeded for a whole window."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from playwright.async_api import CDPSession, Page
from playwright.async_api import Error as PlaywrightError

from ghosttab.aio import within
from ghosttab.browser.config import BudgetConfig, BudgetPolicy
from ghosttab.browser.tab import Tab
from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.events import BrowserEvent, BrowserEventKind, EventBus

_MB = 1024 * 1024

# Given a renderer's CPU seconds, return that renderer's resident memory in MB (None: unknown).
RendererRss = Callable[[float], Awaitable[float | None]]


@dataclass(frozen=True)
class Sample:
    js_heap_mb: float
    cpu_percent: float | None
    rss_mb: float | None


@dataclass(frozen=True)
class Limit:
    metric: str
    unit: str
    limit: float


class BudgetWatch:
    """One per leased tab. `run()` returns when the tab is closed, crashed or killed."""

    def __init__(
        self, tab: Tab, budget: BudgetConfig, events: EventBus, renderer_rss: RendererRss | None = None
    ) -> None:
        self.tab = tab
        self.budget = budget
        self.events = events
        self.renderer_rss = renderer_rss
        self.last: Sample | None = None
        self._session: CDPSession | None = None
        self._session_page: Page | None = None
        # (timestamp s, renderer CPU s) readings; CPU % is averaged over the budget window to smooth noise.
        self._cpu_readings: deque[tuple[float, float]] = deque()
        self._stopped = False

    def stop(self) -> None:
        """The lease is ending: `run()` returns at its next check, even if a cancellation is lost."""
        self._stopped = True

    def limits(self) -> list[Limit]:
        limits = []
        if self.budget.js_heap_mb is not None:
            limits.append(Limit("js_heap_mb", "MB", self.budget.js_heap_mb))
        if self.budget.cpu_percent is not None:
            limits.append(Limit("cpu_percent", "%", self.budget.cpu_percent))
        if self.budget.rss_mb is not None and self.renderer_rss is not None:
            limits.append(Limit("rss_mb", "MB", self.budget.rss_mb))
        return limits

    async def run(self) -> None:
        limits = self.limits()
        if not limits:
            return
        loop = asyncio.get_running_loop()
        over_since: dict[str, float] = {}
        while not self._tab_done():
            await asyncio.sleep(self.budget.sample_every_s)
            if self._tab_done():
                return
            sample = await self.sample()
            if sample is None:
                continue
            self.last = sample
            now = loop.time()
            for limit in limits:
                value: float | None = getattr(sample, limit.metric)
                if value is None or value <= limit.limit:
                    over_since.pop(limit.metric, None)
                    continue
                started = over_since.setdefault(limit.metric, now)
                if now - started < self.budget.window_s:
                    continue
                violation = self._violation(limit, value)
                if self.budget.policy == BudgetPolicy.KILL_TAB:
                    self._publish(BrowserEventKind.BUDGET_KILL_TAB, violation.message)
                    await self.tab.kill_for_budget(violation)
                    return
                self._publish(BrowserEventKind.BUDGET_WARN, violation.message)
                over_since.pop(limit.metric, None)  # warn again only after another full window

    def _tab_done(self) -> bool:
        return self._stopped or self.tab.closed or self.tab.crashed.is_set() or self.tab.killed.is_set()

    def _violation(self, limit: Limit, value: float) -> StructuredError:
        return StructuredError(
            kind=ErrorKind.BUDGET,
            source=ErrorSource.BROWSER,
            message=(
                f"{limit.metric} {value:.0f} {limit.unit} over the limit of {limit.limit:.0f} {limit.unit} "
                f"for {self.budget.window_s:g}s"
            ),
            retryable=False,
        )

    def _publish(self, what: BrowserEventKind, detail: str) -> None:
        event = BrowserEvent(task_id=self.tab.task_id, shard=self.tab.shard, what=what, detail=detail)
        self.events.publish(event)

    @property
    def _reads_process(self) -> bool:
        """CPU and resident-memory limits need the renderer's process time (Performance metrics); a
        heap limit alone needs only the heap, one cheaper call per sample."""
        return self.budget.cpu_percent is not None or (
            self.budget.rss_mb is not None and self.renderer_rss is not None
        )

    async def _metrics_session(self) -> CDPSession:
        page = self.tab.page
        if self._session is None or self._session_page is not page:
            self._session = await self.tab.context.new_cdp_session(page)
            self._session_page = page
            self._cpu_readings.clear()
            if self._reads_process:
                await self._session.send("Performance.enable")
        return self._session

    def _cpu_percent(self, timestamp: float, process_s: float) -> float | None:
        readings = self._cpu_readings
        readings.append((timestamp, process_s))
        span = max(self.budget.window_s, self.budget.sample_every_s)
        while len(readings) > 2 and timestamp - readings[1][0] >= span:
            readings.popleft()
        first_time, first_cpu = readings[0]
        if timestamp <= first_time:
            return None
        return 100.0 * (process_s - first_cpu) / (timestamp - first_time)

    async def sample(self) -> Sample | None:
        """One reading of the current page's renderer; None when it cannot be read right now."""
        metrics: dict[str, float] = {}
        try:
            session = await self._metrics_session()
            heap_bytes = _js_memory_bytes(await within(session.send("Runtime.getHeapUsage"), 5.0))
            if self._reads_process:
                reply = await within(session.send("Performance.getMetrics"), 5.0)
                metrics = {item["name"]: float(item["value"]) for item in reply.get("metrics", [])}
        except (TimeoutError, PlaywrightError):
            self._session = None
            return None
        heap_bytes = max(heap_bytes, metrics.get("JSHeapUsedSize", 0.0))
        process_s = metrics.get("ProcessTime")
        timestamp = metrics.get("Timestamp")
        cpu_percent: float | None = None
        if process_s is not None and timestamp is not None:
            cpu_percent = self._cpu_percent(timestamp, process_s)
        rss_mb: float | None = None
        if self.renderer_rss is not None and self.budget.rss_mb is not None and process_s is not None:
            with contextlib.suppress(PlaywrightError):
                rss_mb = await self.renderer_rss(process_s)
        return Sample(js_heap_mb=heap_bytes / _MB, cpu_percent=cpu_percent, rss_mb=rss_mb)


def _js_memory_bytes(usage: dict[str, Any]) -> float:
    """What a page's JavaScript holds: the V8 heap plus ArrayBuffer backing stores (typed arrays live
    outside the heap, so JSHeapUsedSize alone misses a page that hoards Float64Arrays)."""
    return sum(
        float(usage.get(name, 0.0)) for name in ("usedSize", "embedderHeapUsedSize", "backingStorageSize")
    )
