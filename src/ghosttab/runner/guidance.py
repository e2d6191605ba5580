"""What steers a task beyond one decision: its plan, its context window, its cache, its loop guard."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ghosttab.actions import Action
from ghosttab.events import ContextAlert, EventBus, SubtaskChanged
from ghosttab.navigator.base import PastStep, TaskMemory
from ghosttab.navigator.cache import ObservationCache
from ghosttab.navigator.clicks import places_kept
from ghosttab.navigator.context import ContextWindow
from ghosttab.navigator.goal import Intent, kind_lists
from ghosttab.navigator.loops import LoopGuard
from ghosttab.navigator.plan import Plan, Subtask, make_plan
from ghosttab.navigator.rules_menus import wanted_commands
from ghosttab.perception.models import Observation
from ghosttab.perception.render import render_compact
from ghosttab.secrets import Secrets
from ghosttab.spec import TaskSpec


class LoopVerdict(BaseModel):
    move: Literal["proceed", "rethink", "stop"]
    reason: str = ""


# A loop is first answered by banning what it was caught on; the next one ends the task.
LOOP_CHANCES = 2


class Guidance:
    def __init__(self, spec: TaskSpec, events: EventBus, intent: Intent) -> None:
        self.spec = spec
        self.events = events
        self.plan: Plan = make_plan(intent)
        self.window = ContextWindow()
        self.cache = ObservationCache()
        self.loops = LoopGuard()
        self.loops_seen = 0
        self.alerted = False
        self.context_tokens = 0

    def begin(self, url: str) -> None:
        self._publish(self.plan.start(url))

    def advance(self, observation: Observation, memory: TaskMemory) -> None:
        self._publish(self.plan.advance(observation, memory))

    def finish(self) -> None:
        self._publish(self.plan.finish())

    def retry_point(self) -> Subtask | None:
        """The current part failed: its checkpoint to retry from, or None when it has no tries left."""
        if not self.plan.is_multi_part:
            return None
        current = self.plan.current
        failed = self.plan.fail_current()
        if current is not None:
            self._publish([current.model_copy()])
        if failed is None or failed.checkpoint_url is None:
            return None
        self.cache.invalidate()
        self._publish(self.plan.start(failed.checkpoint_url))
        return failed

    def measure_context(self, observation: Observation) -> int:
        """The token estimate of what a model would be sent now; alerts once past the budget."""
        compact = render_compact(observation)
        self.context_tokens = self.window.tokens(compact, self.spec.rendered_goal)
        if self.context_tokens > self.window.budget and not self.alerted:
            self.alerted = True
            self.events.publish(
                ContextAlert(task_id=self.spec.id, tokens=self.context_tokens, budget=self.window.budget)
            )
        return self.context_tokens

    def record(self, step: int, observation: Observation, past: PastStep) -> None:
        self.window.add(step, render_compact(observation), past)

    def check_loop(self, observation: Observation, action: Action, memory: TaskMemory) -> LoopVerdict:
        """Go on; or rethink without what the loop was caught on; or stop, when that did not help."""
        reason = self.loops.check(observation, action, memory)
        if reason is None:
            return LoopVerdict(move="proceed")
        self.loops_seen += 1
        if self.loops_seen >= LOOP_CHANCES:
            return LoopVerdict(move="stop", reason=reason)
        target = action.element
        if target is not None and target.index is not None:
            element = observation.element(target.index)
            memory.banned.add(element.key if element is not None else "")
        self.loops.reset()
        self.cache.invalidate()
        return LoopVerdict(move="rethink", reason=reason)

    def _publish(self, changed: list[Subtask]) -> None:
        for subtask in changed:
            self.events.publish(
                SubtaskChanged(
                    task_id=self.spec.id,
                    subtask=subtask.index,
                    title=subtask.title,
                    status=subtask.status,
                )
            )


def target_key(observation: Observation, action: Action) -> str:
    target = action.element
    if target is None or target.index is None:
        return ""
    element = observation.element(target.index)
    return element.key if element is not None else ""


def phrases_to_find(memory: TaskMemory, secrets: Secrets) -> list[str]:
    """What each observation looks for anywhere on the page, like find-in-page: the task's values,
    the names its goal quotes or capitalises (what the goal names may lie far below) and the commands
    it asks for (a "Withdraw" link at the foot of a long form)."""
    intent = memory.intent
    phrases = [*memory.spec.data.values(), *intent.quoted, *intent.names, *sorted(wanted_commands(intent))]
    phrases += [*places_kept(intent), *kind_lists(intent)]
    return [phrase for phrase in dict.fromkeys(phrases) if secrets.scrub(phrase) == phrase]
