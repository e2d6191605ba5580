"""The review of NEEDS_REVIEW tasks, live frames, and figures over time, on both engines."""

from __future__ import annotations

from datetime import timedelta

from ghosttab.lifecycle import TaskStatus
from ghosttab.replay.path import CacheOutcome, CacheUse
from ghosttab.store import Store
from ghosttab.store.database import utc_now
from ghosttab.store.review_ops import Review, ReviewVerdict

from .helpers import make_spec, result_for


async def _finish(store: Store, outcomes: dict[str, TaskStatus], **extra: object) -> None:
    await store.submit([make_spec(task_id) for task_id in outcomes])
    claimed = await store.claim("w1", limit=len(outcomes))
    for claim in claimed:
        task_id = claim.spec.id
        assert await store.complete(task_id, "w1", result_for(task_id, outcomes[task_id], **extra))


async def test_review_retries_resolves_and_cancels_only_tasks_waiting_for_review(store: Store) -> None:
    await _finish(store, {"rv-a": TaskStatus.NEEDS_REVIEW, "rv-b": TaskStatus.NEEDS_REVIEW,
                          "rv-c": TaskStatus.NEEDS_REVIEW, "rv-ok": TaskStatus.SUCCEEDED},
                  extracted={"name": "Eden"})  # fmt: skip
    after = await store.last_event_id()
    retried = await store.review("rv-a", Review(verdict=ReviewVerdict.RETRY, note="site is back"))
    resolved = await store.review(
        "rv-b", Review(verdict=ReviewVerdict.RESOLVE, value={"confirmation": "SWM-123456"})
    )
    cancelled = await store.review("rv-c", Review(verdict=ReviewVerdict.CANCEL, note="not needed"))
    assert (retried, resolved, cancelled) == (TaskStatus.QUEUED, TaskStatus.SUCCEEDED, TaskStatus.CANCELLED)
    a, b, c = [await store.get_task(task_id) for task_id in ("rv-a", "rv-b", "rv-c")]
    assert a is not None and a.status is TaskStatus.QUEUED and a.result is None and a.attempts == 0
    assert b is not None and b.result is not None and b.result.status is TaskStatus.SUCCEEDED
    assert b.result.extracted == {"name": "Eden", "confirmation": "SWM-123456"} and b.result.error is None
    assert c is not None and c.status is TaskStatus.CANCELLED and c.finished_at is not None
    # Only a task waiting for review is reviewed, and only once.
    assert await store.review("rv-ok", Review(verdict=ReviewVerdict.CANCEL)) is None
    assert await store.review("rv-b", Review(verdict=ReviewVerdict.RETRY)) is None
    assert await store.review("missing", Review(verdict=ReviewVerdict.RETRY)) is None
    events = [e for e in await store.events_since(after) if "review" in e.payload]
    assert [(e.task_id, e.payload["review"], e.payload.get("note")) for e in events] == [
        ("rv-a", "retry", "site is back"), ("rv-b", "resolve", None), ("rv-c", "cancel", "not needed"),
    ]  # fmt: skip
    assert [(await store.claim("w2"))[0].spec.id] == ["rv-a"]  # the retried task runs again


async def test_live_frames_only_for_watched_tasks_and_gone_when_they_end(store: Store) -> None:
    await store.submit([make_spec("lv-a"), make_spec("lv-b")])
    await store.claim("w1", limit=2)
    assert await store.live_watched(["lv-a", "lv-b"], 10) == set()
    await store.ask_live("lv-a")
    await store.ask_live("lv-a")  # asking again only renews the mark
    assert await store.live_watched(["lv-a", "lv-b"], 10) == {"lv-a"}
    await store.put_live_frame("lv-a", b"\xff\xd8first")
    await store.put_live_frame("lv-a", b"\xff\xd8second")
    await store.put_live_frame("lv-b", b"\xff\xd8unwatched")  # nobody asked: not kept
    frame = await store.live_frame("lv-a")
    assert frame is not None and (frame.frame, frame.frames) == (b"\xff\xd8second", 2)
    assert await store.live_frame("lv-b") is None
    assert await store.drop_live() == 0  # both still running
    await store.complete("lv-a", "w1", result_for("lv-a"))
    assert await store.drop_live() == 1
    assert await store.live_frame("lv-a") is None


async def test_series_counts_each_bucket(store: Store) -> None:
    since = utc_now() - timedelta(minutes=10)
    hit = CacheUse(outcome=CacheOutcome.HIT)
    succeeded = {"sr-a": TaskStatus.SUCCEEDED, "sr-b": TaskStatus.SUCCEEDED}
    await _finish(store, succeeded, cost_usd=0.25, cache=hit)
    await _finish(store, {"sr-c": TaskStatus.FAILED}, cost_usd=0.5, tokens=40)
    await store.submit([make_spec("sr-waiting")])
    series = await store.metric_series(since, 60)
    assert len(series.buckets) in (10, 11)
    last = series.buckets[-1]
    assert (last.finished, last.by_status) == (3, {TaskStatus.SUCCEEDED: 2, TaskStatus.FAILED: 1})
    assert abs(last.cost_usd - 1.0) < 1e-9 and last.tokens == 40
    assert (last.cache_uses, last.cache_hits) == (2, 2) and last.success_rate == 2 / 3
    assert (last.submitted, last.left_queue, last.waiting) == (4, 3, 1)
    assert all(b.finished == 0 and b.success_rate is None for b in series.buckets[:-1])
