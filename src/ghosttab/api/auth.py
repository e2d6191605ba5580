"""The bearer token every endpoint but health asks for."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from ghosttab.api.errors import ApiError, ErrorCode

TOKEN_ENV = "GHOSTTAB_API_TOKEN"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def require_token(request: Request) -> None:
    """A FastAPI dependency: `Authorization: Bearer <token>` (or `?token=` for EventSource)."""
    expected: str = request.app.state.settings.token
    given = ""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
    elif "token" in request.query_params:
        given = request.query_params["token"]
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise ApiError(
            401,
            ErrorCode.UNAUTHORIZED,
            "missing or wrong bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
