"""Page -> Observation in one `page.evaluate` of the injected `observe.js`, bounded by a token budget."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Sequence
from functools import cache
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from ghosttab.aio import within
from ghosttab.browser.closed import is_closed
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.perception.budget import MIN_TOKEN_BUDGET, fit_to_budget
from ghosttab.perception.models import Observation, PageSummary
from ghosttab.perception.payload import ScriptResult
from ghosttab.perception.scripts import read_script, splice

# Errors Playwright raises while the page is between documents; waiting for the new one fixes them.
_NAVIGATION_ERRORS = (
    "Execution context was destroyed",
    "Cannot find context with specified id",
    "Inspected target navigated or closed",
    "frame was detached",
)
_RETRIES = 2
# How long an observation waits for a document still being parsed.
_PARSE_WAIT_MS = 2000
# Share of the budget the page text may take before shrinking starts (elements matter more).
_TEXT_SHARE = 0.35
# Of that, the share the rendered text may take: the viewport's text the element lines don't say.
# `Observation.text` keeps the whole window for code that searches the page's words.
_VIEW_TEXT_SHARE = 0.04


@cache
def observe_script() -> str:
    """The page script, read once from package data: observe.js with its slots spliced in."""
    return splice(read_script("observe.js"))


def _observe_key() -> str:
    return "__ghosttabObserve_" + hashlib.sha256(observe_script().encode()).hexdigest()[:16]


def _run_expression(setup: str) -> str:
    """A function of the options that finds the script through `setup` and runs it once the DOM is
    complete (or after `_PARSE_WAIT_MS` for a page that streams without end)."""
    return (
        "(opts) => {\n"
        f"  let run = window.{_observe_key()};\n"
        f"{setup}"
        "  if (document.readyState !== 'loading') return JSON.stringify(run(opts));\n"
        "  return new Promise((resolve) => {\n"
        "    let done = false;\n"
        "    const go = () => { if (!done) { done = true; resolve(JSON.stringify(run(opts))); } };\n"
        "    document.addEventListener('DOMContentLoaded', go, { once: true });\n"
        f"    setTimeout(go, {_PARSE_WAIT_MS});\n"
        "  });\n"
        "}"
    )


@cache
def observe_expression() -> str:
    """What `page.evaluate` runs in a document the script has not run in yet: the script, kept on
    the window after its first run (so later runs reuse its compiled code), its result returned as
    one JSON string (Playwright's own value serializer costs tens of milliseconds on a big result; a
    string costs nothing)."""
    return _run_expression(
        "  if (typeof run !== 'function') {\n"
        f"    run = {observe_script().strip()};\n"
        f"    try {{ Object.defineProperty(window, '{_observe_key()}', {{ value: run }}); }} catch (e) {{}}\n"
        "  }\n"
    )


@cache
def rerun_expression() -> str:
    """What `page.evaluate` runs first: the script kept on the window, or null where it is not yet
    (a new document). It spares sending the 40 kB script with every observation."""
    return _run_expression("  if (typeof run !== 'function') return null;\n")


async def observe(
    page: Page,
    *,
    token_budget: int = 2000,
    max_elements: int = 150,
    timeout_s: float = 15.0,
    find: Sequence[str] = (),
) -> Observation:
    """Describe what `page` shows: its visible interactive elements (stamped with stable
    `data-gt-ref`s), headings, dialogs and text, within `token_budget` tokens of compact text.

    `find`: phrases (the task's values) to look for anywhere on the page, like find-in-page. Links
    and buttons named by one are described too, wherever they are, but off screen they are not
    listed in the compact text (`Element.listed` is False), so the budget holds."""
    if token_budget < MIN_TOKEN_BUDGET:
        raise ValueError(f"token_budget must be at least {MIN_TOKEN_BUDGET}, got {token_budget}")
    started = time.perf_counter()
    options: dict[str, Any] = {
        "maxElements": max(0, min(max_elements, 500)),
        "textChars": int(token_budget * 4 * _TEXT_SHARE),
        "viewTextChars": int(token_budget * 4 * _VIEW_TEXT_SHARE),
        "find": [phrase for phrase in find if len(phrase.strip()) >= 2][:20],
    }
    raw = await _evaluate(page, options, timeout_s)
    try:
        if not isinstance(raw, str):
            raise ValueError(f"expected a JSON string, got {type(raw).__name__}")
        result = ScriptResult.model_validate_json(raw)
    except ValueError as exc:
        raise GhosttabError(StructuredError(
            kind=ErrorKind.RUNTIME, source=ErrorSource.PERCEPTION,
            message=f"page script returned an unexpected shape: {str(exc)[:300]}",
        )) from exc
    obs = observation_from(result)
    offsets = {e.ref: e.offset for e in result.elements}
    fitted = fit_to_budget(
        obs, token_budget=token_budget, offsets=offsets,
        above=result.above, below=result.below, unlisted=result.unlisted,
    )
    return fitted.model_copy(update={"duration_ms": (time.perf_counter() - started) * 1000})


def observation_from(result: ScriptResult) -> Observation:
    described = len(result.elements)
    return Observation(
        url=result.url,
        title=result.title,
        elements=[e.to_element() for e in result.elements],
        text=result.text,
        extra_text=result.extra_text,
        headings=result.headings,
        dialogs=result.dialogs,
        summary=PageSummary(
            total_elements=max(result.total, described),
            omitted_elements=result.above + result.below + result.unlisted,
            headings=result.elsewhere_headings,
            more_below=result.below > 0,
        ),
        hidden_links=result.hidden_links,
        tables=result.tables,
        page_hash=result.page_hash,
        state=result.state,
        scroll_y=result.scroll_y,
        scroll_height=result.scroll_height,
        viewport_height=result.viewport_height,
    )


async def _evaluate(page: Page, options: dict[str, Any], timeout_s: float) -> Any:
    for attempt in range(_RETRIES + 1):
        try:
            return await within(_run(page, options), timeout_s)
        except TimeoutError as exc:
            raise GhosttabError(StructuredError(
                kind=ErrorKind.TIMEOUT, source=ErrorSource.PERCEPTION, retryable=True,
                message=f"page script did not answer within {timeout_s:g}s",
            )) from exc
        except PlaywrightError as exc:
            if attempt == _RETRIES or not any(m in exc.message for m in _NAVIGATION_ERRORS):
                closed = is_closed(exc)
                raise GhosttabError(StructuredError(
                    kind=ErrorKind.CRASH if closed else ErrorKind.CDP, source=ErrorSource.PERCEPTION,
                    retryable=not closed, message=f"observing the page failed: {exc.message[:300]}",
                )) from exc
            await _wait_for_document(page, timeout_s)
    raise AssertionError("unreachable")  # pragma: no cover


async def _run(page: Page, options: dict[str, Any]) -> Any:
    result = await page.evaluate(rerun_expression(), options)
    if result is None:
        result = await page.evaluate(observe_expression(), options)
    return result


async def _wait_for_document(page: Page, timeout_s: float) -> None:
    try:
        await page.wait_for_load_state("domcontentloaded", timeout=timeout_s * 1000)
    except PlaywrightError:
        await asyncio.sleep(0.2)
