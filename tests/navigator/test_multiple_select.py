"""A list that takes several options (`<select multiple>`): each option the goal lists is chosen, the
earlier ones kept, before the form is sent; end to end through the fleet on a real page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Page
from tests.executor.conftest import LocalSite
from tests.navigator.decisions import run_alone

from ghosttab import TaskSpec, TaskStatus
from ghosttab.perception.observe import observe

NAMES = ["Alvina", "Catherine", "Corrine", "Dorian", "Ethel", "Ronda"]
PAGE = f"""<p>Pick the members of the team.</p>
<select id=members multiple size=4>{"".join(f"<option>{name}</option>" for name in NAMES)}</select>
<button onclick="document.getElementById('out').textContent = 'Chose: ' +
  [...document.getElementById('members').selectedOptions].map(o => o.text).join(', ')">Submit</button>
<p id=out></p>"""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    local = LocalSite()
    local.start()
    yield local.add(PAGE, path="/team")
    local.stop()


async def test_a_list_that_takes_several_is_seen_as_such_and_its_choices_change_the_page_state(
    page: Page, site: str
) -> None:
    await page.goto(site)
    before = await observe(page)
    [members, _submit] = before.elements
    assert members.multiple and [o.label for o in members.options] == NAMES
    await page.select_option("#members", "Catherine")
    first = await observe(page)
    await page.select_option("#members", ["Catherine", "Corrine"])
    both = await observe(page)
    assert len({before.state, first.state, both.state}) == 3
    assert [o.label for o in both.elements[0].options if o.selected] == ["Catherine", "Corrine"]


async def test_each_listed_option_is_chosen_and_kept_before_submit(site: str, tmp_path: Path) -> None:
    spec = TaskSpec.model_validate({
        "id": "team", "start_url": site, "max_steps": 6, "success": {"text": "Chose: Catherine, Corrine"},
        "goal": "Select Corrine, Catherine from the list and click Submit.",
    })  # fmt: skip
    result, steps = await run_alone(spec, tmp_path)
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert [s.action["kind"] for s in steps] == ["select", "select", "click"]
    assert {s.action["option"] for s in steps[:2]} == {"Corrine", "Catherine"}
