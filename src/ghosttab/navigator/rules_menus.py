"""A command the goal names that the page keeps in a menu of actions.

Admin screens and apps show one primary button ("Save draft") and fold the other commands
("Publish", "Unpublish", "Delete", "Move") into a menu behind a toggle named "More actions",
"Actions", "Options" or a bare "⋯". When the goal asks for such a command and no element on the page
names it, the menu is opened (each toggle once a visit); once it is open, the command it shows is
pressed.
"""

from __future__ import annotations

import re

from ghosttab.actions import Click
from ghosttab.navigator.base import PastStep, Proposal
from ghosttab.navigator.clicks import is_clickable
from ghosttab.navigator.goal import Intent
from ghosttab.navigator.matching import content_words, normalize, value_similarity
from ghosttab.navigator.rule import Rule, RuleContext
from ghosttab.navigator.steps import is_search_box
from ghosttab.perception.models import Element

# Commands apps keep in an actions menu rather than on a button of their own.
MENU_COMMANDS = frozenset(
    {"publish", "unpublish", "delete", "remove", "move", "copy", "duplicate", "archive", "unarchive",
     "restore", "download", "export", "rename", "lock", "unlock", "schedule", "approve", "reject",
     "revert", "share", "print", "hold", "unhold", "edit", "merge", "reopen", "withdraw"}
)  # fmt: skip
# Words a menu toggle's name is made of when it names no command of its own.
# A command done through another one: a record is renamed on its edit form.
_DONE_THROUGH: dict[str, frozenset[str]] = {"rename": frozenset({"edit"}), "retitle": frozenset({"edit"})}
_TOGGLE_WORDS = frozenset(
    {"more", "action", "actions", "option", "options", "menu", "tool", "tools", "other"}
)
_NEGATED = re.compile(r"\b(?:don'?t|do not|never|without|not)\s+(?:\w+\s+){0,2}?(\w+)", re.I)
# Opening the menu is a guess at where the command is: below a field to fill, above a plain submit.
OPEN_MENU = 0.6
# The menu just opened shows the command the goal names: pressing it is what the goal asks.
PRESS_COMMAND = 0.85


def wanted_commands(intent: Intent) -> frozenset[str]:
    """The menu commands the goal asks for ('publish the change'), not those it forbids ("don't publish")."""
    forbidden = {match.group(1).lower() for match in _NEGATED.finditer(intent.text)}
    words = set(content_words(intent.text))
    asked = {word for word in MENU_COMMANDS.union(_DONE_THROUGH).intersection(words) if word not in forbidden}
    return frozenset(asked.union(*(_DONE_THROUGH.get(word, frozenset()) for word in asked)))


def names_command(element: Element, commands: frozenset[str]) -> bool:
    return bool(commands.intersection(normalize(element.name or element.label).split()))


def is_menu_toggle(element: Element) -> bool:
    """A collapsed button whose name says only that it holds more actions ('More actions', '⋯')."""
    if element.expanded is not False or not is_clickable(element) or (element.tag == "a" and element.href):
        return False
    words = normalize(element.name or element.label).split()
    return not words or set(words) <= _TOGGLE_WORDS


def _toggle_rank(element: Element) -> int:
    """'More actions' before 'Actions' before a bare glyph or 'Menu'."""
    words = set(normalize(element.name or element.label).split())
    actions = words & {"action", "actions"}
    if actions and "more" in words:
        return 0
    return 1 if actions else 2


def _about_subject(toggle: Element, values: list[str]) -> bool:
    """A row's or card's own menu acts on that row: only the row of one of the task's values."""
    if not toggle.context:
        return True
    row = normalize(toggle.context)
    return any(normalize(value) in row for value in values)


def _pressed(context: RuleContext) -> frozenset[str]:
    """Commands the task pressed already: the page they led to is where the command goes on."""
    words: set[str] = set()
    for step in context.memory.history:
        target = step.action.element if step.ok and step.action.kind == "click" else None
        if target is not None:
            words.update(normalize(target.locator.name or target.locator.label).split())
    return frozenset(MENU_COMMANDS.intersection(words))


def _search_pending(context: RuleContext) -> bool:
    """The visit's last step typed into a search box: sending the search comes first."""
    last = context.visit[-1] if context.visit else None
    if last is None or not last.ok or last.action.kind != "type":
        return False
    box = next((e for e in context.elements if e.key == last.element_key), None)
    return box is not None and is_search_box(box)


def _word_count(element: Element) -> int:
    return len(normalize(element.name or element.label).split())


class ActionMenu(Rule):
    """'Publish the change' on a page whose only button is 'Save draft': open its 'More actions' menu,
    then press 'Publish' in it."""

    name = "action_menu"

    def propose(self, context: RuleContext) -> Proposal | None:
        commands = wanted_commands(context.intent) - _pressed(context)
        if not commands:
            return None
        shown = [e for e in context.elements if is_clickable(e) and names_command(e, commands)]
        if shown:
            return self._press_in_opened_menu(context, shown)
        if _search_pending(context):
            return None
        values = [v for v in context.memory.spec.data.values() if len(v) >= 3]
        toggles = [
            e for e in context.elements
            if is_menu_toggle(e) and not context.done_here(e) and _about_subject(e, values)
        ]  # fmt: skip
        if not toggles:
            return None
        toggle = min(toggles, key=_toggle_rank)
        asked = "/".join(sorted(commands))
        why = f"the goal asks to {asked}; no button says so: open {toggle.display_name!r}"
        return Proposal(Click(target=toggle.as_target()), OPEN_MENU, why, toggle)

    @staticmethod
    def _press_in_opened_menu(context: RuleContext, shown: list[Element]) -> Proposal | None:
        """Only right after this visit opened a menu: the command it shows is the one meant."""
        last = context.visit[-1] if context.visit else None
        if last is None or not last.ok or last.action.kind != "click":
            return None
        opened = next((e for e in context.elements if e.key == last.element_key), None)
        if opened is None or opened.expanded is not True:
            return None
        element = min(shown, key=_word_count)
        if context.done_here(element):
            return None
        why = f"the menu {opened.display_name!r} shows {element.display_name!r}, which the goal asks for"
        return Proposal(Click(target=element.as_target()), PRESS_COMMAND, why, element)



# A closed dropdown drawn by hand shows its arrow, or says it is collapsed.
_ARROWS = frozenset({"▾", "▼", "⌄", "⏷", "▿", "🔽", "˅"})
# Opening the list that likely holds the choice the goal names: a guess, above waiting.
OPEN_LIST = 0.6
# A shown entry this close to the goal's choice is that choice.
CHOICE_SHOWN = 0.9


class OpenList(Rule):
    """'Choose 5ft 9in from the dropdown' where no element shows that choice: open the page's closed
    list (a hand-drawn dropdown's arrow, a collapsed combobox), each once a visit."""

    name = "open_list"

    def propose(self, context: RuleContext) -> Proposal | None:
        choices = context.intent.choices
        if not choices:
            return None
        for element in context.elements:
            if any(value_similarity(c, element.name) >= CHOICE_SHOWN for c in choices):
                return None
            if element.tag == "select" and element.options:
                return None  # a native list: chosen by the form rules
        for element in context.elements:
            collapsed = element.expanded is False and element.role == "combobox"
            closed = element.name.strip() in _ARROWS or collapsed
            if closed and is_clickable(element) and not context.done_here(element):
                why = f"open the list {element.name!r} that may hold {choices[0]!r}"
                return Proposal(Click(target=element.as_target()), OPEN_LIST, why, element)
        return None


# What a record is once the goal's verb is done to it: the entry a state menu lists ("accepted").
STATE_FORMS: dict[str, tuple[str, ...]] = {
    "accept": ("accepted", "accept"), "reject": ("rejected", "not accepted", "declined", "reject"),
    "decline": ("declined", "rejected", "not accepted"), "approve": ("approved", "approve"),
    "confirm": ("confirmed",), "cancel": ("canceled", "cancelled"), "close": ("closed",),
    "reopen": ("reopened", "open"), "archive": ("archived",), "publish": ("published",),
}  # fmt: skip
# A state menu's toggle shows the record's state now: one word in the past participle, or a known state.
_STATE_NAME = re.compile(r"^(?:[a-z]+ed|open|new|draft|pending|in review|not accepted)$")
# Opening the state menu is as sure as opening an actions menu; its entry, as pressing a command in one.
OPEN_STATES = OPEN_MENU
PRESS_STATE = PRESS_COMMAND
# After the change a page may ask once more: its button that does it ("Do it", "Yes", "Confirm").
_DO_IT = re.compile(r"^\s*(do it|yes\b|confirm|change state|ok\b|continue|proceed)", re.I)
CONFIRM_STATE = 0.85


class StateChange(Rule):
    """'Accept the talk "X"' on the record's page: open the menu that shows its state ("submitted"),
    press the state the verb leads to ("accepted"), then the page's "Do it" when it asks again."""

    name = "state_change"

    def propose(self, context: RuleContext) -> Proposal | None:
        forms = [form for word in context.intent.words for form in STATE_FORMS.get(word, ())]
        if not forms:
            return None
        clickable = [e for e in context.elements if is_clickable(e) and not context.done_here(e)]
        history = context.memory.history
        chosen = [i for i, step in enumerate(history) if step.ok and _names_state(step, forms)]
        if chosen:
            # Changed once: only the page's own confirmation right after it, never the menu again.
            doing = next((e for e in clickable if _DO_IT.match(e.name or e.label)), None)
            if doing is None or chosen[-1] != len(history) - 1:
                return None
            why = f"the page asks again: {doing.display_name!r} makes the change"
            return Proposal(Click(target=doing.as_target()), CONFIRM_STATE, why, doing)
        entry = next((e for e in clickable if normalize(e.name or e.label) in forms), None)
        if entry is not None:
            why = f"{entry.display_name!r} is what the goal's verb makes of the record"
            return Proposal(Click(target=entry.as_target()), PRESS_STATE, why, entry)
        toggles = (e for e in clickable if e.expanded is False and _STATE_NAME.match(normalize(e.name)))
        toggle = next(toggles, None)
        if toggle is None:
            return None
        why = f"{toggle.display_name!r} is the record's state: open it to change it"
        return Proposal(Click(target=toggle.as_target()), OPEN_STATES, why, toggle)


def _names_state(step: PastStep, forms: list[str]) -> bool:
    target = step.action.element
    return target is not None and normalize(target.locator.name) in forms
