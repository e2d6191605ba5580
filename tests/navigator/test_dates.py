"""Dates asked for in parts: which fields are parts, how they group, which date each group takes."""

from __future__ import annotations

from typing import Any

from ghosttab.actions import Select, TypeText
from ghosttab.navigator.dates import date_part, date_part_proposals, part_groups
from ghosttab.perception.models import Element, SelectOption


def _input(index: int, label: str, input_name: str, **fields: Any) -> Element:
    return Element(index=index, ref=str(index), tag="input", role="textbox", input_type="text", name=label,
                   label=label, input_name=input_name, form="form 0", **fields)  # fmt: skip


def _select(index: int, name: str, input_name: str, options: list[str], **fields: Any) -> Element:
    choices = [SelectOption(label=o, value=o) for o in options]
    return Element(index=index, ref=str(index), tag="select", role="combobox", name=name,
                   input_name=input_name, options=choices, form="form 0", **fields)  # fmt: skip


def _page() -> list[Element]:
    return [
        _input(1, "Full name", "fullName"),
        _input(2, "Day", "dob-day"), _input(3, "Month", "dob-month"), _input(4, "Year", "dob-year"),
        _select(5, "Month", "birthday_month", ["Month", "Jan", "Feb", "Mar"], label="Birthday"),
        _select(6, "Day", "birthday_day", ["Day", "1", "2"]),
        _select(7, "Year", "birthday_year", ["Year", "1990", "1991"]),
        _select(8, "Delivery day", "delivery_day", ["Monday", "Tuesday"]),
    ]  # fmt: skip


def test_parts_are_read_from_the_last_word_of_a_name() -> None:
    assert [date_part(e) for e in _page()] == [None, "day", "month", "year", "month", "day", "year", "day"]


def test_neighbouring_distinct_parts_group_and_a_lone_part_does_not() -> None:
    groups = part_groups(_page())
    assert [[e.index for e, _ in group] for group in groups] == [[2, 3, 4], [5, 6, 7]]


def test_each_group_takes_the_date_it_is_named_for_and_the_other_the_date_left() -> None:
    data = {"name": "Ann Lee", "birth_date": "4 May 1990", "birthday": "1991-03-02"}
    proposals, grouped = date_part_proposals(_page(), data)
    assert len(grouped) == 6
    by_ref = {p.element.ref: p.action for p in proposals if p.element is not None}
    assert by_ref["2"] == TypeText(target=by_ref["2"].target, field="birth_date", part="day")
    assert by_ref["5"] == Select(target=by_ref["5"].target, field="birthday", part="month")
    assert {a.field for ref, a in by_ref.items() if ref in "234"} == {"birth_date"}  # type: ignore[union-attr]
    assert {a.field for ref, a in by_ref.items() if ref in "567"} == {"birthday"}  # type: ignore[union-attr]


def test_a_part_that_already_holds_its_value_is_left_alone() -> None:
    page = _page()[:4]
    page[1] = page[1].model_copy(update={"value": "04"})
    proposals, _ = date_part_proposals(page, {"birth_date": "1990-05-04"})
    assert "2" not in {p.element.ref for p in proposals if p.element is not None}
    assert {p.element.ref for p in proposals if p.element is not None} == {"3", "4"}
