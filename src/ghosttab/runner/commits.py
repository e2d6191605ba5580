"""Side effects of one attempt, stored the moment they happen, and the dialogs that confirm them.

A step commits a side effect when the site accepted a submission (seen by the request guard), a
confirming dialog was accepted, or a download arrived. The commit is stored *as it happens*, before
the browser is given the site's answer: a hard stop, a lost worker or a crash in the rest of the
step (the page load after a submission) cannot lose it, so the next run checks the committed page
instead of submitting again. The step's full row, written when the step ends, replaces that one.

JavaScript dialogs: Playwright dismisses them when nobody listens, which silently cancels what the
task asked for (a "Pay now?" confirm). They are accepted here (a prompt with its default text), and
an accepted `confirm` counts as a commit: the page acts on it at once.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any, NamedTuple, Protocol

from playwright.async_api import BrowserContext, Dialog
from playwright.async_api import Error as PlaywrightError

from ghosttab.result import StepRecord

log = logging.getLogger(__name__)


class StepWriter(Protocol):
    async def record_step(self, step: StepRecord) -> None: ...


class StepCommit(NamedTuple):
    committed: bool
    landing: str | None  # the page the side effect led to (a redirect's target), where a retry checks
    doubtful: bool  # the site's answer was lost: whether it took can only be checked


class Commits:
    """The commits of one attempt: noted by the guard and the dialog watch, taken by the runner per step."""

    def __init__(self, recorder: StepWriter, task_id: str, attempt: int) -> None:
        self.recorder = recorder
        self.task_id = task_id
        self.attempt = attempt
        self.pending: list[str] = []  # URLs where a side effect happened in the step under way
        self.dialogs: list[str] = []  # messages of the dialogs accepted, newest last
        self._step: tuple[int, dict[str, Any]] | None = None  # (number, action) of the step under way
        self._stored = False
        self._doubtful = False
        self.active = True

    def begin(self, step: int, action: dict[str, Any]) -> None:
        self._step, self._stored = (step, action), False

    def end(self, downloads: list[str]) -> StepCommit:
        """What the step that just ended committed; the next step starts clean."""
        commit = StepCommit(bool(self.pending or downloads), self.pending[-1] if self.pending else None,
                            self._doubtful)  # fmt: skip
        self.pending, self._step, self._doubtful = [], None, False
        return commit

    async def note(self, url: str, doubtful: bool = False) -> None:
        """A side effect took at `url` (`doubtful`: may have taken, the site's answer was lost):
        store the step under way as committed, once, right now."""
        self.pending.append(url)
        self._doubtful = self._doubtful or doubtful
        if self._step is None or self._stored:
            return
        number, action = self._step
        row = StepRecord(
            task_id=self.task_id, attempt=self.attempt, step=number, action=action, url=url,
            committed=True, reason="side effect committed; the step's own row follows when it ends",
        )  # fmt: skip
        try:
            await self.recorder.record_step(row)
            self._stored = True
        except Exception as exc:  # the step's own row still records it, when the step ends
            log.warning("could not store the commit of %s step %d: %s", self.task_id, number, exc)

    def watch_dialogs(self, context: BrowserContext) -> None:
        context.on("dialog", self._on_dialog)

    async def _on_dialog(self, dialog: Dialog) -> None:
        if not self.active:  # the attempt is over: nobody asked for what the dialog confirms
            with contextlib.suppress(PlaywrightError):
                await dialog.dismiss()
            return
        url = ""
        with contextlib.suppress(PlaywrightError):
            url = dialog.page.url if dialog.page is not None else ""
        try:
            await dialog.accept(dialog.default_value if dialog.type == "prompt" else None)
        except PlaywrightError as exc:  # the page went away meanwhile
            log.debug("dialog not accepted: %s", exc)
            return
        self.dialogs.append(dialog.message[:200])
        if dialog.type == "confirm":
            await self.note(url)
