"""The heuristic navigator on observations shaped like real pages (no browser needed)."""

from __future__ import annotations

from typing import Any

from ghosttab.actions import Action, Check, Click, Download, Navigate, Press, Select, TypeText, Wait
from ghosttab.navigator import HeuristicNavigator, PastStep, TaskMemory
from ghosttab.perception.models import Element, LinkRef, Observation, SelectOption
from ghosttab.spec import TaskSpec

URL = "https://shop.example.org/checkout"


def _el(index: int, tag: str, **fields: Any) -> Element:
    return Element(index=index, ref=str(index), tag=tag, **fields)


def _spec(**fields: Any) -> TaskSpec:
    base: dict[str, Any] = {"goal": "Do it", "start_url": URL, "success": {"text": "Thank you"}}
    base.update(fields)
    return TaskSpec.model_validate(base)


def _did(memory: TaskMemory, action: Action, element: Element, url: str = URL) -> None:
    """Record that `action` on `element` succeeded, as the runner would."""
    key = element.key
    memory.history.append(PastStep(url=url, page_hash="h", action=action, ok=True, element_key=key))


async def _decide(observation: Observation, memory: TaskMemory) -> Any:
    return (await HeuristicNavigator().decide(observation, memory)).action


async def test_fills_fields_by_fuzzy_label_then_submits() -> None:
    email = _el(1, "input", input_type="email", label="E-mail address", input_name="mail")
    name = _el(2, "input", input_type="text", label="Full name")
    submit = _el(3, "button", role="button", name="Continue", input_type="submit")
    page = Observation(url=URL, elements=[email, name, submit])
    spec = _spec(goal="Sign up", data={"contact_email": "a@b.org", "full_name": "Ada Lovelace"})
    memory = TaskMemory(spec=spec)

    first = await _decide(page, memory)
    assert isinstance(first, TypeText) and first.field == "contact_email" and first.target.index == 1
    _did(memory, first, email)
    filled = email.model_copy(update={"value": "a@b.org"})
    second = await _decide(Observation(url=URL, elements=[filled, name, submit]), memory)
    assert isinstance(second, TypeText) and second.field == "full_name"
    _did(memory, second, name)
    done_name = name.model_copy(update={"value": "Ada Lovelace"})
    third = await _decide(Observation(url=URL, elements=[filled, done_name, submit]), memory)
    assert isinstance(third, Click) and third.target.index == 3


async def test_select_radio_and_required_consent_checkbox() -> None:
    level = _el(
        1,
        "select",
        role="combobox",
        label="Skill level",
        options=[
            SelectOption(value="b", label="Beginner", selected=True),
            SelectOption(value="a", label="Advanced"),
        ],
    )
    indoor = _el(2, "input", input_type="radio", role="radio", name="Indoor", group="Preferred pool")
    outdoor = _el(3, "input", input_type="radio", role="radio", name="Outdoor", group="Preferred pool")
    terms = _el(4, "input", input_type="checkbox", role="checkbox", label="I accept the terms", required=True)
    spec = _spec(data={"level": "Advanced", "pool": "Outdoor"})
    memory = TaskMemory(spec=spec)
    page = Observation(url=URL, elements=[level, indoor, outdoor, terms])
    actions = []
    for _ in range(3):
        action = await _decide(page, memory)
        actions.append(action)
        target = page.element(action.target.index)
        _did(memory, action, target)
    assert isinstance(actions[0], Select) and actions[0].field == "level"
    assert isinstance(actions[1], Check) and actions[1].target.index == 3
    assert isinstance(actions[2], Check) and actions[2].target.index == 4


async def test_link_named_by_a_data_value_wins_over_other_links() -> None:
    elements = [
        _el(1, "a", role="link", name="Home", href="https://portal.example.com/"),
        _el(2, "a", role="link", name="PO-10022", href="https://portal.example.com/po/22"),
        _el(3, "a", role="link", name="PO-10023", href="https://portal.example.com/po/23"),
    ]
    spec = _spec(
        goal="Download the PDF of purchase order {po}", data={"po": "PO-10023"}, success={"download": True}
    )
    action = await _decide(
        Observation(url="https://portal.example.com/orders", elements=elements), TaskMemory(spec=spec)
    )
    assert isinstance(action, Click) and action.target.index == 3


async def test_a_breadcrumb_back_to_the_page_a_value_names_does_not_beat_the_form() -> None:
    """On `/events/gala/book`, the breadcrumb `Gala` names a data value but leads up and away."""
    here = "https://tickets.example.net/events/gala/book"
    elements = [
        _el(1, "a", role="link", name="Events", href="https://tickets.example.net/events"),
        _el(2, "a", role="link", name="Gala", href="https://tickets.example.net/events/gala"),
        _el(3, "input", input_type="text", label="Your name"),
        _el(4, "button", role="button", name="Book", input_type="submit"),
    ]
    spec = _spec(goal="Book the {event} for {your_name}", data={"event": "Gala", "your_name": "Ada"})
    action = await _decide(Observation(url=here, elements=elements), TaskMemory(spec=spec))
    assert isinstance(action, TypeText) and action.target.index == 3


async def test_a_filled_form_without_its_button_yet_waits_rather_than_leave_by_the_breadcrumb() -> None:
    here = "https://tickets.example.net/events/gala/book"
    crumb = _el(1, "a", role="link", name="Gala", href="https://tickets.example.net/events/gala")
    name = _el(2, "input", input_type="text", label="Your name", value="Ada")
    spec = _spec(goal="Book the {event} for {your_name}", data={"event": "Gala", "your_name": "Ada"})
    memory = TaskMemory(spec=spec)
    typed = TypeText(target=name.as_target(), field="your_name")
    _did(memory, typed, name, url=here)
    action = await _decide(Observation(url=here, elements=[crumb, name]), memory)
    assert isinstance(action, Wait)


async def test_a_link_to_a_named_section_of_this_page_is_followed() -> None:
    """`#method.push` on the page being read is a jump, not a link back to the same page."""
    here = "https://docs.example.org/vec.html"
    elements = [
        _el(1, "a", role="link", name="Vec", href=here),
        _el(2, "a", role="link", name="push", href=here + "#method.push", in_viewport=False),
    ]
    spec = _spec(goal="Find the {method} method of Vec", data={"method": "push"})
    action = await _decide(Observation(url=here, elements=elements), TaskMemory(spec=spec))
    assert isinstance(action, Click) and action.target.index == 2
    # A section named by the value and more (`fs.readFile(path, callback)` for `fs.readFile`).
    signature = _el(3, "a", role="link", name="fs.readFile(path, callback)", href=here + "#fsreadfile")
    spec = _spec(goal="Find {method} in the docs", data={"method": "fs.readFile"})
    page = Observation(url=here, elements=[elements[0], signature])
    action = await _decide(page, TaskMemory(spec=spec))
    assert isinstance(action, Click) and action.target.index == 3


async def test_a_link_folded_away_in_a_menu_is_opened_by_its_address() -> None:
    here = "https://docs.example.org/guide/intro.html"
    page = Observation(
        url=here,
        elements=[_el(1, "a", role="link", name="Introduction", href=here)],
        hidden_links=[
            LinkRef(name="Closure expressions", href="https://docs.example.org/guide/closures.html"),
            LinkRef(name="Closure expressions", href="https://elsewhere.example.com/closures.html"),
        ],
    )
    spec = _spec(goal="Open the chapter on {topic}", data={"topic": "Closure expressions"})
    action = await _decide(page, TaskMemory(spec=spec))
    assert isinstance(action, Navigate) and action.url == "https://docs.example.org/guide/closures.html"


async def test_a_select_whose_options_do_not_fit_the_value_is_not_its_field() -> None:
    """`query` names both a search box and a 'Search in' filter; only the box can take the value."""
    crates = [
        SelectOption(value="all", label="All crates", selected=True),
        SelectOption(value="std", label="std"),
    ]
    scope = _el(1, "select", role="combobox", label="Search results in", options=crates)
    box = _el(2, "input", input_type="search", label="Search the docs")
    spec = _spec(goal="Search the docs", data={"query": "to_uppercase"})
    action = await _decide(Observation(url=URL, elements=[scope, box]), TaskMemory(spec=spec))
    assert isinstance(action, TypeText) and action.target.index == 2


async def test_a_search_box_without_a_button_is_sent_with_enter() -> None:
    box = _el(1, "input", input_type="search", label="Search the docs", value="to_uppercase")
    spec = _spec(goal="Search the docs", data={"query": "to_uppercase"})
    memory = TaskMemory(spec=spec)
    typed = TypeText(target=box.as_target(), field="query")
    _did(memory, typed, box)
    action = await _decide(Observation(url=URL, elements=[box]), memory)
    assert isinstance(action, Press) and action.key == "Enter" and action.target is not None
    assert action.target.index == 1


async def test_download_intent_picks_the_download_link() -> None:
    elements = [
        _el(1, "a", role="link", name="Back to orders", href="https://p.example.com/orders"),
        _el(2, "a", role="link", name="Download PDF", href="https://p.example.com/po/23/pdf"),
    ]
    spec = _spec(goal="Get the invoice of {po}", data={"po": "PO-1"}, success={"download": True})
    action = await _decide(
        Observation(url="https://p.example.com/po/23", elements=elements), TaskMemory(spec=spec)
    )
    assert isinstance(action, Download) and action.target.index == 2


async def test_login_uses_secret_names_never_values() -> None:
    user = _el(1, "input", input_type="text", label="User name")
    password = _el(2, "input", input_type="password", label="Password")
    button = _el(3, "button", name="Log in", input_type="submit")
    spec = _spec(secrets={"username": "bob", "password": "pw-very-secret"})
    memory = TaskMemory(spec=spec, secret_names=["password", "username"])
    action = await _decide(Observation(url=URL, elements=[user, password, button]), memory)
    assert isinstance(action, TypeText) and action.secret == "username" and action.text is None
    assert "pw-very-secret" not in action.model_dump_json()


async def test_quoted_goal_value_goes_into_the_search_box_and_named_button_is_pressed() -> None:
    search = _el(1, "input", input_type="search", role="searchbox", placeholder="Search products")
    go = _el(2, "button", name="Search", input_type="submit")
    spec = _spec(goal='Type "blue widgets" into the search box and press Search')
    memory = TaskMemory(spec=spec)
    page = Observation(url=URL, elements=[search, go])
    first = await _decide(page, memory)
    assert isinstance(first, TypeText) and first.text == "blue widgets"
    _did(memory, first, search)
    second = await _decide(page, memory)
    assert isinstance(second, Click) and second.target.index == 2


async def test_modal_is_dismissed_before_anything_else() -> None:
    link = _el(1, "a", role="link", name="Tuesday Evening", href="https://swim.example/c/2")
    close = _el(2, "button", name="Close", in_dialog=True)
    page = Observation(url=URL, elements=[link, close], dialogs=["Join our newsletter"])
    spec = _spec(goal="Register for {c}", data={"c": "Tuesday Evening"})
    action = await _decide(page, TaskMemory(spec=spec))
    assert isinstance(action, Click) and action.target.index == 2


async def test_nothing_matching_waits_once_then_fails_with_a_reason() -> None:
    page = Observation(
        url=URL, elements=[_el(1, "a", role="link", name="Privacy policy", href="https://x.org/p")]
    )
    memory = TaskMemory(spec=_spec(goal="Book a table for {n}", data={"n": "4"}))
    first = await HeuristicNavigator().decide(page, memory)
    assert first is not None and first.action.kind == "wait" and first.confidence < 0.5
    memory.history.append(PastStep(url=URL, page_hash="h", action=first.action, ok=True))
    second = await HeuristicNavigator().decide(page, memory)
    assert second is not None and second.action.kind == "fail" and second.confidence < 0.5


async def test_login_name_field_takes_the_leftover_secret_when_no_label_matches() -> None:
    email = _el(1, "input", input_type="email", label="Work e-mail")
    password = _el(2, "input", input_type="password", label="Password")
    button = _el(3, "button", name="Continue", input_type="submit")
    spec = _spec(secrets={"account_id": "ada@example.org", "password": "pw-secret-1"})
    memory = TaskMemory(spec=spec, secret_names=["account_id", "password"])
    page = Observation(url=URL, elements=[email, password, button])
    first = await _decide(page, memory)
    assert isinstance(first, TypeText) and first.target.index == 1 and first.secret == "account_id"
