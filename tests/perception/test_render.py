"""The compact text: repeated items as one pattern, name-only runs on one line, every index resolvable."""

from __future__ import annotations

import re

from playwright.async_api import Page

from ghosttab.perception import Element, Observation, observe, render_compact
from ghosttab.perception.budget import fit_to_budget
from ghosttab.perception.render import estimate_tokens

_PATTERN = re.compile(r"^list of (\d+), each: (.+)$")
_ITEM = re.compile(r"^ ((?:\[\d+\])+)(?: (.*))?$")
_RUN = re.compile(r"^(\w+)s: (\[\d+\] .+)$")
_ONE = re.compile(r"^\[(\d+)\] (\S+)")


def resolve(text: str) -> dict[int, tuple[str, str]]:
    """What a reader of `text` learns about each index: (role and name, the item's own text)."""
    found: dict[int, tuple[str, str]] = {}
    pattern: list[str] = []
    for line in text.splitlines():
        if m := _PATTERN.match(line):
            pattern = re.findall(r'(\w+ "[^"]*")', m.group(2))
        elif (m := _ITEM.match(line)) and pattern:
            indices = [int(i) for i in re.findall(r"\d+", m.group(1))]
            assert len(indices) == len(pattern), line
            for index, said in zip(indices, pattern, strict=True):
                assert index not in found, index
                found[index] = (said, m.group(2) or "")
        elif m := _RUN.match(line):
            pattern = []
            for index, name in re.findall(r"\[(\d+)\] (.+?)(?= \[\d+\] |$)", m.group(2)):
                assert int(index) not in found, index
                found[int(index)] = (f'{m.group(1)} "{name.strip(chr(34))}"', "")
        elif m := _ONE.match(line):
            pattern = []
            assert int(m.group(1)) not in found, line
            found[int(m.group(1))] = (line.split(" ", 1)[1], "")
    return found


def assert_every_index_resolves(obs: Observation, text: str) -> dict[int, tuple[str, str]]:
    found = resolve(text)
    listed = [e for e in obs.elements if e.listed]
    assert sorted(found) == [e.index for e in listed]
    for element in listed:
        said, own = found[element.index]
        role = element.role or element.tag
        assert said.startswith(role), (said, element)
        if element.name:
            assert f'"{element.name}"' in said, (said, element)
        assert own in element.context  # an item's own text comes from its context
    return found


async def test_a_grid_of_cards_renders_one_pattern_and_one_line_a_card(page: Page, demo_url: str) -> None:
    await page.goto(f"{demo_url}/lab/grid?n=800")
    obs = await observe(page)
    text = render_compact(obs)
    patterns = [line for line in text.splitlines() if line.startswith("list of ")]
    assert patterns == [f'list of {_count(text)}, each: button "Add to cart", link "Details"']
    items = [line for line in text.splitlines() if _ITEM.match(line)]
    cards = [e for e in obs.elements if e.listed and e.name == "Add to cart"]
    assert len(items) == len(cards) >= 20
    assert "Add to cart" not in "".join(items) and "Details" not in "".join(items)
    found = assert_every_index_resolves(obs, text)
    first = cards[0]
    assert found[first.index][0] == 'button "Add to cart"'
    assert found[first.index][1] and first.context.startswith(found[first.index][1])
    # Every card in view is listed; the ones far below are counted, not listed.
    assert all(e.listed for e in obs.elements if e.in_viewport)
    assert "more elements below" in text


def _count(text: str) -> int:
    return sum(1 for line in text.splitlines() if _ITEM.match(line))


async def test_the_twenty_thousand_row_table_renders_rows_as_a_pattern_within_budget(
    page: Page, demo_url: str
) -> None:
    await page.goto(f"{demo_url}/lab/table?rows=20000")
    for budget in (2000, 300, 100):
        obs = await observe(page, token_budget=budget)
        text = render_compact(obs)
        assert estimate_tokens(text) <= budget and obs.tokens <= budget
        assert_every_index_resolves(obs, text)
    obs = await observe(page)
    text = render_compact(obs)
    assert 'each: link "Edit"' in text
    assert re.search(r"^ \[\d+\] 1 Ava Adams ava\.1@example\.com", text, re.MULTILINE)


def _card(index: int, name: str, context: str, **fields: object) -> Element:
    return Element.model_validate({"index": index, "ref": str(index), "tag": "button", "role": "button",
                                   "name": name, "context": context, **fields})


def test_items_with_the_same_elements_share_a_pattern_and_keep_their_indices() -> None:
    elements = [_card(1, "Home", "", tag="a", role="link"), _card(2, "About", "", tag="a", role="link")]
    for n in range(3):
        context = f"Lamp {n} ${n}.00 Add to cart Details"
        elements += [_card(3 + 2 * n, "Add to cart", context),
                     _card(4 + 2 * n, "Details", context, tag="a", role="link")]
    elements.append(_card(9, "Checkout", ""))
    obs = Observation(url="http://example.test/", elements=elements)
    text = render_compact(obs)
    assert text.splitlines()[1:] == [
        "links: [1] Home [2] About",
        'list of 3, each: button "Add to cart", link "Details"',
        " [3][4] Lamp 0 $0.00",
        " [5][6] Lamp 1 $1.00",
        " [7][8] Lamp 2 $2.00",
        '[9] button "Checkout"',
    ]
    assert_every_index_resolves(obs, text)


def test_items_that_differ_are_not_a_pattern() -> None:
    elements = [_card(i, "Add to cart", f"Lamp {i}", checked=i == 2, role="checkbox") for i in (1, 2, 3)]
    text = render_compact(Observation(url="http://example.test/", elements=elements))
    assert "list of" not in text  # one item is checked: each keeps its own line
    assert_every_index_resolves(Observation(url="http://example.test/", elements=elements), text)


def test_two_items_are_not_yet_a_pattern() -> None:
    elements = [_card(i, "Buy", f"Lamp {i}") for i in (1, 2)]
    text = render_compact(Observation(url="http://example.test/", elements=elements))
    assert text.splitlines()[1:] == ['[1] button "Buy" ctx="Lamp 1"', '[2] button "Buy" ctx="Lamp 2"']


def test_offscreen_items_of_a_pattern_are_marked() -> None:
    elements = [_card(i, "Buy", f"Lamp {i}", in_viewport=i <= 2) for i in range(1, 5)]
    obs = Observation(url="http://example.test/", elements=elements)
    assert render_compact(obs).splitlines()[1:] == [
        'list of 4, each: button "Buy"', " [1] Lamp 1", " [2] Lamp 2", "-- offscreen --", " [3] Lamp 3",
        " [4] Lamp 4",
    ]


def test_budget_shrinks_the_pattern_form_and_never_exceeds() -> None:
    elements = [_card(i, "Buy", f"Lamp number {i} with a longer description", in_viewport=i <= 30)
                for i in range(1, 121)]
    obs = Observation(url="http://example.test/", elements=elements, viewport_height=800)
    offsets = {str(i): 0.0 if i <= 30 else (i - 30) * 1.0 for i in range(1, 121)}
    for budget in (100, 200, 400, 1000):
        fitted = fit_to_budget(obs, token_budget=budget, offsets=offsets, above=0, below=0)
        text = render_compact(fitted)
        assert estimate_tokens(text) <= budget
        assert_every_index_resolves(fitted, text)
