"""Record-keeping pages: add/change/delete links, sort headers, search boxes, "are you sure?" pages."""

from __future__ import annotations

from typing import Any

from ghosttab.actions import Action, Back, Check, Click, Scroll, TypeText
from ghosttab.navigator import HeuristicNavigator, PastStep, TaskMemory
from ghosttab.navigator.records import only_sorts
from ghosttab.perception.models import Element, Observation, PageSummary
from ghosttab.spec import TaskSpec

SITE = "https://backoffice.example.org"
LIST = f"{SITE}/crm/customer/"


def _link(index: int, name: str, href: str, context: str = "") -> Element:
    return Element(index=index, ref=str(index), tag="a", role="link", name=name, href=href, context=context)


def _index_rows() -> list[Element]:
    """An admin index: one row per kind of record, each with its own "Add" and "Change" links."""
    rows: list[Element] = []
    for n, (title, path) in enumerate((("Groups", "auth/group"), ("Customers", "crm/customer"),
                                       ("Orders", "crm/order"))):  # fmt: skip
        base = f"{SITE}/{path}/"
        context = f"{title} Add Change"
        rows += [_link(3 * n + 1, title, base), _link(3 * n + 2, "Add", base + "add/", context),
                 _link(3 * n + 3, "Change", base, context)]  # fmt: skip
    return rows


async def _decide(
    elements: list[Element], goal: str, data: dict[str, str], url: str = LIST, **obs: Any
) -> Action:
    spec = TaskSpec.model_validate(
        {"goal": goal, "start_url": url, "data": data, "success": {"text": "saved"}}
    )
    observation = Observation(url=url, elements=elements, **obs)
    return (await HeuristicNavigator().decide(observation, TaskMemory(spec=spec))).action


async def test_a_create_goal_takes_the_add_link_of_its_kind_before_value_filters() -> None:
    desk_lamp = _link(20, "Desk lamp", f"{SITE}/crm/order/?product=lamp")
    action = await _decide(
        [*_index_rows(), desk_lamp], "Create an order of {quantity} {product} for {customer}",
        {"quantity": "3", "product": "Desk lamp", "customer": "Irene Dumont"}, url=f"{SITE}/",
    )  # fmt: skip
    assert isinstance(action, Click) and action.target.locator.href == f"{SITE}/crm/order/add/"


async def test_a_change_goal_follows_the_change_link_in_its_own_row() -> None:
    action = await _decide(_index_rows(), "Change the email address of customer {name} to {email}",
                           {"name": "Greta Costa", "email": "g@example.org"}, url=f"{SITE}/")  # fmt: skip
    assert isinstance(action, Click)
    assert action.target.locator.href.startswith(f"{SITE}/crm/customer/")
    assert not action.target.locator.href.endswith("add/")


async def test_opening_a_record_never_adds_one_and_searches_when_it_is_not_listed() -> None:
    nav_filter = Element(index=1, ref="1", tag="input", role="searchbox", input_type="search",
                         name="Filter navigation items")  # fmt: skip
    add = _link(2, "Add customer", LIST + "add/")
    box = Element(index=3, ref="3", tag="input", role="textbox", name="Search", label="Search",
                  input_name="q", form="changelist-search")  # fmt: skip
    button = Element(index=4, ref="4", tag="input", role="button", input_type="submit", name="Search",
                     form="changelist-search")  # fmt: skip
    sort = _link(5, "Name", LIST + "?o=1", "Name Email Country")
    listed = _link(6, "Anna Adler", LIST + "1/change/", "anna.adler@example.com Germany")
    page = [nav_filter, add, box, button, sort, listed]
    action = await _decide(page, "Open the record of customer {name}", {"name": "Pavel Engel"},
                           text="Select customer to change 90 customers")  # fmt: skip
    assert isinstance(action, TypeText)
    assert (action.target.index, action.field, action.submit) == (3, "name", True)


async def test_a_listed_record_is_opened_not_searched_for() -> None:
    box = Element(index=1, ref="1", tag="input", role="textbox", name="Search", input_name="q", form="f")
    pavel = _link(2, "Pavel Engel", LIST + "77/change/", "pavel.engel@example.com Sweden")
    action = await _decide([box, pavel], "Open the record of customer {name}", {"name": "Pavel Engel"},
                           text="Pavel Engel pavel.engel@example.com Sweden")  # fmt: skip
    assert isinstance(action, Click) and action.target.index == 2


async def test_column_headers_that_only_sort_are_not_the_way_on() -> None:
    assert only_sorts(LIST + "?o=2.1", LIST) and only_sorts(LIST + "?q=x&sort=email", LIST + "?q=x")
    assert not only_sorts(LIST + "?country=fr", LIST) and not only_sorts(f"{SITE}/crm/order/?o=1", LIST)
    headers = [_link(1, "Email", LIST + "?o=2", "Name Email"),
               _link(2, "Customer", LIST + "?o=1", "Name Email")]  # fmt: skip
    action = await _decide(headers, "Change the email of customer {name} to {email}",
                           {"name": "Greta Costa", "email": "g@example.org"})  # fmt: skip
    assert not isinstance(action, Click)


async def test_a_deletion_the_goal_asks_for_is_confirmed() -> None:
    record = _link(1, "Olga Berg", LIST + "12/change/")
    yes = Element(index=2, ref="2", tag="input", role="button", input_type="submit", name="Yes, I’m sure")
    no = _link(3, "No, take me back", LIST + "12/change/")
    text = "Are you sure you want to delete the customer “Olga Berg”? All of the following will be deleted:"
    action = await _decide([record, yes, no], "Delete the customer {name}", {"name": "Olga Berg"},
                           url=LIST + "12/delete/", text=text)  # fmt: skip
    assert isinstance(action, Click) and action.target.index == 2
    # The same page for a goal that does not delete: never confirmed.
    other = await _decide([record, yes, no], "Open the record of customer {name}", {"name": "Olga Berg"},
                          url=LIST + "12/delete/", text=text)  # fmt: skip
    assert not (isinstance(other, Click) and other.target.index == 2)


async def test_an_edit_form_keeps_its_values_and_scrolls_down_to_its_button() -> None:
    """A user's change page: the record's name is already in its field, a filter box of another
    widget resembles the key, row checkboxes mention the record, and Save lies below the screen."""
    user = Element(index=1, ref="1", tag="input", role="textbox", label="Username", input_name="username",
                   value="mlopez", form="user_form")  # fmt: skip
    staff = Element(index=2, ref="2", tag="input", role="checkbox", input_type="checkbox",
                    label="Staff status", name="Staff status", checked=True, form="user_form")  # fmt: skip
    perms = Element(index=3, ref="3", tag="input", role="textbox", label="Filter",
                    element_id="id_user_permissions_input", form="user_form")  # fmt: skip
    row = Element(index=4, ref="4", tag="input", role="checkbox", input_type="checkbox",
                  name="Select this object for an action - Order 90", form="user_form")  # fmt: skip
    spec = TaskSpec.model_validate({"goal": "Give the user {username} staff status", "start_url": LIST,
                                    "data": {"username": "mlopez", "order": "Order 7"},
                                    "success": {"text": "changed"}})  # fmt: skip
    memory = TaskMemory(spec=spec)
    memory.history.append(PastStep(url=LIST, page_hash="h", ok=True, element_key=staff.key,
                                   action=Check(target=staff.as_target(), checked=True)))  # fmt: skip
    page = Observation(url=LIST, elements=[user, staff, perms, row], summary=PageSummary(more_below=True))
    action = (await HeuristicNavigator().decide(page, memory)).action
    assert isinstance(action, Scroll) and action.direction == "down", action


async def test_pages_numbered_with_no_next_link_are_followed_in_order() -> None:
    pages = [_link(n, str(n), f"{LIST}?p={n}") for n in (1, 2, 3, 4)]
    listed = _link(9, "Anna Adler", LIST + "1/change/")
    for url, wanted in ((LIST, "2"), (f"{LIST}?p=2", "3"), (f"{LIST}?p=3&q=", "4")):
        goal = "Open the record of customer {name}"
        action = await _decide([listed, *pages], goal, {"name": "Pavel Engel"}, url=url, text="Anna Adler")
        assert isinstance(action, Click) and action.target.locator.name == wanted, (url, action)


async def test_a_value_the_goal_sets_is_not_a_place_to_go_and_an_empty_search_goes_back() -> None:
    shipped = _link(1, "Shipped", LIST + "?status=shipped")
    box = Element(index=2, ref="2", tag="input", role="textbox", name="Search", input_name="q", form="f")
    page2 = _link(3, "2", LIST + "?p=2")
    goal, data = "Mark {order} as {status}", {"order": "Order 7", "status": "Shipped"}
    action = await _decide([shipped, box, page2], goal, data, text="Order 90 Order 89")
    assert isinstance(action, TypeText) and action.field == "order"  # not the "Shipped" filter
    spec = TaskSpec.model_validate(
        {"goal": goal, "start_url": LIST, "data": data, "success": {"text": "saved"}}
    )
    memory = TaskMemory(spec=spec)
    searched = PastStep(url=LIST, page_hash="h", action=action, ok=True, element_key=box.key)
    memory.history.append(searched)
    # The results page keeps the words searched for in its box: that is not the order being listed.
    searched_box = box.model_copy(update={"value": "Order 7"})
    empty = Observation(url=LIST + "?q=Order+7", elements=[shipped, searched_box],
                        text="0 results (90 total)")  # fmt: skip
    back = (await HeuristicNavigator().decide(empty, memory)).action
    assert isinstance(back, Back)
