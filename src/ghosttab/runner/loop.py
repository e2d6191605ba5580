"""One task in one tab: observe -> decide -> act -> check -> record, until success or a limit."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable
from typing import Protocol, TypeVar

from playwright.async_api import Page

from ghosttab.actions import Action, ActionResult, AskHuman, Fail
from ghosttab.browser import Tab
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.events import EventBus, RecoveryAttempted, StepRecorded
from ghosttab.executor import ExecutionContext, Executor, classify
from ghosttab.lifecycle import TabState, TaskStatus
from ghosttab.navigator.base import Decision, PastStep, TaskMemory
from ghosttab.navigator.cache import CachedView
from ghosttab.navigator.router import Router
from ghosttab.perception import listener_hook, observe
from ghosttab.perception.models import Observation
from ghosttab.policy import AddressPolicy
from ghosttab.recovery import RecoveryPlan, RecoveryStopped, Strategy, TaskRecovery
from ghosttab.replay.cache import PathCache
from ghosttab.result import RecoveryRecord, RecoveryVerdict, Resume, StepRecord, TaskResult
from ghosttab.runner import success
from ghosttab.runner.artifacts import ArtifactDir, screenshot, start_trace, stop_trace
from ghosttab.runner.commits import Commits, StepCommit
from ghosttab.runner.config import RunnerConfig, ScreenshotMode
from ghosttab.runner.guard import RequestGuard
from ghosttab.runner.guidance import Guidance, phrases_to_find, target_key
from ghosttab.runner.outcome import Outcome, TaskCrashed
from ghosttab.runner.patience import Patience
from ghosttab.runner.replaying import AttemptPaths
from ghosttab.secrets import Secrets
from ghosttab.spec import TaskSpec

_T = TypeVar("_T")


class Recorder(Protocol):
    """Where steps, recoveries and artifacts go: the Store, or anything shaped like it."""

    async def record_step(self, step: StepRecord) -> None: ...

    async def record_recovery(self, record: RecoveryRecord) -> None: ...

    async def record_artifact(self, task_id: str, attempt: int, kind: str, path: str) -> None: ...


class TaskRunner:
    def __init__(
        self, config: RunnerConfig, router: Router, events: EventBus, recorder: Recorder,
        paths: PathCache | None = None, policy: AddressPolicy | None = None,
    ) -> None:  # fmt: skip
        self.config = config
        self.router = router
        self.events = events
        self.recorder = recorder
        self.paths = paths
        # Where a task may send its browser; the CLI's default keeps local and intranet sites.
        self.policy = policy or AddressPolicy.permissive()

    async def run(
        self, spec: TaskSpec, tab: Tab, attempt: int = 1, cancel: asyncio.Event | None = None,
        resume: Resume | None = None,
    ) -> TaskResult:  # fmt: skip
        """One attempt; `resume`, an earlier attempt's committed step, is checked, never repeated."""
        run = _TaskRun(self, spec, tab, attempt, cancel or asyncio.Event())
        run.resume = resume
        return await run.execute()


class _TaskRun:
    """The state of one attempt of one task."""

    def __init__(
        self, runner: TaskRunner, spec: TaskSpec, tab: Tab, attempt: int, cancel: asyncio.Event
    ) -> None:
        self.runner = runner
        self.config = runner.config
        self.spec = spec
        self.tab = tab
        self.attempt = attempt
        self.cancel = cancel
        self.secrets = Secrets(spec.secret_values())
        self.artifacts = ArtifactDir(self.config.artifacts_dir, spec.id, attempt)
        self.executor = Executor(
            ExecutionContext(
                data=spec.data,
                secrets=self.secrets,
                allowed_domains=spec.domains,
                downloads_dir=self.artifacts.downloads,
                action_timeout_s=self.config.action_timeout_s,
                navigation_timeout_s=self.config.navigation_timeout_s,
            )
        )
        self.memory = TaskMemory(spec=spec, secret_names=sorted(spec.secrets))
        self.patience = Patience(self.config.settle_s)
        self.commits = Commits(runner.recorder, spec.id, attempt)
        self.guard = RequestGuard(
            runner.policy.with_domains(spec.allowed_domains), self.config.navigation_timeout_s, self.secrets,
            on_commit=self.commits.note,
        )  # fmt: skip
        self.resume: Resume | None = None
        self.find = phrases_to_find(self.memory, self.secrets) if self.config.find_in_page else []
        self.paths = AttemptPaths(runner.paths, spec)
        self.guide = Guidance(spec, runner.events, self.memory.intent)
        self.cached_view: CachedView | None = None
        self.extracted: dict[str, str] = {}
        self.step = 0
        self.tiers: dict[str, int] = {}
        self.recovery = TaskRecovery(self)
        # Consecutive recoveries per fault kind: cleared by a step that works.
        self.recoveries = self.recovery.tries
        self.last_screenshot: str | None = None
        self.started = time.monotonic()
        self.missing: list[str] = []

    @property
    def page(self) -> Page:
        return self.executor.current_page or self.tab.page

    @property
    def start_url(self) -> str:
        return self.spec.start_url

    def page_changed(self) -> None:
        self.guide.cache.invalidate()

    async def execute(self) -> TaskResult:
        await self._start_trace()
        await self.paths.begin(self.memory)
        status, error = TaskStatus.FAILED, None
        try:
            async with asyncio.timeout(self.spec.timeout_s):
                await self._loop()
        except Outcome as outcome:
            status, error = outcome.status, outcome.error
        except TimeoutError:
            error = StructuredError(
                kind=ErrorKind.TIMEOUT,
                source=ErrorSource.RUNNER,
                message=f"task took over {self.spec.timeout_s:g} s",
            )
        except TaskCrashed:
            await self._stop_trace(keep=False)
            raise
        finally:
            self.guard.retire()
            self.commits.active = False
        self._move(TabState.COMPLETE if status == TaskStatus.SUCCEEDED else TabState.FAILED)
        trace = await self._stop_trace(keep=status != TaskStatus.SUCCEEDED)
        if self.config.screenshots == ScreenshotMode.FINAL or (
            self.config.screenshots == ScreenshotMode.STEPS and status != TaskStatus.SUCCEEDED
        ):
            await self._snapshot(final=True)
        seconds = time.monotonic() - self.started
        return TaskResult(
            id=self.spec.id,
            status=status,
            steps=self.step,
            seconds=seconds,
            extracted=self.extracted,
            files=self.memory.downloads,
            error=self._scrub(error),
            attempts=self.attempt,
            tokens=self.memory.spend.tokens,
            cost_usd=self.memory.spend.cost_usd,
            tiers=self.tiers,
            spend=self.memory.spend.tiers,
            final_url=self._url(),
            trace=trace,
            screenshot=self.last_screenshot,
            cache=await self.paths.finish(status, self.memory, seconds),
        )

    async def _loop(self) -> None:
        self._move(TabState.LOADING)
        try:
            await self.executor.prepare(self.tab.context)
            await self.tab.context.add_init_script(script=listener_hook())
            # Every request of the context goes through the address policy from here on.
            refused = await self.guard.start(self.tab.context, self.spec.start_url)
            self.commits.watch_dialogs(self.tab.context)
        except Exception as exc:
            error = classify(exc, ErrorSource.BROWSER)
            self.check_alive(error)
            raise Outcome(TaskStatus.FAILED, error) from exc
        if refused is not None:
            raise Outcome(TaskStatus.FAILED, refused)
        if self.resume is not None:
            await self._check_committed(self.resume)
        await self._open_start_url()
        self.guide.begin(self.page.url)
        while True:
            self.check_alive()
            self._move(TabState.PERCEIVING)
            state = await self._check_success()
            observation = await self._observe(state)
            if await self._guarded(self.recovery.guard(observation)):
                continue  # a recovery changed the page: look again
            self.guide.advance(observation, self.memory)
            if self.step >= self.spec.max_steps:
                raise Outcome(TaskStatus.FAILED, self._error(ErrorKind.STEPS, self._steps_message()))
            self._move(TabState.DECIDING)
            decision = self.patience.review(observation, await self._decide(observation), self.memory)
            verdict = self.guide.check_loop(observation, decision.action, self.memory)
            if verdict.move == "stop":
                raise Outcome(TaskStatus.FAILED, self._error(ErrorKind.LOOP, verdict.reason))
            if verdict.move == "rethink":
                await self._note_loop(verdict.reason)
                continue
            try:
                await self._act(observation, decision)
            except Outcome as outcome:
                if not await self._retry_part(outcome):
                    raise

    async def _decide(self, observation: Observation) -> Decision:
        """A decision whose action failed with a retryable fault on an unchanged page is tried again."""
        cached = self.cached_view
        last = self.memory.history[-1] if self.memory.history else None
        if (
            cached and cached.decision and last is not None and not last.ok and last.error_kind in _RETRY_SAME
            and self.memory.failed_here(cached.decision.tier, observation.url) < _FAILS_BEFORE_ASKING
        ):  # fmt: skip
            return cached.decision.model_copy(update={"tokens": 0, "cost_usd": 0.0})
        self.guide.measure_context(observation)
        try:
            decision = await self.runner.router.decide(observation, self.memory)
        except GhosttabError as stopped:  # a model limit reached (BUDGET), or no decider had an answer
            raise Outcome(TaskStatus.FAILED, stopped.error) from None
        self.guide.cache.remember_decision(decision)
        return decision

    async def _retry_part(self, outcome: Outcome) -> bool:
        """A part of a multi-part goal failed: go back to its checkpoint and try that part again."""
        error = outcome.error
        if outcome.status == TaskStatus.CANCELLED or (error is not None and error.kind in _FINAL_KINDS):
            return False
        part = self.guide.retry_point()
        if part is None or part.checkpoint_url is None:
            return False
        plan = RecoveryPlan(strategy=Strategy.RETRY_PART, reason=f"retry part {part.index + 1}: {part.title}")
        error = error or self._error(ErrorKind.RUNTIME, "part failed")
        await self.note_recovery(error, plan, RecoveryVerdict.APPLIED)
        self.recoveries.clear()
        result = await self.executor.goto(self.page, part.checkpoint_url)
        if result.ok or result.error is None:
            return result.ok
        try:
            await self._recover(result.error)
        except Outcome as stopped:
            if stopped.status == TaskStatus.FAILED:
                return False  # the part's own failure is what the task reports
            raise
        return True

    async def _note_loop(self, reason: str) -> None:
        error = self._error(ErrorKind.LOOP, reason, source=ErrorSource.DECISION)
        plan = RecoveryPlan(strategy=Strategy.TRY_ANOTHER_WAY, reason=reason)
        await self.note_recovery(error, plan, RecoveryVerdict.APPLIED)

    async def _check_committed(self, resume: Resume) -> None:
        """After an interruption that followed a committed step: did it take? Never submit again."""
        committed = resume.step
        self.memory.downloads.extend(path for path in resume.files if path not in self.memory.downloads)
        if await self._reopen(committed.url):
            await self._check_success()  # raises SUCCEEDED when the side effect shows
        message = f"step {committed.step} of attempt {committed.attempt} may already have been submitted"
        raise Outcome(TaskStatus.NEEDS_REVIEW, self._error(ErrorKind.RUNTIME, f"{message}: {committed.url}"))

    async def _reopen(self, url: str) -> bool:
        """Open a committed page again, waiting out what the site asks to wait for (503, 429)."""
        try:
            return (await self._goto_recovering(url)).ok
        except Outcome:
            return False

    async def _open_start_url(self) -> None:
        result = await self._goto_recovering(self.spec.start_url)
        if not result.ok and result.error is not None:
            raise Outcome(TaskStatus.FAILED, result.error)

    async def _goto_recovering(self, url: str) -> ActionResult:
        """Go to `url`, recovering from what the site answers (a wait, a reload) a few times."""
        for _ in range(_GOTO_TRIES):
            result = await self.executor.goto(self.page, url)
            if result.ok or result.error is None:
                return result
            await self._recover(result.error)
        return result

    async def _observe(self, state: str) -> Observation:
        url = self.page.url
        self.cached_view = self.guide.cache.get(url, state)
        if self.cached_view is not None:
            return self.cached_view.observation
        last: StructuredError | None = None
        for _ in range(3):
            try:
                observation = self.secrets.mask_observation(
                    await observe(self.page, token_budget=self.config.token_budget, find=self.find)
                )
                self.guide.cache.put(observation.url, observation.state, observation)
                return observation
            except Exception as exc:
                last = classify(exc, ErrorSource.PERCEPTION)
                self.check_alive(last)
                await asyncio.sleep(0.5)
        assert last is not None
        raise Outcome(TaskStatus.FAILED, last)

    async def _check_success(self) -> str:
        """Raise SUCCEEDED when the criteria hold; else return the page's cheap state hash."""
        try:
            probe = await success.probe(self.page, self.spec)
        except Exception as exc:
            self.check_alive(classify(exc, ErrorSource.PERCEPTION))
            probe = success.PageProbe(url=self.page.url)  # criteria off the page (a download) still count
        verdict = success.check(self.spec, probe, self.memory.downloads, self.extracted)
        self.extracted = verdict.extracted
        self.missing = verdict.missing
        if verdict.met:
            self.guide.finish()
            raise Outcome(TaskStatus.SUCCEEDED)
        return probe.state

    async def _act(self, observation: Observation, decision: Decision) -> None:
        action = decision.action
        self.step += 1
        self.tiers[decision.tier.value] = self.tiers.get(decision.tier.value, 0) + 1
        self._move(TabState.ACTING)
        if action.kind in ("done", "fail", "ask_human"):
            await self._record(observation, decision, ActionResult(ok=True, url_before=observation.url))
            self._finish(action, decision)
        url_before = observation.url
        self.commits.begin(self.step, action.model_dump(mode="json"))
        result = await self.executor.execute(self.page, action)
        self.memory.downloads.extend(result.downloads)
        for path in result.downloads:
            await self.runner.recorder.record_artifact(self.spec.id, self.attempt, "download", path)
        commit = self.commits.end(result.downloads)
        recorded = await self._record(observation, decision, result, commit)
        if commit.committed and (commit.doubtful or not result.ok):  # never again: check what took
            self.check_alive(result.error)
            await self._check_committed(Resume(step=recorded, files=self.memory.downloads))
        past = PastStep(
            url=url_before, page_hash=observation.page_hash, action=action, ok=result.ok,
            error_kind=result.error.kind if result.error else None,
            element_key=target_key(observation, action), tier=decision.tier,
        )  # fmt: skip
        self.memory.history.append(past)
        self.guide.record(self.step, observation, past)
        if result.ok:
            # Recoveries count consecutive faults: a step that works starts the count again.
            self.recoveries.clear()
        self.recovery.note_action(action, result.ok)
        if not result.ok and result.error is not None:
            await self._recover(result.error, action)

    def _finish(self, action: Action, decision: Decision) -> None:
        if action.kind == "done":
            if self.spec.success.is_empty:
                raise Outcome(TaskStatus.SUCCEEDED)
            message = f"the navigator stopped but {self._steps_message(short=True)}"
            raise Outcome(TaskStatus.FAILED, self._error(ErrorKind.STEPS, message))
        reason = (action.reason if isinstance(action, Fail | AskHuman) else "") or decision.reason
        status = TaskStatus.NEEDS_REVIEW if isinstance(action, AskHuman) else TaskStatus.FAILED
        raise Outcome(status, self._error(ErrorKind.ELEMENT, reason, source=ErrorSource.DECISION))

    async def _recover(self, error: StructuredError, action: Action | None = None) -> None:
        """Recover from `error` (each attempt recorded), or end the task as the policy says."""
        self.check_alive()  # a refused address or a budget kill ends the task: no retrying it
        await self._guarded(self.recovery.recover(error, action))

    async def _guarded(self, recovering: Awaitable[_T]) -> _T:
        try:
            return await recovering
        except RecoveryStopped as stop:
            status = TaskStatus.NEEDS_REVIEW if stop.escalated else TaskStatus.FAILED
            raise Outcome(status, stop.error) from None

    async def note_recovery(
        self, error: StructuredError, plan: RecoveryPlan, verdict: RecoveryVerdict
    ) -> None:
        error = self._scrub(error) or error
        record = RecoveryRecord(
            task_id=self.spec.id, attempt=self.attempt, step=self.step, error=error,
            strategy=plan.strategy, outcome=verdict,
        )  # fmt: skip
        await self.runner.recorder.record_recovery(record)
        self.runner.events.publish(
            RecoveryAttempted(task_id=self.spec.id, strategy=plan.strategy, error=error, outcome=verdict)
        )

    async def _record(
        self, observation: Observation, decision: Decision, result: ActionResult,
        commit: StepCommit | None = None,
    ) -> StepRecord:  # fmt: skip
        """Store the step; a committed one keeps the page its side effect led to, where a retry checks."""
        mode = self.config.screenshots
        wanted = mode == ScreenshotMode.STEPS or (mode == ScreenshotMode.FINAL and not result.ok)
        shot = await self._snapshot() if wanted else None
        step = StepRecord(
            task_id=self.spec.id,
            attempt=self.attempt,
            step=self.step,
            action=decision.action.model_dump(mode="json"),
            tier=decision.tier,
            confidence=decision.confidence,
            reason=self.secrets.scrub(decision.explained()),
            ok=result.ok,
            error=self._scrub(result.error),
            url=(commit and commit.landing) or result.url_after or observation.url,
            page_hash=observation.page_hash,
            duration_ms=result.duration_ms,
            tokens=decision.tokens,
            cost_usd=decision.cost_usd,
            screenshot=shot,
            committed=bool(commit and commit.committed),
        )
        await self.runner.recorder.record_step(step)
        self.runner.events.publish(StepRecorded(
            task_id=self.spec.id, step=self.step, action=decision.action.kind, tier=decision.tier,
            ok=result.ok, url=step.url, duration_ms=result.duration_ms,
        ))  # fmt: skip
        return step

    async def _snapshot(self, final: bool = False) -> str | None:
        path = self.artifacts.path / "final.png" if final else self.artifacts.step_png(self.step)
        shot = await screenshot(self.page, path, self.secrets)
        if shot:
            self.last_screenshot = shot
            await self.runner.recorder.record_artifact(self.spec.id, self.attempt, "screenshot", shot)
        return shot

    async def _start_trace(self) -> None:
        trace = await start_trace(self.tab.context, self.config.trace)
        self.config = self.config.model_copy(update={"trace": trace})

    async def _stop_trace(self, keep: bool) -> str | None:
        context, mode = self.tab.context, self.config.trace
        trace = await stop_trace(context, mode, keep, self.artifacts.trace, self.secrets)
        if trace:
            await self.runner.recorder.record_artifact(self.spec.id, self.attempt, "trace", trace)
        return trace

    def check_alive(self, error: StructuredError | None = None) -> None:
        if self.cancel.is_set():
            raise Outcome(TaskStatus.CANCELLED, self._error(ErrorKind.POLICY, "cancelled"))
        if self.tab.budget_violation is not None:
            raise Outcome(TaskStatus.FAILED, self.tab.budget_violation)
        if self.guard.violation is not None:
            raise Outcome(TaskStatus.FAILED, self.guard.violation)
        if self.tab.crashed.is_set() or (error is not None and error.kind == ErrorKind.CRASH):
            raise TaskCrashed(error or self._error(ErrorKind.CRASH, "the tab crashed", ErrorSource.BROWSER))

    def _move(self, state: TabState) -> None:
        if self.tab.state != state:
            self.tab.transition(state)

    def _steps_message(self, short: bool = False) -> str:
        missing = ", ".join(self.missing) or "no success criteria given"
        detail = f"still missing: {missing}"
        return detail if short else f"reached max_steps={self.spec.max_steps}; {detail}"

    def _error(
        self, kind: ErrorKind, message: str, source: ErrorSource = ErrorSource.RUNNER
    ) -> StructuredError:
        return StructuredError(kind=kind, source=source, message=self.secrets.scrub(message))

    def _scrub(self, error: StructuredError | None) -> StructuredError | None:
        if error is None:
            return None
        return error.model_copy(update={"message": self.secrets.scrub(error.message)})

    def _url(self) -> str:
        with contextlib.suppress(Exception):
            return self.page.url
        return ""


_RETRY_SAME = frozenset({ErrorKind.ELEMENT, ErrorKind.TIMEOUT})
_GOTO_TRIES = 6
# A decision retried as it was fails here twice: the router is asked (and escalates past its tier).
_FAILS_BEFORE_ASKING = 2
# Faults a retry of the same part cannot mend.
_FINAL_KINDS = frozenset(
    {ErrorKind.POLICY, ErrorKind.BUDGET, ErrorKind.CRASH, ErrorKind.LOOP, ErrorKind.STEPS}
)


__all__ = ["Recorder", "TaskCrashed", "TaskRunner"]
