"""The compact text form of an Observation that a model reads: one line per element.

Elements come in document order; a `-- offscreen --` line starts a run of elements outside the
viewport and `-- in view --` a run back inside it. `ctx=^` repeats the previous line's context.
The text line shows `extra_text` (the page text minus what the element lines and headings say)
when perception computed it.
"""

from __future__ import annotations

import math

from ghosttab.perception.models import Element, Observation

URL_CHARS = 150
TITLE_CHARS = 80
MAX_RENDERED_OPTIONS = 20
# Input types the role already says (`checkbox "Terms"` needs no `type=checkbox`).
_TYPES_SAID_BY_ROLE = frozenset({"text", "checkbox", "radio", "submit", "button", "reset", "search"})


def estimate_tokens(text: str) -> int:
    """The token measure used everywhere in ghosttab: one token per four characters, rounded up."""
    return math.ceil(len(text) / 4)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_element(element: Element, previous_context: str = "") -> str:
    """`[12] link "PO-10023" ctx="PO-10023 Acme Corp …"`: what it is, what it says, its state."""
    parts = [f"[{element.index}]", element.role or element.tag]
    name = element.name or element.label or element.placeholder
    if name:
        parts.append(quote(name))
    elif element.href:
        parts.append(f"href={quote(clip(element.href, 80))}")
    if element.label and element.label != name and element.name:
        parts.append(f"label={quote(element.label)}")
    if element.input_type and element.input_type not in _TYPES_SAID_BY_ROLE:
        parts.append(f"type={element.input_type}")
    parts.extend(_state(element))
    if element.placeholder and element.placeholder != name:
        parts.append(f"placeholder={quote(element.placeholder)}")
    if element.group:
        parts.append(f"group={quote(element.group)}")
    if element.context:
        parts.append("ctx=^" if element.context == previous_context else f"ctx={quote(element.context)}")
    if element.in_dialog:
        parts.append("in-dialog")
    if element.behind_dialog:
        parts.append("behind-dialog")
    return " ".join(parts)


def _state(element: Element) -> list[str]:
    parts: list[str] = []
    if element.options:
        selected = [o.label for o in element.options if o.selected]
        if selected:
            parts.append(f"selected={quote(selected[0])}")
        shown = [o.label or o.value for o in element.options[:MAX_RENDERED_OPTIONS]]
        extra = len(element.options) - len(shown)
        more = f"|+{extra} more" if extra else ""
        parts.append("options=" + "|".join(s.replace("|", "/") for s in shown) + more)
    elif element.value and element.checked is None:
        parts.append(f"value={quote(element.value)}")
    if element.checked is not None:
        on = "selected" if element.role in ("option", "tab") else "checked"
        off = "unselected" if element.role in ("option", "tab") else "unchecked"
        parts.append(on if element.checked else off)
    if element.expanded is not None:
        parts.append("expanded" if element.expanded else "collapsed")
    if element.disabled:
        parts.append("disabled")
    if element.required:
        parts.append("required")
    return parts


def render_compact(obs: Observation) -> str:
    lines = [f"url: {clip(obs.url, URL_CHARS)}"]
    if obs.title:
        lines.append(f"title: {clip(obs.title, TITLE_CHARS)}")
    lines.extend(f"dialog: {quote(d)}" for d in obs.dialogs)
    previous = ""
    in_view = True
    for element in obs.elements:
        if element.in_viewport != in_view:
            in_view = element.in_viewport
            lines.append("-- in view --" if in_view else "-- offscreen --")
        lines.append(render_element(element, previous))
        previous = element.context
    # A heading already inside an element's context (a product card's title) is not repeated.
    headings = [h for h in obs.headings if not any(h in e.context for e in obs.elements)]
    if headings:
        lines.append("headings: " + " | ".join(headings))
    if obs.summary.headings:
        lines.append("elsewhere: " + " | ".join(obs.summary.headings))
    text = obs.text if obs.extra_text is None else obs.extra_text
    if text:
        lines.append(f"text: {text}")
    if obs.summary.note:
        lines.append(f"note: {obs.summary.note}")
    return "\n".join(lines)
