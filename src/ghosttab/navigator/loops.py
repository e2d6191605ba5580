"""Telling progress from a loop: repeats, pages that alternate, an action that keeps failing."""

from __future__ import annotations

import json
from collections import Counter

from ghosttab.actions import Action
from ghosttab.navigator.base import TaskMemory
from ghosttab.perception.models import Observation

REPEAT_LIMIT = 3
ALTERNATION_WINDOW = 6
FAILURE_LIMIT = 3


def action_signature(action: Action) -> str:
    """The action without this observation's indices, so the same act on a re-rendered page matches."""
    body = action.model_dump(mode="json")
    target = body.get("target")
    if isinstance(target, dict):
        body["target"] = target.get("locator", {})
    return json.dumps(body, sort_keys=True)


class LoopGuard:
    def __init__(self) -> None:
        self._seen: Counter[tuple[str, str, str]] = Counter()

    def reset(self) -> None:
        self._seen.clear()

    def check(self, observation: Observation, action: Action, memory: TaskMemory) -> str | None:
        """A reason to stop, or None while the task still makes progress."""
        if action.kind in ("done", "fail", "ask_human", "wait"):
            return None
        signature = action_signature(action)
        key = (observation.url, observation.page_hash, signature)
        self._seen[key] += 1
        if self._seen[key] >= REPEAT_LIMIT:
            return f"the same {action.kind} on the same page {REPEAT_LIMIT} times without progress"
        failures = [s for s in memory.history[-FAILURE_LIMIT:] if not s.ok]
        if len(failures) == FAILURE_LIMIT and len({action_signature(s.action) for s in failures}) == 1:
            return f"the same {failures[0].action.kind} failed {FAILURE_LIMIT} times in a row"
        pages = [s.page_hash for s in memory.history[-ALTERNATION_WINDOW:]] + [observation.page_hash]
        if (
            len(pages) > ALTERNATION_WINDOW
            and len(set(pages)) == 2
            and all(pages[i] != pages[i + 1] for i in range(len(pages) - 1))
        ):
            return "the task keeps alternating between the same two pages"
        return None
