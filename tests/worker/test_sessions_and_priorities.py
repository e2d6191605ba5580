"""Sessions shared between tasks, and priorities honoured end to end, through Fleet and run_tasks."""

from __future__ import annotations

import asyncio

from ghosttab.events import Event, TaskStatusChanged
from ghosttab.fleet import Fleet, run_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import StepRecord
from ghosttab.spec import Priority
from ghosttab.store import Store

from .conftest import MakeConfig, wait_until
from .tasks import page_task, portal_task, slow_page_task


def _typed_secrets(steps: list[StepRecord]) -> list[str]:
    return [str(s.action["secret"]) for s in steps if s.action["kind"] == "type" and s.action.get("secret")]


async def test_tasks_with_one_session_key_log_in_once(demo_url: str, make_config: MakeConfig) -> None:
    config = make_config(concurrency=2)
    specs = [
        portal_task(demo_url, "first", "PO-10023", session="portal:buyer1"),
        portal_task(demo_url, "second", "PO-10031", session="portal:buyer1"),
        portal_task(demo_url, "other-key", "PO-10002", session="portal:buyer1-again"),
    ]
    results = await run_tasks(specs, config)
    assert [r.status for r in results] == [TaskStatus.SUCCEEDED] * 3, [r.error for r in results]
    assert all(len(r.files) == 1 for r in results)

    store = Store.open(config.db)
    try:
        first, second, other = [await store.steps(spec.id) for spec in specs]
        # Both tasks of one key start together; whichever gets the session first logs in, and the
        # other starts signed in: it never meets the login form.
        logged_in, reused = (first, second) if _typed_secrets(first) else (second, first)
        assert sorted(_typed_secrets(logged_in)) == ["password", "username"]
        assert reused and _typed_secrets(reused) == []
        assert all("/login" not in step.url for step in reused)
        assert max(s.at for s in logged_in) < min(s.at for s in reused)
        # A different key is a different login.
        assert sorted(_typed_secrets(other)) == ["password", "username"]
        assert await store.load_session("portal:buyer1") is not None
        assert await store.load_session("portal:buyer1-again") is not None
    finally:
        store.close()


async def test_a_later_critical_task_starts_before_earlier_normal_ones(
    demo_url: str, make_config: MakeConfig
) -> None:
    """One tab, held by a slow task while the others are queued: the queue order decides who is next."""
    started: list[str] = []

    def on_event(event: Event) -> None:
        if isinstance(event, TaskStatusChanged) and event.status == TaskStatus.RUNNING:
            assert event.task_id is not None
            started.append(event.task_id)

    async with Fleet(make_config(concurrency=1)) as fleet:
        fleet.events.listen(on_event)
        await fleet.submit([slow_page_task(demo_url, "holder", slow_ms=3000)])
        work = asyncio.create_task(fleet.work())

        async def holder_running() -> bool:
            row = await fleet.store.get_task("holder")
            return row is not None and row.status == TaskStatus.RUNNING

        await wait_until(holder_running, 60, "the first task to start")
        later = [
            page_task(demo_url, "normal-1"),
            page_task(demo_url, "low-1", priority=Priority.LOW),
            page_task(demo_url, "normal-2"),
            page_task(demo_url, "critical-1", priority=Priority.CRITICAL),
        ]
        for spec in later:  # one submit each: the critical task really is the last one queued
            await fleet.submit([spec])
        still_holding = await fleet.store.get_task("holder")
        await asyncio.wait_for(work, 180)
        rows = {row.id: row for row in await fleet.store.list_tasks()}

    assert still_holding is not None and still_holding.status == TaskStatus.RUNNING
    assert {row.status for row in rows.values()} == {TaskStatus.SUCCEEDED}
    assert started == ["holder", "critical-1", "normal-1", "normal-2", "low-1"]
    by_start = sorted(rows.values(), key=lambda row: (row.started_at, row.id))
    assert [row.id for row in by_start] == started
