"""Controls drawn as pictures, and controls known only by their click listeners: named by the words
their image, id and classes carry; listed once the listener hook is installed; their context is the
text their record shows, not a folded menu's entries."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.perception import listener_hook, observe

from .conftest import PageServer
from .helpers import html_page

# An inbox row's icons: a CSS image, an icon-font class, an id; and a feed's post whose controls
# show a pointer only on hover, with a folded menu inside.
ICONS = html_page("""
<style>
.trash { display:inline-block; width:14px; height:14px; cursor:pointer;
         background-image:url(/img/delete.png) }
.fa-star::before { content:'*' } .fa { cursor:pointer }
#send-reply { display:inline-block; width:14px; height:14px; cursor:pointer; background:#39f }
.post .like, .post .more { display:inline-block; width:14px; height:14px; background:#eee }
.post .like:hover, .post .more:hover { cursor:pointer }
.hide { display:none }
</style>
<div><span class="trash" id="t"></span> <i class="fa fa-star" id="s"></i> <span id="send-reply"></span></div>
<div class="post"><b>Carmella</b> @carm said hello there.
  <div class="controls"><span class="like" id="like1"></span>
    <span><span class="more" id="more1"></span>
      <ul class="hide"><li>Mute @carm</li><li>Block @carm</li></ul></span>
  </div></div>
<script>
for (const el of document.querySelectorAll('.like, .more, .post li')) el.addEventListener('click', () => {});
</script>
""")


async def test_icons_are_named_by_their_image_id_and_classes(page: Page, site: PageServer) -> None:
    await page.goto(site.add(ICONS))
    obs = await observe(page)
    names = {e.element_id: e.name for e in obs.elements}
    assert names["t"] == "delete trash"
    assert names["s"] == "star"
    assert names["send-reply"] == "send reply"


async def test_listened_controls_are_listed_with_their_records_text(page: Page, site: PageServer) -> None:
    url = site.add(ICONS)
    await page.goto(url)
    unhooked = await observe(page)
    assert "like1" not in {e.element_id for e in unhooked.elements}  # a pointer only on hover
    await page.context.add_init_script(script=listener_hook())
    await page.goto(url)
    obs = await observe(page)
    like = next(e for e in obs.elements if e.element_id == "like1")
    assert like.name == "like"
    # The post's own text, not the folded menu's "Mute @carm Block @carm".
    assert like.context.startswith("Carmella @carm said hello there")
    assert "Block" not in like.context
