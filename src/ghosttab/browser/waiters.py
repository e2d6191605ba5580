"""A wait queue served by priority, first come first served within a priority."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from typing import Generic, TypeVar

T = TypeVar("T")


class PriorityWaiters(Generic[T]):
    """Waiters are futures; whoever frees a resource hands it to `pop()`'s future with set_result."""

    def __init__(self) -> None:
        self._heap: list[tuple[int, int, asyncio.Future[T]]] = []
        self._seq = itertools.count()

    def push(self, priority: int = 0) -> asyncio.Future[T]:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (-priority, next(self._seq), future))
        return future

    def pop(self) -> asyncio.Future[T] | None:
        """The next waiter still waiting (cancelled ones are dropped here), or None."""
        while self._heap:
            _, _, future = heapq.heappop(self._heap)
            if not future.done():
                return future
        return None

    def __len__(self) -> int:
        return sum(1 for _, _, future in self._heap if not future.done())

    def fail_all(self, error: BaseException) -> None:
        while (future := self.pop()) is not None:
            future.set_exception(error)
