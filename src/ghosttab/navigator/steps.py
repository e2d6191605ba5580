"""Decision steps of the heuristic for forms and record-keeping pages, and the small facts about the
task's past that every step reads (what was done on this visit, which pages were seen)."""

from __future__ import annotations

import re
from urllib.parse import urldefrag

from ghosttab.actions import Action, Back, Click, Scroll, TypeText
from ghosttab.navigator.base import PastStep, Proposal, TaskMemory, searches
from ghosttab.navigator.clicks import is_clickable, submit_proposal, words_in
from ghosttab.navigator.fields import is_fillable
from ghosttab.navigator.goal import FILE_LINK_WORDS, Intent, goal_overlap
from ghosttab.navigator.matching import contains_value, content_words, name_similarity
from ghosttab.navigator.records import (
    asks_to_confirm,
    creates_record,
    goal_verbs,
    is_affirmative,
    record_fit,
    verb_class,
)
from ghosttab.navigator.vocabulary import NEGATIVE_WORDS
from ghosttab.perception.models import Element, Observation

# The page asks to confirm what the goal asks for (a deletion, a submission): say yes, surely.
CONFIRM = 0.8
# Searching for the task's subject beats paging through a list, but it is a guess about the box.
SEARCH_SUBJECT = 0.55
# The search found nothing: going back to the list is the fallback, not a find.
BACK_TO_LIST = 0.5
# A section or tab named this closely by a data key still to enter holds its field.
NAMES_DATA_KEY = 0.8
ALL_WORDS = 1.0
NAMED_SECTION = 0.7
# Looking through an unnamed tab for a field: plausible, not known.
ANY_TAB = 0.55
# Letters a word shares with the goal's verb to carry it ('Closed', 'close').
VERB_STEM = 5
# A command says what it does in a few words; a longer text that uses the verb only talks about it.
COMMAND_WORDS = 4
# A closed tab when the goal wants a file and no link offers one.
FILE_TAB = 0.6
# A page summing up two or more entered values has its send button as the way on.
REVIEW_SEND = 0.7
# Going down to a form's button not yet in view.
SCROLL_TO_BUTTON = 0.5
# How often one visit scrolls down looking for the button of a form it filled or a page it reviews.
MAX_SUBMIT_SCROLLS = 6


def _done(visit: list[PastStep], element: Element) -> bool:
    return any(step.ok and step.element_key == element.key for step in visit)


def task_values(memory: TaskMemory, intent: Intent) -> list[str]:
    """The values whose links lead on: the task's data and the goal's quoted words, but not the
    values the goal sets ("Shipped" in 'Mark {order} as {status}')."""
    setting = new_values(memory)
    values = [v for v in memory.spec.data.values() if len(v.strip()) >= 2 and v not in setting]
    values += [v for v in (*intent.quoted, *intent.choices) if len(v.strip()) >= 2]
    return values


def confirm_deletion(elements: list[Element], observation: Observation, intent: Intent) -> Proposal | None:
    """The page asks "are you sure?" about a deletion the goal asks for: say yes."""
    if "delete" not in goal_verbs(intent) or not asks_to_confirm(
        " ".join([observation.text, *observation.headings])
    ):
        return None
    for element in elements:
        name = element.name or element.label
        if is_clickable(element) and element.tag != "a" and is_affirmative(name):
            return Proposal(Click(target=element.as_target()), CONFIRM, f"confirm via {name!r}", element)
    return None


# A dialog that asks to confirm what was just sent ("Submit this claim?"), not to throw it away.
_ASKS = re.compile(r"\?|\bconfirm\b", re.I)
_THROWS_AWAY = re.compile(r"\b(discard|leave|lose|unsaved|delete|remove|sign out|log out)\b", re.I)
# Beyond the affirmative answers ("Yes", "Confirm", "OK"): the ways to send what is asked about.
_SENDS = re.compile(r"^\s*(submit|send|okay)\b", re.I)


def confirm_submission(
    elements: list[Element], observation: Observation, visit: list[PastStep]
) -> Proposal | None:
    """A click of this task opened a dialog asking to confirm it: go ahead, rather than close it.
    The way ahead says so ("Confirm", "Yes") or repeats the clicked button's verb ("Join")."""
    last = visit[-1].action if visit else None
    if not observation.dialogs or not isinstance(last, Click):
        return None
    asked = " ".join(observation.dialogs)
    if not _ASKS.search(asked) or _THROWS_AWAY.search(asked):
        return None
    clicked = set(content_words(last.target.locator.name))
    for element in elements:
        name = element.name or element.label
        if not (element.in_dialog and is_clickable(element) and element.tag != "a"):
            continue
        ahead = is_affirmative(name) or _SENDS.match(name) or set(content_words(name)) & clicked
        if ahead and not words_in(name, NEGATIVE_WORDS):
            why = f"confirm the dialog via {name!r}"
            return Proposal(Click(target=element.as_target()), CONFIRM, why, element)
    return None


def record_link(elements: list[Element], intent: Intent, memory: TaskMemory, url: str) -> Proposal | None:
    """The goal creates a record: its "Add …" link comes before links named by the task's values, which
    are the new record's attributes (often filters of a list), not places to go."""
    if not creates_record(intent):
        return None
    values = task_values(memory, intent)
    visited = memory.visited_urls()
    for element in elements:
        name = element.name or element.label
        words = content_words(name)
        if not is_clickable(element) or not words or verb_class(words[0]) != "create":
            continue
        floor, _, why = record_fit(element, name, intent, values)
        if not floor or memory.acted_on(element.key, url):
            continue
        if element.href and urldefrag(element.href)[0] in visited | {urldefrag(url)[0]}:
            continue
        return Proposal(Click(target=element.as_target()), floor, why, element)
    return None


def search_for_subject(
    elements: list[Element], memory: TaskMemory, observation: Observation
) -> Proposal | None:
    """What the task is about (its first value, as the goal names them) is not on this page, but a
    search box is: look it up there, as a person would, rather than paging through a long list."""
    box = search_box(elements)
    subject = subject_key(memory)
    if box is None or subject is None or creates_record(memory.intent):
        return None  # a record the goal creates is not there to be found
    if shows(observation, memory.spec.data[subject]):
        return None
    key = box.key
    if any(
        step.element_key == key and typed_value(step.action) == ("field", subject) for step in memory.history
    ):
        return None
    action = TypeText(target=box.as_target(), field=subject, submit=True)
    return Proposal(action, SEARCH_SUBJECT, f"{subject!r} is not on this page: search for it", box)


def back_from_empty_search(memory: TaskMemory, observation: Observation) -> Proposal | None:
    """The search for the task's subject just ran and found nothing: go back to the list, to page
    through it instead (a search box that cannot find a record by the name the task knows it by)."""
    subject = subject_key(memory)
    last = memory.history[-1] if memory.history else None
    if subject is None or last is None or not isinstance(last.action, TypeText):
        return None
    searched = typed_value(last.action) == ("field", subject) and last.action.submit
    if not searched or last.url == observation.url:
        return None
    if shows(observation, memory.spec.data[subject], in_fields=False):
        return None
    return Proposal(
        Back(), BACK_TO_LIST, f"the search found no {memory.spec.data[subject]!r}: back to the list"
    )


_SETTING_VERBS = frozenset({"mark", "set", "change", "update", "make", "move", "switch", "turn", "rename"})


def new_values(memory: TaskMemory) -> set[str]:
    """Values the goal sets rather than finds: `{status}` in 'Mark {order} as {status}'. A link named
    by one (a list filter "Shipped") is not the way to the record."""
    goal = memory.spec.goal
    words = goal.split()
    if not words or words[0].lower() not in _SETTING_VERBS:
        return set()
    data = memory.spec.data
    return {
        value for key, value in data.items()
        if any(f" {glue} {{{key}}}" in goal for glue in ("as", "to", "into"))
    }  # fmt: skip


def shows(observation: Observation, value: str, *, in_fields: bool = True) -> bool:
    """`value` is on the page: in its text, its headings, an element's name, a folded link, and (with
    `in_fields`) a field's value. A search box holding the words just searched for lists nothing."""
    names = (f"{e.name} {e.value}" if in_fields else e.name for e in observation.elements)
    shown = [observation.text, *observation.headings, *names]
    shown += [link.name for link in observation.hidden_links]
    return contains_value(" | ".join(shown), value)


def search_box(elements: list[Element]) -> Element | None:
    """The page's search box: one in a form (a filter-as-you-type box finds no records), best one sent
    with a button of its own form."""
    boxes = [e for e in elements if is_fillable(e) and is_search_box(e) and e.form]

    def sent_by_button(box: Element) -> bool:
        return any(e.form == box.form and is_clickable(e) and e is not box and e.tag != "a" for e in elements)

    return max(boxes, key=sent_by_button, default=None)


def subject_key(memory: TaskMemory) -> str | None:
    """The data key the goal names first (`{name}` in 'Change the email of {name} to {email}'): what
    the task is about, as opposed to the values it puts somewhere."""
    goal = memory.spec.goal
    named = sorted((goal.find("{" + key + "}"), key) for key in memory.spec.data if "{" + key + "}" in goal)
    key = named[0][1] if named else None
    if key is None or len(memory.spec.data[key].strip()) < 3:
        return None
    return key


def on_record_page(observation: Observation, memory: TaskMemory) -> bool:
    """The page is the one of the record the task is about: a heading or a field holds its subject's value."""
    key = subject_key(memory)
    if key is None:
        return False
    subject = memory.spec.data[key]
    if any(contains_value(heading, subject) for heading in observation.headings):
        return True
    # A field of the record holds it ('Submitter email'), not a search box the task typed it into.
    fields = [e for e in observation.elements if is_fillable(e) and not is_search_box(e)]
    return any(contains_value(e.value, subject) for e in fields)


def _unmet_verb(elements: list[Element], intent: Intent) -> str | None:
    """The goal's first verb, when nothing shown carries it ('close' with no 'Close' or 'Closed')."""
    verb = next((clause.verb for clause in intent.verbs if clause.verb), "")
    if len(verb) < VERB_STEM:
        return None
    for element in elements:
        words = content_words(element.name or element.label)
        if len(words) <= COMMAND_WORDS and any(word[:VERB_STEM] == verb[:VERB_STEM] for word in words):
            return None
    return verb


def reveal_fields(
    elements: list[Element],
    memory: TaskMemory,
    intent: Intent,
    visit: list[PastStep],
    on_record: bool = False,
) -> Proposal | None:
    """The form is filled as far as it shows, but some of the task's data has no field yet: open the
    tab or folded section that names it ("Personal trip", "Passport details") before submitting. On
    the record's own page (`on_record`) its forms may all be folded away: look for them at once."""
    filled = [step for step in visit if step.ok and step.action.kind in ("type", "select", "check")]
    if not filled and not on_record:
        return None
    used = {step.action.data_field for step in filled}
    subject = subject_key(memory) if on_record else None
    used |= {subject} if subject else set()
    shown = " | ".join(f"{e.value} {e.name}" for e in elements)
    data = memory.spec.data
    left = [key for key, value in data.items() if key not in used and not contains_value(shown, value)]
    wants = f"the task still has data for {', '.join(map(repr, left))}"
    if not left and on_record and not filled and (verb := _unmet_verb(elements, intent)):
        left, wants = [verb], f"nothing here does the goal's {verb!r}"
    if not left:
        return None
    # Tabs are looked in onwards from the open one: a stepper's done steps lie behind it.
    selected = next((e.index for e in elements if e.role == "tab" and e.checked), -1)
    unopened_tabs: list[Element] = []
    for element in elements:
        name = element.name or element.label
        folded = element.checked is False if element.role == "tab" else element.expanded is not True
        opener = element.role in ("tab", "button") or element.tag in ("button", "summary")
        if not (name and folded and opener and is_clickable(element)) or element.href:
            continue
        if element.role == "tab" and element.index < selected:
            continue
        if _done(visit, element):
            continue
        names_key = any(name_similarity(key, name) >= NAMES_DATA_KEY for key in left)
        if names_key or (element.role == "tab" and goal_overlap(name, intent) >= ALL_WORDS):
            why = f"{name!r} holds fields the task still has data for"
            return Proposal(Click(target=element.as_target()), NAMED_SECTION, why, element)
        if element.role == "tab":
            unopened_tabs.append(element)
    if unopened_tabs:
        # No tab names the data ("Contact" holds the phone): look through the tabs as a person would.
        tab = unopened_tabs[0]
        why = f"{wants}: look in tab {tab.display_name!r}"
        return Proposal(Click(target=tab.as_target()), ANY_TAB, why, tab)
    fold = _record_fold(elements, intent, visit) if on_record else None
    if fold is not None:
        why = f"{wants}: open {fold.display_name!r}"
        return Proposal(Click(target=fold.as_target()), ANY_TAB, why, fold)
    return None


def _record_fold(elements: list[Element], intent: Intent, visit: list[PastStep]) -> Element | None:
    """A folded section of the record's page that the goal's words touch ('Update ticket details'):
    its toggle, a button or a link to a part of the page, still closed and not opened on this visit."""
    for element in elements:
        name = element.name or element.label
        in_page = not element.href or bool(urldefrag(element.href)[1])
        if element.expanded is not False or not in_page or not is_clickable(element) or _done(visit, element):
            continue
        if goal_overlap(name, intent) > 0 and len(content_words(name)) > 1:
            return element
    return None


# Where a record keeps its files, when a tab has to be opened to see them.
_FILE_TABS = re.compile(
    r"\b(documents?|files?|attachments?|downloads?|invoices?|statements?|receipts?)\b", re.I
)


def tabs_for_download(elements: list[Element], intent: Intent, visit: list[PastStep]) -> Proposal | None:
    """The goal wants a file but no link here offers one: look in the page's closed tabs, the one
    named for files first ("Documents"), each once."""
    if not intent.wants_download or any(
        is_clickable(e) and set(content_words(e.name)) & FILE_LINK_WORDS for e in elements
    ):
        return None
    closed = [
        e for e in elements
        if e.role == "tab" and e.checked is False and is_clickable(e) and not _done(visit, e)
    ]  # fmt: skip
    if not closed:
        return None
    tab = next((e for e in closed if _FILE_TABS.search(e.name)), closed[0])
    why = f"no link here gives the file: look in tab {tab.display_name!r}"
    return Proposal(Click(target=tab.as_target()), FILE_TAB, why, tab)


def is_search_box(element: Element) -> bool:
    return searches(element.locator())


def typed_value(action: Action) -> tuple[str, str] | None:
    """What a type action puts in: a data field by name, or literal text from the goal."""
    if not isinstance(action, TypeText):
        return None
    if action.field is not None:
        return ("field", action.field)
    return ("text", action.text) if action.text is not None else None


def confirm_review(
    elements: list[Element],
    observation: Observation,
    memory: TaskMemory,
    intent: Intent,
    visit: list[PastStep],
) -> Proposal | None:
    """A page that sums up what the task entered ("Check your answers before sending") with a button
    that sends it: press it, or go down to it."""
    if any(step.action.kind not in ("scroll", "wait") for step in visit):
        return None
    page = " ".join([observation.text, *(e.context for e in elements)])
    if sum(1 for value in memory.entered_values() if contains_value(page, value)) < 2:
        return None
    proposal = submit_proposal(elements, intent, "")
    if proposal is not None:
        why = f"the page sums up the task's answers: {proposal.reason}"
        return Proposal(proposal.action, max(proposal.score, REVIEW_SEND), why, proposal.element)
    return scroll_to_button(visit, observation, "the page sums up the task's answers: its button is below")


def scroll_to_button(visit: list[PastStep], observation: Observation, why: str) -> Proposal | None:
    """Go down the page to a form's button that is not in view yet, at most MAX_SUBMIT_SCROLLS times
    on one visit."""
    scrolls = sum(1 for step in visit if step.action.kind == "scroll")
    if observation.summary.more_below and scrolls < MAX_SUBMIT_SCROLLS:
        return Proposal(Scroll(direction="down"), SCROLL_TO_BUTTON, why)
    return None
