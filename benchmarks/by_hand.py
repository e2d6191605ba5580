"""The loop every blind set's by-hand checker shares: each task done with scripted Playwright in a
fresh browser context, then its success criteria read off the final page (and any extra check the
set adds), so a set is known to be solvable and its checks known to work before the navigator runs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from playwright.async_api import Page, async_playwright

Steps = Callable[[Page, str, dict[str, str]], Awaitable[None]]
# After a task's steps and its page check: what else is wrong ('' when nothing), from (page, base, task id).
ExtraCheck = Callable[[Page, str, str], Awaitable[str]]


async def page_problem(page: Page, success: Mapping[str, Any]) -> str:
    """What the final page lacks of the task's success criteria ('' when it meets them)."""
    await page.wait_for_load_state()
    text = " ".join((await page.inner_text("body")).split())
    if "text" in success and str(success["text"]) not in text:
        return f"text {success['text']!r} not on {page.url}: {text[:300]}"
    if "url_contains" in success and str(success["url_contains"]) not in page.url:
        return f"url {page.url} lacks {success['url_contains']!r}"
    return ""


async def check_by_hand(
    tasks: Mapping[str, tuple[Any, ...]],
    steps: Mapping[str, Steps],
    base: str,
    only: list[str],
    extra: ExtraCheck | None = None,
) -> dict[str, str]:
    """Each task (id -> (id, goal, start, data, success)) done by its steps; its problem, '' when none,
    printed as it is known. `SHOW=1` prints each task's final page."""
    problems: dict[str, str] = {}
    browser_path = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=browser_path)
        for task_id, (_, _goal, _start, data, success) in tasks.items():
            if only and task_id not in only:
                continue
            context = await browser.new_context(accept_downloads=True)
            page = await context.new_page()
            page.set_default_timeout(10_000)
            try:
                await steps[task_id](page, base, data)
                problem = await page_problem(page, success)
                if os.environ.get("SHOW"):
                    print(task_id, page.url, " ".join((await page.inner_text("body")).split())[:1500])
                if not problem and extra is not None:
                    problem = await extra(page, base, task_id)
            except Exception as error:  # the report says which step broke
                problem = f"{type(error).__name__}: {str(error).splitlines()[0]} (at {page.url})"
            problems[task_id] = problem
            print(f"{task_id:<26} {'FAILED ' + problem if problem else 'ok'}", flush=True)
            await context.close()
        await browser.close()
    return problems


def report(problems: Mapping[str, str]) -> int:
    """Print the totals; the number of failures."""
    failures = sum(bool(problem) for problem in problems.values())
    print(f"{len(problems) - failures} passed, {failures} failed")
    return failures
