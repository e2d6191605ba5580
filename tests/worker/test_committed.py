"""Committed steps: a task interrupted right after its form went through is not submitted again.

The tab is marked crashed the moment the submission's step is recorded, so the crash lands before
the task can see its success (deterministic, no race). The retry checks the committed page instead
of registering again; the demo site's side-effect log shows one registration, not two."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from ghosttab.events import Event, StepRecorded
from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus
from ghosttab.runner import RunnerConfig
from ghosttab.secrets import SecretBook

from .conftest import MakeConfig
from .tasks import swim_task


def crash_after_submission(fleet: Fleet, crashed: list[str]) -> Callable[[Event], None]:
    def on_event(event: Event) -> None:
        if not isinstance(event, StepRecorded) or "/swim/confirmation/" not in event.url:
            return
        assert event.task_id is not None and fleet.pool is not None
        tab = fleet.pool.tab_for(event.task_id)
        if tab is not None and event.task_id not in crashed:
            crashed.append(event.task_id)
            tab.mark_crashed("test: renderer lost right after the submission")

    return on_event


def _effects(demo_url: str) -> list[dict[str, Any]]:
    log: dict[str, Any] = httpx.get(f"{demo_url}/_effects", timeout=10).json()
    return list(log["effects"])


def _registrations(demo_url: str, number: str, since: int) -> int:
    """Registrations of `number` after the first `since` side effects (a shared site keeps earlier runs')."""
    return sum(1 for e in _effects(demo_url)[since:] if e["kind"] == "registration" and e["key"] == number)


async def test_a_crash_after_the_submission_resumes_instead_of_registering_again(
    demo_url: str, make_config: MakeConfig, tmp_path: Path
) -> None:
    specs = [
        swim_task(demo_url, "resumed", 5),
        # Its success is not on the confirmation page: whether the registration took cannot be told.
        swim_task(demo_url, "unsure", 6, success={"text": "Welcome pack sent"}),
    ]
    crashed: list[str] = []
    since = len(_effects(demo_url))
    runner = RunnerConfig(artifacts_dir=tmp_path / "artifacts", trace="off", screenshots="final")
    async with Fleet(make_config(concurrency=2, runner=runner)) as fleet:
        fleet.events.listen(crash_after_submission(fleet, crashed))
        await fleet.submit(specs)
        await asyncio.wait_for(fleet.work(SecretBook()), 300)
        resumed, unsure = await fleet.results(["resumed", "unsure"])
        steps = {s.id: await fleet.store.steps(s.id) for s in specs}

    assert sorted(crashed) == ["resumed", "unsure"]
    assert resumed.status == TaskStatus.SUCCEEDED, resumed.error
    assert resumed.attempts == 2
    number = resumed.extracted["confirmation_number"]
    assert resumed.final_url.endswith(f"/swim/confirmation/{number}")
    committed = [s for s in steps["resumed"] if s.committed]
    assert len(committed) == 1 and committed[0].attempt == 1 and number in committed[0].url
    assert [s for s in steps["resumed"] if s.attempt == 2] == []  # checked, not done again
    assert _registrations(demo_url, number, since) == 1

    assert unsure.status == TaskStatus.NEEDS_REVIEW
    assert unsure.error is not None and "may already have been submitted" in unsure.error.message
    assert unsure.screenshot is not None and Path(unsure.screenshot).is_file()  # for the reviewer
    (unsure_step,) = [s for s in steps["unsure"] if s.committed]
    unsure_number = unsure_step.url.rsplit("/", 1)[-1]
    assert _registrations(demo_url, unsure_number, since) == 1
