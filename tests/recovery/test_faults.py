"""One test per demo-site fault switch, real Chromium on the real demo site, every task of the
batch run together (the `fault_run` fixture below): the recovery each fault calls for is applied,
stored with its outcome, and the task ends as it should."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from ghosttab import FleetConfig, run_tasks
from ghosttab.errors import ErrorKind
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import RecoveryRecord, StepRecord, TaskResult
from ghosttab.runner import RunnerConfig
from ghosttab.spec import TaskSpec
from ghosttab.store import Store

REGISTER = "/swim/classes/tuesday-evening/register"


def swim_task(demo_url: str, task_id: str, query: str = "", path: str = REGISTER) -> TaskSpec:
    """Register a child for Tuesday Evening, starting on the registration form (7 steps)."""
    return TaskSpec.model_validate(
        {
            "id": task_id,
            "goal": "Register {student_name} for the {class} swimming class",
            "start_url": f"{demo_url}{path}{'?' + query if query else ''}",
            "data": {
                "student_name": "Eden",
                "class": "Tuesday Evening",
                "age": "9",
                "contact_email": "albert@example.com",
                "level": "Intermediate",
                "preferred_pool": "Outdoor",
            },
            "success": {"text": "Registration confirmed", "extracted": True},
            "extract": {"confirmation_number": {"pattern": r"SWM-\d{6}"}},
            "max_steps": 20,
        }
    )


def portal_task(demo_url: str, task_id: str, po: str, path: str = "/portal/", **extra: Any) -> TaskSpec:
    return TaskSpec.model_validate(
        {
            "id": task_id,
            "goal": "Download the PDF of purchase order {po_number}",
            "start_url": f"{demo_url}{path}",
            "data": {"po_number": po},
            "secrets": {"username": "buyer1", "password": "s3cret"},
            "success": {"download": True},
            "max_steps": 20,
            **extra,
        }
    )


def fault_specs(demo_url: str) -> list[TaskSpec]:
    """One task per fault switch, plus the hard failures and the escalation."""
    return [
        swim_task(demo_url, "slow", "faults=slow&slow_ms=1500"),
        swim_task(demo_url, "unavailable", "faults=unavailable&fail_count=2&retry_after=1"),
        swim_task(demo_url, "ratelimit", "faults=ratelimit&fail_count=2&retry_after=1"),
        swim_task(demo_url, "modal", "faults=modal"),
        swim_task(demo_url, "cookie-banner", "faults=cookie_banner"),
        portal_task(demo_url, "expire", "PO-10016", "/portal/?faults=expire&expire_after=2"),
        swim_task(demo_url, "late", "faults=late&late_ms=1500"),
        swim_task(demo_url, "rerender", "faults=rerender"),
        swim_task(demo_url, "not-found", path="/lab/status/404"),
        portal_task(demo_url, "forbidden", "PO-10001", "/portal/forbidden"),
        swim_task(demo_url, "site-down", "faults=unavailable&fail_count=50&retry_after=1"),
    ]


@dataclass
class FaultRun:
    results: dict[str, TaskResult]
    steps: dict[str, list[StepRecord]]
    recoveries: dict[str, list[RecoveryRecord]]
    stored: dict[str, TaskResult]


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def fault_run(demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> FaultRun:
    """Every fault task in one batch, six tabs at once (most of them wait on the faults); each test
    then reads its own task."""
    root: Path = tmp_path_factory.mktemp("faults")
    specs = fault_specs(demo_url)
    db = str(root / "faults.db")
    config = FleetConfig(
        db=db, concurrency=6, runner=RunnerConfig(artifacts_dir=root / "artifacts", trace="off")
    )
    results = await run_tasks(specs, config)
    store = Store.open(db)
    try:
        ids = [spec.id for spec in specs]
        return FaultRun(
            results={result.id: result for result in results},
            steps={task_id: await store.steps(task_id) for task_id in ids},
            recoveries={task_id: await store.recoveries(task_id) for task_id in ids},
            stored={result.id: result for result in await store.results(ids=ids)},
        )
    finally:
        store.close()


def _registered(result: TaskResult) -> None:
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert result.extracted["confirmation_number"].startswith("SWM-")
    assert "/swim/confirmation/" in result.final_url


def _strategies(rows: list[RecoveryRecord]) -> list[str]:
    return [row.strategy for row in rows]


def _target_name(step: StepRecord) -> str:
    locator = (step.action.get("target") or {}).get("locator") or {}
    return str(locator.get("name") or locator.get("label") or "")


def _assert_backed_off_then_recovered(rows: list[RecoveryRecord], status: int) -> None:
    back_offs = [row for row in rows if row.strategy == "back_off"]
    assert back_offs, _strategies(rows)
    assert all(row.error.kind == ErrorKind.NETWORK and row.error.status == status for row in back_offs)
    assert all(row.error.retryable and row.error.retry_after_s == 1.0 for row in back_offs)
    # fail_count=2 per page: the first reload still fails, the second answers.
    assert [row.outcome for row in back_offs[:2]] == ["failed", "recovered"]
    assert {row.outcome for row in back_offs} <= {"failed", "recovered"}
    assert not {"stop", "escalate"} & set(_strategies(rows))


def test_slow_pages_are_waited_for_without_any_recovery(fault_run: FaultRun) -> None:
    _registered(fault_run.results["slow"])
    assert fault_run.recoveries["slow"] == []
    assert all(step.ok for step in fault_run.steps["slow"])


def test_503_with_retry_after_backs_off_and_succeeds(fault_run: FaultRun) -> None:
    _registered(fault_run.results["unavailable"])
    _assert_backed_off_then_recovered(fault_run.recoveries["unavailable"], 503)


def test_429_rate_limit_backs_off_and_succeeds(fault_run: FaultRun) -> None:
    _registered(fault_run.results["ratelimit"])
    _assert_backed_off_then_recovered(fault_run.recoveries["ratelimit"], 429)


def test_modal_dialog_is_dismissed_and_the_task_succeeds(fault_run: FaultRun) -> None:
    _registered(fault_run.results["modal"])
    closed_by_step = [
        step
        for step in fault_run.steps["modal"]
        if step.ok and step.action["kind"] == "click" and _target_name(step).lower() in ("close", "×")
    ]
    closed_by_recovery = [
        row
        for row in fault_run.recoveries["modal"]
        if row.strategy == "close_modal" and row.outcome == "recovered"
    ]
    assert closed_by_step or closed_by_recovery
    assert not any(_target_name(step) == "Subscribe" for step in fault_run.steps["modal"])


def test_cookie_banner_over_the_form_is_closed_and_the_task_succeeds(fault_run: FaultRun) -> None:
    _registered(fault_run.results["cookie-banner"])
    rows = fault_run.recoveries["cookie-banner"]
    # On a loaded machine the banner may still be animating in on the first try: the last try closes it.
    assert rows and {row.strategy for row in rows} == {"close_modal"} and rows[-1].outcome == "recovered"
    assert len(rows) <= 3
    assert all("cookie" in row.error.message.lower() for row in rows)
    # The banner covered the lower part of the form (level, pool, terms): those were filled too.
    assert {"type", "select", "check"} <= {step.action["kind"] for step in fault_run.steps["cookie-banner"]}


def test_expired_session_is_re_authenticated_and_the_step_resumes(fault_run: FaultRun) -> None:
    result = fault_run.results["expire"]
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert len(result.files) == 1 and result.files[0].endswith("PO-10016.pdf")
    assert Path(result.files[0]).read_bytes().startswith(b"%PDF-")
    rows = fault_run.recoveries["expire"]
    assert [(row.strategy, row.outcome) for row in rows] == [("reauthenticate", "recovered")]
    assert rows[0].error.kind == ErrorKind.AUTH
    steps = fault_run.steps["expire"]
    # The navigator signed in once; the second sign-in was the recovery's, and the task went on
    # from the order it was opening when the session ran out.
    assert sum(1 for step in steps if step.action.get("secret") == "password") == 1
    after = [step for step in steps if step.step > rows[0].step]
    assert after and after[0].action["kind"] == "download"
    assert after[0].url.endswith("/portal/orders/PO-10016")


def test_a_button_that_appears_late_is_waited_for(fault_run: FaultRun) -> None:
    _registered(fault_run.results["late"])
    assert not any(row.strategy in ("stop", "escalate") for row in fault_run.recoveries["late"])


def test_a_form_that_re_renders_is_still_filled_and_sent(fault_run: FaultRun) -> None:
    _registered(fault_run.results["rerender"])
    assert not any(row.strategy in ("stop", "escalate") for row in fault_run.recoveries["rerender"])


def test_404_start_page_fails_at_once_without_retries(fault_run: FaultRun) -> None:
    result = fault_run.results["not-found"]
    assert result.status == TaskStatus.FAILED
    assert result.error is not None
    assert (result.error.kind, result.error.status, result.error.retryable) == (ErrorKind.NETWORK, 404, False)
    assert result.steps == 0
    assert _strategies(fault_run.recoveries["not-found"]) == ["stop"]


def test_403_fails_as_access_denied_without_retries(fault_run: FaultRun) -> None:
    result = fault_run.results["forbidden"]
    assert result.status == TaskStatus.FAILED
    assert result.error is not None
    assert (result.error.kind, result.error.status, result.error.retryable) == (ErrorKind.AUTH, 403, False)
    assert _strategies(fault_run.recoveries["forbidden"]) == ["stop"]


def test_a_site_that_stays_down_escalates_to_a_person_with_a_screenshot(fault_run: FaultRun) -> None:
    result = fault_run.results["site-down"]
    assert result.status == TaskStatus.NEEDS_REVIEW
    assert result.error is not None
    assert (result.error.kind, result.error.status) == (ErrorKind.NETWORK, 503)
    assert "did not help" in result.error.message and "503" in result.error.message
    assert result.screenshot is not None and Path(result.screenshot).is_file()
    assert Path(result.screenshot).read_bytes().startswith(b"\x89PNG")
    stored = fault_run.stored["site-down"]
    assert stored.status == TaskStatus.NEEDS_REVIEW and stored.screenshot == result.screenshot
    rows = fault_run.recoveries["site-down"]
    assert _strategies(rows) == ["back_off"] * (len(rows) - 1) + ["escalate"]
    assert len(rows) >= 3 and {row.outcome for row in rows[:-1]} == {"failed"}
    assert rows[-1].outcome == "escalated"
