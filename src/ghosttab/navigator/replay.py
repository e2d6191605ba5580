"""The replay tier: the next step of the task's stored path, with its own values, asking no one.

A stored step is offered when the page the task is on is the page the step acted on, and its
element is found in the observation (by its locator bundle) or may lie outside it. A step whose
element is gone, or whose action failed, is left to the tiers below (healing); replay goes on at
the next stored step whose page the task reaches.
"""

from __future__ import annotations

from ghosttab.navigator.base import Decision, TaskMemory
from ghosttab.perception.models import Observation
from ghosttab.replay.cursor import ReplayCursor, find_element
from ghosttab.replay.path import rendered_action
from ghosttab.result import Tier


class ReplayDecider:
    tier = Tier.REPLAY

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision | None:
        cursor = memory.replay
        if cursor is None or cursor.finished:
            return None
        taken = len(memory.history)
        last_ok = memory.history[-1].ok if memory.history else None
        if cursor.last_offer_failed(taken, last_ok):
            assert cursor.offered is not None
            failed, cursor.offered = cursor.offered, None
            if cursor.missed != failed:
                # Offered again once the tiers below took a step (closed the popup that disabled the form).
                cursor.missed, cursor.position = failed, failed
            else:
                cursor.healed.append(failed)
            return None
        index = cursor.next_on(observation.url)
        if index is None:
            return None
        return self._offer(cursor, index, observation, taken)

    def _offer(
        self, cursor: ReplayCursor, index: int, observation: Observation, taken: int
    ) -> Decision | None:
        action = rendered_action(cursor.path.steps[index], cursor.slots)
        target = action.element
        if target is not None:
            element = find_element(target.locator, observation)
            if element is None and observation.summary.omitted_elements == 0:
                if cursor.missed != index:
                    cursor.missed = index  # the tiers below take this step; then it is looked for again
                    return None
                # Every element of the page is in view of the observation, twice: the recorded one is gone.
                cursor.healed.append(index)
                cursor.position = index + 1
                return None
            if element is not None:
                action = action.model_copy(update={"target": element.as_target()})
        cursor.position = index + 1
        cursor.offered, cursor.offered_at = index, taken
        cursor.replayed += 1
        total = len(cursor.path.steps)
        return Decision(
            action=action, tier=Tier.REPLAY, confidence=1.0,
            reason=f"replay step {index + 1}/{total} of path v{cursor.path.version}",
        )  # fmt: skip
