"""One attempt's use of the path cache. A store that fails here costs the replay, never the task."""

from __future__ import annotations

import logging

from ghosttab.errors import first_line
from ghosttab.lifecycle import TaskStatus
from ghosttab.navigator.base import TaskMemory
from ghosttab.replay.cache import PathCache, PathUse
from ghosttab.replay.path import CacheUse
from ghosttab.spec import TaskSpec

log = logging.getLogger(__name__)


class AttemptPaths:
    def __init__(self, cache: PathCache | None, spec: TaskSpec) -> None:
        self.cache = cache
        self.spec = spec
        self.use: PathUse | None = None

    async def begin(self, memory: TaskMemory) -> None:
        """Give the task its shape's path to replay, if there is one it can use."""
        if self.cache is None:
            return
        try:
            self.use = await self.cache.begin(self.spec)
        except Exception as error:
            log.warning("task %s: path cache not read: %s", self.spec.id, first_line(error))
            return
        memory.replay = self.use.cursor

    async def finish(self, status: TaskStatus, memory: TaskMemory, seconds: float) -> CacheUse | None:
        if self.cache is None or self.use is None:
            return None
        try:
            return await self.cache.finish(self.use, self.spec, status, memory.history, seconds)
        except Exception as error:
            log.warning("task %s: path cache not updated: %s", self.spec.id, first_line(error))
            return None
