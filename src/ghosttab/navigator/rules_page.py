"""Rules for what the goal asks of the page itself: focusing a field, expanding folded sections, and
the order of the goal's clauses (a button the goal names last is not pressed before anything else)."""

from __future__ import annotations

import re
from typing import Literal

from ghosttab.actions import Click, Scroll
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.clicks import is_clickable
from ghosttab.navigator.fields import is_fillable
from ghosttab.navigator.goal import Intent, goal_overlap
from ghosttab.navigator.matching import content_words, value_similarity
from ghosttab.navigator.rule import Rule, RuleContext
from ghosttab.perception.models import Element

# The goal says which field to focus: clicking it is what it asks.
FOCUS_NAMED = 0.9
# A folded section when the goal asks to expand one: the next step, though which one is a guess.
EXPAND = 0.75
# A name this close to a value the goal quotes is the element the goal means.
NAMED_BY_GOAL = 0.9
_FOCUS_VERBS = frozenset({"focus"})
_EXPAND_VERBS = frozenset({"expand", "unfold", "uncollapse"})
_OPEN_VERBS = frozenset({"open", "show", "reveal"})
_FOLDED_THINGS = frozenset(
    {
        "section",
        "sections",
        "panel",
        "panels",
        "menu",
        "accordion",
        "collapsible",
        "tree",
        "folder",
        "folders",
    }
)
# What a control that unfolds something without saying it is folded is drawn as, or named.
_EXPANDER_GLYPHS = frozenset({"+", "⊕", "☰", "≡", "▸", "▶"})
_EXPANDER_WORDS = frozenset({"expand", "spreader", "unfold"})
PRESS_VERBS = frozenset({"click", "press", "hit", "tap", "submit", "push"})
# Clause verbs that prepare what a later press sends.
_PREPARING_VERBS = frozenset(
    {"enter", "type", "fill", "input", "write", "put", "select", "choose", "pick", "check", "tick", "expand",
     "copy", "paste", "use", "set", "mark", "focus"}
)  # fmt: skip


class FocusField(Rule):
    """'Focus into the 3rd input textbox': click that text field, once."""

    name = "focus_field"

    def propose(self, context: RuleContext) -> Proposal | None:
        intent = context.intent
        if not any(clause.verb in _FOCUS_VERBS for clause in intent.verbs):
            return None
        fields = [e for e in context.elements if is_fillable(e)]
        if not fields:
            return None
        n = intent.ordinal
        if n is not None and n > len(fields):
            return None
        field = fields[-1] if n == -1 else fields[(n or 1) - 1]
        if context.done_here(field):
            return None
        why = f"the goal asks to focus {field.display_name or 'the field'!r}"
        return Proposal(Click(target=field.as_target()), FOCUS_NAMED, why, field)


def asks_to_expand(intent: Intent) -> bool:
    for clause in intent.verbs:
        if clause.verb in _EXPAND_VERBS:
            return True
        if clause.verb in _OPEN_VERBS and _FOLDED_THINGS.intersection(content_words(clause.object)):
            return True
    return False


class Expand(Rule):
    """'Expand the section below': open a folded section (an accordion header, a disclosure), each once."""

    name = "expand"

    def propose(self, context: RuleContext) -> Proposal | None:
        if not asks_to_expand(context.intent):
            return None
        for element in context.elements:
            if element.expanded is False and is_clickable(element) and not context.done_here(element):
                why = f"the goal asks to expand: open {element.display_name!r}"
                return Proposal(Click(target=element.as_target()), EXPAND, why, element)
        if any(context.done_here(e) for e in context.elements if is_expander(e)):
            return None
        # Nothing says it is folded (no aria-expanded): a "+" or an "expand" control is how it opens.
        for element in context.elements:
            if is_expander(element) and is_clickable(element):
                why = f"the goal asks to expand: {element.display_name!r} opens it"
                return Proposal(Click(target=element.as_target()), EXPAND, why, element)
        return None


def is_expander(element: Element) -> bool:
    """A control drawn as a "+" (or "☰") or named for spreading something out."""
    name = (element.name or element.label).strip().lower()
    return name in _EXPANDER_GLYPHS or bool(_EXPANDER_WORDS.intersection(name.split()))


# The dialog's close button, when the goal quotes the glyph that marks it.
_CLOSE_GLYPHS = frozenset({"x", "×", "✕", "✖"})
_CLOSE_NAMES = frozenset({"close", "x", "×", "✕", "✖", "dismiss"})


class CloseGlyph(Rule):
    """'Click the button in the dialog box labeled "x"': "x" is how a close button looks."""

    name = "close_glyph"

    def propose(self, context: RuleContext) -> Proposal | None:
        if not _CLOSE_GLYPHS.intersection(q.strip().lower() for q in context.intent.quoted):
            return None
        for element in context.elements:
            if element.in_dialog and is_clickable(element) and element.name.strip().lower() in _CLOSE_NAMES:
                why = f"the goal's \"x\" is the dialog's close button {element.name!r}"
                return Proposal(Click(target=element.as_target()), FOCUS_NAMED, why, element)
        return None


def press_targets(intent: Intent) -> list[str]:
    """What the goal's press clauses name: 'press login', 'click the button labeled "Yes"'."""
    first = first_press(intent)
    if first is None:
        return []
    later = " ".join(clause.object for clause in intent.verbs[first:])
    named = [value for value in intent.quoted if value in later]
    return [*named, *intent.presses]


def first_press(intent: Intent) -> int | None:
    return next((i for i, clause in enumerate(intent.verbs) if clause.verb in PRESS_VERBS), None)


def premature(proposal: Proposal, context: RuleContext) -> bool:
    """A click on what a later clause of the goal names, while the clauses before it ('Enter the
    username "karrie" …', 'Expand the section …') have not had a step yet."""
    element = proposal.element
    intent = context.intent
    if not isinstance(proposal.action, Click) or element is None:
        return False
    first = first_press(intent)
    if not first or not any(clause.verb in _PREPARING_VERBS for clause in intent.verbs[:first]):
        return False
    if any(step.ok and step.action.kind not in ("wait", "scroll") for step in context.memory.history):
        return False
    name = element.name or element.label
    return any(value_similarity(target, name) >= NAMED_BY_GOAL for target in press_targets(intent))


# A tab named by the goal's words when nothing else leads on: what it hides may be the answer.
GOAL_TAB = 0.45
# The share of a tab's words the goal must use for the tab to be the one meant.
TAB_OVERLAP = 0.5
_TAB_WORDS = frozenset({"tab", "tabs"})


class GoalTab(Rule):
    """'How much does express delivery cost' on a help page whose 'Delivery' tab is not shown: open
    the unselected tab the goal's words (or the task's values) name, each once a visit."""

    name = "goal_tab"

    def propose(self, context: RuleContext) -> Proposal | None:
        value_words = {word for value in context.memory.spec.data.values() for word in content_words(value)}
        # "Switch between the tabs to find …": the goal names tabs as such, so every tab is one it means.
        any_tab = bool(_TAB_WORDS.intersection(content_words(context.intent.text)))
        for element in context.elements:
            if element.role != "tab" or element.checked is True or context.looked_into(element):
                continue
            name = element.name or element.label
            tab_words = set(content_words(name))
            named = any_tab or (bool(tab_words) and (
                goal_overlap(name, context.intent) >= TAB_OVERLAP or tab_words <= value_words
            ))
            if named:
                why = f"the goal's words name the tab {name!r}: open it"
                return Proposal(Click(target=element.as_target()), GOAL_TAB, why, element)
        return None


_SCROLL_TO = re.compile(r"\bscroll\b.{0,60}?\bto\s+the\s+(top|bottom|end|start)\b", re.I)
# Far enough to reach either end of any box.
TO_THE_END_PAGES = 100.0
# Scrolling where the goal says to: what it asks, before its button.
SCROLL_AS_TOLD = 0.85


class ScrollAsTold(Rule):
    """'Scroll the textarea to the top of the text, then hit submit': scroll there once a visit."""

    name = "scroll_as_told"

    def propose(self, context: RuleContext) -> Proposal | None:
        told = _SCROLL_TO.search(context.intent.text)
        if told is None or any(step.action.kind == "scroll" for step in context.visit):
            return None
        direction: Literal["up", "down"] = "up" if told.group(1).lower() in ("top", "start") else "down"
        why = f"the goal says to scroll to the {told.group(1).lower()}"
        return Proposal(Scroll(direction=direction, pages=TO_THE_END_PAGES), SCROLL_AS_TOLD, why)
