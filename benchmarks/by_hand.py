"""The loop every blind set's by-hand checker shares: each task done with scripted Playwright in a
fresh browser context, then its success criteria read off the final page (and any extra check the
set adds), so a set is known to be solvable and its checks known to work before the navigator runs."""

from __future__ import annotations

import asyncio
import contextlib
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


def check_with_database(
    serve: Callable[[], contextlib.AbstractContextManager[str]],
    app_state: Callable[[str, list[str]], dict[str, bool]],
    checks: Mapping[str, str],
    tasks: Mapping[str, tuple[Any, ...]],
    steps: Mapping[str, Steps],
    only: list[str],
) -> int:
    """The by-hand run on a site whose database says afterwards whether each task's change is there
    (and said before that it was not, where a task changes something: `checks[id] != "True"`); the
    number of failures."""
    with serve() as base:
        # Before any task: no task's change is in the database yet (each check can fail).
        before = app_state(base, [t for t in tasks if not only or t in only])
        problems = asyncio.run(check_by_hand(tasks, steps, base, only))
        after = app_state(base, list(problems))
    for task_id, problem in problems.items():
        if not problem and not after.get(task_id):
            problem = "the final page passed but the database lacks the change"
        if before.get(task_id) and checks[task_id] != "True":
            problem = problem or "the database held the change before the task was done"
        if problem and not problems[task_id]:
            print(f"{task_id:<26} FAILED {problem}", flush=True)
        problems[task_id] = problem
    return report(problems)
