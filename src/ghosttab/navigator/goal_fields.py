"""Which field a value the goal asks to type goes into: the field its name names ('the username
"karrie"'), the field of the type it names ('05/20/2010 as the date'), the n-th text field ('into the
2nd textbox'), a search box, or the one text field a page has ('into the textbox')."""

from __future__ import annotations

from ghosttab.actions import TypeText
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.fields import field_names
from ghosttab.navigator.goal import Intent
from ghosttab.navigator.goal_values import TypedValue
from ghosttab.navigator.matching import name_similarity, normalize
from ghosttab.perception.models import Element

# How well the goal's "type X into Y" must name a field.
GOAL_TARGET = 0.6
# A quoted value with no field named goes in the page's search box.
UNNAMED_SEARCH = 0.65
NAMED_SEARCH = 0.9
# The goal names the field's type ("as the date" for an <input type=date>).
TYPE_NAMED = 0.85
# The goal counts the field ("the 2nd textbox"): as sure as a name.
COUNTED_FIELD = 0.85
# "into the textbox" on a page with one text field, or a value with no field on such a page.
ONLY_FIELD = 0.7
# Words that name a text field in general, not one field.
GENERIC_FIELD_WORDS = frozenset(
    {"textbox", "text box", "text field", "text fields", "text input", "text inputs", "input", "inputs",
     "field", "fields", "textarea", "text area", "box", "input textbox", "input box", "form"}
)  # fmt: skip


def is_search(element: Element) -> bool:
    return element.input_type == "search" or element.role == "searchbox"


def _generic(place: str) -> bool:
    return not place or normalize(place) in GENERIC_FIELD_WORDS or place.lower() in GENERIC_FIELD_WORDS


def target_score(typed: TypedValue, element: Element, nth: int, single: bool) -> float:
    """How well `element` (the `nth` text field of the page; `single` when it is the only one) is the
    field `typed` goes into."""
    if typed.ordinal is not None:
        return COUNTED_FIELD if nth == typed.ordinal else 0.0
    target, place = typed.target, typed.where
    score = 0.0
    if target:
        score = max((name_similarity(target, name) for name in field_names(element)), default=0.0)
        if normalize(target) == element.input_type:
            score = max(score, TYPE_NAMED)
    if "search" in normalize(f"{target} {place}") and is_search(element):
        score = max(score, NAMED_SEARCH)
    if not target and not place and is_search(element):
        score = max(score, UNNAMED_SEARCH)
    if single and _generic(place) and score < GOAL_TARGET:
        score = max(score, ONLY_FIELD)
    return score


def goal_value_proposal(element: Element, intent: Intent, nth: int, single: bool) -> Proposal | None:
    """The first value the goal asks to type that goes into `element` and is not there yet."""
    for typed in intent.typed:
        score = target_score(typed, element, nth, single)
        if score >= GOAL_TARGET and normalize(element.value) != normalize(typed.text):
            action = TypeText(target=element.as_target(), text=typed.text)
            why = f"goal value {typed.text!r} -> {element.display_name!r}"
            return Proposal(action, score, why, element)
    return None
