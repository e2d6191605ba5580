"""A command the goal names that the page keeps in a menu of actions ('More actions' -> 'Publish'),
on small pages of their own observed in real Chromium."""

from __future__ import annotations

from playwright.async_api import Page
from tests.navigator.decisions import as_step, target_name

from ghosttab.actions import Click, TypeText
from ghosttab.navigator.base import Decision, PastStep, TaskMemory
from ghosttab.navigator.heuristic import HeuristicNavigator
from ghosttab.perception.observe import observe
from ghosttab.result import Tier
from ghosttab.spec import TaskSpec

URL = "http://127.0.0.1/page"
# An editor: one primary button, the other commands in a menu that pops out of a clipped footer bar.
EDITOR = """
<style>footer{position:fixed;bottom:0;left:0;right:0}footer>div{height:48px;overflow:hidden}
#menu{position:absolute;bottom:60px;left:120px;background:#fff}</style>
<label>Event date <input id=date></label>
<footer><div><button>Save draft</button>
<button aria-expanded=false id=more onclick="this.setAttribute('aria-expanded','true');
document.getElementById('menu').hidden=false">More actions</button>
<div id=menu hidden><button>Publish</button><button>Unpublish</button><a href="/delete">Delete</a></div>
</div></footer>"""
GOAL = "The event has moved to 2026-12-03: update the event and publish the change"


async def _decide(page: Page, goal: str, history: list[PastStep]) -> Decision:
    observation = await observe(page)
    spec = TaskSpec.model_validate(
        {"goal": goal, "start_url": URL, "data": {"date": "2026-12-03"}, "success": {"text": "never shown"}}
    )
    decision = await HeuristicNavigator().decide(observation, TaskMemory(spec=spec, history=history))
    assert decision is not None
    return decision


async def test_fields_first_then_the_menu_then_the_command_it_holds(page: Page) -> None:
    await page.set_content(EDITOR)
    first = await _decide(page, GOAL, [])
    assert isinstance(first.action, TypeText) and first.rule == "fill"
    await page.fill("#date", "2026-12-03")
    history = [as_step(first, URL)]
    opened = await _decide(page, GOAL, history)
    # Not the visible 'Save draft': the goal asks to publish, and only the menu can hold it.
    assert isinstance(opened.action, Click) and opened.rule == "action_menu"
    assert target_name(opened) == "More actions"
    await page.click("#more")
    history.append(as_step(opened, URL))
    pressed = await _decide(page, GOAL, history)
    assert isinstance(pressed.action, Click) and target_name(pressed) == "Publish"


async def test_a_forbidden_command_opens_no_menu(page: Page) -> None:
    await page.set_content(EDITOR)
    await page.fill("#date", "2026-12-03")
    goal = "Save a draft of the event with the new date, but don't publish it"
    decision = await _decide(page, goal, [])
    assert decision.rule != "action_menu"


async def test_a_command_already_on_the_page_is_left_to_the_other_rules(page: Page) -> None:
    await page.set_content("""<ul><li>Old news <a href="/d1">Delete</a></li></ul>
    <button aria-expanded=false>Actions</button>""")
    decision = await _decide(page, "Delete the news article Old news", [])
    assert decision.rule != "action_menu"


async def test_the_menu_of_another_record_s_row_stays_shut(page: Page) -> None:
    await page.set_content("""<table><tr><td>Library newsletter</td>
    <td><button aria-expanded=false>Actions</button></td></tr></table>""")
    decision = await _decide(page, "Move the Holiday opening times page into About us", [])
    assert decision.rule != "action_menu"


async def test_a_furniture_link_the_goal_names_is_followed(page: Page) -> None:
    await page.set_content("""<nav><a href="/news/">News</a><a href="/about/">About us</a>
    <a href="/contact/">Contact us</a><a href="/logout/">Sign out</a></nav><h1>Welcome</h1>""")
    goal = "Send the library a message through the contact form: when do you open?"
    decision = await _decide(page, goal, [])
    assert isinstance(decision.action, Click) and target_name(decision) == "Contact us"


async def test_the_tab_the_task_names_is_opened_when_nothing_else_leads_on(page: Page) -> None:
    await page.set_content("""<div role=tablist><button role=tab aria-selected=true>Orders</button>
    <button role=tab aria-selected=false>Delivery</button>
    <button role=tab aria-selected=false>Returns</button>
    </div><div role=tabpanel>Can I cancel my order?</div>""")
    observation = await observe(page)
    spec = TaskSpec.model_validate({"goal": "Find out in the help centre how much {service} costs",
                                    "data": {"service": "express delivery"}, "start_url": URL,
                                    "success": {"text": "never shown"}})  # fmt: skip
    decision = await HeuristicNavigator().decide(observation, TaskMemory(spec=spec, history=[]))
    assert decision is not None and decision.rule == "goal_tab" and target_name(decision) == "Delivery"


async def test_a_tab_a_replayed_path_opened_is_looked_into_again(page: Page) -> None:
    """A replayed path opened 'Tab #2' on its way to another record's link: the heuristic never saw it."""
    tabs = """<div role=tablist><button role=tab aria-selected=false onclick="show(0)">Tab #1</button>
    <button role=tab aria-selected=false onclick="show(1)">Tab #2</button>
    <button role=tab aria-selected=true onclick="show(2)">Tab #3</button></div>
    <div role=tabpanel hidden><span onclick="1">lorem</span></div>
    <div role=tabpanel hidden><span onclick="1">ac</span></div>
    <div role=tabpanel><span onclick="1">ipsum</span></div>
    <script>function show(n){
      document.querySelectorAll('[role=tab]').forEach((t,i)=>t.setAttribute('aria-selected', String(i===n)));
      document.querySelectorAll('[role=tabpanel]').forEach((p,i)=>p.hidden=i!==n)}</script>"""
    await page.set_content(tabs)
    goal = 'Switch between the tabs to find and click on the link "ac".'
    observation = await observe(page)
    opened = [e for e in observation.elements if e.name in ("Tab #1", "Tab #2")]

    def history(tier: Tier) -> list[PastStep]:
        return [PastStep(url=observation.url, page_hash="h", action=Click(target=tab.as_target()), ok=True,
                         element_key=tab.key, tier=tier) for tab in opened]  # fmt: skip

    decision = await _decide(page, goal, history(Tier.REPLAY))
    assert decision.rule == "goal_tab" and target_name(decision) == "Tab #1"
    decision = await _decide(page, goal, history(Tier.HEURISTIC))
    assert decision.rule != "goal_tab"


async def test_a_goal_that_names_tabs_as_such_looks_through_tabs_named_by_numbers(page: Page) -> None:
    await page.set_content("""<div role=tablist><button role=tab aria-selected=true>1</button>
    <button role=tab aria-selected=false>2</button><button role=tab aria-selected=false>3</button></div>
    <div role=tabpanel><span onclick="1">lorem</span> <span onclick="1">ipsum</span></div>""")
    decision = await _decide(page, 'Switch between the tabs to find and click on the link "lectus".', [])
    assert decision.rule == "goal_tab" and target_name(decision) == "2"
