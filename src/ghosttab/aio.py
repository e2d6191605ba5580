"""asyncio helpers shared by the runtime."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def within(awaitable: Awaitable[T], seconds: float) -> T:
    """`await awaitable`, raising TimeoutError after `seconds`.

    Unlike `asyncio.wait_for` on Python 3.11, a cancellation that arrives as the awaitable
    finishes is never swallowed, so a task that is told to stop does stop.
    """
    async with asyncio.timeout(seconds):
        return await awaitable


class RecurringTask:
    """Runs `step` every `every_s` seconds in a background task until stopped.

    A step that raises one of `survives` is reported to `on_error` and the loop goes on (a
    database or a browser that is briefly away must not end lease renewal or the memory watch for
    good); anything else ends the loop and is kept for `stop()` to raise.
    """

    def __init__(
        self,
        name: str,
        every_s: float,
        step: Callable[[], Awaitable[None]],
        on_error: Callable[[Exception], None],
        survives: tuple[type[Exception], ...] = (Exception,),
    ) -> None:
        self.name = name
        self.every_s = every_s
        self._step = step
        self._on_error = on_error
        self._survives = survives
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        """Cancel the loop and wait for it; a step cut short by the cancel is not an error."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.every_s)
            try:
                await self._step()
            except self._survives as error:
                self._on_error(error)
