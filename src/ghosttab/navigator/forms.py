"""Proposals for filling a form: which field takes which data value, secret or goal value."""

from __future__ import annotations

import re

from ghosttab.actions import Select, TypeText
from ghosttab.dates import parse_date
from ghosttab.navigator.assign import assign_keys
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.choices import checkbox_proposal, radio_proposal
from ghosttab.navigator.fields import FIELD_MATCH, field_score, is_fillable
from ghosttab.navigator.goal import Intent
from ghosttab.navigator.goal_fields import goal_value_proposal
from ghosttab.navigator.matching import (
    contains_value,
    content_words,
    normalize,
    value_similarity,
)
from ghosttab.navigator.passwords import (
    current_password_fields,
    is_confirmation,
    sign_in_form,
)
from ghosttab.perception.models import Element

# A password field takes the secret whose key says "pass", nearly whatever else it is called.
PASSWORD_SECRET = 0.95
# The sign-in form's one unnamed text field takes the one identity secret left.
IDENTITY_FALLBACK = 0.7
# A value shaped as the field asks (an e-mail for type=email) with a name that comes close.
SHAPE_FITS = 0.7
# A select already showing this close to the value holds it.
SAME_OPTION = 0.9
# An option named by the task's values or the goal's choices.
TASK_OPTION_LIKE = 0.92
TASK_OPTION = 0.8
# How close a value must come to one of a select's options for the select to be its field.
OPTION_LIKE = 0.75
# A select still at its placeholder whose option the goal's own words name ("report it to IT Support"):
# below a data key's match, above a guess.
GOAL_NAMES_OPTION = 0.75
# Option labels shorter than this say too little to be found in a goal's words.
MIN_OPTION_CHARS = 3
_PLACEHOLDER_OPTION = re.compile(r"^\W*$|^\W*(select|choose|pick|please)\b", re.I)
# A field holding one value of the task, and a key that says it is the new one ('new_title'): the field
# takes it, as surely as a name.
REPLACES_VALUE = 0.9
_NEW_WORDS = frozenset({"new", "updated", "changed"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2} \w{3,9} \d{4})$")


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
    signing = sign_in_form(elements)
    sign_in = bool(signing)
    if sign_in:
        elements = signing  # a sign-up form beside it takes the task's data, never its secrets
    for element in elements:
        if not is_fillable(element) or (element.input_type == "password" and element not in current):
            continue
        if not sign_in and element.input_type != "password":
            continue
        best_name, best = "", 0.0
        for name in secret_names:
            score = field_score(name, element)
            if element.input_type == "password" and "pass" in normalize(name):
                score = max(score, PASSWORD_SECRET)
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
            action,
            IDENTITY_FALLBACK,
            f"secret {left[0]!r} -> the sign-in name field {element.display_name!r}",
            element,
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
    texts = [e.index for e in elements if is_fillable(e) and not _is_choice(e)]
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
            proposal = checkbox_proposal(element, data, intent, page_text)
            if proposal:
                proposals.append(proposal)
        elif is_fillable(element):
            assigned = keys.get((element.index, is_confirmation(element)))
            nth = texts.index(element.index) + 1 if element.index in texts else 0
            proposal = _text_proposal(element, intent, assigned, nth, len(texts) == 1)
            if proposal:
                proposals.append(proposal)
    for group, members in radios.items():
        proposal = radio_proposal(group, members, data, intent)
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
    holding = [key for key, value in data.items() if _same_value(element.value, value)]
    if holding:
        renamed = [key for key in data if key not in holding and _replaces(key, holding)]
        return {renamed[0]: REPLACES_VALUE} if len(renamed) == 1 and renamed[0] not in done else {}
    scores: dict[str, float] = {}
    for key, value in data.items():
        if key in done or (_takes_dates(element) and parse_date(value) is None):
            continue
        score = field_score(key, element)
        if score < FIELD_MATCH and _shape_fits(value, element):
            score = SHAPE_FITS
        if score >= FIELD_MATCH or (score >= SHAPE_FITS and _shape_fits(value, element)):
            scores[key] = score
    return scores


def _replaces(key: str, holding: list[str]) -> bool:
    """`new_title` for a field holding `title`'s value: the value the task puts in its place."""
    words = set(content_words(key))
    return bool(words & _NEW_WORDS) and any(set(content_words(old)) == words - _NEW_WORDS for old in holding)


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
    element: Element, intent: Intent, assigned: tuple[str, float] | None, nth: int, single: bool
) -> Proposal | None:
    if assigned is not None:
        key, score = assigned
        action = TypeText(target=element.as_target(), field=key)
        return Proposal(action, score, f"data {key!r} -> {element.display_name!r}", element)
    return goal_value_proposal(element, intent, nth, single)


def _same_value(current: str, wanted: str) -> bool:
    return normalize(current) == normalize(wanted) and bool(normalize(wanted))


def _select_proposal(element: Element, data: dict[str, str], intent: Intent) -> Proposal | None:
    current = next((o.label for o in element.options if o.selected), element.value)
    for key, value in data.items():
        score = field_score(key, element)
        if score >= FIELD_MATCH:
            shown = current if element.options else f"{current} {element.name}"
            if (current and value_similarity(value, current) >= SAME_OPTION) or contains_value(shown, value):
                return None
            if element.options and not _has_option_like(element, value):
                continue  # the name fits but no option does: this value is for another field
            action = Select(target=element.as_target(), field=key)
            return Proposal(action, score, f"data {key!r} -> select {element.display_name!r}", element)
    wanted = [*data.values(), *intent.choices, *intent.quoted]
    if element.multiple:
        wanted += intent.choice_items  # "Select Corrine, Catherine from the list": each of them
    for option in element.options:
        for value in wanted:
            if value_similarity(value, option.label) >= TASK_OPTION_LIKE or contains_value(
                value, option.label
            ):
                if option.selected and element.multiple:
                    break  # chosen already; the next one the goal lists may not be
                if option.selected:
                    return None
                action = Select(target=element.as_target(), option=option.label)
                return Proposal(action, TASK_OPTION, f"option {option.label!r} named by the task", element)
    return _goal_option(element, intent)


def _at_placeholder(element: Element) -> bool:
    chosen = next((o for o in element.options if o.selected), None)
    return chosen is None or not chosen.value or bool(_PLACEHOLDER_OPTION.match(chosen.label))


def _goal_option(element: Element, intent: Intent) -> Proposal | None:
    """The option the goal's words name, for a select nothing else fills that still shows its placeholder;
    or the option that is the kind of record the goal makes ('a workshop called …' -> "Workshop (90
    minutes)") where another is preselected."""
    kind = next((o for o in element.options if not o.selected and _names_kind(o.label, intent)), None)
    if kind is not None and not any(_names_kind(o.label, intent) for o in element.options if o.selected):
        action = Select(target=element.as_target(), option=kind.label)
        why = f"option {kind.label!r} is the goal's kind of record"
        return Proposal(action, GOAL_NAMES_OPTION, why, element)
    if not element.options or not _at_placeholder(element):
        return None
    named = [
        o for o in element.options
        if o.value and len(o.label.strip()) >= MIN_OPTION_CHARS and not o.label.strip().isdigit()
        and contains_value(intent.text, o.label)
    ]  # fmt: skip
    if not named:
        return None
    option = max(named, key=lambda o: len(o.label))
    action = Select(target=element.as_target(), option=option.label)
    return Proposal(action, GOAL_NAMES_OPTION, f"option {option.label!r} named by the goal", element)


def _names_kind(label: str, intent: Intent) -> bool:
    words = content_words(label)
    kinds = [content_words(kind) for kind in intent.kinds]
    return bool(words) and any(kind == words[: len(kind)] for kind in kinds)


def _has_option_like(element: Element, value: str) -> bool:
    return any(
        value_similarity(value, text) >= OPTION_LIKE
        or contains_value(text, value)
        or contains_value(value, text)
        for option in element.options
        for text in (option.label, option.value)
        if text
    )
