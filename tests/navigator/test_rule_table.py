"""The heuristic's rule table on small pages of its own, observed in real Chromium: each rule added for
sites nobody here wrote, the ranking's order guard, and what a step's record says."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

import pytest
from playwright.async_api import Page
from tests.navigator.decisions import run_alone

from ghosttab.actions import Check, Click, TypeText
from ghosttab.lifecycle import TaskStatus
from ghosttab.navigator.base import Decision, PastStep, TaskMemory
from ghosttab.navigator.heuristic import HeuristicNavigator
from ghosttab.perception.observe import observe
from ghosttab.spec import TaskSpec

URL = "http://127.0.0.1/page"


async def _decide(page: Page, html: str, goal: str, history: list[PastStep] | None = None) -> Decision:
    await page.set_content(html)
    observation = await observe(page)
    spec = TaskSpec.model_validate({"goal": goal, "start_url": URL, "success": {"text": "never shown"}})
    memory = TaskMemory(spec=spec, history=history or [])
    decision = await HeuristicNavigator().decide(observation, memory)
    assert decision is not None
    return decision


def _name(decision: Decision) -> str:
    target = decision.action.element
    assert target is not None
    return target.locator.name or target.locator.label or target.locator.element_id


async def test_quoted_values_go_in_before_the_named_button(page: Page) -> None:
    html = """<label>Username <input id=u></label><label>Password <input id=p type=password></label>
    <button>Login</button>"""
    goal = 'Enter the username "karrie" and the password "AU" into the text fields and press login.'
    decision = await _decide(page, html, goal)
    assert isinstance(decision.action, TypeText) and decision.action.text == "karrie"
    assert decision.rule == "fill"
    assert any(lost.startswith("strong_link(too early)") for lost in decision.lost)
    # The record shows what was understood and which rule won, by how much.
    record = decision.explained()
    assert "[rule fill" in record and "margin" in record and "intent:" in record and "'karrie'" in record


async def test_clickable_text_with_a_handler_is_clicked_by_its_exact_name(page: Page) -> None:
    html = """<style>.l{cursor:pointer;text-decoration:underline}</style><p>Donec
    <span class=l onclick="1">eget</span> rhoncus <span class=l onclick="1">Eget</span> tortor.</p>"""
    decision = await _decide(page, html, 'Click on the link "Eget".')
    assert isinstance(decision.action, Click) and _name(decision) == "Eget"
    assert decision.rule == "exact_link"


async def test_focus_the_counted_text_field(page: Page) -> None:
    html = "<input id=a><input id=b><input id=c>"
    decision = await _decide(page, html, "Focus into the 3rd input textbox.")
    assert isinstance(decision.action, Click) and decision.rule == "focus_field"
    assert decision.action.target.locator.element_id == "c"


async def test_expand_a_folded_section_before_pressing(page: Page) -> None:
    html = """<h3 role=button aria-expanded=false onclick="this.setAttribute('aria-expanded','true');
    document.getElementById('s').hidden=false">Section #1</h3>
    <div id=s hidden><button>Other</button></div><button>Submit</button>"""
    decision = await _decide(page, html, "Expand the section below and click submit.")
    assert isinstance(decision.action, Click) and decision.rule == "expand"
    assert _name(decision) == "Section #1"


async def test_a_dialog_button_the_goal_quotes_is_pressed_not_dismissed(page: Page) -> None:
    html = """<div role=dialog aria-modal=true><p>Really?</p>
    <button>Cancel</button><button>OK</button></div>"""
    decision = await _decide(page, html, 'Click the button in the dialog box labeled "Cancel".')
    assert isinstance(decision.action, Click) and _name(decision) == "Cancel"


async def test_every_listed_box_is_ticked_however_short_its_label(page: Page) -> None:
    html = """<label><input type=checkbox>nb</label><label><input type=checkbox>HF2</label>
    <label><input type=checkbox>zz</label><button>Submit</button>"""
    decision = await _decide(page, html, "Select nb, HF2 and click Submit.")
    assert isinstance(decision.action, Check) and _name(decision) == "nb"


async def test_a_value_read_out_of_a_table(page: Page) -> None:
    html = """<table><tr><td>First name</td><td>Melodee</td></tr><tr><td>Last name</td><td>Reynolds</td>
    </tr></table><input id=answer><button>Submit</button>"""
    decision = await _decide(page, html, "Enter the value of Last name into the text field and press Submit.")
    assert isinstance(decision.action, TypeText) and decision.action.text == "Reynolds"
    assert decision.rule == "table_value"


async def test_copy_the_counted_text_area_into_the_input(page: Page) -> None:
    html = """<textarea>first text</textarea><textarea>second text</textarea><input id=answer>
    <button>Submit</button>"""
    goal = "Copy the text from the 2nd text area below and paste it into the text input, then press Submit."
    decision = await _decide(page, html, goal)
    assert isinstance(decision.action, TypeText) and decision.action.text == "second text"
    assert decision.action.target.locator.element_id == "answer" and decision.rule == "copy_paste"


async def test_a_widget_named_by_its_kind(page: Page) -> None:
    html = "<input type=radio name=r><input id=t><textarea id=area></textarea><button>Go</button>"
    decision = await _decide(page, html, 'Click on a "textarea" widget.')
    assert isinstance(decision.action, Click) and decision.action.target.locator.element_id == "area"


async def test_a_suggestion_meeting_the_goal_s_quoted_constraints(page: Page) -> None:
    html = """<input id=tags value=An><ul><li style="cursor:pointer" onclick="1">Angola</li>
    <li style="cursor:pointer" onclick="1">Antarctica</li></ul><button>Submit</button>"""
    await page.set_content(html)
    observation = await observe(page)
    box = next(e for e in observation.elements if e.element_id == "tags")
    typed = PastStep(url=observation.url, page_hash="h", ok=True, element_key=box.key,
                     action=TypeText(target=box.as_target(), text="An"))  # fmt: skip
    spec = TaskSpec.model_validate({"goal": 'Enter an item that starts with "An" and ends with "ica".',
                                    "start_url": URL, "success": {"text": "x"}})  # fmt: skip
    decision = await HeuristicNavigator().decide(observation, TaskMemory(spec=spec, history=[typed]))
    assert decision is not None and isinstance(decision.action, Click) and _name(decision) == "Antarctica"


# An end-to-end run: the same goal through the fleet, real HTTP, real store.
LOGIN_PAGE = b"""<!doctype html><title>Sign in</title>
<label>Username <input id=u></label><label>Password <input id=p type=password></label>
<button onclick="document.getElementById('out').textContent =
  (document.getElementById('u').value === 'karrie' && document.getElementById('p').value === 'AU')
  ? 'Welcome karrie' : 'Wrong answer'">Login</button><p id=out></p>"""


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(LOGIN_PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


async def test_login_with_quoted_values_end_to_end_and_the_step_log_names_the_rules(
    site: str, tmp_path: Path
) -> None:
    spec = TaskSpec.model_validate({
        "id": "quoted-login", "start_url": site, "max_steps": 6, "success": {"text": "Welcome karrie"},
        "goal": 'Enter the username "karrie" and the password "AU" into the text fields and press login.',
    })  # fmt: skip
    result, steps = await run_alone(spec, tmp_path)
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert [s.action["kind"] for s in steps] == ["type", "type", "click"]
    assert "[rule fill" in steps[0].reason and "intent:" in steps[0].reason
    assert "[rule submit" in steps[2].reason


async def test_the_counted_word_of_the_paragraph_and_of_a_text_area(page: Page) -> None:
    html = "<p>Lacus, interdum pulvinar.</p><input id=answer><button>Submit</button>"
    goal = 'Find the 2nd word in the paragraph, type that into the textbox and press "Submit".'
    decision = await _decide(page, html, goal)
    assert isinstance(decision.action, TypeText) and decision.action.text == "interdum"
    text = "lorem ipsum " * 40 + "vestibulum"
    html = f"<textarea>{text}</textarea><input id=answer><button>Submit</button>"
    decision = await _decide(page, html, "Find the last word in the text area, enter it into the text field.")
    assert isinstance(decision.action, TypeText) and decision.action.text == "vestibulum"


async def test_a_sum_and_an_equation_on_the_page_are_solved(page: Page) -> None:
    goal = "Solve for x and type your answer into the textbox. Press Submit when done."
    decision = await _decide(page, "<p>-3 + x = 5</p><input id=a><button>Submit</button>", goal)
    assert isinstance(decision.action, TypeText) and decision.action.text == "8"
    assert decision.rule == "solve_sum"
    goal = "Solve the math problem and type your answer into the textbox."
    decision = await _decide(page, "<p>12 - 5 =</p><input id=a><button>Submit</button>", goal)
    assert isinstance(decision.action, TypeText) and decision.action.text == "7"
    decision = await _decide(page, "<p>7 x 6 =</p><input id=a><button>Submit</button>", goal)
    assert isinstance(decision.action, TypeText) and decision.action.text == "42"


async def test_a_quoted_x_is_the_dialog_s_close_button(page: Page) -> None:
    html = """<div role=dialog aria-modal=true><button aria-label=Close>×</button><p>Text</p>
    <button>Cancel</button><button>OK</button></div>"""
    decision = await _decide(page, html, 'Click the button in the dialog box labeled "x".')
    assert isinstance(decision.action, Click) and _name(decision) == "Close"
    assert decision.rule == "close_glyph"


async def test_an_interruption_asking_to_leave_is_answered_so_as_to_stay(page: Page) -> None:
    html = """<label>Username <input id=u></label><div id=popup><p>Your session is about to expire.</p>
    <p>Exit to home page?</p><button>OK</button> <button>Cancel</button></div>
    <button disabled>Login</button>"""
    decision = await _decide(page, html, 'Enter the username "vina" into the text field and press login.')
    assert isinstance(decision.action, Click) and _name(decision) == "Cancel"
    assert decision.rule == "stay_on_task"
