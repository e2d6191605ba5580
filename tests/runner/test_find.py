"""Tasks whose target lies far below the first screen of a long page: real Chromium, demo site."""

from __future__ import annotations

from pathlib import Path

from ghosttab import FleetConfig, run_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.runner import RunnerConfig
from ghosttab.spec import TaskSpec
from ghosttab.store import Store


async def test_a_topic_at_the_end_a_section_in_the_contents_and_a_folded_link_are_reached_directly(
    demo_url: str, tmp_path: Path
) -> None:
    specs = [
        TaskSpec.model_validate({
            "id": "topic", "goal": "Open the reference page of {topic}", "start_url": f"{demo_url}/lab/docs",
            "data": {"topic": "Eco Blender 250"}, "success": {"url_contains": "/lab/docs/topic/250"},
        }),
        TaskSpec.model_validate({
            "id": "folded", "goal": "Read the {appendix} appendix", "start_url": f"{demo_url}/lab/docs",
            "data": {"appendix": "Release notes"}, "success": {"url_contains": "/appendix/release-notes"},
        }),
        TaskSpec.model_validate({
            "id": "section", "goal": "Go to the section about {section}", "start_url": f"{demo_url}/lab/docs",
            "data": {"section": "Kettle handling, part 38"}, "success": {"url_contains": "#part-38"},
        }),
    ]  # fmt: skip
    db = str(tmp_path / "t.db")
    results = {
        r.id: r
        for r in await run_tasks(specs, FleetConfig(db=db, runner=RunnerConfig(artifacts_dir=tmp_path / "a")))
    }
    assert {r.status for r in results.values()} == {TaskStatus.SUCCEEDED}, results
    store = Store.open(db)
    try:
        for task_id, kind in (("topic", "click"), ("section", "click"), ("folded", "navigate")):
            steps = await store.steps(task_id)
            # One step to the link itself (a folded one by its address): no scrolling or wandering.
            assert [s.action["kind"] for s in steps] == [kind], [s.reason for s in steps]
    finally:
        store.close()
