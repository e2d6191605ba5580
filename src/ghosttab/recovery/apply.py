"""Carrying a RecoveryPlan out on the page: wait, reload, close an overlay, sign in again."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from ghosttab.actions import Action, ElementTarget
from ghosttab.errors import StructuredError
from ghosttab.executor import Executor
from ghosttab.perception.models import Observation
from ghosttab.recovery.outcome import RecoveryOutcome
from ghosttab.recovery.overlays import dismiss_overlay
from ghosttab.recovery.policy import RecoveryPlan
from ghosttab.recovery.reauth import sign_in_again
from ghosttab.result import Strategy

ABANDON_TIMEOUT_MS = 5000


@dataclass
class RecoveryContext:
    """What a strategy may use: the page, the task's executor, and what the task was doing."""

    page: Page
    executor: Executor
    secret_names: list[str]
    fallback_url: str
    action: Action | None = None
    observation: Observation | None = None
    resume_url: str = ""


async def apply_plan(plan: RecoveryPlan, error: StructuredError, ctx: RecoveryContext) -> RecoveryOutcome:
    """Do what `plan` says; STOP, ESCALATE and RETRY_ON_FRESH_TAB are the runner's to handle."""
    if plan.wait_s > 0:
        await asyncio.sleep(plan.wait_s)
    if plan.strategy in (Strategy.BACK_OFF, Strategy.REFRESH_AND_RETRY):
        return await _reload(ctx, abandon=plan.strategy == Strategy.REFRESH_AND_RETRY)
    if plan.strategy == Strategy.CLOSE_MODAL:
        dismissal = await dismiss_overlay(ctx.page)
        return RecoveryOutcome(recovered=dismissal.closed, detail=dismissal.how)
    if plan.strategy == Strategy.REAUTHENTICATE:
        return await sign_in_again(
            ctx.page, ctx.executor, ctx.secret_names, ctx.resume_url, ctx.observation
        )
    if plan.strategy == Strategy.WAIT_AND_RETRY:
        return await _wait_for_target(ctx)
    return RecoveryOutcome(recovered=False, detail=f"{plan.strategy.value} is not applied on the page")


async def _reload(ctx: RecoveryContext, abandon: bool) -> RecoveryOutcome:
    """Open the failed page again (a net-error page has no URL of its own: the task's start then).

    A load that timed out may still be pending, and Chromium aborts a new load of the same URL
    while it is: `abandon` leaves it for a blank page first.
    """
    url = ctx.page.url if ctx.page.url.startswith(("http:", "https:")) else ctx.fallback_url
    if abandon:
        with contextlib.suppress(PlaywrightError):
            await ctx.page.goto("about:blank", timeout=ABANDON_TIMEOUT_MS)
    result = await ctx.executor.goto(ctx.page, url)
    return RecoveryOutcome(
        recovered=result.ok, detail=f"reopened {url}", error=result.error, downloads=result.downloads
    )


async def _wait_for_target(ctx: RecoveryContext) -> RecoveryOutcome:
    """After the wait: is the element the failed action wanted there now?"""
    target = ctx.action.element if ctx.action is not None else None
    if not isinstance(target, ElementTarget):
        return RecoveryOutcome(recovered=True, detail="waited")
    try:
        found = await ctx.executor.resolver.try_resolve(ctx.page, target)
    except PlaywrightError:
        found = None
    what = target.describe()
    if found is None:
        return RecoveryOutcome(recovered=False, detail=f"waited; {what} is still not there")
    return RecoveryOutcome(recovered=True, detail=f"waited; {what} is there")
