"""The goal client: `AsyncGhost` (async) and `Ghost` (its sync wrapper), embedded or remote.

Embedded (`AsyncGhost(db=...)`) runs its own store, tab pool and worker in this process; remote
(`AsyncGhost(url=..., token=...)`) talks to a `ghosttab serve`. The methods are the same either way.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, TypeVar

import httpx

from ghosttab.config import FleetConfig
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError
from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.secrets import SecretBook
from ghosttab.spec import Priority, TaskSpec
from ghosttab.worker import Worker

T = TypeVar("T")
OnComplete = Callable[[TaskResult], Awaitable[None] | None]
POLL_S = 0.25


class ClientError(GhosttabError):
    kind = ErrorKind.RUNTIME
    source = ErrorSource.INPUT


class _Backend(Protocol):
    async def submit(self, spec: TaskSpec) -> None: ...
    async def status(self, task_id: str) -> tuple[TaskStatus, TaskResult | None]: ...
    async def counts(self) -> dict[TaskStatus, int]: ...
    async def close(self) -> None: ...


class _Embedded:
    def __init__(self, config: FleetConfig) -> None:
        self.fleet = Fleet(config)
        self.secrets = SecretBook()
        self.worker: Worker | None = None
        self.working: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.fleet.__aenter__()
        self.worker = self.fleet.make_worker(self.secrets, exit_when_idle=False)
        self.working = asyncio.create_task(self.worker.run())

    async def submit(self, spec: TaskSpec) -> None:
        self.secrets.add([spec])
        await self.fleet.store.submit([spec])

    async def status(self, task_id: str) -> tuple[TaskStatus, TaskResult | None]:
        row = await self.fleet.store.get_task(task_id)
        if row is None:
            raise ClientError(f"unknown task {task_id!r}")
        return row.status, row.result

    async def counts(self) -> dict[TaskStatus, int]:
        return await self.fleet.store.counts()

    async def close(self) -> None:
        if self.worker is not None and self.working is not None:
            self.worker.stop()
            await self.working
        await self.fleet.__aexit__(None, None, None)


class _Remote:
    def __init__(self, url: str, token: str) -> None:
        self.http = httpx.AsyncClient(
            base_url=url.rstrip("/"), headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    async def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.http.request(method, path, **kwargs)
        if response.status_code >= 400:
            try:
                body = response.json()
                message = (
                    f"{response.status_code} {body.get('code')}: {body.get('message')} ({body.get('field')})"
                )
            except ValueError:
                message = f"{response.status_code}: {response.text[:200]}"
            raise ClientError(message)
        return response.json()

    async def submit(self, spec: TaskSpec) -> None:
        body = spec.model_dump(mode="json", exclude={"secrets"})
        body["secrets"] = spec.secret_values()
        await self._json("POST", "/api/tasks", json=body)

    async def status(self, task_id: str) -> tuple[TaskStatus, TaskResult | None]:
        task = await self._json("GET", f"/api/tasks/{task_id}")
        result = TaskResult.model_validate(task["result"]) if task.get("result") else None
        return TaskStatus(task["status"]), result

    async def counts(self) -> dict[TaskStatus, int]:
        figures = await self._json("GET", "/api/metrics")
        return {status: int(figures["counts"].get(status.value, 0)) for status in TaskStatus}

    async def close(self) -> None:
        await self.http.aclose()


class AsyncGhost:
    """`async with AsyncGhost(url=..., token=...) as ghost: result = await ghost.run(goal, url)`."""

    def __init__(
        self, url: str | None = None, token: str | None = None, db: str | None = None,
        config: FleetConfig | None = None,
    ) -> None:  # fmt: skip
        if url is not None and not token:
            raise ClientError("a remote Ghost needs the server's token")
        self._url, self._token = url, token
        self._config = config or (FleetConfig(db=db) if db else FleetConfig())
        self._backend: _Backend | None = None
        self._callbacks: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> AsyncGhost:
        if self._url is not None and self._token:
            self._backend = _Remote(self._url, self._token)
        else:
            embedded = _Embedded(self._config)
            await embedded.start()
            self._backend = embedded
        return self

    async def __aexit__(self, *_exc: object) -> None:
        for task in list(self._callbacks):
            await task
        if self._backend is not None:
            await self._backend.close()

    @property
    def backend(self) -> _Backend:
        if self._backend is None:
            raise ClientError("use `async with AsyncGhost(...)` (or `with Ghost(...)`) first")
        return self._backend

    async def submit(
        self, goal: str, start_url: str, data: dict[str, str] | None = None,
        priority: Priority = Priority.NORMAL, timeout: float = 300.0, metadata: dict[str, Any] | None = None,
        on_complete: OnComplete | None = None, **spec: Any,
    ) -> str:  # fmt: skip
        """Queue a task; returns its id. `on_complete(result)` is called when it finishes."""
        task = TaskSpec(goal=goal, start_url=start_url, data=data or {}, priority=priority, timeout_s=timeout,
                        metadata=metadata or {}, **spec)  # fmt: skip
        await self.backend.submit(task)
        if on_complete is not None:
            watcher = asyncio.create_task(self._call_when_done(task.id, timeout, on_complete))
            self._callbacks.add(watcher)
            watcher.add_done_callback(self._callbacks.discard)
        return task.id

    async def _call_when_done(self, task_id: str, timeout: float, on_complete: OnComplete) -> None:
        outcome = on_complete(await self.wait(task_id, timeout + 60))
        if inspect.isawaitable(outcome):
            await outcome

    async def wait(self, task_id: str, timeout: float | None = None) -> TaskResult:
        """The task's result once it has finished; ClientError after `timeout` seconds."""

        async def until_final() -> TaskResult:
            while True:
                status, result = await self.backend.status(task_id)
                if status.is_final and result is not None:
                    return result
                await asyncio.sleep(POLL_S)

        try:
            return await asyncio.wait_for(until_final(), timeout)
        except TimeoutError:
            raise ClientError(f"task {task_id!r} did not finish within {timeout} s") from None

    async def result(self, task_id: str) -> TaskResult | None:
        """The result if the task has finished, else None."""
        return (await self.backend.status(task_id))[1]

    async def run(self, goal: str, start_url: str, **kwargs: Any) -> TaskResult:
        """Submit and wait."""
        timeout = float(kwargs.get("timeout", 300.0))
        return await self.wait(await self.submit(goal, start_url, **kwargs), timeout + 60)

    async def active_count(self) -> int:
        return (await self.backend.counts())[TaskStatus.RUNNING]

    async def queue_depth(self) -> int:
        return (await self.backend.counts())[TaskStatus.QUEUED]

    async def metrics(self) -> dict[TaskStatus, int]:
        """Tasks by status."""
        return await self.backend.counts()


class Ghost:
    """The sync wrapper for scripts: `with Ghost() as ghost: print(ghost.run(goal, url).status)`.
    Its AsyncGhost lives on an event loop in a thread of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._ghost = AsyncGhost(*args, **kwargs)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="ghosttab-ghost", daemon=True)

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def __enter__(self) -> Ghost:
        self._thread.start()
        self._call(self._ghost.__aenter__())
        return self

    def __exit__(self, *_exc: object) -> None:
        try:
            self._call(self._ghost.__aexit__(None, None, None))
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def submit(self, goal: str, start_url: str, **kwargs: Any) -> str:
        return self._call(self._ghost.submit(goal, start_url, **kwargs))

    def wait(self, task_id: str, timeout: float | None = None) -> TaskResult:
        return self._call(self._ghost.wait(task_id, timeout))

    def result(self, task_id: str) -> TaskResult | None:
        return self._call(self._ghost.result(task_id))

    def run(self, goal: str, start_url: str, **kwargs: Any) -> TaskResult:
        return self._call(self._ghost.run(goal, start_url, **kwargs))

    def active_count(self) -> int:
        return self._call(self._ghost.active_count())

    def queue_depth(self) -> int:
        return self._call(self._ghost.queue_depth())

    def metrics(self) -> dict[TaskStatus, int]:
        return self._call(self._ghost.metrics())
