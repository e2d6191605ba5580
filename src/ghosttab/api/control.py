"""What a person does to one task: pause, resume, cancel, retry, and the review of a NEEDS_REVIEW task."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, Request

from ghosttab.api.deps import store_of, task_or_404
from ghosttab.api.errors import ApiError, ErrorCode
from ghosttab.api.models import ControlResponse, ReviewAction
from ghosttab.store.review_ops import Review, ReviewVerdict

router = APIRouter(tags=["control"])


class Control(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    RETRY = "retry"


@router.post("/tasks/{task_id}/{action}", response_model=ControlResponse)
async def control_task(request: Request, task_id: str, action: Control) -> ControlResponse:
    """pause (queued -> paused), resume (paused -> queued), cancel (now, or a running task's worker
    stops it), retry (a finished task back to the queue). 409 when the task's state does not allow it."""
    await task_or_404(request, task_id)
    store = store_of(request)
    if action is Control.PAUSE:
        done = await store.pause([task_id]) == 1
    elif action is Control.RESUME:
        done = await store.resume([task_id]) == 1
    elif action is Control.CANCEL:
        done = await store.cancel(task_id)
    else:
        done = await store.retry(task_id)
    row = await task_or_404(request, task_id)
    if not done:
        raise ApiError(409, ErrorCode.CONFLICT, f"cannot {action.value} a {row.status.value} task", "status")
    return ControlResponse(id=task_id, status=row.status, done=True)


@router.post("/tasks/{task_id}/review/{verdict}", response_model=ControlResponse, tags=["review"])
async def review_task(
    request: Request, task_id: str, verdict: ReviewVerdict, body: ReviewAction
) -> ControlResponse:
    """A NEEDS_REVIEW task: `retry` (back to the queue), `resolve` (SUCCEEDED with the `value` a
    person found), `cancel`. The note is kept in the task's event log. 409 for any other task."""
    row = await task_or_404(request, task_id)
    if verdict is ReviewVerdict.RESOLVE and not body.value:
        raise ApiError(422, ErrorCode.INVALID, "resolving a task needs the value found", "value")
    decision = Review(verdict=verdict, note=body.note, value=body.value or {})
    if await store_of(request).review(task_id, decision) is None:
        row = await task_or_404(request, task_id)
        raise ApiError(409, ErrorCode.CONFLICT, f"task is {row.status.value}, not needs_review", "status")
    row = await task_or_404(request, task_id)
    return ControlResponse(id=task_id, status=row.status, done=True)
