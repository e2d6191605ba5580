"""The worker: claims tasks from the store, runs them in leased tabs, renews leases, shuts down gracefully."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Mapping

import psutil
from pydantic import BaseModel

from ghosttab.browser import TabPool
from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.events import EventBus, TaskStatusChanged
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.runner import TaskCrashed, TaskRunner
from ghosttab.spec import TaskSpec
from ghosttab.store import ClaimedTask, Store

log = logging.getLogger(__name__)


class WorkerConfig(BaseModel):
    concurrency: int = 4
    lease_s: float = 30.0
    heartbeat_s: float = 5.0
    poll_s: float = 0.5
    grace_s: float = 60.0
    exit_when_idle: bool = False
    host_memory_threshold: float = 0.90


class SecretBook:
    """Secret values live only in worker memory: given with the task file, or named as `env:VAR`."""

    def __init__(self, by_task: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self._by_task = {k: dict(v) for k, v in (by_task or {}).items()}

    @classmethod
    def from_specs(cls, specs: list[TaskSpec]) -> SecretBook:
        return cls({spec.id: spec.secret_values() for spec in specs if spec.secrets})

    def secrets_for(self, task_id: str, names: list[str]) -> dict[str, str]:
        known = self._by_task.get(task_id, {})
        found: dict[str, str] = {}
        for name in names:
            value = known.get(name) or os.environ.get(f"GHOSTTAB_SECRET_{name.upper()}", "")
            if value.startswith("env:"):
                value = os.environ.get(value[4:], "")
            if value:
                found[name] = value
        return found


class Worker:
    def __init__(
        self,
        store: Store,
        pool: TabPool,
        runner: TaskRunner,
        events: EventBus,
        config: WorkerConfig | None = None,
        secrets: SecretBook | None = None,
        worker_id: str | None = None,
    ) -> None:
        self.store = store
        self.pool = pool
        self.runner = runner
        self.events = events
        self.config = config or WorkerConfig()
        self.secrets = secrets or SecretBook()
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._running: dict[str, asyncio.Task[None]] = {}
        self._cancels: dict[str, asyncio.Event] = {}
        self._stopping = asyncio.Event()
        self._session_locks: dict[str, asyncio.Lock] = {}
        self._unfinished: set[str] = set()
        self.completed = 0

    def stop(self) -> None:
        """Stop claiming; running tasks finish within the grace period."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    async def run(self) -> None:
        await self.store.register_worker(self.id, socket.gethostname(), os.getpid(), self.config.model_dump())
        await self.store.requeue_expired()
        heartbeat = asyncio.create_task(self._heartbeat_loop())
        try:
            await self._claim_loop()
            await self._drain()
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            await self._release_unfinished()
            await self.store.unregister_worker(self.id)

    async def _claim_loop(self) -> None:
        while not self.stopping:
            free = self.config.concurrency - len(self._running)
            claimed: list[ClaimedTask] = []
            if free > 0 and not self._host_memory_high():
                claimed = await self.store.claim(self.id, self.config.lease_s, limit=free)
            for task in claimed:
                self._start(task)
            if not claimed:
                if self.config.exit_when_idle and not self._running and not await self._queue_has_work():
                    return
                await self._wait(self.config.poll_s)

    async def _queue_has_work(self) -> bool:
        counts = await self.store.counts()
        return bool(counts.get(TaskStatus.QUEUED, 0) or counts.get(TaskStatus.RUNNING, 0))

    async def _wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    def _start(self, task: ClaimedTask) -> None:
        self._unfinished.add(task.spec.id)
        cancel = asyncio.Event()
        self._cancels[task.spec.id] = cancel
        job = asyncio.create_task(self._run_claimed(task, cancel), name=f"task:{task.spec.id}")
        self._running[task.spec.id] = job
        job.add_done_callback(lambda _: self._forget(task.spec.id))

    def _forget(self, task_id: str) -> None:
        self._running.pop(task_id, None)
        self._cancels.pop(task_id, None)

    async def _run_claimed(self, task: ClaimedTask, cancel: asyncio.Event) -> None:
        names = task.secret_names
        spec = task.spec.with_secrets(self.secrets.secrets_for(task.spec.id, names))
        self.events.publish(
            TaskStatusChanged(task_id=spec.id, status=TaskStatus.RUNNING, attempt=task.attempt)
        )
        try:
            result = await self._run_with_retries(spec, task.attempt, cancel)
        except Exception as exc:
            log.exception("task %s failed unexpectedly", spec.id)
            error = StructuredError(
                kind=ErrorKind.RUNTIME, source=ErrorSource.RUNNER, message=repr(exc)[:500]
            )
            result = TaskResult(id=spec.id, status=TaskStatus.FAILED, error=error, attempts=task.attempt)
        self._unfinished.discard(spec.id)
        if await self.store.complete(spec.id, self.id, result):
            self.completed += 1
            self.events.publish(
                TaskStatusChanged(
                    task_id=spec.id, status=result.status, attempt=result.attempts, error=result.error
                )
            )

    async def _run_with_retries(self, spec: TaskSpec, claim: int, cancel: asyncio.Event) -> TaskResult:
        tries = spec.max_retries + 1
        last: StructuredError | None = None
        for index in range(tries):
            attempt = (claim - 1) * tries + index + 1
            try:
                return await self._run_once(spec, attempt, cancel)
            except TaskCrashed as crash:
                last = crash.error
                await self.store.record_recovery(
                    spec.id,
                    attempt,
                    0,
                    crash.error,
                    "retry_on_fresh_tab",
                    "retrying" if index + 1 < tries else "gave up",
                )
        error = last or StructuredError(kind=ErrorKind.CRASH, source=ErrorSource.BROWSER, message="crashed")
        error = error.model_copy(update={"message": f"crashed on all {tries} attempts: {error.message}"})
        return TaskResult(id=spec.id, status=TaskStatus.FAILED, error=error, attempts=tries)

    async def _run_once(self, spec: TaskSpec, attempt: int, cancel: asyncio.Event) -> TaskResult:
        if not spec.session:
            async with self.pool.lease(priority=spec.priority.rank, task_id=spec.id) as tab:
                return await self.runner.run(spec, tab, attempt, cancel)
        lock = self._session_locks.setdefault(spec.session, asyncio.Lock())
        state = await self.store.load_session(spec.session)
        # Until a session has a saved login, its tasks run one at a time so the login happens once.
        async with contextlib.AsyncExitStack() as stack:
            if state is None:
                await stack.enter_async_context(lock)
                state = await self.store.load_session(spec.session)
            async with self.pool.lease(
                session_state=state, session_key=spec.session, priority=spec.priority.rank, task_id=spec.id
            ) as tab:
                result = await self.runner.run(spec, tab, attempt, cancel)
                if result.status == TaskStatus.SUCCEEDED:
                    await self.store.save_session(spec.session, await tab.storage_state())
                return result
        raise AssertionError("unreachable")

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(self.config.heartbeat_s)
            await self.store.worker_heartbeat(self.id)
            ids = list(self._running)
            if not ids:
                continue
            lost = await self.store.heartbeat(self.id, ids, self.config.lease_s)
            cancelled = await self.store.cancel_requested(ids)
            for task_id in lost | cancelled:
                if task_id in self._cancels:
                    self._cancels[task_id].set()

    async def _drain(self) -> None:
        """Give running tasks the grace period, then cancel them; their leases go back to the queue."""
        if not self._running:
            return
        jobs = list(self._running.values())
        _, pending = await asyncio.wait(jobs, timeout=self.config.grace_s)
        for job in pending:
            job.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)

    async def _release_unfinished(self) -> None:
        jobs = list(self._running.values())
        for job in jobs:
            job.cancel()
        if jobs:
            await asyncio.wait(jobs, timeout=5)
        for task_id in sorted(self._unfinished):
            await self.store.release(task_id, self.id)
        self._unfinished.clear()

    async def cancel_now(self) -> None:
        """The second Ctrl-C: stop everything at once and hand the leases back."""
        self.stop()
        for job in list(self._running.values()):
            job.cancel()

    def _host_memory_high(self) -> bool:
        return psutil.virtual_memory().percent / 100.0 >= self.config.host_memory_threshold
