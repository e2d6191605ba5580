"""Proposals for filling a form: which field takes which data value, secret or goal value."""

from __future__ import annotations

import re

from ghosttab.actions import Check, Click, Select, TypeText
from ghosttab.dates import parse_date
from ghosttab.navigator.assign import assign_keys
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.goal import Intent, goal_overlap
from ghosttab.navigator.matching import (
    contains_value,
    content_words,
    name_similarity,
    normalize,
    value_similarity,
)
from ghosttab.navigator.passwords import (
    current_password_fields,
    is_confirmation,
    is_sign_in_form,
    without_confirm_words,
)
from ghosttab.perception.models import Element

FIELD_MATCH = 0.72
# How close a value must come to one of a select's options for the select to be its field.
OPTION_LIKE = 0.75
TRUTHY = frozenset({"true", "yes", "y", "1", "on", "checked", "agree", "accept"})
FALSY = frozenset({"false", "no", "n", "0", "off", "unchecked"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2} \w{3,9} \d{4})$")
# The share of a checkbox label's words the goal must use to name it ("accepting the code of conduct").
GOAL_WORDS_MATCH = 0.75
_CONSENT = re.compile(
    r"\b(agree|accept|consent|terms|conditions|acknowledge|confirm that|i confirm|i certify|i declare"
    r"|i have read)\b",
    re.I,
)


def field_names(element: Element) -> list[str]:
    """Every name a person might use for a form field, best first."""
    names = [element.label, element.name, element.placeholder, element.input_name, element.element_id]
    return [name for name in names if name]


def field_score(key: str, element: Element) -> float:
    names = field_names(element)
    if is_confirmation(element):
        # "Password confirmation" repeats the field named "Password": it takes that field's value.
        names = [without_confirm_words(name) for name in names]
    score = max((name_similarity(key, name) for name in names if name), default=0.0)
    if element.input_type == "password" and "pass" in normalize(key):
        score = max(score, 0.85)
    return score


def is_fillable(element: Element) -> bool:
    return not element.disabled and (element.is_text_input or element.tag == "textarea")


def _shape_fits(value: str, element: Element) -> bool:
    kind = element.input_type
    if kind == "email":
        return bool(_EMAIL.match(value))
    if kind == "tel":
        return bool(_PHONE.match(value))
    if kind == "date":
        return bool(_DATE.match(value))
    return False


def secret_proposals(elements: list[Element], secret_names: list[str]) -> list[Proposal]:
    """Fill login fields from the task's secrets, by name; the values stay with the executor.

    On a form that is not a sign-in form (a new user's, a password change) only the field asking for
    the current password takes a secret: a new user's name and password are the task's data."""
    proposals: list[Proposal] = []
    current = current_password_fields(elements)
    sign_in = is_sign_in_form(elements)
    for element in elements:
        if not is_fillable(element) or (element.input_type == "password" and element not in current):
            continue
        if not sign_in and element.input_type != "password":
            continue
        best_name, best = "", 0.0
        for name in secret_names:
            score = field_score(name, element)
            if element.input_type == "password" and "pass" in normalize(name):
                score = max(score, 0.95)
            if score > best:
                best_name, best = name, score
        if best >= FIELD_MATCH:
            action = TypeText(target=element.as_target(), secret=best_name)
            proposals.append(
                Proposal(action, best, f"secret {best_name!r} -> {element.display_name!r}", element)
            )
    if sign_in:
        proposals += _identity_fallback(elements, secret_names, proposals)
    return sorted(proposals, key=lambda p: p.element.index if p.element else 0)


_SIGN_IN_PAGE = re.compile(r"\b(sign ?in|log ?in|login|logon|authenticate)\b", re.I)


def identity_step(elements: list[Element], secret_names: list[str], page_words: str) -> Proposal | None:
    """The first page of a two-step sign-in (the name now, the password on the next page): the one
    field a name-like secret names, on a page that says it signs in."""
    if any(e.input_type == "password" for e in elements) or not _SIGN_IN_PAGE.search(page_words):
        return None
    names = [name for name in secret_names if "pass" not in normalize(name)]
    found: list[Proposal] = []
    for element in elements:
        if not is_fillable(element) or element.input_type not in ("", "text", "email", "tel"):
            continue
        score, name = max(((field_score(n, element), n) for n in names), default=(0.0, ""))
        if score >= FIELD_MATCH:
            action = TypeText(target=element.as_target(), secret=name)
            why = f"secret {name!r} -> {element.display_name!r} (first step of a sign-in)"
            found.append(Proposal(action, score, why, element))
    return found[0] if len(found) == 1 else None


def _identity_fallback(
    elements: list[Element], secret_names: list[str], matched: list[Proposal]
) -> list[Proposal]:
    """A login form whose name field matched no secret by label (a secret `user` for an `Email`
    field): the one text field just before the password takes the one secret left over."""
    used = {p.action.secret_name for p in matched}
    left = [name for name in secret_names if name not in used and "pass" not in normalize(name)]
    filled = {id(p.element) for p in matched}
    password = next((i for i, e in enumerate(elements) if e.input_type == "password"), None)
    if len(left) != 1 or password is None:
        return []
    before = [
        e
        for e in elements[:password]
        if is_fillable(e)
        and e.input_type != "password"
        and id(e) not in filled
        and (not elements[password].form or e.form == elements[password].form)
    ]
    if not before or any(id(e) in filled for e in elements[:password] if is_fillable(e)):
        return []
    element = before[-1]
    action = TypeText(target=element.as_target(), secret=left[0])
    return [
        Proposal(
            action, 0.7, f"secret {left[0]!r} -> the sign-in name field {element.display_name!r}", element
        )
    ]


def data_proposals(
    elements: list[Element], data: dict[str, str], intent: Intent, page_text: str = ""
) -> list[Proposal]:
    """Each form control paired with the data key (or goal value) that names it best; `page_text`
    may ask for a box to be ticked."""
    proposals: list[Proposal] = []
    radios: dict[str, list[Element]] = {}
    done = _already_filled(elements, data)
    keys = assign_keys({
        (element.index, is_confirmation(element)): _key_scores(element, data, done)
        for element in elements if is_fillable(element) and not _is_choice(element)
    })  # fmt: skip
    for element in elements:
        if element.disabled:
            continue
        if element.input_type == "radio" or element.role == "radio":
            radios.setdefault(element.group or element.input_name or "", []).append(element)
        elif element.tag == "select" or (
            element.role in ("combobox", "listbox") and not element.is_text_input
        ):
            proposal = _select_proposal(element, data, intent)
            if proposal:
                proposals.append(proposal)
        elif element.input_type == "checkbox" or element.role in ("checkbox", "switch"):
            proposal = _checkbox_proposal(element, data, intent, page_text)
            if proposal:
                proposals.append(proposal)
        elif is_fillable(element):
            assigned = keys.get((element.index, is_confirmation(element)))
            proposal = _text_proposal(element, data, intent, assigned)
            if proposal:
                proposals.append(proposal)
    for group, members in radios.items():
        proposal = _radio_proposal(group, members, data, intent)
        if proposal:
            proposals.append(proposal)
    proposals.sort(key=lambda p: p.element.index if p.element else 0)
    return _one_per_key([p for p in proposals if p.action.data_field not in done])


_DATE_HINT = re.compile(r"^(dd|mm|yyyy|yy|d|m)([./ -](dd|mm|yyyy|yy|d|m)){2}$", re.I)
_DATE_WORDS = frozenset({"date", "dob", "birthday"})


def _takes_dates(element: Element) -> bool:
    """A field for a date: by its type, its hint (`MM/DD/YYYY`) or its name ("Cover start date")."""
    if element.input_type in ("date", "datetime-local", "month", "week"):
        return True
    if _DATE_HINT.match(element.placeholder.strip()):
        return True
    return bool(_DATE_WORDS & set(normalize(element.label or element.name).split()))


def _is_choice(element: Element) -> bool:
    """A radio, a select or a box to tick: filled by its options, not by typing."""
    if element.input_type in ("radio", "checkbox") or element.role in ("radio", "checkbox", "switch"):
        return True
    return element.tag == "select" or (element.role in ("combobox", "listbox") and not element.is_text_input)


def _key_scores(element: Element, data: dict[str, str], done: set[str]) -> dict[str, float]:
    """The data keys that could name this text field, with how well: by name, or by the shape of
    the value when the name comes close (an e-mail address for an email field). A field already
    holding one of the task's values is taken."""
    if any(_same_value(element.value, value) for value in data.values()):
        return {}
    scores: dict[str, float] = {}
    for key, value in data.items():
        if key in done or (_takes_dates(element) and parse_date(value) is None):
            continue
        score = field_score(key, element)
        if score < FIELD_MATCH and _shape_fits(value, element):
            score = 0.7
        if score >= FIELD_MATCH or (score >= 0.7 and _shape_fits(value, element)):
            scores[key] = score
    return scores


def _already_filled(elements: list[Element], data: dict[str, str]) -> set[str]:
    """Keys whose value a field named by the key already holds (the record being edited): another
    field that merely resembles the key must not get the value too."""
    return {
        key for key, value in data.items()
        if any(is_fillable(e) and _same_value(e.value, value) and field_score(key, e) >= FIELD_MATCH
               for e in elements)
    }  # fmt: skip


def _one_per_key(proposals: list[Proposal]) -> list[Proposal]:
    """A data key fills one field, the best-matching one (ties keep page order), and the field that
    asks to confirm it, if any."""
    best: dict[tuple[str, bool], Proposal] = {}
    rest: list[Proposal] = []
    for proposal in proposals:
        key = proposal.action.data_field
        if key is None:
            rest.append(proposal)
            continue
        slot = (key, proposal.element is not None and is_confirmation(proposal.element))
        if slot not in best or proposal.score > best[slot].score:
            best[slot] = proposal
    kept = set(map(id, best.values())) | set(map(id, rest))
    return [p for p in proposals if id(p) in kept]


def _text_proposal(
    element: Element, data: dict[str, str], intent: Intent, assigned: tuple[str, float] | None
) -> Proposal | None:
    if assigned is not None:
        key, score = assigned
        action = TypeText(target=element.as_target(), field=key)
        return Proposal(action, score, f"data {key!r} -> {element.display_name!r}", element)
    for typed in intent.typed:
        target_score = _goal_target_score(typed.target, element)
        if target_score >= 0.6 and not _same_value(element.value, typed.value):
            action = TypeText(target=element.as_target(), text=typed.value)
            return Proposal(
                action, target_score, f"goal value {typed.value!r} -> {element.display_name!r}", element
            )
    return None


def _goal_target_score(target: str, element: Element) -> float:
    if not target:
        return 0.65 if element.input_type == "search" or element.role == "searchbox" else 0.0
    score = max((name_similarity(target, name) for name in field_names(element)), default=0.0)
    if "search" in normalize(target) and (element.input_type == "search" or element.role == "searchbox"):
        score = max(score, 0.9)
    return score


def _same_value(current: str, wanted: str) -> bool:
    return normalize(current) == normalize(wanted) and bool(normalize(wanted))


def _select_proposal(element: Element, data: dict[str, str], intent: Intent) -> Proposal | None:
    current = next((o.label for o in element.options if o.selected), element.value)
    for key, value in data.items():
        score = field_score(key, element)
        if score >= FIELD_MATCH:
            shown = current if element.options else f"{current} {element.name}"
            if (current and value_similarity(value, current) >= 0.9) or contains_value(shown, value):
                return None
            if element.options and not _has_option_like(element, value):
                continue  # the name fits but no option does: this value is for another field
            action = Select(target=element.as_target(), field=key)
            return Proposal(action, score, f"data {key!r} -> select {element.display_name!r}", element)
    wanted = [*data.values(), *intent.choices, *intent.quoted]
    for option in element.options:
        for value in wanted:
            if value_similarity(value, option.label) >= 0.92 or contains_value(value, option.label):
                if option.selected:
                    return None
                action = Select(target=element.as_target(), option=option.label)
                return Proposal(action, 0.8, f"option {option.label!r} named by the task", element)
    return None


def _has_option_like(element: Element, value: str) -> bool:
    return any(
        value_similarity(value, text) >= OPTION_LIKE
        or contains_value(text, value)
        or contains_value(value, text)
        for option in element.options
        for text in (option.label, option.value)
        if text
    )


def _checkbox_proposal(
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
            return Proposal(action, 0.9, f"data {key!r} -> checkbox {element.display_name!r}", element)
    label = element.label or element.name
    worded = len(content_words(label)) >= 2 and goal_overlap(label, intent) >= GOAL_WORDS_MATCH
    named_by_goal = len(label) > 3 and (contains_value(intent.text, label) or worded)
    asked = _CONSENT.search(label) and (element.required or demanded(label, page_text))
    if not element.checked and (named_by_goal or asked):
        action = Check(target=element.as_target(), checked=True)
        return Proposal(action, 0.75, f"check {label!r}", element)
    if not element.checked and _CONSENT.search(label) and "agree" in normalize(label):
        action = Check(target=element.as_target(), checked=True)
        return Proposal(action, 0.6, f"agree to {label!r}", element)
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


def _radio_proposal(
    group: str, members: list[Element], data: dict[str, str], intent: Intent
) -> Proposal | None:
    if any(m.checked for m in members) and not data:
        return None
    group_names = [group, *(m.group for m in members if m.group)]
    for key, value in data.items():
        group_score = max((name_similarity(key, n) for n in group_names if n), default=0.0)
        choice = _best_radio(members, value)
        if choice is not None and (
            group_score >= FIELD_MATCH or value_similarity(value, choice.name) >= 0.95
        ):
            if choice.checked:
                return None
            action = Check(target=choice.as_target(), checked=True)
            return Proposal(
                action, max(group_score, 0.85), f"data {key!r} -> radio {choice.display_name!r}", choice
            )
    for value in [*intent.choices, *intent.quoted]:
        choice = _best_radio(members, value)
        if choice is not None and not choice.checked:
            action = Check(target=choice.as_target(), checked=True)
            return Proposal(action, 0.8, f"goal choice {value!r} -> radio", choice)
    return _radio_in_goal_words(members, intent)


def _radio_in_goal_words(members: list[Element], intent: Intent) -> Proposal | None:
    """No value names an option of an unanswered group, but the goal's words name one alone ("send
    texts to {phone}" for "Text message")."""
    if any(m.checked for m in members):
        return None
    scored = sorted(((goal_overlap(m.name or m.label, intent), m.index, m) for m in members), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    choice = scored[0][2]
    action = Check(target=choice.as_target(), checked=True)
    return Proposal(action, 0.6, f"goal words name radio {choice.display_name!r}", choice)


def _best_radio(members: list[Element], value: str) -> Element | None:
    scored = [(value_similarity(value, m.name or m.label), m) for m in members]
    scored = [item for item in scored if item[0] >= 0.8]
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
            if (marked or completes) and value_similarity(value, element.name) >= 0.85:
                action = Click(target=element.as_target())
                return Proposal(action, 0.9, f"suggestion {element.name!r} for {value!r}", element)
    return None
