"""Rules that take a value from the page itself and type it: text copied from one field into another,
a value read out of a table ('Enter the value of Last name', a form whose labels a table answers),
and clicking a kind of widget the goal names ('Click on a "textarea" widget')."""

from __future__ import annotations

import re

from ghosttab.actions import Click, TypeText
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.fields import is_fillable
from ghosttab.navigator.matching import content_words, normalize
from ghosttab.navigator.rule import Rule, RuleContext
from ghosttab.perception.models import Element, Observation

# Text the goal says to copy from one field into another: the value is on the page, the fields named.
COPIED = 0.85
# A value read from a table row named by the goal or by the field's own label.
FROM_TABLE = 0.85
# The one element of the kind the goal names ("textarea", "checkbox").
WIDGET_KIND = 0.85
_AREA_WORDS = frozenset({"textarea", "area"})
_VALUE_OF = re.compile(r"\bvalue (?:of|for) (?:the )?(.+?)\s+(?:into|in|to)\b", re.I)
_WIDGET_KINDS: dict[str, tuple[str, ...]] = {
    "textarea": ("textarea",), "text area": ("textarea",), "checkbox": ("checkbox",), "radio": ("radio",),
    "button": ("button",), "text": ("text",), "textbox": ("text",), "input": ("text",),
}  # fmt: skip


def _kind(element: Element) -> str:
    if element.tag == "textarea":
        return "textarea"
    if element.tag == "button" or (element.tag == "input" and element.input_type in ("button", "submit")):
        return "button"
    if element.tag == "input":
        return element.input_type or "text"
    return element.tag


class CopyPaste(Rule):
    """'Copy the text from the 3rd text area and paste it into the text input': type the source
    field's text into the target field."""

    name = "copy_paste"

    def propose(self, context: RuleContext) -> Proposal | None:
        clauses = context.intent.verbs
        copy = next((c for c in clauses if c.verb == "copy"), None)
        if copy is None:
            return None
        fields = [e for e in context.elements if is_fillable(e)]
        from_areas = bool(_AREA_WORDS.intersection(content_words(copy.object))) or "text area" in copy.object
        sources = [e for e in fields if e.tag == "textarea"] if from_areas else [e for e in fields if e.value]
        n = context.intent.ordinal
        if not sources or (n is not None and n > len(sources)):
            return None
        source = sources[-1] if n == -1 else sources[(n or 1) - 1]
        targets = [e for e in fields if e not in sources and not e.value.strip()]
        if not source.value.strip() or not targets or context.done_here(targets[0]):
            return None
        target = targets[0]
        why = f"copy the text of {source.display_name or 'the source field'!r} into {target.display_name!r}"
        return Proposal(TypeText(target=target.as_target(), text=source.value), COPIED, why, target)


_NTH_WORD = re.compile(
    r"\bthe\s+(?:\w+\s+)?word\s+(?:in|of|from)\s+the\s+([\w ]+?)(?=[,.;]|\s+and\b|$)", re.I
)
_WORD = re.compile(r"[\w'’-]+")


class NthWord(Rule):
    """'Find the last word in the text area, enter it into the text field': the counted word of the
    text area's text, or of the page's text besides the goal ('the paragraph'), into an empty field."""

    name = "nth_word"

    def propose(self, context: RuleContext) -> Proposal | None:
        intent = context.intent
        found = _NTH_WORD.search(intent.text)
        if found is None or intent.ordinal is None:
            return None
        fields = [e for e in context.elements if is_fillable(e)]
        areas = [e for e in fields if e.tag == "textarea"]
        source = found.group(1)
        if _AREA_WORDS.intersection(content_words(source)) and areas:
            text = areas[0].value
        else:
            text = context.observation.text.replace(intent.text, " ")
        words = _WORD.findall(text)
        n = intent.ordinal
        if not words or n > len(words):
            return None
        word = words[-1] if n == -1 else words[n - 1]
        targets = [e for e in fields if e.tag != "textarea" and not context.done_here(e)]
        if not targets or normalize(targets[0].value) == normalize(word):
            return None
        why = f"word {n} of the {source}: {word!r}"
        return Proposal(TypeText(target=targets[0].as_target(), text=word), COPIED, why, targets[0])


def table_value(observation: Observation, key: str) -> str | None:
    """The value a table pairs with `key`: the cell after it in its row, or the cell under it in its
    column."""
    wanted = normalize(key.rstrip(":"))
    if not wanted:
        return None
    for table in observation.tables:
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                if normalize(cell.rstrip(":")) != wanted:
                    continue
                if c + 1 < len(row) and row[c + 1].strip():
                    return row[c + 1].strip()
                if r + 1 < len(table) and c < len(table[r + 1]):
                    return table[r + 1][c].strip()
    return None


class TableValue(Rule):
    """A value read out of a table: the one the goal names ('the value of Last name'), or, when the
    goal asks for values without giving any, each empty field's by its label."""

    name = "table_value"

    def propose(self, context: RuleContext) -> Proposal | None:
        observation, intent = context.observation, context.intent
        if not observation.tables or intent.typed or context.memory.spec.data or "value" not in intent.text:
            return None
        fields = [e for e in context.elements if is_fillable(e) and not context.done_here(e)]
        named = _VALUE_OF.search(intent.text)
        for field in fields:
            key = named.group(1) if named else (field.label or field.name)
            value = table_value(observation, key)
            if value and normalize(field.value) != normalize(value):
                why = f"the table gives {key!r} as {value!r} -> {field.display_name or 'the field'!r}"
                return Proposal(TypeText(target=field.as_target(), text=value), FROM_TABLE, why, field)
        return None


class WidgetKind(Rule):
    """'Click on a "textarea" widget': the goal names a kind of control, not its label."""

    name = "widget_kind"

    def propose(self, context: RuleContext) -> Proposal | None:
        if not any(c.verb in ("click", "select") for c in context.intent.verbs):
            return None
        for quoted in context.intent.quoted:
            kinds = _WIDGET_KINDS.get(normalize(quoted))
            if not kinds:
                continue
            if any(normalize(e.name) == normalize(quoted) for e in context.elements):
                return None  # an element is named so: the quoted word is a label, not a kind
            found = [e for e in context.elements if _kind(e) in kinds and not e.disabled]
            if found and not context.done_here(found[0]):
                why = f"the goal asks for a {quoted!r}: {found[0].display_name or _kind(found[0])!r}"
                return Proposal(Click(target=found[0].as_target()), WIDGET_KIND, why, found[0])
        return None
