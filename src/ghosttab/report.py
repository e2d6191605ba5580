"""What a run did, in figures: success, time, the path cache, recoveries, and cost by tier.

Built from the stored results (each carries its steps by tier, tokens, cost and cache use) and the
recovery records, so any process that can read the store can report on every worker's work.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime

from pydantic import BaseModel, Field

from ghosttab.lifecycle import TaskStatus
from ghosttab.replay.path import CacheOutcome
from ghosttab.result import RecoveryVerdict, TaskResult
from ghosttab.store import Store

# Recovery attempts that got the task going again, and those that ended it or were only noted.
_HELPED = frozenset({RecoveryVerdict.RECOVERED, RecoveryVerdict.RETRYING})
_COUNTED = _HELPED | {
    RecoveryVerdict.FAILED,
    RecoveryVerdict.STOPPED,
    RecoveryVerdict.ESCALATED,
    RecoveryVerdict.GAVE_UP,
}


class TierCost(BaseModel):
    tier: str
    steps: int = 0
    tasks: int = 0
    tokens: int = 0
    cost_usd: float = 0.0


class RunReport(BaseModel):
    since: datetime | None = None
    tasks: int = 0
    by_status: dict[TaskStatus, int] = Field(default_factory=dict)
    success_rate: float = 0.0
    mean_s: float = 0.0
    p95_s: float = 0.0
    repeat_tasks: int = 0  # tasks whose shape already had a path when they started
    cache_hits: int = 0
    cache_heals: int = 0
    replayed_steps: int = 0
    saved_s: float = 0.0
    recovery_attempts: int = 0
    recovery_success_rate: float = 0.0
    tiers: list[TierCost] = Field(default_factory=list)
    tokens: int = 0
    cost_usd: float = 0.0

    @property
    def cache_hit_rate(self) -> float:
        return (self.cache_hits + self.cache_heals) / self.repeat_tasks if self.repeat_tasks else 0.0


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def summarize(
    results: list[TaskResult], verdicts: dict[RecoveryVerdict, int], since: datetime | None
) -> RunReport:
    seconds = [result.seconds for result in results]
    statuses = Counter(result.status for result in results)
    uses = [result.cache for result in results if result.cache is not None]
    outcomes = Counter(use.outcome for use in uses)
    tiers: dict[str, TierCost] = {}
    for result in results:
        for tier, steps in result.tiers.items():
            cost = tiers.setdefault(tier, TierCost(tier=tier))
            cost.steps += steps
            cost.tasks += 1
        if result.tokens or result.cost_usd:
            model = tiers.setdefault("llm", TierCost(tier="llm"))
            model.tokens += result.tokens
            model.cost_usd += result.cost_usd
    counted = sum(count for verdict, count in verdicts.items() if verdict in _COUNTED)
    helped = sum(count for verdict, count in verdicts.items() if verdict in _HELPED)
    return RunReport(
        since=since, tasks=len(results), by_status=dict(statuses),
        success_rate=statuses[TaskStatus.SUCCEEDED] / len(results) if results else 0.0,
        mean_s=statistics.fmean(seconds) if seconds else 0.0, p95_s=_p95(sorted(seconds)),
        repeat_tasks=outcomes[CacheOutcome.HIT] + outcomes[CacheOutcome.HEALED]
        + sum(1 for use in uses if use.outcome == CacheOutcome.MISS and use.version > 0),
        cache_hits=outcomes[CacheOutcome.HIT], cache_heals=outcomes[CacheOutcome.HEALED],
        replayed_steps=sum(use.replayed_steps for use in uses), saved_s=sum(use.saved_s for use in uses),
        recovery_attempts=counted, recovery_success_rate=helped / counted if counted else 0.0,
        tiers=sorted(tiers.values(), key=lambda cost: cost.tier),
        tokens=sum(result.tokens for result in results), cost_usd=sum(result.cost_usd for result in results),
    )  # fmt: skip


async def build_report(store: Store, since: datetime | None = None) -> RunReport:
    results = await store.results(since=since)
    return summarize(results, await store.recovery_verdicts(since), since)
