"""/api/events: Server-Sent Events read from the store's event log, resumable from Last-Event-ID."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from ghosttab.api.deps import store_of
from ghosttab.store import Store

router = APIRouter(tags=["events"])
POLL_S = 0.2
KEEPALIVE_S = 15.0


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
    idle = 0.0
    yield "retry: 1000\n\n"
    while True:
        batch = await store.events_since(after, 500, task_id)
        for event in batch:
            after = event.id
            body = {"id": event.id, "at": event.at.isoformat(), "type": event.type.value,
                    "task_id": event.task_id, **event.payload}  # fmt: skip
            yield f"id: {event.id}\nevent: {event.type.value}\ndata: {json.dumps(body, default=str)}\n\n"
        if not follow and len(batch) < 500:
            return
        if batch:
            idle = 0.0
            continue
        if await request.is_disconnected():
            return
        await asyncio.sleep(POLL_S)
        idle += POLL_S
        if idle >= KEEPALIVE_S:
            idle = 0.0
            yield ": keep-alive\n\n"
