"""A leased tab: one fresh BrowserContext, its pages, its state machine and its failure flags."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

from playwright.async_api import BrowserContext, CDPSession, Page
from playwright.async_api import Error as PlaywrightError

from ghosttab.aio import within
from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.events import EventBus, TabStateChanged
from ghosttab.lifecycle import TabState, check_tab_transition

_MB = 1024 * 1024
CLOSE_TIMEOUT_S = 5.0


class Tab:
    """What a task holds while it runs: `page` is always the newest open page of its context."""

    def __init__(
        self,
        *,
        context: BrowserContext,
        page: Page,
        shard: int,
        events: EventBus,
        task_id: str | None = None,
        session_key: str | None = None,
    ) -> None:
        self.id = f"s{shard}-{uuid.uuid4().hex[:10]}"
        self.context = context
        self.page = page
        self.pages: list[Page] = []
        self.shard = shard
        self.task_id = task_id
        self.session_key = session_key
        self.state = TabState.IDLE
        self.crashed = asyncio.Event()
        self.crash_reason: str | None = None
        self.killed = asyncio.Event()
        self.budget_violation: StructuredError | None = None
        self.closed = False
        self._events = events
        self._sessions: dict[Page, CDPSession] = {}
        self._track(page)
        context.on("page", self._on_new_page)

    # -- pages and popups -------------------------------------------------------------------
    def _track(self, page: Page) -> None:
        if page in self.pages:
            return
        self.pages.append(page)
        self.page = page
        page.on("crash", lambda _page: self.mark_crashed("renderer crashed"))
        page.on("close", self._on_page_closed)

    def _on_new_page(self, page: Page) -> None:
        # A target=_blank link or window.open: the task follows it in the same context.
        self._track(page)

    def _on_page_closed(self, page: Page) -> None:
        self._sessions.pop(page, None)
        if page in self.pages:
            self.pages.remove(page)
        if self.page is page and self.pages:
            self.page = self.pages[-1]

    async def close_current(self) -> bool:
        """Close the newest page (a popup) and return to the one that opened it.

        Returns False, closing nothing, when only one page is open.
        """
        if len(self.pages) <= 1:
            return False
        current = self.page
        opener = self.pages[-2] if self.pages[-1] is current else self.pages[-1]
        with contextlib.suppress(PlaywrightError):
            await current.close()
        self._on_page_closed(current)
        self.page = opener
        with contextlib.suppress(PlaywrightError):
            await opener.bring_to_front()
        return True

    # -- state machine ----------------------------------------------------------------------
    def transition(self, target: TabState) -> None:
        """Move to `target` or raise IllegalTransition; publishes TabStateChanged."""
        source = self.state
        check_tab_transition(source, target)
        self.state = target
        self._events.publish(
            TabStateChanged(task_id=self.task_id, tab_id=self.id, source=source, target=target)
        )

    # -- failures ---------------------------------------------------------------------------
    def mark_crashed(self, reason: str) -> None:
        if not self.crashed.is_set():
            self.crash_reason = reason
            self.crashed.set()

    @property
    def error(self) -> StructuredError | None:
        """Why this tab can no longer be used, if it cannot: a budget kill or a crash."""
        if self.budget_violation is not None:
            return self.budget_violation
        if self.crashed.is_set():
            return StructuredError(
                kind=ErrorKind.CRASH,
                source=ErrorSource.BROWSER,
                message=self.crash_reason or "browser crashed",
                retryable=True,
            )
        return None

    async def kill_for_budget(self, violation: StructuredError) -> None:
        self.budget_violation = violation
        try:
            await self.close()
        finally:
            # Also when the lease ends (and cancels the watch) while the context is closing.
            self.killed.set()

    # -- CDP helpers ------------------------------------------------------------------------
    async def cdp(self, page: Page | None = None) -> CDPSession:
        """A CDP session on `page` (default: the current page), created once per page."""
        target = page or self.page
        session = self._sessions.get(target)
        if session is None:
            session = await self.context.new_cdp_session(target)
            self._sessions[target] = session
        return session

    async def js_heap_mb(self) -> float:
        usage = await (await self.cdp()).send("Runtime.getHeapUsage")
        return float(usage["usedSize"]) / _MB

    async def storage_state(self, indexed_db: bool = False) -> dict[str, Any]:
        """Cookies and origin storage of this context, to persist as a session."""
        state = await within(self.context.storage_state(indexed_db=indexed_db), CLOSE_TIMEOUT_S * 3)
        return dict(state)

    async def crash_renderer(self, timeout_s: float = 10.0) -> None:
        """Test hook: crash the current page's renderer through CDP and wait until it is seen."""
        session = await self.context.new_cdp_session(self.page)
        # Page.crash never answers: the renderer is gone before it can.
        send = asyncio.ensure_future(session.send("Page.crash"))
        try:
            await within(self.crashed.wait(), timeout_s)
        finally:
            send.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await send

    # -- end of life ------------------------------------------------------------------------
    async def close(self) -> None:
        """Destroy the context (all its pages); never raises, never hangs for long."""
        if self.closed:
            return
        self.closed = True
        self._sessions.clear()
        with contextlib.suppress(PlaywrightError, asyncio.TimeoutError):
            await within(self.context.close(), CLOSE_TIMEOUT_S)
