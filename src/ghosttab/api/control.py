"""What a person does to one task: pause, resume, cancel, retry, and retry from the review queue."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, Request

from ghosttab.api.deps import store_of, task_or_404
from ghosttab.api.errors import ApiError, ErrorCode
from ghosttab.api.models import ControlResponse, ReviewAction
from ghosttab.lifecycle import TaskStatus

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


@router.post("/tasks/{task_id}/review/retry", response_model=ControlResponse, tags=["review"])
async def review_retry(request: Request, task_id: str, body: ReviewAction) -> ControlResponse:
    """A NEEDS_REVIEW task back to the queue (the note is kept in the event log)."""
    row = await task_or_404(request, task_id)
    if row.status is not TaskStatus.NEEDS_REVIEW:
        raise ApiError(409, ErrorCode.CONFLICT, f"task is {row.status.value}, not needs_review", "status")
    done = await store_of(request).retry(task_id)
    row = await task_or_404(request, task_id)
    return ControlResponse(id=task_id, status=row.status, done=done)
