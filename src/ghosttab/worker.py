"""The worker: claims tasks from the store, runs them in leased tabs, renews leases, shuts down gracefully.

Each claimed task runs as two asyncio tasks: an outer *job* (claim -> run -> complete) and an
inner *run* (the attempts in tabs). Stopping one task (a cancel request, a lost lease) sets the
runner's cancel event, and cancels the inner run when the runner does not stop by itself within
`stop_grace_s` (it may be blocked in a long navigation); the job then records the outcome.
Cancelling a job itself means the worker is shutting down: its lease goes back to the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Coroutine, Mapping
from enum import Enum
from typing import Any

import psutil
from playwright.async_api import Error as PlaywrightError
from pydantic import BaseModel, Field

from ghosttab.browser import Tab, TabPool
from ghosttab.errors import ErrorKind, ErrorSource, StructuredError, first_line
from ghosttab.events import EventBus, TaskStatusChanged
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.runner import TaskCrashed, TaskRunner
from ghosttab.spec import TaskSpec
from ghosttab.store import ClaimedTask, Store

log = logging.getLogger(__name__)


class WorkerConfig(BaseModel):
    concurrency: int = Field(4, ge=1)
    lease_s: float = Field(30.0, gt=0)
    # Leases are renewed this often, and at least three times per lease.
    heartbeat_s: float = Field(5.0, gt=0)
    # How often the store is asked whether someone cancelled a running task.
    cancel_poll_s: float = Field(1.0, gt=0)
    # How long a stopped runner gets to return by itself before its asyncio task is cancelled.
    stop_grace_s: float = Field(1.0, ge=0)
    poll_s: float = Field(0.5, gt=0)
    grace_s: float = Field(60.0, ge=0)
    exit_when_idle: bool = False
    host_memory_threshold: float = 0.90

    @property
    def renew_every_s(self) -> float:
        return min(self.heartbeat_s, self.lease_s / 3)


class StopReason(str, Enum):
    """Why the worker stops a running task (shutdown is not one: the task goes back to the queue)."""

    CANCEL = "cancel"
    LEASE_LOST = "lease_lost"


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
        self._jobs: dict[str, asyncio.Task[None]] = {}  # task id -> claim-to-complete job
        self._runs: dict[str, asyncio.Task[TaskResult]] = {}  # task id -> its attempts in tabs
        self._cancels: dict[str, asyncio.Event] = {}
        self._stops: dict[str, StopReason] = {}
        self._attempts: dict[str, int] = {}
        self._stopping = asyncio.Event()
        self._slot_freed = asyncio.Event()  # wakes the claim loop as soon as a task ends
        self._session_locks: dict[str, asyncio.Lock] = {}
        self._unfinished: set[str] = set()  # claimed and not yet completed: released on shutdown
        self._background: set[asyncio.Task[None]] = set()
        self.completed = 0
        self.released = 0

    # -- control ----------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop claiming; running tasks finish within the grace period."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    @property
    def running(self) -> list[str]:
        """Ids of the tasks this worker is running now."""
        return list(self._jobs)

    async def cancel_now(self) -> None:
        """The second Ctrl-C: stop everything at once and hand the leases back."""
        self.stop()
        for job in list(self._jobs.values()):
            job.cancel()

    def stop_task(self, task_id: str, reason: StopReason) -> None:
        """Stop one running task: the runner sees its cancel event at the next step; a runner
        still busy after `stop_grace_s` (blocked in a long action) is cancelled outright."""
        if task_id not in self._jobs or task_id in self._stops:
            return
        self._stops[task_id] = reason
        self._cancels[task_id].set()
        self._spawn(self._stop_after_grace(task_id))

    async def _stop_after_grace(self, task_id: str) -> None:
        await asyncio.sleep(self.config.stop_grace_s)
        run = self._runs.get(task_id)
        if run is not None and not run.done():
            run.cancel()

    # -- main loop --------------------------------------------------------------------------
    async def run(self) -> None:
        await self.store.register_worker(self.id, socket.gethostname(), os.getpid(), self.config.model_dump())
        await self.store.requeue_expired()
        watchers = [
            asyncio.create_task(self._heartbeat_loop(), name="ghosttab-heartbeat"),
            asyncio.create_task(self._cancel_loop(), name="ghosttab-cancel-poll"),
        ]
        try:
            await self._claim_loop()
            await self._drain()
        finally:
            # Leases stay renewed until every job has ended or been handed back.
            await self._release_unfinished()
            for task in [*watchers, *self._background]:
                task.cancel()
            await asyncio.gather(*watchers, *self._background, return_exceptions=True)
            with contextlib.suppress(Exception):
                await self.store.unregister_worker(self.id)

    async def _claim_loop(self) -> None:
        failures = 0
        while not self.stopping:
            self._slot_freed.clear()
            free = self.config.concurrency - len(self._jobs)
            claimed: list[ClaimedTask] = []
            try:
                if free > 0 and not self._host_memory_high():
                    claimed = await self.store.claim(self.id, self.config.lease_s, limit=free)
                idle = not claimed and self.config.exit_when_idle and not self._jobs
                if idle and not await self._queue_has_work():
                    return
                failures = 0
            except Exception as exc:  # the database may be briefly away: keep running, try again
                failures += 1
                log.warning("claiming failed (%d in a row): %s", failures, exc)
                await self._wait(min(30.0, self.config.poll_s * 2**failures))
                continue
            for task in claimed:
                self._start(task)
            if not claimed:
                await self._wait(self.config.poll_s)

    async def _queue_has_work(self) -> bool:
        counts = await self.store.counts()
        return bool(counts.get(TaskStatus.QUEUED, 0) or counts.get(TaskStatus.RUNNING, 0))

    async def _wait(self, seconds: float) -> None:
        """Sleep up to `seconds`; wake early when stopping or when a running task ended since the
        last claim."""
        waits = [asyncio.ensure_future(event.wait()) for event in (self._stopping, self._slot_freed)]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()

    def _start(self, task: ClaimedTask) -> None:
        task_id = task.spec.id
        self._unfinished.add(task_id)
        self._cancels[task_id] = asyncio.Event()
        job = asyncio.create_task(self._run_claimed(task), name=f"task:{task_id}")
        self._jobs[task_id] = job
        job.add_done_callback(lambda _: self._forget(task_id))

    def _forget(self, task_id: str) -> None:
        for registry in (self._jobs, self._runs, self._cancels, self._stops, self._attempts):
            registry.pop(task_id, None)
        self._slot_freed.set()

    # -- one task ---------------------------------------------------------------------------
    async def _run_claimed(self, task: ClaimedTask) -> None:
        names = task.secret_names
        spec = task.spec.with_secrets(self.secrets.secrets_for(task.spec.id, names))
        cancel = self._cancels[spec.id]
        self.events.publish(
            TaskStatusChanged(task_id=spec.id, status=TaskStatus.RUNNING, attempt=task.attempt)
        )
        run = asyncio.create_task(self._run_with_retries(spec, task.attempt, cancel), name=f"run:{spec.id}")
        self._runs[spec.id] = run
        try:
            result = await run
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if spec.id not in self._stops or (current is not None and current.cancelling()):
                raise  # shutting down: the lease is handed back by _release_unfinished
            result = self._stopped_result(spec.id, self._stops[spec.id])
        except Exception as exc:
            log.exception("task %s failed unexpectedly", spec.id)
            error = StructuredError(
                kind=ErrorKind.RUNTIME, source=ErrorSource.RUNNER, message=repr(exc)[:500]
            )
            attempts = self._attempts.get(spec.id, task.attempt)
            result = TaskResult(id=spec.id, status=TaskStatus.FAILED, error=error, attempts=attempts)
        if self._stops.get(spec.id) == StopReason.CANCEL and result.status != TaskStatus.SUCCEEDED:
            result = result.model_copy(update={"status": TaskStatus.CANCELLED, "error": _cancelled()})
        recorded = await self._complete(result)
        self._unfinished.discard(spec.id)
        if recorded:
            self.completed += 1
            self.events.publish(
                TaskStatusChanged(
                    task_id=spec.id, status=result.status, attempt=result.attempts, error=result.error
                )
            )
        else:
            log.info("task %s: lease no longer held, result of this worker not recorded", spec.id)

    async def _complete(self, result: TaskResult) -> bool:
        """Record the result; a failing store is tried again before the lease is left to lapse
        (the task then runs again elsewhere: at least once, recorded once)."""
        for delay in (1.0, 2.0, 4.0, None):
            try:
                return await self.store.complete(result.id, self.id, result)
            except Exception as exc:
                if delay is None:
                    raise
                log.warning("recording %s failed, trying again: %s", result.id, exc)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    def _stopped_result(self, task_id: str, reason: StopReason) -> TaskResult:
        attempts = self._attempts.get(task_id, 1)
        if reason == StopReason.CANCEL:
            return TaskResult(id=task_id, status=TaskStatus.CANCELLED, error=_cancelled(), attempts=attempts)
        error = StructuredError(
            kind=ErrorKind.POLICY, source=ErrorSource.RUNNER, message="lease lost to another worker"
        )
        return TaskResult(id=task_id, status=TaskStatus.FAILED, error=error, attempts=attempts)

    async def _run_with_retries(self, spec: TaskSpec, claim: int, cancel: asyncio.Event) -> TaskResult:
        tries = spec.max_retries + 1
        last: StructuredError | None = None
        for index in range(tries):
            attempt = (claim - 1) * tries + index + 1
            self._attempts[spec.id] = attempt
            if cancel.is_set():
                break
            try:
                return await self._run_once(spec, attempt, cancel)
            except TaskCrashed as crash:
                # However the crash showed itself (a CDP error, a closed target), it is a crash.
                last = crash.error.model_copy(update={"kind": ErrorKind.CRASH, "retryable": True})
                await self.store.record_recovery(
                    spec.id,
                    attempt,
                    0,
                    last,
                    "retry_on_fresh_tab",
                    "retrying" if index + 1 < tries and not cancel.is_set() else "gave up",
                )
        if cancel.is_set():
            return self._stopped_result(spec.id, self._stops.get(spec.id, StopReason.CANCEL))
        error = last or StructuredError(kind=ErrorKind.CRASH, source=ErrorSource.BROWSER, message="crashed")
        error = error.model_copy(update={"message": f"crashed on all {tries} attempts: {error.message}"})
        return TaskResult(id=spec.id, status=TaskStatus.FAILED, error=error, attempts=self._attempts[spec.id])

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
                    await self._save_session(spec.session, tab)
                return result
        raise AssertionError("unreachable")

    async def _save_session(self, key: str, tab: Tab) -> None:
        """Keep the session's login for the next task; a browser that cannot say it costs only that."""
        try:
            state = await tab.storage_state()
        except (TimeoutError, PlaywrightError) as error:
            log.warning("session %r not saved: %s", key, first_line(error))
            return
        await self.store.save_session(key, state)

    # -- watchers ---------------------------------------------------------------------------
    async def _heartbeat_loop(self) -> None:
        """Renew leases; stop the tasks whose lease was lost; honour a stop asked through the store."""
        while True:
            await asyncio.sleep(self.config.renew_every_s)
            try:
                if await self.store.worker_heartbeat(self.id):
                    self.stop()
                ids = list(self._jobs)
                if not ids:
                    continue
                lost = await self.store.heartbeat(self.id, ids, self.config.lease_s)
            except Exception as exc:  # a store hiccup must not end lease renewal for good
                log.warning("heartbeat failed: %s", exc)
                continue
            for task_id in lost:
                if task_id in self._unfinished:
                    log.warning("task %s: lease lost, stopping it", task_id)
                    self.stop_task(task_id, StopReason.LEASE_LOST)

    async def _cancel_loop(self) -> None:
        while True:
            await asyncio.sleep(self.config.cancel_poll_s)
            ids = [task_id for task_id in self._jobs if task_id not in self._stops]
            if not ids:
                continue
            try:
                requested = await self.store.cancel_requested(ids)
            except Exception as exc:
                log.warning("cancel poll failed: %s", exc)
                continue
            for task_id in requested:
                self.stop_task(task_id, StopReason.CANCEL)

    # -- shutdown ---------------------------------------------------------------------------
    async def _drain(self) -> None:
        """Give running tasks the grace period; the rest are handed back by _release_unfinished."""
        jobs = list(self._jobs.values())
        if jobs:
            await asyncio.wait(jobs, timeout=self.config.grace_s)

    async def _release_unfinished(self) -> None:
        jobs = list(self._jobs.values())
        for job in jobs:
            job.cancel()
        if jobs:
            # Cancelled jobs close their tabs (a few seconds at most) before the leases go back.
            await asyncio.wait(jobs, timeout=10)
        for task_id in sorted(self._unfinished):
            with contextlib.suppress(Exception):
                if await self.store.release(task_id, self.id):
                    self.released += 1
        self._unfinished.clear()

    # -- helpers ----------------------------------------------------------------------------
    def _host_memory_high(self) -> bool:
        return psutil.virtual_memory().percent / 100.0 >= self.config.host_memory_threshold

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)


def _cancelled() -> StructuredError:
    return StructuredError(kind=ErrorKind.POLICY, source=ErrorSource.RUNNER, message="cancelled on request")
