"""The heuristic navigator on what real sites do: new tabs, shadow DOM, iframes, quoted goal values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ghosttab import FleetConfig, run_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.runner import RunnerConfig
from ghosttab.spec import TaskSpec
from ghosttab.store import Store


def _spec(task_id: str, **fields: Any) -> TaskSpec:
    return TaskSpec.model_validate({"id": task_id, "max_steps": 8, **fields})


async def test_new_tab_shadow_dom_iframe_and_quoted_values(demo_url: str, tmp_path: Path) -> None:
    specs = [
        _spec(
            "new-tab",
            goal='Open the partner page and press "Claim offer"',
            start_url=f"{demo_url}/lab/newtab",
            success={"text": "Offer claimed"},
        ),
        _spec(
            "shadow",
            goal="Reserve the nickname {nickname}",
            start_url=f"{demo_url}/lab/shadow",
            data={"nickname": "ghostly"},
            success={"text": "Shadow form submitted: ghostly"},
        ),
        _spec(
            "iframe",
            goal="Apply the coupon {coupon_code}",
            start_url=f"{demo_url}/lab/iframe",
            data={"coupon_code": "SAVE10"},
            success={"text": "Coupon SAVE10 applied"},
        ),
        _spec(
            "quoted",
            goal='Type "headlamp" into the search box and press Search',
            start_url=f"{demo_url}/shop/",
            success={"url_contains": "q=headlamp"},
        ),
    ]
    config = FleetConfig(
        db=str(tmp_path / "w.db"), concurrency=4, runner=RunnerConfig(artifacts_dir=tmp_path / "art")
    )
    results = {r.id: r for r in await run_tasks(specs, config)}
    for task_id, result in results.items():
        assert result.status == TaskStatus.SUCCEEDED, (task_id, result.error)
    assert results["new-tab"].final_url.endswith("/lab/newtab/welcome")


async def test_pagination_tabs_and_accordions(demo_url: str, tmp_path: Path) -> None:
    specs = [
        # 'Gaiters' is on the third page of all products; the search box is not named by `item`.
        _spec(
            "paged",
            goal="Open the page of {item}",
            start_url=f"{demo_url}/shop/search?q=",
            data={"item": "Gaiters"},
            success={"url_contains": "/shop/products/gaiters"},
            max_steps=10,
        ),
        _spec(
            "tab",
            goal="Show the specifications of the Titanium Spork",
            start_url=f"{demo_url}/shop/products/titanium-spork",
            success={"text": "Warranty"},
        ),
        _spec(
            "accordion",
            goal="Read the shipping details",
            start_url=f"{demo_url}/shop/products/titanium-spork",
            success={"text": "Standard shipping is free"},
        ),
    ]
    config = FleetConfig(
        db=str(tmp_path / "p.db"), concurrency=3, runner=RunnerConfig(artifacts_dir=tmp_path / "art")
    )
    for result in await run_tasks(specs, config):
        assert result.status == TaskStatus.SUCCEEDED, (result.id, result.error)


async def test_a_form_with_an_autocomplete_a_read_only_date_fading_tabs_and_a_folded_section(
    demo_url: str, tmp_path: Path
) -> None:
    """Suggestions that come 300 ms after typing as unmarked list items; a date field only a picker
    writes, whose hint asks for dd.mm.yyyy; the fields of the chosen trip on a tab that fades in; the
    passport number in a section that slides open."""
    spec = _spec(
        "travel", max_steps=15, start_url=f"{demo_url}/lab/travel",
        goal="Request a personal trip for {traveller} from {airport} on {date} because of {reason}; "
             "passport {passport}",
        data={"traveller": "Mia Lund", "airport": "Copenhagen", "date": "2031-08-20",
              "reason": "Family wedding", "passport": "X1234567"},
        success={"text": "Summary: Mia Lund | Copenhagen (CPH) | 20.08.2031 | Family wedding | X1234567 |"},
    )  # fmt: skip
    db = str(tmp_path / "t.db")
    [result] = await run_tasks(
        [spec], FleetConfig(db=db, runner=RunnerConfig(artifacts_dir=tmp_path / "art", screenshots="off"))
    )
    assert result.status == TaskStatus.SUCCEEDED, result.error
    store = Store.open(db)
    try:
        found = await store.steps("travel")
        steps = [(s.action["kind"], s.action["target"]["locator"]["name"]) for s in found]
    finally:
        store.close()
    assert ("click", "Copenhagen (CPH)") in steps  # the suggestion, not the typed text, was kept
    assert ("click", "Personal trip") in steps and ("click", "Passport details") in steps
    assert len(steps) == 9, steps  # each field once: nothing filled twice, no retries


async def test_a_two_step_sign_in_gets_the_name_then_the_password(demo_url: str, tmp_path: Path) -> None:
    spec = _spec("signin", goal="Sign in", start_url=f"{demo_url}/lab/signin",
                 secrets={"username": "buyer2", "password": "hunter2"},
                 success={"text": "Signed in as buyer2"})  # fmt: skip
    db = str(tmp_path / "s.db")
    [result] = await run_tasks(
        [spec], FleetConfig(db=db, runner=RunnerConfig(artifacts_dir=tmp_path / "art", screenshots="off"))
    )
    assert result.status == TaskStatus.SUCCEEDED, result.error
    store = Store.open(db)
    try:
        steps = [(s.action["kind"], s.action.get("secret")) for s in await store.steps("signin")]
    finally:
        store.close()
    assert steps == [("type", "username"), ("click", None), ("type", "password"), ("click", None)]
