"""GET /metrics: the Prometheus exposition, built at each scrape from the store (and the embedded pool)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from ghosttab.api.deps import store_of
from ghosttab.browser import TabPool
from ghosttab.store.telemetry_ops import Telemetry

router = APIRouter(tags=["service"])


class _Snapshot(Collector):
    """One scrape's figures as metric families."""

    def __init__(self, figures: Telemetry, pool: TabPool | None) -> None:
        self.figures = figures
        self.pool = pool

    def collect(self) -> Iterator[Metric]:
        f = self.figures
        tasks = GaugeMetricFamily("ghosttab_tasks", "tasks by status", labels=["status"])
        for status, count in sorted(f.tasks_by_status.items()):
            tasks.add_metric([status], count)
        yield tasks
        buckets = [(str(le / 1000), count) for le, count in f.step_buckets] + [("+Inf", f.step_count)]
        yield HistogramMetricFamily(
            "ghosttab_step_duration_seconds",
            "step durations",
            buckets=buckets,
            sum_value=f.step_sum_ms / 1000,
        )
        calls = CounterMetricFamily("ghosttab_decider_calls", "steps decided, by tier", labels=["tier"])
        tokens = CounterMetricFamily("ghosttab_tokens", "model tokens, by tier", labels=["tier"])
        cost = CounterMetricFamily("ghosttab_cost_usd", "model cost in USD, by tier", labels=["tier"])
        for tier in sorted(f.steps_by_tier):
            calls.add_metric([tier], f.steps_by_tier[tier])
            tokens.add_metric([tier], f.tokens_by_tier.get(tier, 0))
            cost.add_metric([tier], f.cost_by_tier.get(tier, 0.0))
        yield from (calls, tokens, cost)
        yield CounterMetricFamily("ghosttab_retries", "task attempts past the first", value=f.retries)
        yield CounterMetricFamily("ghosttab_crashes", "crashes met by tasks", value=f.crashes)
        cache = CounterMetricFamily("ghosttab_cache_uses", "tasks by path-cache outcome", labels=["outcome"])
        for outcome, count in sorted(f.cache_outcomes.items()):
            cache.add_metric([outcome], count)
        yield cache
        yield from self._pool_metrics()

    def _pool_metrics(self) -> Iterator[Metric]:
        if self.pool is None:
            return
        stats = self.pool.stats()
        yield GaugeMetricFamily("ghosttab_pool_in_use", "tabs leased", value=stats.busy)
        yield GaugeMetricFamily("ghosttab_pool_warm", "warm tabs ready", value=stats.warm_ready)
        yield GaugeMetricFamily("ghosttab_pool_queued", "tasks waiting for a tab", value=stats.waiting)
        yield GaugeMetricFamily("ghosttab_pool_slots", "tabs the pool may hold", value=stats.slots)
        yield CounterMetricFamily("ghosttab_browser_crashes", "browser crashes", value=stats.crashes)
        counters = (
            ("ghosttab_tab_crashes", "leases ended by a crash (renderer or browser)", stats.tab_crashes),
            ("ghosttab_budget_kills", "tabs killed over their resource budget", stats.budget_kills),
            ("ghosttab_retried_leases", "tabs leased again for a task after a crash", stats.retried_leases),
        )
        for name, about, value in counters:
            yield CounterMetricFamily(name, about, value=value)


@router.get("/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
async def prometheus_metrics(request: Request) -> Response:
    registry = CollectorRegistry()
    registry.register(
        _Snapshot(await store_of(request).telemetry(), getattr(request.app.state, "pool", None))
    )
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
