"""The service: FastAPI routers that translate HTTP into library calls (no business logic here)."""

from ghosttab.api.app import ServiceSettings, create_app

__all__ = ["ServiceSettings", "create_app"]
