"""The path cache as a task uses it: find its shape's path, then record, update or retire it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ghosttab.lifecycle import TaskStatus
from ghosttab.replay.cursor import ReplayCursor
from ghosttab.replay.key import Shape, shape_of, slots_of
from ghosttab.replay.path import CacheOutcome, CacheUse, ReplayPath
from ghosttab.replay.record import learn_path
from ghosttab.replay.template import Slots
from ghosttab.spec import TaskSpec
from ghosttab.store.database import utc_now
from ghosttab.store.rows import PathRow

if TYPE_CHECKING:
    from ghosttab.navigator.base import PastStep

# A path whose replays failed this many times in a row is retired; the next success records anew.
RETIRE_AFTER_FAILURES = 3


class PathBackend(Protocol):
    """Where paths are kept: the Store."""

    async def get_path(self, key: str) -> PathRow | None: ...

    async def save_path(
        self, key: str, site: str, goal_template: str, path: dict[str, Any],
        version: int = 1, expires_at: datetime | None = None,
    ) -> None: ...  # fmt: skip

    async def path_replayed(self, key: str, healed: bool, saved_s: float) -> None: ...

    async def path_failed(self, key: str, retire_after: int) -> bool: ...


class PathSettings(BaseModel):
    enabled: bool = Field(True, description="replay paths that worked, and record new ones")
    ttl_s: float | None = Field(None, gt=0, description="seconds a recorded path serves (None: no end)")
    retire_after: int = Field(
        RETIRE_AFTER_FAILURES, ge=1, description="failed replays in a row before a path is retired"
    )


class PathUse(BaseModel):
    """One task attempt's use of the cache: its shape, its values, and its replay if it has one."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    shape: Shape
    slots: Slots
    cursor: ReplayCursor | None = None
    stored_version: int = 0  # the version of the row found, kept or not
    miss_reason: str = ""


class PathCache:
    def __init__(self, backend: PathBackend, settings: PathSettings | None = None) -> None:
        self.backend = backend
        self.settings = settings or PathSettings()

    async def begin(self, spec: TaskSpec) -> PathUse:
        shape, slots = shape_of(spec), slots_of(spec)
        use = PathUse(shape=shape, slots=slots)
        row = await self.backend.get_path(shape.key)
        if row is None:
            use.miss_reason = "no path for this shape yet"
            return use
        use.stored_version = row.version
        path = ReplayPath.model_validate(row.path)
        reason = self._unusable(row, path, slots)
        if reason:
            use.miss_reason = reason
            return use
        use.cursor = ReplayCursor(path=path, slots=slots)
        return use

    def _unusable(self, row: PathRow, path: ReplayPath, slots: Slots) -> str:
        if row.retired:
            return f"path v{row.version} retired after {row.failures_in_row} failed replays"
        if row.expires_at is not None and row.expires_at <= utc_now():
            return f"path v{row.version} expired"
        missing = sorted(set(slots.missing(path.model_dump_json(include={"steps"}))))
        if missing:
            return f"path needs {', '.join(missing)}"
        for slot, learned in path.fixed.items():
            value = slots.values.get(slot, "")
            if value.casefold() != learned.casefold():
                return f"the goal quotes {value!r}; the path was learned for {learned!r}, which no step holds"
        return ""

    async def finish(
        self, use: PathUse, spec: TaskSpec, status: TaskStatus, history: list[PastStep], seconds: float
    ) -> CacheUse:
        """Record what the attempt taught: a new or healed path after a success, a failed replay."""
        cursor = use.cursor
        if cursor is None:
            if status == TaskStatus.SUCCEEDED:
                await self._record(use, spec, history, seconds, use.stored_version + 1)
            return CacheUse(outcome=CacheOutcome.MISS, reason=use.miss_reason, version=use.stored_version)
        healed = len(history) - cursor.replayed
        used = CacheUse(
            outcome=CacheOutcome.HEALED if healed else CacheOutcome.HIT, version=cursor.path.version,
            replayed_steps=cursor.replayed, healed_steps=healed,
        )  # fmt: skip
        if status != TaskStatus.SUCCEEDED:
            await self.backend.path_failed(use.shape.key, self.settings.retire_after)
            return used.model_copy(update={"reason": f"replay ended {status.value}"})
        saved = max(cursor.path.first_run_s - seconds, 0.0)
        await self.backend.path_replayed(use.shape.key, healed=bool(healed), saved_s=saved)
        if healed:
            first_run = cursor.path.first_run_s or seconds
            await self._record(use, spec, history, first_run, cursor.path.version + 1)
        return used.model_copy(update={"saved_s": saved})

    async def _record(
        self, use: PathUse, spec: TaskSpec, history: list[PastStep], seconds: float, version: int
    ) -> None:
        path = learn_path(use.shape, history, use.slots, spec.id, seconds, version)
        if path is None:
            return
        ttl = self.settings.ttl_s
        expires = utc_now() + timedelta(seconds=ttl) if ttl else None
        await self.backend.save_path(
            path.key, path.site, path.goal_template, path.model_dump(mode="json"), path.version, expires
        )
