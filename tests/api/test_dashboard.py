"""The dashboard in real Chromium: sign in, a live feed, a task page with screenshots, CSV upload,
the review queue. A screenshot of each page is saved under test-artifacts/dashboard/."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio
from playwright.async_api import Browser, Page, expect
from tests.api.server import Served

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"


@pytest_asyncio.fixture
async def signed_in(chromium: Browser, served: Served) -> AsyncIterator[Page]:
    context = await chromium.new_context(base_url=served.url, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto("/")
    await expect(page).to_have_url(f"{served.url}/login")
    await page.fill("input[name=token]", served.token)
    await page.click("text=Sign in")
    await expect(page.locator("#live")).to_have_text("live")
    yield page
    await context.close()


async def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


async def test_a_wrong_token_does_not_sign_in(chromium: Browser, served: Served) -> None:
    context = await chromium.new_context(base_url=served.url)
    page = await context.new_page()
    await page.goto("/login")
    await page.fill("input[name=token]", "not-the-token-at-all")
    await page.click("text=Sign in")
    await expect(page.locator("text=wrong token")).to_be_visible()
    await shot(page, "login")
    await context.close()


async def test_feed_updates_live_and_task_page_shows_screenshots(
    signed_in: Page, served: Served, demo_url: str
) -> None:
    page = signed_in
    task = {"id": "ui-live-1", "goal": "Open the page", "start_url": f"{demo_url}/lab/", "max_steps": 3}
    httpx.post(f"{served.url}/api/tasks", json=task, headers=served.headers).raise_for_status()
    row = page.locator("tr[data-id='ui-live-1'] .chip")
    await expect(page.locator("tr[data-id='ui-live-1']")).to_be_visible(timeout=20_000)
    await expect(row).to_have_text(re.compile("SUCCEEDED|FAILED|NEEDS_REVIEW"), timeout=120_000)
    await shot(page, "feed")
    await page.click("a[href='/tasks/ui-live-1']")
    image = page.locator("img.shot").first
    await expect(image).to_be_visible()
    loaded = "() => [...document.querySelectorAll('img.shot')].some(i => i.complete && i.naturalWidth > 0)"
    await page.wait_for_function(loaded, timeout=30_000)  # the screenshot's file is served and decodes
    await shot(page, "task")


async def test_csv_uploaded_from_the_browser_becomes_tasks(
    signed_in: Page, served: Served, demo_url: str, tmp_path: Path
) -> None:
    csv_file = tmp_path / "batch.csv"
    lab = f"{demo_url}/lab/"
    csv_file.write_text(f"id,goal,start_url\nui-csv-1,Open the page,{lab}\nui-csv-2,Open it,{lab}\n")
    await signed_in.set_input_files("input[name=file]", str(csv_file))
    await signed_in.click("#upload")
    await expect(signed_in.locator("#added")).to_have_text("2 tasks added")
    await shot(signed_in, "uploaded")
    found = httpx.get(f"{served.url}/api/tasks", params={"text": "ui-csv-"}, headers=served.headers).json()
    assert sorted(t["id"] for t in found["tasks"]) == ["ui-csv-1", "ui-csv-2"]


async def test_review_queue_page_and_csrf(signed_in: Page, served: Served) -> None:
    await signed_in.goto("/review")
    await expect(signed_in.locator("h2")).to_have_text("Review queue")
    await shot(signed_in, "review")
    # A form post without the CSRF value is refused even with the session cookie.
    refused = await signed_in.request.post("/ui/tasks/ui-live-1/retry", form={"csrf": "forged"})
    assert refused.status == 403
