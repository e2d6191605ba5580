"""Honest counters in the store: one number per run, never reused; a hand-back keeps its run's
number and does not count against the retries; every step row names the claim it ran under."""

from __future__ import annotations

import asyncio
from pathlib import Path

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import StepRecord
from ghosttab.spec import TaskSpec
from ghosttab.store import Store


def _spec(task_id: str, **extra: object) -> TaskSpec:
    return TaskSpec.model_validate(
        {"id": task_id, "goal": "Open", "start_url": "http://127.0.0.1:1/", "success": {"text": "x"}, **extra}
    )


def _step(attempt: int) -> StepRecord:
    return StepRecord(task_id="t", attempt=attempt, step=1, action={"kind": "wait"})


async def test_each_run_has_its_own_number_and_steps_name_their_claim(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "c.db"))
    try:
        await store.submit([_spec("t", max_retries=1)])
        (first,) = await store.claim("worker-a")
        assert first.attempt == 1
        await store.record_step(_step(first.attempt))
        assert await store.release("t", "worker-a")  # a shutdown hands it back

        (second,) = await store.claim("worker-b", lease_s=0.05)
        assert second.attempt == 2  # not 1 again: the handed-back run keeps its number
        await store.record_step(_step(second.attempt))
        assert await store.next_attempt("t", "worker-b") == 3  # a retry on a fresh tab
        assert await store.next_attempt("t", "worker-a") is None  # not its claim any more
        await asyncio.sleep(0.2)  # worker-b vanishes: its lease lapses

        # 3 runs, 1 handed back: 2 count against 1 + max_retries = 2, so the lapse fails it...
        assert await store.claim("worker-c") == []
        row = await store.get_task("t")
        assert row is not None and row.status == TaskStatus.FAILED
        assert (row.attempts, row.handbacks) == (3, 1)
        steps = await store.steps("t")
        assert [(s.attempt, s.claim) for s in steps] == [(1, "worker-a"), (2, "worker-b")]
    finally:
        store.close()


async def test_a_handed_back_run_does_not_use_up_the_retries(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "c.db"))
    try:
        await store.submit([_spec("t", max_retries=0)])
        await store.claim("worker-a")
        assert await store.release("t", "worker-a")
        (again,) = await store.claim("worker-b", lease_s=0.05)
        assert again.attempt == 2
        await asyncio.sleep(0.2)
        # Only the lapsed run counts: 2 runs - 1 hand-back = 1 = 1 + max_retries: out of attempts.
        assert await store.claim("worker-c") == []
        await store.submit([_spec("u", max_retries=1)])
        await store.claim("worker-a")
        assert await store.release("u", "worker-a")
        await store.claim("worker-b", lease_s=0.05)
        await asyncio.sleep(0.2)
        (taken_over,) = await store.claim("worker-c")  # 2 - 1 = 1 < 2: it may run again
        assert taken_over.spec.id == "u" and taken_over.attempt == 3
    finally:
        store.close()
