"""From a StructuredError to the strategy that gets the task going again, and carrying it out."""

from __future__ import annotations

from ghosttab.recovery.apply import RecoveryContext, apply_plan
from ghosttab.recovery.driver import RecoveryStopped, TaskRecovery
from ghosttab.recovery.outcome import RecoveryOutcome
from ghosttab.recovery.overlays import Dismissal, Overlay, dismiss_overlay, find_overlay, may_show_consent
from ghosttab.recovery.policy import RecoveryPlan, choose_strategy, is_covered
from ghosttab.recovery.reauth import SessionWatch, resume_url, session_expired_error, sign_in_again
from ghosttab.result import Strategy

__all__ = [
    "Dismissal",
    "Overlay",
    "RecoveryContext",
    "RecoveryOutcome",
    "RecoveryPlan",
    "RecoveryStopped",
    "SessionWatch",
    "Strategy",
    "TaskRecovery",
    "apply_plan",
    "choose_strategy",
    "dismiss_overlay",
    "find_overlay",
    "is_covered",
    "may_show_consent",
    "resume_url",
    "session_expired_error",
    "sign_in_again",
]
