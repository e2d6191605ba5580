"""The address policy on one task's browser context: every request is checked before it is sent.

Playwright routing (`context.route`) sees a request before Chromium connects, but not the hops of
a redirect: Chromium follows those itself. So a document request is fetched here with redirects
off, and each `Location` is checked before the browser may follow it; a chain of redirects is
walked (each hop checked) and the browser is sent straight to its end. A refused main-frame
navigation ends the task with a POLICY error; a refused subresource or frame is only blocked.

The guard also sees what commits a side effect: a main-frame submission (POST, …) the site accepted
(answered 2xx or with a redirect). A sign-in (its body carries one of the task's secrets) is not
one: signing in again is harmless. It is handed to `on_commit` (which stores it) before the browser
gets the answer, so nothing that interrupts the page load afterwards can lose it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin

from playwright.async_api import BrowserContext, Request, Route
from playwright.async_api import Error as PlaywrightError

from ghosttab.errors import StructuredError
from ghosttab.policy import AddressPolicy, PolicyError
from ghosttab.secrets import Secrets

log = logging.getLogger(__name__)

REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RequestGuard:
    """Routes every request of a context through the policy; remembers the first refused navigation."""

    def __init__(
        self, policy: AddressPolicy, timeout_s: float, secrets: Secrets | None = None,
        on_commit: Callable[[str, bool], Awaitable[None]] | None = None,
    ) -> None:  # fmt: skip
        self.policy = policy
        self.secrets = secrets or Secrets({})
        self.on_commit = on_commit  # given where an accepted submission leads, and if its answer was lost
        self.timeout_ms = timeout_s * 1000
        self.violation: StructuredError | None = None
        self.blocked: list[str] = []
        self._verdicts: dict[tuple[str, bool], PolicyError | None] = {}
        self.active = False

    async def start(self, context: BrowserContext, start_url: str) -> StructuredError | None:
        """Guard every request of `context`; or return why `start_url` itself is refused."""
        refused = await self.refusal(start_url, navigation=True)
        if refused is not None:
            return refused.error
        self.active = True
        await context.route("**/*", self._handle)
        return None

    def _is_submission(self, request: Request) -> bool:
        if request.method in ("GET", "HEAD") or self.on_commit is None:
            return False
        body = (request.post_data_buffer or b"").decode("utf-8", errors="replace")
        return self.secrets.scrub(body) == body  # a sign-in carries the task's secret: not one

    def retire(self) -> None:
        """Stop guarding: later requests fall through to the next route (a later task's guard).

        Not `unroute`: Playwright's unroute waits for a running handler, and one may be fetching a
        page that answers in a minute; the context is destroyed after the task anyway."""
        self.active = False

    async def refusal(self, url: str, navigation: bool) -> PolicyError | None:
        """Why `url` is refused, or None; one DNS lookup per host and kind for the task's life."""
        host = _origin(url)
        key = (host, navigation)
        if key not in self._verdicts:
            try:
                await self.policy.check(url, navigation=navigation)
                self._verdicts[key] = None
            except PolicyError as refused:
                self._verdicts[key] = refused
        verdict = self._verdicts[key]
        if verdict is None:
            return None
        # The cached refusal names the first URL of its host; say which URL this one was.
        reason = verdict.message.split(": ", 1)[-1]
        return PolicyError(f"{url[:120]}: {reason}")

    async def _handle(self, route: Route, request: Request) -> None:
        if not self.active:
            with contextlib.suppress(PlaywrightError):
                await route.fallback()
            return
        try:
            main_frame = _is_main_frame_navigation(request)
            refused = await self.refusal(request.url, navigation=main_frame)
            if refused is not None:
                await self._refuse(route, refused, main_frame)
            elif request.resource_type == "document":
                await self._fetch_checking_redirects(route, request, main_frame)
            else:
                await route.continue_()
        except PlaywrightError as exc:
            # A hop of a redirect chain failed, or the page went away: never leave the request hanging.
            log.debug("request guard: %s", exc)
            with contextlib.suppress(PlaywrightError):
                await route.abort("failed")

    async def _refuse(self, route: Route, refused: PolicyError, main_frame: bool) -> None:
        self.blocked.append(refused.message)
        if main_frame and self.violation is None:
            self.violation = refused.error
        log.info("address policy refused %s", refused.message)
        await route.abort("blockedbyclient")

    async def _fetch_checking_redirects(self, route: Route, request: Request, main_frame: bool) -> None:
        submission = main_frame and self._is_submission(request)
        try:
            response = await route.fetch(max_redirects=0, timeout=self.timeout_ms)
        except PlaywrightError as exc:
            if submission and not _never_sent(exc) and self.on_commit is not None:
                # The site may have acted on it (too slow to answer; the browser lost meanwhile):
                # it is never sent again, and the runner checks what took.
                await self.on_commit(request.url, True)
                await route.abort("failed")
                return
            # The server did not answer (refused, unknown name, too slow): the URL itself passed,
            # so the browser tries it and reports its own error (ERR_NAME_NOT_RESOLVED, …).
            await route.continue_()
            return
        location = response.headers.get("location") if response.status in REDIRECTS else None
        if submission and response.status < 400 and self.on_commit is not None:
            await self.on_commit(urljoin(request.url, location or ""), False)
        if location:
            # The browser follows a fulfilled redirect with a new request, which comes here again:
            # each hop is checked before it is made, with the cookies the browser holds by then.
            refused = await self.refusal(urljoin(request.url, location), navigation=main_frame)
            if refused is not None:
                await self._refuse(route, refused, main_frame)
                return
        await route.fulfill(response=response)


def _never_sent(error: PlaywrightError) -> bool:
    """The request cannot have reached the site: no connection was made."""
    return any(sign in str(error) for sign in _NOT_CONNECTED)


_NOT_CONNECTED = ("ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ERR_NAME_NOT_RESOLVED", "ERR_CONNECTION_REFUSED")


def _is_main_frame_navigation(request: Request) -> bool:
    if not request.is_navigation_request():
        return False
    try:
        return request.frame.parent_frame is None
    except PlaywrightError:
        return False  # a service worker's request has no frame


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme.lower()}://{rest.split('/', 1)[0].split('?', 1)[0].split('#', 1)[0].lower()}"
