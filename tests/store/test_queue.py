"""Submit, claim order, leases, heartbeats, exactly-once completion and release, on both engines."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import create_engine, select, update

from ghosttab.lifecycle import TaskStatus
from ghosttab.replay.key import shape_of
from ghosttab.spec import Priority
from ghosttab.store import Store
from ghosttab.store.connect import resolve_url
from ghosttab.store.tables import TaskTable

from .helpers import make_spec, make_specs, result_for

LAPSED = -1.0  # a lease that has already run out: the same as a worker that vanished


async def test_submit_is_idempotent_by_id(store: Store) -> None:
    first = await store.submit(make_specs(3), batch="b1")
    assert first.added == ["t00000", "t00001", "t00002"]
    assert first.existing == []

    claimed = await store.claim("w1")
    assert await store.complete(claimed[0].spec.id, "w1", result_for(claimed[0].spec.id))

    changed = make_spec("t00001", goal="Something else entirely")
    second = await store.submit([*make_specs(3)[:1], changed, make_spec("t00003"), make_spec("t00003")], "b2")
    assert second.added == ["t00003"]
    assert sorted(second.existing) == ["t00000", "t00001", "t00003"]

    finished = await store.get_task("t00000")
    assert finished is not None and finished.status is TaskStatus.SUCCEEDED  # a rerun resumes
    kept = await store.get_task("t00001")
    assert kept is not None
    assert kept.spec["goal"] == "Find purchase order {po}"
    assert kept.batch == "b1"
    counts = await store.counts()
    assert counts[TaskStatus.QUEUED] == 3
    assert counts[TaskStatus.SUCCEEDED] == 1


async def test_claims_by_priority_then_fifo(store: Store) -> None:
    order = [
        ("low-1", Priority.LOW),
        ("normal-1", Priority.NORMAL),
        ("high-1", Priority.HIGH),
        ("normal-2", Priority.NORMAL),
        ("critical-1", Priority.CRITICAL),
        ("high-2", Priority.HIGH),
        ("normal-3", Priority.NORMAL),
    ]
    await store.submit([make_spec(task_id, priority) for task_id, priority in order[:4]])
    await store.submit([make_spec(task_id, priority) for task_id, priority in order[4:]])

    first_three = await store.claim("w1", limit=3)
    rest = []
    while claimed := await store.claim("w2"):
        rest.extend(claimed)
    assert [c.spec.id for c in first_three] == ["critical-1", "high-1", "high-2"]
    assert [c.spec.id for c in rest] == ["normal-1", "normal-2", "normal-3", "low-1"]
    assert all(c.attempt == 1 for c in first_three + rest)


async def test_claim_sets_lease_and_rebuilds_spec_without_secrets(store: Store) -> None:
    spec = make_spec("s1", secrets={"password": "s3cret"}, session="portal:buyer1")
    await store.submit([spec])
    [claimed] = await store.claim("w1", lease_s=60)
    assert claimed.spec.id == "s1"
    assert claimed.spec.secrets == {}
    assert claimed.secret_names == ["password"]
    assert claimed.spec.data == spec.data
    assert claimed.spec.session == "portal:buyer1"
    row = await store.get_task("s1")
    assert row is not None
    assert row.status is TaskStatus.RUNNING
    assert row.lease_owner == "w1"
    assert row.attempts == 1
    assert row.lease_expires_at is not None and row.lease_expires_at.tzinfo is UTC
    assert row.started_at is not None and row.created_at <= row.started_at < row.lease_expires_at
    assert claimed.lease_expires_at == row.lease_expires_at
    assert await store.claim("w2") == []


async def test_lapsed_lease_is_taken_over_and_counts_an_attempt(store: Store) -> None:
    await store.submit([make_spec("a")])
    [first] = await store.claim("w1", lease_s=LAPSED)
    [second] = await store.claim("w2", lease_s=60)
    assert (first.attempt, second.attempt) == (1, 2)

    assert await store.heartbeat("w1", ["a"], 30) == {"a"}  # w1 learns it lost the task
    assert await store.complete("a", "w1", result_for("a", TaskStatus.FAILED)) is False
    assert await store.complete("a", "w2", result_for("a")) is True
    row = await store.get_task("a")
    assert row is not None
    assert (row.status, row.attempts, row.lease_owner, row.completed_by) == (
        TaskStatus.SUCCEEDED,
        2,
        None,
        "w2",
    )


async def test_requeue_expired_puts_lapsed_tasks_back(store: Store) -> None:
    await store.submit([make_spec("a")])
    await store.claim("w1", lease_s=LAPSED)
    await store.submit([make_spec("b", Priority.HIGH)])
    [taken] = await store.claim("w1", lease_s=60)
    assert taken.spec.id == "b"
    assert await store.requeue_expired() == 1
    row_a, row_b = await store.get_task("a"), await store.get_task("b")
    assert row_a is not None and row_b is not None
    assert (row_a.status, row_a.lease_owner, row_a.attempts) == (TaskStatus.QUEUED, None, 1)
    assert row_b.status is TaskStatus.RUNNING
    [again] = await store.claim("w2")
    assert (again.spec.id, again.attempt) == ("a", 2)


async def test_completion_is_recorded_exactly_once(store: Store) -> None:
    await store.submit([make_spec("once")])
    await store.claim("w1", lease_s=LAPSED)
    await store.claim("w2", lease_s=60)
    won = await store.complete("once", "w2", result_for("once", extracted={"n": "1"}))
    again = await store.complete("once", "w2", result_for("once", extracted={"n": "2"}))
    late = await store.complete("once", "w1", result_for("once", TaskStatus.FAILED))
    assert (won, again, late) == (True, False, False)
    [result] = await store.results(ids=["once"])
    assert result.extracted == {"n": "1"}
    assert await store.complete("missing", "w2", result_for("missing")) is False


async def test_heartbeat_renews_only_own_leases(store: Store) -> None:
    await store.submit(make_specs(3))
    mine = await store.claim("w1", lease_s=5, limit=2)
    await store.claim("w2", lease_s=5)
    before = await store.get_task(mine[0].spec.id)
    lost = await store.heartbeat("w1", ["t00000", "t00001", "t00002", "nope"], lease_s=600)
    after = await store.get_task(mine[0].spec.id)
    assert lost == {"t00002", "nope"}
    assert before is not None and after is not None
    assert before.lease_expires_at is not None and after.lease_expires_at is not None
    assert after.lease_expires_at > before.lease_expires_at
    other = await store.get_task("t00002")
    assert other is not None and other.lease_owner == "w2"


async def test_release_hands_back_counting_a_hand_back_not_a_retry(store: Store) -> None:
    await store.submit([make_spec("r")])
    await store.claim("w1")
    assert await store.release("r", "w2") is False  # not w2's lease
    assert await store.release("r", "w1") is True
    assert await store.release("r", "w1") is False  # already released
    row = await store.get_task("r")
    assert row is not None
    assert (row.status, row.lease_owner, row.started_at) == (TaskStatus.QUEUED, None, None)
    assert (row.attempts, row.handbacks) == (1, 1)  # the run keeps its number; not a retry
    [again] = await store.claim("w2")
    assert again.attempt == 2


async def test_a_task_whose_worker_vanishes_on_every_attempt_fails(store: Store) -> None:
    await store.submit([make_spec("poison", max_retries=1)])
    [first] = await store.claim("w1", lease_s=LAPSED)
    [second] = await store.claim("w2", lease_s=LAPSED)
    assert (first.attempt, second.attempt) == (1, 2)
    assert await store.claim("w3") == []
    row = await store.get_task("poison")
    assert row is not None and row.status is TaskStatus.FAILED
    assert row.result is not None and row.result.error is not None
    assert row.result.error.kind.value == "CRASH"
    assert row.result.attempts == 2


async def test_requeue_expired_fails_tasks_out_of_attempts(store: Store) -> None:
    await store.submit([make_spec("p", max_retries=0), make_spec("q")])
    await store.claim("w1", lease_s=LAPSED, limit=2)
    assert await store.requeue_expired() == 1
    statuses = {row.id: row.status for row in await store.list_tasks()}
    assert statuses == {"p": TaskStatus.FAILED, "q": TaskStatus.QUEUED}


async def test_a_stored_spec_that_no_longer_validates_fails_instead_of_crashing_claimers(
    store: Store, store_url: str
) -> None:
    await store.submit([make_spec("broken"), make_spec("fine")])
    engine = create_engine(resolve_url(store_url))
    try:
        with engine.begin() as conn:
            stored = conn.execute(select(TaskTable.spec).where(TaskTable.id == "broken")).scalar_one()
            conn.execute(
                update(TaskTable).where(TaskTable.id == "broken").values(spec={**stored, "start_url": "nope"})
            )
    finally:
        engine.dispose()
    claimed = await store.claim("w1", limit=2)
    assert [c.spec.id for c in claimed] == ["fine"]
    row = await store.get_task("broken")
    assert row is not None and row.status is TaskStatus.FAILED
    assert row.result is not None and row.result.error is not None
    assert row.result.error.kind.value == "INPUT"


async def test_pathfinder_claims_hold_a_new_shape_until_its_first_task_ends(store: Store) -> None:
    other = make_spec("x00000", goal="Download the invoice {po}", priority=Priority.LOW)
    await store.submit([*make_specs(3), other])
    first = await store.claim("w1", limit=4, pathfinders=True)
    assert [claim.spec.id for claim in first] == ["t00000", "x00000"]  # one per shape with no path
    assert await store.claim("w2", limit=4, pathfinders=True) == []

    assert await store.complete("t00000", "w1", result_for("t00000"))
    key = shape_of(first[0].spec).key
    await store.save_path(key, "http://127.0.0.1:9", "Find purchase order {data.po}", {"steps": []})
    rest = await store.claim("w2", limit=4, pathfinders=True)
    assert [claim.spec.id for claim in rest] == ["t00001", "t00002"]  # a path: the rest run at once


async def test_a_failed_pathfinder_hands_the_way_to_the_next_task_of_its_shape(store: Store) -> None:
    await store.submit(make_specs(4))
    [first] = await store.claim("w1", limit=4, pathfinders=True)
    assert await store.complete(first.spec.id, "w1", result_for(first.spec.id, TaskStatus.FAILED))
    [second] = await store.claim("w1", limit=4, pathfinders=True)
    assert second.spec.id == "t00001"
    assert await store.complete(second.spec.id, "w1", result_for(second.spec.id, TaskStatus.FAILED))
    rest = await store.claim("w1", limit=4, pathfinders=True)  # two failures: no more waiting
    assert [claim.spec.id for claim in rest] == ["t00002", "t00003"]


async def test_plain_claims_ignore_shapes(store: Store) -> None:
    await store.submit(make_specs(3))
    assert len(await store.claim("w1", limit=3)) == 3
