"""Taught paths: a person does one task in a browser, and what they did becomes its shape's path.

A script in every page of the context reports each click, text entered, option chosen, box ticked
and Enter pressed, with its element described as a path's locator keeps it. Entered values are
matched to the sample task's data fields, its goal's quoted values and its secrets (by name), so
the batch replays each task with its own values.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol

from playwright.async_api import BrowserContext, Download, Page, async_playwright
from playwright.async_api import Error as PlaywrightError
from pydantic import BaseModel, ValidationError

from ghosttab.actions import Action, Check, Click, ElementLocator, ElementTarget, Select, TypeText
from ghosttab.actions import Download as DownloadAction
from ghosttab.browser.config import PoolConfig
from ghosttab.browser.launch import launch_local
from ghosttab.replay.key import shape_of, slots_of
from ghosttab.replay.path import ReplayPath
from ghosttab.replay.record import learn_path
from ghosttab.spec import TaskSpec
from ghosttab.store.rows import PathRow

BINDING = "__gtTaught"


@cache
def _recorder_script() -> str:
    return resources.files("ghosttab.replay").joinpath("teach.js").read_text(encoding="utf-8")


class TaughtEvent(BaseModel):
    """What the page script reports of one thing the person did."""

    kind: Literal["click", "check", "select", "type", "enter"]
    url: str
    element: ElementLocator
    value: str = ""
    checked: bool = True


class TaughtStep(BaseModel):
    url: str
    action: Action
    ok: bool = True


def _same_field(earlier: Action, later: Action) -> bool:
    return isinstance(earlier, TypeText) and isinstance(later, TypeText) and earlier.target == later.target


def _submitted(action: Action) -> bool:
    return isinstance(action, TypeText) and action.submit


class Demonstration:
    """`await demo.attach(context)`, let the person work in its pages, then `demo.path()`."""

    def __init__(self, spec: TaskSpec) -> None:
        self.spec = spec
        self.steps: list[TaughtStep] = []
        self.ignored = 0
        self._secrets = spec.secret_values()

    async def attach(self, context: BrowserContext) -> None:
        await context.expose_binding(BINDING, self._on_event)
        await context.add_init_script(script=_recorder_script())
        context.on("page", self._watch_downloads)
        for page in context.pages:
            self._watch_downloads(page)

    def path(self, version: int = 1) -> ReplayPath | None:
        """The demonstrated path for the sample task's shape, or None when nothing was done."""
        return learn_path(
            shape_of(self.spec), self.steps, slots_of(self.spec), self.spec.id, 0.0, version, taught=True
        )

    # -- events -------------------------------------------------------------------------------
    def _on_event(self, _source: Any, payload: Any) -> None:
        try:
            event = TaughtEvent.model_validate(payload)
        except ValidationError:
            self.ignored += 1
            return
        action = self._action(event)
        last = self.steps[-1] if self.steps else None
        if last is not None and _same_field(last.action, action):
            if not _submitted(last.action) or _submitted(action):
                self.steps[-1] = TaughtStep(url=last.url, action=action)  # typed again, or Enter pressed
            return  # the change event that follows an Enter adds nothing
        self.steps.append(TaughtStep(url=event.url, action=action))

    def _action(self, event: TaughtEvent) -> Action:
        target = ElementTarget(locator=event.element)
        match event.kind:
            case "check":
                return Check(target=target, checked=event.checked)
            case "select":
                field = self._field_of(event.value)
                return (
                    Select(target=target, field=field) if field else Select(target=target, option=event.value)
                )
            case "type" | "enter":
                submit = event.kind == "enter"
                secret = next((name for name, value in self._secrets.items() if value == event.value), None)
                if secret is not None:
                    return TypeText(target=target, secret=secret, submit=submit)
                field = self._field_of(event.value)
                if field is not None:
                    return TypeText(target=target, field=field, submit=submit)
                return TypeText(target=target, text=event.value, submit=submit)
            case _:
                return Click(target=target)

    def _field_of(self, value: str) -> str | None:
        return next((key for key, data in self.spec.data.items() if data.strip() == value.strip()), None)

    def _watch_downloads(self, page: Page) -> None:
        page.on("download", self._on_download)

    def _on_download(self, _download: Download) -> None:
        """The click that started a download is a download step."""
        for index in range(len(self.steps) - 1, -1, -1):
            step = self.steps[index]
            if isinstance(step.action, Click):
                action = DownloadAction(target=step.action.target)
                self.steps[index] = TaughtStep(url=step.url, action=action)
                return


class PathSaver(Protocol):
    """Where a taught path goes: the Store."""

    async def get_path(self, key: str) -> PathRow | None: ...

    async def save_path(
        self, key: str, site: str, goal_template: str, path: dict[str, Any],
        version: int = 1, expires_at: datetime | None = None,
    ) -> None: ...  # fmt: skip


async def teach(
    spec: TaskSpec, store: PathSaver, config: PoolConfig, finished: Callable[[Page], Awaitable[None]]
) -> ReplayPath | None:
    """Open a browser at the sample task's start URL, record what the person does until `finished`
    returns, and store it as the path of the task's shape (a newer version if it has one)."""
    folder = Path(tempfile.mkdtemp(prefix="ghosttab-teach-"))
    demo = Demonstration(spec)
    try:
        async with async_playwright() as playwright:
            browser = await launch_local(playwright, config, folder)
            try:
                viewport = {"width": config.viewport.width, "height": config.viewport.height}
                context = await browser.new_context(accept_downloads=True, viewport=viewport)  # type: ignore[arg-type]
                await demo.attach(context)
                page = await context.new_page()
                await page.goto(spec.start_url)
                await finished(page)
            finally:
                with contextlib.suppress(PlaywrightError):
                    await browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    shape = shape_of(spec)
    stored = await store.get_path(shape.key)
    path = demo.path(version=stored.version + 1 if stored else 1)
    if path is not None:
        await store.save_path(
            path.key, path.site, path.goal_template, path.model_dump(mode="json"), path.version
        )
    return path
