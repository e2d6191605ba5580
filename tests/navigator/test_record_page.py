"""A record's own page whose forms are folded behind a tab, the state a goal's verb names, cards whose
links share one name, a select the goal's words fill, and a form field named by a synonym; on small
pages of their own observed in real Chromium."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page
from tests.navigator.decisions import as_step, target_name

from ghosttab.actions import Check, Click, Select, TypeText
from ghosttab.navigator.base import Decision, PastStep, TaskMemory
from ghosttab.navigator.heuristic import HeuristicNavigator
from ghosttab.perception.observe import observe
from ghosttab.spec import TaskSpec

URL = "http://127.0.0.1/tickets/7/"
# A ticket's page: the record's heading, list links that share the goal's noun, and the follow-up form
# behind an unselected tab.
TICKET = """
<nav><a href="/tickets/mine/">My Tickets</a> <a href="/tickets/">All Tickets</a></nav>
<h1>Password reset for payroll system</h1>
<div role=tablist><button role=tab aria-selected=true id=t1>Follow ups</button>
<button role=tab aria-selected=false id=t2 onclick="document.getElementById('respond').hidden=false;
this.setAttribute('aria-selected','true');document.getElementById('t1').setAttribute('aria-selected','false')">
Respond</button></div>
<div id=respond hidden><label>Comment <textarea id=c></textarea></label>
<fieldset><legend>New status</legend>
<label><input type=radio name=s value=1 checked> Open</label>
<label><input type=radio name=s value=3> Resolved</label>
<label><input type=radio name=s value=4> Closed</label></fieldset>
<button type=submit>Save</button></div>"""


async def _decide(
    page: Page, goal: str, data: dict[str, str], history: list[PastStep] | None = None
) -> Decision:
    observation = await observe(page)
    body: dict[str, Any] = {"goal": goal, "start_url": URL, "data": data, "success": {"text": "never shown"}}
    memory = TaskMemory(spec=TaskSpec.model_validate(body), history=history or [])
    decision = await HeuristicNavigator().decide(observation, memory)
    assert decision is not None
    return decision


async def test_on_the_records_page_data_with_no_field_opens_the_tab_not_a_list_link(page: Page) -> None:
    await page.set_content(TICKET)
    goal = "Resolve the ticket {title}, telling the user: {comment}"
    data = {"title": "Password reset for payroll system", "comment": "Reset done."}
    decision = await _decide(page, goal, data)
    assert isinstance(decision.action, Click) and decision.rule == "reveal_fields"
    assert target_name(decision) == "Respond"


async def test_the_goals_verb_opens_the_tab_and_names_the_state_to_set(page: Page) -> None:
    await page.set_content(TICKET)
    goal = "Close the ticket {title}; it was already resolved"
    data = {"title": "Password reset for payroll system"}
    opened = await _decide(page, goal, data)
    assert opened.rule == "reveal_fields" and target_name(opened) == "Respond"
    await page.click("#t2")
    chosen = await _decide(page, goal, data, [as_step(opened, URL)])
    assert isinstance(chosen.action, Check) and target_name(chosen) == "Closed"


async def test_cards_with_one_link_name_are_told_apart_by_their_words(page: Page) -> None:
    await page.set_content("""
    <div><h5>Accounts and passwords</h5><p>Passwords and locked accounts.</p>
      <p><small><a href="/kb/accounts/">View articles</a></small></p></div>
    <div><h5>Working from home</h5><p>VPN, Wi-Fi and home office set-up.</p>
      <p><small><a href="/kb/remote/">View articles</a></small></p></div>""")
    decision = await _decide(page, "Find the help article that explains {topic}",
                             {"topic": "how to connect to the VPN"})  # fmt: skip
    target = decision.action.element
    assert isinstance(decision.action, Click) and target is not None
    assert target.locator.href.endswith("/kb/remote/")


async def test_a_button_holding_every_word_of_a_value_is_opened(page: Page) -> None:
    await page.set_content("""<h2>Working from home</h2>
    <button aria-expanded=false>How do I connect to the VPN?</button>
    <button aria-expanded=false>My home Wi-Fi is slow on calls</button>""")
    decision = await _decide(page, "Find the help article that explains {topic}",
                             {"topic": "how to connect to the VPN"})  # fmt: skip
    assert isinstance(decision.action, Click) and target_name(decision) == "How do I connect to the VPN?"


async def test_a_select_at_its_placeholder_takes_the_option_the_goal_names(page: Page) -> None:
    await page.set_content("""<form><label for=q>Queue</label>
    <select id=q required><option value="" selected>--------</option><option value=3>Billing</option>
    <option value=1>IT Support</option></select><button>Submit Ticket</button></form>""")
    goal = "Report a problem to IT Support: {summary}"
    decision = await _decide(page, goal, {"summary": "Battery swelling"})
    assert isinstance(decision.action, Select) and decision.action.option == "IT Support"


async def test_a_select_already_chosen_is_not_changed_by_the_goals_words(page: Page) -> None:
    await page.set_content("""<form><label for=q>Queue</label>
    <select id=q><option value=3 selected>Billing</option><option value=1>IT Support</option></select>
    <button>Submit Ticket</button></form>""")
    decision = await _decide(page, "Report a problem to IT Support", {})
    assert not isinstance(decision.action, Select)


async def test_details_fill_the_description_field(page: Page) -> None:
    await page.set_content("""<form><label>Summary of the problem <input id=s></label>
    <label>Description of your issue <textarea id=d></textarea></label><button>Submit</button></form>""")
    await page.fill("#s", "Battery swelling")
    decision = await _decide(page, "Report {summary}. Details: {details}",
                             {"summary": "Battery swelling", "details": "The touchpad no longer clicks."})
    assert isinstance(decision.action, TypeText) and decision.action.field == "details"
    assert target_name(decision) == "Description of your issue"


async def test_the_field_holding_the_old_value_takes_the_new_one(page: Page) -> None:
    await page.set_content("""<form id=edit><label>Title <input id=t value="Monitor flickering"></label>
    <label>Queue <input id=q value="IT Support"></label><button>Save Changes</button></form>""")
    decision = await _decide(page, "Rename the ticket {title} to {new_title}",
                             {"title": "Monitor flickering", "new_title": "Docked"})  # fmt: skip
    assert isinstance(decision.action, TypeText) and decision.action.field == "new_title"
    assert target_name(decision) == "Title"


async def test_a_rename_opens_the_actions_menu_for_its_edit_command(page: Page) -> None:
    await page.set_content("""<h1>Monitor flickering</h1>
    <button aria-expanded=false id=m onclick="this.setAttribute('aria-expanded','true');
    document.getElementById('menu').hidden=false">Actions</button>
    <div id=menu hidden><a href="/t/6/edit/">Edit</a><a href="/t/6/hold/">Hold</a></div>""")
    goal = "Rename the ticket {title} to {new_title}"
    data = {"title": "Monitor flickering", "new_title": "Docked"}
    opened = await _decide(page, goal, data)
    assert opened.rule == "action_menu" and target_name(opened) == "Actions"
    await page.click("#m")
    pressed = await _decide(page, goal, data, [as_step(opened, page.url)])
    assert isinstance(pressed.action, Click) and target_name(pressed) == "Edit"


async def test_another_forms_button_is_passed_over_for_the_filled_forms_far_below(page: Page) -> None:
    await page.set_content("""<form id=search><input aria-label=Search><button>Go</button></form>
    <form id=edit><label>Title <input id=t></label><div style="height:2400px"></div>
    <button>Save Changes</button></form>""")
    await page.fill("#t", "Docked")
    goal, data = "Set the title to {title}", {"title": "Docked"}
    title = next(e for e in (await observe(page)).elements if e.label == "Title")
    typed = TypeText(target=title.as_target(), field="title")
    filled = PastStep(url=page.url, page_hash="h", action=typed, ok=True, element_key=title.key)
    decision = await _decide(page, goal, data, [filled])
    # Perception lists the filled form's own button however far below: it is pressed, not "Go".
    target = decision.action.element
    assert decision.rule == "submit" and target is not None and target.locator.name == "Save Changes"


async def test_the_command_in_the_subjects_row_is_pressed_before_its_link(page: Page) -> None:
    await page.set_content("""<table><tr><th>Ticket</th><th>Queue</th><th>Actions</th></tr>
    <tr><td><a href="/t/4/">4. Printer jammed</a></td><td>IT</td><td><a href="/t/4/take">Take</a></td></tr>
    <tr><td><a href="/t/5/">5. Shared drive</a></td><td>IT</td><td><a href="/t/5/take">Take</a></td></tr>
    </table>""")
    decision = await _decide(page, "I'll work on {title} myself: take the ticket", {"title": "Shared drive"})
    target = decision.action.element
    assert decision.rule == "row_command" and target is not None and target.locator.href.endswith("/t/5/take")


async def test_a_folded_section_of_the_records_page_is_opened_for_data_left(page: Page) -> None:
    await page.set_content("""<h1>Kitchen dishwasher leaking</h1>
    <a href="#details" role=button aria-expanded=false id=f>Update ticket details</a>
    <div id=details hidden><label>Priority <select><option>3. Normal</option><option>1. Critical</option>
    </select></label></div><a href="/tickets/mine/">My Tickets</a>""")
    decision = await _decide(page, "The ticket {title} is urgent now: set its priority to {priority}",
                             {"title": "Kitchen dishwasher leaking", "priority": "Critical"})  # fmt: skip
    assert decision.rule == "reveal_fields" and target_name(decision) == "Update ticket details"


async def test_rows_beside_the_same_value_are_told_apart_by_the_goals_words(page: Page) -> None:
    await page.set_content("""<table><tr><th>Ticket</th><th>Submitter</th></tr>
    <tr><td><a href="/t/2/">2. Printer shows paper jam</a></td><td>tom@example.org</td></tr>
    <tr><td><a href="/t/8/">8. Heating not working in room 3</a></td><td>tom@example.org</td></tr></table>""")
    decision = await _decide(page, "Reply to {submitter} on the ticket about the heating: {comment}",
                             {"submitter": "tom@example.org", "comment": "Tomorrow."})  # fmt: skip
    target = decision.action.element
    assert isinstance(decision.action, Click) and target is not None and target.locator.href.endswith("/t/8/")


async def test_a_field_holding_the_subject_makes_the_page_the_records_own(page: Page) -> None:
    await page.set_content(TICKET.replace("<h1>Password reset for payroll system</h1>",
                                          '<label>Submitter email <input value="tom@example.org"></label>'))
    decision = await _decide(page, "Reply to {submitter} on the ticket about the heating: {comment}",
                             {"submitter": "tom@example.org", "comment": "Tomorrow."})  # fmt: skip
    assert decision.rule == "reveal_fields" and target_name(decision) == "Respond"


async def test_a_rows_record_link_named_by_the_goals_thing_is_no_command(page: Page) -> None:
    await page.set_content("""<aside><a href="?status__exact=shipped">Shipped</a></aside><table>
    <tr><td><a href="/order/3/">Order</a></td><td>Shipped</td></tr></table>""")
    decision = await _decide(page, "Show only the orders with status {status}", {"status": "Shipped"})
    assert decision.rule != "row_command"
