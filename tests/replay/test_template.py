"""Values become slots only as whole words, the rule the regex `(?<!\\w)value(?!\\w)` states."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ghosttab.replay.template import Slots, _replace_word

TEXT = st.text(alphabet="ab _-.é1{}", max_size=16)


@given(text=TEXT, word=st.text(alphabet="ab _-.é1{}", min_size=1, max_size=4))
def test_whole_word_replacement_matches_the_regex(text: str, word: str) -> None:
    expected = re.sub(rf"(?<![\w]){re.escape(word)}(?![\w])", "{X}", text)
    assert _replace_word(text, word, "{X}") == expected


def test_a_value_inside_a_longer_word_stays() -> None:
    slots = Slots.of({"po": "PO-1002"}, [], [])
    assert slots.template("Order PO-1002 and PO-10023") == "Order {data.po} and PO-10023"
