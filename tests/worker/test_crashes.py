"""A renderer crash or a killed browser mid-task: the task retries on a fresh tab, its siblings go on."""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from collections.abc import Callable

from ghosttab.browser import PoolConfig
from ghosttab.events import Event, StepRecorded
from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus
from ghosttab.secrets import SecretBook

from .conftest import MakeConfig
from .tasks import swim_task


def crash_on_first_step(fleet: Fleet, crash_attempts: dict[str, int]) -> Callable[[Event], None]:
    """A listener crashing the renderer of task X's tab right after step 1 of its first
    `crash_attempts[X]` attempts (each attempt counts its steps from 1 again)."""
    crashes: Counter[str] = Counter()
    pending: set[asyncio.Task[None]] = set()

    async def crash(task_id: str) -> None:
        assert fleet.pool is not None
        tab = fleet.pool.tab_for(task_id)
        assert tab is not None, f"no open tab for {task_id}"
        await tab.crash_renderer()

    def on_event(event: Event) -> None:
        if not isinstance(event, StepRecorded) or event.step != 1 or event.task_id not in crash_attempts:
            return
        if crashes[event.task_id] >= crash_attempts[event.task_id]:
            return
        crashes[event.task_id] += 1
        task = asyncio.get_running_loop().create_task(crash(event.task_id))
        pending.add(task)
        task.add_done_callback(pending.discard)

    return on_event


async def test_crashed_tab_is_retried_on_a_fresh_one_and_gives_up_after_max_retries(
    demo_url: str, make_config: MakeConfig
) -> None:
    specs = [
        swim_task(demo_url, "crash-once", 0),
        swim_task(demo_url, "crash-always", 1, max_retries=1),
        swim_task(demo_url, "sibling", 2),
    ]
    async with Fleet(make_config(concurrency=3)) as fleet:
        fleet.events.listen(crash_on_first_step(fleet, {"crash-once": 1, "crash-always": 99}))
        await fleet.submit(specs)
        await asyncio.wait_for(fleet.work(SecretBook()), 300)
        results = {r.id: r for r in await fleet.results([s.id for s in specs])}
        recoveries = {s.id: await fleet.store.recoveries(s.id) for s in specs}
        steps = {s.id: await fleet.store.steps(s.id) for s in specs}
        rows = {s.id: await fleet.store.get_task(s.id) for s in specs}
        assert fleet.pool is not None
        stats = fleet.pool.stats()

    once = results["crash-once"]
    assert once.status == TaskStatus.SUCCEEDED, once.error
    assert once.attempts == 2
    assert once.extracted["confirmation_number"].startswith("SWM-")
    assert [(r.attempt, r.strategy, r.outcome) for r in recoveries["crash-once"]] == [
        (1, "retry_on_fresh_tab", "retrying")
    ]
    assert recoveries["crash-once"][0].error.kind.value == "CRASH"
    assert {s.attempt for s in steps["crash-once"]} == {1, 2}
    # The crash lands right after step 1 (on a loaded machine a step may slip in before it): the first
    # attempt was cut short, and the second started over from step 1 and went further.
    first = [s.step for s in steps["crash-once"] if s.attempt == 1]
    second = [s.step for s in steps["crash-once"] if s.attempt == 2]
    assert min(second) == 1 and max(first) < max(second)

    always = results["crash-always"]
    assert always.status == TaskStatus.FAILED
    assert always.error is not None and always.error.kind.value == "CRASH"
    assert "all 2 attempts" in always.error.message
    assert [(r.attempt, r.strategy, r.outcome) for r in recoveries["crash-always"]] == [
        (1, "retry_on_fresh_tab", "retrying"),
        (2, "retry_on_fresh_tab", "gave up"),
    ]

    sibling = results["sibling"]
    assert sibling.status == TaskStatus.SUCCEEDED, sibling.error
    assert sibling.attempts == 1 and recoveries["sibling"] == []
    assert stats.busy == 0
    # The pool counts what happened: 1 + 2 crashed leases, each retried on a fresh tab but the last.
    assert (stats.tab_crashes, stats.retried_leases, stats.crashes) == (3, 2, 0)
    # One number per run, the same in the task row, the result and the step rows.
    for task_id, runs in (("crash-once", 2), ("crash-always", 2), ("sibling", 1)):
        row = rows[task_id]
        assert row is not None and row.attempts == results[task_id].attempts == runs, task_id
        assert max(s.attempt for s in steps[task_id]) == runs
        assert {s.claim for s in steps[task_id]} == {row.completed_by}


async def test_batch_completes_when_the_browser_process_is_killed_mid_batch(
    demo_url: str, make_config: MakeConfig
) -> None:
    specs = [swim_task(demo_url, f"swim-{i}", i) for i in range(3)]
    async with Fleet(make_config(concurrency=3, pool=PoolConfig(browsers=1))) as fleet:
        assert fleet.pool is not None
        pool = fleet.pool
        (pid,) = pool.browser_pids()
        killed: list[int] = []

        def kill_on_second_step(event: Event) -> None:
            if isinstance(event, StepRecorded) and event.step == 2 and not killed:
                killed.append(pid)
                os.kill(pid, signal.SIGKILL)

        fleet.events.listen(kill_on_second_step)
        await fleet.submit(specs)
        await asyncio.wait_for(fleet.work(SecretBook()), 300)
        results = await fleet.results([s.id for s in specs])
        recoveries = [r for s in specs for r in await fleet.store.recoveries(s.id)]
        stats = pool.stats()
        new_pids = pool.browser_pids()

    assert killed == [pid]
    assert [r.status for r in results] == [TaskStatus.SUCCEEDED] * 3, [r.error for r in results]
    assert stats.crashes >= 1
    assert pid not in new_pids and len(new_pids) == 1
    # The task that was past step 2 when its browser died ran again on the new browser.
    retried = [r for r in results if r.attempts > 1]
    assert retried
    # A browser crash counts once as a browser, once per lease it took down, and each retry counts.
    assert stats.tab_crashes >= len(retried)
    assert stats.retried_leases == sum(r.attempts - 1 for r in retried)
    assert all(r.strategy == "retry_on_fresh_tab" for r in recoveries)
    assert {r.task_id for r in recoveries} == {r.id for r in retried}
