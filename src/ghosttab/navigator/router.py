"""The Router asks deciders tier by tier (replay -> heuristic -> model) and keeps the first sure answer."""

from __future__ import annotations

from collections.abc import Sequence

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.navigator.base import Decider, Decision, TaskMemory
from ghosttab.navigator.llm import ModelConfig
from ghosttab.perception.models import Observation


class Router:
    """Deciders are asked in order; a decision under `min_confidence` goes on to the next tier."""

    def __init__(self, deciders: Sequence[Decider], min_confidence: float = 0.5) -> None:
        if not deciders:
            raise ValueError("a Router needs at least one decider")
        self.deciders = list(deciders)
        self.min_confidence = min_confidence

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision:
        fallback: Decision | None = None
        for decider in self.deciders:
            decision = await decider.decide(observation, memory)
            if decision is None:
                continue
            decision = decision.model_copy(update={"tier": decider.tier})
            if decision.confidence >= self.min_confidence:
                return decision
            if fallback is None or decision.confidence > fallback.confidence:
                fallback = decision
        if fallback is None:
            raise GhosttabError(
                StructuredError(
                    kind=ErrorKind.ELEMENT, source=ErrorSource.DECISION, message="no decider had an answer"
                )
            )
        return fallback


def default_router(model: ModelConfig | None = None) -> Router:
    """Replay first (it offers nothing to a task with no path); then the heuristic; with a model
    configured, the model decides where the heuristic is unsure."""
    from ghosttab.navigator.heuristic import HeuristicNavigator
    from ghosttab.navigator.llm import ModelDecider
    from ghosttab.navigator.replay import ReplayDecider

    deciders: list[Decider] = [ReplayDecider(), HeuristicNavigator()]
    if model is not None:
        deciders.append(ModelDecider(model))
    return Router(deciders)
