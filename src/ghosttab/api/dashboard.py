"""The dashboard: server-rendered pages (Jinja2) signed in with the token through a session cookie.

The cookie holds an HMAC of the token (never the token), is HttpOnly and SameSite=Strict, and every
form that changes something carries a CSRF value derived from the same key."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates

from ghosttab.api import events as event_routes
from ghosttab.api.deps import secrets_of, settings_of, store_of
from ghosttab.api.errors import ApiError, ErrorCode, not_found
from ghosttab.api.models import RowProblem
from ghosttab.api.submission import parse_body, parse_upload, store_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.spec import Priority
from ghosttab.store.query_ops import TaskFilter
from ghosttab.store.rows import ArtifactKind

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
COOKIE = "ghosttab_session"


def derived(request: Request, purpose: str) -> str:
    token = settings_of(request).token
    return hmac.new(token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def signed_in(request: Request) -> bool:
    return hmac.compare_digest(request.cookies.get(COOKIE, ""), derived(request, "session"))


def require_session(request: Request) -> None:
    if not signed_in(request):
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in first")


def check_csrf(request: Request, csrf: str) -> None:
    require_session(request)
    if not hmac.compare_digest(csrf, derived(request, "csrf")):
        raise ApiError(403, ErrorCode.UNAUTHORIZED, "bad CSRF value")


def render(request: Request, name: str, **context: object) -> HTMLResponse:
    context.update(csrf=derived(request, "csrf"), statuses=[s.value for s in TaskStatus])
    return templates.TemplateResponse(request, name, context)


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, error: str = "") -> HTMLResponse:
    return templates.TemplateResponse(request, "login.html", {"error": error})


@router.post("/login")
async def login(request: Request, token: Annotated[str, Form()]) -> Response:
    if not hmac.compare_digest(token.strip().encode(), settings_of(request).token.encode()):
        return RedirectResponse("/login?error=wrong+token", status_code=303)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, derived(request, "session"), httponly=True, samesite="strict")
    return response


@router.post("/logout")
async def logout(request: Request, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(request, csrf)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/", response_class=HTMLResponse)
async def feed(request: Request, status: TaskStatus | None = None) -> Response:
    if not signed_in(request):
        return RedirectResponse("/login", status_code=303)
    counts = await store_of(request).counts()
    return render(request, "feed.html", rows=await _latest(request, status), status=status,
                  counts={s.value: n for s, n in counts.items()})  # fmt: skip


@router.get("/ui/feed", response_class=HTMLResponse)
async def feed_rows(request: Request, status: TaskStatus | None = None) -> HTMLResponse:
    require_session(request)
    response = render(request, "feed_rows.html", rows=await _latest(request, status))
    counts = await store_of(request).counts()
    response.headers["X-Counts"] = json.dumps({s.value: n for s, n in counts.items()})
    return response


async def _latest(request: Request, status: TaskStatus | None) -> list[object]:
    store = store_of(request)
    rows, cursor = await store.page_tasks(TaskFilter(status=status), 0, 500)
    while cursor is not None and len(rows) < 5000:
        more, cursor = await store.page_tasks(TaskFilter(status=status), cursor, 500)
        rows += more
    return list(reversed(rows[-100:]))


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
async def task_page(request: Request, task_id: str) -> Response:
    if not signed_in(request):
        return RedirectResponse("/login", status_code=303)
    store = store_of(request)
    row = await store.get_task(task_id)
    if row is None:
        raise not_found(f"task {task_id!r}")
    artifacts = list(enumerate(await store.artifacts(task_id)))
    shots = {a.path: i for i, a in artifacts if a.kind is ArtifactKind.SCREENSHOT}
    steps = await store.steps(task_id)
    step_shots = [shots.get(s.screenshot) if s.screenshot else None for s in steps]
    reviews = [e for e in await store.events_since(0, 500, task_id) if "review" in e.payload]
    last_shot = max(shots.values(), default=None)
    return render(request, "task.html", task=row, steps=list(zip(steps, step_shots, strict=True)),
                  artifacts=artifacts, last_shot=last_shot, reviews=reviews)  # fmt: skip


@router.post("/ui/tasks/{task_id}/retry")
async def retry(request: Request, task_id: str, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(request, csrf)
    await store_of(request).retry(task_id)
    return RedirectResponse(request.headers.get("referer") or "/", status_code=303)


@router.post("/ui/upload")
async def upload(
    request: Request, csrf: Annotated[str, Form()], file: Annotated[UploadFile, File()]
) -> Response:
    check_csrf(request, csrf)
    settings = settings_of(request)
    try:
        specs, problems = parse_upload(
            file.filename or "upload.csv", await file.read(settings.max_body_bytes), settings
        )
        store, book = store_of(request), secrets_of(request)
        stored = await store_tasks(store, book, specs, None, settings) if specs else None
    except ApiError as refused:  # a file of the wrong kind, a batch too large, a full queue: said on the page
        return render(request, "uploaded.html", added=0, problems=[_problem(refused, "file")], ids=[])
    added = len(stored.added) if stored else 0
    return render(request, "uploaded.html", added=added, problems=problems, ids=[s.id for s in specs])


def _problem(refused: ApiError, field: str) -> RowProblem:
    return RowProblem(row=0, field=refused.body.field or field, message=refused.body.message)


@router.post("/ui/submit")
async def submit_one(
    request: Request, csrf: Annotated[str, Form()], goal: Annotated[str, Form(max_length=4000)],
    start_url: Annotated[str, Form(max_length=4000)], priority: Annotated[Priority, Form()] = Priority.NORMAL,
) -> Response:  # fmt: skip
    check_csrf(request, csrf)
    settings = settings_of(request)
    try:
        specs, _ = parse_body({"goal": goal, "start_url": start_url, "priority": priority.value}, settings)
        stored = await store_tasks(store_of(request), secrets_of(request), specs, None, settings)
    except ApiError as refused:
        return render(request, "uploaded.html", added=0, problems=[_problem(refused, "task")], ids=[])
    return RedirectResponse(f"/tasks/{stored.ids[0]}", status_code=303)


@router.get("/ui/artifacts/{task_id}/{index}")
async def artifact(request: Request, task_id: str, index: int) -> FileResponse:
    require_session(request)
    rows = await store_of(request).artifacts(task_id)
    if not 0 <= index < len(rows) or not Path(rows[index].path).is_file():
        raise not_found("artifact")
    return FileResponse(rows[index].path)


@router.get("/ui/events")
async def ui_events(request: Request, task_id: str | None = None) -> StreamingResponse:
    require_session(request)
    after = await store_of(request).last_event_id()
    stream = event_routes._stream(request, store_of(request), after, task_id, True)
    return StreamingResponse(stream, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
