"""Fault switches of the demo site.

Any URL accepts ``?faults=name1,name2`` plus optional numeric parameters
(``slow_ms``, ``fail_count``, ``retry_after``, ``expire_after``, ``late_ms``,
``rerender_ms``).
The configuration is stored in the ``gt_faults`` cookie so that it persists for
the rest of the browser context's session. ``?faults=`` (empty), ``none`` or
``off`` clears it.

Faults handled here (middleware): ``slow``, ``unavailable``, ``ratelimit``.
Faults handled by the pages: ``modal``, ``cookie_banner``, ``late``,
``rerender`` (templates), ``expire`` and ``redesign`` (supplier portal: other ids, classes,
layout and wording for the same flows, so a recorded path must heal).
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
from dataclasses import dataclass, field, replace

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp

FAULTS_COOKIE = "gt_faults"

KNOWN_FAULTS: frozenset[str] = frozenset(
    {
        "slow",
        "unavailable",
        "ratelimit",
        "modal",
        "cookie_banner",
        "expire",
        "late",
        "rerender",
        "redesign",
    }
)

# name -> (default, minimum, maximum)
PARAMS: dict[str, tuple[int, int, int]] = {
    "slow_ms": (1500, 0, 60_000),
    "fail_count": (2, 0, 1000),
    "retry_after": (1, 0, 3600),
    "expire_after": (3, 1, 1000),
    "late_ms": (1500, 0, 60_000),
    "rerender_ms": (200, 0, 60_000),
}

_CLEAR_WORDS = {"", "none", "off", "clear"}

# Paths never subject to unavailable/ratelimit/slow faults.
_EXEMPT_PREFIXES = ("/static/", "/favicon.ico", "/lab/cached-count")


@dataclass(frozen=True)
class FaultConfig:
    """Active faults of one browser session."""

    names: frozenset[str] = frozenset()
    params: dict[str, int] = field(default_factory=dict)
    token: str = ""
    # `fault_path`: only this exact path fails (503/429); empty means every path.
    only: str = ""

    def applies_to(self, path: str) -> bool:
        return not self.only or path == self.only

    def has(self, name: str) -> bool:
        return name in self.names

    def param(self, name: str) -> int:
        return self.params.get(name, PARAMS[name][0])

    @property
    def active(self) -> bool:
        return bool(self.names)

    def same_spec(self, other: FaultConfig) -> bool:
        return self.names == other.names and self.params == other.params and self.only == other.only

    def encode(self) -> str:
        payload = {"f": sorted(self.names), "p": self.params, "t": self.token, "o": self.only}
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> FaultConfig:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            payload = json.loads(raw)
            names = frozenset(str(n) for n in payload.get("f", [])) & KNOWN_FAULTS
            params = _clean_params({str(k): str(v) for k, v in payload.get("p", {}).items()})
            token = str(payload.get("t", ""))
            only = str(payload.get("o", ""))
        except (ValueError, TypeError, AttributeError):
            return cls()
        return cls(names=names, params=params, token=token, only=only)


def _clean_params(values: dict[str, str]) -> dict[str, int]:
    params: dict[str, int] = {}
    for name, (_default, low, high) in PARAMS.items():
        if name not in values:
            continue
        try:
            number = int(float(values[name]))
        except ValueError:
            continue
        params[name] = max(low, min(high, number))
    return params


def parse_query(query: dict[str, str]) -> FaultConfig | None:
    """Parse faults from query parameters; ``None`` when ``faults`` is absent."""
    if "faults" not in query:
        return None
    spec = query["faults"].strip().lower()
    if spec in _CLEAR_WORDS:
        return FaultConfig()
    names = frozenset(n.strip() for n in spec.replace(" ", ",").split(",")) & KNOWN_FAULTS
    only = query.get("fault_path", "")
    return FaultConfig(names=names, params=_clean_params(query), only=only if only.startswith("/") else "")


def faults_of(request: Request) -> FaultConfig:
    """Return the faults active for ``request`` (set by the middleware)."""
    faults = getattr(request.state, "faults", None)
    return faults if isinstance(faults, FaultConfig) else FaultConfig()


def _unavailable_page(status: int, retry_after: int) -> HTMLResponse:
    if status == 429:
        title = "Too many requests"
        text = "You have sent too many requests in a short time. Please slow down and try again."
    else:
        title = "Service temporarily unavailable"
        text = (
            "The server is temporarily unable to handle your request because of "
            "maintenance or high load. Please try again shortly."
        )
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body class="plain-error"><main class="container narrow">
<h1>{title}</h1><p>{text}</p>
<p class="muted">Please retry in {retry_after} second{"" if retry_after == 1 else "s"}.</p>
</main></body></html>"""
    return HTMLResponse(body, status_code=status, headers={"Retry-After": str(retry_after)})


class FaultMiddleware(BaseHTTPMiddleware):
    """Reads/stores the fault cookie and injects transport-level faults."""

    def __init__(self, app: ASGIApp, counters: dict[tuple[str, str, str], int]) -> None:
        super().__init__(app)
        self.counters = counters

    def _resolve(self, request: Request) -> tuple[FaultConfig, bool]:
        """Return the active config and whether the cookie must be (re)written."""
        cookie = request.cookies.get(FAULTS_COOKIE)
        current = FaultConfig.decode(cookie) if cookie else FaultConfig()
        from_query = parse_query(dict(request.query_params))
        if from_query is None:
            return current, False
        if not from_query.active:
            return from_query, bool(cookie)
        if current.token and current.same_spec(from_query):
            # Same spec again (e.g. a reload of the start URL): keep the counters.
            return current, False
        return replace(from_query, token=secrets.token_urlsafe(12)), True

    def _count(self, token: str, kind: str, path: str, limit: int) -> bool:
        """Increment the counter and tell whether this request must fail."""
        key = (token, kind, path)
        seen = self.counters.get(key, 0)
        if seen >= limit:
            return False
        self.counters[key] = seen + 1
        return True

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        faults, write_cookie = self._resolve(request)
        request.state.faults = faults
        path = request.url.path
        exempt = path.startswith(_EXEMPT_PREFIXES)

        response: Response | None = None
        if faults.active and not exempt and faults.applies_to(path):
            limit = faults.param("fail_count")
            retry_after = faults.param("retry_after")
            if faults.has("unavailable") and self._count(faults.token, "503", path, limit):
                response = _unavailable_page(503, retry_after)
            elif faults.has("ratelimit") and self._count(faults.token, "429", path, limit):
                response = _unavailable_page(429, retry_after)
        if response is None:
            response = await call_next(request)

        if write_cookie:
            if faults.active:
                response.set_cookie(FAULTS_COOKIE, faults.encode(), path="/", samesite="lax")
            else:
                response.delete_cookie(FAULTS_COOKIE, path="/")

        if faults.has("slow") and not exempt:
            content_type = response.headers.get("content-type", "")
            if content_type.startswith("text/html"):
                await asyncio.sleep(faults.param("slow_ms") / 1000)
        return response
