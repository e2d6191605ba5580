"""Find-in-page: links and buttons the task names are described wherever they are on the page."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.perception import observe
from ghosttab.perception.render import render_compact

TOPIC = "Eco Blender 250"  # in the index at the very end of /lab/docs
SECTION = "Kettle handling, part 38"  # in the table of contents, scrolled out of its own box


async def test_named_links_far_below_or_in_a_scrolled_box_are_found(page: Page, demo_url: str) -> None:
    await page.goto(f"{demo_url}/lab/docs")
    plain = await observe(page)
    assert not {TOPIC, SECTION} & {e.name for e in plain.elements}

    seen = await observe(page, find=[TOPIC.lower(), SECTION, "no such thing here"])
    found = {e.name: e for e in seen.elements if e.name in (TOPIC, SECTION)}
    assert set(found) == {TOPIC, SECTION}
    assert found[TOPIC].href.endswith("/lab/docs/topic/250")
    assert found[SECTION].href.endswith("#part-38")
    for element in found.values():
        assert not element.in_viewport and not element.listed
        # Stamped like any element: the executor can act on it.
        assert await page.locator(f'[data-gt-ref="{element.ref}"]').inner_text() == element.name
    # Off screen, they are not in the compact text: the token budget stays what it was.
    text = render_compact(seen)
    assert TOPIC not in text and SECTION not in text


async def test_a_named_link_folded_away_is_reported_with_its_address(page: Page, demo_url: str) -> None:
    await page.goto(f"{demo_url}/lab/docs")
    seen = await observe(page, find=["Release notes"])
    assert "Release notes" not in {e.name for e in seen.elements}  # hidden: nothing to click
    assert [(link.name, link.href) for link in seen.hidden_links] == [
        ("Release notes", f"{demo_url}/lab/docs/appendix/release-notes")
    ]
