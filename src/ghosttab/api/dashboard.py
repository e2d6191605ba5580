"""The dashboard: server-rendered pages (Jinja2) signed in with the token through a session cookie.

The cookie holds an HMAC of the token (never the token), is HttpOnly and SameSite=Strict, and every
form that changes something carries a CSRF value derived from the same key."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates

from ghosttab.api import events as event_routes
from ghosttab.api.deps import secrets_of, settings_of, store_of
from ghosttab.api.errors import ApiError, ErrorCode, not_found
from ghosttab.api.submission import parse_upload, store_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.store.query_ops import TaskFilter
from ghosttab.store.rows import ArtifactKind

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
COOKIE = "ghosttab_session"


def _derived(request: Request, purpose: str) -> str:
    token = settings_of(request).token
    return hmac.new(token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def _signed_in(request: Request) -> bool:
    return hmac.compare_digest(request.cookies.get(COOKIE, ""), _derived(request, "session"))


def _require(request: Request) -> None:
    if not _signed_in(request):
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in first")


def _check_csrf(request: Request, csrf: str) -> None:
    _require(request)
    if not hmac.compare_digest(csrf, _derived(request, "csrf")):
        raise ApiError(403, ErrorCode.UNAUTHORIZED, "bad CSRF value")


def _page(request: Request, name: str, **context: object) -> HTMLResponse:
    context.update(csrf=_derived(request, "csrf"), statuses=[s.value for s in TaskStatus])
    return templates.TemplateResponse(request, name, context)


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, error: str = "") -> HTMLResponse:
    return templates.TemplateResponse(request, "login.html", {"error": error})


@router.post("/login")
async def login(request: Request, token: Annotated[str, Form()]) -> Response:
    if not hmac.compare_digest(token.strip().encode(), settings_of(request).token.encode()):
        return RedirectResponse("/login?error=wrong+token", status_code=303)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, _derived(request, "session"), httponly=True, samesite="strict")
    return response


@router.post("/logout")
async def logout(request: Request, csrf: Annotated[str, Form()]) -> Response:
    _check_csrf(request, csrf)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/", response_class=HTMLResponse)
async def feed(request: Request, status: TaskStatus | None = None) -> Response:
    if not _signed_in(request):
        return RedirectResponse("/login", status_code=303)
    return _page(request, "feed.html", rows=await _latest(request, status), status=status)


@router.get("/ui/feed", response_class=HTMLResponse)
async def feed_rows(request: Request, status: TaskStatus | None = None) -> HTMLResponse:
    _require(request)
    return _page(request, "feed_rows.html", rows=await _latest(request, status))


async def _latest(request: Request, status: TaskStatus | None) -> list[object]:
    store = store_of(request)
    rows, cursor = await store.page_tasks(TaskFilter(status=status), 0, 500)
    while cursor is not None and len(rows) < 5000:
        more, cursor = await store.page_tasks(TaskFilter(status=status), cursor, 500)
        rows += more
    return list(reversed(rows[-100:]))


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
async def task_page(request: Request, task_id: str) -> Response:
    if not _signed_in(request):
        return RedirectResponse("/login", status_code=303)
    store = store_of(request)
    row = await store.get_task(task_id)
    if row is None:
        raise not_found(f"task {task_id!r}")
    artifacts = list(enumerate(await store.artifacts(task_id)))
    shots = {Path(a.path).name: i for i, a in artifacts if a.kind is ArtifactKind.SCREENSHOT}
    steps = await store.steps(task_id)
    step_shots = [shots.get(Path(s.screenshot).name) if s.screenshot else None for s in steps]
    return _page(request, "task.html", task=row, steps=list(zip(steps, step_shots, strict=True)),
                 artifacts=artifacts)  # fmt: skip


@router.get("/review", response_class=HTMLResponse)
async def review(request: Request) -> Response:
    if not _signed_in(request):
        return RedirectResponse("/login", status_code=303)
    store = store_of(request)
    rows, _ = await store.page_tasks(TaskFilter(status=TaskStatus.NEEDS_REVIEW), 0, 200)
    items = []
    for row in rows:
        shots = [i for i, a in enumerate(await store.artifacts(row.id)) if a.kind is ArtifactKind.SCREENSHOT]
        items.append((row, shots[-1] if shots else None))
    return _page(request, "review.html", items=items)


@router.post("/ui/tasks/{task_id}/retry")
async def retry(request: Request, task_id: str, csrf: Annotated[str, Form()]) -> Response:
    _check_csrf(request, csrf)
    await store_of(request).retry(task_id)
    return RedirectResponse(request.headers.get("referer") or "/", status_code=303)


@router.post("/ui/upload")
async def upload(
    request: Request, csrf: Annotated[str, Form()], file: Annotated[UploadFile, File()]
) -> Response:
    _check_csrf(request, csrf)
    settings = settings_of(request)
    specs, problems = parse_upload(
        file.filename or "upload.csv", await file.read(settings.max_body_bytes), settings
    )
    added = 0
    if specs:
        added = len((await store_tasks(store_of(request), secrets_of(request), specs, None, settings)).added)
    return _page(request, "uploaded.html", added=added, problems=problems)


@router.get("/ui/artifacts/{task_id}/{index}")
async def artifact(request: Request, task_id: str, index: int) -> FileResponse:
    _require(request)
    rows = await store_of(request).artifacts(task_id)
    if not 0 <= index < len(rows) or not Path(rows[index].path).is_file():
        raise not_found("artifact")
    return FileResponse(rows[index].path)


@router.get("/ui/events")
async def ui_events(request: Request) -> StreamingResponse:
    _require(request)
    after = await store_of(request).last_event_id()
    stream = event_routes._stream(request, store_of(request), after, None, True)
    return StreamingResponse(stream, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
