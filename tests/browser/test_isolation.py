"""Every lease is a fresh context: nothing one task leaves behind reaches the next."""

from __future__ import annotations

from ghosttab.browser import TabPool

from .conftest import SiteServer

SET_EVERYTHING = """async () => {
  document.cookie = "who=first; path=/; max-age=3600";
  localStorage.setItem("ls", "first");
  sessionStorage.setItem("ss", "first");
  await new Promise((resolve, reject) => {
    const open = indexedDB.open("ghostdb", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("kv");
    open.onsuccess = () => {
      const tx = open.result.transaction("kv", "readwrite");
      tx.objectStore("kv").put("first", "k");
      tx.oncomplete = () => { open.result.close(); resolve(true); };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  });
  return true;
}"""

READ_EVERYTHING = """async () => {
  const databases = (await indexedDB.databases()).map(d => d.name);
  return {
    cookie: document.cookie,
    ls: localStorage.getItem("ls"),
    ss: sessionStorage.getItem("ss"),
    idb: databases,
  };
}"""


async def test_lease_gives_a_working_page(pool: TabPool, site: SiteServer) -> None:
    async with pool.lease(task_id="t-1") as tab:
        await tab.page.goto(site.url + "/")
        assert await tab.page.inner_text("h1") == "Hello ghost"
        assert tab.task_id == "t-1"
        assert tab.shard == 0
        assert await tab.js_heap_mb() > 0
        context = tab.context
    assert tab.closed
    assert context not in pool.shards[0].browser.contexts  # type: ignore[union-attr]


async def test_state_set_in_one_lease_is_absent_in_the_next(pool: TabPool, site: SiteServer) -> None:
    async with pool.lease() as first:
        await first.page.goto(site.url + "/")
        assert await first.page.evaluate(SET_EVERYTHING) is True
        seen = await first.page.evaluate(READ_EVERYTHING)
        # The writes really happened, so their absence below means isolation, not a failed write.
        assert seen == {"cookie": "who=first", "ls": "first", "ss": "first", "idb": ["ghostdb"]}
    async with pool.lease() as second:
        await second.page.goto(site.url + "/")
        seen = await second.page.evaluate(READ_EVERYTHING)
        assert seen == {"cookie": "", "ls": None, "ss": None, "idb": []}
        assert await second.context.cookies() == []


async def test_http_cache_is_not_shared_between_leases(pool: TabPool, site: SiteServer) -> None:
    before = site.hits["/cached.js"]
    async with pool.lease() as first:
        await first.page.goto(site.url + "/cached")
        await first.page.goto(site.url + "/cached")
        assert await first.page.evaluate("window.cachedLoaded") is True
        # Within one context the max-age response is served from cache.
        assert site.hits["/cached.js"] == before + 1
    async with pool.lease() as second:
        await second.page.goto(site.url + "/cached")
        assert await second.page.evaluate("window.cachedLoaded") is True
    assert site.hits["/cached.js"] == before + 2


async def test_session_state_restores_cookie_and_local_storage(pool: TabPool, site: SiteServer) -> None:
    async with pool.lease(session_key="site:user") as first:
        await first.page.goto(site.url + "/")
        await first.page.evaluate(
            "() => { document.cookie = 'sid=abc123; path=/; max-age=3600';"
            " localStorage.setItem('tok', 'xyz'); }"
        )
        state = await first.storage_state()
    assert [cookie["name"] for cookie in state["cookies"]] == ["sid"]
    async with pool.lease(session_state=state, session_key="site:user") as second:
        assert second.session_key == "site:user"
        await second.page.goto(site.url + "/")
        restored = await second.page.evaluate("() => [document.cookie, localStorage.getItem('tok')]")
        assert restored == ["sid=abc123", "xyz"]
    async with pool.lease() as third:
        await third.page.goto(site.url + "/")
        assert await third.page.evaluate("() => [document.cookie, localStorage.getItem('tok')]") == ["", None]


async def test_popup_becomes_current_page_and_close_returns_to_opener(
    pool: TabPool, site: SiteServer
) -> None:
    async with pool.lease() as tab:
        await tab.page.goto(site.url + "/opener")
        opener = tab.page
        assert await tab.close_current() is False
        async with tab.context.expect_page() as popup_info:
            await tab.page.click("#go")
        popup = await popup_info.value
        await popup.wait_for_load_state()
        assert tab.page is popup
        assert tab.pages == [opener, popup]
        assert await tab.page.inner_text("h1") == "popup target"
        assert await tab.close_current() is True
        assert tab.page is opener
        assert popup.is_closed()
        assert tab.pages == [opener]
        assert await tab.page.inner_text("h1") == "opener"
