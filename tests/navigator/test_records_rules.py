"""Records that carry the same controls (a feed's posts, a paged list of results, a form of unquoted
values), on small pages of their own observed in real Chromium: rules record_control, nth_result,
value_beside_label and type_shown_text."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.actions import Action, Click, Scroll, TypeText
from ghosttab.navigator.base import Decision, PastStep, TaskMemory
from ghosttab.navigator.heuristic import HeuristicNavigator
from ghosttab.perception.observe import observe
from ghosttab.spec import TaskSpec

# Pages set with set_content: the steps of the visit are taken at their address.
URL = "about:blank"


def _post(user: str, n: int) -> str:
    return f"""<div class=post><b>Name{n}</b> {user} wrote post number {n} today.
<div><button id=like{n}>Like</button>
<span><button id=more{n} onclick="this.nextElementSibling.hidden=false">More</button>
<span hidden><button id=block{n}>Block {user}</button><button>Mute {user}</button></span></span>
</div></div>"""


FEED = "".join(_post(user, n) for n, user in enumerate(["@ann", "@bob", "@ann", "@cy"])) + (
    "<button id=submit>Submit</button>"
)


async def _decide(page: Page, goal: str, history: list[PastStep]) -> Decision:
    observation = await observe(page)
    start = "http://127.0.0.1/page"
    spec = TaskSpec.model_validate({"goal": goal, "start_url": start, "success": {"text": "never shown"}})
    memory = TaskMemory(spec=spec, history=history)
    decision = await HeuristicNavigator().decide(observation, memory)
    assert decision is not None
    return decision


def _step(action: Action, page_hash: str = "h") -> PastStep:
    target = action.element
    key = ""
    if target is not None:
        loc = target.locator
        key = "|".join((loc.tag, loc.role, loc.input_name, loc.element_id, loc.label or loc.name))
    return PastStep(url=URL, page_hash=page_hash, action=action, ok=True, element_key=key)


def _id(decision: Decision) -> str:
    target = decision.action.element
    assert target is not None
    return target.locator.element_id


async def test_the_named_users_menu_then_its_entry(page: Page) -> None:
    await page.set_content(FEED)
    goal = 'For the user @bob, click on the "Block" button.'
    first = await _decide(page, goal, [])
    assert first.rule == "record_control" and _id(first) == "more1"
    await page.click("#more1")
    second = await _decide(page, goal, [_step(first.action)])
    assert second.rule == "record_control" and _id(second) == "block1"


async def test_every_post_of_the_user_then_submit(page: Page) -> None:
    await page.set_content(FEED)
    goal = 'Click the "Like" button on all posts by @ann and then click Submit.'
    first = await _decide(page, goal, [])
    assert first.rule == "record_control" and _id(first) == "like0"
    second = await _decide(page, goal, [_step(first.action)])
    assert second.rule == "record_control" and _id(second) == "like2"
    liked = [_step(first.action), _step(second.action)]
    third = await _decide(page, goal, liked)
    # Both shown are pressed: look for more of them, and at the list's end, go on to Submit.
    assert third.rule == "record_control" and isinstance(third.action, Scroll)
    unmoved = _step(third.action, (await observe(page)).page_hash)
    assert _id(await _decide(page, goal, [*liked, unmoved])) == "submit"


async def test_a_counted_number_of_posts(page: Page) -> None:
    await page.set_content(FEED)
    goal = 'Click the "Like" button on 1 post by @ann and then click Submit.'
    first = await _decide(page, goal, [])
    assert _id(first) == "like0"
    assert _id(await _decide(page, goal, [_step(first.action)])) == "submit"


async def test_a_user_out_of_view_is_scrolled_to_in_a_list(page: Page) -> None:
    await page.set_content(f"<div style='height:90px;overflow:auto'>{FEED}</div>")
    decision = await _decide(page, 'For the user @cy, click on the "Mute" button.', [])
    assert decision.rule == "record_control" and isinstance(decision.action, Scroll)


RESULTS = """<input id=q value="Renda"><button id=go>Search</button>
<div>""" + "".join(
    f"<div><a href='#r{n}' id=r{n}>Result {n}</a><p>https://site{n}.example text {n}</p></div>"
    for n in range(3)
) + "</div><a href='#p1'>1</a> <a href='#p2' id=p2>2</a> <a href='#p3' id=p3>3</a> <a href='#n'>&gt;</a>"


async def test_the_counted_result_through_its_page(page: Page) -> None:
    await page.set_content(RESULTS)
    goal = 'Use the textbox to enter "Renda" and press "Search", then find and click the 5th search result.'
    searched = Click(target=(await observe(page)).elements[1].as_target())
    turn = await _decide(page, goal, [_step(searched)])
    assert turn.rule == "nth_result" and _id(turn) == "p2"
    # On page 2 of three a page: the 5th result is the second one there.
    pick = await _decide(page, goal, [_step(searched), _step(turn.action)])
    assert pick.rule == "nth_result" and _id(pick) == "r1"


MOVIES = """<h2>Movie Search</h2><label>Genre <input id=genre></label> <label>Year <input id=year></label>
<label>Director <input id=director></label> <div style="cursor:pointer" onclick="1">Submit</div>"""


async def test_unquoted_values_beside_the_fields_words(page: Page) -> None:
    await page.set_content(MOVIES)
    goal = "Search for action movies directed by Bowen from year 1998."
    typed: dict[str, str] = {}
    history: list[PastStep] = []
    for _ in range(3):
        decision = await _decide(page, goal, history)
        assert decision.rule == "value_beside_label" and isinstance(decision.action, TypeText)
        typed[_id(decision)] = decision.action.text or ""
        await page.fill(f"#{_id(decision)}", decision.action.text or "")
        history.append(_step(decision.action))
    # 'action' is the one word of the goal that no field's word and nothing on the page explains.
    assert typed == {"genre": "action", "year": "1998", "director": "Bowen"}
    final = await _decide(page, goal, history)
    assert final.rule == "submit"


async def test_the_text_the_goal_points_at(page: Page) -> None:
    await page.set_content("<p><span>6</span><span>g</span><span>H</span><span>F</span></p>"
                           "<input id=answer><button>Submit</button>")  # fmt: skip
    decision = await _decide(page, "Type the text below into the text field and press Submit.", [])
    assert decision.rule == "type_shown_text" and isinstance(decision.action, TypeText)
    assert decision.action.text == "6gHF"


DROPDOWN = """<div><span>5ft 5in</span><b id=arrow style="cursor:pointer"
onclick="document.getElementById('items').hidden=false">▾</b></div>
<ul id=items hidden><li id=a style="cursor:pointer">5ft 8in</li>
<li id=b style="cursor:pointer">5ft 9in</li></ul>
<button id=yes>Yes</button><button>No</button>"""


async def test_a_hand_drawn_dropdown_is_opened_for_the_choice(page: Page) -> None:
    await page.set_content(DROPDOWN)
    goal = 'Choose 5ft 9in from the dropdown, then click the button labeled "Yes".'
    opened = await _decide(page, goal, [])
    assert opened.rule == "open_list" and _id(opened) == "arrow"
    await page.click("#arrow")
    picked = await _decide(page, goal, [_step(opened.action)])
    assert isinstance(picked.action, Click) and _id(picked) == "b"


async def test_numbers_in_ascending_order(page: Page) -> None:
    numbers = "".join(f"<button id=n{n}>{n}</button>" for n in (3, 1, 2))
    await page.set_content(numbers)
    goal = "Click on the numbers in ascending order."
    first = await _decide(page, goal, [])
    assert first.rule == "click_in_order" and _id(first) == "n1"
    assert _id(await _decide(page, goal, [_step(first.action)])) == "n2"


async def test_a_box_scrolled_to_its_end_before_the_button(page: Page) -> None:
    await page.set_content("<textarea rows=3>" + "words " * 400 + "</textarea><button>Submit</button>")
    goal = "Scroll the textarea to the top of the text hit submit."
    first = await _decide(page, goal, [])
    assert first.rule == "scroll_as_told" and isinstance(first.action, Scroll)
    assert first.action.direction == "up"
    assert (await _decide(page, goal, [_step(first.action)])).rule != "scroll_as_told"
