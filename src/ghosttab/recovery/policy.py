"""Which strategy answers which fault. Pure: the runner applies the plan to the page."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel

from ghosttab.errors import ErrorKind, ErrorSource, StructuredError

MAX_BACKOFF_S = 30.0


class Strategy(str, Enum):
    WAIT_AND_RETRY = "wait_and_retry"
    REFRESH_AND_RETRY = "refresh_and_retry"
    REAUTHENTICATE = "reauthenticate"
    CLOSE_MODAL = "close_modal"
    BACK_OFF = "back_off"
    RETRY_ON_FRESH_TAB = "retry_on_fresh_tab"
    STOP = "stop"
    ESCALATE = "escalate"


class RecoveryPlan(BaseModel):
    strategy: Strategy
    wait_s: float = 0.0
    reason: str


def choose_strategy(error: StructuredError, tries: int) -> RecoveryPlan:
    """`tries` counts earlier recoveries of the same kind in this task; each strategy gets a few."""
    if error.kind in (ErrorKind.POLICY, ErrorKind.BUDGET, ErrorKind.INPUT):
        return RecoveryPlan(strategy=Strategy.STOP, reason=f"{error.kind.value} faults are not retried")
    if error.kind == ErrorKind.CRASH:
        return RecoveryPlan(strategy=Strategy.RETRY_ON_FRESH_TAB, reason="the tab or browser crashed")
    if error.kind == ErrorKind.AUTH:
        if error.status in (401, 403) or tries >= 2:
            return RecoveryPlan(strategy=Strategy.STOP, reason="access denied")
        return RecoveryPlan(strategy=Strategy.REAUTHENTICATE, reason="the session expired")
    if tries >= 4:
        return RecoveryPlan(
            strategy=Strategy.ESCALATE, reason=f"{tries} recoveries did not help: {error.message}"
        )
    if error.kind == ErrorKind.NETWORK:
        return _network_plan(error, tries)
    if error.kind == ErrorKind.TIMEOUT:
        if error.source == ErrorSource.NAVIGATION or tries >= 1:
            return RecoveryPlan(strategy=Strategy.REFRESH_AND_RETRY, wait_s=1.0, reason="the page timed out")
        return RecoveryPlan(strategy=Strategy.WAIT_AND_RETRY, wait_s=1.0, reason="the page was slow")
    if error.kind == ErrorKind.ELEMENT:
        if "intercept" in error.message or "covered" in error.message:
            return RecoveryPlan(strategy=Strategy.CLOSE_MODAL, reason="something covers the target")
        return RecoveryPlan(
            strategy=Strategy.WAIT_AND_RETRY, wait_s=1.0 + tries, reason="the element is not ready"
        )
    if error.retryable:
        return RecoveryPlan(strategy=Strategy.WAIT_AND_RETRY, wait_s=1.0, reason=error.message)
    return RecoveryPlan(strategy=Strategy.ESCALATE, reason=error.message)


def _network_plan(error: StructuredError, tries: int) -> RecoveryPlan:
    if not error.retryable:
        return RecoveryPlan(strategy=Strategy.STOP, reason=f"not retryable: {error.message}")
    if error.retry_after_s is not None:
        wait = min(error.retry_after_s, MAX_BACKOFF_S)
    else:
        wait = min(2.0**tries, MAX_BACKOFF_S)
    return RecoveryPlan(strategy=Strategy.BACK_OFF, wait_s=wait, reason=error.message)
