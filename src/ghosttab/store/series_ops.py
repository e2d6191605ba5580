"""Figures over time, in fixed buckets from a start time: what the dashboard's charts draw.

Grouped in SQL, so a window over many thousands of tasks reads a few hundred rows at most. The
waiting queue is rebuilt from the tasks' own times (submitted, then started or finished without
starting); a retried task counts from its last retry."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field, computed_field
from sqlalchemy import ColumnElement, Integer, cast, func, literal, or_, select

from ghosttab.lifecycle import TaskStatus
from ghosttab.replay.path import CacheOutcome
from ghosttab.store.database import Database, utc_now
from ghosttab.store.query_ops import _seconds_between
from ghosttab.store.tables import TaskTable, UTCDateTime

MAX_BUCKETS = 500


class SeriesBucket(BaseModel):
    start: datetime
    finished: int = 0
    by_status: dict[TaskStatus, int] = Field(default_factory=dict)
    cost_usd: float = 0.0
    tokens: int = 0
    cache_uses: int = Field(0, description="finished tasks that looked for a replayable path")
    cache_hits: int = Field(0, description="of those, replayed (healed included)")
    submitted: int = 0
    left_queue: int = Field(0, description="tasks that started, or ended without starting")
    waiting: int = Field(0, description="queued or paused at the bucket's end")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def success_rate(self) -> float | None:
        return self.by_status.get(TaskStatus.SUCCEEDED, 0) / self.finished if self.finished else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cache_hit_rate(self) -> float | None:
        return self.cache_hits / self.cache_uses if self.cache_uses else None


class MetricSeries(BaseModel):
    since: datetime
    bucket_s: float
    buckets: list[SeriesBucket]


def series(db: Database, since: datetime, bucket_s: float) -> MetricSeries:
    # The caller's "now" was a moment ago: a bucket barely begun is not a bucket of its own.
    span = (utc_now() - since).total_seconds() / bucket_s
    count = max(1, min(MAX_BUCKETS, math.ceil(span - 0.01)))
    buckets = [SeriesBucket(start=since + timedelta(seconds=i * bucket_s)) for i in range(count)]
    start = literal(since, UTCDateTime())
    left = func.coalesce(TaskTable.started_at, TaskTable.finished_at)
    with db.read() as conn:
        _add_finished(conn, buckets, _bucket(db, start, TaskTable.finished_at, bucket_s))
        submitted = _bucket(db, start, TaskTable.created_at, bucket_s)
        for index, n in conn.execute(
            select(submitted, func.count()).where(TaskTable.created_at >= start).group_by(submitted)
        ):
            _at(buckets, index).submitted += int(n)
        leaving = _bucket(db, start, left, bucket_s)
        for index, n in conn.execute(select(leaving, func.count()).where(left >= start).group_by(leaving)):
            _at(buckets, index).left_queue += int(n)
        waiting = int(
            conn.scalar(
                select(func.count()).where(TaskTable.created_at < start, or_(left.is_(None), left >= start))
            )
            or 0
        )
    for bucket in buckets:
        waiting += bucket.submitted - bucket.left_queue
        bucket.waiting = max(0, waiting)
    return MetricSeries(since=since, bucket_s=bucket_s, buckets=buckets)


def _add_finished(conn: Any, buckets: list[SeriesBucket], index: ColumnElement[Any]) -> None:
    outcome = TaskTable.result["cache"]["outcome"].as_string()
    cost = func.sum(TaskTable.result["cost_usd"].as_float())
    tokens = func.sum(TaskTable.result["tokens"].as_integer())
    query = (
        select(index, TaskTable.status, outcome, func.count(), cost, tokens)
        .where(TaskTable.finished_at >= literal(buckets[0].start, UTCDateTime()))
        .group_by(index, TaskTable.status, outcome)
    )
    for at, status, cache, n, spent, used in conn.execute(query):
        bucket = _at(buckets, at)
        state = TaskStatus(status)
        bucket.finished += int(n)
        bucket.by_status[state] = bucket.by_status.get(state, 0) + int(n)
        bucket.cost_usd += float(spent or 0.0)
        bucket.tokens += int(used or 0)
        if cache is not None:
            bucket.cache_uses += int(n)
            bucket.cache_hits += int(n) if cache != CacheOutcome.MISS.value else 0


def _bucket(db: Database, start: ColumnElement[Any], column: Any, bucket_s: float) -> ColumnElement[Any]:
    offset = _seconds_between(db, start, column) / bucket_s
    return cast(offset if db.is_sqlite else func.floor(offset), Integer)


def _at(buckets: list[SeriesBucket], index: int | None) -> SeriesBucket:
    """The bucket of `index`; a time past the last bucket (the clock moved on) counts in the last."""
    return buckets[min(max(int(index or 0), 0), len(buckets) - 1)]
