"""A goal that names its values beside the fields' own words, unquoted: 'Search for action movies
directed by Bowen from year 1998' on a form of Genre, Year and Director fields. Each field takes the
word that follows the goal's form of its label ("directed by Bowen" -> Director, "year 1998" ->
Year); a last field whose label the goal does not use takes the one word of the goal nothing else
explains ("action" -> Genre).
"""

from __future__ import annotations

import re

from ghosttab.actions import TypeText
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.matching import content_words
from ghosttab.navigator.rule import Rule, RuleContext
from ghosttab.perception.models import Element

# A value the goal puts right after a field's word: about as sure as a value named by its field.
BESIDE_LABEL = 0.75
# The one word left over for the one field left over: a guess by elimination.
LEFT_OVER = 0.55
# Letters a goal's word and a label must share from their start to be one word ("directed", "Director").
STEM = 5
_TOKEN = re.compile(r"[\w'@.-]*\w")
# Small words between a field's word and its value ("directed by Bowen", "from year 1998").
_LINKS = frozenset(
    {"by", "from", "of", "in", "is", "as", "to", "the", "a", "an", "for", "with", "at", "on", "="}
)


# A label's word and the goal's words for the same field ("Released Date" for "year 1995").
_ALSO = {"date": frozenset({"year", "day"}), "dob": frozenset({"born", "birth"})}


def _same_word(word: str, label_word: str) -> bool:
    word, label_word = word.lower(), label_word.lower()
    if word == label_word or word in _ALSO.get(label_word, ()):
        return True
    return len(word) >= STEM and len(label_word) >= STEM and word[:STEM] == label_word[:STEM]


def _label(element: Element) -> str:
    return element.label or element.name or element.placeholder


def _beside(tokens: list[str], label: str, label_words: set[str]) -> tuple[int, int] | None:
    """(index of the goal's word for `label`, index of the value after it). The label's last word
    (its head: "Genre" of "Movie Genre") is tried first; a value that is another field's word
    ("movies directed") is none."""
    for word in reversed(content_words(label)):
        for i, token in enumerate(tokens):
            if not _same_word(token, word):
                continue
            j = i + 1
            while j < len(tokens) and tokens[j].lower() in _LINKS:
                j += 1
            if j < len(tokens) and not any(_same_word(tokens[j], w) for w in label_words):
                return i, j
    return None


def beyond_goal(text: str, goal: str) -> list[str]:
    """The page's words without the goal's own words where the page shows the goal."""
    tokens, wanted = _TOKEN.findall(text), [t.lower() for t in _TOKEN.findall(goal)]
    lowered = [t.lower() for t in tokens]
    for start in range(len(tokens) - len(wanted) + 1):
        if wanted and lowered[start : start + len(wanted)] == wanted:
            return tokens[:start] + tokens[start + len(wanted) :]
    return tokens


_SHOWN = re.compile(
    r"\b(?:the\s+)?(?:text|word|words|code|characters?)\s+(?:below|above|shown|displayed)\b", re.I
)
# The text a goal points at ("the text below") is short: a longer remainder is the page's own copy.
SHOWN_MAX_WORDS = 4
SHOWN_TEXT = 0.8


class TypeShownText(Rule):
    """'Type the text below into the text field': the one short text the page shows beyond the goal,
    typed into the one empty text field."""

    name = "type_shown_text"

    def propose(self, context: RuleContext) -> Proposal | None:
        intent = context.intent
        if intent.typed or intent.quoted or not _SHOWN.search(intent.text):
            return None
        fields = [e for e in context.elements if e.is_text_input and not e.disabled]
        if len(fields) != 1 or fields[0].value.strip():
            return None
        names = {w.lower() for e in context.elements for w in _TOKEN.findall(e.name)}
        shown = beyond_goal(context.observation.text, intent.text)
        shown = [t for t in shown if t.lower() not in names] or shown
        # Characters drawn one to a box ("6", "g", "H", "F") are one text.
        text = "".join(shown) if all(len(t) == 1 for t in shown) else " ".join(shown)
        if not shown or len(text.split()) > SHOWN_MAX_WORDS:
            return None
        why = f"the page shows {text!r} where the goal points"
        return Proposal(TypeText(target=fields[0].as_target(), text=text), SHOWN_TEXT, why, fields[0])


class ValueBesideLabel(Rule):
    """Type into an empty field the goal's word that follows the field's own word, or the goal's one
    unexplained word into the one field the goal does not name."""

    name = "value_beside_label"

    def propose(self, context: RuleContext) -> Proposal | None:
        intent = context.intent
        if intent.typed or intent.quoted or context.memory.spec.data:
            return None
        fields = [e for e in context.elements if e.is_text_input and _label(e) and not e.disabled]
        if len(fields) < 2:
            return None
        tokens = _TOKEN.findall(intent.text)
        used: set[int] = {0}  # the goal's first word is its verb
        values: dict[int, str] = {}
        label_words = {w for field in fields for w in content_words(_label(field))}
        for index, field in enumerate(fields):
            found = _beside(tokens, _label(field), label_words)
            if found is not None:
                used.update(found)
                values[index] = tokens[found[1]]
        unnamed = [i for i in range(len(fields)) if i not in values]
        # What the page calls itself and its controls: words the goal shares with it explain nothing.
        observation = context.observation
        names = [observation.title, *observation.headings, *(e.name or e.label for e in context.elements)]
        page_words = set(content_words(" ".join([*names, *beyond_goal(observation.text, intent.text)])))
        left = [
            t for i, t in enumerate(tokens)
            if i not in used and t.lower() not in _LINKS and content_words(t)
            and not any(_same_word(w, p) for w in content_words(t) for p in page_words)
        ]  # fmt: skip
        if len(unnamed) == 1 and len(left) == 1 and values:
            values[unnamed[0]] = left[0]
        for index, field in enumerate(fields):
            value = values.get(index)
            if value is None or field.value.strip():
                continue
            score = LEFT_OVER if index in unnamed else BESIDE_LABEL
            why = f"the goal gives {value!r} beside the field's word {_label(field)!r}"
            return Proposal(TypeText(target=field.as_target(), text=value), score, why, field)
        return None
