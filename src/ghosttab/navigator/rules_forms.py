"""Rules for forms and dialogs: sign-in, filling fields, suggestions, opening folded fields, sending
the form, and the dialogs and review pages that confirm what was sent."""

from __future__ import annotations

import re

from ghosttab.actions import Click, Press, TypeText
from ghosttab.navigator.base import PastStep, Proposal
from ghosttab.navigator.choices import suggestion_click
from ghosttab.navigator.clicks import dismiss_proposal, is_clickable, submit_proposal
from ghosttab.navigator.dates import date_part_proposals
from ghosttab.navigator.forms import data_proposals, identity_step, secret_proposals
from ghosttab.navigator.goal import Quantity
from ghosttab.navigator.matching import contains_value, value_similarity
from ghosttab.navigator.passwords import current_password_fields, sign_in_form
from ghosttab.navigator.records import creates_record
from ghosttab.navigator.rule import Rule, RuleContext
from ghosttab.navigator.steps import (
    confirm_deletion,
    confirm_review,
    confirm_submission,
    is_search_box,
    on_record_page,
    reveal_fields,
    scroll_to_button,
    subject_key,
    typed_value,
)
from ghosttab.perception.models import Element

# A question that would abandon the task, answered so as to stay: what the goal implies.
STAY = 0.8
# A suggestion that meets every constraint the goal quotes.
CONSTRAINED_SUGGESTION = 0.85
# A dialog's button this close to a value the goal quotes is the one the goal means.
NAMED_BUTTON = 0.9
# A field whose typing failed this often is given up: another way in is needed.
MAX_FIELD_FAILURES = 2
# Enter in a search box with no button: what a person does, but a guess about the page.
ENTER_TO_SEARCH = 0.6
_FILLING = ("type", "select", "check")


# A page's question that would throw the task away ("Exit to home page?") and the answers that stay.
_LEAVE_QUESTION = re.compile(
    r"[^.?!]*\b(exit|leave|quit|abandon|discard|go back to the home ?page)\b[^.?!]*\?", re.I
)
_STAY_ANSWERS = frozenset({"cancel", "no", "stay", "stay here", "keep editing", "not now"})


class StayOnTask(Rule):
    """An interruption asks whether to leave ("Exit to home page?") while the goal asks no such
    thing: answer so as to stay (Cancel, No)."""

    name = "stay_on_task"

    def propose(self, context: RuleContext) -> Proposal | None:
        asked = _LEAVE_QUESTION.search(context.observation.text)
        if asked is None or _LEAVE_QUESTION.search(context.intent.text):
            return None
        for element in context.elements:
            if is_clickable(element) and element.name.strip().lower() in _STAY_ANSWERS:
                why = f"the page asks {asked.group(0).strip()!r}: stay on the task via {element.name!r}"
                return Proposal(Click(target=element.as_target()), STAY, why, element)
        return None


class ConfirmSubmission(Rule):
    name = "confirm_submission"

    def propose(self, context: RuleContext) -> Proposal | None:
        return confirm_submission(context.element_list, context.observation, context.visit_list)


class Dialog(Rule):
    """A modal or a cookie banner is in the way: dismiss it (or answer it as the goal says)."""

    name = "dialog"

    def propose(self, context: RuleContext) -> Proposal | None:
        elements = context.element_list
        dialogs = context.observation.dialogs
        if not dialogs and not any("cookie" in e.context.lower() for e in elements if e.tag == "button"):
            return None
        named = [*context.intent.quoted, *context.intent.presses]
        buttons = [e.name for e in elements if e.in_dialog and is_clickable(e)]
        if any(value_similarity(v, name) >= NAMED_BUTTON for v in named for name in buttons):
            return None  # the goal names a button of the dialog: it is what to press, not to dismiss
        return dismiss_proposal(elements, dialogs, context.intent)


class Suggestion(Rule):
    """Pick the autocomplete suggestion for what was just typed, unless the goal names a button to press."""

    name = "suggestion"

    def propose(self, context: RuleContext) -> Proposal | None:
        visit = context.visit
        if not visit or not isinstance(visit[-1].action, TypeText) or context.intent.presses:
            return None
        last = visit[-1].action
        typed = last.text or (context.memory.spec.data.get(last.field, "") if last.field else "")
        return suggestion_click(context.element_list, [typed]) or _constrained_suggestion(context, typed)


_STARTS_WITH = re.compile(r"\b(starts|begins) with\b", re.I)


def _constrained_suggestion(context: RuleContext, typed: str) -> Proposal | None:
    """'An item that starts with "An" and ends with "ica"': the suggestion that begins with what was
    typed and holds the goal's other quoted values."""
    others = [q for q in context.intent.quoted if q != typed]
    if not typed or not (others or _STARTS_WITH.search(context.intent.text)):
        return None
    for element in context.elements:
        name = element.name.strip()
        if not is_clickable(element) or element.is_text_input or not name.lower().startswith(typed.lower()):
            continue
        if all(other.lower() in name.lower() for other in others):
            why = f"suggestion {name!r}: starts with {typed!r} and holds {', '.join(map(repr, others))}"
            return Proposal(Click(target=element.as_target()), CONSTRAINED_SUGGESTION, why, element)
    return None


class Login(Rule):
    """Sign in with the task's secrets: the identity first where the page asks for it alone."""

    name = "login"

    def propose(self, context: RuleContext) -> Proposal | None:
        memory, elements = context.memory, context.element_list
        if not memory.secret_names:
            return None
        if not current_password_fields(elements):
            observation = context.observation
            buttons = [e.name for e in elements if is_clickable(e)]
            words = " ".join([observation.title, *observation.headings, *buttons])
            first = identity_step(elements, memory.secret_names, words)
            return first if first is not None and not context.done_here(first.element) else None
        if not sign_in_form(elements) and not _ACCOUNT_WORDS.intersection(context.intent.words):
            return None  # the current password an account form asks for changes it: not what the goal asks
        for proposal in secret_proposals(elements, memory.secret_names):
            if not context.done_here(proposal.element):
                return proposal
        return None


_ACCOUNT_WORDS = frozenset({"password", "passphrase", "email", "e-mail", "login", "username"})


class Fill(Rule):
    """Put the task's data (and the goal's quoted values) into the fields that ask for them, in page order."""

    name = "fill"

    def propose(self, context: RuleContext) -> Proposal | None:
        memory = context.memory
        parts, grouped = date_part_proposals(context.element_list, memory.spec.data)
        rest = [e for e in context.elements if id(e) not in grouped]
        others = data_proposals(rest, memory.spec.data, context.intent, context.observation.text)
        unfinished = _form_going_on_below(context)
        for proposal in sorted(parts + others, key=_page_order):
            if proposal.element is None:
                continue
            key = proposal.key
            # A list that takes several is proposed again only for an option the goal lists and it lacks.
            done = context.done_here(proposal.element) and not proposal.element.multiple
            if done or memory.failed_on(key) > MAX_FIELD_FAILURES:
                continue
            if _used_elsewhere(context, proposal) or _already_found(context, proposal):
                continue
            if _typed_already(context, proposal) or _searches_for_new(context, proposal.element):
                continue
            if unfinished and proposal.element.form != unfinished:
                continue  # that form's value goes further down it, not into a form beside it
            return proposal
        return None


def _form_going_on_below(context: RuleContext) -> str:
    """The form this visit is filling, when it goes on below the fold (its button listed further
    down); '' otherwise."""
    filled = [step for step in context.visit if step.ok and step.action.kind in _FILLING]
    form = _form_of(context.element_list, filled[-1].element_key) if filled else ""
    below = any(e.form == form and not e.in_viewport and is_clickable(e) for e in context.elements)
    return form if form and below else ""


def _searches_for_new(context: RuleContext, element: Element) -> bool:
    """A record the goal creates is not there to be searched for: its name goes into its own form."""
    return is_search_box(element) and creates_record(context.intent)


def _typed_already(context: RuleContext, proposal: Proposal) -> bool:
    """A value the goal quotes goes into one field, unless the goal says "both" or "all" fields."""
    action = proposal.action
    if not isinstance(action, TypeText) or action.text is None or context.intent.quantity != Quantity.ONE:
        return False
    return any(step.ok and isinstance(step.action, TypeText) and step.action.text == action.text
               for step in context.visit)  # fmt: skip


def _page_order(proposal: Proposal) -> int:
    return proposal.element.index if proposal.element else 0


def _already_found(context: RuleContext, proposal: Proposal) -> bool:
    """Searching for what the page is already about walks the task backwards."""
    element = proposal.element
    field = proposal.action.data_field
    if element is None or field is None or not is_search_box(element):
        return False
    observation = context.observation
    value = context.memory.spec.data.get(field, "")
    shown = [observation.title, *observation.headings, observation.text]
    shown += [e.name for e in observation.elements if e is not element and not e.is_text_input]
    return contains_value(" | ".join(shown), value)


def _used_elsewhere(context: RuleContext, proposal: Proposal) -> bool:
    """The same value went into the same field on another page (a site-wide search box): the flow
    moved on since, so typing it again would walk the task backwards."""
    value = typed_value(proposal.action)
    if value is None:
        return False
    here = context.visit[0].url if context.visit else None
    key = proposal.key
    return any(
        step.ok and step.element_key == key and typed_value(step.action) == value and step.url != here
        for step in context.memory.history
    )


def _values_left(context: RuleContext) -> bool:
    memory = context.memory
    subject = subject_key(memory)
    entered = memory.entered_values()
    return any(value not in entered for key, value in memory.spec.data.items() if key != subject)


class RevealFields(Rule):
    name = "reveal_fields"

    def propose(self, context: RuleContext) -> Proposal | None:
        on_record = on_record_page(context.observation, context.memory)
        memory, intent = context.memory, context.intent
        return reveal_fields(context.element_list, memory, intent, context.visit_list, on_record)


class Submit(Rule):
    """The form was filled on this visit and not sent yet: press its button (or Enter, or go down to it)."""

    name = "submit"

    def propose(self, context: RuleContext) -> Proposal | None:
        visit = context.visit_list
        filled = [s for s in visit if s.ok and s.action.kind in _FILLING]
        if not filled:
            return None
        if any(_sends(s) for s in visit[visit.index(filled[-1]) + 1 :]):
            return None
        elements = context.element_list
        form = _form_of(elements, filled[-1].element_key)
        if filled[-1].action.secret_name:
            elements = sign_in_form(elements) or elements  # its "Log in", not the sign-up's "Register"
        proposal = submit_proposal(elements, context.intent, form)
        if proposal is None and filled[-1] is visit[-1] and isinstance(filled[-1].action, TypeText):
            proposal = _enter_in_search_box(elements, filled[-1])
        below = "the filled form's button is further down"
        if proposal is not None and proposal.element is not None and not proposal.element.in_viewport:
            # The button lies below fields not filled yet while the task still has values to enter.
            down = scroll_to_button(visit, context.observation, below) if _values_left(context) else None
            proposal = down or proposal
        if proposal is not None and form and proposal.element is not None and proposal.element.form != form:
            # Another form's button (the header's search) while the filled form goes on below the fold.
            proposal = scroll_to_button(visit, context.observation, below) or proposal
        if proposal is None:
            # A long form (an admin's user page) keeps its buttons at the bottom: go down to them.
            return scroll_to_button(visit, context.observation, below)
        return proposal


_ENTRY_ROLES = frozenset({"option", "treeitem", "menuitem", "listitem", ""})


def _sends(step: PastStep) -> bool:
    """A click after the form was filled sent it, unless it failed or picked an entry of a list (a
    suggestion)."""
    if step.action.kind != "click" or not step.ok:
        return False  # a click that failed (a modal in the way) sent nothing
    target = step.action.element
    if target is None:
        return True
    locator = target.locator
    return (
        not (locator.tag in ("li", "div", "span") and locator.role in _ENTRY_ROLES)
        and locator.role != "option"
    )


def _enter_in_search_box(elements: list[Element], step: PastStep) -> Proposal | None:
    """A search box with no button to press: Enter sends it, as a person would."""
    box = _element_by_key(elements, step.element_key)
    if box is None or not is_search_box(box):
        return None
    why = f"Enter in {box.display_name!r}"
    return Proposal(Press(key="Enter", target=box.as_target()), ENTER_TO_SEARCH, why, box)


def _form_of(elements: list[Element], key: str) -> str:
    element = _element_by_key(elements, key)
    return element.form if element is not None else ""


def _element_by_key(elements: list[Element], key: str) -> Element | None:
    return next((element for element in elements if element.key == key), None)


class ConfirmDeletion(Rule):
    name = "confirm_deletion"

    def propose(self, context: RuleContext) -> Proposal | None:
        return confirm_deletion(context.element_list, context.observation, context.intent)


class ConfirmReview(Rule):
    name = "confirm_review"

    def propose(self, context: RuleContext) -> Proposal | None:
        return confirm_review(
            context.element_list, context.observation, context.memory, context.intent, context.visit_list
        )
