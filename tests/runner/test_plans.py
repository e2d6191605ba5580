"""A goal in several parts runs as a plan: a part that fails is retried from its checkpoint alone."""

from __future__ import annotations

from pathlib import Path

from ghosttab import Fleet, FleetConfig
from ghosttab.events import Event, EventBus, SubtaskChanged
from ghosttab.lifecycle import TaskStatus
from ghosttab.navigator.goal import read_goal
from ghosttab.navigator.plan import make_plan
from ghosttab.runner import RunnerConfig
from ghosttab.secrets import SecretBook
from ghosttab.spec import TaskSpec


def test_goal_parts_become_ordered_subtasks() -> None:
    plan = make_plan(read_goal("Log in, find PO-10023, then download its PDF"))
    assert [(s.kind, s.target) for s in plan.subtasks] == [
        ("login", ""),
        ("find", "PO-10023"),
        ("download", ""),
    ]
    assert make_plan(read_goal("Register Eden for the Tuesday Evening class")).is_multi_part is False


async def test_fault_in_part_two_retries_part_two_only(demo_url: str, tmp_path: Path) -> None:
    # Part two opens the order's page, which answers 503 five times: more than one step's recovery allows.
    faults = "faults=unavailable&fail_count=5&retry_after=0&fault_path=/portal/orders/PO-10023"
    spec = TaskSpec.model_validate(
        {
            "id": "three-parts",
            "goal": "Log in, find {po_number}, then download its PDF",
            "start_url": f"{demo_url}/portal/?{faults}",
            "data": {"po_number": "PO-10023"},
            "secrets": {"username": "buyer3", "password": "opensesame"},
            "success": {"download": True},
            "max_steps": 30,
        }
    )
    events = EventBus()
    seen: list[tuple[int, str]] = []

    def on_event(event: Event) -> None:
        if isinstance(event, SubtaskChanged):
            seen.append((event.subtask, event.status))

    events.listen(on_event)
    config = FleetConfig(
        db=str(tmp_path / "p.db"), concurrency=1, runner=RunnerConfig(artifacts_dir=tmp_path / "art")
    )
    async with Fleet(config, events=events) as fleet:
        await fleet.submit([spec])
        await fleet.work(SecretBook.from_specs([spec]))
        (result,) = await fleet.results([spec.id])
        recoveries = await fleet.store.recoveries(spec.id)

    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert result.files and result.files[0].endswith("PO-10023.pdf")
    assert seen.count((0, "in_progress")) == 1 and seen.count((0, "complete")) == 1
    assert (1, "failed") in seen
    assert seen.count((1, "in_progress")) == 2 and seen.count((1, "complete")) == 1
    assert seen.index((0, "complete")) < seen.index((1, "failed")) < seen.index((2, "in_progress"))
    assert seen[-1] == (2, "complete")
    assert [r.strategy for r in recoveries].count("retry_part") == 1
