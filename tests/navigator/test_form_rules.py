"""Form rules met on component-library forms: consent boxes the page or goal asks for, tabs that hide
the rest of the form, goal words in their longer forms."""

from __future__ import annotations

from typing import Any

from ghosttab.actions import Action, Check, Click, TypeText
from ghosttab.navigator import HeuristicNavigator, PastStep, TaskMemory
from ghosttab.navigator.forms import demanded, element_key
from ghosttab.navigator.goal import goal_overlap, read_goal
from ghosttab.perception.models import Element, Observation
from ghosttab.spec import TaskSpec

URL = "https://events.example.org/register"


def _field(index: int, label: str, **fields: Any) -> Element:
    return Element(index=index, ref=str(index), tag="input", role="textbox", input_type="text", name=label,
                   label=label, form="form 0", **fields)  # fmt: skip


def _box(index: int, label: str, **fields: Any) -> Element:
    return Element(index=index, ref=str(index), tag="input", role="checkbox", input_type="checkbox",
                   name=label, label=label, checked=False, form="form 0", **fields)  # fmt: skip


def _memory(goal: str, data: dict[str, str], history: list[PastStep] | None = None) -> TaskMemory:
    spec = TaskSpec.model_validate(
        {"goal": goal, "start_url": URL, "data": data, "success": {"text": "done"}})
    return TaskMemory(spec=spec, history=history or [])


def _typed(element: Element, key: str) -> PastStep:
    return _done(element, TypeText(target=element.as_target(), field=key))


def _done(element: Element, action: Action) -> PastStep:
    return PastStep(url=URL, page_hash="h", action=action, ok=True, element_key=element_key(element))


async def _decide(elements: list[Element], memory: TaskMemory, text: str = "") -> Action:
    observation = Observation(url=URL, elements=elements, text=text)
    return (await HeuristicNavigator().decide(observation, memory)).action


def test_a_page_asks_for_a_box_in_its_own_words() -> None:
    label = "I accept the code of conduct"
    assert demanded(label, "Meal Vegan. You must accept the code of conduct to register. Register")
    assert not demanded(label, "Read our code of conduct. I accept the code of conduct")
    assert not demanded(label, "Please choose a meal.")


def test_goal_words_count_in_their_longer_forms() -> None:
    intent = read_goal("Register Ann, accepting the code of conduct, and ask to be called back")
    assert goal_overlap("I accept the code of conduct", intent) == 1.0
    assert goal_overlap("Call me back", intent) == 1.0
    assert goal_overlap("Subscribe to the newsletter", intent) == 0.0


async def test_a_consent_box_is_ticked_once_the_page_demands_it() -> None:
    name = _field(1, "Full name", value="Ann Lee")
    terms = _box(2, "I accept the code of conduct")
    submit = Element(index=3, ref="3", tag="button", role="button", name="Register", form="form 0")
    memory = _memory("Register {name}", {"name": "Ann Lee"}, [_typed(name, "name")])
    elements = [name, terms, submit]
    assert not isinstance(await _decide(elements, memory, "Full name I accept the code of conduct"), Check)
    demand = "Full name I accept the code of conduct. You must accept the code of conduct to register."
    action = await _decide(elements, memory, demand)
    assert isinstance(action, Check) and action.target.ref == "2"


async def test_a_box_the_goal_names_in_other_words_is_ticked() -> None:
    name = _field(1, "Your name", value="Lin Wei")
    call = _box(2, "Call me back")
    memory = _memory("Send a ticket for {name} and ask to be called back", {"name": "Lin Wei"},
                     [_typed(name, "name")])  # fmt: skip
    action = await _decide([name, call], memory)
    assert isinstance(action, Check) and action.target.ref == "2"


async def test_data_left_over_opens_an_unnamed_tab_before_submitting() -> None:
    details = Element(index=1, ref="1", tag="div", role="tab", name="Details", checked=True)
    contact = Element(index=2, ref="2", tag="div", role="tab", name="Contact", checked=False)
    name = _field(3, "Your name", value="Lin Wei")
    send = Element(index=4, ref="4", tag="button", role="button", name="Send ticket", form="form 0")
    goal, data = "Open a ticket for {name}, phone {phone}", {"name": "Lin Wei", "phone": "+44 20 7946 0000"}
    memory = _memory(goal, data, [_typed(name, "name")])
    action = await _decide([details, contact, name, send], memory)
    assert isinstance(action, Click) and action.target.ref == "2"
    opened = _done(contact, Click(target=contact.as_target()))
    memory = _memory(goal, data, [_typed(name, "name"), opened])
    after = await _decide([details, contact, name, send], memory)
    assert not (isinstance(after, Click) and after.target.ref == "2")  # each tab is looked in once
