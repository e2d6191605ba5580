"""Which strategy answers which fault. Pure: `ghosttab.recovery.apply` carries the plan out.

`tries` counts the recoveries already spent on the same kind of fault since the task last made
progress; each strategy gets a few, then the task is escalated to a person (NEEDS_REVIEW) instead
of looping. Faults that a retry cannot fix (404, 403, a policy or input mistake) stop at once.
"""

from __future__ import annotations

from pydantic import BaseModel

from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.result import Strategy

# Consecutive recoveries of one kind of fault before a person is asked to look.
MAX_TRIES = 4
# Exponential back-off: BACKOFF_BASE_S * 2**tries, never shorter than the site's Retry-After ...
BACKOFF_BASE_S = 0.5
# ... and never longer than this. A site that asks for a longer wait is down: the task stops.
MAX_BACKOFF_S = 30.0
# Sign-in is redone at most this many times in a row before the task stops.
MAX_REAUTH = 2
ELEMENT_WAIT_S = 0.5
COVERED_MARKERS = ("intercept", "covers the target", "covered")


class RecoveryPlan(BaseModel):
    strategy: Strategy
    wait_s: float = 0.0
    reason: str


def choose_strategy(error: StructuredError, tries: int) -> RecoveryPlan:
    """The plan for `error` after `tries` earlier recoveries of the same kind."""
    stop = _stop_reason(error, tries)
    if stop is not None:
        return RecoveryPlan(strategy=Strategy.STOP, reason=stop)
    if error.kind == ErrorKind.CRASH:
        return RecoveryPlan(strategy=Strategy.RETRY_ON_FRESH_TAB, reason="the tab or browser crashed")
    if error.kind == ErrorKind.AUTH:
        return RecoveryPlan(strategy=Strategy.REAUTHENTICATE, reason="the session expired: sign in again")
    if tries >= MAX_TRIES and error.kind == ErrorKind.NETWORK and error.status is None:
        return RecoveryPlan(strategy=Strategy.STOP, reason=f"the site is down: {error.message}")
    if tries >= MAX_TRIES:
        return RecoveryPlan(
            strategy=Strategy.ESCALATE,
            reason=f"{tries} recoveries in a row did not help: {error.message}",
        )
    if error.kind == ErrorKind.NETWORK:
        return _back_off(error, tries)
    if error.kind == ErrorKind.TIMEOUT:
        if error.source == ErrorSource.NAVIGATION or tries >= 1:
            return RecoveryPlan(strategy=Strategy.REFRESH_AND_RETRY, wait_s=1.0, reason="the page timed out")
        return RecoveryPlan(strategy=Strategy.WAIT_AND_RETRY, wait_s=1.0, reason="the page was slow")
    if error.kind == ErrorKind.ELEMENT:
        if is_covered(error):
            return RecoveryPlan(strategy=Strategy.CLOSE_MODAL, reason="a dialog or banner covers the target")
        return RecoveryPlan(
            strategy=Strategy.WAIT_AND_RETRY,
            wait_s=_doubling(ELEMENT_WAIT_S, tries, 4.0),
            reason="the element is not there or not ready yet",
        )
    if error.retryable:  # RUNTIME (the page changed under the action), CDP
        if tries >= 2:
            return RecoveryPlan(strategy=Strategy.REFRESH_AND_RETRY, wait_s=1.0, reason=error.message)
        return RecoveryPlan(strategy=Strategy.WAIT_AND_RETRY, wait_s=0.5, reason=error.message)
    return RecoveryPlan(strategy=Strategy.ESCALATE, reason=f"no strategy fixes this: {error.message}")


def is_covered(error: StructuredError) -> bool:
    """Did the action fail because something (a modal, a banner) lies over its target?"""
    message = error.message.lower()
    return error.kind == ErrorKind.ELEMENT and any(marker in message for marker in COVERED_MARKERS)


def _stop_reason(error: StructuredError, tries: int) -> str | None:
    """Why retrying `error` cannot help, or None when it may."""
    if error.kind in (ErrorKind.POLICY, ErrorKind.BUDGET, ErrorKind.INPUT, ErrorKind.LOOP, ErrorKind.STEPS):
        return f"{error.kind.value} faults are not retried"
    if error.kind == ErrorKind.AUTH:
        if error.status == 403:
            return "access denied (HTTP 403)"
        if not error.retryable and error.status != 401:
            return f"signing in did not work: {error.message}"
        if tries >= MAX_REAUTH:
            return f"signed in {tries} times and the site still asks again"
        return None
    if error.kind == ErrorKind.NETWORK:
        if not error.retryable:
            what = f"HTTP {error.status}" if error.status is not None else "the error"
            return f"{what} will not change on a retry: {error.message}"
        if error.retry_after_s is not None and error.retry_after_s > MAX_BACKOFF_S:
            return f"the site is down: it asks to wait {error.retry_after_s:g} s"
    return None


def _back_off(error: StructuredError, tries: int) -> RecoveryPlan:
    """Wait twice as long each time, at least as long as the site's Retry-After asks."""
    wait = _doubling(BACKOFF_BASE_S, tries, MAX_BACKOFF_S)
    if error.retry_after_s is not None:
        wait = max(wait, error.retry_after_s)
    what = "rate limited" if error.status == 429 else "the site is busy"
    return RecoveryPlan(strategy=Strategy.BACK_OFF, wait_s=wait, reason=f"{what}: {error.message}")


def _doubling(base: float, tries: int, cap: float) -> float:
    return min(base * 2.0 ** max(tries, 0), cap)
