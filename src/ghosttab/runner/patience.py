"""A page that is still changing by itself is not a dead end: wait before giving up on it.

A navigator gives up (fail, or done with the success criteria unmet) on what it sees now. When the
page changed on its own during the task's last wait, on the same URL (a gallery still loading, a
job still running, a counter still moving), what it sees is not final: the runner waits again, up
to `RunnerConfig.settle_s` seconds in all, and takes the give-up only once the page holds still.
This is also what lets a resource budget act on a page that hogs memory while it "loads".
"""

from __future__ import annotations

from ghosttab.actions import Done, Fail, Wait
from ghosttab.navigator.base import Decision, TaskMemory
from ghosttab.perception.models import Observation

WAIT_S = 1.0


class Patience:
    def __init__(self, settle_s: float) -> None:
        self.left_s = settle_s

    def review(self, observation: Observation, decision: Decision, memory: TaskMemory) -> Decision:
        """`decision`, or a wait when it gives up on a page that is still changing by itself."""
        if self.left_s <= 0 or not _gives_up(decision, memory):
            return decision
        if not _changing_by_itself(observation, memory):
            return decision
        seconds = min(WAIT_S, self.left_s)
        self.left_s -= seconds
        why = decision.reason or decision.action.kind
        return Decision(
            action=Wait(seconds=seconds),
            tier=decision.tier,
            confidence=decision.confidence,
            reason=f"the page is still changing by itself: waiting before giving up ({why})",
        )


def _gives_up(decision: Decision, memory: TaskMemory) -> bool:
    action = decision.action
    return isinstance(action, Fail) or (isinstance(action, Done) and not memory.spec.success.is_empty)


def _changing_by_itself(observation: Observation, memory: TaskMemory) -> bool:
    """The last step was a wait on this URL, and the page is not what it was before that wait."""
    if not memory.history:
        return False
    last = memory.history[-1]
    return (
        last.action.kind == "wait"
        and last.ok
        and last.url == observation.url
        and bool(observation.page_hash)
        and last.page_hash != observation.page_hash
    )
