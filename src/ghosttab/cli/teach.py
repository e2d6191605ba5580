"""`ghosttab record`: a person shows one task in a browser; its shape's batch then replays it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from playwright.async_api import Page

from ghosttab.cli.common import DbOption, console, db_url, fail, load, reported, run_async
from ghosttab.config import FleetConfig
from ghosttab.replay.teach import teach
from ghosttab.spec import TaskSpec
from ghosttab.store import Store


def _sample(task: Path | None, row: int, url: str | None, goal: str | None) -> TaskSpec:
    if task is not None:
        tasks = load(task).tasks
        if not 1 <= row <= len(tasks):
            fail(f"{task} has {len(tasks)} valid tasks; --row {row} is not one of them")
        return tasks[row - 1]
    if url is None or goal is None:
        fail("give --task FILE, or --url URL with --goal TEXT")
    with reported():
        return TaskSpec(goal=goal, start_url=url)
    raise AssertionError("unreachable")


async def _until_done(page: Page) -> None:
    """The person closes the browser window, or presses Enter here."""
    closed = asyncio.ensure_future(page.wait_for_event("close", timeout=0))
    entered = asyncio.ensure_future(asyncio.to_thread(input))
    await asyncio.wait({closed, entered}, return_when=asyncio.FIRST_COMPLETED)
    closed.cancel()


def record(
    task: Annotated[Path | None, typer.Option("--task", help="task file whose task (--row) is shown")] = None,
    row: Annotated[int, typer.Option("--row", min=1, help="which task of the file (1 = the first)")] = 1,
    url: Annotated[str | None, typer.Option("--url", help="start URL, without a task file")] = None,
    goal: Annotated[str | None, typer.Option("--goal", help="the goal, with --url")] = None,
    db: DbOption = None,
    headless: Annotated[bool, typer.Option("--headless", help="no window (where no screen is)")] = False,
) -> None:
    """Open a browser at the task's start URL and record what you do there as its shape's path."""
    spec = _sample(task, row, url, goal)
    pool = FleetConfig().pool.model_copy(update={"headless": headless})
    console.print(f"Show the task in the browser: [bold]{spec.rendered_goal}[/]")
    console.print("Close the browser window, or press Enter here, when it is done.")

    async def go() -> str:
        with Store.open(db_url(db)) as store:
            path = await teach(spec, store, pool, _until_done)
        if path is None:
            return "nothing was done: no path stored"
        steps = f"{len(path.steps)} steps"
        return f"stored path {path.key[:10]} v{path.version} ({steps}) for “{path.goal_template}”"

    console.print(run_async(go()))
