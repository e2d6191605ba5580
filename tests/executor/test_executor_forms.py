"""Typing, secrets policy, selects, custom dropdowns, checkboxes, radios, dates and Enter, in Chromium."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from ghosttab.actions import Check, Press, Select, TypeText
from ghosttab.errors import ErrorKind

from .conftest import LocalSite, MakeExecutor
from .helpers import target

SECRET = "s3cr3t-Value!"

LOGIN = """
<form action="/echo" method="get">
  <label for="user">Username</label><input id="user" name="user">
  <label for="pw">Password</label><input id="pw" name="pw" type="password">
  <input id="ro" name="ro" readonly value="fixed">
  <button>Sign in</button>
</form>
"""


async def test_type_fills_value_from_task_data(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(LOGIN))
    executor = make_executor(data={"username": "buyer1"})
    result = await executor.execute(page, TypeText(target=target(label="Username"), field="username"))
    assert result.ok, result.error
    assert await page.input_value("#user") == "buyer1"


async def test_type_missing_data_field_is_an_input_error(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(LOGIN))
    result = await make_executor().execute(page, TypeText(target=target(element_id="user"), field="nope"))
    assert not result.ok and result.error is not None
    assert result.error.kind is ErrorKind.INPUT and "nope" in result.error.message


async def test_secret_is_typed_on_an_allowed_domain(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(LOGIN))
    executor = make_executor(secrets={"password": SECRET}, allowed_domains=["127.0.0.1"])
    result = await executor.execute(page, TypeText(target=target(element_id="pw"), secret="password"))
    assert result.ok, result.error
    assert await page.input_value("#pw") == SECRET


async def test_secret_is_refused_on_another_domain(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    # Same server, other host name: "localhost" is not in the allowed list.
    await page.goto(site.add(LOGIN).replace("127.0.0.1", "localhost"))
    executor = make_executor(secrets={"password": SECRET}, allowed_domains=["127.0.0.1"])
    result = await executor.execute(page, TypeText(target=target(element_id="pw"), secret="password"))
    assert not result.ok and result.error is not None
    assert result.error.kind is ErrorKind.POLICY and not result.error.retryable
    assert "localhost" in result.error.message
    assert await page.input_value("#pw") == ""
    assert SECRET not in result.model_dump_json()


async def test_secret_never_appears_in_an_error(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(LOGIN))
    # A target whose durable description contains the secret (as a careless path might hold), on a
    # read-only field: the action fails, and neither the description nor Playwright's log leak it.
    executor = make_executor(secrets={"password": SECRET}, action_timeout_s=0.5)
    bad = target(element_id="ro", css=f"input[data-x='{SECRET}']")
    result = await executor.execute(page, TypeText(target=bad, secret="password"))
    assert not result.ok and result.error is not None
    assert SECRET not in str(result.error) and SECRET not in result.model_dump_json()
    missing = target(element_id="absent", name=SECRET, role="textbox")
    result = await executor.execute(page, TypeText(target=missing, secret="password"))
    assert not result.ok and result.error is not None and result.error.kind is ErrorKind.ELEMENT
    assert SECRET not in result.model_dump_json()
    assert "***" in result.error.message


async def test_type_with_submit_presses_enter(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(LOGIN))
    result = await make_executor().execute(
        page, TypeText(target=target(input_name="user"), text="blue widgets", submit=True)
    )
    assert result.ok, result.error
    assert result.navigated and "/echo" in result.url_after
    assert "user=blue+widgets" in (await page.inner_text("#q"))


async def test_press_enter_on_target_submits(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(LOGIN))
    await page.fill("#user", "eden")
    result = await make_executor().execute(page, Press(key="Enter", target=target(element_id="user")))
    assert result.ok, result.error
    assert result.navigated and "user=eden" in result.url_after


DATE_FORM = '<label>Delivery date <input id="d" type="date"></label>'


@pytest.mark.parametrize("written", ["2026-12-24", "12/24/2026", "24 Dec 2026", "December 24th, 2026"])
async def test_date_input_accepts_common_formats(
    page: Page, site: LocalSite, make_executor: MakeExecutor, written: str
) -> None:
    await page.goto(site.add(DATE_FORM))
    result = await make_executor().execute(page, TypeText(target=target(label="Delivery date"), text=written))
    assert result.ok, result.error
    assert await page.input_value("#d") == "2026-12-24"


async def test_date_input_rejects_unreadable_dates(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(DATE_FORM))
    result = await make_executor().execute(page, TypeText(target=target(element_id="d"), text="someday"))
    assert not result.ok and result.error is not None
    assert result.error.kind is ErrorKind.INPUT and "someday" in result.error.message


SELECT_FORM = """
<label for="ship">Shipping</label>
<select id="ship" name="ship">
  <option value="">Choose…</option>
  <option value="std">Standard</option>
  <option value="exp">Express (2 days)</option>
  <option value="ovn">Overnight</option>
</select>
"""


@pytest.mark.parametrize(("wanted", "value"), [("overnight", "ovn"), ("EXP", "exp"), ("Express", "exp")])
async def test_select_native_by_label_value_or_fuzzy(
    page: Page, site: LocalSite, make_executor: MakeExecutor, wanted: str, value: str
) -> None:
    await page.goto(site.add(SELECT_FORM))
    result = await make_executor().execute(page, Select(target=target(label="Shipping"), option=wanted))
    assert result.ok, result.error
    assert await page.input_value("#ship") == value


async def test_select_from_data_field_and_unknown_option(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(SELECT_FORM))
    executor = make_executor(data={"shipping": "Standard", "other": "Teleportation"})
    ok = await executor.execute(page, Select(target=target(element_id="ship"), field="shipping"))
    assert ok.ok and await page.input_value("#ship") == "std"
    bad = await executor.execute(page, Select(target=target(element_id="ship"), field="other"))
    assert not bad.ok and bad.error is not None
    assert bad.error.kind is ErrorKind.ELEMENT and "Overnight" in bad.error.message
    assert await page.input_value("#ship") == "std"


async def test_type_into_a_select_chooses_the_option(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(SELECT_FORM))
    result = await make_executor().execute(page, TypeText(target=target(label="Shipping"), text="Overnight"))
    assert result.ok, result.error
    assert await page.input_value("#ship") == "ovn"


async def test_select_on_a_hidden_native_select_sets_its_value(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(
        site.add(SELECT_FORM.replace('<select id="ship"', '<select style="display:none" id="ship"'))
    )
    page_changes = await page.evaluate_handle(
        "() => { const seen = []; document.getElementById('ship')"
        ".addEventListener('change', e => seen.push(e.target.value)); return seen; }"
    )
    result = await make_executor().execute(
        page, Select(target=target(element_id="ship", tag="select"), option="Express")
    )
    assert result.ok, result.error
    assert await page.input_value("#ship") == "exp"
    assert await page_changes.json_value() == ["exp"]  # the page's own change handler saw it


CUSTOM_DROPDOWN = """
<style>#list{display:none} #list.open{display:block}</style>
<div id="pool" role="combobox" aria-expanded="false" aria-controls="list" tabindex="0">Pick a pool</div>
<ul id="list" role="listbox">
  <li role="option">Central Pool</li><li role="option">Northside Leisure Centre</li>
  <li role="option">Riverside Lido</li>
</ul>
<script>
  const box = document.getElementById('pool'), list = document.getElementById('list');
  box.addEventListener('click', () => setTimeout(() => list.classList.add('open'), 80));
  list.addEventListener('click', e => {
    box.textContent = e.target.textContent; list.classList.remove('open');
  });
</script>
"""


async def test_select_custom_dropdown_clicks_best_option(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(CUSTOM_DROPDOWN))
    result = await make_executor().execute(
        page, Select(target=target(role="combobox", name="Pick a pool"), option="Northside")
    )
    assert result.ok, result.error
    assert await page.inner_text("#pool") == "Northside Leisure Centre"


AUTOCOMPLETE = """
<label for="city">City</label>
<input id="city" role="combobox" aria-autocomplete="list" aria-controls="sugg" autocomplete="off">
<ul id="sugg" role="listbox"></ul>
<p id="keys"></p>
<script>
  const cities = ['Amsterdam', 'Berlin', 'Bern', 'Bergen'];
  const input = document.getElementById('city'), sugg = document.getElementById('sugg');
  input.addEventListener('keydown', e => { document.getElementById('keys').textContent += `[${e.key}]`; });
  input.addEventListener('input', () => setTimeout(() => {
    const q = input.value.toLowerCase();
    sugg.innerHTML = q ? cities.filter(c => c.toLowerCase().startsWith(q))
      .map(c => `<li role="option">${c}</li>`).join('') : '';
  }, 30));
  sugg.addEventListener('click', e => { input.value = e.target.textContent; sugg.innerHTML = ''; });
</script>
"""


async def test_type_into_autocomplete_types_key_by_key(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(AUTOCOMPLETE))
    result = await make_executor().execute(page, TypeText(target=target(label="City"), text="Ber"))
    assert result.ok, result.error
    # One keydown per character, so the widget sees typing and shows its suggestions.
    assert (await page.inner_text("#keys")).endswith("[B][e][r]")
    assert await page.get_by_role("option").count() == 3


async def test_select_on_autocomplete_types_then_picks(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(AUTOCOMPLETE))
    result = await make_executor().execute(page, Select(target=target(label="City"), option="Bergen"))
    assert result.ok, result.error
    assert await page.input_value("#city") == "Bergen"


CHECKBOXES = """
<style>
  .vh { display: none; }
  .fancy { position: relative; display: inline-block; padding: 4px 4px 4px 28px; }
  .fancy input { position: absolute; left: 0; top: 0; opacity: 0; width: 20px; height: 20px; margin: 0; }
  .fancy span.box { position: absolute; left: 0; top: 0; width: 20px; height: 20px; border: 1px solid #333; }
</style>
<input type="checkbox" id="terms" class="vh"><label for="terms">I accept the terms</label>
<label class="fancy"><input type="checkbox" name="news"><span class="box"></span>Newsletter</label>
<div role="checkbox" aria-checked="false" id="sw" tabindex="0"
     onclick="this.setAttribute('aria-checked', this.getAttribute('aria-checked') !== 'true')">Dark mode</div>
"""


async def test_check_hidden_native_input_through_its_label(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(CHECKBOXES))
    executor = make_executor()
    terms = target(element_id="terms", input_type="checkbox", label="I accept the terms")
    result = await executor.execute(page, Check(target=terms))
    assert result.ok, result.error
    assert await page.is_checked("#terms")
    result = await executor.execute(page, Check(target=terms, checked=False))
    assert result.ok, result.error
    assert not await page.is_checked("#terms")


async def test_check_styled_checkbox_and_custom_role_checkbox(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(CHECKBOXES))
    executor = make_executor()
    news = target(input_name="news", input_type="checkbox", tag="input", label="Newsletter")
    result = await executor.execute(page, Check(target=news))
    assert result.ok, result.error
    assert await page.is_checked("input[name=news]")
    result = await executor.execute(page, Check(target=target(role="checkbox", name="Dark mode")))
    assert result.ok, result.error
    assert await page.get_attribute("#sw", "aria-checked") == "true"


RADIOS = """
<fieldset><legend>Level</legend>
  <label><input type="radio" name="level" value="beginner"> Beginner</label>
  <label><input type="radio" name="level" value="improver"> Improver</label>
  <input type="radio" name="level" value="advanced" id="adv" style="display:none">
  <label for="adv">Advanced</label>
</fieldset>
"""


async def test_radio_by_shared_name_prefers_its_label(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(RADIOS))
    executor = make_executor()
    improver = target(input_name="level", input_type="radio", tag="input", label="Improver")
    result = await executor.execute(page, Check(target=improver))
    assert result.ok, result.error
    assert await page.is_checked("input[value=improver]")
    advanced = target(element_id="adv", input_type="radio", label="Advanced")
    result = await executor.execute(page, Check(target=advanced))
    assert result.ok, result.error
    assert await page.is_checked("#adv") and not await page.is_checked("input[value=improver]")
    refused = await executor.execute(page, Check(target=advanced, checked=False))
    assert not refused.ok and refused.error is not None and refused.error.kind is ErrorKind.INPUT


COVERED_LIST = """
<style>
  .dd { position: relative; z-index: 1; width: 220px; border: 1px solid #333; padding: 4px; cursor: pointer; }
  .dd ul { display: none; position: absolute; top: 100%; left: 0; margin: 0; padding: 0; width: 220px;
           background: #fff; list-style: none; }
  .dd.open ul { display: block; }
  .next { position: relative; z-index: 2; background: #eee; height: 160px; }
</style>
<div class="dd" id="room" role="listbox" aria-label="Room type" tabindex="0"><span>Pick a room</span>
  <ul><li role="treeitem">Single</li><li role="treeitem">Deluxe double</li><li role="treeitem">Suite</li></ul>
</div>
<div class="next"><label>Notes <input id="notes"></label></div>
<script>
  const room = document.getElementById('room');
  room.addEventListener('mousedown', e => {
    if (e.target.getAttribute('role') === 'treeitem') {
      room.querySelector('span').textContent = e.target.textContent; room.classList.remove('open');
    } else room.classList.add('open');
  });
</script>
"""


async def test_select_in_a_list_drawn_under_the_next_field_with_treeitem_entries(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    # The entries are `treeitem`s (as Select2 4.0 marks them) and the next field's box lies over the
    # open list, so a mouse click would land on that field: the entry gets the click's events itself.
    await page.goto(site.add(COVERED_LIST))
    result = await make_executor().execute(
        page, Select(target=target(role="listbox", name="Room type"), option="Deluxe double")
    )
    assert result.ok, result.error
    assert await page.inner_text("#room span") == "Deluxe double"


PICKER_FIELDS = """
<label for="when">Check-in</label><input id="when" readonly placeholder="Select a date">
<label for="dob">Date of birth</label><input id="dob" placeholder="dd.mm.yyyy">
<label for="us">Travel date</label><input id="us" placeholder="MM/DD/YYYY">
<p id="seen"></p>
<script>document.getElementById('when').addEventListener('change', e => {
  document.getElementById('seen').textContent = 'change:' + e.target.value; });</script>
"""


async def test_read_only_picker_fields_and_dates_written_as_the_field_hints(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(PICKER_FIELDS))
    executor = make_executor(data={"when": "2031-05-14", "dob": "2031-05-14"}, secrets={"password": SECRET})
    for field, label in (("when", "Check-in"), ("dob", "Date of birth")):
        result = await executor.execute(page, TypeText(target=target(label=label), field=field))
        assert result.ok, result.error
    assert await page.input_value("#when") == "2031-05-14"
    assert await page.inner_text("#seen") == "change:2031-05-14"  # the page heard it, as from its picker
    assert await page.input_value("#dob") == "14.05.2031"
    result = await executor.execute(page, TypeText(target=target(label="Travel date"), text="14 May 2031"))
    assert result.ok and await page.input_value("#us") == "05/14/2031"
    # A secret is never written into a field the page keeps read-only.
    refused = make_executor(secrets={"password": SECRET}, action_timeout_s=0.5)
    result = await refused.execute(page, TypeText(target=target(label="Check-in"), secret="password"))
    assert not result.ok and await page.input_value("#when") == "2031-05-14"


POPUP_ON_FOCUS = """
<form><label for="who">Name</label><input id="who">
<div id="popup" hidden><p>Session expired</p><button id="ok" type="button">OK</button></div></form>
<script>
  const field = document.getElementById("who");
  field.addEventListener("focus", () => {
    if (document.getElementById("popup").hidden) {
      document.getElementById("popup").hidden = false; field.disabled = true;
    }
  });
  document.getElementById("ok").onclick = () => {
    document.getElementById("popup").remove(); field.disabled = false;
  };
</script>
"""


async def test_typing_into_a_field_a_popup_disabled_on_focus_is_a_retryable_element_error(
    page: Page, site: LocalSite, make_executor: MakeExecutor
) -> None:
    await page.goto(site.add(POPUP_ON_FOCUS))
    executor = make_executor(data={"name": "Ada"})
    failed = await executor.execute(page, TypeText(target=target(element_id="who"), field="name"))
    assert not failed.ok and failed.error is not None
    assert failed.error.kind is ErrorKind.ELEMENT and failed.error.retryable
    assert "stayed empty" in failed.error.message
    await page.click("#ok")
    typed = await executor.execute(page, TypeText(target=target(element_id="who"), field="name"))
    assert typed.ok, typed.error
    assert await page.input_value("#who") == "Ada"
