"""Navigation, HTTP status classification, back, new tabs, downloads, scroll and wait, in Chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page

from ghosttab.actions import Back, Click, Done, Download, Navigate, Scroll, Wait
from ghosttab.errors import ErrorKind, ErrorSource

from .conftest import LocalSite, MakeExecutor
from .helpers import target


async def test_navigate_ok_records_urls(page: Page, site: LocalSite, make_executor: MakeExecutor) -> None:
    url = site.add("<h1>hello</h1>")
    result = await make_executor().execute(page, Navigate(url=url))
    assert result.ok, result.error
    assert (result.url_before, result.url_after, result.navigated) == ("about:blank", url, True)
    assert result.duration_ms > 0


async def test_navigate_resolves_relative_urls(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add("<h1>start</h1>"))
    result = await make_executor().execute(page, Navigate(url="/echo?x=1"))
    assert result.ok, result.error
    assert result.url_after == f"{site.url}/echo?x=1"


async def test_navigate_404_is_network_error_not_retryable(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    result = await make_executor().execute(page, Navigate(url=f"{site.url}/status?code=404"))
    assert not result.ok and result.error is not None
    error = result.error
    assert (error.kind, error.status, error.retryable) == (ErrorKind.NETWORK, 404, False)
    assert error.source is ErrorSource.NAVIGATION


async def test_navigate_503_with_retry_after_is_retryable(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    result = await make_executor().goto(page, f"{site.url}/status?code=503&retry_after=7")
    assert not result.ok and result.error is not None
    error = result.error
    assert (error.kind, error.status, error.retryable, error.retry_after_s) == (
        ErrorKind.NETWORK,
        503,
        True,
        7.0,
    )


async def test_navigate_401_is_auth(page: Page, site: LocalSite, make_executor: MakeExecutor) -> None:
    result = await make_executor().goto(page, f"{site.url}/status?code=401")
    assert result.error is not None and result.error.kind is ErrorKind.AUTH


async def test_navigate_connection_refused_is_retryable_network(
    page: Page, make_executor: MakeExecutor, closed_port: int
) -> None:
    result = await make_executor().execute(page, Navigate(url=f"http://127.0.0.1:{closed_port}/"))
    assert not result.ok and result.error is not None
    assert result.error.kind is ErrorKind.NETWORK and result.error.retryable
    assert "ERR_CONNECTION_REFUSED" in result.error.message


async def test_navigate_unknown_host_is_not_retryable(page: Page, make_executor: MakeExecutor) -> None:
    result = await make_executor().execute(page, Navigate(url="http://no-such-host.invalid/"))
    assert not result.ok and result.error is not None
    assert result.error.kind is ErrorKind.NETWORK and not result.error.retryable


async def test_click_into_a_server_error_reports_it(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add('<a href="/status?code=502">report</a> <a href="/status?code=404">gone</a>'))
    executor = make_executor()
    result = await executor.execute(page, Click(target=target(role="link", name="report")))
    assert result.error is not None and (result.error.status, result.error.retryable) == (502, True)
    await page.go_back()
    # A 404 reached by a link is a page like any other: the navigator sees it, nothing failed.
    result = await executor.execute(page, Click(target=target(role="link", name="gone")))
    assert result.ok and result.navigated


async def test_click_link_navigates_and_waits_for_the_new_document(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    slow_target = f"{site.url}/slow?ms=700"
    await page.goto(site.add(f'<a href="{slow_target}">go</a>'))
    result = await make_executor().execute(page, Click(target=target(text="go", tag="a")))
    assert result.ok and result.navigated and result.url_after == slow_target
    assert await page.locator("#arrived").count() == 1  # the DOM is there without any extra wait


async def test_back_returns_to_the_previous_page(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    first, second = site.add("<h1>first</h1>"), site.add("<h1>second</h1>")
    await page.goto(first)
    await page.goto(second)
    executor = make_executor()
    result = await executor.execute(page, Back())
    assert result.ok and result.url_after == first and result.navigated
    assert (await executor.execute(page, Back())).ok  # to about:blank
    nothing = await executor.execute(page, Back())
    assert not nothing.ok and nothing.error is not None and not nothing.error.retryable


async def test_click_target_blank_switches_to_the_new_tab(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    other = site.add("<h1 id=other>other tab</h1>")
    await page.goto(site.add(f'<a href="{other}" target="_blank">open report</a>'))
    executor = make_executor()
    result = await executor.execute(page, Click(target=target(role="link", name="open report")))
    assert result.ok, result.error
    assert result.new_tab and result.url_after == other
    assert executor.current_page is not None and executor.current_page is not page
    assert await executor.current_page.inner_text("#other") == "other tab"
    assert page.url != other  # the opener stays where it was


async def test_click_window_open_switches_to_the_new_tab(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    other = site.add("<h1>popup</h1>")
    await page.goto(site.add(f"<button onclick=\"window.open('{other}')\">Open</button>"))
    executor = make_executor()
    result = await executor.execute(page, Click(target=target(role="button", name="Open")))
    assert result.ok and result.new_tab and result.url_after == other


async def test_click_window_open_of_a_slow_page_waits_for_it(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    """Playwright reports a popup only once its first response arrives; the page's own word that
    `window.open` ran is what tells the executor to wait for it."""
    slow = f"{site.url}/slow?ms=1500"
    executor = make_executor()
    await executor.prepare(page.context)
    await page.goto(site.add(f"<button onclick=\"window.open('{slow}')\">Open</button>"))
    result = await executor.execute(page, Click(target=target(role="button", name="Open")))
    assert result.ok and result.new_tab and result.url_after == slow
    assert executor.current_page is not None
    assert await executor.current_page.inner_text("#arrived") == "arrived"


async def test_download_action_saves_the_file_with_its_content(
    page: Page, site: LocalSite, make_executor: MakeExecutor, tmp_path: Path
) -> None:
    await page.goto(
        site.add('<a href="/attachment?name=PO-10023.pdf&body=%25PDF-1.4%20hello">Download PDF</a>')
    )
    executor = make_executor(downloads_dir=tmp_path / "dl")
    link = target(role="link", name="Download PDF")
    first = await executor.execute(page, Download(target=link))
    assert first.ok, first.error
    assert [Path(p).name for p in first.downloads] == ["PO-10023.pdf"]
    assert Path(first.downloads[0]).read_bytes() == b"%PDF-1.4 hello"
    second = await executor.execute(page, Download(target=link))
    assert [Path(p).name for p in second.downloads] == ["PO-10023 (2).pdf"]
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == ["PO-10023 (2).pdf", "PO-10023.pdf"]


async def test_plain_click_on_an_attachment_is_captured(
    page: Page, site: LocalSite, make_executor: MakeExecutor, tmp_path: Path
) -> None:
    await page.goto(site.add('<a href="/attachment?name=invoice.csv&body=a,b">invoice</a>'))
    result = await make_executor(downloads_dir=tmp_path).execute(page, Click(target=target(text="invoice")))
    assert result.ok, result.error
    assert len(result.downloads) == 1 and Path(result.downloads[0]).read_text() == "a,b"


async def test_navigate_to_an_attachment_is_a_download(
    page: Page, site: LocalSite, make_executor: MakeExecutor, tmp_path: Path
) -> None:
    result = await make_executor(downloads_dir=tmp_path).execute(
        page, Navigate(url=f"{site.url}/attachment?name=data.txt&body=xyz")
    )
    assert result.ok, result.error
    assert [Path(p).read_text() for p in result.downloads] == ["xyz"]


async def test_download_that_never_starts_is_an_error(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add("<button>Nothing</button>"))
    executor = make_executor(navigation_timeout_s=0.5)
    result = await executor.execute(page, Download(target=target(role="button", name="Nothing")))
    assert not result.ok and result.error is not None and result.error.kind is ErrorKind.TIMEOUT


async def test_scroll_moves_by_viewport_pages(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add('<div style="height:5000px">tall</div>'))
    executor = make_executor()
    assert (await executor.execute(page, Scroll(direction="down", pages=2))).ok
    height = await page.evaluate("innerHeight")
    assert await page.evaluate("scrollY") == 2 * height
    assert (await executor.execute(page, Scroll(direction="up", pages=1))).ok
    assert await page.evaluate("scrollY") == height


async def test_scroll_falls_back_to_the_scrollable_container(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(
        site.add(
            '<div id="box" style="height:300px;overflow:auto"><div style="height:3000px">rows</div></div>'
        )
    )
    assert (await make_executor().execute(page, Scroll())).ok
    assert await page.evaluate("document.getElementById('box').scrollTop") == 300


async def test_wait_and_terminal_actions_are_ok(page: Page, make_executor: MakeExecutor) -> None:
    executor = make_executor()
    assert (await executor.execute(page, Wait(seconds=0.05))).ok
    assert (await executor.execute(page, Done(reason="finished"))).ok


async def test_a_scroll_lands_at_once_on_a_page_that_scrolls_smoothly(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    smooth = '<style>html { scroll-behavior: smooth }</style><div style="height:4000px">x</div>'
    await page.goto(site.add(smooth))
    result = await make_executor().execute(page, Scroll(direction="down"))
    assert result.ok, result.error
    assert await page.evaluate("window.scrollY") == await page.evaluate("window.innerHeight")
