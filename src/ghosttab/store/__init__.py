"""Durable task queue and run record: SQLAlchemy 2 on a SQLite file or PostgreSQL."""

from __future__ import annotations

from ghosttab.store.errors import StoreError
from ghosttab.store.rows import (
    ArtifactKind,
    ArtifactRow,
    ClaimedTask,
    PathRow,
    StoreMetrics,
    SubmitReport,
    TaskRow,
    WorkerRow,
)
from ghosttab.store.store import Store

__all__ = [
    "ArtifactKind",
    "ArtifactRow",
    "ClaimedTask",
    "PathRow",
    "Store",
    "StoreError",
    "StoreMetrics",
    "SubmitReport",
    "TaskRow",
    "WorkerRow",
]
