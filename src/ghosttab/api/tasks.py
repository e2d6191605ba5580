"""/api/tasks: submit, list, read one, its steps and its artifacts."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse

from ghosttab.api.deps import secrets_of, settings_of, store_of, task_or_404
from ghosttab.api.errors import ApiError, ErrorCode, not_found
from ghosttab.api.models import ArtifactOut, ArtifactsOut, StepsOut, SubmitResponse, TaskOut, TaskPage
from ghosttab.api.submission import parse_body, parse_upload, store_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.store.event_ops import DeliveryRow
from ghosttab.store.query_ops import TaskFilter

router = APIRouter(tags=["tasks"])

TASK_EXAMPLE = {"goal": "Register {student_name} for the Tuesday evening class", "start_url": "https://example.com/",
                "data": {"student_name": "Eden"}, "metadata": {"ticket": "T-1"}}  # fmt: skip


@router.post("/tasks", response_model=SubmitResponse, status_code=201)
async def submit_tasks(
    request: Request, body: Annotated[dict[str, Any], Body(examples=[TASK_EXAMPLE])]
) -> SubmitResponse:
    """One task object, or `{"tasks": [...], "batch": "..."}`. Secrets are kept in the worker's
    memory only and never shown again."""
    settings = settings_of(request)
    specs, batch = parse_body(body, settings)
    return await store_tasks(store_of(request), secrets_of(request), specs, batch, settings)


@router.post("/tasks/upload", response_model=SubmitResponse, status_code=201)
async def upload_tasks(
    request: Request, file: Annotated[UploadFile, File()], batch: Annotated[str | None, Form()] = None
) -> SubmitResponse:
    """A JSONL or CSV task file; bad rows come back in `errors` and the rest are stored."""
    settings = settings_of(request)
    content = await file.read(settings.max_body_bytes + 1)
    if len(content) > settings.max_body_bytes:
        raise ApiError(413, ErrorCode.TOO_LARGE, "file too large", "file")
    specs, problems = parse_upload(file.filename or "upload.jsonl", content, settings)
    if not specs:
        first = problems[0] if problems else None
        raise ApiError(422, ErrorCode.INVALID, first.message if first else "no tasks in the file", "file")
    response = await store_tasks(store_of(request), secrets_of(request), specs, batch, settings)
    response.errors = problems
    return response


@router.get("/tasks", response_model=TaskPage)
async def list_tasks(
    request: Request,
    status: TaskStatus | None = None,
    site: Annotated[str | None, Query(max_length=300)] = None,
    batch: Annotated[str | None, Query(max_length=200)] = None,
    text: Annotated[str | None, Query(max_length=300)] = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    cursor: Annotated[str | None, Query(pattern=r"^\d{1,18}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> TaskPage:
    """Tasks in submission order, filtered; follow `next_cursor` for the next page."""
    where = TaskFilter(status=status, batch=batch, site=site, text=text,
                       created_after=created_after, created_before=created_before)  # fmt: skip
    rows, next_seq = await store_of(request).page_tasks(where, int(cursor or 0), limit)
    return TaskPage(tasks=[TaskOut.of(r) for r in rows], next_cursor=str(next_seq) if next_seq else None)


@router.get("/tasks/{task_id}", response_model=TaskOut)
async def get_task(request: Request, task_id: str) -> TaskOut:
    return TaskOut.of(await task_or_404(request, task_id))


@router.get("/tasks/{task_id}/steps", response_model=StepsOut)
async def task_steps(request: Request, task_id: str) -> StepsOut:
    """The execution log: action, tier, timing, tokens, cost, error per step."""
    await task_or_404(request, task_id)
    return StepsOut(task_id=task_id, steps=await store_of(request).steps(task_id))


@router.get("/tasks/{task_id}/artifacts", response_model=ArtifactsOut)
async def task_artifacts(request: Request, task_id: str) -> ArtifactsOut:
    await task_or_404(request, task_id)
    rows = await store_of(request).artifacts(task_id)
    items = [
        ArtifactOut(id=i, kind=row.kind, attempt=row.attempt, name=Path(row.path).name,
                    url=f"/api/tasks/{task_id}/artifacts/{i}", created_at=row.created_at)
        for i, row in enumerate(rows)
    ]  # fmt: skip
    return ArtifactsOut(task_id=task_id, artifacts=items)


@router.get("/tasks/{task_id}/artifacts/{index}", response_class=FileResponse)
async def artifact_file(request: Request, task_id: str, index: int) -> FileResponse:
    """The artifact's file (a screenshot, a download, a trace archive)."""
    await task_or_404(request, task_id)
    rows = await store_of(request).artifacts(task_id)
    if not 0 <= index < len(rows) or not Path(rows[index].path).is_file():
        raise not_found(f"artifact {index} of task {task_id!r}")
    return FileResponse(rows[index].path, filename=Path(rows[index].path).name)


@router.get("/tasks/{task_id}/deliveries", response_model=list[DeliveryRow])
async def task_deliveries(request: Request, task_id: str) -> list[DeliveryRow]:
    """Every attempt to POST this task's result to its webhook_url."""
    await task_or_404(request, task_id)
    return await store_of(request).deliveries(task_id)


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)
