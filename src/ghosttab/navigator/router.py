"""The Router asks deciders tier by tier (replay -> heuristic -> model) and keeps the first sure answer.

A tier is passed over (escalated past) for a step when its decision is unsure (under
`min_confidence`) or when its actions on this page already failed `failures_to_escalate` times
in a row (read from the task's memory, which the runner fills). What each tier spent is counted in
the task's memory; the model tier's limits end the task with a BUDGET error (`budget.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.navigator.base import Decider, Decision, TaskMemory
from ghosttab.navigator.budget import ModelLimits
from ghosttab.navigator.llm import ModelConfig
from ghosttab.navigator.prices import Price
from ghosttab.perception.models import Observation
from ghosttab.result import Tier

DEFAULT_TIERS = (Tier.REPLAY, Tier.HEURISTIC, Tier.LLM)


SURE = 0.7
"""Calibrated on bench_navigator (benchmarks/calibrate.py): steps at 0.7 and up were 80% right
together, the 161 steps under it 16%; under this a model (when configured) takes the step."""


class RouterSettings(BaseModel):
    """The tiers in order, when to go past one, and what the model tier may spend per task."""

    model_config = ConfigDict(extra="forbid")

    tiers: list[Tier] = Field(default_factory=lambda: list(DEFAULT_TIERS), description="deciders, in order")
    min_confidence: float = Field(
        SURE, ge=0, le=1, description="a decision under this goes to the next tier"
    )
    failures_to_escalate: int = Field(
        2, ge=1, description="failed actions of a tier on a page before the next"
    )
    limits: ModelLimits = Field(default_factory=ModelLimits, description="model calls and cost per task")

    @field_validator("tiers")
    @classmethod
    def _known_deciders(cls, tiers: list[Tier]) -> list[Tier]:
        if Tier.RECOVERY in tiers:
            raise ValueError("recovery is no decider tier; use replay, heuristic, llm")
        if not tiers or len(set(tiers)) != len(tiers):
            raise ValueError("tiers must name each decider at most once, and at least one")
        return tiers


class Router:
    """Deciders are asked in order; the first sure one whose tier has not failed here decides."""

    def __init__(
        self, deciders: Sequence[Decider], min_confidence: float = SURE, failures_to_escalate: int = 2
    ) -> None:
        if not deciders:
            raise ValueError("a Router needs at least one decider")
        self.deciders = list(deciders)
        self.min_confidence = min_confidence
        self.failures_to_escalate = failures_to_escalate

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision:
        fallback: Decision | None = None
        tokens, cost = 0, 0.0
        for decider in self.deciders:
            worn_out = memory.failed_here(decider.tier, observation.url) >= self.failures_to_escalate
            if worn_out and decider is not self.deciders[-1]:
                continue  # its way failed here twice: the next tier tries
            decision = await decider.decide(observation, memory)
            if decision is None:
                continue
            tokens, cost = tokens + decision.tokens, cost + decision.cost_usd
            decision = decision.model_copy(update={"tier": decider.tier})
            if decision.confidence >= self.min_confidence and not worn_out:
                return self._taken(decision, memory, tokens, cost)
            if fallback is None or decision.confidence > fallback.confidence:
                fallback = decision
        if fallback is None:
            raise GhosttabError(
                StructuredError(
                    kind=ErrorKind.ELEMENT, source=ErrorSource.DECISION, message="no decider had an answer"
                )
            )
        return self._taken(fallback, memory, tokens, cost)

    @staticmethod
    def _taken(decision: Decision, memory: TaskMemory, tokens: int, cost: float) -> Decision:
        """The step's decision, carrying what every tier asked for it spent."""
        memory.spend.of(decision.tier).decisions += 1
        return decision.model_copy(update={"tokens": tokens, "cost_usd": cost})


def default_router(
    model: ModelConfig | None = None,
    settings: RouterSettings | None = None,
    prices: dict[str, Price] | None = None,
) -> Router:
    """The configured tiers in order (replay offers nothing to a task with no path); the model
    tier only when a model is configured."""
    from ghosttab.navigator.heuristic import HeuristicNavigator
    from ghosttab.navigator.llm import ModelDecider
    from ghosttab.navigator.replay import ReplayDecider

    settings = settings or RouterSettings()
    deciders: list[Decider] = []
    for tier in settings.tiers:
        if tier == Tier.REPLAY:
            deciders.append(ReplayDecider())
        elif tier == Tier.HEURISTIC:
            deciders.append(HeuristicNavigator())
        elif tier == Tier.LLM and model is not None:
            deciders.append(ModelDecider(model, prices=prices, limits=settings.limits))
    if not deciders:
        raise GhosttabError("the tier order names only the model tier, and no model is configured")
    return Router(deciders, settings.min_confidence, settings.failures_to_escalate)
