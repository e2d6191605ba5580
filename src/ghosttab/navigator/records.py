"""Pages that keep records (admin sites, back offices, portals): links that add, change or delete a
record, column headers that only sort a list, and the "are you sure?" page before a deletion.

A link named by a record verb does what its verb says to what its name (or its row) names: "Add
customer", or "Add" in the row "Users | Add | Change". It is the way on when the goal asks for that
verb on that thing, and a trap otherwise: opening a record must not create one.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from ghosttab.navigator.goal import Intent
from ghosttab.navigator.matching import contains_value, content_words
from ghosttab.perception.models import Element

RECORD_VERBS: dict[str, frozenset[str]] = {
    "create": frozenset({"add", "create", "new"}),
    "delete": frozenset({"delete", "remove"}),
    "edit": frozenset({"edit", "change", "update", "modify", "rename"}),
}
_ALL_VERBS = frozenset().union(*RECORD_VERBS.values())
# Query parameters that only reorder a list.
SORT_PARAMS = frozenset(
    {"o", "sort", "sortby", "sort_by", "order", "orderby", "order_by", "ordering", "dir", "direction",
     "sort_order", "sortorder", "sortdir", "sort_dir"}
)  # fmt: skip
_SORT_GOAL = frozenset({"sort", "sorted", "newest", "oldest", "ascending", "descending", "cheapest"})
_ARE_YOU_SURE = re.compile(
    r"\b(are you sure|confirm (the )?(deletion|removal)|cannot be undone|can ?not be undone|permanently)\b",
    re.I,
)
_AFFIRMATIVE = re.compile(r"^\s*(yes\b|confirm|delete|remove|ok\b|continue|proceed|i'?m sure|i’m sure)", re.I)
MISMATCH = 0.3
MATCH_SCORE = 0.88


def verb_class(word: str) -> str | None:
    return next((name for name, verbs in RECORD_VERBS.items() if word in verbs), None)


def goal_verbs(intent: Intent) -> set[str]:
    """The record verbs the goal asks for: {'create'} for 'Create a new user …'."""
    return {cls for word in intent.words if (cls := verb_class(word)) is not None}


def creates_record(intent: Intent) -> bool:
    """The goal makes a new record ("Add a new track …"): it is not there yet to be found."""
    return "create" in goal_verbs(intent)


def record_fit(
    element: Element, name: str, intent: Intent, values: list[str]
) -> tuple[float, float, str]:
    """For a link named by a record verb: (floor, factor, why). A link that does the goal's verb to
    the goal's thing gets a floor of MATCH_SCORE; one that does another verb, or the right verb to
    another thing, is damped. Anything else: (0, 1, '')."""
    words = content_words(name)
    cls = verb_class(words[0]) if words else None
    if cls is None:
        return 0.0, 1.0, ""
    wanted = goal_verbs(intent)
    if cls not in wanted:
        # Opening a record is often done with "Edit"; adding or deleting one never is.
        damp = cls in ("create", "delete") or bool(wanted)
        return 0.0, MISMATCH if damp else 1.0, ""
    things = [w for w in words[1:] if w not in _ALL_VERBS] or [
        w for w in content_words(element.context) if w not in _ALL_VERBS
    ]
    if not things:
        return 0.0, 1.0, ""
    goal_things = {w for w in intent.words if w not in _ALL_VERBS}
    named = bool(goal_things.intersection(things)) or any(
        contains_value(element.context or name, value) for value in values
    )
    if not named:
        return 0.0, MISMATCH, ""
    return MATCH_SCORE, 1.0, f"{name!r} does the goal's {cls} to {' '.join(things[:3])!r}"


def only_sorts(href: str, current_url: str) -> bool:
    """`href` is this list again, only in another order (a column header)."""
    target, here = urlsplit(href), urlsplit(current_url)
    if (target.netloc, target.path) != (here.netloc, here.path):
        return False
    wanted, shown = parse_qs(target.query), parse_qs(here.query)
    changed = {key for key in wanted.keys() | shown.keys() if wanted.get(key) != shown.get(key)}
    return bool(changed) and changed <= SORT_PARAMS


def wants_sorting(intent: Intent) -> bool:
    return bool(_SORT_GOAL.intersection(intent.words))


def asks_to_confirm(text: str) -> bool:
    return bool(_ARE_YOU_SURE.search(text))


def is_affirmative(name: str) -> bool:
    return bool(_AFFIRMATIVE.match(name))
