"""Back-office chores on the demo portal's contact book: real Chromium, the heuristic navigator, no model.

The contact to change is not on the list's first page, so it must be searched for; the list's column
headers only sort it; the delete asks "are you sure?"; the change-password form has three password
fields, only one of which takes the task's secret."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ghosttab import FleetConfig, run_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.runner import RunnerConfig
from ghosttab.spec import TaskSpec
from ghosttab.store import Store

SECRETS = {"username": "buyer2", "password": "hunter2"}


def _task(demo_url: str, task_id: str, goal: str, data: dict[str, str], done: str, **more: Any) -> TaskSpec:
    return TaskSpec.model_validate({
        "id": task_id, "goal": goal, "start_url": f"{demo_url}/portal/contacts", "data": data,
        "secrets": SECRETS, "success": {"text": done}, "max_steps": 15, **more,
    })  # fmt: skip


async def test_contact_book_chores_search_confirm_and_change_password(demo_url: str, tmp_path: Path) -> None:
    specs = [
        _task(demo_url, "change-email", "Change the email address of contact {name} to {email}",
              {"name": "Hana Kowalski", "email": "hana.k@newmail.example"}, "were saved"),
        _task(demo_url, "delete", "Delete the contact {name}", {"name": "Esther Haddad"}, "was deleted"),
        _task(demo_url, "add", "Add a contact named {name} with email {email} at {company}",
              {"name": "Noor Aziz", "email": "noor@globex.example", "company": "Globex Packaging"},
              "was added"),
        _task(demo_url, "password", "Change my password to {new_password}",
              {"new_password": "Amber-Falcon-2031"}, "password was changed"),
    ]  # fmt: skip
    db = str(tmp_path / "t.db")
    config = FleetConfig(
        db=db, concurrency=2, runner=RunnerConfig(artifacts_dir=tmp_path / "a", screenshots="off")
    )
    results = {r.id: r for r in await run_tasks(specs, config)}
    assert {r.id: r.status for r in results.values()} == {s.id: TaskStatus.SUCCEEDED for s in specs}, results
    store = Store.open(db)
    try:
        steps = {spec.id: await store.steps(spec.id) for spec in specs}
    finally:
        store.close()

    def typed(task_id: str) -> list[tuple[str, str | None, str | None]]:
        return [(s.action["target"]["locator"]["label"], s.action.get("field"), s.action.get("secret"))
                for s in steps[task_id] if s.action["kind"] == "type"]  # fmt: skip

    clicked = {task_id: [s.action["target"]["locator"]["name"] for s in found if s.action["kind"] == "click"]
               for task_id, found in steps.items()}  # fmt: skip
    # Hana Kowalski is on the list's last page: looked up in the search box, never sorted for.
    assert ("Search contacts", "name", None) in typed("change-email")
    assert not {"Name", "Email", "Company", "Add contact"} & set(clicked["change-email"])
    assert "Yes, delete" in clicked["delete"] and "Add contact" not in clicked["delete"]
    assert "Save" in clicked["add"] and "Save and add another" not in clicked["add"]
    # The account's password goes into "Current password" only; the new one into both new fields.
    assert [t for t in typed("password") if t[0] != "Username"] == [
        ("Password", None, "password"),  # the sign-in form
        ("Current password", None, "password"),
        ("New password", "new_password", None),
        ("Confirm new password", "new_password", None),
    ]
