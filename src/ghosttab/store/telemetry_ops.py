"""Aggregates for the Prometheus exposition, computed in SQL at scrape time."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import func, select

from ghosttab.store.database import Database
from ghosttab.store.tables import RecoveryTable, StepTable, TaskTable

STEP_BUCKETS_MS = (50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0, 30000.0)


class Telemetry(BaseModel):
    tasks_by_status: dict[str, int] = Field(default_factory=dict)
    step_buckets: list[tuple[float, int]] = Field(default_factory=list, description="(le ms, cumulative)")
    step_count: int = 0
    step_sum_ms: float = 0.0
    steps_by_tier: dict[str, int] = Field(default_factory=dict)
    tokens_by_tier: dict[str, int] = Field(default_factory=dict)
    cost_by_tier: dict[str, float] = Field(default_factory=dict)
    retries: int = 0
    crashes: int = 0
    cache_outcomes: dict[str, int] = Field(default_factory=dict)


def telemetry(db: Database) -> Telemetry:
    out = Telemetry()
    with db.read() as conn:
        for status, count in conn.execute(select(TaskTable.status, func.count()).group_by(TaskTable.status)):
            out.tasks_by_status[status] = int(count)
        for le in STEP_BUCKETS_MS:
            count = conn.scalar(select(func.count()).where(StepTable.duration_ms <= le)) or 0
            out.step_buckets.append((le, int(count)))
        total = conn.execute(select(func.count(), func.coalesce(func.sum(StepTable.duration_ms), 0.0))).one()
        out.step_count, out.step_sum_ms = int(total[0]), float(total[1])
        tiers = select(StepTable.tier, func.count(), func.sum(StepTable.tokens), func.sum(StepTable.cost_usd))
        for tier, count, tokens, cost in conn.execute(tiers.group_by(StepTable.tier)):
            out.steps_by_tier[tier] = int(count)
            out.tokens_by_tier[tier] = int(tokens or 0)
            out.cost_by_tier[tier] = float(cost or 0.0)
        retried = select(func.coalesce(func.sum(TaskTable.attempts - 1), 0)).where(TaskTable.attempts > 1)
        out.retries = int(conn.scalar(retried) or 0)
        crashed = select(func.count()).where(RecoveryTable.error_kind == "CRASH")
        out.crashes = int(conn.scalar(crashed) or 0)
        outcome = TaskTable.result["cache"]["outcome"].as_string()
        for name, count in conn.execute(
            select(outcome, func.count()).where(outcome.is_not(None)).group_by(outcome)
        ):
            out.cache_outcomes[str(name)] = int(count)
    return out
