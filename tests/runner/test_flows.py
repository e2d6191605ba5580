"""Both demo flows end to end: real Chromium, the real demo site, a real SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ghosttab import FleetConfig, run_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.runner import RunnerConfig
from ghosttab.spec import TaskSpec
from ghosttab.store import Store


def _config(tmp_path: Path, **runner: Any) -> FleetConfig:
    return FleetConfig(
        db=str(tmp_path / "t.db"),
        concurrency=2,
        runner=RunnerConfig(artifacts_dir=tmp_path / "artifacts", **runner),
    )


def portal_task(demo_url: str, po: str, **extra: Any) -> TaskSpec:
    return TaskSpec.model_validate(
        {
            "id": f"po-{po}",
            "goal": "Download the PDF of purchase order {po_number}",
            "start_url": f"{demo_url}/portal/",
            "data": {"po_number": po},
            "secrets": {"username": "buyer1", "password": "s3cret"},
            "success": {"download": True},
            **extra,
        }
    )


def swim_task(demo_url: str, name: str, klass: str, **extra: Any) -> TaskSpec:
    return TaskSpec.model_validate(
        {
            "id": f"reg-{name.lower()}",
            "goal": "Register {student_name} for the {class} swimming class",
            "start_url": f"{demo_url}/swim/",
            "data": {
                "student_name": name,
                "class": klass,
                "age": "9",
                "contact_email": "albert@example.com",
                "level": "Intermediate",
                "preferred_pool": "Outdoor",
            },
            "success": {"text": "Registration confirmed", "extracted": True},
            "extract": {
                "confirmation_number": {"pattern": r"SWM-\d{6}"},
                "class_name": {"selector": "#class"},
            },
            **extra,
        }
    )


async def test_portal_download_and_swim_registration_succeed(demo_url: str, tmp_path: Path) -> None:
    specs = [portal_task(demo_url, "PO-10023"), swim_task(demo_url, "Eden", "Tuesday Evening")]
    portal, swim = await run_tasks(specs, _config(tmp_path))

    assert portal.status == TaskStatus.SUCCEEDED, portal.error
    assert len(portal.files) == 1 and portal.files[0].endswith("PO-10023.pdf")
    assert Path(portal.files[0]).read_bytes().startswith(b"%PDF-")

    assert swim.status == TaskStatus.SUCCEEDED, swim.error
    assert swim.extracted["class_name"] == "Tuesday Evening"
    assert swim.extracted["confirmation_number"].startswith("SWM-")

    store = Store.open(str(tmp_path / "t.db"))
    steps = await store.steps("reg-eden")
    # The default screenshot mode keeps the last page of every task, not every step.
    assert steps and not any(step.screenshot for step in steps)
    assert swim.screenshot is not None and Path(swim.screenshot).name == "final.png"
    assert Path(swim.screenshot).read_bytes().startswith(b"\x89PNG")
    assert {"type", "select", "check", "click"} <= {step.action["kind"] for step in steps}
    store.close()


async def test_screenshot_mode_steps_keeps_one_per_step(demo_url: str, tmp_path: Path) -> None:
    task = swim_task(demo_url, "Pia", "Monday Morning")
    (swim,) = await run_tasks([task], _config(tmp_path, screenshots="steps"))

    assert swim.status == TaskStatus.SUCCEEDED, swim.error
    store = Store.open(str(tmp_path / "t.db"))
    steps = await store.steps(swim.id)
    store.close()
    assert len(steps) >= 5
    assert all(step.screenshot and Path(step.screenshot).is_file() for step in steps)
    assert len({step.screenshot for step in steps}) == len(steps)


async def test_task_whose_success_never_comes_fails_with_a_reason(demo_url: str, tmp_path: Path) -> None:
    capped = swim_task(demo_url, "Capped", "Monday Morning", max_steps=3)
    hopeless = TaskSpec.model_validate(
        {
            "id": "never",
            "goal": "Press the buttons until the prize appears",
            "start_url": f"{demo_url}/lab/never",
            "success": {"text": "You won the prize"},
            "max_steps": 8,
        }
    )
    steps_out, gave_up = await run_tasks([capped, hopeless], _config(tmp_path))

    assert steps_out.status == TaskStatus.FAILED and steps_out.steps == 3
    assert steps_out.error is not None and steps_out.error.kind.value == "STEPS"
    assert "max_steps=3" in steps_out.error.message and "Registration confirmed" in steps_out.error.message

    # A page with nothing that leads toward the goal ends early with the reason, not at max_steps.
    assert gave_up.status == TaskStatus.FAILED and gave_up.steps < 8
    assert gave_up.error is not None and "no element" in gave_up.error.message


@pytest.mark.parametrize("field", ["username", "password"])
async def test_secret_values_never_reach_the_store_or_artifacts(
    demo_url: str, tmp_path: Path, field: str
) -> None:
    secret = {"username": "buyer1", "password": "s3cret"}[field]
    spec = portal_task(demo_url, "PO-10031", id=f"secret-{field}")
    (result,) = await run_tasks([spec], _config(tmp_path, trace="always"))
    assert result.status == TaskStatus.SUCCEEDED, result.error
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            assert secret.encode() not in path.read_bytes(), f"{secret!r} found in {path}"
