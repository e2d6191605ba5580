"""One JSON shape for every error the API answers: {"code", "message", "field"}."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ghosttab.errors import GhosttabError


class ErrorCode(StrEnum):
    INVALID = "invalid"
    UNAUTHORIZED = "unauthorized"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    QUEUE_FULL = "queue_full"
    TOO_LARGE = "too_large"
    POLICY = "policy"
    HTTP = "http"


class ApiErrorBody(BaseModel):
    code: ErrorCode
    message: str
    field: str | None = None


_ERROR_STATUSES = {
    401: "missing or wrong bearer token", 404: "not found", 409: "the task's state does not allow it",
    413: "body or batch too large", 422: "invalid input (the field is named)",
    429: "queue full: try again after Retry-After seconds",
}  # fmt: skip
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ApiErrorBody, "description": text} for status, text in _ERROR_STATUSES.items()
}


class ApiError(Exception):
    def __init__(
        self, status: int, code: ErrorCode, message: str, field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(message)
        self.status = status
        self.body = ApiErrorBody(code=code, message=message, field=field)
        self.headers = headers


def not_found(what: str) -> ApiError:
    return ApiError(404, ErrorCode.NOT_FOUND, f"{what} not found")


def _respond(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body.model_dump(mode="json"), status_code=error.status, headers=error.headers)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _respond(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
        message = str(first.get("msg", "invalid request"))
        # pydantic may quote the rejected input in its message; a secret must never come back.
        return _respond(ApiError(422, ErrorCode.INVALID, message, ".".join(loc) or None))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = ErrorCode.NOT_FOUND if exc.status_code == 404 else ErrorCode.HTTP
        return _respond(ApiError(exc.status_code, code, str(exc.detail)))

    @app.exception_handler(GhosttabError)
    async def _ghosttab(_request: Request, exc: GhosttabError) -> JSONResponse:
        return _respond(ApiError(400, ErrorCode.INVALID, str(exc)))
