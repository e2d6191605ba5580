"""Steps, artifacts, recoveries, queries, metrics, sessions, path cache and workers, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import RecoveryRecord, RecoveryVerdict, StepRecord, Strategy, Tier
from ghosttab.store import ArtifactKind, Store

from .helpers import make_spec, make_specs, result_for

TIMEOUT = StructuredError(
    kind=ErrorKind.TIMEOUT, source=ErrorSource.NAVIGATION, message="page load", retryable=True
)


async def test_a_commit_noted_mid_step_is_replaced_by_the_steps_own_row(store: Store) -> None:
    await store.submit([make_spec("t")])
    (claim,) = await store.claim("worker-a")
    early = StepRecord(task_id="t", attempt=claim.attempt, step=3, action={"kind": "click"},
                       url="http://127.0.0.1:9/done", committed=True)  # fmt: skip
    await store.record_step(early)
    assert await store.committed_step("t") == (await store.steps("t"))[0]
    full = early.model_copy(update={"reason": "press Register", "duration_ms": 840.0})
    await store.record_step(full)
    other_attempt = early.model_copy(update={"attempt": claim.attempt + 1, "committed": False})
    await store.record_step(other_attempt)

    steps = await store.steps("t")
    assert [(s.attempt, s.step, s.committed, s.reason) for s in steps] == [
        (claim.attempt, 3, True, "press Register"), (claim.attempt + 1, 3, False, ""),
    ]  # fmt: skip
    assert {s.claim for s in steps} == {"worker-a"}


async def test_steps_artifacts_and_recoveries_round_trip(store: Store) -> None:
    await store.submit([make_spec("t")])
    at = datetime(2025, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
    second = StepRecord(
        task_id="t",
        step=2,
        action={"kind": "type", "secret": "password", "target": {"index": 3}},
        tier=Tier.LLM,
        confidence=0.5,
        reason="login form",
        ok=False,
        error=TIMEOUT,
        url="http://127.0.0.1:9/portal/login",
        page_hash="abc",
        duration_ms=12.5,
        tokens=321,
        cost_usd=0.0042,
        screenshot="shots/t-2.png",
        at=at,
    )
    first = StepRecord(task_id="t", step=1, action={"kind": "navigate", "url": "http://127.0.0.1:9/"})
    await store.record_step(second)
    await store.record_step(first)
    assert await store.steps("t") == [first, second]

    await store.record_artifact("t", 1, ArtifactKind.SCREENSHOT, "shots/t-2.png")
    await store.record_artifact("t", 1, "download", "files/po.pdf")
    kinds = [(a.kind, a.path) for a in await store.artifacts("t")]
    assert kinds == [(ArtifactKind.SCREENSHOT, "shots/t-2.png"), (ArtifactKind.DOWNLOAD, "files/po.pdf")]
    with pytest.raises(ValueError):
        await store.record_artifact("t", 1, "movie", "x.mp4")

    record = RecoveryRecord(
        task_id="t", step=2, error=TIMEOUT, strategy=Strategy.WAIT_AND_RETRY,
        outcome=RecoveryVerdict.RECOVERED,
    )  # fmt: skip
    await store.record_recovery(record)
    [recovery] = await store.recoveries("t")
    assert recovery == record
    assert recovery.at.tzinfo is UTC
    assert await store.steps("other") == []


async def test_queries_results_and_metrics(store: Store) -> None:
    await store.submit(make_specs(3), batch="night")
    await store.submit([make_spec("solo")])
    for _ in range(2):
        [claimed] = await store.claim("w1")
        task_id = claimed.spec.id
        await store.record_step(StepRecord(task_id=task_id, step=1, action={"kind": "done"}, tokens=10))
        await store.record_step(
            StepRecord(task_id=task_id, step=2, action={"kind": "done"}, tokens=5, cost_usd=0.25)
        )
        await store.complete(task_id, "w1", result_for(task_id, steps=2, extracted={"id": task_id}))

    night = await store.list_tasks(batch="night")
    assert [row.id for row in night] == ["t00000", "t00001", "t00002"]
    queued = await store.list_tasks(status=TaskStatus.QUEUED)
    assert [row.id for row in queued] == ["t00002", "solo"]
    assert [row.id for row in await store.list_tasks(limit=2, offset=1)] == ["t00001", "t00002"]
    assert [r.id for r in await store.results(batch="night")] == ["t00000", "t00001"]
    assert [r.id for r in await store.results(ids=["t00001", "solo"])] == ["t00001"]
    assert await store.get_task("missing") is None

    metrics = await store.metrics()
    assert metrics.counts[TaskStatus.SUCCEEDED] == 2
    assert metrics.counts[TaskStatus.QUEUED] == 2
    assert metrics.total_tasks == 4
    assert metrics.steps_total == 4
    assert metrics.tokens == 30
    assert metrics.cost_usd == pytest.approx(0.5)
    assert metrics.avg_task_seconds is not None and metrics.avg_task_seconds >= 0
    rows = {row.id: row for row in night}
    done = rows["t00000"]
    assert done.finished_at is not None and done.started_at is not None
    assert done.finished_at >= done.started_at
    assert done.result is not None and done.result.extracted == {"id": "t00000"}


async def test_sessions_save_load_invalidate(store: Store) -> None:
    state = {"cookies": [{"name": "sid", "value": "abc", "domain": "127.0.0.1"}], "origins": []}
    assert await store.load_session("portal:buyer1") is None
    await store.save_session("portal:buyer1", state)
    assert await store.load_session("portal:buyer1") == state
    await store.invalidate_session("portal:buyer1")
    assert await store.load_session("portal:buyer1") is None
    fresh = {"cookies": [], "origins": [{"origin": "http://127.0.0.1:9", "localStorage": []}]}
    await store.save_session("portal:buyer1", fresh)
    assert await store.load_session("portal:buyer1") == fresh


async def test_path_cache_keeps_counts_across_versions_and_retires_after_failures(store: Store) -> None:
    assert await store.get_path("k") is None
    await store.save_path("k", "127.0.0.1", "Download {data.po_number}", {"steps": [1]})
    await store.path_replayed("k", healed=False, saved_s=2.0)
    await store.path_replayed("k", healed=True, saved_s=1.5)
    assert await store.path_failed("k", retire_after=2) is False
    await store.save_path("k", "127.0.0.1", "Download {data.po_number}", {"steps": [1, 2]}, version=2)
    row = await store.get_path("k")
    assert row is not None
    assert (row.path, row.version, row.successes, row.heals, row.failures) == ({"steps": [1, 2]}, 2, 2, 1, 1)
    assert row.saved_s == 3.5
    assert row.updated_at.tzinfo is UTC

    assert await store.path_failed("k", retire_after=2) is False
    assert await store.path_failed("k", retire_after=2) is True  # two in a row since the last success
    retired = await store.get_path("k")
    assert retired is not None and retired.retired
    await store.save_path("k", "127.0.0.1", "Download {data.po_number}", {"steps": [3]}, version=3)
    revived = await store.get_path("k")
    assert revived is not None and not revived.retired and revived.failures_in_row == 0
    assert await store.path_failed("absent", retire_after=1) is False  # no row, no error


async def test_worker_registry(store: Store) -> None:
    await store.register_worker("w1", "host-a", 101, {"tabs": 8})
    await store.register_worker("w2", "host-b", 202, {})
    assert await store.worker_heartbeat("w1") is False
    live = await store.live_workers(within_s=30)
    assert [(w.id, w.host, w.pid, w.info) for w in live] == [
        ("w1", "host-a", 101, {"tabs": 8}),
        ("w2", "host-b", 202, {}),
    ]
    assert all(datetime.now(UTC) - w.heartbeat_at < timedelta(minutes=5) for w in live)
    assert await store.request_worker_stop("w2") is True
    assert await store.worker_heartbeat("w2") is True
    await store.unregister_worker("w1")
    assert [w.id for w in await store.live_workers()] == ["w2"]
    assert await store.live_workers(within_s=-60) == []
