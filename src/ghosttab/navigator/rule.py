"""The heuristic's rule table: what a rule is, and the one frozen context every rule reads.

A rule is a named object with one method, `propose(context)`, returning a `Proposal` or None. The
decider (`heuristic.py`) asks every rule of the table and ranks their proposals in one place, so a
step's record says which rule won, by how much, and which lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ghosttab.navigator.base import PastStep, Proposal, TaskMemory
from ghosttab.navigator.goal import Intent
from ghosttab.perception.models import Element, Observation
from ghosttab.result import Tier


@dataclass(frozen=True)
class RuleContext:
    """What a rule may read: the page, its actionable elements, the visit to this page, the task's
    memory and its parsed intent."""

    observation: Observation
    elements: tuple[Element, ...]
    visit: tuple[PastStep, ...]
    memory: TaskMemory
    intent: Intent

    @property
    def url(self) -> str:
        return self.observation.url

    @property
    def element_list(self) -> list[Element]:
        return list(self.elements)

    @property
    def visit_list(self) -> list[PastStep]:
        return list(self.visit)

    def done_here(self, element: Element | None) -> bool:
        """The element was acted on (and that worked) on this visit to the page."""
        key = element.key if element is not None else ""
        return any(step.ok and step.element_key == key for step in self.visit)

    def looked_into(self, element: Element) -> bool:
        """Opened on this visit by a step that then looked at the page: a replayed path opens tabs
        without reading them (the path's link was in another tab for another record)."""
        looked = [step for step in self.visit if step.ok and step.tier is not Tier.REPLAY]
        return any(step.element_key == element.key for step in looked)


class Rule:
    """One named rule of the heuristic. Subclasses set `name` and implement `propose`."""

    name: ClassVar[str] = "rule"

    def propose(self, context: RuleContext) -> Proposal | None:
        raise NotImplementedError


def actionable(observation: Observation, banned: set[str]) -> tuple[Element, ...]:
    """With a modal open, only what is inside it can be acted on; elements a loop was caught on are
    left out."""
    elements = observation.elements
    if observation.dialogs:
        inside = [e for e in observation.elements if e.in_dialog]
        if inside:
            elements = inside
    return tuple(e for e in elements if e.key not in banned)


def make_context(observation: Observation, memory: TaskMemory) -> RuleContext:
    return RuleContext(
        observation=observation,
        elements=actionable(observation, memory.banned),
        visit=tuple(memory.visit(observation.url)),
        memory=memory,
        intent=memory.intent,
    )
