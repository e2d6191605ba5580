"""A per-task cache: the same URL and page state reuse the last observation (and a decision
whose action has to be tried again) instead of paying for a new one."""

from __future__ import annotations

import time

from pydantic import BaseModel

from ghosttab.navigator.base import Decision
from ghosttab.perception.models import Observation

DEFAULT_TTL_S = 60.0


class CachedView(BaseModel):
    url: str
    state: str
    observation: Observation
    decision: Decision | None = None
    at: float


class ObservationCache:
    """Keyed by URL and a cheap state hash of the page; a navigation or a real change misses."""

    def __init__(self, ttl_s: float = DEFAULT_TTL_S) -> None:
        self.ttl_s = ttl_s
        self._last: CachedView | None = None
        self.hits = 0
        self.misses = 0

    def get(self, url: str, state: str) -> CachedView | None:
        last = self._last
        if last is None or not state or last.url != url or last.state != state:
            self.misses += 1
            return None
        if time.monotonic() - last.at > self.ttl_s:
            self._last = None
            self.misses += 1
            return None
        self.hits += 1
        return last

    def put(self, url: str, state: str, observation: Observation) -> None:
        self._last = CachedView(url=url, state=state, observation=observation, at=time.monotonic())

    def remember_decision(self, decision: Decision) -> None:
        if self._last is not None:
            self._last.decision = decision

    def invalidate(self) -> None:
        self._last = None
