"""RefHandle: actions on an element by its ref, without Playwright's selector engine, in Chromium.

Each test checks both what happened on the page and which path did it: `reached_by_locator` is
False when the ref path did every step, True when a step fell back to Playwright's Locator.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from ghosttab.actions import Check, Click, Select, TypeText
from ghosttab.executor.handle import RefHandle

from .conftest import LocalSite, MakeExecutor
from .helpers import target

FORM = """
<p id=log></p>
<form onsubmit="event.preventDefault(); log.textContent = 'sent ' + new FormData(this).get('name')">
  <input data-gt-ref=name name=name value="old text">
  <input data-gt-ref=age name=age type=number>
  <input data-gt-ref=day name=day type=date>
  <textarea data-gt-ref=notes name=notes>old notes</textarea>
  <div data-gt-ref=rich contenteditable>old rich</div>
  <input data-gt-ref=fixed name=fixed readonly value=fixed>
  <select data-gt-ref=level name=level onchange="log.textContent = 'level ' + this.value">
    <option>Beginner</option><option>Advanced</option>
  </select>
  <label><input data-gt-ref=terms type=checkbox name=terms> I agree</label>
  <button data-gt-ref=send>Send</button>
</form>
"""


def handle_for(page: Page, ref: str) -> RefHandle:
    return RefHandle(page, ref, lambda: _by_ref(page, ref))


async def _by_ref(page: Page, ref: str) -> Locator:
    return page.locator(f"[data-gt-ref='{ref}']")


async def test_fill_replaces_text_in_inputs_textareas_and_editable_boxes(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(FORM))
    for ref, value in (("name", "Ann Lee"), ("age", " 9 "), ("day", "2026-05-04"), ("notes", "new"),
                       ("rich", "new rich")):
        handle = handle_for(page, ref)
        await handle.fill(value, 2000)
        assert not handle.reached_by_locator, ref
    assert await page.input_value("[name=name]") == "Ann Lee"
    assert await page.input_value("[name=age]") == "9"
    assert await page.input_value("[name=day]") == "2026-05-04"
    assert await page.input_value("[name=notes]") == "new"
    assert await page.inner_text("[contenteditable]") == "new rich"


async def test_fill_with_nothing_clears_the_field(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(FORM))
    await handle_for(page, "name").fill("", 2000)
    assert await page.input_value("[name=name]") == ""


async def test_a_read_only_field_is_left_to_playwright(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(FORM))
    handle = handle_for(page, "fixed")
    with pytest.raises(PlaywrightError):
        await handle.fill("other", 500)
    assert handle.reached_by_locator
    assert await page.input_value("[name=fixed]") == "fixed"


async def test_select_index_fires_change(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(FORM))
    handle = handle_for(page, "level")
    await handle.select_index(1, 2000)
    assert not handle.reached_by_locator
    assert await page.inner_text("#log") == "level Advanced"


async def test_click_and_press_submit_the_form(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(FORM))
    await handle_for(page, "name").fill("Bo", 2000)
    button = handle_for(page, "send")
    await button.click(2000)
    assert not button.reached_by_locator
    assert await page.inner_text("#log") == "sent Bo"
    await page.evaluate("log.textContent = ''")
    field = handle_for(page, "name")
    await field.press("Enter", 2000)
    assert not field.reached_by_locator
    assert await page.inner_text("#log") == "sent Bo"


async def test_click_scrolls_a_far_element_into_view(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(
        "<div style='height: 3000px'></div>"
        "<button data-gt-ref=far onclick=\"this.textContent = 'pressed'\">Far</button>"))
    handle = handle_for(page, "far")
    await handle.click(2000)
    assert not handle.reached_by_locator
    assert await page.inner_text("button") == "pressed"
    assert await page.evaluate("scrollY") > 1000


async def test_a_covered_element_falls_back_and_is_not_clicked_through(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(
        "<button data-gt-ref=under onclick=\"this.textContent = 'pressed'\">Under</button>"
        "<div style='position: fixed; inset: 0; background: white'>overlay</div>"))
    handle = handle_for(page, "under")
    with pytest.raises(PlaywrightError, match="intercepts pointer events"):
        await handle.click(800)
    assert handle.reached_by_locator
    assert await page.inner_text("button") == "Under"


async def test_a_moving_element_is_clicked_once_it_holds_still(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(
        "<style>@keyframes slide { from { margin-left: 0 } to { margin-left: 300px } }</style>"
        "<button data-gt-ref=moving style='animation: slide 0.6s forwards'"
        " onclick=\"this.textContent = 'pressed'\">Moving</button>"))
    handle = handle_for(page, "moving")
    await handle.click(3000)
    assert handle.reached_by_locator  # Playwright waited for it to stop
    assert await page.inner_text("button") == "pressed"


async def test_a_disabled_button_is_left_to_playwright(page: Page, site: LocalSite) -> None:
    await page.goto(site.add(
        "<fieldset disabled><button data-gt-ref=off onclick=\"this.textContent = 'pressed'\">Off</button>"
        "</fieldset>"))
    handle = handle_for(page, "off")
    with pytest.raises(PlaywrightError):
        await handle.click(500)
    assert handle.reached_by_locator
    assert await page.inner_text("button") == "Off"


async def test_the_executor_acts_by_ref_without_the_locator(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(FORM))
    executor = make_executor(data={"name": "Cy Young"})
    steps = [
        TypeText(target=target("name", input_name="name"), field="name"),
        Select(target=target("level", input_name="level"), option="Advanced"),
        Check(target=target("terms", input_name="terms"), checked=True),
        Click(target=target("send", role="button", name="Send")),
    ]
    for step in steps:
        result = await executor.execute(page, step)
        assert result.ok, result.error
        handle, _ = await executor.handle(page, step.target)
        assert isinstance(handle, RefHandle)
    assert await page.is_checked("[name=terms]")
    assert await page.inner_text("#log") == "sent Cy Young"


async def test_a_ref_the_page_lost_is_found_by_its_locator(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(FORM))
    await page.evaluate("document.querySelector('[name=name]').removeAttribute('data-gt-ref')")
    executor = make_executor()
    result = await executor.execute(page, TypeText(target=target("name", input_name="name"), text="Di"))
    assert result.ok, result.error
    handle, _ = await executor.handle(page, target("name", input_name="name"))
    assert not isinstance(handle, RefHandle)
    assert await page.input_value("[name=name]") == "Di"
