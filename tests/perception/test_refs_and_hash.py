"""Refs stay on the same nodes across observations; the page hash follows real changes only."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.perception import observe

from .conftest import PageServer
from .helpers import html_page

LIST = html_page("""
<ul id="list"><li><a id="a" href="/a">Alpha</a></li><li><a id="b" href="/b">Beta</a></li></ul>
<button id="more" onclick="add()">More</button><p id="status">Ready</p>
<script>
function add() { const li = document.createElement('li');
  li.innerHTML = '<a id="c" href="/c">Gamma</a>'; document.getElementById('list').prepend(li); }
</script>
""")


async def test_refs_are_stable_and_indices_follow_document_order(page: Page, site: PageServer) -> None:
    await page.goto(site.add(LIST))
    first = await observe(page)
    second = await observe(page)
    assert [(e.element_id, e.ref) for e in first.elements] == [(e.element_id, e.ref) for e in second.elements]
    assert [e.index for e in first.elements] == [1, 2, 3]
    refs = {e.element_id: e.ref for e in first.elements}

    # A re-render that keeps the nodes (reorder and retext) keeps their refs; a new node gets a new ref.
    await page.evaluate("""() => { const list = document.getElementById('list');
        list.append(list.firstElementChild);
        document.getElementById('a').textContent = 'Alpha (edited)'; }""")
    await page.click("#more")
    third = await observe(page)
    assert [e.element_id for e in third.elements] == ["c", "b", "a", "more"]
    assert [e.index for e in third.elements] == [1, 2, 3, 4]
    now = {e.element_id: e.ref for e in third.elements}
    assert now["a"] == refs["a"] and now["b"] == refs["b"] and now["more"] == refs["more"]
    assert now["c"] not in refs.values()
    assert await page.get_attribute(f'[data-gt-ref="{now["a"]}"]', "id") == "a"


async def test_cloned_node_gets_its_own_ref(page: Page, site: PageServer) -> None:
    await page.goto(site.add(LIST))
    first = await observe(page)
    await page.evaluate("""() => { const a = document.getElementById('a');
        const copy = a.parentElement.cloneNode(true); copy.firstElementChild.id = 'a2';
        document.getElementById('list').append(copy); }""")
    second = await observe(page)
    by_id = {e.element_id: e.ref for e in second.elements}
    assert by_id["a"] == next(e.ref for e in first.elements if e.element_id == "a")
    assert by_id["a2"] != by_id["a"]


async def test_page_hash_follows_content_not_identical_rerenders(page: Page, site: PageServer) -> None:
    await page.goto(site.add(LIST))
    base = await observe(page)
    assert len(base.page_hash) == 8
    await page.evaluate("() => { const l = document.getElementById('list'); l.innerHTML = l.innerHTML; }")
    same = await observe(page)
    assert same.page_hash == base.page_hash
    await page.evaluate("() => { document.getElementById('status').textContent = 'Saved'; }")
    text_changed = await observe(page)
    assert text_changed.page_hash != base.page_hash
    await page.click("#more")
    added = await observe(page)
    assert added.page_hash not in (base.page_hash, text_changed.page_hash)
    await page.evaluate("() => { document.getElementById('b').textContent = 'Beta 2'; }")
    renamed = await observe(page)
    assert renamed.page_hash != added.page_hash


async def test_typing_into_a_field_changes_the_hash(page: Page, site: PageServer) -> None:
    await page.goto(site.add(html_page('<input id="q" aria-label="Query"><button>Go</button>')))
    before = await observe(page)
    await page.fill("#q", "blue widgets")
    after = await observe(page)
    assert after.page_hash != before.page_hash
    assert after.elements[0].value == "blue widgets"


async def test_opening_a_tab_or_a_section_changes_the_state_even_with_the_same_text(
    page: Page, site: PageServer
) -> None:
    # Both panes are rendered (one at opacity 0), so the page's text never changes: what is selected
    # or expanded does, and the state the observation cache files views under must follow it.
    body = """
      <button role="tab" id="a" aria-selected="true">Business</button>
      <button role="tab" id="b" aria-selected="false">Personal</button>
      <div id="pa">Project <input></div><div id="pb" style="opacity:0">Reason <input></div>
      <button id="more" aria-expanded="false">Details</button>"""
    await page.goto(site.add(html_page(body)))
    first = (await observe(page)).state
    await page.evaluate("""() => {
      a.setAttribute('aria-selected', 'false'); b.setAttribute('aria-selected', 'true');
      pa.style.opacity = 0; pb.style.opacity = 1; }""")
    second = (await observe(page)).state
    await page.evaluate("() => more.setAttribute('aria-expanded', 'true')")
    third = (await observe(page)).state
    assert len({first, second, third}) == 3


async def test_entries_of_a_focusable_list_are_the_targets_not_the_list(page: Page, site: PageServer) -> None:
    # jQuery UI's autocomplete menu: a focusable <ul> whose <li>s only have a pointer cursor.
    items = "".join(f"<li style='cursor:pointer'>{city}</li>" for city in ("Lisbon (LIS)", "London (LHR)"))
    await page.goto(site.add(html_page(f"<input id=from><ul tabindex=0 id=menu>{items}</ul>")))
    obs = await observe(page)
    names = [(e.tag, e.name) for e in obs.elements if e.element_id != "from"]
    assert names == [("li", "Lisbon (LIS)"), ("li", "London (LHR)")]
