"""Rules that move through a site: links named by the task's values or the goal, record links,
folded menus, searching for the task's subject, the next page of a list, scrolling and waiting."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

from ghosttab.actions import Click, Navigate, Scroll, Wait
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.clicks import (
    is_clickable,
    jumps_within,
    leads_to_place,
    leads_up,
    navigation_proposals,
)
from ghosttab.navigator.goal import kind_lists
from ghosttab.navigator.matching import contains_value, content_words, normalize, stem, value_similarity
from ghosttab.navigator.paging import pagination_proposal
from ghosttab.navigator.rule import Rule, RuleContext
from ghosttab.navigator.steps import (
    back_from_empty_search,
    record_link,
    search_for_subject,
    shows,
    subject_key,
    tabs_for_download,
    task_values,
)
from ghosttab.perception.models import Element

# A link the navigator follows with nothing better on the page: below this it is a guess.
NAVIGATE_MIN = 0.35
# A link this well matched is followed before searching or paging for the task's subject.
STRONG = 0.6
# A row's own command named by the goal's verb ('Take' beside the ticket): as sure as the record's link.
ROW_COMMAND = 0.85
ROW_COMMAND_WORDS = 1
# What the goal names as a thing ('the orders'): a row's link named so is the record, not a command.
_THING = re.compile(r"\b(?:the|a|an|all|each|every)\s+(\w+)", re.I)
# A link or button named exactly (or all but exactly) by one of the task's values.
EXACT_LINK = 0.95
# A list entry this close to a value already chosen in its field is that value's entry again.
SAME_ENTRY = 0.9
# A folded link must carry one of the task's values all but exactly to be opened by its address.
FOLDED_NAME = 0.95
FOLDED_LINK = 0.9
WAIT_FOR_LATE_S = 1.5
# The list of the goal's kind of record, when nothing else leads: a guess that beats waiting.
KIND_LIST = 0.5
# The one record a page lists, when nothing else leads: above waiting, below a link the goal names.
ONLY_RECORD = 0.44
# Looking again once is cheap but rarely what the task needs.
WAIT_SCORE = 0.4
# Scrolling down for the task's values: a last resort.
SCROLL_SCORE = 0.3
MAX_SCROLLS = 3
# Clicking the same element on the same page more often than this is a loop, not progress.
MAX_REPEAT_CLICKS = 2
# Clicking one element again is worth half as much as the first time.
REPEAT_DAMPING = 0.5
MAX_LINK_FAILURES = 2
# Values shorter than this say too little to search the page for.
MIN_VALUE_LENGTH = 3
# A page is scrolled to its end when less than this many pixels remain below the viewport.
PAGE_END_SLACK_PX = 10


class RecordLink(Rule):
    name = "record_link"

    def propose(self, context: RuleContext) -> Proposal | None:
        return record_link(context.element_list, context.intent, context.memory, context.url)


class RowCommand(Rule):
    """'Take the ticket {title}' on a list whose rows each carry a 'Take': the command in the row of the
    task's subject does the goal's verb to it at once, before the record's own link is opened."""

    name = "row_command"

    def propose(self, context: RuleContext) -> Proposal | None:
        key = subject_key(context.memory)
        things = {stem(match.group(1).lower()) for match in _THING.finditer(context.intent.text)}
        verbs = {word for word in context.intent.words if len(word) >= MIN_VALUE_LENGTH} - things
        if key is None or not verbs:
            return None
        subject = context.memory.spec.data[key]
        for element in context.element_list:
            words = content_words(element.name or element.label)
            if not is_clickable(element) or not words or len(words) > ROW_COMMAND_WORDS:
                continue
            if words[0] not in verbs or context.done_here(element):
                continue
            if contains_value(element.context, subject):
                why = f"{element.display_name!r} in the row of {subject!r} does what the goal asks"
                return Proposal(Click(target=element.as_target()), ROW_COMMAND, why, element)
        return None


class ExactLink(Rule):
    """A link or button named exactly by one of the task's values is the shortest way forward."""

    name = "exact_link"

    def propose(self, context: RuleContext) -> Proposal | None:
        memory, url = context.memory, context.url
        values = task_values(memory, context.intent)
        visited = memory.visited_urls()
        chosen = memory.chosen_here(url)
        exact: list[Proposal] = []
        found = navigation_proposals(
            context.element_list, context.intent, values, url, visited, values_only=True,
            entered=memory.entered_values(),
        )  # fmt: skip
        for proposal in found:
            element = proposal.element
            if proposal.score < EXACT_LINK or element is None:
                continue
            entry = element.role in ("option", "treeitem")
            if entry and any(value_similarity(value, element.name) >= SAME_ENTRY for value in chosen):
                continue  # the entry of a value already chosen in its field: a dropdown left open
            href = element.href
            if (
                memory.acted_on(proposal.key, url)
                or (urldefrag(href)[0] in visited and not jumps_within(href, url))
                or leads_up(href, url)
            ):
                continue
            exact.append(proposal)
        # Of equally exact ones, what the goal names first comes first ("Choose 5ft 9in …, then click
        # "Yes"").
        goal = context.intent.text

        def precedence(proposal: Proposal) -> tuple[float, int]:
            return -proposal.score, _named_at(proposal, goal)

        return min(exact, key=precedence, default=None)


def _named_at(proposal: Proposal, goal: str) -> int:
    """Where the goal names the proposal's element (past the end when it does not)."""
    name = proposal.element.name.strip().lower() if proposal.element is not None else ""
    found = goal.lower().find(name) if name else -1
    return found if found >= 0 else len(goal)


class TabsForDownload(Rule):
    name = "tabs_for_download"

    def propose(self, context: RuleContext) -> Proposal | None:
        return tabs_for_download(context.element_list, context.intent, context.visit_list)


class FoldedLink(Rule):
    """A link named by one of the task's values is on the page but folded away (a collapsed menu or
    table of contents): go to its address, as unfolding the menu and clicking it would."""

    name = "folded_link"

    def propose(self, context: RuleContext) -> Proposal | None:
        observation, memory = context.observation, context.memory
        values = task_values(memory, context.intent)
        visited = memory.visited_urls()
        host = urlsplit(observation.url).hostname
        here = urldefrag(observation.url)[0]
        lists = kind_lists(context.intent)
        for link in observation.hidden_links:
            named = any(value_similarity(value, link.name) >= FOLDED_NAME for value in values)
            listing = normalize(link.name) in lists  # "Rooms" for 'a new room called …'
            if not named and not listing and not leads_to_place(link.name, context.intent):
                continue
            address = urldefrag(link.href)[0]
            if address in visited or address == here or (named and leads_up(link.href, observation.url)):
                continue  # a profile may well sit above the page that lists one's things
            if urlsplit(link.href).hostname != host:
                continue
            why = f"{link.name!r} is in a folded menu: open its address"
            return Proposal(Navigate(url=link.href), FOLDED_LINK, why)
        return None


class _Link(Rule):
    """The best link or button for the goal and the task's values, above `floor`."""

    floor = NAVIGATE_MIN

    def propose(self, context: RuleContext) -> Proposal | None:
        memory, url = context.memory, context.url
        values = task_values(memory, context.intent)
        found = navigation_proposals(
            context.element_list, context.intent, values, url, memory.visited_urls(),
            entered=memory.entered_values(),
        )  # fmt: skip
        for proposal in found:
            if proposal.score < self.floor:
                break
            repeats = memory.acted_on(proposal.key, url)
            if repeats >= MAX_REPEAT_CLICKS or memory.failed_on(proposal.key) >= MAX_LINK_FAILURES:
                continue
            if repeats:
                damped = proposal.score * REPEAT_DAMPING
                proposal = Proposal(proposal.action, damped, proposal.reason, proposal.element)
                if proposal.score < self.floor:
                    continue
            return proposal
        return None


class StrongLink(_Link):
    name = "strong_link"
    floor = STRONG


class AnyLink(_Link):
    name = "link"
    floor = NAVIGATE_MIN


class SearchForSubject(Rule):
    name = "search_for_subject"

    def propose(self, context: RuleContext) -> Proposal | None:
        return search_for_subject(context.element_list, context.memory, context.observation)


class BackFromEmptySearch(Rule):
    name = "back_from_empty_search"

    def propose(self, context: RuleContext) -> Proposal | None:
        return back_from_empty_search(context.memory, context.observation)


class NextPage(Rule):
    """What the task is about is not on this page of a list and no search found it: the next page."""

    name = "next_page"

    def propose(self, context: RuleContext) -> Proposal | None:
        memory = context.memory
        subject = subject_key(memory)
        if subject is None or shows(context.observation, memory.spec.data[subject], in_fields=False):
            return None
        return unfollowed_next_page(context)


def unfollowed_next_page(context: RuleContext) -> Proposal | None:
    """The link to the next page of the list, unless it was followed from here already."""
    observation = context.observation
    proposal = pagination_proposal(observation.elements, observation.url)
    if proposal is None or context.memory.acted_on(proposal.key, observation.url):
        return None
    return proposal


class KindList(Rule):
    """The record the goal acts on is not on this page: the link to the list of its kind ("Sessions"
    for 'Accept the talk "X"'), when nothing else leads."""

    name = "kind_list"

    def propose(self, context: RuleContext) -> Proposal | None:
        observation, memory = context.observation, context.memory
        lists, visited = kind_lists(context.intent), memory.visited_urls()
        values = task_values(memory, context.intent)
        if not lists or any(contains_value(observation.text, value) for value in values):
            return None
        for element in context.elements:
            address = urldefrag(element.href)[0]
            if element.tag == "a" and address and address not in visited and normalize(element.name) in lists:
                why = f"{element.name!r} lists the goal's {'/'.join(context.intent.kinds)}"
                return Proposal(Click(target=element.as_target()), KIND_LIST, why, element)
        return None


class OnlyRecord(Rule):
    """A page that lists one record under a heading of its name, linked below its own address (an
    organiser's one event at /events/ -> /events/harbour27/): the task's work is inside it."""

    name = "only_record"

    def propose(self, context: RuleContext) -> Proposal | None:
        observation, visited = context.observation, context.memory.visited_urls()
        here = urldefrag(observation.url)[0]
        headings = [normalize(heading) for heading in observation.headings[1:] if len(heading) >= 4]
        found: dict[str, Element] = {}
        for element in context.elements:
            name = normalize(element.name)
            address = urldefrag(element.href)[0]
            if element.tag != "a" or address in visited or not _below(address, here):
                continue
            if any(name == heading or name.startswith(heading + " ") for heading in headings):
                found.setdefault(address, element)
        if len(found) != 1:
            return None
        [element] = found.values()
        why = f"{element.name!r} is the one record the page lists: its work is inside"
        return Proposal(Click(target=element.as_target()), ONLY_RECORD, why, element)


def _below(address: str, here: str) -> bool:
    inner, outer = urlsplit(address), urlsplit(here)
    base = outer.path if outer.path.endswith("/") else outer.path + "/"
    return inner.netloc == outer.netloc and inner.path.startswith(base) and len(inner.path) > len(base)


class WaitOnce(Rule):
    """Nothing on the page clearly leads on: it may still be rendering, so look again once."""

    name = "wait_once"

    def propose(self, context: RuleContext) -> Proposal | None:
        if any(step.action.kind == "wait" for step in context.visit):
            return None
        why = "nothing clearly leads on yet; the page may still be loading"
        return Proposal(Wait(seconds=WAIT_FOR_LATE_S), WAIT_SCORE, why)


class More(Rule):
    """The task's values are not on this page: try the next page of results, then scroll."""

    name = "more"

    def propose(self, context: RuleContext) -> Proposal | None:
        observation = context.observation
        values = [v for v in context.memory.spec.data.values() if len(v) >= MIN_VALUE_LENGTH]
        missing = [v for v in values if not contains_value(observation.text, v)]
        if missing and (proposal := unfollowed_next_page(context)) is not None:
            return proposal
        bottom = observation.scroll_y + observation.viewport_height
        more_below = observation.summary.more_below or bottom < observation.scroll_height - PAGE_END_SLACK_PX
        scrolls = sum(1 for step in context.visit if step.action.kind == "scroll")
        if more_below and scrolls < MAX_SCROLLS:
            return Proposal(Scroll(direction="down"), SCROLL_SCORE, "look further down the page")
        return None
