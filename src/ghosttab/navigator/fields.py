"""What names a form field, and how well a data key matches it."""

from __future__ import annotations

from ghosttab.navigator.matching import name_similarity, normalize
from ghosttab.navigator.passwords import is_confirmation, without_confirm_words
from ghosttab.perception.models import Element

# How well a key must match one of a field's names for the field to take its value.
FIELD_MATCH = 0.72
# A password field takes a key that says "pass" this surely.
PASSWORD_KEY = 0.85


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
        score = max(score, PASSWORD_KEY)
    return score


def is_fillable(element: Element) -> bool:
    return not element.disabled and (element.is_text_input or element.tag == "textarea")
