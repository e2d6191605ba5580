"""Dates asked for in parts: day, month and year fields side by side (GOV.UK's date input, a
birthday's three selects, a card's expiry month and year). Each part gets the task's date field with
that `part`; the executor writes the part the way the field takes it."""

from __future__ import annotations

from typing import cast

from ghosttab.actions import Action, DatePart, Select, TypeText
from ghosttab.dates import date_part_values, parse_date
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.fields import is_fillable
from ghosttab.navigator.matching import name_similarity, normalize
from ghosttab.perception.models import Element

# A group of date fields this close to a date key's name is that date's.
GROUP_NAMED = 0.5
# A part field of a date the task holds: sure, once the group is matched.
DATE_PART = 0.85
_PART_WORDS: dict[str, frozenset[str]] = {
    "day": frozenset({"day", "dd"}),
    "month": frozenset({"month", "mm"}),
    "year": frozenset({"year", "yyyy", "yy"}),
}


def date_part(element: Element) -> DatePart | None:
    """The part of a date a field asks for, from the last word of its name, label, hint or input name."""
    for text in (element.name, element.label, element.placeholder, element.input_name):
        words = normalize(text).split()
        if not words:
            continue
        for part, known in _PART_WORDS.items():
            if words[-1] in known:
                return cast(DatePart, part)
    return None


def part_groups(elements: list[Element]) -> list[list[tuple[Element, DatePart]]]:
    """Runs of two or three neighbouring fields of one form that ask for different parts of a date."""
    groups: list[list[tuple[Element, DatePart]]] = []
    run: list[tuple[Element, DatePart]] = []
    for element in elements:
        part = date_part(element) if is_fillable(element) or element.tag == "select" else None
        if part is None or (run and (run[-1][0].form != element.form or part in {p for _, p in run})):
            if len(run) >= 2:
                groups.append(run)
            run = []
        if part is not None:
            run.append((element, part))
    if len(run) >= 2:
        groups.append(run)
    return groups


def _keys_for(groups: list[list[tuple[Element, DatePart]]], dates: list[str]) -> list[str | None]:
    """The date field each group is for: the best-named pairs first, each date to one group; a group
    left over takes the one date left over."""
    names = [" ".join(f"{e.label} {e.input_name}" for e, _ in group) for group in groups]
    pairs = sorted(((name_similarity(key, name), g, key) for g, name in enumerate(names) for key in dates),
                   reverse=True)  # fmt: skip
    chosen: list[str | None] = [None] * len(groups)
    for score, g, key in pairs:
        if score >= GROUP_NAMED and chosen[g] is None and key not in chosen:
            chosen[g] = key
    left = [key for key in dates if key not in chosen]
    unnamed = [g for g, key in enumerate(chosen) if key is None]
    if len(left) == 1 and len(unnamed) == 1:
        chosen[unnamed[0]] = left[0]
    return chosen


def _holds(element: Element, spellings: list[str]) -> bool:
    wanted = {normalize(s) for s in spellings}
    shown = next((o.label for o in element.options if o.selected), element.value)
    return normalize(shown) in wanted or normalize(element.value) in wanted


def date_part_proposals(elements: list[Element], data: dict[str, str]) -> tuple[list[Proposal], set[int]]:
    """A proposal for each part field that does not hold its part yet, and the ids of every part field
    (no other data goes into them)."""
    dates = [key for key, value in data.items() if parse_date(value) is not None]
    proposals: list[Proposal] = []
    grouped: set[int] = set()
    if not dates:
        return proposals, grouped
    groups = part_groups(elements)
    for group, key in zip(groups, _keys_for(groups, dates), strict=True):
        if key is None:
            continue
        for element, part in group:
            grouped.add(id(element))
            spellings = date_part_values(data[key], part) or []
            if element.disabled or _holds(element, spellings):
                continue
            target = element.as_target()
            action: Action = (Select(target=target, field=key, part=part) if element.tag == "select"
                              else TypeText(target=target, field=key, part=part))  # fmt: skip
            why = f"data {key!r} ({part}) -> {element.display_name!r}"
            proposals.append(Proposal(action, DATE_PART, why, element))
    return proposals, grouped
