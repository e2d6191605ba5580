"""/api/queue (what runs and waits, who works, pressure) and /api/metrics (a time window's figures)."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request

from ghosttab.api.deps import settings_of, store_of
from ghosttab.api.models import MetricsOut, QueueOut, WorkerOut
from ghosttab.lifecycle import TaskStatus
from ghosttab.replay.path import CacheOutcome
from ghosttab.result import TaskResult
from ghosttab.spec import Priority
from ghosttab.store.series_ops import MAX_BUCKETS, MetricSeries

router = APIRouter(tags=["service"])


@router.get("/queue", response_model=QueueOut)
async def queue(request: Request) -> QueueOut:
    store, settings = store_of(request), settings_of(request)
    counts = await store.counts()
    by_priority = await store.counts_by_priority(TaskStatus.QUEUED)
    workers = [
        WorkerOut(id=w.id, host=w.host, pid=w.pid, heartbeat_at=w.heartbeat_at)
        for w in await store.live_workers()
    ]
    queued = counts[TaskStatus.QUEUED]
    full = queued + counts[TaskStatus.PAUSED] >= settings.queue_limit
    reason = "queue limit reached" if full else ("no live worker" if queued and not workers else "ok")
    return QueueOut(
        running=counts[TaskStatus.RUNNING], queued=queued, paused=counts[TaskStatus.PAUSED],
        queued_by_priority={p.value: by_priority[p] for p in Priority},
        queue_limit=settings.queue_limit, workers=workers, pressure=full or bool(queued and not workers),
        reason=reason,
    )  # fmt: skip


@router.get("/metrics", response_model=MetricsOut)
async def metrics(
    request: Request, window_s: Annotated[float, Query(ge=1, le=30 * 86_400)] = 3600
) -> MetricsOut:
    """Success rate, failure reasons, p50/p95 duration, throughput, cache hit rate, tokens and cost
    of the tasks finished in the last `window_s` seconds."""
    store = store_of(request)
    since = datetime.now(UTC) - timedelta(seconds=window_s)
    results = await store.results(since=since)
    counts = await store.counts()
    return window_figures(results, window_s, {s.value: n for s, n in counts.items()})


@router.get("/metrics/series", response_model=MetricSeries)
async def metric_series(
    request: Request,
    window_s: Annotated[float, Query(ge=60, le=30 * 86_400)] = 3600,
    buckets: Annotated[int, Query(ge=1, le=MAX_BUCKETS)] = 30,
) -> MetricSeries:
    """The window cut in `buckets` equal parts: tasks finished by status, success rate, cost,
    tokens, cache hit rate, tasks submitted and the waiting queue at each part's end."""
    since = datetime.now(UTC) - timedelta(seconds=window_s)
    return await store_of(request).metric_series(since, window_s / buckets)


def window_figures(results: list[TaskResult], window_s: float, counts: dict[str, int]) -> MetricsOut:
    seconds = sorted(r.seconds for r in results)
    succeeded = sum(1 for r in results if r.status is TaskStatus.SUCCEEDED)
    reasons = Counter(r.error.kind.value for r in results if r.error is not None)
    with_cache = [r.cache for r in results if r.cache is not None]
    hits = sum(1 for c in with_cache if c.outcome is not CacheOutcome.MISS)
    return MetricsOut(
        window_s=window_s, finished=len(results), succeeded=succeeded,
        success_rate=succeeded / len(results) if results else None, failure_reasons=dict(reasons),
        p50_seconds=statistics.median(seconds) if seconds else None,
        p95_seconds=seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))] if seconds else None,
        throughput_per_min=len(results) / (window_s / 60),
        cache_hit_rate=hits / len(with_cache) if with_cache else None,
        tokens=sum(r.tokens for r in results), cost_usd=sum(r.cost_usd for r in results), counts=counts,
    )  # fmt: skip
