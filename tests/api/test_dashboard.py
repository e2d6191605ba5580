"""The dashboard in real Chromium: sign in, a live feed, a task page with screenshots, the live view
of a running task, CSV upload and the submit form, the review queue's actions, the metrics page.
A screenshot of each page is saved under test-artifacts/dashboard/."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, expect
from tests.api.server import Served

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
FINAL = re.compile("succeeded|failed|needs review")
ENDED = {"SUCCEEDED", "FAILED", "NEEDS_REVIEW"}
# A page that works for a while by itself (a clock ticks) and then says it is done: a task that
# runs long enough to be watched, without a single click.
REPORT_PAGE = b"""<!doctype html><html><head><title>Report builder</title></head>
<body style="font:18px sans-serif;padding:2rem"><h1>Building your report</h1><p id="clock">0.0 s</p>
<p id="state">Working, please wait.</p><script>const t0 = Date.now(); setInterval(() => {
const s = (Date.now() - t0) / 1000; document.getElementById("clock").textContent = s.toFixed(1) + " s";
if (s > 10) document.getElementById("state").textContent = "All done: report ready"; }, 100);</script>
</body></html>"""


class _ReportHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(REPORT_PAGE)))
        self.end_headers()
        self.wfile.write(REPORT_PAGE)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def report_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ReportHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest_asyncio.fixture
async def signed_in(chromium: Browser, served: Served) -> AsyncIterator[Page]:
    context = await chromium.new_context(base_url=served.url, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto("/")
    await expect(page).to_have_url(f"{served.url}/login")
    await page.fill("input[name=token]", served.token)
    await page.click("button:has-text('Sign in')")
    await expect(page.locator("#live")).to_have_text("live")
    yield page
    await context.close()


async def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submit(served: Served, *tasks: dict[str, object]) -> None:
    response = httpx.post(f"{served.url}/api/tasks", json={"tasks": list(tasks)}, headers=served.headers)
    response.raise_for_status()


async def wait_status(served: Served, task_id: str, statuses: set[str], seconds: float = 120) -> str:
    async with httpx.AsyncClient(base_url=served.url, headers=served.headers) as client:
        for _ in range(int(seconds * 4)):
            status = str((await client.get(f"/api/tasks/{task_id}")).json()["status"])
            if status in statuses:
                return status
            await asyncio.sleep(0.25)
    raise AssertionError(f"{task_id} never reached {statuses}")


def site_down(demo_url: str, task_id: str) -> dict[str, object]:
    """A task whose site stays down: its recoveries give up and it waits for a person."""
    query = "faults=unavailable&fail_count=50&retry_after=1"
    return {"id": task_id, "goal": "Register Eden for the Tuesday evening class",
            "start_url": f"{demo_url}/swim/classes/tuesday-evening/register?{query}",
            "success": {"text": "Registration confirmed"}, "max_steps": 10}  # fmt: skip


async def test_a_wrong_token_does_not_sign_in(chromium: Browser, served: Served) -> None:
    context = await chromium.new_context(base_url=served.url)
    page = await context.new_page()
    await page.goto("/login")
    await page.fill("input[name=token]", "not-the-token-at-all")
    await page.click("button:has-text('Sign in')")
    await expect(page.locator("text=wrong token")).to_be_visible()
    await shot(page, "login")
    await context.close()


async def test_feed_updates_live_and_task_page_shows_screenshots(
    signed_in: Page, served: Served, demo_url: str
) -> None:
    page = signed_in
    task = {"id": "ui-live-1", "goal": "Open the page", "start_url": f"{demo_url}/lab/", "max_steps": 3}
    submit(served, task)
    row = page.locator("tr[data-id='ui-live-1'] .chip")
    await expect(page.locator("tr[data-id='ui-live-1']")).to_be_visible(timeout=20_000)
    await expect(row).to_have_text(FINAL, timeout=120_000)  # without reloading the page
    ended = [await page.locator(f"#count-{status}").inner_text() for status in sorted(ENDED)]
    assert sum(int(n) for n in ended) >= 1  # the counts at the top follow too
    await shot(page, "feed")
    await page.click("a[href='/tasks/ui-live-1']")
    image = page.locator("img.shot").first
    await expect(image).to_be_visible()
    loaded = "() => [...document.querySelectorAll('img.shot')].some(i => i.complete && i.naturalWidth > 0)"
    await page.wait_for_function(loaded, timeout=30_000)  # the screenshot's file is served and decodes
    await expect(page.locator("#steps .step").first).to_be_visible()
    await shot(page, "task")
    await page.set_viewport_size({"width": 420, "height": 900})  # a phone: one column, nothing cut off
    await page.goto("/")
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    await shot(page, "feed-narrow")


async def test_live_view_shows_frames_of_a_running_task_and_stops_when_it_ends(
    signed_in: Page, served: Served, report_site: str
) -> None:
    task = {"id": "ui-report", "goal": "Wait for the report to be ready", "start_url": f"{report_site}/",
            "success": {"text": "report ready"}, "max_steps": 40}  # fmt: skip
    submit(served, task)
    await signed_in.goto("/tasks/ui-report")
    await expect(signed_in.locator("#status")).to_have_text("running", timeout=60_000)
    page = await signed_in.context.new_page()  # the task page stays open in the first tab
    await page.goto("/tasks/ui-report")
    await page.click("#watch")
    await expect(page).to_have_url(re.compile("/tasks/ui-report/live$"))
    frame = page.locator("#frame")
    newer = "(n) => Number(document.getElementById('frame').dataset.frame || 0) > n"
    await page.wait_for_function(newer, arg=1, timeout=60_000)
    seen = int(await frame.get_attribute("data-frame") or 0)
    await page.wait_for_function(newer, arg=seen, timeout=20_000)  # frames keep coming while it runs
    assert await frame.evaluate("img => img.complete && img.naturalWidth > 0")
    await expect(page.locator("#status")).to_have_text("running")
    await shot(page, "live")
    async with httpx.AsyncClient(base_url=served.url) as client:  # the API gives the same frame
        live = await client.get("/api/tasks/ui-report/live", headers=served.headers)
        assert live.status_code == 200 and live.content.startswith(b"\xff\xd8")
        assert int(live.headers["X-Frame-Number"]) >= seen
        assert (await client.get("/api/tasks/ui-report/live")).status_code == 401
    await expect(page.locator("#ended")).to_contain_text("has ended", timeout=90_000)
    await expect(page.locator("#status")).to_have_text("succeeded")
    async with httpx.AsyncClient(base_url=served.url, headers=served.headers) as client:
        assert (await client.get("/api/tasks/ui-report/live")).status_code == 409
    await expect(signed_in.locator("#status")).to_have_text("succeeded")  # followed without a reload
    await expect(signed_in.locator("#watch")).to_have_count(0)
    with sqlite3.connect(served.db) as db:  # the frames went with the task
        assert db.execute("SELECT count(*) FROM live_frames WHERE task_id = 'ui-report'").fetchone() == (0,)


async def test_csv_uploaded_from_the_browser_becomes_tasks(
    signed_in: Page, served: Served, demo_url: str, tmp_path: Path
) -> None:
    csv_file = tmp_path / "batch.csv"
    lab = f"{demo_url}/lab/"
    csv_file.write_text(f"id,goal,start_url\nui-csv-1,Open the page,{lab}\nui-csv-2,Open it,{lab}\n")
    await shot(signed_in, "submit")
    await signed_in.set_input_files("input[name=file]", str(csv_file))
    await signed_in.click("#upload")
    await expect(signed_in.locator("#added")).to_have_text("2 tasks added")
    await shot(signed_in, "uploaded")
    found = httpx.get(f"{served.url}/api/tasks", params={"text": "ui-csv-"}, headers=served.headers).json()
    assert sorted(t["id"] for t in found["tasks"]) == ["ui-csv-1", "ui-csv-2"]
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a task file")
    await signed_in.goto("/")
    await signed_in.set_input_files("input[name=file]", str(wrong))
    await signed_in.click("#upload")  # refused on the page, not as a JSON body
    await expect(signed_in.locator("#added")).to_have_text("0 tasks added")
    await expect(signed_in.locator("text=unsupported file type")).to_be_visible()


async def test_one_task_submitted_from_the_form_opens_its_page(signed_in: Page, demo_url: str) -> None:
    await signed_in.fill("input[name=goal]", "Open the page")
    await signed_in.fill("input[name=start_url]", f"{demo_url}/lab/")
    await signed_in.click("#submit")
    await expect(signed_in.locator("h1 .mono")).to_have_text(re.compile(r"\S+"))
    assert "/tasks/" in signed_in.url
    await signed_in.goto("/")
    await signed_in.fill("input[name=goal]", "Read the cloud metadata")
    await signed_in.fill("input[name=start_url]", "http://169.254.169.254/latest/")
    await signed_in.click("#submit")  # refused by the address policy, said on the page
    await expect(signed_in.locator("#added")).to_have_text("0 tasks added")
    await expect(signed_in.locator("td.mono")).to_have_text("start_url")


async def test_review_queue_retries_resolves_and_cancels(
    signed_in: Page, served: Served, demo_url: str
) -> None:
    page = signed_in
    ids = ("ui-rv-retry", "ui-rv-resolve", "ui-rv-cancel")
    submit(served, *(site_down(demo_url, task_id) for task_id in ids))
    for task_id in ids:
        assert await wait_status(served, task_id, ENDED) == "NEEDS_REVIEW"
    await page.goto("/review")
    for task_id in ids:
        await expect(page.locator(f"[data-id='{task_id}'] img.hero")).to_be_visible()
    await shot(page, "review")
    card = page.locator("[data-id='ui-rv-retry']")
    await card.locator("input[name=note]").first.fill("the site is back")
    await card.locator("button[value=retry]").click()
    await expect(page.locator("#done")).to_contain_text("ui-rv-retry queued")
    card = page.locator("[data-id='ui-rv-resolve']")
    await card.locator("textarea[name=value]").fill("confirmation_number: SWM-123456")
    await card.locator("button[value=resolve]").click()
    await expect(page.locator("#done")).to_contain_text("ui-rv-resolve succeeded")
    await page.locator("[data-id='ui-rv-cancel'] button[value=cancel]").click()
    await expect(page.locator("#done")).to_contain_text("ui-rv-cancel cancelled")
    await expect(page.locator("[data-id='ui-rv-resolve']")).to_have_count(0)
    with served.client() as client:
        resolved = client.get("/api/tasks/ui-rv-resolve").json()
        assert resolved["status"] == "SUCCEEDED"
        assert resolved["result"]["extracted"] == {"confirmation_number": "SWM-123456"}
        assert client.get("/api/tasks/ui-rv-cancel").json()["status"] == "CANCELLED"
        assert client.get("/api/tasks/ui-rv-retry").json()["status"] in ("QUEUED", "RUNNING", "NEEDS_REVIEW")
    await page.goto("/tasks/ui-rv-retry")
    await expect(page.locator("text=the site is back")).to_be_visible()  # the note, in its history
    # A form post without the CSRF value is refused even with the session cookie.
    refused = await page.request.post("/ui/tasks/ui-rv-retry/review/cancel", form={"csrf": "forged"})
    assert refused.status == 403


async def test_review_through_the_api(served: Served, demo_url: str) -> None:
    submit(served, site_down(demo_url, "api-rv-1"), site_down(demo_url, "api-rv-2"))
    with served.client() as client:
        assert client.post("/api/tasks/api-rv-1/review/retry", json={}).status_code == 409  # not yet
        for task_id in ("api-rv-1", "api-rv-2"):
            assert await wait_status(served, task_id, ENDED) == "NEEDS_REVIEW"
        missing_value = client.post("/api/tasks/api-rv-1/review/resolve", json={"note": "by hand"})
        assert missing_value.status_code == 422 and missing_value.json()["field"] == "value"
        body = {"note": "done by phone", "value": {"confirmation_number": "SWM-000042"}}
        resolved = client.post("/api/tasks/api-rv-1/review/resolve", json=body)
        assert resolved.json() == {"id": "api-rv-1", "status": "SUCCEEDED", "done": True}
        assert client.post("/api/tasks/api-rv-1/review/cancel", json={}).status_code == 409  # done once
        cancelled = client.post("/api/tasks/api-rv-2/review/cancel", json={"note": "not needed"})
        assert cancelled.json()["status"] == "CANCELLED"
        assert client.post("/api/tasks/nope/review/retry", json={}).status_code == 404


async def test_metrics_page_draws_charts_and_queue_pressure(signed_in: Page, served: Served) -> None:
    await wait_status(served, "ui-live-1", ENDED)
    await signed_in.goto("/stats")
    await expect(signed_in.locator("svg.chart")).to_have_count(5)
    assert int(await signed_in.locator("#kpi-finished").inner_text()) >= 1
    assert await signed_in.locator("svg.chart rect, svg.chart circle").count() >= 1  # a bar or a point drawn
    await expect(signed_in.locator("#pressure")).to_contain_text("Workers alive")
    await shot(signed_in, "metrics")
    series = httpx.get(f"{served.url}/api/metrics/series", params={"window_s": 3600, "buckets": 12},
                       headers=served.headers).json()  # fmt: skip
    assert len(series["buckets"]) == 12 and sum(b["finished"] for b in series["buckets"]) >= 1
