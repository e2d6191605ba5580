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
import math
import os
import socket
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from ghosttab.aio import RecurringTask
from ghosttab.browser import TabPool
from ghosttab.browser.sealing import SessionCipher
from ghosttab.browser.sessions import SessionStore
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.events import EventBus, TaskStatusChanged
from ghosttab.lifecycle import TaskStatus
from ghosttab.live import LiveConfig, LiveView
from ghosttab.result import RecoveryRecord, RecoveryVerdict, Resume, Strategy, TaskResult
from ghosttab.runner import TaskCrashed, TaskRunner
from ghosttab.secrets import SecretBook, Secrets
from ghosttab.spec import TaskSpec
from ghosttab.store import ClaimedTask, Store
from ghosttab.store.rows import ArtifactKind

STORE_AWAY = (SQLAlchemyError, OSError, GhosttabError)
"""What a store call raises while the database is briefly away; anything else is a bug and surfaces."""

log = logging.getLogger(__name__)


class WorkerConfig(BaseModel):
    concurrency: int = Field(4, ge=1, description="tasks run at once")
    lease_s: float = Field(30.0, gt=0, description="seconds a claimed task stays leased between heartbeats")
    heartbeat_s: float = Field(
        5.0, gt=0, description="how often leases are renewed (at least 3 times a lease)"
    )
    cancel_poll_s: float = Field(1.0, gt=0, description="how often the store is asked for cancel requests")
    stop_grace_s: float = Field(
        1.0, ge=0, description="seconds a stopped runner gets to return before its task is cancelled"
    )
    poll_s: float = Field(0.5, gt=0, description="how often an idle worker looks for queued tasks")
    grace_s: float = Field(60.0, ge=0, description="on shutdown, seconds running tasks get to finish")
    exit_when_idle: bool = Field(False, description="stop when the queue is empty")
    live: LiveConfig = Field(default_factory=LiveConfig, description="frames of watched tasks")
    forget_dead_after_s: float = Field(
        3600.0, gt=0, description="a dead worker's row (no heartbeat) is pruned after this long"
    )

    @property
    def renew_every_s(self) -> float:
        return min(self.heartbeat_s, self.lease_s / 3)


class StopReason(str, Enum):
    """Why the worker stops a running task (shutdown is not one: the task goes back to the queue)."""

    CANCEL = "cancel"
    LEASE_LOST = "lease_lost"


@dataclass
class RunningTask:
    """One task this worker claimed, from the claim until its result is recorded or handed back."""

    claimed: ClaimedTask
    job: asyncio.Task[None] | None = None  # claim -> run -> complete
    run: asyncio.Task[TaskResult] | None = None  # the attempts in tabs
    cancel: asyncio.Event = field(default_factory=asyncio.Event)
    stop_reason: StopReason | None = None
    attempt: int = 0
    settled: bool = False  # its result was handed to the store (recorded, or refused for a lost lease)
    secrets: Secrets | None = None  # read when the run starts; masks its live frames

    @property
    def id(self) -> str:
        return self.claimed.spec.id

    @property
    def active(self) -> bool:
        return self.job is not None and not self.job.done()


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
        session_cipher: SessionCipher | None = None,
    ) -> None:
        self.store = store
        self.pool = pool
        self.runner = runner
        self.events = events
        self.config = config or WorkerConfig()
        self.secrets = secrets or SecretBook()
        self.sessions = SessionStore(store, session_cipher)
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._tasks: dict[str, RunningTask] = {}
        self.live = LiveView(store, pool, self.config.live)
        self._stopping = asyncio.Event()
        self._slot_freed = asyncio.Event()  # wakes the claim loop as soon as a task ends
        self._background: set[asyncio.Task[None]] = set()
        self._watches = [
            RecurringTask("ghosttab-heartbeat", self.config.renew_every_s, self._heartbeat,
                          on_error=lambda error: log.warning("heartbeat failed: %s", error)),
            RecurringTask("ghosttab-cancel-poll", self.config.cancel_poll_s, self._poll_cancels,
                          on_error=lambda error: log.warning("cancel poll failed: %s", error)),
            RecurringTask("ghosttab-live", self.config.live.frame_s, self._live_frames,
                          on_error=lambda error: log.warning("live frames failed: %s", error)),
        ]  # fmt: skip
        self.completed = 0
        self.released = 0
        self._pruned_at = -math.inf

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
        return [task.id for task in self._active()]

    async def cancel_now(self) -> None:
        """The second Ctrl-C: stop everything at once and hand the leases back."""
        self.stop()
        for task in self._active():
            assert task.job is not None
            task.job.cancel()

    def stop_task(self, task_id: str, reason: StopReason) -> None:
        """Stop one running task: the runner sees its cancel event at the next step; a runner
        still busy after `stop_grace_s` (blocked in a long action) is cancelled outright."""
        task = self._tasks.get(task_id)
        if task is None or not task.active or task.stop_reason is not None:
            return
        task.stop_reason = reason
        task.cancel.set()
        self._spawn(self._stop_after_grace(task))

    async def _stop_after_grace(self, task: RunningTask) -> None:
        await asyncio.sleep(self.config.stop_grace_s)
        if task.run is not None and not task.run.done():
            task.run.cancel()

    # -- main loop --------------------------------------------------------------------------
    async def run(self) -> None:
        await self.store.register_worker(self.id, socket.gethostname(), os.getpid(), self.config.model_dump())
        await self.store.requeue_expired()
        for watch in self._watches:
            watch.start()
        try:
            await self._claim_loop()
            await self._drain()
        finally:
            # Leases stay renewed until every job has ended or been handed back.
            await self._release_unfinished()
            for watch in self._watches:
                await watch.stop()
            for background in self._background:
                background.cancel()
            await asyncio.gather(*self._background, return_exceptions=True)
            with contextlib.suppress(Exception):
                await self.store.unregister_worker(self.id)

    async def _claim_loop(self) -> None:
        failures = 0
        while not self.stopping:
            self._slot_freed.clear()
            free = self.config.concurrency - len(self._active())
            claimed: list[ClaimedTask] = []
            try:
                if free > 0 and not self.pool.host_memory_high():
                    claimed = await self.store.claim(
                        self.id, self.config.lease_s, limit=free, pathfinders=self.runner.paths is not None
                    )
                idle = not claimed and self.config.exit_when_idle and not self._active()
                if idle and not await self._queue_has_work():
                    return
                failures = 0
            except STORE_AWAY as exc:  # the database may be briefly away: keep running, try again
                failures += 1
                log.warning("claiming failed (%d in a row): %s", failures, exc)
                await self._wait(min(30.0, self.config.poll_s * 2**failures))
                continue
            for claim in claimed:
                self._start(claim)
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

    def _start(self, claim: ClaimedTask) -> None:
        task = RunningTask(claimed=claim, attempt=claim.attempt)
        self._tasks[task.id] = task
        task.job = asyncio.create_task(self._run_claimed(task), name=f"task:{task.id}")
        task.job.add_done_callback(lambda _: self._job_ended(task))

    def _job_ended(self, task: RunningTask) -> None:
        """A settled task is forgotten; an unsettled one stays until its lease is handed back."""
        if task.settled:
            self._tasks.pop(task.id, None)
        self._slot_freed.set()

    # -- one task ---------------------------------------------------------------------------
    async def _run_claimed(self, task: RunningTask) -> None:
        spec = task.claimed.spec
        self.events.publish(
            TaskStatusChanged(task_id=spec.id, status=TaskStatus.RUNNING, attempt=task.attempt)
        )
        try:
            task.secrets = self.secrets.secrets_for(spec.id, task.claimed.secret_names)
            spec = spec.with_secrets(task.secrets)
            task.run = asyncio.create_task(self._run_with_retries(spec, task), name=f"run:{spec.id}")
            result = await task.run
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if task.stop_reason is None or (current is not None and current.cancelling()):
                raise  # shutting down: the lease is handed back by _release_unfinished
            result = self._stopped_result(task, task.stop_reason)
        except GhosttabError as exc:
            result = TaskResult(id=spec.id, status=TaskStatus.FAILED, error=exc.error, attempts=task.attempt)
        except Exception as exc:
            log.exception("task %s failed unexpectedly", spec.id)
            error = StructuredError(
                kind=ErrorKind.RUNTIME, source=ErrorSource.RUNNER, message=repr(exc)[:500]
            )
            result = TaskResult(id=spec.id, status=TaskStatus.FAILED, error=error, attempts=task.attempt)
        if task.stop_reason == StopReason.CANCEL and result.status != TaskStatus.SUCCEEDED:
            result = result.model_copy(update={"status": TaskStatus.CANCELLED, "error": _cancelled()})
        recorded = await self._complete(result)
        task.settled = True
        await self.live.ended(spec.id)
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

    def _stopped_result(self, task: RunningTask, reason: StopReason) -> TaskResult:
        if reason == StopReason.CANCEL:
            return TaskResult(
                id=task.id, status=TaskStatus.CANCELLED, error=_cancelled(), attempts=task.attempt
            )
        error = StructuredError(
            kind=ErrorKind.POLICY, source=ErrorSource.RUNNER, message="lease lost to another worker"
        )
        return TaskResult(id=task.id, status=TaskStatus.FAILED, error=error, attempts=task.attempt)

    async def _run_with_retries(self, spec: TaskSpec, task: RunningTask) -> TaskResult:
        tries = spec.max_retries + 1
        last: StructuredError | None = None
        for index in range(tries):
            # One number per run, the store's: the claim numbered the first, each retry the next.
            if index:
                task.attempt = await self.store.next_attempt(spec.id, self.id) or task.attempt + 1
            if task.cancel.is_set():
                break
            try:
                return await self._run_once(spec, task)
            except TaskCrashed as crash:
                # However the crash showed itself (a CDP error, a closed target), it is a crash.
                last = crash.error.model_copy(update={"kind": ErrorKind.CRASH, "retryable": True})
                again = index + 1 < tries and not task.cancel.is_set()
                verdict = RecoveryVerdict.RETRYING if again else RecoveryVerdict.GAVE_UP
                await self.store.record_recovery(
                    RecoveryRecord(
                        task_id=spec.id, attempt=task.attempt, error=last,
                        strategy=Strategy.RETRY_ON_FRESH_TAB, outcome=verdict,
                    )
                )  # fmt: skip
        if task.cancel.is_set():
            return self._stopped_result(task, task.stop_reason or StopReason.CANCEL)
        error = last or StructuredError(kind=ErrorKind.CRASH, source=ErrorSource.BROWSER, message="crashed")
        error = error.model_copy(update={"message": f"crashed on all {tries} attempts: {error.message}"})
        return TaskResult(id=spec.id, status=TaskStatus.FAILED, error=error, attempts=task.attempt)

    async def _run_once(self, spec: TaskSpec, task: RunningTask) -> TaskResult:
        rank = spec.priority.rank
        resume = await self._committed_before(spec.id, task.attempt)
        if not spec.session:
            async with self.pool.lease(priority=rank, task_id=spec.id) as tab:
                return await self.runner.run(spec, tab, task.attempt, task.cancel, resume)
        async with (
            self.sessions.hold(spec.session) as state,
            self.pool.lease(state, spec.session, priority=rank, task_id=spec.id) as tab,
        ):
            result = await self.runner.run(spec, tab, task.attempt, task.cancel, resume)
            if result.status == TaskStatus.SUCCEEDED:
                await self.sessions.save(spec.session, tab)
            return result

    async def _committed_before(self, task_id: str, attempt: int) -> Resume | None:
        """A side effect an earlier run of this task committed: the next run checks it, not repeats it."""
        if attempt <= 1:
            return None
        committed = await self.store.committed_step(task_id)
        if committed is None or committed.attempt >= attempt:
            return None
        earlier = await self.store.artifacts(task_id)
        files = [a.path for a in earlier if a.kind == ArtifactKind.DOWNLOAD and a.attempt < attempt]
        return Resume(step=committed, files=[path for path in files if os.path.isfile(path)])

    # -- watchers ---------------------------------------------------------------------------
    async def _heartbeat(self) -> None:
        """Renew leases; stop the tasks whose lease was lost; honour a stop asked through the store;
        now and then forget the workers long dead."""
        if await self.store.worker_heartbeat(self.id):
            self.stop()
        now = asyncio.get_running_loop().time()
        if now - self._pruned_at >= _PRUNE_EVERY_S:
            self._pruned_at = now
            if pruned := await self.store.prune_workers(self.config.forget_dead_after_s):
                log.info("forgot %d dead workers", pruned)
        ids = [task.id for task in self._active()]
        if not ids:
            return
        for task_id in await self.store.heartbeat(self.id, ids, self.config.lease_s):
            task = self._tasks.get(task_id)
            if task is not None and not task.settled:
                log.warning("task %s: lease lost, stopping it", task_id)
                self.stop_task(task_id, StopReason.LEASE_LOST)

    async def _poll_cancels(self) -> None:
        ids = [task.id for task in self._active() if task.stop_reason is None]
        if not ids:
            return
        for task_id in await self.store.cancel_requested(ids):
            self.stop_task(task_id, StopReason.CANCEL)

    async def _live_frames(self) -> None:
        await self.live.tick({task.id: task.secrets for task in self._active() if task.secrets is not None})

    # -- shutdown ---------------------------------------------------------------------------
    async def _drain(self) -> None:
        """Give running tasks the grace period; the rest are handed back by _release_unfinished."""
        jobs = [task.job for task in self._active() if task.job is not None]
        if jobs:
            await asyncio.wait(jobs, timeout=self.config.grace_s)

    async def _release_unfinished(self) -> None:
        jobs = [task.job for task in self._active() if task.job is not None]
        for job in jobs:
            job.cancel()
        if jobs:
            # Cancelled jobs close their tabs (a few seconds at most) before the leases go back.
            await asyncio.wait(jobs, timeout=10)
        for task in sorted(self._tasks.values(), key=lambda task: task.id):
            if task.settled:
                continue
            with contextlib.suppress(Exception):
                if await self.store.release(task.id, self.id):
                    self.released += 1
        self._tasks.clear()

    # -- helpers ----------------------------------------------------------------------------
    def _active(self) -> list[RunningTask]:
        return [task for task in self._tasks.values() if task.active]

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)


_PRUNE_EVERY_S = 60.0


def _cancelled() -> StructuredError:
    return StructuredError(kind=ErrorKind.POLICY, source=ErrorSource.RUNNER, message="cancelled on request")
