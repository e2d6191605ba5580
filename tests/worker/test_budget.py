"""A tab over its memory budget is killed and its task fails with BUDGET; a sibling task is untouched."""

from __future__ import annotations

from ghosttab.actions import Wait
from ghosttab.browser import BudgetConfig, PoolConfig
from ghosttab.browser.config import BudgetPolicy
from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus
from ghosttab.navigator.base import Decision, TaskMemory, Tier
from ghosttab.navigator.heuristic import HeuristicNavigator
from ghosttab.navigator.router import Router
from ghosttab.perception.models import Observation
from ghosttab.secrets import SecretBook
from ghosttab.spec import TaskSpec
from ghosttab.store import Store

from .conftest import MakeConfig
from .tasks import swim_task


class PatientOnTheGallery:
    """Keeps waiting on the memory-hog page, so the task outlives the budget window (the heuristic
    navigator gives up on a page with nothing to do after one wait); elsewhere it has no opinion."""

    tier = Tier.HEURISTIC

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision | None:
        if "/lab/memory-hog" not in observation.url:
            return None
        return Decision(action=Wait(seconds=1.0), reason="the gallery is still loading")


def patient_router() -> Router:
    return Router([PatientOnTheGallery(), HeuristicNavigator()])


async def test_memory_hog_fails_with_budget_while_its_sibling_succeeds(
    demo_url: str, make_config: MakeConfig
) -> None:
    config = make_config(
        concurrency=2, pool=PoolConfig(budget=BudgetConfig(js_heap_mb=150, policy=BudgetPolicy.KILL_TAB))
    )
    hog = TaskSpec.model_validate(
        {
            "id": "hog",
            "goal": "Wait for the photo gallery to load",
            "start_url": f"{demo_url}/lab/memory-hog",
            "success": {"text": "Gallery ready"},
            "max_steps": 60,
        }
    )
    sibling = swim_task(demo_url, "sibling", 3)
    async with Fleet(config, router_factory=patient_router) as fleet:
        await fleet.submit([hog, sibling])
        await fleet.work(SecretBook())
        hog_result, sibling_result = await fleet.results(["hog", "sibling"])
        assert fleet.pool is not None
        stats = fleet.pool.stats()

    assert hog_result.status == TaskStatus.FAILED
    assert hog_result.error is not None and hog_result.error.kind.value == "BUDGET", hog_result.error
    assert "js_heap_mb" in hog_result.error.message
    assert hog_result.attempts == 1  # a budget kill is not a crash: no retry
    assert stats.budget_kills == 1

    assert sibling_result.status == TaskStatus.SUCCEEDED, sibling_result.error
    assert sibling_result.extracted["confirmation_number"].startswith("SWM-")

    store = Store.open(config.db)
    try:
        hog_steps = await store.steps("hog")
    finally:
        store.close()
    assert hog_steps and all(step.action["kind"] == "wait" for step in hog_steps)
    assert len(hog_steps) < 60  # stopped by the budget, not by running out of steps
