"""The token budget holds on huge pages, and shrinking gives up the least useful parts first."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from ghosttab.perception import Element, Observation, PageSummary, observe, render_compact
from ghosttab.perception.budget import fit_to_budget
from ghosttab.perception.render import estimate_tokens


async def test_twenty_thousand_row_table_stays_inside_the_budget(page: Page, demo_url: str) -> None:
    await page.goto(f"{demo_url}/lab/table?rows=20000")
    obs = await observe(page, token_budget=2000)
    text = render_compact(obs)
    assert obs.tokens <= 2000
    assert len(text) / 4 <= 2000
    assert obs.tokens == estimate_tokens(text)
    edits = [e for e in obs.elements if e.name == "Edit"]
    assert len(edits) >= 10
    assert edits[0].context.startswith("1 ")
    assert all(e.in_viewport for e in edits[:5])
    assert obs.summary.total_elements >= 20_000
    assert obs.summary.more_below
    assert obs.summary.omitted_elements >= 19_000
    assert "more elements below (scroll down)" in obs.summary.note
    assert obs.summary.note in text

    # Scrolled to the middle: the rows shown are the ones in view, with elements above and below.
    await page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    middle = await observe(page, token_budget=2000)
    assert middle.tokens <= 2000
    numbers = [int(e.context.split()[0]) for e in middle.elements if e.name == "Edit" and e.in_viewport]
    assert numbers and 8_000 < numbers[0] < 12_000
    assert "above" in middle.summary.note and middle.summary.more_below


async def test_small_budgets_hold_too(page: Page, demo_url: str) -> None:
    await page.goto(f"{demo_url}/lab/grid?n=800")
    for budget in (100, 300, 800):
        obs = await observe(page, token_budget=budget)
        assert estimate_tokens(render_compact(obs)) <= budget
        assert obs.tokens <= budget


async def test_budget_below_the_minimum_is_refused(page: Page) -> None:
    with pytest.raises(ValueError, match="token_budget"):
        await observe(page, token_budget=50)


def _element(index: int, *, in_viewport: bool, in_dialog: bool = False) -> Element:
    return Element(index=index, ref=str(index), tag="a", role="link", name=f"Item number {index}",
                   context=f"row {index} with some words", in_viewport=in_viewport, in_dialog=in_dialog)


def test_shrinking_drops_offscreen_elements_first_then_trims_text() -> None:
    elements = [_element(i, in_viewport=i <= 20) for i in range(1, 61)]
    obs = Observation(url="http://example.test/list", title="List", elements=elements, text="word " * 400,
                      summary=PageSummary(total_elements=60))
    offsets = {str(i): 0.0 if i <= 20 else (i - 20) * 30.0 for i in range(1, 61)}
    full = len(render_compact(obs))
    budget = (full - 20 * 60) // 4  # must lose some offscreen rows, not all of them
    fitted = fit_to_budget(obs, token_budget=budget, offsets=offsets, above=0, below=0)
    assert estimate_tokens(render_compact(fitted)) <= budget
    kept = [e.name for e in fitted.elements]
    assert kept[:20] == [f"Item number {i}" for i in range(1, 21)]  # everything in view is kept
    assert "Item number 60" not in kept  # the farthest went first
    assert 20 < len(kept) < 60
    assert fitted.text == obs.text  # text untouched while offscreen elements remained
    assert [e.index for e in fitted.elements] == list(range(1, len(kept) + 1))
    assert fitted.summary.omitted_elements == 60 - len(kept)
    assert fitted.summary.more_below

    tight = fit_to_budget(obs, token_budget=400, offsets=offsets, above=0, below=0)
    assert estimate_tokens(render_compact(tight)) <= 400
    assert all(e.in_viewport for e in tight.elements)
    assert len(tight.text) < len(obs.text)


def test_dialog_elements_outlast_page_elements() -> None:
    elements = [_element(i, in_viewport=True, in_dialog=i > 30) for i in range(1, 36)]
    obs = Observation(url="http://example.test/", elements=elements, dialogs=["Confirm: Really delete?"])
    fitted = fit_to_budget(obs, token_budget=150, offsets={}, above=0, below=0)
    assert estimate_tokens(render_compact(fitted)) <= 150
    kept_dialog = [e for e in fitted.elements if e.in_dialog]
    kept_page = [e for e in fitted.elements if not e.in_dialog]
    assert len(kept_dialog) == 5  # every dialog element survives
    assert len(kept_page) < 30  # page elements were given up for them
    assert fitted.dialogs == ["Confirm: Really delete?"]


async def test_max_elements_caps_described_elements_and_counts_the_rest(page: Page, demo_url: str) -> None:
    await page.goto(f"{demo_url}/lab/grid?n=800")
    obs = await observe(page, max_elements=6)
    assert len(obs.elements) == 6
    assert [e.index for e in obs.elements] == [1, 2, 3, 4, 5, 6]
    assert all(e.in_viewport for e in obs.elements)  # the nearest ones are described first
    assert obs.summary.total_elements >= 1600
    assert obs.summary.omitted_elements == obs.summary.total_elements - 6
    assert "more in view not listed" in obs.summary.note


def test_shrinking_trims_the_rendered_text_and_keeps_the_full_text() -> None:
    obs = Observation(url="http://example.test/", text="full page text " * 100,
                      extra_text="fresh words " * 100, elements=[_element(1, in_viewport=True)])
    fitted = fit_to_budget(obs, token_budget=150, offsets={}, above=0, below=0)
    assert estimate_tokens(render_compact(fitted)) <= 150
    assert fitted.text == obs.text  # what the navigator reads stays whole
    assert fitted.extra_text is not None and 0 < len(fitted.extra_text) < len(obs.extra_text or "")
    assert "full page text" not in render_compact(fitted)
