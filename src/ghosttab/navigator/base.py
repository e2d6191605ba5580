"""What every decider shares: the Decision it returns and the task's memory of earlier steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urldefrag

from pydantic import BaseModel, Field

from ghosttab.actions import Action, Check, ElementLocator, Select, TypeText
from ghosttab.errors import ErrorKind
from ghosttab.navigator.budget import TaskSpend
from ghosttab.navigator.goal import Intent, read_goal
from ghosttab.perception.models import Element, Observation
from ghosttab.replay.cursor import ReplayCursor
from ghosttab.result import Tier
from ghosttab.spec import TaskSpec


@dataclass(frozen=True)
class Proposal:
    """One rule's answer for the current page: an action, how sure the rule is, and why."""

    action: Action
    score: float
    reason: str
    element: Element | None = None

    @property
    def key(self) -> str:
        return self.element.key if self.element is not None else ""


# How many losing rules a step's record names.
_LOST_SHOWN = 4


class Decision(BaseModel):
    action: Action
    tier: Tier = Tier.HEURISTIC
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    reason: str = ""
    # The heuristic's rule that proposed the action, how far its score stood above the best other
    # proposal (None when no other rule proposed anything), and the rules that lost.
    rule: str = ""
    margin: float | None = None
    lost: list[str] = Field(default_factory=list)
    # What the navigator understood of the goal (the parsed intent), on the task's first decision.
    understood: str = ""

    def explained(self) -> str:
        """The reason as the step record keeps it: why, which rule decided and how surely, which
        rules lost, and (on the first step) what was understood of the goal."""
        text = self.reason
        if self.rule:
            text += f" [rule {self.rule} {self.confidence:.2f}"
            if self.margin is not None:
                shown = ", ".join(self.lost[:_LOST_SHOWN]) + (" …" if len(self.lost) > _LOST_SHOWN else "")
                text += f", margin {self.margin:+.2f}; lost {shown}"
            text += "]"
        if self.understood:
            text += f" | {self.understood}"
        return text.strip()
    # What deciding this step spent, over every tier the router asked (a model's answer that was
    # not taken still cost its tokens).
    tokens: int = 0
    cost_usd: float = 0.0


class PastStep(BaseModel):
    """What the navigator remembers of one earlier step of this task."""

    url: str
    page_hash: str
    action: Action
    ok: bool
    error_kind: ErrorKind | None = None
    element_key: str = ""
    tier: Tier | None = None  # who decided the step (the router escalates past a tier that fails)


def parse_intent(spec: TaskSpec, secret_names: list[str]) -> Intent:
    """The task's goal, read once: every rule, the plan and find-in-page use this one parse."""
    return read_goal(
        spec.rendered_goal,
        download=spec.success.download,
        template=spec.goal,
        data=spec.data,
        secret_names=secret_names,
    )


def _intent_of(data: dict[str, Any]) -> Intent:
    return parse_intent(data["spec"], list(data.get("secret_names") or []))


class TaskMemory(BaseModel):
    """Everything a decider may know about the task beyond the current observation."""

    spec: TaskSpec
    secret_names: list[str] = Field(default_factory=list)
    intent: Intent = Field(default_factory=_intent_of)
    history: list[PastStep] = Field(default_factory=list)
    downloads: list[str] = Field(default_factory=list)
    # Elements a loop was caught on: deciders look for another way instead.
    banned: set[str] = Field(default_factory=set)
    # The path this task replays, and where it is in it (the replay tier's state).
    replay: ReplayCursor | None = None
    # What the task's deciders spent so far, by tier: model calls, tokens, cost (the limits' count).
    spend: TaskSpend = Field(default_factory=TaskSpend)

    def acted_on(self, element_key: str, url: str) -> int:
        """How often an element (by its durable key) was acted on while at `url`."""
        return sum(1 for step in self.history if step.element_key == element_key and step.url == url)

    def failed_on(self, element_key: str) -> int:
        return sum(1 for step in self.history if step.element_key == element_key and not step.ok)

    def visit(self, url: str) -> list[PastStep]:
        """The trailing steps taken while the page stayed at `url`."""
        steps: list[PastStep] = []
        for step in reversed(self.history):
            if step.url != url:
                break
            steps.append(step)
        steps.reverse()
        return steps

    def done_in_visit(self, element: Element | None, url: str) -> bool:
        """The element was acted on, and that worked, since the page came to `url`."""
        key = element.key if element is not None else ""
        return any(step.ok and step.element_key == key for step in self.visit(url))

    def chosen_here(self, url: str) -> list[str]:
        """The data values already typed or selected into fields on the page at `url`."""
        data = self.spec.data
        fields = [step.action.data_field for step in self.history if step.ok and step.url == url]
        return [data[field] for field in fields if field in data]

    def visited_urls(self) -> frozenset[str]:
        return frozenset(urldefrag(step.url)[0] for step in self.history)

    def entered_values(self) -> frozenset[str]:
        """The task's values it has typed, chosen or ticked into form fields (search boxes aside)."""
        data = self.spec.data
        entered: set[str] = set()
        for step in self.history:
            action = step.action
            if not step.ok or not isinstance(action, TypeText | Select | Check):
                continue
            if searches(action.target.locator):
                continue
            field = action.data_field
            if field in data:
                entered.add(data[field])
            elif isinstance(action, Check) and action.target.locator.name in data.values():
                entered.add(action.target.locator.name)
        return frozenset(entered)

    def failed_here(self, tier: Tier, url: str) -> int:
        """How often `tier`'s actions failed at `url` since the last step that worked."""
        count = 0
        for step in reversed(self.history):
            if step.ok:
                break
            if step.tier == tier and step.url == url:
                count += 1
        return count


def searches(locator: ElementLocator) -> bool:
    """The field is a search box (by its type, role or names)."""
    names = " ".join((locator.label, locator.name, locator.placeholder, locator.input_name)).lower()
    return locator.input_type == "search" or locator.role == "searchbox" or "search" in names


class Decider(Protocol):
    tier: Tier

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision | None:
        """A Decision, or None when this decider has nothing to offer for this page."""
        ...
