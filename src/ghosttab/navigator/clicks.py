"""Scoring what to click: dialog dismissals, form submits, links toward the goal, pagination."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urldefrag, urlsplit

from ghosttab.actions import Action, Click, Download
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.goal import FILE_LINK_WORDS, Intent, goal_overlap
from ghosttab.navigator.matching import contains_value, content_words, normalize, value_similarity
from ghosttab.navigator.records import goal_verbs, only_sorts, record_fit, verb_class, wants_sorting
from ghosttab.navigator.vocabulary import (
    _AGAIN,
    _CALENDAR_PAGING,
    _GENERIC,
    _STATE_ROLES,
    CLICKABLE_ROLES,
    DISMISS_WORDS,
    FORWARD_WORDS,
    JUNK_WORDS,
    KEPT_ON,
    NEGATIVE_WORDS,
    START_WORDS,
    SUBMIT_WORDS,
    VERB_ACTIONS,
)
from ghosttab.perception.models import Element

# A clickable box of text (no link, no role) named by the goal's words counts this much of a link.
PLAIN_WORDS = 0.6
BESIDE = "sits beside"
# A name that leads with a sending verb ("Send reply", "Save changes", an icon's "send") says what it
# does, beyond holding the word somewhere.
LEADING_SUBMIT_WORD = 0.1
# A clickable box (no button) whose whole text is a sending word ("Submit"): a button drawn by hand.
PLAIN_SUBMIT = 0.15
# A name equal to a value but for its case.
CASE_DIFFERS = 0.97
# Links that share one name ("View articles" under each card) are told apart by the words around
# them: this much per goal or value word the element's context holds, up to SHARED_NAME_MAX.
SHARED_NAME_WORD = 0.05
SHARED_NAME_MAX = 0.15
# A name holding every content word of a value of two words or more ('How do I connect to the VPN?'
# for 'how to connect to the VPN'): nearly as sure as the value itself.
ALL_VALUE_WORDS = 0.8
# Form controls: set by typing or choosing, never clicked as a way on.
_FIELD_TAGS = frozenset({"input", "select", "textarea", "option", "optgroup", "label"})
_FIELD_ROLES = frozenset(
    {"textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "slider", "spinbutton"}
)


# Roles of what holds other things (a tab's panel, a dialog): never the thing to click itself.
_CONTAINER_ROLES = frozenset(
    {"tabpanel", "dialog", "alertdialog", "region", "group", "navigation", "main", "form", "table", "grid",
     "row", "rowgroup", "list", "tablist", "menu", "menubar", "toolbar", "banner", "contentinfo", "article"}
)  # fmt: skip


def is_clickable(element: Element) -> bool:
    """A link, a button, or any other element perception lists for its click handler or pointer
    cursor (a `<span>` link, a tree's `<li>`, an accordion's header) that is no form field."""
    if element.disabled:
        return False
    if element.tag in ("a", "button", "summary") or element.role in CLICKABLE_ROLES:
        return True
    if element.tag == "input":
        return element.input_type in ("submit", "button", "image")
    if element.role in _FIELD_ROLES or element.role in _CONTAINER_ROLES:
        return False
    return element.tag not in _FIELD_TAGS and not element.is_text_input


def is_native_control(element: Element | None) -> bool:
    """A real link or button: on a tie, the one to click over a clickable box of text."""
    return element is not None and (
        element.tag in ("a", "button")
        or (element.tag == "input" and element.input_type in ("submit", "button"))
    )


def words_in(text: str, vocabulary: frozenset[str] | tuple[str, ...]) -> bool:
    # The words as normalised (camelCase split) and as written ("CfP" is one word, not "cf p").
    forms = (f" {normalize(text)} ", f" {_as_written(text)} ")
    found = any(f" {word} " in form for word in vocabulary for form in forms)
    return found or text.strip().lower() in vocabulary


_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=16384)
def _as_written(text: str) -> str:
    return " ".join(_NON_WORD.split(text.lower())).strip()


def dismiss_proposal(elements: list[Element], dialogs: list[str], intent: Intent) -> Proposal | None:
    """A modal or banner stands between the task and the page: close it, unless it is what the task needs."""
    candidates = [e for e in elements if is_clickable(e) and (e.in_dialog or _is_banner_button(e))]
    best: tuple[float, Element] | None = None
    for element in candidates:
        name = normalize(element.name) or element.name.strip().lower()
        if contains_value(intent.text, element.name) and len(name) > 3:
            continue
        for rank, word in enumerate(DISMISS_WORDS):
            if name == word or (len(word) > 2 and f" {word} " in f" {name} "):
                score = 0.9 - rank * 0.01
                if best is None or score > best[0]:
                    best = (score, element)
                break
    if best is None:
        return None
    element = best[1]
    return Proposal(
        Click(target=element.as_target()), best[0], f"dismiss overlay via {element.name!r}", element
    )


def _is_banner_button(element: Element) -> bool:
    context = normalize(element.context)
    return "cookie" in context and element.tag == "button"


def submit_proposal(elements: list[Element], intent: Intent, form: str) -> Proposal | None:
    """The button that sends the form just filled."""
    best: tuple[float, Element] | None = None
    for element in elements:
        if not is_clickable(element) or (element.tag == "a" and element.href and element.role != "button"):
            continue
        if element.input_type in ("checkbox", "radio") or element.role in _STATE_ROLES:
            continue
        name = element.name or element.label
        if _CALENDAR_PAGING.match(name):
            continue
        score = 0.0
        if element.input_type == "submit" or (
            element.tag == "button" and element.input_type in ("", "submit")
        ):
            score += 0.35
        if words_in(name, SUBMIT_WORDS):
            score += 0.3
            if words_in(name.split(maxsplit=1)[0] if name.strip() else "", SUBMIT_WORDS):
                score += LEADING_SUBMIT_WORD
            if not is_native_control(element) and normalize(name) in SUBMIT_WORDS:
                score += PLAIN_SUBMIT
        score += 0.3 * goal_overlap(name, intent)
        if any(value_similarity(p, name) >= 0.9 for p in intent.presses):
            score += 0.4
        if words_in(name, _verb_phrases(intent)):
            score += 0.2
        if form and element.form == form:
            score += 0.25
        if words_in(name, NEGATIVE_WORDS):
            score -= 0.6
        if _AGAIN.search(name):
            score -= 0.3  # "Save and add another": the plain "Save" is the one that finishes
        if best is None or score > best[0]:
            best = (score, element)
    if best is None or best[0] < 0.45:
        return None
    element = best[1]
    return Proposal(
        Click(target=element.as_target()), min(best[0], 1.0), f"submit via {element.name!r}", element
    )


def _is_junk(name: str, intent: Intent) -> bool:
    """A site's furniture ('Contact us', 'Help'), unless the goal names it ('the contact form')."""
    junk = {word for word in JUNK_WORDS if words_in(name, frozenset({word}))}
    if not junk or contains_value(intent.text, name):
        return False
    # A one-word kind the goal's own words use ('contact'); never 'sign out' for a goal that signs in.
    return not any(" " not in word and word in intent.words for word in junk)


def jumps_within(href: str, current_url: str) -> bool:
    """`href` is a section of the page at `current_url` (`#method.push`) other than the one shown."""
    target, fragment = urldefrag(href)
    here, shown = urldefrag(current_url)
    return bool(fragment) and target == here and fragment != shown


def leads_up(href: str, current_url: str) -> bool:
    """`href` is a parent of `current_url` on the same site: its path is a proper prefix, segment-wise
    (a breadcrumb from `/classes/tuesday/register` to `/classes/tuesday`)."""
    if not href:
        return False
    target, here = urlsplit(href), urlsplit(current_url)
    if target.netloc != here.netloc:
        return False
    parent = [part for part in target.path.split("/") if part]
    child = [part for part in here.path.split("/") if part]
    return len(parent) < len(child) and child[: len(parent)] == parent


def navigation_proposals(
    elements: list[Element],
    intent: Intent,
    values: list[str],
    current_url: str,
    visited: frozenset[str] = frozenset(),
    values_only: bool = False,
    entered: frozenset[str] = frozenset(),
) -> list[Proposal]:
    """Every clickable element scored by how well it leads toward the goal and the task's values.

    `values_only` scores only by the task's values: a link named by one is the shortest way on.
    `entered`: values the task already put into a form. A link beside one of them (its "Change"
    link on a page summing up the answers) goes back, not on.
    """
    proposals: list[Proposal] = []
    here = urldefrag(current_url)[0]
    host = urlsplit(current_url).hostname
    shared = _shared_names(elements)
    for element in elements:
        if not is_clickable(element) or element.input_type == "submit":
            continue
        name = element.name or element.label
        score, why = _value_score(element, name, values, entered)
        wants_file = False
        # An entry of an open list is chosen for a value, never for sharing the goal's words.
        if not values_only and element.role != "option":
            by_value = score
            score, why = _intent_score(name, intent, score, why)
            if score > by_value and element.role not in CLICKABLE_ROLES and not is_native_control(element):
                # Text with a click handler shares the goal's words less surely than a link does.
                score = max(by_value, score * PLAIN_WORDS)
            if not words_in(name, _verb_phrases(intent)):
                floor, factor, record_why = record_fit(element, name, intent, values)
                if floor > score:
                    score, why = floor, record_why
                score *= factor
            wants_file = intent.wants_download and bool(FILE_LINK_WORDS.intersection(content_words(name)))
            if wants_file:
                score, why = max(score, 0.9), f"download link {name!r}"
        if score <= 0:
            continue
        if normalize(name) in shared:
            score += _context_fit(element, intent, values)
        elif f" {BESIDE} " in why:
            # Rows beside the same value ('tom@…' on two tickets) are told apart by the goal's words.
            named = set(content_words(name)) & set(intent.words)
            score += min(SHARED_NAME_MAX, SHARED_NAME_WORD * len(named))
        if score < 0.9 and _names_a_sibling(name, values):
            score *= 0.3
        if _is_junk(name, intent):
            score *= 0.2
        if element.href and only_sorts(element.href, current_url) and not wants_sorting(intent):
            score *= 0.2  # a column header: the same list in another order
        if element.href and urldefrag(element.href)[0] == here:
            # A link to this very page goes nowhere, unless it jumps to a section the task names.
            if not (score >= 0.9 and jumps_within(element.href, current_url)):
                score *= 0.3
        elif element.href and leads_up(element.href, here) and not leads_to_place(name, intent):
            # Up to a parent page (a breadcrumb): a way back, never the strong way on (a profile
            # above the page that lists one's things is where the goal's details are kept).
            score *= 0.5
        elif element.href and urldefrag(element.href)[0] in visited:
            # Going back to a page already seen is rarely progress.
            score *= 0.6
        if element.href and urlsplit(element.href).hostname not in (host, None, ""):
            score *= 0.6
        action: Action = (
            Download(target=element.as_target()) if wants_file else Click(target=element.as_target())
        )
        proposals.append(Proposal(action, min(score, 1.0), why, element))
    proposals.sort(key=lambda p: (p.score, is_native_control(p.element)), reverse=True)
    return proposals


def _holds_words_of(name: str, value: str) -> bool:
    wanted = set(content_words(value))
    return len(wanted) >= 2 and wanted <= set(content_words(name))


def _shared_names(elements: list[Element]) -> frozenset[str]:
    """Names that more than one clickable element on the page carries."""
    seen: set[str] = set()
    shared: set[str] = set()
    for element in elements:
        if is_clickable(element):
            name = normalize(element.name or element.label)
            (shared if name in seen else seen).add(name)
    return frozenset(shared - {""})


def _context_fit(element: Element, intent: Intent, values: list[str]) -> float:
    """How much the words around an element (its card, its row) say it is the one the task means."""
    own = set(content_words(element.name or element.label))
    wanted = set(intent.words).union(*(content_words(value) for value in values))
    around = set(content_words(element.context)) - own
    return min(SHARED_NAME_MAX, SHARED_NAME_WORD * len(around & wanted))


def _intent_score(name: str, intent: Intent, score: float, why: str) -> tuple[float, str]:
    """Raise `score` where the element's name says what the goal asks for. A link that would do a
    record verb the goal does not ask for ("Change licence type" when applying for a licence) shares
    the goal's words without doing what it asks."""
    overlap = goal_overlap(name, intent)
    words = content_words(name)
    record_verb = verb_class(words[0]) if words else None
    if overlap and (record_verb is None or record_verb in goal_verbs(intent)):
        verb = intent.words[0] if intent.words else ""
        lead = 0.1 if verb and verb in words else 0.0
        score = max(score, 0.35 + 0.4 * overlap + lead)
        why = why or f"goal words in {name!r}"
    if any(value_similarity(p, name) >= 0.9 for p in intent.presses):
        score, why = max(score, 0.95), f"the goal says to press {name!r}"
    if words_in(name, _verb_phrases(intent)):
        score, why = max(score, 0.9), f"{name!r} does what the goal asks"
    elif leads_to_place(name, intent):
        score, why = max(score, 0.9), f"{name!r} keeps what the goal changes"
    elif score < 0.6 and words_in(name, START_WORDS):
        score, why = 0.6, f"{name!r} starts the service"
    elif score < 0.45 and words_in(name, FORWARD_WORDS) and not _CALENDAR_PAGING.match(name):
        score, why = 0.45, f"{name!r} moves the flow forward"
    return score, why


_SIGNING_IN = re.compile(r"\b(?:sign|log)[ -]?(?:in|on)\b", re.I)


def _verb_phrases(intent: Intent) -> tuple[str, ...]:
    phrases: list[str] = []
    for word in intent.words[:3]:
        if word == "sign" and _SIGNING_IN.search(intent.text):
            continue  # "sign in and …" signs in; it does not sign up
        phrases.extend(VERB_ACTIONS.get(word, ()))
    return tuple(phrases)


def leads_to_place(name: str, intent: Intent) -> bool:
    """A link to where the goal's subject is kept ("My profile" for "my biography"), not one that
    does something to it ("Delete my account")."""
    return words_in(name, places_kept(intent)) and not words_in(name, NEGATIVE_WORDS)


def places_kept(intent: Intent) -> tuple[str, ...]:
    """The links that lead to where the goal's subject is kept ("biography" -> "profile")."""
    return tuple(dict.fromkeys(place for word in intent.words for place in KEPT_ON.get(word, ())))


def _names_a_sibling(name: str, values: list[str]) -> bool:
    """'Thursday Evening' when the task wants 'Tuesday Evening': same shape, another choice."""
    words = set(content_words(name))
    for value in values:
        wanted = set(content_words(value))
        if len(wanted) < 2:
            continue
        shared = words & wanted
        if shared and shared != wanted and abs(len(words) - len(wanted)) <= 1:
            return True
    return False


def _value_score(
    element: Element, name: str, values: list[str], entered: frozenset[str]
) -> tuple[float, str]:
    best, why = 0.0, ""
    for value in values:
        similarity = value_similarity(value, name)
        if similarity == 1.0 and name.strip() != value.strip():
            similarity = CASE_DIFFERS  # "eget" for "Eget": the same word, but the exact one is better
        if similarity >= 0.9 and similarity > best:
            best, why = similarity, f"{name!r} names {value!r}"
        elif best < ALL_VALUE_WORDS and _holds_words_of(name, value):
            best, why = ALL_VALUE_WORDS, f"{name!r} holds every word of {value!r}"
        elif (
            best < 0.7
            and value not in entered
            and contains_value(element.context, value)
            and (_GENERIC.match(name.strip()) or element.tag == "a")
        ):
            best, why = 0.7, f"{name!r} {BESIDE} {value!r}"
    return best, why
