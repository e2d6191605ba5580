"""FastAPI application of the bundled demo site."""

from __future__ import annotations

from collections import Counter
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from ghosttab.demo import contacts, lab, portal, shop, swim
from ghosttab.demo.common import STATIC_DIR, DemoState, get_state, render
from ghosttab.demo.faults import FaultMiddleware

_DEFAULT_MESSAGES = {
    404: "Sorry, the page you were looking for doesn't exist or has been moved.",
    403: "You don't have permission to view this page.",
    405: "This address can't be used like that.",
}


def _error_home(path: str) -> str:
    for prefix in ("/portal/", "/swim/", "/shop/", "/lab/"):
        if path.startswith(prefix):
            return prefix
    return "/"


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else ""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    generic = {HTTPStatus(s).phrase for s in (404, 403, 405)}
    message = detail if detail and detail not in generic else _DEFAULT_MESSAGES.get(status, "")
    headers = exc.headers if isinstance(exc, HTTPException) else None
    response = render(
        request,
        "error.html",
        {
            "status_code": status,
            "title": "Page not found" if status == 404 else title,
            "message": message or "Something went wrong.",
            "home_url": _error_home(request.url.path),
        },
        status_code=status,
    )
    if headers:
        response.headers.update(headers)
    return response


def create_app() -> FastAPI:
    """Create a fresh demo app (each instance has its own in-memory state)."""
    app = FastAPI(
        title="ghosttab demo site",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    state = DemoState()
    app.state.demo = state
    app.add_middleware(FaultMiddleware, counters=state.fault_counters)
    app.add_exception_handler(HTTPException, _http_error)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    @app.get("/")
    async def index(request: Request) -> Response:
        return render(request, "index.html")

    @app.get("/_effects")
    async def effects(request: Request) -> Response:
        """Every side effect so far, in order, and those done more than once (tests, benchmarks)."""
        done = get_state(request).effects
        seen = Counter((e.kind, e.key) for e in done)
        repeated = [{"kind": k, "key": key, "times": n} for (k, key), n in seen.items() if n > 1]
        body = {"effects": [{"kind": e.kind, "key": e.key} for e in done], "repeated": repeated}
        return JSONResponse(body)

    @app.get("/cookies")
    async def cookies(request: Request) -> Response:
        return render(request, "cookies.html")

    @app.get("/favicon.ico")
    async def favicon() -> Response:
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
            '<circle cx="8" cy="8" r="7" fill="#2563eb"/></svg>'
        )
        return Response(svg, media_type="image/svg+xml")

    app.include_router(portal.router)
    app.include_router(contacts.router)
    app.include_router(swim.router)
    app.include_router(shop.router)
    app.include_router(lab.router)
    return app
