"""What the navigator's page tests read off a decision: the name of the element it acts on, and the
step it becomes in the task's history."""

from __future__ import annotations

from pathlib import Path

from ghosttab import FleetConfig, Store, TaskResult, TaskSpec, run_tasks
from ghosttab.navigator.base import Decision, PastStep
from ghosttab.result import StepRecord
from ghosttab.runner import RunnerConfig


def target_name(decision: Decision) -> str:
    target = decision.action.element
    assert target is not None
    return target.locator.name or target.locator.label


def as_step(decision: Decision, url: str) -> PastStep:
    """The decision taken at `url`, as the runner records it (its element's key as `Element.key` makes it)."""
    target = decision.action.element
    assert target is not None
    locator = target.locator
    parts = (locator.tag, locator.role, locator.input_name, locator.element_id, locator.label or locator.name)
    key = "|".join(parts)
    return PastStep(url=url, page_hash="h", action=decision.action, ok=True, element_key=key)


async def run_alone(spec: TaskSpec, folder: Path) -> tuple[TaskResult, list[StepRecord]]:
    """`spec` run end to end through the fleet on a SQLite file of its own; its result and stored steps."""
    db = folder / "r.db"
    config = FleetConfig(db=str(db), concurrency=1, runner=RunnerConfig(artifacts_dir=folder / "art"))
    [result] = await run_tasks([spec], config)
    with Store.open(str(db)) as store:
        steps = await store.steps(spec.id)
    return result, steps
