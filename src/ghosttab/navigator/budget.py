"""Per-task spending by tier, and the limits on model calls and cost that end a task (BUDGET).

The spend lives in the task's memory (one per task, whatever router serves it), so concurrent
tasks sharing one router never share a budget.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError
from ghosttab.result import Tier, TierSpend


class ModelLimits(BaseModel):
    """What one task may spend on the model tier; None is no limit."""

    model_config = ConfigDict(extra="forbid")

    max_calls: int | None = Field(None, ge=0, description="model calls one task may make")
    max_cost_usd: float | None = Field(None, ge=0, description="USD one task may spend on models")


class BudgetExceeded(GhosttabError):
    """A task reached a limit on model calls or cost; it ends FAILED with a BUDGET error."""

    kind = ErrorKind.BUDGET
    source = ErrorSource.DECISION


class TaskSpend(BaseModel):
    """What a task's deciders spent, by tier."""

    tiers: dict[Tier, TierSpend] = Field(default_factory=dict)

    def of(self, tier: Tier) -> TierSpend:
        return self.tiers.setdefault(tier, TierSpend())

    def add_call(self, tier: Tier, tokens_in: int, tokens_out: int, cost_usd: float, seconds: float) -> None:
        spend = self.of(tier)
        spend.calls += 1
        spend.tokens_in += tokens_in
        spend.tokens_out += tokens_out
        spend.cost_usd += cost_usd
        spend.call_seconds += seconds

    @property
    def calls(self) -> int:
        return sum(spend.calls for spend in self.tiers.values())

    @property
    def tokens(self) -> int:
        return sum(spend.tokens for spend in self.tiers.values())

    @property
    def cost_usd(self) -> float:
        return sum(spend.cost_usd for spend in self.tiers.values())


def ensure_call_allowed(spend: TaskSpend, limits: ModelLimits) -> None:
    """Raise BudgetExceeded when one more model call would pass a limit."""
    if limits.max_calls is not None and spend.calls >= limits.max_calls:
        raise BudgetExceeded(f"the task reached its limit of {limits.max_calls} model calls")
    ensure_within_cost(spend, limits)


def ensure_within_cost(spend: TaskSpend, limits: ModelLimits) -> None:
    """Raise BudgetExceeded when the task's model cost has reached its limit."""
    if limits.max_cost_usd is not None and spend.cost_usd >= limits.max_cost_usd:
        raise BudgetExceeded(
            f"the task spent ${spend.cost_usd:.6f} on models, its limit is ${limits.max_cost_usd:.6f}"
        )
