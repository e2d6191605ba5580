"""Watching a page while an action runs, then waiting just long enough for what the action started.

An action may start a navigation, open a popup, start a download, or fire requests that update the
page. `ActionWatch` listens for all of them while the action runs; `settle()` then waits for a
started navigation to reach `domcontentloaded`, for a popup to load, for downloads to be saved and
for the network to go quiet (bounded: long-polling pages never hold it up).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from playwright.async_api import Download, Frame, Page, Request, Response
from playwright.async_api import Error as PlaywrightError

from ghosttab.aio import within
from ghosttab.errors import ErrorSource, StructuredError
from ghosttab.executor.classify import classify
from ghosttab.executor.context import ExecutionContext
from ghosttab.executor.downloads import save_download

# How long after the action a navigation, popup or download may still begin.
START_WINDOW_S = 0.1
# After every navigation request ended without a new document (a redirect hop, an attachment, a 204),
# how long to wait for the next thing to happen.
END_GRACE_S = 0.3
# The network counts as quiet after this long without requests in flight ...
QUIET_S = 0.1
# ... and the settle never waits longer than this for it.
SETTLE_MAX_S = 1.0
POLL_S = 0.02
# How long asking the page whether it opened a window may take.
POLL_TIMEOUT_S = 2.0


# Installed in every document of a task's context (Executor.prepare): counts the `window.open` calls
# a user gesture makes, so a click can tell a popup is coming before Playwright reports it (which
# it does only once the popup's first response arrives).
OPEN_HOOK_JS = """
(() => {
  if (window.__gtTakeOpened) return;
  const open = window.open;
  let opened = 0;
  window.open = function (...args) {
    if (!navigator.userActivation || navigator.userActivation.isActive) opened++;
    return open.apply(this, args);
  };
  const take = () => { const n = opened; opened = 0; return n; };
  Object.defineProperty(window, '__gtTakeOpened', { value: take });
})();
"""
ANIMATION_MAX_MS = 1000
# Resolves once no finite animation or transition runs (a tab's old pane fades out, then the new one
# fades in: each step is waited for), or after `max` milliseconds.
_ANIMATIONS_DONE_JS = """async (max) => {
  const end = performance.now() + max;
  const running = () => document.getAnimations().filter((a) => a.playState === 'running'
    && a.effect && Number.isFinite(a.effect.getComputedTiming().endTime));
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  while (performance.now() < end) {
    const now = running();
    if (!now.length) {
      await pause(50);
      if (!running().length) return true;
      continue;
    }
    const finished = Promise.all(now.map((a) => a.finished.catch(() => null)));
    await Promise.race([finished, pause(end - performance.now())]);
  }
  return false;
}"""
# A slide run by script (jQuery's animate, an SVG menu spreading, a hand-written tween) sets an
# inline style or an attribute every frame: resolves once none has changed for `quiet` milliseconds,
# or after `max`.
_STYLES_STILL_JS = """async ([max, quiet]) => {
  const end = performance.now() + max;
  let last = performance.now();
  const watcher = new MutationObserver((changes) => {
    if (changes.some((c) => !c.attributeName.startsWith('data-gt'))) last = performance.now();
  });
  watcher.observe(document, { attributes: true, subtree: true });
  try {
    while (performance.now() < end && performance.now() - last < quiet) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally { watcher.disconnect(); }
  return performance.now() - last >= quiet;
}"""
# No attribute change for this long: a scripted slide is over (one frame is about 17 ms).
STYLES_QUIET_MS = 80
_TAKE_OPENED_JS = "() => (window.__gtTakeOpened ? window.__gtTakeOpened() : 0)"


@dataclass
class WatchOutcome:
    """What happened while the action ran."""

    navigated: bool = False
    new_page: Page | None = None
    downloads: list[Path] = field(default_factory=list)
    download_errors: list[StructuredError] = field(default_factory=list)
    navigation_status: int | None = None
    navigation_url: str = ""
    retry_after: str | None = None


class ActionWatch:
    """Async context manager: listens on `page` from entry to exit; call `settle()` inside it."""

    def __init__(self, page: Page, ctx: ExecutionContext) -> None:
        self.page = page
        self.ctx = ctx
        self._changed = asyncio.Event()
        self._nav_requests: list[Request] = []
        self._nav_ended: set[int] = set()
        self._committed = False
        self._response: Response | None = None
        self._downloads: list[Download] = []
        self._popups: list[Page] = []
        self._inflight: set[int] = set()
        self._last_activity = float("-inf")  # no request yet: nothing to let go quiet

    # -- listeners -------------------------------------------------------------------------------

    def _is_main_navigation(self, request: Request) -> bool:
        try:
            return request.is_navigation_request() and request.frame == self.page.main_frame
        except PlaywrightError:  # service-worker requests have no frame
            return False

    def _on_request(self, request: Request) -> None:
        self._inflight.add(id(request))
        self._last_activity = time.monotonic()
        if self._is_main_navigation(request):
            self._nav_requests.append(request)
        self._changed.set()

    def _on_request_end(self, request: Request) -> None:
        self._inflight.discard(id(request))
        self._last_activity = time.monotonic()
        if any(request is nav for nav in self._nav_requests):
            self._nav_ended.add(id(request))
        self._changed.set()

    def _on_response(self, response: Response) -> None:
        if any(response.request is nav for nav in self._nav_requests):
            self._response = response

    def _on_frame_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self._committed = True
            self._changed.set()

    def _on_download(self, download: Download) -> None:
        self._downloads.append(download)
        self._changed.set()

    def _on_popup(self, popup: Page) -> None:
        self._popups.append(popup)
        popup.on("download", self._on_download)
        self._changed.set()

    _EVENTS = (
        ("request", "_on_request"), ("requestfinished", "_on_request_end"),
        ("requestfailed", "_on_request_end"), ("response", "_on_response"),
        ("framenavigated", "_on_frame_navigated"), ("download", "_on_download"), ("popup", "_on_popup"),
    )

    async def __aenter__(self) -> ActionWatch:
        for event, handler in self._EVENTS:
            self.page.on(event, getattr(self, handler))  # type: ignore[call-overload]
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for event, handler in self._EVENTS:
            self.page.remove_listener(event, getattr(self, handler))
        for popup in self._popups:
            popup.remove_listener("download", self._on_download)

    # -- waiting ---------------------------------------------------------------------------------

    async def _wait_change(self, timeout_s: float) -> bool:
        """Wait until a listener reports something, at most `timeout_s`; whether it did."""
        self._changed.clear()
        try:
            await within(self._changed.wait(), max(timeout_s, 0.0))
        except TimeoutError:
            return False
        return True

    def _started(self) -> bool:
        return bool(self._nav_requests or self._committed or self._downloads or self._popups)

    def _navigation_pending(self) -> bool:
        return any(id(request) not in self._nav_ended for request in self._nav_requests)

    async def _wait_navigation(self) -> None:
        """Wait until the navigation the action started has a new document, or ended without one.

        Once the new document is committed only its DOMContentLoaded counts, never the end of its
        body: a page that streams forever is still usable.
        """
        deadline = time.monotonic() + self.ctx.navigation_timeout_s
        while time.monotonic() < deadline and not self._committed:
            if not self._navigation_pending():
                if self._downloads:
                    break  # the navigation turned into a download
                # A redirect hop, an attachment or a 204: give the next step a moment to show up.
                if not await self._wait_change(END_GRACE_S):
                    break
                continue
            await self._wait_change(min(0.25, deadline - time.monotonic()))
        if self._committed:
            # A slow document is still usable: the next observation shows what is there.
            with contextlib.suppress(PlaywrightError):
                await self.page.wait_for_load_state(
                    "domcontentloaded", timeout=self.ctx.navigation_timeout_ms)

    async def _wait_network_quiet(self) -> None:
        deadline = time.monotonic() + SETTLE_MAX_S
        while time.monotonic() < deadline:
            if not self._inflight and time.monotonic() - self._last_activity >= QUIET_S:
                return
            await asyncio.sleep(POLL_S)

    async def _opened_a_window(self) -> bool:
        """Whether the page says `window.open` ran since it was last asked (see OPEN_HOOK_JS)."""
        try:
            return bool(await within(self.page.evaluate(_TAKE_OPENED_JS), POLL_TIMEOUT_S))
        except (PlaywrightError, TimeoutError):
            return False

    async def _usable_popup(self) -> Page | None:
        """The newest popup that shows a page; blank popups that only carried a download are closed."""
        download_pages = {id(download.page) for download in self._downloads}
        chosen: Page | None = None
        for popup in self._popups:
            if popup.is_closed():
                continue
            if id(popup) in download_pages and popup.url in ("", "about:blank"):
                with contextlib.suppress(PlaywrightError):
                    await popup.close()
                continue
            with contextlib.suppress(PlaywrightError):
                await popup.wait_for_load_state("domcontentloaded", timeout=self.ctx.navigation_timeout_ms)
            chosen = popup
        return chosen

    async def settle(
        self,
        expect_popup: bool = False,
        expect_download: bool = False,
        reveals: bool = False,
    ) -> WatchOutcome:
        """Wait for what the action started; save downloads into the context's downloads folder."""
        deadline = time.monotonic() + START_WINDOW_S
        while not self._started() and time.monotonic() < deadline:
            await self._wait_change(deadline - time.monotonic())
        if not self._started() and await self._opened_a_window():
            expect_popup = True
        if expect_popup and not self._popups:
            deadline = time.monotonic() + self.ctx.action_timeout_s
            while not (self._popups or self._downloads) and time.monotonic() < deadline:
                await self._wait_change(deadline - time.monotonic())
        if expect_download and not self._downloads:
            deadline = time.monotonic() + self.ctx.navigation_timeout_s
            # A committed navigation means the click opened a page, not a file: stop waiting.
            while not self._downloads and not self._committed and time.monotonic() < deadline:
                await self._wait_change(deadline - time.monotonic())
        if self._nav_requests or self._committed:
            await self._wait_navigation()
        outcome = WatchOutcome(navigated=self._committed)
        if self._response is not None:
            outcome.navigation_status = self._response.status
            outcome.navigation_url = self._response.url
            try:
                outcome.retry_after = await self._response.header_value("retry-after")
            except PlaywrightError:
                outcome.retry_after = None
        for download in self._downloads:
            try:
                outcome.downloads.append(await save_download(download, self.ctx.downloads_dir))
            except Exception as exc:  # one failed download must not lose the others
                outcome.download_errors.append(classify(exc, ErrorSource.ACTION, self.ctx.secrets))
        outcome.new_page = await self._usable_popup()
        await self._wait_network_quiet()
        if reveals and not self._committed:
            await self._wait_animations()
        return outcome

    async def _wait_animations(self) -> None:
        """A click that opened a tab or a folded section on the same page: let its fade or slide end,
        so the next observation sees what it revealed (a pane half faded in reads as hidden)."""
        with contextlib.suppress(PlaywrightError, TimeoutError):
            waiting = self.page.evaluate(_ANIMATIONS_DONE_JS, ANIMATION_MAX_MS)
            await within(waiting, ANIMATION_MAX_MS / 1000 + 1)
            still = self.page.evaluate(_STYLES_STILL_JS, [ANIMATION_MAX_MS, STYLES_QUIET_MS])
            await within(still, ANIMATION_MAX_MS / 1000 + 1)
