"""Which password fields take the task's own password: a sign-in form is not a sign-up, a new-user or a
change-password form, and only the current password of those is the task's secret."""

from __future__ import annotations

import re

from ghosttab.navigator.matching import normalize
from ghosttab.perception.models import Element

# A field that repeats another one: "Password confirmation", "Repeat e-mail", "Re-enter password".
CONFIRM_WORDS = re.compile(
    r"\b(confirm|confirmation|confirmed|repeat|again|re enter|reenter|re type|retype|verify|verification)\b"
)
_NEW_WORDS = re.compile(r"\b(new|choose|create|set)\b")
_CURRENT_WORDS = re.compile(r"\b(old|current|existing|present)\b")


def _names(element: Element) -> str:
    return normalize(" ".join((element.label, element.name, element.placeholder, element.input_name)))


def password_fields(elements: list[Element]) -> list[Element]:
    return [e for e in elements if e.input_type == "password" and not e.disabled]


def is_confirmation(element: Element) -> bool:
    """The field asks for a value a second time."""
    return bool(CONFIRM_WORDS.search(_names(element)))


def without_confirm_words(text: str) -> str:
    """'New password confirmation' -> 'new password': the field the confirmation repeats."""
    return " ".join(CONFIRM_WORDS.sub(" ", normalize(text)).split())


def _is_new(field: Element) -> bool:
    """A password field for a new password, or one repeating another."""
    names = _names(field)
    worded = CONFIRM_WORDS.search(names) or _NEW_WORDS.search(names)
    return field.autocomplete == "new-password" or bool(worded)


def _asks_for_existing(elements: list[Element]) -> bool:
    fields = password_fields(elements)
    return len(fields) == 1 and not _is_new(fields[0])


def _sign_in_part(form: list[Element]) -> list[Element]:
    """A form that signs in and signs up (its other password fields all new): the fields from the last
    password field before the existing one's up to the next one's, which hold its name field and button."""
    fields = password_fields(form)
    existing = [field for field in fields if not _is_new(field)]
    if len(existing) != 1 or len(fields) < 2 or _CURRENT_WORDS.search(_names(existing[0])):
        return []  # an "old password" beside new ones changes a password
    at = form.index(existing[0])
    before = [i for i, e in enumerate(form[:at]) if e in fields]
    after = [i for i, e in enumerate(form) if i > at and e in fields]
    start = before[-1] + 1 if before else 0
    end = after[0] if after else len(form)
    fillable = [i for i in range(at + 1, end) if form[i].is_text_input and form[i].input_type != "password"]
    if after and not fillable:
        return []  # the next password field follows at once: it repeats this one (a new user's form)
    part = form[start : fillable[0] if fillable else end]
    return part if any(e.is_text_input and e.input_type != "password" for e in part[: at - start]) else []


def sign_in_form(elements: list[Element]) -> list[Element]:
    """The elements of the page's sign-in form (one password field that asks for an existing
    password): the whole page's, the one form of several that is one (a sign-in beside a sign-up), or
    the sign-in part of a form that does both; none when there is no such form."""
    if _asks_for_existing(elements):
        return elements
    names = dict.fromkeys(e.form for e in elements if e.form)
    forms = [[e for e in elements if e.form == form] for form in names] or [elements]
    signing = [form for form in forms if _asks_for_existing(form)]
    if len(signing) == 1:
        return signing[0]
    parts = [part for part in map(_sign_in_part, forms) if part]
    return parts[0] if len(parts) == 1 else []


def is_sign_in_form(elements: list[Element]) -> bool:
    return bool(sign_in_form(elements))


def current_password_fields(elements: list[Element]) -> list[Element]:
    """The fields that take the task's own password: a sign-in form's one field, or a change-password
    form's 'old' or 'current' one. A new password and its confirmation are data, never the secret."""
    signing = sign_in_form(elements)
    if signing:
        return password_fields(signing)
    return [e for e in password_fields(elements) if _CURRENT_WORDS.search(_names(e))]
