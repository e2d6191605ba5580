"""Browser-level checks of the demo site's JavaScript widgets and page faults.

Skipped when no Chromium is installed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ghosttab.demo.server import DemoServer

CHROMIUM = os.environ.get("GHOSTTAB_BROWSER") or next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as demo:
        yield demo


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_modal_intercepts_clicks_until_closed(server: DemoServer, page: Page) -> None:
    page.goto(server.url + "/swim/?faults=modal,cookie_banner")
    page.get_by_role("dialog").wait_for()
    link = page.get_by_role("link", name="Monday Morning")
    with pytest.raises(PlaywrightTimeout):
        link.click(timeout=800)
    page.get_by_role("button", name="Close").click()
    page.get_by_role("button", name="Accept all").click()
    assert page.get_by_role("button", name="Accept all").count() == 0
    link.click()
    page.wait_for_url("**/swim/classes/monday-morning")
    assert page.get_by_role("button", name="Accept all").count() == 0  # consent remembered


def test_late_button_and_rerender(server: DemoServer, page: Page) -> None:
    url = "/swim/classes/tuesday-evening/register?faults=late,rerender&late_ms=4000&rerender_ms=1000"
    page.goto(server.url + url, wait_until="domcontentloaded")
    button = page.get_by_role("button", name="Complete registration")
    assert button.count() == 0
    handle = page.get_by_label("Student name").element_handle()
    assert handle is not None
    page.wait_for_function("e => !e.isConnected", arg=handle)  # the form was re-rendered
    assert page.get_by_label("Student name").count() == 1
    button.wait_for(timeout=15_000)
    page.get_by_label("Student name").fill("Eden")
    page.get_by_label("Contact email").fill("eden@example.com")
    page.get_by_label("Level").select_option("Advanced")
    page.get_by_label("Outdoor").check()
    page.get_by_label("I agree to the terms and conditions").check()
    button.click()
    assert page.locator("h1").inner_text() == "Registration confirmed"
    assert page.locator("#class").inner_text() == "Tuesday Evening"


def test_shop_widgets_and_checkout(server: DemoServer, page: Page) -> None:
    page.goto(server.url + "/shop/")
    page.get_by_role("combobox", name="Search products").press_sequentially("tent", delay=30)
    page.get_by_role("option", name="Basecamp 4-Person Tent").click()
    page.get_by_role("link", name="Basecamp 4-Person Tent").first.click()
    page.get_by_role("tab", name="Reviews").click()
    assert "verified buyer" in page.get_by_role("tabpanel").inner_text()
    page.get_by_role("button", name="Shipping details").click()
    assert page.get_by_role("region", name="Shipping details").is_visible()
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_role("link", name="Proceed to checkout").click()
    page.get_by_placeholder("Full name").fill("Robin Park")
    page.get_by_placeholder("Email").fill("robin@example.com")
    page.get_by_placeholder("Street address").fill("1 Main St")
    page.get_by_label("Delivery date").fill("2031-05-14")
    page.get_by_role("combobox", name="Shipping method").click()
    page.get_by_role("option", name="Overnight").click()
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Terms", exact=True).click()
    assert new_tab.value.url.endswith("/shop/terms")
    new_tab.value.close()
    page.get_by_role("button", name="Place order").click()
    assert page.locator("h1").inner_text() == "Order placed"
    assert page.locator("#order-number").inner_text().startswith("ORD-")
    assert "Overnight" in page.content()


def test_shadow_and_iframe_forms(server: DemoServer, page: Page) -> None:
    page.goto(server.url + "/lab/shadow")
    page.get_by_label("Nickname").fill("otter")
    page.get_by_role("button", name="Submit").click()
    assert page.locator("#shadow-result").inner_text() == "Shadow form submitted: otter"
    page.goto(server.url + "/lab/iframe")
    frame = page.frame_locator("iframe")
    frame.get_by_label("Coupon code").fill("SAVE10")
    frame.get_by_role("button", name="Apply").click()
    assert frame.get_by_role("status").inner_text() == "Coupon SAVE10 applied"
    page.wait_for_function("document.body.innerText.includes('Coupon SAVE10 applied')")


def test_storage_probe(server: DemoServer, page: Page) -> None:
    ready = "document.getElementById('state').textContent.startsWith('{')"
    page.goto(server.url + "/lab/storage")
    page.wait_for_function(ready)
    before = json.loads(page.locator("#state").inner_text())
    assert before["local_storage"] is None and before["indexeddb"] is False
    page.get_by_role("button", name="Set state").click()
    page.wait_for_function("JSON.parse(document.getElementById('state').textContent).indexeddb")
    page.reload()
    page.wait_for_function(ready)
    after = json.loads(page.locator("#state").inner_text())
    assert "gt_probe=1" in after["cookie"]
    assert after["local_storage"] == "1" and after["session_storage"] == "1"
    assert after["indexeddb"] is True and after["http_cache"] is True
