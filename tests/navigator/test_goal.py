from __future__ import annotations

import pytest

from ghosttab.navigator.goal import proper_names, read_goal


@pytest.mark.parametrize(
    ("goal", "names"),
    [
        ("Open the Cargo Book and go to Getting Started", ["Cargo Book", "Getting Started"]),
        ("Log in, find PO-10023, then download its PDF", ["PO-10023", "PDF"]),
        ("Register Eden for the swimming class", ["Eden"]),
        ("Go to the settings page", []),
    ],
)
def test_capitalised_phrases_are_names_but_a_leading_verb_is_not(goal: str, names: list[str]) -> None:
    assert proper_names(goal) == names


def test_names_come_from_the_template_not_the_filled_in_values() -> None:
    template = "Open the page of {item} in the Shop"
    intent = read_goal("Open the page of Smart Mug in the Shop", template=template)
    assert intent.names == ("Shop",)
