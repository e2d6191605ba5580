"""What a route reads from the app: the store, the settings, the secret book."""

from __future__ import annotations

from fastapi import Request

from ghosttab.api.app import ServiceSettings
from ghosttab.api.errors import not_found
from ghosttab.secrets import SecretBook
from ghosttab.store import Store
from ghosttab.store.rows import TaskRow


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> ServiceSettings:
    settings: ServiceSettings = request.app.state.settings
    return settings


def secrets_of(request: Request) -> SecretBook:
    book: SecretBook = request.app.state.secrets
    return book


async def task_or_404(request: Request, task_id: str) -> TaskRow:
    row = await store_of(request).get_task(task_id)
    if row is None:
        raise not_found(f"task {task_id!r}")
    return row
