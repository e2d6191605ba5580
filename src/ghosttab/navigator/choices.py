"""Form controls filled by choosing rather than typing: boxes to tick (by the task's data, the goal's
words or the page's demand), radio groups, and the suggestion an autocomplete field offers."""

from __future__ import annotations

import re

from ghosttab.actions import Check, Click
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.fields import FIELD_MATCH, field_names
from ghosttab.navigator.goal import Intent, goal_overlap
from ghosttab.navigator.matching import (
    contains_value,
    content_words,
    name_similarity,
    normalize,
    value_similarity,
)
from ghosttab.perception.models import Element

# A box named by a yes/no data key: the task says how to set it.
DATA_CHECKBOX = 0.9
# A box the goal lists by its label ("Select A, B and C").
LISTED_CHECKBOX = 0.85
# A box the goal names, or one the page demands (consent): fairly sure.
NAMED_CHECKBOX = 0.75
# An "I agree" box nobody asked for: often wanted, not always.
AGREE_CHECKBOX = 0.6
# A value this close to a radio's name is that option, whatever the group is called.
VALUE_IS_OPTION = 0.95
DATA_RADIO = 0.85
GOAL_RADIO = 0.8
# The goal's words alone pick one option: a weaker reading.
GOAL_WORDS_RADIO = 0.6
# Letters a state's name shares with the goal's verb ('Resolved', 'resolve'): enough to tell verbs apart.
VERB_STEM = 5
# How close a value must come to a radio's name to choose it.
RADIO_LIKE = 0.8
# A suggestion must read this much like what was typed.
SUGGESTION_LIKE = 0.85
SUGGESTION = 0.9
TRUTHY = frozenset({"true", "yes", "y", "1", "on", "checked", "agree", "accept"})
FALSY = frozenset({"false", "no", "n", "0", "off", "unchecked"})
# The share of a checkbox label's words the goal must use to name it ("accepting the code of conduct").
GOAL_WORDS_MATCH = 0.75
_CONSENT = re.compile(
    r"\b(agree|accept|consent|terms|conditions|acknowledge|confirm that|i confirm|i certify|i declare"
    r"|i have read)\b",
    re.I,
)


def checkbox_proposal(
    element: Element, data: dict[str, str], intent: Intent, page_text: str
) -> Proposal | None:
    names = field_names(element)
    for key, value in data.items():
        if normalize(value) not in TRUTHY | FALSY:
            continue  # "Order 7" says nothing about ticking a box whose label mentions orders
        if max((name_similarity(key, n) for n in names), default=0.0) >= FIELD_MATCH:
            wanted = normalize(value) not in FALSY
            if bool(element.checked) == wanted:
                return None
            action = Check(target=element.as_target(), checked=wanted)
            return Proposal(
                action, DATA_CHECKBOX, f"data {key!r} -> checkbox {element.display_name!r}", element
            )
    label = element.label or element.name
    listed = any(value_similarity(item, label) == 1.0 for item in intent.choice_items)
    if listed and not element.checked:
        # "Select nb, HF2 and U6gHF": a box the goal lists by its exact label, however short.
        action = Check(target=element.as_target(), checked=True)
        return Proposal(action, LISTED_CHECKBOX, f"the goal lists {label!r}", element)
    worded = len(content_words(label)) >= 2 and goal_overlap(label, intent) >= GOAL_WORDS_MATCH
    named_by_goal = len(label) > 3 and (contains_value(intent.text, label) or worded)
    asked = _CONSENT.search(label) and (element.required or demanded(label, page_text))
    if not element.checked and (named_by_goal or asked):
        action = Check(target=element.as_target(), checked=True)
        return Proposal(action, NAMED_CHECKBOX, f"check {label!r}", element)
    if not element.checked and _CONSENT.search(label) and "agree" in normalize(label):
        action = Check(target=element.as_target(), checked=True)
        return Proposal(action, AGREE_CHECKBOX, f"agree to {label!r}", element)
    return None


_DEMAND = re.compile(r"\b(must|required|need to|needs to|have to|please)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def demanded(label: str, page_text: str) -> bool:
    """The page asks for the box: a sentence other than its label says it must be ticked, in the
    label's words ("You must accept the code of conduct to register")."""
    words = set(content_words(label))
    for sentence in _SENTENCE_END.split(page_text):
        if not _DEMAND.search(sentence) or normalize(sentence) == normalize(label):
            continue
        if len(words & set(content_words(sentence))) >= min(2, len(words)):
            return True
    return False


def radio_proposal(
    group: str, members: list[Element], data: dict[str, str], intent: Intent
) -> Proposal | None:
    if any(m.checked for m in members) and not data:
        return None
    group_names = [group, *(m.group for m in members if m.group)]
    for key, value in data.items():
        group_score = max((name_similarity(key, n) for n in group_names if n), default=0.0)
        choice = _best_radio(members, value)
        if choice is not None and (
            group_score >= FIELD_MATCH or value_similarity(value, choice.name) >= VALUE_IS_OPTION
        ):
            if choice.checked:
                return None
            action = Check(target=choice.as_target(), checked=True)
            return Proposal(
                action, max(group_score, DATA_RADIO), f"data {key!r} -> radio {choice.display_name!r}", choice
            )
    for value in [*intent.choices, *intent.quoted]:
        choice = _best_radio(members, value)
        if choice is not None and not choice.checked:
            action = Check(target=choice.as_target(), checked=True)
            return Proposal(action, GOAL_RADIO, f"goal choice {value!r} -> radio", choice)
    return _radio_in_goal_words(members, intent)


def _names_verb(name: str, verbs: list[str]) -> bool:
    """'Resolved' for a goal that says 'resolve', 'Closed' for 'close': the state the verb brings."""
    words = content_words(name)
    return bool(words) and all(any(len(v) >= VERB_STEM and w[:VERB_STEM] == v[:VERB_STEM] for v in verbs)
                               for w in words)  # fmt: skip


def _radio_in_goal_words(members: list[Element], intent: Intent) -> Proposal | None:
    """No value names an option of an unanswered group, but the goal's words name one alone ("send
    texts to {phone}" for "Text message"); or the goal's verb names the state to set ('Resolve the
    ticket' for a status group at 'Open')."""
    verbs = [clause.verb for clause in intent.verbs if clause.verb]
    named = [m for m in members if _names_verb(m.name or m.label, verbs)]
    if len(named) == 1:
        if named[0].checked:
            return None
        action = Check(target=named[0].as_target(), checked=True)
        why = f"the goal's verb names radio {named[0].display_name!r}"
        return Proposal(action, GOAL_WORDS_RADIO, why, named[0])
    if any(m.checked for m in members):
        return None
    scored = sorted(((goal_overlap(m.name or m.label, intent), m.index, m) for m in members), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    choice = scored[0][2]
    action = Check(target=choice.as_target(), checked=True)
    return Proposal(action, GOAL_WORDS_RADIO, f"goal words name radio {choice.display_name!r}", choice)


def _best_radio(members: list[Element], value: str) -> Element | None:
    scored = [(value_similarity(value, m.name or m.label), m) for m in members]
    scored = [item for item in scored if item[0] >= RADIO_LIKE]
    if not scored:
        return None
    return max(scored, key=lambda item: item[0])[1]


SUGGESTION_ROLES = frozenset({"option", "treeitem", "menuitem"})


def _plain_item(element: Element) -> bool:
    """A clickable list entry with no role (jQuery UI's autocomplete menu items)."""
    return element.tag in ("li", "div", "span") and element.role in ("", "listitem") and not element.href


def suggestion_click(elements: list[Element], typed_values: list[str]) -> Proposal | None:
    """After typing into an autocomplete field, pick the suggestion that matches what was typed."""
    for element in elements:
        if element.tag == "option" or not (element.role in SUGGESTION_ROLES or _plain_item(element)):
            continue
        for value in typed_values:
            if not value:
                continue
            # An unmarked list item counts only as a completion of what was typed ("Lisbon (LIS)").
            name = normalize(element.name)
            completes = name.startswith(normalize(value)) and len(name) > len(normalize(value))
            marked = element.role in SUGGESTION_ROLES
            if (marked or completes) and value_similarity(value, element.name) >= SUGGESTION_LIKE:
                action = Click(target=element.as_target())
                return Proposal(action, SUGGESTION, f"suggestion {element.name!r} for {value!r}", element)
    return None
