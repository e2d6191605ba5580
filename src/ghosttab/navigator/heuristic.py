"""The deterministic navigator: no model, no network; the goal, the task's data and the page decide."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urldefrag, urlsplit

from ghosttab.actions import Done, Fail, Navigate, Press, Scroll, TypeText, Wait
from ghosttab.navigator.base import Decision, PastStep, TaskMemory
from ghosttab.navigator.clicks import (
    dismiss_proposal,
    is_clickable,
    jumps_within,
    leads_up,
    navigation_proposals,
    pagination_proposal,
    submit_proposal,
)
from ghosttab.navigator.dates import date_part_proposals
from ghosttab.navigator.forms import (
    Proposal,
    data_proposals,
    element_key,
    identity_step,
    secret_proposals,
    suggestion_click,
)
from ghosttab.navigator.goal import GoalIntent, read_goal
from ghosttab.navigator.matching import contains_value, value_similarity
from ghosttab.navigator.passwords import current_password_fields
from ghosttab.navigator.steps import (
    back_from_empty_search,
    chosen_here,
    confirm_deletion,
    confirm_review,
    confirm_submission,
    done_in_visit,
    entered_values,
    is_search_box,
    record_link,
    reveal_fields,
    scroll_to_button,
    search_for_subject,
    shows,
    subject_key,
    tabs_for_download,
    task_values,
    typed_value,
    visited_urls,
)
from ghosttab.perception.models import Element, Observation
from ghosttab.result import Tier

NAVIGATE_MIN = 0.35
STRONG = 0.6
WAIT_FOR_LATE_S = 1.5
# Clicking the same element on the same page more often than this is a loop, not progress.
MAX_REPEAT_CLICKS = 2
_CONFIRMATION = re.compile(
    r"\b(thank you|confirmed|confirmation|success(fully)?|submitted|complete(d)?|placed|received)\b", re.I
)


class HeuristicNavigator:
    tier = Tier.HEURISTIC

    def __init__(self) -> None:
        self._intents: dict[str, GoalIntent] = {}

    def intent(self, memory: TaskMemory) -> GoalIntent:
        spec = memory.spec
        key = spec.id
        if key not in self._intents:
            self._intents[key] = read_goal(
                spec.rendered_goal, download=spec.success.download, template=spec.goal
            )
        return self._intents[key]

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision | None:
        intent = self.intent(memory)
        visit = _current_visit(memory.history, observation.url)
        elements = [e for e in _actionable(observation) if element_key(e) not in memory.banned]
        steps: list[Callable[[], Proposal | None]] = [
            lambda: confirm_submission(elements, observation, visit),
            lambda: _dialog(observation, elements, intent),
            lambda: _suggestion(elements, visit, memory, intent),
            lambda: _login(elements, memory, visit, observation),
            lambda: confirm_deletion(elements, observation, intent),
            lambda: record_link(elements, intent, memory, observation.url),
            lambda: _exact_link(elements, intent, memory, observation.url),
            lambda: _fill(elements, memory, intent, visit, observation),
            lambda: reveal_fields(elements, memory, intent, visit),
            lambda: _submit(elements, intent, visit, observation),
            lambda: confirm_review(elements, observation, memory, intent, visit),
            lambda: tabs_for_download(elements, intent, visit),
            lambda: _folded_link(observation, intent, memory),
            lambda: _navigate(elements, intent, memory, observation.url, strong_only=True),
            lambda: search_for_subject(elements, memory, observation),
            lambda: back_from_empty_search(memory, observation),
            lambda: _next_page(observation, memory),
            lambda: _wait_once(visit),
            lambda: _navigate(elements, intent, memory, observation.url),
            lambda: _more(observation, memory, visit),
        ]
        for propose in steps:
            proposal = propose()
            if proposal is not None:
                return Decision(action=proposal.action, confidence=proposal.score, reason=proposal.reason)
        if memory.spec.success.is_empty and _CONFIRMATION.search(observation.text) and memory.history:
            return Decision(action=Done(reason="the page confirms the task"), confidence=0.6)
        return Decision(
            action=Fail(reason="no element on the page matches the goal or the task's data"),
            confidence=0.2,
            reason="nothing left to try",
        )


def _actionable(observation: Observation) -> list[Element]:
    """With a modal open, only what is inside it can be acted on."""
    if observation.dialogs:
        inside = [e for e in observation.elements if e.in_dialog]
        if inside:
            return inside
    return observation.elements


def _current_visit(history: list[PastStep], url: str) -> list[PastStep]:
    """The trailing steps taken while the page stayed at `url`."""
    visit: list[PastStep] = []
    for step in reversed(history):
        if step.url != url:
            break
        visit.append(step)
    visit.reverse()
    return visit


def _dialog(observation: Observation, elements: list[Element], intent: GoalIntent) -> Proposal | None:
    if not observation.dialogs and not any(
        "cookie" in e.context.lower() for e in elements if e.tag == "button"
    ):
        return None
    return dismiss_proposal(elements, observation.dialogs, intent)


def _suggestion(
    elements: list[Element], visit: list[PastStep], memory: TaskMemory, intent: GoalIntent
) -> Proposal | None:
    """Pick the autocomplete suggestion for what was just typed, unless the goal names a button to press."""
    if not visit or not isinstance(visit[-1].action, TypeText) or intent.presses:
        return None
    last = visit[-1].action
    typed = last.text or (memory.spec.data.get(last.field, "") if last.field else "")
    return suggestion_click(elements, [typed])


def _login(
    elements: list[Element], memory: TaskMemory, visit: list[PastStep], observation: Observation
) -> Proposal | None:
    if not memory.secret_names:
        return None
    if not current_password_fields(elements):
        buttons = [e.name for e in elements if is_clickable(e)]
        words = " ".join([observation.title, *observation.headings, *buttons])
        first = identity_step(elements, memory.secret_names, words)
        return first if first is not None and not done_in_visit(visit, first.element) else None
    for proposal in secret_proposals(elements, memory.secret_names):
        if not done_in_visit(visit, proposal.element):
            return proposal
    return None


def _exact_link(elements: list[Element], intent: GoalIntent, memory: TaskMemory, url: str) -> Proposal | None:
    """A link or button named exactly by one of the task's values is the shortest way forward."""
    values = task_values(memory, intent)
    visited = visited_urls(memory)
    chosen = chosen_here(memory, url)
    found = navigation_proposals(
        elements, intent, values, url, visited, values_only=True, entered=entered_values(memory))
    for proposal in found:
        if proposal.score < 0.95 or proposal.element is None:
            continue
        href = proposal.element.href
        entry = proposal.element.role in ("option", "treeitem")
        if entry and any(value_similarity(value, proposal.element.name) >= 0.9 for value in chosen):
            continue  # the entry of a value already chosen in its field: a dropdown left open
        if (
            memory.acted_on(element_key(proposal.element), url)
            or (urldefrag(href)[0] in visited and not jumps_within(href, url))
            or leads_up(href, url)
        ):
            continue
        return proposal
    return None


def _folded_link(observation: Observation, intent: GoalIntent, memory: TaskMemory) -> Proposal | None:
    """A link named by one of the task's values is on the page but folded away (a collapsed menu or
    table of contents): go to its address, as unfolding the menu and clicking it would."""
    values = task_values(memory, intent)
    visited = visited_urls(memory)
    host = urlsplit(observation.url).hostname
    for link in observation.hidden_links:
        if not any(value_similarity(value, link.name) >= 0.95 for value in values):
            continue
        if urldefrag(link.href)[0] in visited or leads_up(link.href, observation.url):
            continue
        if urlsplit(link.href).hostname != host:
            continue
        return Proposal(Navigate(url=link.href), 0.9, f"{link.name!r} is in a folded menu: open its address")
    return None


def _fill(
    elements: list[Element],
    memory: TaskMemory,
    intent: GoalIntent,
    visit: list[PastStep],
    observation: Observation,
) -> Proposal | None:
    parts, grouped = date_part_proposals(elements, memory.spec.data)
    rest = [e for e in elements if id(e) not in grouped]
    others = data_proposals(rest, memory.spec.data, intent, observation.text)
    for proposal in sorted(parts + others, key=lambda p: p.element.index if p.element else 0):
        if proposal.element is None:
            continue
        key = element_key(proposal.element)
        if done_in_visit(visit, proposal.element) or memory.failed_on(key) > 2:
            continue
        if _used_elsewhere(memory, proposal, key, visit) or _already_found(proposal, observation, memory):
            continue
        return proposal
    return None


def _already_found(proposal: Proposal, observation: Observation, memory: TaskMemory) -> bool:
    """Searching for what the page is already about walks the task backwards."""
    element = proposal.element
    field = proposal.action.data_field
    if element is None or field is None or not is_search_box(element):
        return False
    value = memory.spec.data.get(field, "")
    shown = [observation.title, *observation.headings, observation.text]
    shown += [e.name for e in observation.elements if e is not element and not e.is_text_input]
    return contains_value(" | ".join(shown), value)


def _used_elsewhere(memory: TaskMemory, proposal: Proposal, key: str, visit: list[PastStep]) -> bool:
    """The same value went into the same field on another page (a site-wide search box): the flow
    moved on since, so typing it again would walk the task backwards."""
    value = typed_value(proposal.action)
    if value is None:
        return False
    here = visit[0].url if visit else None
    return any(
        step.ok and step.element_key == key and typed_value(step.action) == value and step.url != here
        for step in memory.history
    )


def _submit(
    elements: list[Element], intent: GoalIntent, visit: list[PastStep], observation: Observation
) -> Proposal | None:
    filled = [s for s in visit if s.ok and s.action.kind in ("type", "select", "check")]
    if not filled:
        return None
    submitted_after_fill = any(s.action.kind == "click" for s in visit[visit.index(filled[-1]) + 1 :])
    if submitted_after_fill:
        return None
    form = _form_of(elements, filled[-1].element_key)
    proposal = submit_proposal(elements, intent, form)
    if proposal is None and filled[-1] is visit[-1] and isinstance(filled[-1].action, TypeText):
        proposal = _enter_in_search_box(elements, filled[-1].element_key)
    if proposal is None:
        # A long form (an admin's user page) keeps its buttons at the bottom: go down to them.
        return scroll_to_button(visit, observation, "the filled form's button is further down")
    return proposal


def _enter_in_search_box(elements: list[Element], key: str) -> Proposal | None:
    """A search box with no button to press: Enter sends it, as a person would."""
    box = _element_by_key(elements, key)
    if box is None or not is_search_box(box):
        return None
    return Proposal(Press(key="Enter", target=box.as_target()), 0.6, f"Enter in {box.display_name!r}", box)


def _form_of(elements: list[Element], key: str) -> str:
    element = _element_by_key(elements, key)
    return element.form if element is not None else ""


def _element_by_key(elements: list[Element], key: str) -> Element | None:
    return next((element for element in elements if element_key(element) == key), None)


def _wait_once(visit: list[PastStep]) -> Proposal | None:
    """Nothing on the page clearly leads on: it may still be rendering, so look again once."""
    if any(step.action.kind == "wait" for step in visit):
        return None
    return Proposal(
        Wait(seconds=WAIT_FOR_LATE_S), 0.4, "nothing clearly leads on yet; the page may still be loading"
    )


def _navigate(
    elements: list[Element], intent: GoalIntent, memory: TaskMemory, url: str, strong_only: bool = False
) -> Proposal | None:
    values = task_values(memory, intent)
    floor = STRONG if strong_only else NAVIGATE_MIN
    visited = visited_urls(memory)
    found = navigation_proposals(elements, intent, values, url, visited, entered=entered_values(memory))
    for proposal in found:
        if proposal.score < floor:
            break
        key = element_key(proposal.element)
        repeats = memory.acted_on(key, url)
        if repeats >= MAX_REPEAT_CLICKS or memory.failed_on(key) >= 2:
            continue
        if repeats:
            proposal = Proposal(proposal.action, proposal.score * 0.5, proposal.reason, proposal.element)
            if proposal.score < floor:
                continue
        return proposal
    return None


def _next_page(observation: Observation, memory: TaskMemory) -> Proposal | None:
    """What the task is about is not on this page of a list and no search found it: the next page."""
    subject = subject_key(memory)
    if subject is None or shows(observation, memory.spec.data[subject], in_fields=False):
        return None
    return _unfollowed_next_page(observation, memory)


def _unfollowed_next_page(observation: Observation, memory: TaskMemory) -> Proposal | None:
    """The link to the next page of the list, unless it was followed from here already."""
    proposal = pagination_proposal(observation.elements, observation.url)
    if proposal is None or memory.acted_on(element_key(proposal.element), observation.url):
        return None
    return proposal


def _more(observation: Observation, memory: TaskMemory, visit: list[PastStep]) -> Proposal | None:
    """The task's values are not on this page: try the next page of results, then scroll."""
    values = [v for v in memory.spec.data.values() if len(v) >= 3]
    missing = [v for v in values if not contains_value(observation.text, v)]
    if missing and (proposal := _unfollowed_next_page(observation, memory)) is not None:
        return proposal
    more_below = observation.summary.more_below or (
        observation.scroll_y + observation.viewport_height < observation.scroll_height - 10
    )
    scrolls = sum(1 for step in visit if step.action.kind == "scroll")
    if more_below and scrolls < 3:
        return Proposal(Scroll(direction="down"), 0.3, "look further down the page")
    return None

