"""Values as references: a task's data values, goal literals and secrets in recorded text become
slots (`{data.po_number}`, `{goal.1}`, `{secrets.password}`), and a later task's values fill them.

Literal braces of recorded text are doubled, as in `str.format`, so page text stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import BaseModel, Field

# A value shorter than this is templated only where it is the whole text: "3" inside "Page 3" is
# the page's own number far more often than the task's quantity.
MIN_INNER_VALUE_CHARS = 4

_SLOT = re.compile(r"\{\{|\}\}|\{((?:data|goal|secrets)\.[^{}]+)\}")


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _replace_word(text: str, word: str, replacement: str) -> str:
    """`text` with each `word` not inside a longer word (regex `(?<!\\w)word(?!\\w)`) replaced;
    plain string search, since a pattern per value would be compiled anew for every task."""
    parts: list[str] = []
    start = 0
    found = text.find(word)
    while found != -1:
        end = found + len(word)
        if _is_word_char(text, found - 1) or _is_word_char(text, end):
            found = text.find(word, found + 1)
            continue
        parts += [text[start:found], replacement]
        start = end
        found = text.find(word, end)
    return "".join(parts) + text[start:] if parts else text


class Slots(BaseModel):
    """One task's values by slot name: `data.<key>`, `goal.<n>` (1-based), `secrets.<name>`."""

    values: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def of(cls, data: Mapping[str, str], literals: list[str], secret_names: list[str]) -> Slots:
        values = {f"data.{key}": value for key, value in data.items()}
        values |= {f"goal.{number}": literal for number, literal in enumerate(literals, start=1)}
        # Secrets are masked before any decider sees a page, so a recorded name holds `***`.
        values |= {f"secrets.{name}": "***" for name in secret_names}
        return cls(values=values)

    def template(self, text: str) -> str:
        """`text` with this task's values replaced by their slots (the longest value first)."""
        escaped = text.replace("{", "{{").replace("}", "}}")
        stripped = text.strip()
        for slot, value in sorted(self.values.items(), key=lambda item: len(item[1]), reverse=True):
            if not value.strip() or slot.startswith("secrets."):
                continue
            if value.strip() == stripped:
                return "{" + slot + "}"
        for slot, value in sorted(self.values.items(), key=lambda item: len(item[1]), reverse=True):
            if len(value) < MIN_INNER_VALUE_CHARS or slot.startswith("secrets."):
                continue
            escaped = _replace_word(escaped, value.replace("{", "{{").replace("}", "}}"), "{" + slot + "}")
        return escaped

    def render(self, template: str) -> str:
        """A recorded `template` filled with this task's values; a slot it has no value for stays."""

        def fill(match: re.Match[str]) -> str:
            token = match.group(0)
            if token in ("{{", "}}"):
                return token[0]
            return self.values.get(match.group(1), token)

        return _SLOT.sub(fill, template)

    def missing(self, template: str) -> list[str]:
        """Slots of `template` this task has no value for."""
        return [m.group(1) for m in _SLOT.finditer(template) if m.group(1) and m.group(1) not in self.values]
