"""The executor: one Action in, Playwright calls with the right waits, one ActionResult out.

It never decides anything. Each failure comes back as a StructuredError in the result (never as an
exception), with secret values scrubbed from its message. When an action opens a new tab, the
executor moves to it: `current_page` is the page the runner should continue in.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import assert_never
from urllib.parse import urljoin, urlsplit

from playwright.async_api import BrowserContext, Locator, Page
from playwright.async_api import Error as PlaywrightError

from ghosttab.actions import (
    Action,
    ActionResult,
    AskHuman,
    Back,
    Check,
    Click,
    DatePart,
    Done,
    Download,
    ElementTarget,
    Extract,
    Fail,
    Navigate,
    Press,
    Scroll,
    Select,
    TypeText,
    Wait,
)
from ghosttab.aio import within
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.executor.classify import classify
from ghosttab.executor.context import ExecutionContext
from ghosttab.executor.handle import Handle, RefHandle, on_ref
from ghosttab.executor.inputs import (
    FIELD_JS,
    OPTION_ROLES,
    FieldInfo,
    NoEntries,
    choose_custom,
    choose_native,
    field_info,
    set_checked,
    type_into,
)
from ghosttab.executor.navigation import navigation_error
from ghosttab.executor.resolve import TargetResolver, describe_target, frame_root
from ghosttab.executor.values import date_part_values, parse_date
from ghosttab.executor.watch import OPEN_HOOK_JS, ActionWatch, WatchOutcome
from ghosttab.secrets import host_allowed

MAX_WAIT_S = 120.0

_SCROLL_JS = """([sign, pages]) => {
  const before = window.scrollY;
  // Instantly: a site's `scroll-behavior: smooth` would still be on its way when the page is observed.
  window.scrollBy({ top: sign * pages * window.innerHeight, behavior: 'instant' });
  if (window.scrollY !== before) return true;
  // The document does not scroll: scroll the largest scrollable box instead (app shells, grids).
  let best = null, area = 0;
  for (const el of document.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (!/(auto|scroll)/.test(s.overflowY) || el.scrollHeight <= el.clientHeight) continue;
    const a = el.clientWidth * el.clientHeight;
    if (a > area) { area = a; best = el; }
  }
  if (best) best.scrollBy({ top: sign * pages * best.clientHeight, behavior: 'instant' });
  return best !== null;
}"""


# The focused element is a text field whose own list is still open.
_LIST_LEFT_OPEN_JS = """() => {
  const el = document.activeElement;
  const field = el && (['INPUT', 'TEXTAREA'].includes(el.tagName) || el.getAttribute('role') === 'combobox');
  if (!field) return false;
  return el.getAttribute('aria-expanded') === 'true' || el.closest('[aria-expanded="true"]') !== null;
}"""


# Wait (at most a second) until no entry of a list shows: a list closing fades out.
_LIST_CLOSED_JS = """async () => {
  const shown = () => [...document.querySelectorAll('[role=option]')].some((o) => o.checkVisibility({
    checkOpacity: true, visibilityProperty: true }) && o.getBoundingClientRect().height > 0);
  for (let waited = 0; waited < 1000 && shown(); waited += 50) await new Promise((r) => setTimeout(r, 50));
}"""


def _policy_error(message: str) -> GhosttabError:
    return GhosttabError(StructuredError(
        kind=ErrorKind.POLICY, source=ErrorSource.ACTION, retryable=False, message=message))


def _input_error(message: str) -> GhosttabError:
    return GhosttabError(StructuredError(
        kind=ErrorKind.INPUT, source=ErrorSource.ACTION, retryable=False, message=message))


class Executor:
    """Runs actions for one task. `current_page` follows the task into new tabs."""

    def __init__(self, ctx: ExecutionContext) -> None:
        self.ctx = ctx
        self.resolver = TargetResolver(ctx.action_timeout_s)
        self.current_page: Page | None = None

    # -- public API ------------------------------------------------------------------------------

    async def prepare(self, context: BrowserContext) -> None:
        """Ready a task's fresh context before its first page loads: every document in it reports
        the windows its clicks open."""
        await context.add_init_script(script=OPEN_HOOK_JS)

    async def execute(self, page: Page, action: Action) -> ActionResult:
        """Perform `action` on `page`; failures are returned in `ActionResult.error`, never raised."""
        self.current_page = page
        started = time.perf_counter()
        url_before = page.url
        try:
            result = await self._dispatch(page, action)
        except Exception as exc:
            error = classify(exc, ErrorSource.ACTION, self.ctx.secrets)
            target = action.element
            if target is not None:
                described = describe_target(target)
                prefix = action.kind if described in error.message else f"{action.kind} {described}"
                error = error.model_copy(update={"message": f"{prefix}: {error.message}"})
            result = ActionResult(ok=False, error=error)
        return self._finish(result, url_before, started)

    async def resolve(self, page: Page, target: ElementTarget) -> Locator:
        """The Locator of the one element `target` means (raises GhosttabError(ELEMENT) if none)."""
        return await self.resolver.resolve(page, target)

    async def handle(self, page: Page, target: ElementTarget) -> tuple[Handle, FieldInfo]:
        """The element `target` means and what the page says about it. An element of the main document
        that still holds its ref is reached in one round trip (see `RefHandle`); any other through the
        resolver's Locator (raises GhosttabError(ELEMENT) if there is none)."""
        if target.ref and not target.locator.frames:
            try:
                found, raw = await within(
                    page.evaluate(on_ref(FIELD_JS), [target.ref, None]), self.ctx.action_timeout_s)
            except PlaywrightError:  # the document is being replaced: the resolver waits for it
                found, raw = False, None
            if found:
                handle: Handle = RefHandle(
                    page, target.ref, lambda: self.resolve(page, target), self.ctx.action_timeout_ms)
                return handle, FieldInfo.model_validate(raw)
        handle = Handle(await self.resolve(page, target))
        return handle, await field_info(handle, self.ctx.action_timeout_ms)

    async def goto(self, page: Page, url: str) -> ActionResult:
        """Open `url` (relative URLs resolve against the current page); HTTP >= 400 is an error."""
        self.current_page = page
        started = time.perf_counter()
        url_before = page.url
        try:
            result = await self._goto(page, url)
        except Exception as exc:
            error = classify(exc, ErrorSource.NAVIGATION, self.ctx.secrets)
            result = ActionResult(ok=False, error=error)
        return self._finish(result, url_before, started)

    # -- plumbing --------------------------------------------------------------------------------

    def _finish(self, result: ActionResult, url_before: str, started: float) -> ActionResult:
        page = self.current_page
        url_after = url_before
        if page is not None and not page.is_closed():
            url_after = page.url
        error = result.error
        if error is not None:
            error = error.model_copy(update={"message": self.ctx.secrets.scrub(error.message)})
        return result.model_copy(update={
            "error": error,
            "url_before": url_before,
            "url_after": url_after,
            "navigated": result.navigated or url_after != url_before,
            "duration_ms": (time.perf_counter() - started) * 1000,
        })

    def _result(self, outcome: WatchOutcome, *, any_client_error: bool = False) -> ActionResult:
        if outcome.new_page is not None:
            self.current_page = outcome.new_page
        error = navigation_error(outcome, any_client_error=any_client_error)
        if error is None and outcome.download_errors and not outcome.downloads:
            error = outcome.download_errors[0]
        return ActionResult(
            ok=error is None, error=error, navigated=outcome.navigated,
            downloads=[str(path) for path in outcome.downloads], new_tab=outcome.new_page is not None,
        )

    async def _dispatch(self, page: Page, action: Action) -> ActionResult:
        match action:
            case Navigate():
                return await self._goto(page, action.url)
            case Click():
                return await self._click(page, action.target)
            case TypeText():
                return await self._type(page, action)
            case Select():
                return await self._select(page, action)
            case Check():
                return await self._check(page, action)
            case Press():
                return await self._press(page, action)
            case Scroll():
                sign = 1 if action.direction == "down" else -1
                await page.evaluate(_SCROLL_JS, [sign, action.pages])
                return ActionResult(ok=True)
            case Wait():
                await asyncio.sleep(min(action.seconds, MAX_WAIT_S))
                return ActionResult(ok=True)
            case Download():
                return await self._download(page, action.target)
            case Back():
                return await self._back(page)
            case Extract() | Done() | Fail() | AskHuman():
                return ActionResult(ok=True)  # the runner's business
            case _:
                assert_never(action)

    # -- actions ---------------------------------------------------------------------------------

    async def _goto(self, page: Page, url: str) -> ActionResult:
        absolute = urljoin(page.url, url) if page.url.startswith(("http:", "https:")) else url
        async with ActionWatch(page, self.ctx) as watch:
            try:
                await page.goto(absolute, wait_until="domcontentloaded",
                                timeout=self.ctx.navigation_timeout_ms)
            except PlaywrightError as exc:
                # An attachment URL "navigates" into a download: the watch saves it.
                if "download is starting" not in str(exc).lower():
                    raise GhosttabError(classify(exc, ErrorSource.NAVIGATION)) from exc
            outcome = await watch.settle()
        return self._result(outcome, any_client_error=True)

    async def _click(self, page: Page, target: ElementTarget) -> ActionResult:
        handle, info = await self.handle(page, target)
        async with ActionWatch(page, self.ctx) as watch:
            await handle.click(self.ctx.action_timeout_ms)
            outcome = await watch.settle(expect_popup=info.target == "_blank", reveals=True)
        if target.locator.role in OPTION_ROLES and not outcome.navigated:
            await self._close_list_left_open(page)
        return self._result(outcome)

    async def _close_list_left_open(self, page: Page) -> None:
        """An entry was picked but its field keeps its list open (a multi-select showing "No results"
        for the words typed): Escape closes it, as a person would, so it covers nothing."""
        with contextlib.suppress(PlaywrightError, TimeoutError):
            if await within(page.evaluate(_LIST_LEFT_OPEN_JS), self.ctx.action_timeout_s):
                await within(page.keyboard.press("Escape"), self.ctx.action_timeout_s)
                await within(page.evaluate(_LIST_CLOSED_JS), self.ctx.action_timeout_s)

    async def _download(self, page: Page, target: ElementTarget) -> ActionResult:
        handle, _ = await self.handle(page, target)
        async with ActionWatch(page, self.ctx) as watch:
            await handle.click(self.ctx.action_timeout_ms)
            outcome = await watch.settle(expect_download=True)
        result = self._result(outcome)
        if result.ok and not result.downloads:
            return result.model_copy(update={"ok": False, "error": StructuredError(
                kind=ErrorKind.TIMEOUT, source=ErrorSource.ACTION, retryable=True,
                message=f"no download started within {self.ctx.navigation_timeout_s:g}s of the click")})
        return result

    def _typed_value(self, action: TypeText) -> tuple[str, str]:
        """The value to type and how it may be named in messages."""
        if action.secret is not None:
            if action.secret not in self.ctx.secrets:
                raise _input_error(f"the task has no secret named {action.secret!r}")
            return self.ctx.secrets.value(action.secret), f"secret {action.secret!r}"
        if action.field is not None:
            if action.field not in self.ctx.data:
                raise _input_error(f"the task data has no field {action.field!r}")
            value = self.ctx.data[action.field]
            return value, repr(value)
        text = action.text or ""
        return text, repr(text)

    def _check_secret_allowed(self, page: Page, info: FieldInfo, name: str) -> None:
        # about:srcdoc and about:blank frames belong to the page that made them.
        frame_url = info.url if info.url.startswith(("http:", "https:")) else page.url
        for url in {page.url, frame_url}:
            if not host_allowed(url, self.ctx.allowed_domains):
                host = urlsplit(url).hostname or url
                raise _policy_error(f"secret {name!r} may only be typed on allowed domains, not on {host}")

    def _date_part(self, value: str, shown: str, part: DatePart | None) -> list[str]:
        """`[value]`, or with `part` the ways that part of the date `value` is written."""
        if part is None:
            return [value]
        spellings = date_part_values(value, part)
        if spellings is None:
            raise _input_error(f"cannot read {shown} as a date to take its {part} from")
        return spellings

    async def _type(self, page: Page, action: TypeText) -> ActionResult:
        value, shown = self._typed_value(action)
        handle, info = await self.handle(page, action.target)
        if action.secret is not None:
            self._check_secret_allowed(page, info, action.secret)
        spellings = self._date_part(value, shown, action.part)
        value = spellings[1] if action.part == "year" and info.takes_short_year else spellings[0]
        async with ActionWatch(page, self.ctx) as watch:
            if info.tag == "select":
                # "Type Express into the shipping field" on a <select> means choosing that option.
                await choose_native(handle, value, self.ctx.action_timeout_ms, also=spellings[1:])
            elif info.readonly and not action.secret and (info.is_autocomplete or parse_date(value) is None):
                await self._choose_in_box(page, action, handle, info, value, shown)
            else:
                secret = action.secret is not None
                await type_into(handle, value, info, self.ctx.action_timeout_ms, shown=shown, secret=secret)
            if action.submit:
                await handle.press("Enter", self.ctx.action_timeout_ms)
            outcome = await watch.settle()
        return self._result(outcome)

    async def _choose_in_box(
        self, page: Page, action: TypeText, handle: Handle, info: FieldInfo, text: str, shown: str
    ) -> None:
        """A box that takes no typing (a select widget, a cascader): choose the entry it lists, as
        a person clicking it would. One that lists nothing gets the value set as a picker would."""
        root = frame_root(page, action.target.locator.frames)
        try:
            await choose_custom(root, handle, text, info, self.ctx.action_timeout_ms)
        except NoEntries:
            if info.is_autocomplete:
                raise
            await type_into(handle, text, info, self.ctx.action_timeout_ms, shown=shown)

    async def _select(self, page: Page, action: Select) -> ActionResult:
        if action.field is not None:
            if action.field not in self.ctx.data:
                raise _input_error(f"the task data has no field {action.field!r}")
            wanted = self.ctx.data[action.field]
        elif action.option is not None:
            wanted = action.option
        else:
            raise _input_error("select needs an 'option' or a data 'field'")
        spellings = self._date_part(wanted, repr(wanted), action.part)
        wanted = spellings[0]
        handle, info = await self.handle(page, action.target)
        async with ActionWatch(page, self.ctx) as watch:
            if info.tag == "select":
                await choose_native(handle, wanted, self.ctx.action_timeout_ms, also=spellings[1:])
            else:
                root = frame_root(page, action.target.locator.frames)
                await choose_custom(root, handle, wanted, info, self.ctx.action_timeout_ms)
            outcome = await watch.settle()
        if info.tag != "select" and not outcome.navigated:
            await self._close_list_left_open(page)
        return self._result(outcome)

    async def _check(self, page: Page, action: Check) -> ActionResult:
        handle, info = await self.handle(page, action.target)
        root = frame_root(page, action.target.locator.frames)
        async with ActionWatch(page, self.ctx) as watch:
            await set_checked(root, handle, action.checked, info, self.ctx.action_timeout_ms)
            outcome = await watch.settle()
        return self._result(outcome)

    async def _press(self, page: Page, action: Press) -> ActionResult:
        handle = (await self.handle(page, action.target))[0] if action.target is not None else None
        async with ActionWatch(page, self.ctx) as watch:
            if handle is not None:
                await handle.press(action.key, self.ctx.action_timeout_ms)
            else:
                await page.keyboard.press(action.key)
            outcome = await watch.settle()
        return self._result(outcome)

    async def _back(self, page: Page) -> ActionResult:
        before = page.url
        async with ActionWatch(page, self.ctx) as watch:
            response = await page.go_back(wait_until="domcontentloaded",
                                          timeout=self.ctx.navigation_timeout_ms)
            outcome = await watch.settle()
        if response is None and page.url == before:
            return ActionResult(ok=False, error=StructuredError(
                kind=ErrorKind.RUNTIME, source=ErrorSource.NAVIGATION, retryable=False,
                message="there is no earlier page to go back to"))
        return self._result(outcome)
