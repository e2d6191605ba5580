"""asyncio helpers shared by the runtime."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


async def within(awaitable: Awaitable[T], seconds: float) -> T:
    """`await awaitable`, raising TimeoutError after `seconds`.

    Unlike `asyncio.wait_for` on Python 3.11, a cancellation that arrives as the awaitable
    finishes is never swallowed, so a task that is told to stop does stop.
    """
    async with asyncio.timeout(seconds):
        return await awaitable
