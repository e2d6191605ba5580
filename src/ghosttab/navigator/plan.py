"""Plans: a goal with several parts becomes ordered subtasks with statuses and checkpoints.

"Log in, find PO-10023, then download its PDF" -> [log in] [find PO-10023] [download its PDF].
Each subtask records the URL it started from (its checkpoint). When a part fails beyond what
recovery can mend, the task goes back to that part's checkpoint and tries the part again;
parts already complete are not redone.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from ghosttab.lifecycle import SubtaskStatus
from ghosttab.navigator.base import TaskMemory
from ghosttab.navigator.goal import DOWNLOAD_WORDS, Intent
from ghosttab.navigator.matching import contains_value, content_words
from ghosttab.navigator.passwords import is_sign_in_form
from ghosttab.perception.models import Observation

_LOGIN = re.compile(r"\b(log ?in|sign ?in|logon|authenticate)\b", re.I)
_FIND = re.compile(
    r"^\s*(find|open|search( for)?|go to|look up|locate|view|select|choose|pick)\b\s+(?P<what>.+)", re.I
)
_TOKEN = re.compile(r"[A-Z]{2,}-?\d+|\d[\w-]{2,}|\"[^\"]+\"|'[^']+'")


class Subtask(BaseModel):
    index: int
    title: str
    kind: Literal["login", "find", "download", "other"]
    target: str = ""
    status: SubtaskStatus = SubtaskStatus.PENDING
    checkpoint_url: str | None = None
    tries: int = 0


class SubtaskChange(BaseModel):
    subtask: Subtask


class Plan(BaseModel):
    subtasks: list[Subtask] = Field(default_factory=list)
    max_tries: int = 2

    @property
    def current(self) -> Subtask | None:
        return next((s for s in self.subtasks if s.status != SubtaskStatus.COMPLETE), None)

    @property
    def is_multi_part(self) -> bool:
        return len(self.subtasks) > 1

    def start(self, url: str) -> list[Subtask]:
        """Put the next pending part in progress, with `url` as its checkpoint."""
        current = self.current
        if current is None or current.status == SubtaskStatus.IN_PROGRESS:
            return []
        current.status = SubtaskStatus.IN_PROGRESS
        current.checkpoint_url = current.checkpoint_url or url
        current.tries += 1
        return [current.model_copy()]

    def advance(self, observation: Observation, memory: TaskMemory) -> list[Subtask]:
        """Mark every part whose end the page shows as complete; return the parts that changed."""
        changed: list[Subtask] = []
        while (current := self.current) is not None and current.status == SubtaskStatus.IN_PROGRESS:
            if not _is_complete(current, observation, memory, self._later(current)):
                break
            current.status = SubtaskStatus.COMPLETE
            changed.append(current.model_copy())
            changed += self.start(observation.url)
        return changed

    def fail_current(self) -> Subtask | None:
        """The current part failed: return it (for a retry from its checkpoint) if it has tries left."""
        current = self.current
        if current is None:
            return None
        current.status = SubtaskStatus.FAILED
        return current.model_copy() if current.tries < self.max_tries else None

    def finish(self) -> list[Subtask]:
        """The task succeeded: whatever part was still open is complete."""
        changed = []
        for subtask in self.subtasks:
            if subtask.status != SubtaskStatus.COMPLETE:
                subtask.status = SubtaskStatus.COMPLETE
                changed.append(subtask.model_copy())
        return changed

    def _later(self, subtask: Subtask) -> list[Subtask]:
        return self.subtasks[subtask.index + 1 :]


def make_plan(intent: Intent) -> Plan:
    """The parts of the task, from the clauses of its parsed goal."""
    clauses = intent.clauses
    if len(clauses) < 2:
        return Plan(subtasks=[Subtask(index=0, title=intent.text, kind="other")])
    return Plan(subtasks=[_subtask(i, clause) for i, clause in enumerate(clauses)])


def _subtask(index: int, clause: str) -> Subtask:
    if _LOGIN.search(clause):
        return Subtask(index=index, title=clause, kind="login")
    if DOWNLOAD_WORDS.intersection(content_words(clause)):
        return Subtask(index=index, title=clause, kind="download")
    found = _FIND.search(clause)
    if found:
        token = _TOKEN.search(found.group("what"))
        target = token.group(0).strip("\"'") if token else found.group("what").strip()
        return Subtask(index=index, title=clause, kind="find", target=target)
    return Subtask(index=index, title=clause, kind="other")


def _is_complete(
    subtask: Subtask, observation: Observation, memory: TaskMemory, later: list[Subtask]
) -> bool:
    if subtask.kind == "login":
        typed_secret = any(step.ok and step.action.secret_name for step in memory.history)
        return typed_secret and not is_sign_in_form(observation.elements)
    if subtask.kind == "download":
        return bool(memory.downloads)
    if subtask.kind == "find" and subtask.target:
        # The page is about the target (its title or main heading), not merely listing it.
        return contains_value(" | ".join([observation.title, *observation.headings[:2]]), subtask.target)
    # A part with no test of its own is done once the next part's end shows.
    return bool(later) and _is_complete(later[0], observation, memory, later[1:])
