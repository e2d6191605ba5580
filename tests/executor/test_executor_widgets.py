"""Select widgets drawn the way rc-select (antd) draws them, and a date picker that opens as one types."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.actions import Check, Click, Select, TypeText
from ghosttab.perception import observe

from .conftest import LocalSite, MakeExecutor
from .helpers import target

# A transparent read-only combobox box over the shown choice; its list floats in a box appended to
# the body, entries without any role (the a11y listbox beside it is zero-sized, as rc-select's is).
RC_SELECT = """
<label for="area">Product area</label>
<div class="select" style="position: relative; width: 300px; border: 1px solid #999; height: 30px">
  <span id="shown" style="position: absolute; left: 6px; top: 6px; pointer-events: none">Select an area</span>
  <input id="area" role="combobox" readonly aria-controls="area_list" aria-autocomplete="list"
         style="opacity: 0; width: 100%; height: 100%; margin: 0; border: 0">
</div>
<div id="area_list" role="listbox" style="width: 0; height: 0; overflow: hidden"></div>
<p id="out"></p>
<script>
  const area = document.getElementById('area');
  area.addEventListener('mousedown', () => {
    if (document.querySelector('.popup')) return;
    const popup = document.createElement('div');
    popup.className = 'popup';
    popup.style = 'position: absolute; top: 60px; left: 8px; width: 300px; background: #fff';
    for (const name of ['Billing', 'Shipping', 'Returns']) {
      const item = document.createElement('div');
      item.className = 'select-item select-item-option';
      item.innerHTML = '<div class="select-item-option-content">' + name + '</div>';
      item.addEventListener('click', () => {
        document.getElementById('shown').textContent = name;
        document.getElementById('out').textContent = 'area=' + name;
        popup.remove();
      });
      popup.appendChild(item);
    }
    document.body.appendChild(popup);
  });
</script>
"""

PICKER = """
<form onsubmit="event.preventDefault(); out.textContent = 'sent ' + day.value">
  <label for="day">Purchase date</label>
  <input id="day" placeholder="Select date" autocomplete="off">
  <label for="back">Return date</label>
  <input id="back" placeholder="Select date" autocomplete="off">
  <button>Send</button>
</form>
<p id="out"></p>
<div id="calendar" hidden style="position: absolute">
  <button type="button">Next month</button><table><tr><td>1</td><td>2</td></tr></table>
</div>
<div id="calendar2" hidden style="position: absolute">
  <button type="button">Next year</button><table><tr><td>1</td><td>2</td></tr></table>
</div>
<script>
  day.addEventListener('focus', () => { calendar.hidden = false; });
  day.addEventListener('blur', () => { calendar.hidden = true; });
  back.addEventListener('focus', () => { calendar2.hidden = false; });
  back.addEventListener('blur', () => { calendar2.hidden = true; });
</script>
"""


async def test_a_transparent_select_box_is_seen_and_chosen_from_its_floating_list(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(RC_SELECT))
    observation = await observe(page)
    box = next(e for e in observation.elements if e.role == "combobox")
    assert box.label == "Product area"
    executor = make_executor(data={"area": "Shipping"})
    result = await executor.execute(page, Select(target=box.as_target(), field="area"))
    assert result.ok, result.error
    assert await page.inner_text("#out") == "area=Shipping"


async def test_typing_into_a_read_only_select_box_chooses_the_entry(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(RC_SELECT))
    result = await make_executor().execute(page, TypeText(target=target(element_id="area"), text="Returns"))
    assert result.ok, result.error
    assert await page.inner_text("#out") == "area=Returns"


async def test_a_typed_date_closes_the_picker_it_opened(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(PICKER))
    observation = await observe(page)
    field = next(e for e in observation.elements if e.label == "Purchase date")
    result = await make_executor().execute(page, TypeText(target=field.as_target(), text="2031-06-01"))
    assert result.ok, result.error
    assert await page.input_value("#day") == "2031-06-01"
    assert await page.is_hidden("#calendar")
    assert await page.is_hidden("#calendar2"), "leaving the field must not open the next field's picker"
    names = [e.name for e in (await observe(page)).elements]
    assert "Next month" not in names and "Next year" not in names


DATE_PARTS = """
<form action="/echo" method="get">
  <label for="d">Day</label><input id="d" name="d">
  <label for="m">Month</label><input id="m" name="m">
  <label for="y">Year</label><input id="y" name="y" placeholder="YY">
  <label for="y2">Expiry year</label><input id="y2" name="y2" maxlength="2">
  <select name="month" aria-label="Month"><option value="">Month</option><option value="4">April</option>
    <option value="5">May</option></select>
</form>
"""


async def test_a_date_goes_into_its_part_fields_the_way_each_takes_it(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(DATE_PARTS))
    executor = make_executor(data={"born": "4 May 1990"})
    steps = [
        TypeText(target=target(element_id="d"), field="born", part="day"),
        TypeText(target=target(element_id="m"), field="born", part="month"),
        TypeText(target=target(element_id="y"), field="born", part="year"),
        TypeText(target=target(element_id="y2"), field="born", part="year"),
        Select(target=target(input_name="month", tag="select"), field="born", part="month"),
    ]
    for step in steps:
        result = await executor.execute(page, step)
        assert result.ok, result.error
    assert [await page.input_value(f"#{i}") for i in ("d", "m", "y", "y2")] == ["04", "05", "90", "90"]
    assert await page.input_value("select") == "5"
    bad = await make_executor(data={"born": "soon"}).execute(
        page, TypeText(target=target(element_id="d"), field="born", part="day"))
    assert not bad.ok and bad.error is not None and "as a date" in bad.error.message


# A multi-select that keeps its list open (and the words typed) after an entry is picked.
STAYS_OPEN = """
<input id="tags" role="combobox" aria-expanded="true" aria-controls="list" value="Break">
<ul id="list" role="listbox"><li role="option" id="opt">Breakfast</li></ul>
<p id="out"></p>
<script>
  const tags = document.getElementById('tags'), list = document.getElementById('list');
  document.getElementById('opt').addEventListener('mousedown', (e) => e.preventDefault());
  document.getElementById('opt').addEventListener('click', () => {
    document.getElementById('out').textContent = 'picked'; tags.focus(); });
  tags.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { list.hidden = true; tags.setAttribute('aria-expanded', 'false'); } });
</script>
"""


async def test_a_list_left_open_after_a_pick_is_closed(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(STAYS_OPEN))
    await page.focus("#tags")
    option = next(e for e in (await observe(page)).elements if e.role == "option")
    result = await make_executor().execute(page, Click(target=option.as_target()))
    assert result.ok, result.error
    assert await page.inner_text("#out") == "picked"
    assert await page.is_hidden("#list")
    assert await page.get_attribute("#tags", "aria-expanded") == "false"


# A switch drawn the way Element Plus draws it: a zero-size native checkbox whose wrapper cancels the
# native toggle and keeps the state in aria-checked only.
ARIA_SWITCH = """
<label for="visa">Needs visa letter</label>
<div id="wrap"><input id="visa" type="checkbox" role="switch" aria-checked="false"
  style="position: absolute; width: 0; height: 0; opacity: 0; margin: 0"><span
  style="display: inline-block; width: 40px; height: 20px; background: #ccc"></span></div>
<p id="out"></p>
<script>
  wrap.addEventListener('click', (event) => {
    event.preventDefault();
    const on = visa.getAttribute('aria-checked') !== 'true';
    visa.setAttribute('aria-checked', String(on));
    out.textContent = 'visa=' + on;
  });
</script>
"""


async def test_a_switch_keeping_its_state_in_aria_checked_is_turned_on(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(ARIA_SWITCH))
    switch = next(e for e in (await observe(page)).elements if e.role == "switch")
    assert switch.checked is False
    result = await make_executor().execute(page, Check(target=switch.as_target(), checked=True))
    assert result.ok, result.error
    assert await page.inner_text("#out") == "visa=true"
    again = next(e for e in (await observe(page)).elements if e.role == "switch")
    assert again.checked is True


# A cascader (Element Plus's): a read-only box whose floating menu lists groups; a group opens the
# menu of its entries. Another widget's chosen value floats over the page all along.
CASCADER = """
<label for="cat">Category</label>
<input id="cat" readonly placeholder="Select a category">
<div class="selected-item" style="position: absolute; top: 4px; right: 8px">EUR – Euro</div>
<div id="panel" style="position: absolute; top: 60px; left: 8px; display: none"></div>
<script>
  const groups = { Travel: ['Flight', 'Taxi'], Accommodation: ['Hotel', 'Apartment'] };
  const menu = (items, onPick) => {
    const ul = document.createElement('ul');
    ul.setAttribute('role', 'menu');
    for (const [name, branch] of items) {
      const li = document.createElement('li');
      li.setAttribute('role', 'menuitem');
      if (branch) li.setAttribute('aria-haspopup', 'true');
      li.textContent = name;
      li.addEventListener('click', () => onPick(name));
      ul.appendChild(li);
    }
    return ul;
  };
  cat.addEventListener('click', () => setTimeout(() => {
    panel.replaceChildren(menu(Object.keys(groups).map((g) => [g, true]), (group) => {
      panel.replaceChildren(panel.firstChild, menu(groups[group].map((e) => [e, false]), (entry) => {
        cat.value = group + ' / ' + entry;
        panel.style.display = 'none';
      }));
    }));
    panel.style.display = 'flex';
  }, 200));
</script>
"""


async def test_typing_into_a_cascader_opens_the_group_holding_the_entry(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(CASCADER))
    field = next(e for e in (await observe(page)).elements if e.label == "Category")
    executor = make_executor(data={"category": "hotel"})
    result = await executor.execute(page, TypeText(target=field.as_target(), field="category"))
    assert result.ok, result.error
    assert await page.input_value("#cat") == "Accommodation / Hotel"
    assert await page.is_hidden("#panel")


async def test_a_read_only_box_that_lists_nothing_takes_the_value_as_set(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add('<label for="f">Reference</label><input id="f" readonly>'))
    field = next(e for e in (await observe(page)).elements if e.label == "Reference")
    result = await make_executor().execute(page, TypeText(target=field.as_target(), text="PRJ-5521"))
    assert result.ok, result.error
    assert await page.input_value("#f") == "PRJ-5521"


async def test_items_floating_before_the_list_opened_are_not_its_entries(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    """Another widget's chosen value floats over the page; the list itself draws a moment later."""
    opens = "area.addEventListener('mousedown', () => "
    slow = RC_SELECT.replace(opens + "{", opens + "setTimeout(() => {").replace(
        "    document.body.appendChild(popup);\n  });", "    document.body.appendChild(popup);\n  }, 300));")
    noise = '<div class="select-item" style="position: absolute; top: 4px; right: 8px">EUR – Euro</div>'
    await page.goto(site.add(slow + noise))
    box = next(e for e in (await observe(page)).elements if e.role == "combobox")
    executor = make_executor(data={"area": "Returns"})
    result = await executor.execute(page, Select(target=box.as_target(), field="area"))
    assert result.ok, result.error
    assert await page.inner_text("#out") == "area=Returns"


# Bootstrap's toggle buttons: radios clipped away at the flex group's start, under the first label.
BTN_CHECK = """
<style>.btn-check{position:absolute;clip:rect(0,0,0,0);pointer-events:none}
  .btn{display:inline-block;padding:6px 12px;border:1px solid #06c;position:relative}
  .btn-check:checked + .btn{z-index:1}</style>
<div role="group" aria-label="Preferred refund" style="display:inline-flex">
  <input type="radio" class="btn-check" name="refund" id="r1" value="Refund" checked>
  <label class="btn" for="r1">Refund</label>
  <input type="radio" class="btn-check" name="refund" id="r2" value="Store credit">
  <label class="btn" for="r2">Store credit</label>
</div>
"""


async def test_a_toggle_button_over_a_clipped_radio_is_pressed_by_its_label(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(BTN_CHECK))
    credit = next(e for e in (await observe(page)).elements if e.name == "Store credit")
    result = await make_executor().execute(page, Check(target=credit.as_target(), checked=True))
    assert result.ok, result.error
    assert await page.is_checked("#r2")


# A select taking several entries (Angular Material's `mat-select multiple`): its list is marked
# aria-multiselectable and stays open after each pick.
MULTI_SELECT = """
<span id="formats-label">Preferred formats</span>
<div id="formats" role="combobox" tabindex="0" aria-labelledby="formats-label" aria-expanded="false"
  style="display: inline-block; width: 200px; height: 24px; border: 1px solid #999"></div>
<div id="list" role="listbox" aria-multiselectable="true" hidden style="position: absolute">
  <div role="option">Print</div><div role="option">E-book</div><div role="option">DVD</div>
</div>
<p id="out"></p>
<script>
  const chosen = new Set();
  formats.addEventListener('click', () => {
    list.hidden = false;
    formats.setAttribute('aria-expanded', 'true');
  });
  formats.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { list.hidden = true; formats.setAttribute('aria-expanded', 'false'); }
  });
  for (const option of list.children) option.addEventListener('click', () => {
    chosen.add(option.textContent);
    formats.textContent = out.textContent = [...chosen].join(', ');
    formats.focus();
  });
</script>
"""


async def test_a_value_listing_entries_picks_each_in_a_list_taking_several(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(MULTI_SELECT))
    box = next(e for e in (await observe(page)).elements if e.role == "combobox")
    executor = make_executor(data={"formats": "print and dvd"})
    result = await executor.execute(page, Select(target=box.as_target(), field="formats"))
    assert result.ok, result.error
    assert await page.inner_text("#out") == "Print, DVD"
    assert await page.is_hidden("#list"), "the list left open is closed"


async def test_a_box_whose_state_follows_a_moment_after_the_click_counts_as_set(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    late = ARIA_SWITCH.replace(
        "visa.setAttribute('aria-checked', String(on));",
        "setTimeout(() => visa.setAttribute('aria-checked', String(on)), 300);",
    )
    await page.goto(site.add(late))
    switch = next(e for e in (await observe(page)).elements if e.role == "switch")
    result = await make_executor().execute(page, Check(target=switch.as_target(), checked=True))
    assert result.ok, result.error
    assert await page.get_attribute("#visa", "aria-checked") == "true"


# An accordion whose section slides open by script, an inline height set every frame (jQuery's
# animate does this), the way jQuery UI's accordion opens.
SCRIPTED_SLIDE = """
<h3 id="head" onclick="slide()">Section #2</h3>
<div id="pane" style="height: 0; overflow: hidden">
  <a href="#" onclick="out.textContent='clicked'">aliquet</a>
</div>
<p id="out"></p>
<script>
  function slide() {
    const start = performance.now();
    const step = () => {
      const done = Math.min(1, (performance.now() - start) / 400);
      pane.style.height = (40 * done) + 'px';
      if (done < 1) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
</script>
"""


async def test_a_section_sliding_open_by_script_is_waited_for(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(SCRIPTED_SLIDE))
    result = await make_executor().execute(page, Click(target=target(element_id="head")))
    assert result.ok, result.error
    assert await page.evaluate("pane.style.height") == "40px"
    assert any(e.name == "aliquet" for e in (await observe(page)).elements)


# A hover menu as jQuery UI draws it: an entry with a submenu opens it when the pointer rests on it
# for a moment; pressing any entry, that one too, chooses it.
HOVER_MENU = """
<ul role="menu" style="width: 120px">
  <li><div id="holder" role="menuitem" aria-haspopup="true">Alvera</div>
    <ul id="sub" role="menu" style="display: none"><li><div role="menuitem">Terza</div></li></ul></li>
  <li><div role="menuitem">Willa</div></li>
</ul>
<p id="out"></p>
<script>
  holder.addEventListener('mouseenter', () => setTimeout(() => { sub.style.display = 'block'; }, 300));
  document.querySelectorAll('[role=menuitem]').forEach((item) => item.addEventListener('click', () => {
    out.textContent = 'chose ' + item.textContent.trim().split('\\n')[0];
  }));
</script>
"""


async def test_a_menu_entry_holding_a_submenu_is_opened_by_the_pointer_not_chosen(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(HOVER_MENU))
    parent = next(e for e in (await observe(page)).elements if e.name == "Alvera")
    result = await make_executor().execute(page, Click(target=parent.as_target()))
    assert result.ok, result.error
    assert await page.inner_text("#out") == ""
    leaf = next(e for e in (await observe(page)).elements if e.name == "Terza")
    result = await make_executor().execute(page, Click(target=leaf.as_target()))
    assert result.ok, result.error
    assert await page.inner_text("#out") == "chose Terza"


# Two buttons drawn where the page placed them at random: TWO lies over the middle of ONE.
OVERLAPPING = """
<button id="one" style="position:absolute; left:20px; top:20px; width:90px; height:40px">ONE</button>
<button id="two" style="position:absolute; left:50px; top:25px; width:40px; height:30px">TWO</button>
<p id="out" style="margin-top:90px"></p>
<script>
  for (const b of document.querySelectorAll('button')) b.onclick = () => { out.textContent += b.id; };
</script>
"""


async def test_a_button_another_lies_over_is_pressed_where_it_shows(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(OVERLAPPING))
    one = next(e for e in (await observe(page)).elements if e.name == "ONE")
    result = await make_executor().execute(page, Click(target=one.as_target()))
    assert result.ok, result.error
    assert await page.inner_text("#out") == "one"
