"""The app factory: settings, the store and the routers; the embedded worker is started by `serve`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.metadata import PackageNotFoundError, version

from fastapi import Depends, FastAPI, Request, Response
from pydantic import BaseModel, Field

from ghosttab.api.auth import require_token
from ghosttab.api.errors import ERROR_RESPONSES, ApiError, ErrorCode, install_handlers
from ghosttab.api.models import HealthOut
from ghosttab.policy import AddressPolicy
from ghosttab.secrets import SecretBook
from ghosttab.store import Store


class ServiceSettings(BaseModel):
    token: str = Field(min_length=16, description="the bearer token every endpoint but health asks for")
    queue_limit: int = Field(10_000, ge=1, description="queued tasks past which submissions get 429")
    max_batch: int = Field(1_000, ge=1, description="tasks in one submission")
    max_body_bytes: int = Field(5_000_000, ge=1_000, description="bytes in one request body")
    retry_after_s: int = Field(5, ge=1, description="the Retry-After of a 429")
    allow: list[str] = Field(default_factory=list, description="hosts or CIDRs the strict policy allows")

    @property
    def policy(self) -> AddressPolicy:
        return AddressPolicy.strict(allow=self.allow)


def package_version() -> str:
    try:
        return version("ghosttab")
    except PackageNotFoundError:
        return "0"


def create_app(store: Store, settings: ServiceSettings, secrets: SecretBook | None = None) -> FastAPI:
    """The service on `store`; submitted secrets go to `secrets` (the embedded worker's book)."""
    from ghosttab.api import control, dashboard, events, live, pages, queue, tasks, telemetry

    app = FastAPI(
        title="ghosttab", version=package_version(), summary="Autonomous browser tasks as a service"
    )
    app.state.store = store
    app.state.settings = settings
    app.state.secrets = secrets or SecretBook()
    install_handlers(app)
    _limit_body_size(app, settings.max_body_bytes)
    auth = [Depends(require_token)]
    for router in (tasks.router, live.router, control.router, queue.router, events.router):
        app.include_router(router, prefix="/api", dependencies=auth, responses=ERROR_RESPONSES)
    app.include_router(telemetry.router, dependencies=auth, responses=ERROR_RESPONSES)
    app.include_router(dashboard.router)
    app.include_router(pages.router)

    @app.get("/api/health", response_model=HealthOut, tags=["service"])
    async def health(request: Request) -> HealthOut:
        return HealthOut(ok=True, version=package_version(), dialect=request.app.state.store.dialect)

    return app


def _limit_body_size(app: FastAPI, limit: int) -> None:
    @app.middleware("http")
    async def _body_size(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            from ghosttab.api.errors import _respond

            return _respond(ApiError(413, ErrorCode.TOO_LARGE, f"request body over {limit} bytes"))
        return await call_next(request)
