"""Rules for lists of records that each carry the same controls (a feed's posts, an inbox's mails, a
table's rows): the goal says whose record it means ("posts by @leonie", "the email by Audrey") and
what to press on it, and the control of that name is taken from that record, not the first one.
"""

from __future__ import annotations

import re

from ghosttab.actions import Click, Scroll
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.clicks import is_clickable
from ghosttab.navigator.goal import Intent, Quantity
from ghosttab.navigator.matching import content_words, value_similarity
from ghosttab.navigator.paging import pagination_proposal
from ghosttab.navigator.rule import Rule, RuleContext
from ghosttab.perception.models import Element

# The control the goal names, in the record it names: as sure as a link named by a value.
RECORD_CONTROL = 0.93
# A record's menu ("more", "⋯") when the control the goal names is not shown in it: likely inside.
RECORD_MENU = 0.85
# The record itself (its row or card) when nothing in it is the control: opening it shows more.
OPEN_RECORD = 0.8
# Scrolling a list for more of the records it names: after their controls in view, before the rest.
SCROLL_FOR_RECORDS = 0.7
MAX_RECORD_SCROLLS = 8
# The result the goal counts to ("the 7th search result"), or the page that holds it.
NTH_RESULT = 0.9
# A press phrase this close to a control's name names it.
SAME_NAME = 0.9
# A context this short is the control's label ("Address:"), not a record's text.
LABEL_WORDS = 3
# Rows whose context is a list's text: this many make a list of records.
LIST_MIN = 3
# Pages of a list turned looking for a record the goal names.
MAX_RECORD_PAGES = 12
# Words of a press phrase that name no control: "click the star icon", "click on their address".
_NOT_CONTROL_WORDS = frozenset({"icon", "button", "link", "their", "them", "his", "her", "its", "my"})
_MENU_WORDS = frozenset({"more", "menu", "options", "actions", "ellipsis", "dots", "kebab", "overflow"})
_MENU_GLYPHS = frozenset({"⋯", "…", "⋮", "...", "•••"})


def mentions(text: str, subject: str) -> bool:
    """`text` names `subject` as a whole word ("@leo" is not in "@leonie")."""
    return re.search(rf"(?<![\w@]){re.escape(subject)}(?![\w-])", text, re.I) is not None


def _asked_words(intent: Intent) -> set[str]:
    """The words of what the goal says to press, without the subjects' own words."""
    subject_words = {w for s in intent.subjects for w in content_words(s)}
    typed = {t.value for t in intent.typed}
    phrases = (*intent.presses, *(q for q in intent.quoted if q not in typed))
    words = {w for phrase in phrases for w in content_words(phrase)}
    return words - subject_words - _NOT_CONTROL_WORDS


def _control_words(element: Element) -> list[str]:
    """What names a control: its name, and a short label beside it ("Address:" before an address)."""
    words = content_words(element.name)
    label = element.context.replace(element.name, " ") if element.name else element.context
    if len(label.split()) <= LABEL_WORDS:
        words += content_words(label)
    return words


def _opens_menu(element: Element) -> bool:
    return bool(set(content_words(element.name)) & _MENU_WORDS) or element.name.strip() in _MENU_GLYPHS


def _done(element: Element, context: RuleContext) -> bool:
    """Clicked on this visit: by its place on the page, as records share their controls' names."""
    for step in context.visit:
        target = step.action.element
        if step.ok and target is not None and target.locator.css == element.css:
            return True
    return False


def _then_press(clickable: list[Element], inside: list[Element], intent: Intent) -> Proposal | None:
    """The records are done: what the goal says to press next ("and then click Submit"), outside them,
    before any other rule presses another record's control of the same name."""
    for element in clickable:
        if element in inside:
            continue
        if any(value_similarity(press, element.name) >= SAME_NAME for press in intent.presses):
            why = f"the records are done: {element.name!r}, as the goal says next"
            return Proposal(Click(target=element.as_target()), RECORD_CONTROL, why, element)
    return None


def _opened(context: RuleContext, intent: Intent) -> bool:
    """A record the goal names was opened on this visit (its row or card clicked)."""
    for step in context.visit:
        target = step.action.element
        if step.ok and target is not None and any(mentions(target.locator.name, s) for s in intent.subjects):
            return True
    return False


def _pressed(context: RuleContext, asked: set[str]) -> int:
    """How many records' controls of the asked name were pressed on this visit (scrolled out of view
    or not), each place counted once."""
    places = set()
    for step in context.visit:
        target = step.action.element
        clicked = step.ok and step.action.kind == "click" and target is not None
        if clicked and target is not None and asked.intersection(content_words(target.locator.name)):
            places.add(target.locator.css)
    return len(places)


def _wanted(intent: Intent, done: int) -> bool:
    """More of the records' controls are still to press."""
    if intent.count is not None:
        return done < intent.count
    return intent.quantity == Quantity.ALL or done == 0


class RecordControl(Rule):
    """Press the control the goal names in each record the goal names (all, N or one of them); when
    the record shows no such control, open its menu, or the record itself."""

    name = "record_control"

    def propose(self, context: RuleContext) -> Proposal | None:
        intent = context.intent
        if not intent.subjects:
            return None
        clickable = [e for e in context.elements if is_clickable(e)]
        headed = any(mentions(h, s) for h in context.observation.headings for s in intent.subjects)
        inside = [e for e in clickable if headed or any(mentions(e.context, s) for s in intent.subjects)]
        asked = _asked_words(intent)
        controls = [e for e in inside if asked.intersection(_control_words(e))]
        done = _pressed(context, asked)
        if not _wanted(intent, done):
            return _then_press(clickable, inside, intent)
        for element in controls:
            if not _done(element, context):
                why = f"{element.name!r} of the record of {intent.subjects[0]!r}"
                return Proposal(Click(target=element.as_target()), RECORD_CONTROL, why, element)
        if controls:
            return _scroll_on(context) or _then_press(clickable, inside, intent)
        if not inside:
            return None if _opened(context, intent) else _scroll_on(context)
        menus = [e for e in inside if _opens_menu(e)]
        for element in menus:
            if not _done(element, context):
                why = f"open the menu {element.name!r} of the record of {intent.subjects[0]!r}"
                return Proposal(Click(target=element.as_target()), RECORD_MENU, why, element)
        if menus:
            return _scroll_on(context)  # its menu is open, but reaches past the list's visible part
        if context.visit and any(step.action.kind == "click" for step in context.visit):
            return None
        for element in clickable:
            if any(mentions(element.name, s) for s in intent.subjects) and not asked.intersection(
                content_words(element.name)
            ):
                why = f"open the record of {intent.subjects[0]!r}"
                return Proposal(Click(target=element.as_target()), OPEN_RECORD, why, element)
        return _scroll_on(context)


def _repeats(element: Element, context: RuleContext) -> bool:
    return sum(1 for e in context.elements if e.name == element.name) > 1


def _lists_records(context: RuleContext) -> bool:
    """The page shows a list of like records: some control's name comes back in another's context
    (each post's "reply"), or the records themselves are the controls (an inbox's rows)."""
    seen: dict[str, str] = {}
    for element in context.elements:
        name = element.name.strip().lower()
        if name and name in seen and seen[name] != element.context:
            return True
        seen.setdefault(name, element.context)
    return sum(1 for e in context.elements if e.context and len(e.context) > len(e.name) + 20) >= LIST_MIN
    

def _scroll_on(context: RuleContext) -> Proposal | None:
    """The list's next page, or scroll for more records, unless the last step changed nothing (the
    list's end)."""
    paging = pagination_proposal(context.element_list, context.url)
    if paging is not None and paging.element is not None and _repeats(paging.element, context):
        paging = None  # each record's own "More", not the list's next page
    turned = [step for step in context.visit if paging is not None and step.element_key == paging.key]
    last = context.visit[-1] if context.visit else None
    moved = last is not None and (last.action.kind == "scroll" or (bool(turned) and last is turned[-1]))
    if moved and last is not None and last.page_hash == context.observation.page_hash:
        return None
    if paging is not None and len(turned) < MAX_RECORD_PAGES:
        why = "the next page, for the record the goal names"
        return Proposal(paging.action, SCROLL_FOR_RECORDS, why, paging.element)
    if not _lists_records(context):
        return None
    scrolls = [step for step in context.visit if step.action.kind == "scroll"]
    if len(scrolls) >= MAX_RECORD_SCROLLS:
        return None
    why = "scroll for more of the records the goal names"
    return Proposal(Scroll(direction="down", pages=0.8), SCROLL_FOR_RECORDS, why)


_PAGING_NAME = re.compile(r"^\s*(\d+|[<>«»‹›]+|next|prev(ious)?|first|last|older|newer)\s*$", re.I)
_RESULT_WORDS = frozenset({"result", "results", "item", "items", "entry", "entries", "link", "links", "hit"})


class NthResult(Rule):
    """'click the 7th search result' on a list paged three at a time: go to the page that holds it (by
    its number), then click the result at its place there."""

    name = "nth_result"

    def propose(self, context: RuleContext) -> Proposal | None:
        intent = context.intent
        wanted = intent.ordinal
        if wanted is None or wanted < 1 or not _RESULT_WORDS.intersection(intent.words):
            return None
        if not any(step.action.kind == "click" for step in context.visit):
            return None  # the list is not asked for yet (a search still to send)
        links = [e for e in context.elements if e.tag == "a" and is_clickable(e)]
        pages = {e.name.strip(): e for e in links if e.name.strip().isdigit()}
        results = [e for e in links if not _PAGING_NAME.match(e.name) and e.context]
        if not results:
            return None
        page = _current_page(context, pages)
        per_page = len(results)
        if page == 1 and wanted > per_page:
            target = pages.get(str(-(-wanted // per_page)))
            if target is not None:
                why = f"page {target.name} holds result {wanted}"
                return Proposal(Click(target=target.as_target()), NTH_RESULT, why, target)
            return None
        # On a later page the list's own page size is the one that puts result `wanted` here.
        size = next((n for n in range(per_page, wanted + 1) if -(-wanted // n) == page), per_page)
        index = wanted - 1 - (page - 1) * size
        if not 0 <= index < len(results):
            return None
        element = results[index]
        why = f"result {wanted} of the list (page {page}, place {index + 1})"
        return Proposal(Click(target=element.as_target()), NTH_RESULT, why, element)


def _current_page(context: RuleContext, pages: dict[str, Element]) -> int:
    """The list's page: the number of the last page link clicked on this visit (1 before any)."""
    for step in reversed(context.visit):
        target = step.action.element
        if step.ok and target is not None and target.locator.name.strip().isdigit():
            return int(target.locator.name.strip())
    return 1
