"""What counts as visible: hidden, zero-size, covered and clipped elements are left out; dialogs are noted."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.perception import observe, render_compact

from .conftest import PageServer
from .helpers import by_id, html_page, ids

HIDDEN = html_page("""
<button id="shown">Shown</button>
<button id="nodisplay" style="display:none">A</button>
<div style="display:none"><a id="inhidden" href="/x">B</a></div>
<button id="invisible" style="visibility:hidden">C</button>
<button id="transparent" style="opacity:0">D</button>
<div style="opacity:0"><button id="intransparent">E</button></div>
<button id="attrhidden" hidden>F</button>
<div aria-hidden="true"><button id="ariahidden">G</button></div>
<button id="zero" style="width:0;height:0;padding:0;border:0;overflow:hidden">H</button>
<div style="position:relative;width:300px;height:60px">
  <button id="covered" style="position:absolute;left:0;top:0;width:200px;height:40px">Covered</button>
  <div style="position:absolute;left:0;top:0;width:300px;height:60px;background:#fff">a sheet over it</div>
</div>
<div style="height:50px;overflow:hidden"><div style="height:200px">
  <button id="clipin">In the box</button><div style="height:120px"></div><button id="clipout">Clipped</button>
</div></div>
<input id="hiddeninput" type="hidden" name="csrf" value="t">
""")


async def test_hidden_zero_size_covered_and_clipped_are_skipped(page: Page, site: PageServer) -> None:
    await page.goto(site.add(HIDDEN))
    obs = await observe(page)
    assert ids(obs) == {"shown", "clipin"}
    assert obs.summary.total_elements == 2


MODAL = html_page("""
<main><h1>Orders</h1><button id="behind">Export</button><a id="link" href="/next">Next page</a></main>
<div id="overlay" style="position:fixed;inset:0;background:rgba(0,0,0,.4)">
  <div role="dialog" aria-modal="true" aria-labelledby="dt"
       style="position:absolute;left:400px;top:200px;width:400px;background:#fff;padding:20px">
    <h2 id="dt">Session expiring</h2><p>You will be signed out in 60 seconds.</p>
    <button id="stay">Stay signed in</button><button id="close" aria-label="Close">×</button>
  </div>
</div>
""")


async def test_modal_overlay_marks_dialog_and_blocked_elements(page: Page, site: PageServer) -> None:
    await page.goto(site.add(MODAL))
    obs = await observe(page)
    assert by_id(obs, "stay").in_dialog and by_id(obs, "close").in_dialog
    assert not by_id(obs, "stay").behind_dialog
    assert by_id(obs, "behind").behind_dialog and not by_id(obs, "behind").in_dialog
    assert by_id(obs, "link").behind_dialog
    assert len(obs.dialogs) == 1
    assert obs.dialogs[0].startswith("Session expiring: You will")
    assert "signed out in 60 seconds" in obs.dialogs[0]
    text = render_compact(obs)
    assert 'dialog: "Session expiring' in text
    assert 'button "Stay signed in" in-dialog' in text
    assert 'button "Export" behind-dialog' in text


async def test_native_modal_dialog_blocks_the_page(page: Page, site: PageServer) -> None:
    body = """<button id="under">Under</button>
    <dialog id="d" aria-label="Confirm delete"><p>Delete order PO-1?</p>
      <button id="yes">Delete</button></dialog>
    <script>document.getElementById('d').showModal()</script>"""
    await page.goto(site.add(html_page(body)))
    obs = await observe(page)
    assert by_id(obs, "yes").in_dialog
    assert by_id(obs, "under").behind_dialog
    assert obs.dialogs == ["Confirm delete: Delete order PO-1? Delete"]


async def test_dialog_closed_again_unblocks(page: Page, site: PageServer) -> None:
    await page.goto(site.add(MODAL))
    await page.evaluate("document.getElementById('overlay').remove()")
    obs = await observe(page)
    assert obs.dialogs == []
    assert not by_id(obs, "behind").behind_dialog
    assert ids(obs) == {"behind", "link"}


async def test_pointer_div_with_click_handler_is_found_and_deduped(page: Page, site: PageServer) -> None:
    body = """
    <style>.p{cursor:pointer;padding:10px}</style>
    <div id="card" class="p" onclick="this.dataset.hit='1'"><span>Open order PO-7</span></div>
    <div id="tile" class="p"><b>Tile with a listener</b></div>
    <div id="wrap" class="p"><span>Wrapper</span> <button id="inner">Inner</button></div>
    <script>document.getElementById('tile').addEventListener('click', () => {})</script>
    """
    await page.goto(site.add(html_page(body)))
    obs = await observe(page)
    assert ids(obs) == {"card", "tile", "inner"}
    card = by_id(obs, "card")
    assert card.tag == "div" and card.name == "Open order PO-7"
    await page.locator(f'[data-gt-ref="{card.ref}"]').click()
    assert await page.get_attribute("#card", "data-hit") == "1"


async def test_styled_radio_with_hidden_input_is_seen_through_its_label(page: Page, site: PageServer) -> None:
    body = """
    <style>.opt input{position:absolute;opacity:0;width:0;height:0}
      .opt span{display:inline-block;padding:8px}</style>
    <label class="opt"><input type="radio" name="ship" id="std" value="standard"><span>Standard</span></label>
    <label class="opt"><input type="radio" name="ship" id="exp" value="express"><span>Express</span></label>
    <input type="radio" name="gone" id="gone" style="display:none">
    <label for="gone" style="display:none">Gone</label>
    """
    await page.goto(site.add(html_page(body)))
    obs = await observe(page)
    assert ids(obs) == {"std", "exp"}
    express = by_id(obs, "exp")
    assert (express.role, express.name, express.checked) == ("radio", "Express", False)
    assert express.value == "express"
    await page.locator(f'[data-gt-ref="{express.ref}"]').dispatch_event("click")
    assert by_id(await observe(page), "exp").checked is True


async def test_toggle_buttons_over_clipped_radios_are_each_seen(page: Page, site: PageServer) -> None:
    """Bootstrap's btn-check: the radios clipped away at the flex group's start, labels drawn as buttons."""
    body = """
    <style>.btn-check{position:absolute;clip:rect(0,0,0,0);pointer-events:none}
      .btn{display:inline-block;padding:6px 12px;border:1px solid #06c;position:relative}
      .btn-check:checked + .btn{z-index:1}</style>
    <div role="group" aria-label="Preferred refund" style="display:inline-flex">
      <input type="radio" class="btn-check" name="refund" id="r1" value="Refund" checked>
      <label class="btn" for="r1">Refund</label>
      <input type="radio" class="btn-check" name="refund" id="r2" value="Store credit">
      <label class="btn" for="r2">Store credit</label>
      <input type="radio" class="btn-check" name="refund" id="r3" value="Exchange">
      <label class="btn" for="r3">Exchange</label>
    </div>
    """
    await page.goto(site.add(html_page(body)))
    obs = await observe(page)
    assert ids(obs) == {"r1", "r2", "r3"}
    assert [by_id(obs, i).name for i in ("r1", "r2", "r3")] == ["Refund", "Store credit", "Exchange"]


async def test_elements_below_the_fold_are_marked_offscreen(page: Page, site: PageServer) -> None:
    body = '<button id="top">Top</button><div style="height:790px"></div><button id="low">Low</button>'
    await page.goto(site.add(html_page(body)))
    obs = await observe(page)
    assert by_id(obs, "top").in_viewport and not by_id(obs, "low").in_viewport
    assert '[1] button "Top"\n-- offscreen --\n[2] button "Low"' in render_compact(obs)


async def test_elements_further_off_screen_are_only_counted(page: Page, site: PageServer) -> None:
    body = '<button id="top">Top</button><div style="height:1000px"></div><button id="low">Low</button>'
    await page.goto(site.add(html_page(body)))
    obs = await observe(page)
    low = by_id(obs, "low")
    assert not low.in_viewport and not low.listed  # the navigator still has it
    text = render_compact(obs)
    assert '"Low"' not in text
    assert "note: 1 more element below (scroll down)" in text


POPPED_MENU = html_page("""
<header style="height:40px;overflow:hidden"><div style="position:relative">
  <button id="toggle">Actions</button>
  <div style="position:absolute;top:40px;left:0;background:#fff"><a id="popped" href="/move">Move</a></div>
</div></header>
<div style="height:40px;overflow:hidden"><div>
  <div style="position:absolute;top:300px"><a id="escaped" href="/x">Escaped</a></div>
</div></div>
""")


async def test_an_absolute_box_is_clipped_only_inside_its_containing_block(
    page: Page, site: PageServer
) -> None:
    # A dropdown inside a positioned box of a clipped header stays clipped by it (the header's
    # overflow is above its containing block); one whose containing block is the page escapes.
    await page.goto(site.add(POPPED_MENU))
    obs = await observe(page)
    assert {"toggle", "escaped"} <= ids(obs)
    assert "popped" not in ids(obs)
