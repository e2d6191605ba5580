"""Recovery for one attempt of one task: choose a strategy, carry it out, record it with its outcome,
and tell the runner when the task has to stop (FAILED) or wait for a person (NEEDS_REVIEW)."""

from __future__ import annotations

from typing import Protocol

from playwright.async_api import Page

from ghosttab.actions import Action
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.executor import Executor
from ghosttab.navigator.base import TaskMemory
from ghosttab.perception.models import Observation
from ghosttab.recovery.apply import RecoveryContext, apply_plan
from ghosttab.recovery.outcome import RecoveryOutcome
from ghosttab.recovery.overlays import dismiss_overlay, may_show_consent
from ghosttab.recovery.policy import RecoveryPlan, choose_strategy
from ghosttab.recovery.reauth import SessionWatch, resume_url, session_expired_error
from ghosttab.result import RecoveryVerdict, Strategy

# Strategies carried out on the page; the others end this attempt (a crash goes to a fresh tab).
APPLIED = frozenset({
    Strategy.WAIT_AND_RETRY, Strategy.REFRESH_AND_RETRY, Strategy.REAUTHENTICATE,
    Strategy.CLOSE_MODAL, Strategy.BACK_OFF,
})
# Cookie banners closed per task at most: a site that shows one on every page is left alone then.
MAX_BANNERS = 5



class AttemptContext(Protocol):
    """What recovery works with in one attempt of one task; the runner's attempt provides it."""

    @property
    def executor(self) -> Executor: ...

    @property
    def memory(self) -> TaskMemory: ...

    @property
    def start_url(self) -> str: ...

    @property
    def page(self) -> Page: ...

    async def note_recovery(
        self, error: StructuredError, plan: RecoveryPlan, verdict: RecoveryVerdict
    ) -> None:
        """Store the attempt and publish it."""

    def check_alive(self, error: StructuredError | None = None) -> None:
        """Raise when the task must stop now (cancelled, over budget, its tab crashed)."""

    def page_changed(self) -> None:
        """The page changed under the runner's cached observation."""


class RecoveryStopped(GhosttabError):
    """The task cannot go on: FAILED with `error`, or NEEDS_REVIEW when `escalated`."""

    def __init__(self, error: StructuredError, escalated: bool = False) -> None:
        super().__init__(error)
        self.escalated = escalated


class TaskRecovery:
    """`tries` counts recoveries per error kind since the task last made progress (the runner
    clears it after a step that works); each attempt is noted through the attempt's context."""

    def __init__(self, attempt: AttemptContext) -> None:
        self.attempt = attempt
        self.memory = attempt.memory
        self.tries: dict[ErrorKind, int] = {}
        self.session = SessionWatch()
        self.banners_closed = 0

    def note_action(self, action: Action, ok: bool) -> None:
        """Every executed action: a password typed starts the signed-in session."""
        self.session.note_action(action, ok)

    async def recover(self, error: StructuredError, action: Action | None = None) -> None:
        """Apply strategies for `error` until one gets the task going; raise RecoveryStopped when
        the task must end. A strategy that meets a new fault (the reload answers 503 again) hands it
        to the next one; the policy stops or escalates in time."""
        current: StructuredError | None = error
        while current is not None:
            current = await self._attempt(current, self._next_try(current), action)
            action = None

    async def guard(self, observation: Observation) -> bool:
        """Before each decision: close a cookie banner over the page, renew an expired session.
        True when the page changed and must be observed again."""
        if await self._close_banner(observation):
            return True
        history = self.memory.history
        arrived = not history or history[-1].url != observation.url
        if not self.session.expired(observation, arrived):
            return False
        error = session_expired_error(observation.url)
        follow_up = await self._attempt(error, self._next_try(error), None, observation)
        if follow_up is not None:
            await self.recover(follow_up)
        return True

    async def _close_banner(self, observation: Observation) -> bool:
        if self.banners_closed >= MAX_BANNERS or not may_show_consent(observation):
            return False
        dismissal = await dismiss_overlay(self.attempt.page, consent_only=True)
        if dismissal.overlay is None:
            return False
        self.banners_closed += 1
        error = StructuredError(
            kind=ErrorKind.ELEMENT, source=ErrorSource.PERCEPTION, retryable=True,
            message=f"a cookie banner covers the page: {dismissal.overlay.text[:120]}",
        )
        plan = RecoveryPlan(strategy=Strategy.CLOSE_MODAL, reason=f"cookie banner: {dismissal.how}")
        verdict = RecoveryVerdict.RECOVERED if dismissal.closed else RecoveryVerdict.FAILED
        await self.attempt.note_recovery(error, plan, verdict)
        self.attempt.page_changed()
        return True

    def _next_try(self, error: StructuredError) -> int:
        return self.tries.get(error.kind, 0)

    async def _attempt(
        self,
        error: StructuredError,
        tries: int,
        action: Action | None,
        observation: Observation | None = None,
    ) -> StructuredError | None:
        """One strategy for `error`; the new fault it met, if any."""
        self.attempt.check_alive(error)
        plan = choose_strategy(error, tries)
        self.tries[error.kind] = tries + 1
        if plan.strategy == Strategy.ESCALATE:
            await self.attempt.note_recovery(error, plan, RecoveryVerdict.ESCALATED)
            raise RecoveryStopped(error.model_copy(update={"message": plan.reason}), escalated=True)
        if plan.strategy not in APPLIED:
            await self.attempt.note_recovery(error, plan, RecoveryVerdict.STOPPED)
            raise RecoveryStopped(error)
        outcome = await apply_plan(plan, error, self._context(action, observation))
        self.memory.downloads.extend(outcome.downloads)
        await self.attempt.note_recovery(error, plan, outcome.verdict)
        self._after(plan, outcome)
        return outcome.error

    def _after(self, plan: RecoveryPlan, outcome: RecoveryOutcome) -> None:
        if plan.strategy != Strategy.WAIT_AND_RETRY:
            self.attempt.page_changed()
        if plan.strategy == Strategy.REAUTHENTICATE and outcome.recovered:
            self.session.note_signed_in()
        if outcome.recovered and plan.strategy in (Strategy.BACK_OFF, Strategy.REFRESH_AND_RETRY):
            self.tries.clear()  # the page answers again: later faults start a fresh count

    def _context(self, action: Action | None, observation: Observation | None) -> RecoveryContext:
        start_url = self.attempt.start_url
        return RecoveryContext(
            page=self.attempt.page,
            executor=self.attempt.executor,
            secret_names=self.memory.secret_names,
            fallback_url=start_url,
            action=action,
            observation=observation,
            resume_url=resume_url(self.memory.history, start_url),
        )
