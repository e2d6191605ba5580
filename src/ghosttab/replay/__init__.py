"""Replay: what worked, remembered. A succeeded task leaves a path for its shape (the site, the goal
with its values as slots, the data keys); the next task of that shape replays it with its own
values, asking no decider, and a step that no longer fits is healed by the navigator.

`ghosttab.replay.cache.PathCache` is how the runner finds, records and scores paths in the store.
"""

from __future__ import annotations

from ghosttab.replay.key import Shape, shape_of, slots_of
from ghosttab.replay.path import CacheOutcome, CacheUse, PathStep, ReplayPath
from ghosttab.replay.template import Slots

__all__ = [
    "CacheOutcome",
    "CacheUse",
    "PathStep",
    "ReplayPath",
    "Shape",
    "Slots",
    "shape_of",
    "slots_of",
]
