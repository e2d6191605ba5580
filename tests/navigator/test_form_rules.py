"""Form rules met on component-library forms: consent boxes the page or goal asks for, tabs that hide
the rest of the form, goal words in their longer forms."""

from __future__ import annotations

from typing import Any

from ghosttab.actions import Action, Check, Click, TypeText
from ghosttab.navigator import HeuristicNavigator, PastStep, TaskMemory
from ghosttab.navigator.choices import demanded
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
    return PastStep(url=URL, page_hash="h", action=action, ok=True, element_key=element.key)


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


async def test_a_start_button_moves_the_flow_on() -> None:
    home = Element(index=1, ref="1", tag="a", role="link", name="Home", href="https://events.example.org/")
    start = Element(index=2, ref="2", tag="a", role="button", name="Start now", href=f"{URL}/name")
    action = await _decide([home, start], _memory("Apply for a licence for {name}", {"name": "Ann Lee"}))
    assert isinstance(action, Click) and action.target.ref == "2"


def _answers_page() -> list[Element]:
    """A check-your-answers page: each answer with its Change link, then the button that sends them."""
    rows = [("Full name", "Alex Jones"), ("Licence type", "Trout and coarse"), ("Licence length", "1 day")]
    elements = [
        Element(index=n + 1, ref=str(n + 1), tag="a", role="link", name=f"Change {label.lower()}",
                href=f"{URL}/q{n}?change=1", context=f"{label} {value}")
        for n, (label, value) in enumerate(rows)
    ]  # fmt: skip
    send = Element(index=9, ref="9", tag="button", role="button", name="Accept and send", form="form 0")
    return [*elements, send]


async def test_a_page_summing_up_the_answers_is_sent_not_changed() -> None:
    data = {"name": "Alex Jones", "licence": "Trout and coarse", "length": "1 day"}
    answered = [_field(1, "What is your full name?"), _field(2, "Licence type"), _field(3, "Licence length")]
    history = [_done(field, TypeText(target=field.as_target(), field=key)) for field, key in zip(
        answered, data, strict=True)]  # fmt: skip
    for step in history:
        step.url = f"{URL}/earlier"
    memory = _memory("Apply for a fishing licence for {name}: {licence} for {length}", data, history)
    page = _answers_page()
    summary = "Check your answers Full name Alex Jones Licence type Trout and coarse"
    action = await _decide(page, memory, summary)
    assert isinstance(action, Click) and action.target.ref == "9"


async def test_an_unanswered_group_takes_the_option_the_goal_words_name() -> None:
    options = [Element(index=n, ref=str(n), tag="input", role="radio", input_type="radio", name=name,
                       label=name, group="contact", checked=False, form="form 0")
               for n, name in enumerate(("Email", "Text message", "Post"), start=1)]  # fmt: skip
    memory = _memory("Apply for {name} and send texts to {phone}", {"name": "Sam", "phone": "07700 900 982"})
    action = await _decide(options, memory)
    assert isinstance(action, Check) and action.target.ref == "2"
    memory = _memory("Apply for {name}", {"name": "Sam"})
    assert not isinstance(await _decide(options, memory), Check)


async def test_a_link_named_by_an_entered_value_still_leads_but_one_beside_it_does_not() -> None:
    name = _field(1, "Customer name")
    typed = _done(name, TypeText(target=name.as_target(), field="name"))
    typed.url = f"{URL}/add"
    memory = _memory("Register customer {name}, then open their record", {"name": "Alex Jones"}, [typed])
    record = Element(index=1, ref="1", tag="a", role="link", name="Alex Jones", href=f"{URL}/customers/7")
    action = await _decide([record], memory)
    assert isinstance(action, Click) and action.target.ref == "1"
    change = Element(index=1, ref="1", tag="a", role="link", name="Change", href=f"{URL}/q1?change=1",
                     context="Full name Alex Jones")  # fmt: skip
    assert not isinstance(await _decide([change], memory), Click)


async def test_a_key_naming_only_one_field_takes_it_before_a_key_naming_two() -> None:
    """"travellers" names both "Traveller name" and "Number of travellers" as well as "name" names
    the first: each key gets a field of its own instead of "travellers" taking the name field."""
    traveller = _field(1, "Traveller name")
    count = Element(index=2, ref="2", tag="input", role="spinbutton", input_type="number",
                    name="Number of travellers", label="Number of travellers", form="form 0")  # fmt: skip
    data = {"travellers": "2", "name": "Priya Raman"}
    memory = _memory("Book travel for {travellers} people for {name}", data)
    first = await _decide([traveller, count], memory)
    assert isinstance(first, TypeText) and (first.target.ref, first.field) == ("1", "name")
    memory.history.append(_typed(traveller, "name"))
    second = await _decide([traveller.model_copy(update={"value": "Priya Raman"}), count], memory)
    assert isinstance(second, TypeText) and (second.target.ref, second.field) == ("2", "travellers")


async def test_a_calendar_paging_button_is_not_taken_for_the_form_s_next_step() -> None:
    """A date picker left open shows "Next Month" while the form's own button is further down."""
    when = _field(1, "Departure date", value="2031-04-12")
    month = Element(index=2, ref="2", tag="button", role="button", name="Next Month")
    memory = _memory("Book travel on {departure}", {"departure": "2031-04-12"}, [_typed(when, "departure")])
    action = await _decide([when, month], memory)
    assert not (isinstance(action, Click) and action.target.ref == "2")


async def test_a_dialog_asking_to_confirm_what_was_just_sent_is_confirmed_not_closed() -> None:
    send = Element(index=1, ref="1", tag="button", role="button", name="Send claim", form="form 0")
    close = Element(index=2, ref="2", tag="button", role="button", name="Close this dialog", in_dialog=True)
    cancel = Element(index=3, ref="3", tag="button", role="button", name="Cancel", in_dialog=True)
    confirm = Element(index=4, ref="4", tag="button", role="button", name="Confirm", in_dialog=True)
    sent = _done(send, Click(target=send.as_target()))
    memory = _memory("File a claim for {name}", {"name": "Luis Ortega"}, [sent])
    for asked, wanted in (("Submit this claim? 212.00 EUR", "4"), ("Discard your unsaved changes?", "2")):
        observation = Observation(url=URL, elements=[send, close, cancel, confirm], dialogs=[asked])
        action = (await HeuristicNavigator().decide(observation, memory)).action
        assert isinstance(action, Click) and action.target.ref == wanted, asked


async def test_a_file_the_goal_wants_is_looked_for_in_the_tab_named_for_files() -> None:
    tabs = [Element(index=n, ref=str(n), tag="button", role="tab", name=name, checked=n == 1)
            for n, name in enumerate(["Summary", "Items", "Documents"], start=1)]  # fmt: skip
    back = Element(index=4, ref="4", tag="a", role="link", name="Back to orders", href=f"{URL}/orders")
    memory = _memory("Download the PDF invoice for order {order}", {"order": "SO-40017"})
    action = await _decide([*tabs, back], memory, "Order SO-40017 Placed 3 March")
    assert isinstance(action, Click) and action.target.ref == "3"


async def test_a_date_field_takes_only_a_date() -> None:
    """"cover" names "Cover start date" best, but "buildings and contents" is no date: "start" goes there."""
    start = _field(1, "Cover start date", placeholder="MM/DD/YYYY")
    data = {"cover": "buildings and contents", "start": "3 May 2031"}
    action = await _decide([start], _memory("Insure {cover} from {start}", data))
    assert isinstance(action, TypeText) and action.field == "start"


async def test_a_switch_is_set_never_taken_for_the_form_s_button() -> None:
    toggle = Element(index=1, ref="1", tag="button", role="switch", name="Add accidental damage cover",
                     checked=True, form="form 0")  # fmt: skip
    nxt = Element(index=2, ref="2", tag="button", role="button", name="Next", form="form 0")
    memory = _memory("Quote with accidental damage cover for {name}", {"name": "Aisha Khan"})
    filled = _field(3, "Name", value="Aisha Khan")
    memory.history.append(_typed(filled, "name"))
    action = await _decide([toggle, nxt, filled], memory)
    assert isinstance(action, Click) and action.target.ref == "2"


async def test_a_stepper_s_done_steps_are_not_gone_back_to() -> None:
    steps = [Element(index=n, ref=str(n), tag="div", role="tab", name=name, checked=n == 2)
             for n, name in ((1, "✓ Cover"), (2, "Contact"))]  # fmt: skip
    name = _field(3, "Full name", value="Graham Whitfield")
    send = Element(index=4, ref="4", tag="button", role="button", name="Get quote", form="form 0")
    memory = _memory("Insure {cover} cover for {name}; include {extra}",
                     {"cover": "contents only", "name": "Graham Whitfield", "extra": "legal expenses"},
                     [_typed(name, "name")])  # fmt: skip
    action = await _decide([*steps, name, send], memory)
    assert isinstance(action, Click) and action.target.ref == "4"


def test_a_synonym_with_small_words_names_its_field() -> None:
    from ghosttab.navigator.matching import name_similarity

    assert name_similarity("dob", "Date of birth") >= 0.9
    assert name_similarity("date_of_birth", "DOB") >= 0.9


async def test_a_confirming_dialog_s_way_ahead_repeats_the_clicked_button_s_verb() -> None:
    join = Element(index=1, ref="1", tag="button", role="button", name="Join the library", form="form 0")
    back = Element(index=2, ref="2", tag="button", role="button", name="Back", in_dialog=True)
    ahead = Element(index=3, ref="3", tag="button", role="button", name="Join", in_dialog=True)
    clicked = _done(join, Click(target=join.as_target()))
    memory = _memory("Sign {name} up", {"name": "Chloe Martin"}, [clicked])
    observation = Observation(url=URL, elements=[join, back, ahead], dialogs=["Confirm membership"])
    decision = await HeuristicNavigator().decide(observation, memory)
    assert isinstance(decision.action, Click) and decision.action.target.ref == "3"
    assert decision.reason == "confirm the dialog via 'Join'"


async def test_an_open_list_s_entry_is_not_clicked_for_sharing_the_goal_s_words() -> None:
    """"Register" asks for a sign-up, and "book" is one of its words: the entry "E-book" of a list
    left open is still no way to register."""
    entry = Element(index=1, ref="1", tag="div", role="option", name="E-book", checked=False)
    name = _field(2, "Full name", value="Margaret O'Neill")
    memory = _memory("Register {name} for the library", {"name": "Margaret O'Neill"}, [_typed(name, "name")])
    action = await _decide([entry, name], memory)
    assert not (isinstance(action, Click) and action.target.ref == "1")
