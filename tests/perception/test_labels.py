"""Names, labels, roles and values that perception reads off real forms."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.perception import observe, render_compact

from .conftest import PageServer
from .helpers import by_id, html_page

FORM = html_page("""
<form>
  <label for="user">Username</label> <input id="user" name="username" required>
  <input id="email" type="email" aria-label="Work email">
  <input id="search" type="search" placeholder="Search orders">
  <label>Company <input id="company" name="company"></label>
  <span id="cityl">Home city</span><input id="city" aria-labelledby="cityl">
  <table><tr><td>Phone number:</td><td><input id="phone"></td></tr></table>
  <div>Postcode * <input id="postcode"></div>
  <label for="pw">Password</label><input id="pw" type="password" name="password">
  <fieldset><legend>Level</legend>
    <label><input type="radio" id="lv1" name="level" value="beginner"> Beginner</label>
    <label><input type="radio" id="lv2" name="level" value="advanced" checked> Advanced</label>
  </fieldset>
  <input type="checkbox" id="terms" name="terms"> I accept the terms
  <label for="size">Size</label>
  <select id="size" name="size"><option value="s">Small</option><option value="m" selected>Medium</option>
    <option value="l">Large</option></select>
  <textarea id="notes" placeholder="Notes"></textarea>
  <button id="go" type="submit">Send <img src="data:," alt=""></button>
  <input id="reset" type="reset" value="Start over">
  <div id="tab" role="tab" aria-selected="true">Overview</div>
  <button id="menu" aria-expanded="false" aria-label="Open menu">☰</button>
  <button id="off" disabled>Disabled</button>
</form>
""")


async def test_labels_from_every_source(page: Page, site: PageServer) -> None:
    await page.goto(site.add(FORM))
    obs = await observe(page)
    assert by_id(obs, "user").label == "Username"
    assert by_id(obs, "user").name == "Username"
    assert by_id(obs, "user").required is True
    assert by_id(obs, "user").input_name == "username"
    assert by_id(obs, "email").label == "Work email"
    assert by_id(obs, "email").input_type == "email"
    assert by_id(obs, "search").label == "Search orders"
    assert by_id(obs, "search").role == "searchbox"
    assert by_id(obs, "company").label == "Company"
    assert by_id(obs, "city").name == "Home city"
    assert by_id(obs, "phone").label == "Phone number"  # nearby text: the previous table cell
    assert by_id(obs, "postcode").label == "Postcode"  # nearby text: preceding text, '*' dropped
    assert by_id(obs, "notes").role == "textbox"


async def test_roles_states_and_options(page: Page, site: PageServer) -> None:
    await page.goto(site.add(FORM))
    obs = await observe(page)
    beginner, advanced = by_id(obs, "lv1"), by_id(obs, "lv2")
    assert (beginner.role, beginner.name, beginner.checked) == ("radio", "Beginner", False)
    assert beginner.group == "Level"
    assert advanced.checked is True
    terms = by_id(obs, "terms")
    assert (terms.role, terms.name, terms.checked) == ("checkbox", "I accept the terms", False)
    assert terms.group == "terms"
    size = by_id(obs, "size")
    assert size.role == "combobox" and size.label == "Size" and size.value == "m"
    assert [(o.value, o.label, o.selected) for o in size.options] == [
        ("s", "Small", False), ("m", "Medium", True), ("l", "Large", False)]
    assert by_id(obs, "go").name == "Send" and by_id(obs, "go").role == "button"
    assert by_id(obs, "reset").name == "Start over"
    assert by_id(obs, "tab").role == "tab" and by_id(obs, "tab").checked is True
    assert by_id(obs, "menu").expanded is False and by_id(obs, "menu").name == "Open menu"
    assert by_id(obs, "off").disabled is True
    text = render_compact(obs)
    assert 'combobox "Size" selected="Medium" options=Small|Medium|Large' in text
    assert 'radio "Advanced" checked group="Level"' in text


async def test_password_value_is_never_read(page: Page, site: PageServer) -> None:
    await page.goto(site.add(FORM))
    await page.fill("#pw", "hunter2-secret")
    await page.fill("#user", "buyer1")
    obs = await observe(page)
    assert by_id(obs, "pw").value == ""
    assert by_id(obs, "user").value == "buyer1"
    assert "hunter2-secret" not in obs.model_dump_json()
    assert "hunter2-secret" not in render_compact(obs)


async def test_context_names_the_row_and_links_are_absolute(page: Page, site: PageServer) -> None:
    rows = "".join(
        f"<tr><td>PO-1002{i}</td><td>Acme Corp</td><td>$1,{i}00</td><td><a href='/po/{i}'>View</a></td></tr>"
        for i in range(5)
    )
    cards = "".join(
        f"<div class=card><h3>Widget {i}</h3><p>${i}.00</p><button>Add to cart</button></div>"
        for i in range(2)
    )
    url = site.add(html_page(f"<table>{rows}</table>{cards}<a href='/x' target=_blank>Elsewhere</a>"))
    await page.goto(url)
    obs = await observe(page)
    views = [e for e in obs.elements if e.name == "View"]
    assert len(views) == 5
    assert views[3].context.startswith("PO-10023 Acme Corp $1,300")
    assert views[3].href == site.base + "/po/3"
    buttons = [e for e in obs.elements if e.name == "Add to cart"]
    assert [b.context for b in buttons] == ["Widget 0 $0.00 Add to cart", "Widget 1 $1.00 Add to cart"]
    elsewhere = next(e for e in obs.elements if e.name == "Elsewhere")
    assert elsewhere.target == "_blank"
    text = render_compact(obs)
    # Five rows holding the same link: one pattern line, then each row's own text with its index.
    assert 'list of 5, each: link "View"\n' in text
    assert f' [{views[3].index}] PO-10023 Acme Corp $1,300' in text
    # A card's line does not repeat the button's own name in its context.
    assert f'[{buttons[0].index}] button "Add to cart" ctx="Widget 0 $0.00"' in text


async def test_short_links_in_rows_of_links_name_their_row(page: Page, site: PageServer) -> None:
    rows = "".join(
        f"<tr><th><a href='/{kind}/'>{kind.title()}</a></th><td><a href='/{kind}/add/'>Add</a></td>"
        f"<td><a href='/{kind}/'>Change</a></td></tr>"
        for kind in ("groups", "users")
    )
    await page.goto(site.add(html_page(f"<table>{rows}</table><ul><li><a href='/help'>Help</a></li></ul>")))
    obs = await observe(page)
    by_href = {e.href.removeprefix(site.base): e for e in obs.elements if e.name in ("Add", "Users", "Help")}
    assert by_href["/users/add/"].context == "Users Add Change"
    assert by_href["/groups/add/"].context == "Groups Add Change"
    assert by_href["/users/"].context == ""  # the row's own title needs no context
    assert by_href["/help"].context == ""  # a list item holding one link: nothing to add


async def test_form_controls_name_their_form_and_selects_keep_the_options_asked_for(
    page: Page, site: PageServer
) -> None:
    options = "".join(f"<option value='{i}'>Customer {i}</option>" for i in range(1, 121))
    body = (f"<form id=search><input id=q name=q><button id=go>Search</button></form>"
            f"<form><select id=who name=customer>{options}</select><button id=save>Save</button></form>"
            "<input id=loose>")  # fmt: skip
    await page.goto(site.add(html_page(body)))
    obs = await observe(page, find=["Customer 97"])
    assert (by_id(obs, "q").form, by_id(obs, "go").form) == ("search", "search")
    assert by_id(obs, "save").form == by_id(obs, "who").form == "form 1"
    assert by_id(obs, "loose").form == ""
    labels = [option.label for option in by_id(obs, "who").options]
    assert labels[:50] == [f"Customer {i}" for i in range(1, 51)]
    assert "Customer 97" in labels and "Customer 98" not in labels
