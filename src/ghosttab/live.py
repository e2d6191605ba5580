"""The live view, worker side: frames of the running tasks someone watches, written to the store.

A viewer's request (the API's GET /api/tasks/{id}/live) marks the task as watched in the store;
the worker running it takes a masked JPEG of its tab every `frame_s` while the mark is recent, and
the task's frames are dropped when it ends. Nobody watching costs one small read a second."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Mapping

from pydantic import BaseModel, Field

from ghosttab.browser import TabPool
from ghosttab.runner.artifacts import live_frame
from ghosttab.secrets import Secrets
from ghosttab.store import Store

SWEEP_S = 60.0


class LiveConfig(BaseModel):
    frame_s: float = Field(0.3, gt=0, description="seconds between two frames of a watched task")
    watch_s: float = Field(10.0, gt=0, description="a task stays watched this long after a viewer asked")
    check_s: float = Field(1.0, gt=0, description="how often the store is asked which tasks are watched")
    quality: int = Field(60, ge=10, le=95, description="JPEG quality of a frame")


class LiveView:
    def __init__(self, store: Store, pool: TabPool, config: LiveConfig | None = None) -> None:
        self.store = store
        self.pool = pool
        self.config = config or LiveConfig()
        self._watched: set[str] = set()
        self._checked_at = float("-inf")
        self._swept_at = float("-inf")

    async def tick(self, running: Mapping[str, Secrets]) -> None:
        """One frame of each watched task among `running` (task id -> its secrets, for the mask)."""
        if time.monotonic() - self._swept_at >= SWEEP_S:  # frames a vanished worker left behind
            self._swept_at = time.monotonic()
            await self.store.drop_live()
        if not running:
            self._watched = set()
            return
        if time.monotonic() - self._checked_at >= self.config.check_s:
            self._checked_at = time.monotonic()
            self._watched = await self.store.live_watched(list(running), self.config.watch_s)
        ids = sorted(self._watched & set(running))
        await asyncio.gather(*(self._frame(task_id, running[task_id]) for task_id in ids))

    async def _frame(self, task_id: str, secrets: Secrets) -> None:
        tab = self.pool.tab_for(task_id)
        if tab is None:
            return
        frame = await live_frame(tab.page, secrets, self.config.quality)
        if frame is not None:
            await self.store.put_live_frame(task_id, frame)

    async def ended(self, task_id: str) -> None:
        """The task ended here: its frames go (a store briefly away leaves them to a sweep)."""
        self._watched.discard(task_id)
        with contextlib.suppress(Exception):
            await self.store.drop_live([task_id])
