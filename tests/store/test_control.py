"""Pause, resume, cancel, retry, and the refusal of illegal status changes, on both engines."""

from __future__ import annotations

import pytest

from ghosttab.lifecycle import IllegalTransition, TaskStatus
from ghosttab.store import Store
from ghosttab.store.transitions import status_in

from .helpers import make_spec, make_specs, result_for


async def test_complete_with_a_non_final_status_is_rejected(store: Store) -> None:
    await store.submit([make_spec("x")])
    await store.claim("w1")
    for status in (TaskStatus.QUEUED, TaskStatus.RUNNING, TaskStatus.PAUSED):
        with pytest.raises(IllegalTransition):
            await store.complete("x", "w1", result_for("x", status))
    row = await store.get_task("x")
    assert row is not None
    assert (row.status, row.lease_owner, row.result) == (TaskStatus.RUNNING, "w1", None)


def test_sql_guards_admit_only_legal_sources() -> None:
    with pytest.raises(IllegalTransition):
        status_in([TaskStatus.SUCCEEDED], TaskStatus.RUNNING)
    with pytest.raises(IllegalTransition):
        status_in([TaskStatus.QUEUED, TaskStatus.PAUSED], TaskStatus.RUNNING)
    status_in([TaskStatus.QUEUED, TaskStatus.PAUSED], TaskStatus.CANCELLED)


async def test_pause_and_resume(store: Store) -> None:
    await store.submit(make_specs(4))
    [running] = await store.claim("w1")
    assert await store.pause() == 3
    assert await store.claim("w1") == []
    assert await store.resume(["t00002", running.spec.id, "unknown"]) == 1
    assert [c.spec.id for c in await store.claim("w1", limit=5)] == ["t00002"]
    counts = await store.counts()
    assert (counts[TaskStatus.PAUSED], counts[TaskStatus.RUNNING]) == (2, 2)
    assert await store.pause([running.spec.id]) == 0  # a running task cannot be paused
    assert await store.resume() == 2


async def test_cancel_queued_paused_running_and_finished(store: Store) -> None:
    await store.submit(make_specs(4))
    [running] = await store.claim("w1")
    await store.pause(["t00002"])
    done_id = (await store.claim("w1"))[0].spec.id
    await store.complete(done_id, "w1", result_for(done_id))

    assert await store.cancel("t00002") is True  # paused
    assert await store.cancel("t00003") is True  # queued
    assert await store.cancel(running.spec.id) is True  # running: only requested
    assert await store.cancel(done_id) is False
    assert await store.cancel("unknown") is False

    for task_id in ("t00002", "t00003"):
        row = await store.get_task(task_id)
        assert row is not None and row.status is TaskStatus.CANCELLED
        assert row.result is not None and row.result.status is TaskStatus.CANCELLED
        assert row.finished_at is not None
    row = await store.get_task(running.spec.id)
    assert row is not None and row.status is TaskStatus.RUNNING and row.cancel_requested
    asked = await store.cancel_requested([running.spec.id, "t00002", done_id])
    assert asked == {running.spec.id}
    assert await store.complete(running.spec.id, "w1", result_for(running.spec.id, TaskStatus.CANCELLED))
    assert await store.cancel_requested([running.spec.id]) == set()


async def test_cancel_requested_task_whose_worker_vanished_is_cancelled_not_rerun(store: Store) -> None:
    await store.submit([make_spec("c")])
    await store.claim("w1", lease_s=-1)
    assert await store.cancel("c") is True
    assert await store.claim("w2") == []
    assert await store.requeue_expired() == 0
    row = await store.get_task("c")
    assert row is not None and row.status is TaskStatus.CANCELLED


async def test_retry_requeues_a_finished_task_with_its_result_cleared(store: Store) -> None:
    await store.submit(make_specs(2))
    [first] = await store.claim("w1")
    await store.complete(first.spec.id, "w1", result_for(first.spec.id, TaskStatus.FAILED))

    assert await store.retry("t00001") is False  # still queued: nothing to retry
    assert await store.retry("unknown") is False
    assert await store.retry(first.spec.id) is True
    row = await store.get_task(first.spec.id)
    assert row is not None
    assert (row.status, row.result, row.attempts, row.finished_at, row.completed_by) == (
        TaskStatus.QUEUED,
        None,
        0,
        None,
        None,
    )
    assert await store.results(ids=[first.spec.id]) == []
    [again] = await store.claim("w2")
    assert (again.spec.id, again.attempt) == (first.spec.id, 1)
