"""Finding targets: refs, stale refs, every locator strategy, frames, shadow DOM, covered targets."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from ghosttab.actions import Click, TypeText
from ghosttab.errors import ErrorKind, GhosttabError

from .conftest import LocalSite, MakeExecutor
from .helpers import target

COUNTER = """
<div id="app"></div>
<p id="count">0</p>
<script>
  function render(ref) {
    const b = document.createElement('button');
    b.textContent = 'Save';
    if (ref) b.setAttribute('data-gt-ref', ref);
    b.onclick = () => { const c = document.getElementById('count'); c.textContent = +c.textContent + 1; };
    document.getElementById('app').replaceChildren(b);
  }
  render('e5');
</script>
"""


async def test_ref_is_used_when_it_matches_one_node(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(COUNTER + '<button data-gt-ref="e6">Save</button>'))
    executor = make_executor()
    # Two "Save" buttons: only the ref tells them apart.
    result = await executor.execute(page, Click(target=target(ref="e5", role="button", name="Save")))
    assert result.ok, result.error
    assert await page.inner_text("#count") == "1"


async def test_stale_ref_falls_back_to_the_locator(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(COUNTER))
    await page.evaluate("render(null)")  # re-render: the node carrying data-gt-ref="e5" is gone
    result = await make_executor().execute(page, Click(target=target(ref="e5", role="button", name="Save")))
    assert result.ok, result.error
    assert await page.inner_text("#count") == "1"


STRATEGIES = """
<input id="email" name="email_addr">
<input name="zip" type="text">
<input name="zip" type="hidden" value="x">
<label>Full name <input name="full"></label>
<input placeholder="Search orders" name="q">
<a href="/orders/PO-10023">PO-10023</a>
<a href="/orders/PO-10024">PO-10024</a>
<span class="hint">Note:</span><textarea class="notes"></textarea>
<div role="button" aria-label="Close dialog" onclick="this.textContent='closed'">x</div>
"""


@pytest.mark.parametrize(
    ("locator", "expected_name"),
    [
        ({"element_id": "email", "input_name": "wrong"}, "email_addr"),
        ({"input_name": "zip", "input_type": "text", "tag": "input"}, "zip"),
        ({"label": "Full name"}, "full"),
        ({"placeholder": "Search orders"}, "q"),
        ({"css": "textarea.notes"}, ""),
        ({"element_id": "gone", "label": "Full name"}, "full"),  # a stale id falls through to the label
    ],
)
async def test_locator_strategies_find_the_one_element(
    page: Page, site: LocalSite, make_executor: MakeExecutor, locator: dict[str, str], expected_name: str
) -> None:
    await page.goto(site.add(STRATEGIES))
    found = await make_executor().resolve(page, target(**locator))
    assert await found.count() == 1
    assert (await found.get_attribute("name") or "") == expected_name


async def test_links_resolve_by_absolute_href_and_text(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(STRATEGIES))
    executor = make_executor()
    # Perception reports the absolute URL; the page writes a relative one.
    by_href = await executor.resolve(page, target(href=f"{site.url}/orders/PO-10024", tag="a"))
    assert await by_href.inner_text() == "PO-10024"
    by_text = await executor.resolve(page, target(text="PO-10023"))
    assert await by_text.get_attribute("href") == "/orders/PO-10023"


async def test_role_with_accessible_name_from_aria_label(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(STRATEGIES))
    result = await make_executor().execute(page, Click(target=target(role="button", name="Close dialog")))
    assert result.ok, result.error
    assert await page.inner_text("[aria-label='Close dialog']") == "closed"


async def test_renamed_button_still_found_by_loose_name(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    # A stored path knew "Search"; the site now says "Search orders".
    await page.goto(site.add('<button onclick="this.dataset.hit=1">Search orders</button>'))
    result = await make_executor().execute(
        page, Click(target=target(role="button", name="Search", tag="button"))
    )
    assert result.ok, result.error
    assert await page.get_attribute("button", "data-hit") == "1"


async def test_ambiguous_target_is_an_element_error(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add("<button class=x>Delete</button><button class=x>Delete</button>"))
    executor = make_executor(action_timeout_s=0.3)
    with pytest.raises(GhosttabError) as caught:
        await executor.resolve(page, target(css="button.x"))
    assert caught.value.error.kind is ErrorKind.ELEMENT and caught.value.error.retryable
    assert "2 visible elements match" in caught.value.error.message
    assert "button.x" in caught.value.error.message


async def test_missing_target_names_it(page: Page, site: LocalSite, make_executor: MakeExecutor) -> None:
    await page.goto(site.add("<p>empty</p>"))
    result = await make_executor(action_timeout_s=0.3).execute(
        page, Click(target=target(role="button", name="Checkout"))
    )
    assert not result.ok and result.error is not None
    assert result.error.kind is ErrorKind.ELEMENT and result.error.retryable
    assert "Checkout" in result.error.message


async def test_element_that_appears_late_is_waited_for(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(
        site.add(
            "<script>setTimeout(() => document.body.insertAdjacentHTML('beforeend',"
            " '<button onclick=\"this.textContent=`done`\">Later</button>'), 300)</script>"
        )
    )
    result = await make_executor().execute(page, Click(target=target(role="button", name="Later")))
    assert result.ok, result.error
    assert await page.inner_text("button") == "done"


async def test_target_inside_an_iframe(page: Page, site: LocalSite, make_executor: MakeExecutor) -> None:
    inner = site.add('<label>Card number <input id="card"></label>')
    await page.goto(site.add(f'<iframe id="pay" src="{inner}"></iframe>'))
    await page.frame_locator("#pay").locator("#card").wait_for()
    executor = make_executor()
    card = target(label="Card number", frames=("#pay",))
    result = await executor.execute(page, TypeText(target=card, text="4111"))
    assert result.ok, result.error
    assert await page.frame_locator("#pay").locator("#card").input_value() == "4111"


async def test_target_inside_open_shadow_dom(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(
        site.add(
            "<div id=host></div><script>"
            "const r = document.getElementById('host').attachShadow({mode:'open'});"
            "r.innerHTML = '<button data-gt-ref=\"s1\">Shadow</button>';"
            "r.querySelector('button').onclick = e => e.target.textContent = 'pressed';</script>"
        )
    )
    executor = make_executor()
    assert (await executor.execute(page, Click(target=target(ref="s1")))).ok
    assert (await executor.execute(page, Click(target=target(role="button", name="pressed")))).ok


OVERLAY = """
<button id="buy" onclick="this.textContent='bought'">Buy now</button>
<div class="modal-backdrop" style="position:fixed;inset:0;background:rgba(0,0,0,.5)"></div>
"""


async def test_covered_target_is_an_element_error_naming_the_cover(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(OVERLAY))
    result = await make_executor(action_timeout_s=0.8).execute(
        page, Click(target=target(role="button", name="Buy now"))
    )
    assert not result.ok and result.error is not None
    error = result.error
    assert error.kind is ErrorKind.ELEMENT and error.retryable
    assert "intercepts pointer events" in error.message and "modal-backdrop" in error.message
    assert "Buy now" in error.message
    assert await page.inner_text("#buy") == "Buy now"


async def test_disabled_target_is_an_element_error(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add("<button disabled>Pay</button>"))
    result = await make_executor(action_timeout_s=0.5).execute(
        page, Click(target=target(role="button", name="Pay"))
    )
    assert not result.ok and result.error is not None
    assert result.error.kind is ErrorKind.ELEMENT and "disabled" in result.error.message
