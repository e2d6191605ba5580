"""/api/events: Server-Sent Events read from the store's event log, resumable from Last-Event-ID."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from ghosttab.api.deps import store_of
from ghosttab.store import Store

router = APIRouter(tags=["events"])
POLL_S = 0.05  # how often the feed looks for new events: once per process, not per stream
KEEPALIVE_S = 15.0
PAGE = 500
log = logging.getLogger(__name__)


@router.get("/events", response_class=StreamingResponse)
async def events(
    request: Request,
    last_event_id: Annotated[str | None, Header(pattern=r"^\d{1,18}$")] = None,
    after: Annotated[int | None, Query(ge=0, description="start after this event id")] = None,
    task_id: Annotated[str | None, Query(max_length=200)] = None,
    follow: Annotated[bool, Query(description="keep the stream open for new events")] = True,
) -> StreamingResponse:
    """`text/event-stream` of task.submitted, task.status and task.step events, oldest first.
    A reconnecting EventSource sends Last-Event-ID and gets what it missed."""
    start = int(last_event_id) if last_event_id is not None else (after or 0)
    stream = _stream(request, store_of(request), start, task_id, follow)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


async def _stream(
    request: Request, store: Store, after: int, task_id: str | None, follow: bool
) -> AsyncIterator[str]:
    feed = feed_of(request)
    quiet_since = time.monotonic()
    yield "retry: 1000\n\n"
    while True:
        horizon = feed.newest  # every event up to here is in the store before the read below
        batch = await store.events_since(after, PAGE, task_id)
        for event in batch:
            after = event.id
            body = {"id": event.id, "at": event.at.isoformat(), "type": event.type.value,
                    "task_id": event.task_id, **event.payload}  # fmt: skip
            yield f"id: {event.id}\nevent: {event.type.value}\ndata: {json.dumps(body, default=str)}\n\n"
        if len(batch) == PAGE:
            continue
        if not follow or await request.is_disconnected():
            return
        if batch:
            quiet_since = time.monotonic()
        await feed.wait_past(max(horizon, after), KEEPALIVE_S - (time.monotonic() - quiet_since))
        if time.monotonic() - quiet_since >= KEEPALIVE_S:
            quiet_since = time.monotonic()
            yield ": keep-alive\n\n"


def feed_of(request: Request) -> EventFeed:
    feed: EventFeed | None = getattr(request.app.state, "event_feed", None)
    if feed is None:
        feed = request.app.state.event_feed = EventFeed(store_of(request))
    return feed


class EventFeed:
    """Wakes the open streams of this process when the store holds a newer event. One look at the
    store's newest event id per poll, however many streams are open, and none while none is."""

    def __init__(self, store: Store, every_s: float = POLL_S) -> None:
        self._store = store
        self._every_s = every_s
        self._newest = 0
        self._waiting = 0
        self._changed: asyncio.Condition | None = None
        self._poller: asyncio.Task[None] | None = None

    @property
    def newest(self) -> int:
        """The newest event id seen in the store (0 before the first look)."""
        return self._newest

    async def wait_past(self, event_id: int, timeout_s: float) -> None:
        """Return once the store holds an event newer than `event_id`, or after `timeout_s`."""
        if self._newest > event_id or timeout_s <= 0:
            return
        changed = self._condition()
        self._waiting += 1
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll(), name="ghosttab-event-feed")
        try:
            async with changed:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(timeout_s):
                        await changed.wait_for(lambda: self._newest > event_id)
        finally:
            self._waiting -= 1

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def _poll(self) -> None:
        while self._waiting:
            try:
                newest = await self._store.last_event_id()
            except Exception as error:  # a database briefly away must not end the feed for good
                log.warning("event feed: cannot read the newest event id: %s", error)
                newest = self._newest
            if newest > self._newest:
                self._newest = newest
                async with self._condition():
                    self._condition().notify_all()
            await asyncio.sleep(self._every_s)
