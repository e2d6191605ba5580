"""Stopping one running task: `ghosttab cancel`, and a lease another worker took over."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus
from ghosttab.store import Store
from ghosttab.store.tables import TaskTable
from ghosttab.worker import WorkerConfig

from .conftest import MakeConfig, wait_until
from .tasks import page_task, slow_page_task


async def _status(store: Store, task_id: str) -> TaskStatus | None:
    row = await store.get_task(task_id)
    return row.status if row else None


async def test_cli_cancel_stops_a_task_blocked_in_a_slow_navigation(
    demo_url: str, make_config: MakeConfig
) -> None:
    """The task waits on a page that answers after 60 s: only cancelling the runner outright stops it."""
    config = make_config(concurrency=2)
    async with Fleet(config) as fleet:
        assert fleet.pool is not None
        pool = fleet.pool
        blocked = slow_page_task(demo_url, "blocked", slow_ms=60_000)
        await fleet.submit([blocked, page_task(demo_url, "quick")])
        worker = fleet.make_worker(exit_when_idle=True)
        work = asyncio.create_task(worker.run())

        async def blocked_has_a_tab() -> bool:
            return pool.tab_for("blocked") is not None and await _status(fleet.store, "blocked") == (
                TaskStatus.RUNNING
            )

        await wait_until(blocked_has_a_tab, 60, "the blocked task to hold a tab")
        await asyncio.sleep(1.0)  # well inside the navigation, which lasts 30 s before it times out
        cancel = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "ghosttab.cli.main", "cancel", "blocked", "--db", config.db,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await cancel.communicate()
        assert cancel.returncode == 0, err.decode()
        assert "cancelled: True" in out.decode()

        async def cancelled() -> bool:
            return await _status(fleet.store, "blocked") == TaskStatus.CANCELLED

        # Liveness bound, not a speed test: the navigation alone would hold the task for 30 s or more.
        await wait_until(cancelled, 10, "the cancelled task to be recorded CANCELLED")
        assert pool.tab_for("blocked") is None  # its tab was closed before the result was recorded
        await asyncio.wait_for(work, 60)
        stats = pool.stats()
        row = await fleet.store.get_task("blocked")
        quick = await fleet.store.get_task("quick")

    assert stats.busy == 0
    assert row is not None and row.result is not None
    assert row.result.status == TaskStatus.CANCELLED
    assert row.result.error is not None and row.result.error.kind.value == "POLICY"
    assert row.completed_by == worker.id and row.lease_owner is None
    assert worker.completed == 2
    assert quick is not None and quick.status == TaskStatus.SUCCEEDED


async def test_worker_that_lost_a_lease_stops_the_task_and_records_nothing(
    demo_url: str, make_config: MakeConfig
) -> None:
    """Another worker takes over a lapsed lease: the first one stops running the task and leaves
    the record to the new owner."""
    config = make_config(concurrency=1, worker=WorkerConfig(lease_s=3.0))  # leases renewed every second
    async with Fleet(config) as fleet:
        assert fleet.pool is not None
        pool = fleet.pool
        await fleet.submit([slow_page_task(demo_url, "taken-over", slow_ms=60_000)])
        worker = fleet.make_worker(exit_when_idle=True)
        work = asyncio.create_task(worker.run())

        async def has_tab() -> bool:
            return pool.tab_for("taken-over") is not None

        await wait_until(has_tab, 60, "the task to hold a tab")
        other = Store.open(config.db)
        try:
            claimed = await _take_over(other, "taken-over", "thief")
            assert claimed == 2  # the thief's claim is the task's second attempt

            async def tab_released() -> bool:
                return pool.tab_for("taken-over") is None and worker.running == []

            await wait_until(tab_released, 15, "the first worker to stop the task")
            row = await other.get_task("taken-over")
            assert row is not None
            assert row.status == TaskStatus.RUNNING and row.lease_owner == "thief"
            assert row.result is None and row.completed_by is None
            assert worker.completed == 0
            assert pool.stats().busy == 0
            worker.stop()
            await asyncio.wait_for(work, 30)
            after = await other.get_task("taken-over")
        finally:
            other.close()
    # Shutting down did not hand the thief's task back to the queue either.
    assert after is not None and after.status == TaskStatus.RUNNING and after.lease_owner == "thief"


async def _take_over(store: Store, task_id: str, thief: str) -> int:
    """As if the owner had stalled past its lease: the lease lapses and `thief` claims the task.
    Returns the attempt number of the thief's claim. (The owner's heartbeat may renew the lease
    between the two statements; then it is simply tried again.)"""
    for _ in range(10):
        past = datetime.now(UTC) - timedelta(seconds=1)
        with store._db.write(single=True) as conn:  # simulating a stalled heartbeat
            conn.execute(update(TaskTable).where(TaskTable.id == task_id).values(lease_expires_at=past))
        claimed = await store.claim(thief, lease_s=300)
        if claimed:
            assert [task.spec.id for task in claimed] == [task_id]
            return claimed[0].attempt
    raise AssertionError(f"{thief} could not take over {task_id}")
