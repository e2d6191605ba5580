"""Observing while the page is navigating waits for the new document instead of failing."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError
from ghosttab.perception import observe, render_compact
from ghosttab.perception.observe import rerun_expression

from .conftest import PageServer
from .helpers import html_page


async def test_observe_during_navigation_returns_a_whole_observation(page: Page, site: PageServer) -> None:
    start = site.add(html_page('<a id="go" href="/slow">Go slowly</a>'))
    for _ in range(3):
        await page.goto(start)
        await page.evaluate("setTimeout(() => document.getElementById('go').click(), 0)")
        obs = await observe(page)
        assert obs.url in (start, site.base + "/slow")
        assert obs.elements  # either page, fully observed
    await page.wait_for_url(site.base + "/slow")
    final = await observe(page)
    assert [e.name for e in final.elements] == ["Continue"]
    assert final.headings == ["Arrived"]


async def test_a_document_still_being_parsed_is_observed_whole(page: Page, site: PageServer) -> None:
    await page.goto(site.base + "/stream", wait_until="commit")
    obs = await observe(page)
    assert [e.name for e in obs.elements] == ["Late"]


async def test_observe_records_duration_and_counts(page: Page, site: PageServer) -> None:
    await page.goto(site.add(html_page("<h1>Hello</h1><p>Some words here.</p><button>One</button>")))
    obs = await observe(page)
    assert obs.duration_ms > 0
    assert obs.title == "Test page"
    assert obs.headings == ["Hello"]
    assert obs.text == "Hello Some words here. One"
    assert obs.extra_text == "Some words here."  # the heading and the button's name are not repeated
    assert render_compact(obs).endswith('[1] button "One"\nheadings: Hello\ntext: Some words here.')
    assert obs.summary.total_elements == 1 and obs.summary.omitted_elements == 0
    assert not obs.summary.more_below and obs.summary.note == ""
    assert obs.viewport_height == 800


async def test_closed_page_is_reported_as_a_structured_error(page: Page, site: PageServer) -> None:
    await page.goto(site.add(html_page("<button>One</button>")))
    await page.close()
    with pytest.raises(GhosttabError) as caught:
        await observe(page)
    assert caught.value.error.kind is ErrorKind.CRASH
    assert caught.value.error.source is ErrorSource.PERCEPTION
    assert not caught.value.error.retryable


async def test_the_script_is_sent_once_per_document(page: Page, site: PageServer) -> None:
    url = site.add(html_page("<button>One</button>"))
    await page.goto(url)
    assert await page.evaluate(rerun_expression(), {}) is None  # a new document: not there yet
    first = await observe(page)
    again = await page.evaluate(rerun_expression(), {"maxElements": 150, "textChars": 2000,
                                                     "viewTextChars": 300, "find": []})
    assert isinstance(again, str) and '"One"' in again
    await page.goto(url)
    assert await page.evaluate(rerun_expression(), {}) is None
    assert [e.name for e in (await observe(page)).elements] == [e.name for e in first.elements]
