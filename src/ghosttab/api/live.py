"""GET /api/tasks/{id}/live: the latest frame of a running task, read-only (the live view)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response

from ghosttab.api.deps import store_of, task_or_404
from ghosttab.api.errors import ApiError, ErrorCode
from ghosttab.store import Store, TaskRow
from ghosttab.store.database import utc_now

router = APIRouter(tags=["tasks"])

# A viewer's mark is renewed at most this often: polling a frame several times a second must not
# write to the store each time.
ASK_EVERY = timedelta(seconds=2)
FRAME_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {"image/jpeg": {}}, "description": "the latest frame (X-Frame-Number counts them)"},
    204: {"description": "no frame yet: the task is queued, or its worker is taking the first one"},
}


@router.get("/tasks/{task_id}/live", response_class=Response, responses=FRAME_RESPONSES)
async def live_frame(request: Request, task_id: str) -> Response:
    """The task's latest screenshot as a JPEG, a frame a fraction of a second apart while someone
    asks (fields holding a secret painted over). 409 once the task has ended."""
    return await frame_response(store_of(request), await task_or_404(request, task_id))


async def frame_response(store: Store, row: TaskRow) -> Response:
    if row.status.is_final:
        await store.drop_live([row.id])
        raise ApiError(409, ErrorCode.CONFLICT, f"task is {row.status.value}: it has no live view", "status")
    latest = await store.live_frame(row.id)
    if latest is None or utc_now() - latest.requested_at >= ASK_EVERY:
        await store.ask_live(row.id)
    if latest is None or latest.frame is None or latest.frame_at is None:
        return Response(status_code=204, headers={"Retry-After": "1", "X-Task-Status": row.status.value})
    headers = {"Cache-Control": "no-store", "X-Frame-Number": str(latest.frames),
               "X-Frame-At": latest.frame_at.isoformat(), "X-Task-Status": row.status.value}  # fmt: skip
    return Response(latest.frame, media_type="image/jpeg", headers=headers)
