"""Tasks whose target lies far below the first screen of a long page: real Chromium, demo site."""

from __future__ import annotations

from pathlib import Path

from ghosttab.fleet import FleetConfig, run_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.spec import TaskSpec
from ghosttab.store import Store


async def test_a_topic_at_the_end_and_a_section_in_the_contents_are_reached_directly(
    demo_url: str, tmp_path: Path
) -> None:
    specs = [
        TaskSpec.model_validate({
            "id": "topic", "goal": "Open the reference page of {topic}", "start_url": f"{demo_url}/lab/docs",
            "data": {"topic": "Eco Blender 250"}, "success": {"url_contains": "/lab/docs/topic/250"},
        }),
        TaskSpec.model_validate({
            "id": "section", "goal": "Go to the section about {section}", "start_url": f"{demo_url}/lab/docs",
            "data": {"section": "Kettle handling, part 38"}, "success": {"url_contains": "#part-38"},
        }),
    ]  # fmt: skip
    db = str(tmp_path / "t.db")
    results = {r.id: r for r in await run_tasks(specs, FleetConfig(db=db, artifacts_dir=tmp_path / "a"))}
    assert {r.status for r in results.values()} == {TaskStatus.SUCCEEDED}, results
    store = Store.open(db)
    try:
        for task_id in ("topic", "section"):
            steps = await store.steps(task_id)
            # One click on the link itself: no scrolling or wandering first.
            assert [s.action["kind"] for s in steps] == ["click"], [s.reason for s in steps]
    finally:
        store.close()
