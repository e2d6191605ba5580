"""Elements inside open shadow roots and same-origin iframes are found and can be acted on by ref."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.perception import observe

from .conftest import PageServer
from .helpers import html_page

SHADOW = html_page("""
<h1>Join</h1>
<nick-form></nick-form>
<script>
customElements.define('nick-form', class extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = `<label for="nick">Nickname</label><input id="nick">
      <inner-button></inner-button><p id="out"></p>`;
  }
});
customElements.define('inner-button', class extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = `<button id="save">Save nickname</button>`;
    root.querySelector('button').addEventListener('click', () => {
      document.body.dataset.saved = this.getRootNode().querySelector('#nick').value;
    });
  }
});
</script>
""")


async def test_shadow_dom_elements_are_found_and_clickable_by_ref(page: Page, site: PageServer) -> None:
    await page.goto(site.add(SHADOW))
    obs = await observe(page)
    nick = next(e for e in obs.elements if e.element_id == "nick")
    save = next(e for e in obs.elements if e.element_id == "save")
    assert nick.label == "Nickname" and nick.role == "textbox"
    assert save.name == "Save nickname" and save.role == "button"
    assert nick.frames == [] and save.frames == []
    await page.locator(f'[data-gt-ref="{nick.ref}"]').fill("otter")
    await page.locator(f'[data-gt-ref="{save.ref}"]').click()
    assert await page.get_attribute("body", "data-saved") == "otter"


async def test_iframe_elements_are_found_and_clickable_via_frames(page: Page, site: PageServer) -> None:
    inner = site.add(html_page("""
      <label for="code">Coupon code</label><input id="code">
      <button id="apply" onclick="document.getElementById('msg').textContent='Applied '+
        document.getElementById('code').value">Apply</button><p id="msg">No coupon</p>
      <iframe id="deep" src="/deep" style="width:300px;height:80px"></iframe>"""))
    deep_page = "<button id='deepbtn' onclick=\"this.textContent='Pressed'\">Deep button</button>"
    site.add(html_page(deep_page), "/deep")
    outer = site.add(html_page(f"""<h1>Checkout</h1><button id="top">Pay</button>
      <iframe id="coupon" src="{inner}" style="width:600px;height:300px"></iframe>"""))
    await page.goto(outer)
    await page.frame_locator("#coupon").frame_locator("#deep").locator("#deepbtn").wait_for()
    obs = await observe(page)
    code = next(e for e in obs.elements if e.element_id == "code")
    apply = next(e for e in obs.elements if e.element_id == "apply")
    deep = next(e for e in obs.elements if e.element_id == "deepbtn")
    top = next(e for e in obs.elements if e.element_id == "top")
    assert top.frames == []
    assert code.label == "Coupon code"
    assert len(apply.frames) == 1 and apply.frames[0].startswith("iframe[data-gt-frame=")
    assert len(deep.frames) == 2 and deep.frames[0] == apply.frames[0]
    assert apply.in_viewport and deep.in_viewport

    frame = page.frame_locator(apply.frames[0])
    await frame.locator(f'[data-gt-ref="{code.ref}"]').fill("SAVE10")
    await frame.locator(f'[data-gt-ref="{apply.ref}"]').click()
    assert await frame.locator("#msg").text_content() == "Applied SAVE10"
    await frame.frame_locator(deep.frames[1]).locator(f'[data-gt-ref="{deep.ref}"]').click()
    assert await frame.frame_locator("#deep").locator("#deepbtn").text_content() == "Pressed"
    # refs are unique across the frames of one page
    refs = [e.ref for e in obs.elements]
    assert len(refs) == len(set(refs))
