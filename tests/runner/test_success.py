from __future__ import annotations

from playwright.async_api import Page

from ghosttab.perception import observe
from ghosttab.runner import success
from ghosttab.spec import TaskSpec


def _spec(url: str) -> TaskSpec:
    spec = {"id": "t", "goal": "look", "start_url": url, "success": {"text": "nowhere"}}
    return TaskSpec.model_validate(spec)


async def test_page_state_changes_with_a_scroll_and_not_without_one(page: Page, demo_url: str) -> None:
    url = f"{demo_url}/lab/table?rows=2000"
    spec = _spec(url)
    await page.goto(url)
    first = await success.probe(page, spec)
    again = await success.probe(page, spec)
    assert first.state == again.state

    await page.mouse.wheel(0, 1600)
    await page.wait_for_function("window.scrollY > 0")
    scrolled = await success.probe(page, spec)
    assert scrolled.state != first.state  # the observation cache must not serve the old view


async def test_an_observation_carries_the_state_it_was_taken_in(page: Page, demo_url: str) -> None:
    """A dialog that opens between the probe and the observation files the observation under the
    dialog's state, so closing the dialog again cannot bring the stale view back from the cache."""
    url = f"{demo_url}/swim/"
    spec = _spec(url)
    await page.goto(url)
    before = await success.probe(page, spec)
    assert (await observe(page)).state == before.state

    await page.evaluate(
        "() => { const d = document.createElement('div'); d.id = 'late-dialog';"
        " d.setAttribute('role', 'dialog'); d.textContent = 'Subscribe'; document.body.append(d); }"
    )
    with_dialog = await observe(page)
    assert with_dialog.state != before.state
    assert with_dialog.state == (await success.probe(page, spec)).state

    await page.evaluate("() => document.getElementById('late-dialog').remove()")
    assert (await success.probe(page, spec)).state == before.state
