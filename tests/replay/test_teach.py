"""Taught paths: Playwright acting as the person demonstrates one task; the batch replays it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from playwright.async_api import Browser

from ghosttab import FleetConfig, Store, TaskStatus, run_tasks
from ghosttab.replay import CacheOutcome
from ghosttab.replay.teach import Demonstration

from .conftest import ORDERS, po_task

MakeConfig = Callable[..., FleetConfig]


async def _demonstrate(chromium: Browser, demo_url: str, po: str) -> Demonstration:
    sample = po_task(demo_url, po)
    context = await chromium.new_context(accept_downloads=True)
    demo = Demonstration(sample)
    await demo.attach(context)
    page = await context.new_page()
    await page.goto(sample.start_url)
    await page.fill("#username", "buyer1")
    await page.fill("#password", "s3cret")
    await page.click("button[type=submit]")
    await page.wait_for_url("**/portal/orders**")
    await page.fill("#q", po)
    await page.press("#q", "Enter")
    await page.wait_for_url("**q=*")
    await page.get_by_role("link", name=po, exact=True).click()
    await page.wait_for_url(f"**/orders/{po}")
    async with page.expect_download():
        await page.get_by_role("link", name="Download PDF").click()
    await context.close()
    return demo


async def test_a_demonstrated_task_becomes_a_path_the_batch_replays_with_no_decider(
    chromium: Browser, demo_url: str, fleet_config: MakeConfig
) -> None:
    demo = await _demonstrate(chromium, demo_url, ORDERS[0])
    path = demo.path()
    assert path is not None and path.taught
    kinds = [step.action["kind"] for step in path.steps]
    assert kinds == ["type", "type", "click", "type", "click", "download"], kinds
    typed = [step.action for step in path.steps if step.action["kind"] == "type"]
    assert [t.get("secret") or t.get("field") for t in typed] == ["username", "password", "po_number"]
    assert typed[-1]["submit"] is True and "s3cret" not in path.model_dump_json()
    config = fleet_config(concurrency=3)
    with Store.open(config.db) as store:
        await store.save_path(path.key, path.site, path.goal_template, path.model_dump(mode="json"))
    specs = [po_task(demo_url, po) for po in ORDERS[1:11]]
    results = await run_tasks(specs, config)
    assert [r.status for r in results] == [TaskStatus.SUCCEEDED] * 10, [r.error for r in results]
    for spec, result in zip(specs, results, strict=True):
        assert list(result.tiers) == ["replay"], result.tiers
        assert result.cache is not None and result.cache.outcome == CacheOutcome.HIT
        assert [Path(file).name for file in result.files] == [f"{spec.data['po_number']}.pdf"]


def test_the_record_command_opens_the_start_url_and_stores_nothing_when_nothing_is_done(
    demo_url: str, tmp_path: Path
) -> None:
    db = tmp_path / "taught.db"
    command = [
        sys.executable, "-m", "ghosttab.cli.main", "record", "--url", f"{demo_url}/portal/",
        "--goal", "Download the PDF of purchase order PO-10004", "--db", str(db), "--headless",
    ]  # fmt: skip
    done = subprocess.run(command, input="\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Show the task in the browser" in done.stdout and "nothing was done" in done.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "ghosttab.cli.main", "cache", "ls", "--db", str(db)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert listed.returncode == 0 and "0 paths" in listed.stdout
