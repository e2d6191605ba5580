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


def is_sign_in_form(elements: list[Element]) -> bool:
    """One password field that asks for an existing password: a sign-in form."""
    fields = password_fields(elements)
    if len(fields) != 1:
        return False
    names = _names(fields[0])
    return not CONFIRM_WORDS.search(names) and not _NEW_WORDS.search(names)


def current_password_fields(elements: list[Element]) -> list[Element]:
    """The fields that take the task's own password: a sign-in form's one field, or a change-password
    form's 'old' or 'current' one. A new password and its confirmation are data, never the secret."""
    if is_sign_in_form(elements):
        return password_fields(elements)
    return [e for e in password_fields(elements) if _CURRENT_WORDS.search(_names(e))]
