"""What every decider shares: the Decision it returns and the task's memory of earlier steps."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field

from ghosttab.actions import Action
from ghosttab.errors import ErrorKind
from ghosttab.navigator.budget import TaskSpend
from ghosttab.perception.models import Observation
from ghosttab.replay.cursor import ReplayCursor
from ghosttab.result import Tier
from ghosttab.spec import TaskSpec


class Decision(BaseModel):
    action: Action
    tier: Tier = Tier.HEURISTIC
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    reason: str = ""
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


class TaskMemory(BaseModel):
    """Everything a decider may know about the task beyond the current observation."""

    spec: TaskSpec
    secret_names: list[str] = Field(default_factory=list)
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

    def failed_here(self, tier: Tier, url: str) -> int:
        """How often `tier`'s actions failed at `url` since the last step that worked."""
        count = 0
        for step in reversed(self.history):
            if step.ok:
                break
            if step.tier == tier and step.url == url:
                count += 1
        return count


class Decider(Protocol):
    tier: Tier

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision | None:
        """A Decision, or None when this decider has nothing to offer for this page."""
        ...
