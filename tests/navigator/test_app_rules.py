"""Rules met on a real conference app (pretalx's speaker and organiser areas), each on a page of its
own: what a goal names of a record and its kind, where a person's details are kept, the one record
a dashboard lists, the command a long page keeps at its foot, quotes beside apostrophes."""

from __future__ import annotations

from playwright.async_api import Page

from ghosttab.actions import Click, Navigate, Select, TypeText
from ghosttab.navigator import HeuristicNavigator, TaskMemory
from ghosttab.navigator.base import Decision, PastStep
from ghosttab.navigator.fields import FIELD_MATCH
from ghosttab.navigator.goal import kind_lists, read_goal
from ghosttab.navigator.matching import name_similarity, stem
from ghosttab.navigator.records import goal_verbs
from ghosttab.perception.models import Element, LinkRef, Observation, PageSummary, SelectOption
from ghosttab.perception.observe import observe
from ghosttab.runner.guidance import phrases_to_find
from ghosttab.secrets import Secrets
from ghosttab.spec import TaskSpec

URL = "https://cfp.example.org/orga/event/"


def _memory(goal: str, data: dict[str, str] | None = None, secrets: dict[str, str] | None = None
            ) -> TaskMemory:  # fmt: skip
    spec = TaskSpec.model_validate({"goal": goal, "start_url": URL, "data": data or {},
                                    "secrets": secrets or {}, "success": {"text": "never"}})  # fmt: skip
    return TaskMemory(spec=spec, secret_names=sorted(secrets or {}))


def _link(index: int, name: str, href: str) -> Element:
    return Element(index=index, ref=str(index), tag="a", role="link", name=name, href=href)


async def _decide(observation: Observation, memory: TaskMemory) -> Decision:
    decision = await HeuristicNavigator().decide(observation, memory)
    assert decision is not None
    return decision


def test_an_apostrophe_is_no_quote_and_a_record_s_kind_is_read_with_its_lists() -> None:
    intent = read_goal("I can't make it this year: withdraw my proposal \"Mentoring first-time speakers\"")
    assert intent.quoted == ("Mentoring first-time speakers",)
    room = read_goal('Set up a new room called "Harbour View Room" that seats 120 people')
    assert room.kinds == ("room",) and room.choices == ()
    session_type = read_goal('Offer a new session type, "Lightning talk", lasting 5 minutes')
    assert session_type.kinds == ("session type",)
    assert {"sessions", "proposals"} <= set(kind_lists(read_goal('Accept the talk "Zero-downtime upgrades"')))
    assert read_goal('Click the button labelled "OK"').kinds == ()


def test_a_key_that_abbreviates_a_label_names_its_field() -> None:
    assert name_similarity("bio", "Biography") >= FIELD_MATCH
    assert name_similarity("desc", "Description") >= FIELD_MATCH
    assert name_similarity("ab", "Abstract") < FIELD_MATCH  # two letters abbreviate nothing
    assert name_similarity("order", "Ordered on:") < FIELD_MATCH  # another form of the word, no abbreviation


def test_news_is_no_plural_so_a_news_article_is_not_a_new_one() -> None:
    assert stem("news") == "news" and stem("articles") == "article"
    title = {"title": "New e-book app"}
    template = "Delete the news article {title}"
    intent = read_goal("Delete the news article New e-book app", template=template, data=title)
    assert "create" not in goal_verbs(intent) and intent.kinds == ()


async def test_where_a_person_s_details_are_kept_leads_even_from_a_folded_menu() -> None:
    memory = _memory("Sign in and change my speaker biography to: {bio}", {"bio": "Dana runs the data team."})
    folded = Observation(url=URL + "me/submissions/", hidden_links=[
        LinkRef(name="My proposals", href=URL + "me/submissions/"),
        LinkRef(name="My profile", href=URL + "me/"),
        LinkRef(name="Delete my account", href=URL + "me/delete")])  # fmt: skip
    decision = await _decide(folded, memory)
    assert isinstance(decision.action, Navigate) and decision.action.url == URL + "me/"
    shown = Observation(url=URL + "me/submissions/", elements=[
        _link(1, "Delete my account", URL + "me/delete"), _link(2, "My profile", URL + "me/")])  # fmt: skip
    decision = await _decide(shown, memory)
    assert isinstance(decision.action, Click) and decision.action.target.index == 2


async def test_an_account_form_s_current_password_waits_for_a_goal_about_the_account() -> None:
    fields = [Element(index=1, ref="1", tag="textarea", role="textbox", name="Biography", label="Biography",
                      form="profile"),
              Element(index=2, ref="2", tag="input", role="textbox", input_type="password",
                      name="Password (current)", label="Password (current)", form="account"),
              Element(index=3, ref="3", tag="input", role="textbox", input_type="password",
                      name="New password", label="New password", form="account")]  # fmt: skip
    secrets = {"username": "dana", "password": "s3cret"}
    memory = _memory("Change my biography to: {bio}", {"bio": "New bio."}, secrets)
    decision = await _decide(Observation(url=URL + "me/", elements=fields), memory)
    assert isinstance(decision.action, TypeText) and decision.action.field == "bio"


async def test_the_list_of_the_goal_s_kind_leads_shown_or_folded() -> None:
    memory = _memory('Accept the talk "{title}"', {"title": "Zero-downtime upgrades"})
    dashboard = Observation(url=URL + "harbour27/", elements=[
        _link(1, "Dashboard", URL + "harbour27/"), _link(2, "Speakers", URL + "harbour27/speakers/"),
        _link(3, "Sessions", URL + "harbour27/submissions/")])  # fmt: skip
    memory.history.append(memory_step(dashboard, await _decide(dashboard, memory)))  # looked again once
    decision = await _decide(dashboard, memory)
    assert decision.rule == "kind_list" and decision.action.target is not None
    assert decision.action.target.index == 3
    room = _memory('Set up a new room called "{name}" that seats {capacity} people',
                   {"name": "Harbour View Room", "capacity": "120"})  # fmt: skip
    folded = Observation(url=URL + "harbour27/", hidden_links=[
        LinkRef(name="Editor", href=URL + "harbour27/schedule/"),
        LinkRef(name="Rooms", href=URL + "harbour27/schedule/rooms/")])  # fmt: skip
    decision = await _decide(folded, room)
    assert isinstance(decision.action, Navigate) and decision.action.url.endswith("/schedule/rooms/")


async def test_the_one_record_a_dashboard_lists_is_opened_and_a_new_one_is_not_searched_for() -> None:
    memory = _memory('Set up a new room called "{name}"', {"name": "Harbour View Room"})
    search = Element(index=1, ref="1", tag="input", role="searchbox", input_type="search", name="Search",
                     label="Search", form="search")  # fmt: skip
    events = Observation(url=URL, headings=["Your upcoming events", "Harbour Conf 2027"], elements=[
        search, _link(2, "Harbour Conf 2027 April 5 – 6, 2027", URL + "harbour27/"),
        _link(3, "Organisers", "https://cfp.example.org/orga/organiser/")])  # fmt: skip
    decision = await _decide(events, memory)
    assert decision.rule == "wait_once"  # the page may still be drawing: one look again first
    memory.history.append(memory_step(events, decision))
    decision = await _decide(events, memory)
    assert decision.rule == "only_record" and decision.action.target is not None
    assert decision.action.target.index == 2


def memory_step(observation: Observation, decision: Decision) -> PastStep:
    return PastStep(url=observation.url, page_hash="h", action=decision.action, ok=True)


async def test_the_command_the_goal_asks_for_is_found_at_the_foot_of_a_long_page(page: Page) -> None:
    await page.set_content("""<h1>My proposal</h1><form><label>Title <input></label>
    <div style="height:3000px"></div><button>Save</button></form>
    <h3>Withdraw proposal</h3><a href="/withdraw">Withdraw</a>""")
    memory = _memory('I can\'t make it this year: withdraw my proposal "Mentoring"')
    phrases = phrases_to_find(memory, Secrets())
    assert "withdraw" in phrases
    observation = await observe(page, find=phrases)
    withdraw = next(e for e in observation.elements if e.name == "Withdraw")
    assert not withdraw.in_viewport
    decision = await _decide(observation, memory)
    assert decision.action.target is not None and decision.action.target.index == withdraw.index


async def test_a_record_s_state_is_changed_through_the_menu_that_shows_it() -> None:
    memory = _memory('Accept the talk "{title}"', {"title": "Zero-downtime upgrades"})
    state = Element(index=1, ref="1", tag="summary", role="button", name="submitted", expanded=False)
    reviews = _link(2, "Reviews", URL + "r/")
    page = Observation(url=URL + "harbour27/submissions/T1/", elements=[state, reviews])
    opening = await _decide(page, memory)
    assert opening.rule == "state_change" and opening.action.target is not None
    assert opening.action.target.index == 1
    memory.history.append(memory_step(page, opening))
    shown = [state.model_copy(update={"expanded": True}), _link(3, "accepted", URL + "T1/accept"),
             _link(4, "not accepted", URL + "T1/reject")]  # fmt: skip
    pressing = await _decide(Observation(url=page.url, elements=shown), memory)
    assert pressing.action.target is not None and pressing.action.target.index == 3
    memory.history.append(memory_step(page, pressing))
    asked = Observation(url=URL + "T1/accept", elements=[
        Element(index=5, ref="5", tag="button", role="button", name="Back"),
        Element(index=6, ref="6", tag="button", role="button", name="Do it")])  # fmt: skip
    doing = await _decide(asked, memory)
    assert doing.rule == "state_change" and doing.action.target is not None and doing.action.target.index == 6
    memory.history.append(memory_step(asked, doing))
    later = Observation(url=URL + "T1/", elements=[Element(index=7, ref="7", tag="button", role="button",
                                                           name="Continue")])  # fmt: skip
    assert (await _decide(later, memory)).rule != "state_change"  # changed once: no later "Continue"


async def test_a_wizard_goes_on_with_continue_not_its_save_as_draft() -> None:
    memory = _memory('Propose a workshop called "{title}"', {"title": "DuckDB"})
    title = Element(index=1, ref="1", tag="input", role="textbox", name="Proposal title",
                    label="Proposal title", value="DuckDB", form="f")  # fmt: skip
    kind = Element(index=2, ref="2", tag="select", role="combobox", name="Session type", label="Session type",
                   form="f", options=[SelectOption(value="1", label="Talk (30 minutes)", selected=True),
                                      SelectOption(value="2", label="Workshop (90 minutes)")])  # fmt: skip
    draft = "or save as draft for now"
    buttons = [Element(index=3, ref="3", tag="button", role="button", name="Continue »", form="f"),
               Element(index=4, ref="4", tag="button", role="button", name=draft, form="f")]
    page = Observation(url=URL + "submit/info/", elements=[title, kind, *buttons])
    memory.history.append(PastStep(url=page.url, page_hash="h", ok=True, element_key=title.key,
                                   action=TypeText(target=title.as_target(), field="title")))  # fmt: skip
    chosen = await _decide(page, memory)
    assert isinstance(chosen.action, Select) and chosen.action.option == "Workshop (90 minutes)"
    memory.history.append(PastStep(url=page.url, page_hash="h", ok=True, element_key=kind.key,
                                   action=chosen.action))  # fmt: skip
    picked = [kind.model_copy(update={"options": [o.model_copy(update={"selected": not o.selected})
                                                  for o in kind.options]})]  # fmt: skip
    sent = await _decide(Observation(url=page.url, elements=[title, *picked, *buttons]), memory)
    assert sent.rule == "submit" and sent.action.target is not None and sent.action.target.index == 3


async def test_submitting_a_talk_goes_through_the_call_for_papers() -> None:
    memory = _memory('Submit a talk to Harbour Conf 2027. Title: "{title}"', {"title": "Design tokens"})
    landing = Observation(url=URL + "harbour27/", elements=[
        _link(1, "Edit or view your proposals", URL + "me/"), _link(2, "Go to CfP", URL + "harbour27/cfp")])
    decision = await _decide(landing, memory)
    assert decision.action.target is not None and decision.action.target.index == 2


async def test_a_form_going_on_below_keeps_its_values_from_the_form_beside_it() -> None:
    data = {"summary": "Blinds stuck", "email": "noah@example.org"}
    memory = _memory("Report this: {summary}. Contact me at {email}.", data)
    summary = Element(index=1, ref="1", tag="input", role="textbox", name="Summary", label="Summary",
                      value="Blinds stuck", form="ticket")  # fmt: skip
    send = Element(index=2, ref="2", tag="button", role="button", name="Submit Ticket", form="ticket",
                   in_viewport=False)  # fmt: skip
    lookup = Element(index=3, ref="3", tag="input", role="textbox", input_type="email",
                     name="Your E-mail Address", label="Your E-mail Address", form="view")  # fmt: skip
    view = Element(index=4, ref="4", tag="button", role="button", name="View Ticket", form="view")
    page = Observation(url=URL, elements=[summary, send, lookup, view], scroll_height=1400,
                       viewport_height=700, summary=PageSummary(more_below=True))  # fmt: skip
    memory.history.append(PastStep(url=URL, page_hash="h", ok=True, element_key=summary.key,
                                   action=TypeText(target=summary.as_target(), field="summary")))  # fmt: skip
    decision = await _decide(page, memory)
    assert decision.rule == "submit" and decision.action.kind == "scroll"
