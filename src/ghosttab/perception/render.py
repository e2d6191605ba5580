"""The compact text form of an Observation that a model reads: one line per element, or less.

Elements come in document order; a `-- offscreen --` line starts a run of elements outside the
viewport and `-- in view --` a run back inside it (elements further off screen than a small
margin are not listed, only counted in the note). Three shorter forms, none losing an index:

* `[7] link "Cart" ctx="…"`: one element; `ctx=^` repeats the previous line's context.
* `links: [2] "Home" [3] "About"`: consecutive elements of one role that have nothing but a name.
* a run of repeated items (cards, rows, results) that hold the same elements in the same order:
  `list of 24, each: button "Add to cart", link "Details"`, then one line per item, its indices
  in the pattern's order followed by the item's own text: ` [5][6] Classic Lamp $9.00`.

The text line shows `extra_text` (the viewport's text minus what the element lines and headings
say) when perception computed it.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ghosttab.perception.models import Element, Observation

URL_CHARS = 150
TITLE_CHARS = 80
MAX_RENDERED_OPTIONS = 20
# Input types the role already says (`checkbox "Terms"` needs no `type=checkbox`).
_TYPES_SAID_BY_ROLE = frozenset({"text", "checkbox", "radio", "submit", "button", "reset", "search"})
# A run of at least this many items with the same elements is rendered as one pattern.
MIN_PATTERN_ITEMS = 3
# A run of at least this many name-only elements of one role shares one line.
MIN_NAME_RUN = 2


def estimate_tokens(text: str) -> int:
    """The token measure used everywhere in ghosttab: one token per four characters, rounded up."""
    return math.ceil(len(text) / 4)


# A field's value as the compact text shows it (the observation keeps more of a text area's).
RENDERED_VALUE_CHARS = 200


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_element(element: Element, previous_context: str = "", *, unique_group: bool = False) -> str:
    """`[12] link "PO-10023" ctx="PO-10023 Acme Corp …"`: what it is, what it says, its state.
    `unique_group`: no other element shares its group, so a group that only repeats the element's
    form field name says nothing."""
    parts = [f"[{element.index}]", _describe(element, unique_group=unique_group)]
    if element.context:
        context = _without_name(element.context, element.name)
        if element.context == previous_context:
            parts.append("ctx=^")
        elif context:
            parts.append(f"ctx={quote(context)}")
    if element.in_dialog:
        parts.append("in-dialog")
    if element.behind_dialog:
        parts.append("behind-dialog")
    return " ".join(parts)


def _describe(element: Element, *, unique_group: bool = False) -> str:
    """The element without its index, context and dialog marks: `textbox "Email" required`."""
    parts = [element.role or element.tag]
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
    if element.group and not (unique_group and element.group == element.input_name):
        parts.append(f"group={quote(element.group)}")
    return " ".join(parts)


def _without_name(context: str, name: str) -> str:
    """A context that starts or ends with the element's own name, without it (the line says it)."""
    if len(name) < 2 or len(context) <= len(name):
        return context
    core = context.rstrip(" .:;,!?")
    if core.endswith(name):
        return core[: -len(name)].rstrip()
    if context.startswith(name):
        return context[len(name):].lstrip()
    return context


def _state(element: Element) -> list[str]:
    parts: list[str] = []
    if element.options:
        selected = [o.label for o in element.options if o.selected]
        if selected:
            parts.append("selected=" + ",".join(quote(label) for label in selected))
        shown = [o.label or o.value for o in element.options[:MAX_RENDERED_OPTIONS]]
        extra = len(element.options) - len(shown)
        more = f"|+{extra} more" if extra else ""
        parts.append("options=" + "|".join(s.replace("|", "/") for s in shown) + more)
    elif element.value and element.checked is None:
        parts.append(f"value={quote(clip(element.value, RENDERED_VALUE_CHARS))}")
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
    lines.extend(render_elements([e for e in obs.elements if e.listed]))
    headings = _new_headings(obs.headings, obs)
    if headings:
        lines.append("headings: " + " | ".join(headings))
    elsewhere = _new_headings(obs.summary.headings, obs, also_title=False)
    if elsewhere:
        lines.append("elsewhere: " + " | ".join(elsewhere))
    text = obs.text if obs.extra_text is None else obs.extra_text
    if text:
        lines.append(f"text: {text}")
    if obs.summary.note:
        lines.append(f"note: {obs.summary.note}")
    return "\n".join(lines)


def _new_headings(headings: list[str], obs: Observation, *, also_title: bool = True) -> list[str]:
    """Headings the rest of the text does not already say: not the title again, not an element's
    name (a table of contents names the sections it links to), not inside an element's context
    (a product card's title), each once."""
    said = {_words(e.name) for e in obs.elements if e.name and e.listed}
    if also_title:
        said.add(_words(obs.title))
    shown: list[str] = []
    for heading in headings:
        key = _words(heading)
        if key in said or any(heading in e.context for e in obs.elements if e.listed):
            continue
        said.add(key)
        shown.append(heading)
    return shown


def _words(text: str) -> str:
    """`text` for comparison: its words, case-folded, without the marks around them (`§ Usage ¶`)."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def render_elements(elements: list[Element]) -> list[str]:
    """The element lines, with `-- offscreen --` / `-- in view --` marks, patterns and name runs."""
    groups = Counter(e.group for e in elements if e.group)
    lines: list[str] = []
    in_view = True
    previous = ""

    def mark(visible: bool) -> None:
        nonlocal in_view
        if visible != in_view:
            in_view = visible
            lines.append("-- in view --" if visible else "-- offscreen --")

    for kind, chunk in _chunks(elements):
        if kind == "pattern":
            items = _split_items(chunk)
            lines.append(f"list of {len(items)}, each: " + ", ".join(_describe(e) for e in items[0]))
            names = [e.name for e in items[0]]
            for item in items:
                mark(any(e.in_viewport for e in item))
                indices = "".join(f"[{e.index}]" for e in item)
                own = _item_text(item[0].context, names)
                lines.append(f" {indices} {own}" if own else f" {indices}")
            previous = ""
        elif kind == "names":
            mark(chunk[0].in_viewport)
            role = chunk[0].role or chunk[0].tag
            lines.append(f"{role}s: " + " ".join(f"[{e.index}] {_run_name(e.name)}" for e in chunk))
            previous = ""
        else:
            element = chunk[0]
            mark(element.in_viewport)
            lines.append(render_element(element, previous, unique_group=groups[element.group] == 1))
            previous = element.context
    return lines


def _chunks(elements: list[Element]) -> list[tuple[str, list[Element]]]:
    """Split the elements, in order, into patterns, runs of name-only elements and single ones."""
    chunks: list[tuple[str, list[Element]]] = []
    items = _split_items(elements)
    i = 0
    while i < len(items):
        item = items[i]
        j = i + 1
        if item[0].context:
            signature = _signature(item)
            while j < len(items) and items[j][0].context and _signature(items[j]) == signature:
                j += 1
        if j - i >= MIN_PATTERN_ITEMS:
            chunks.append(("pattern", [e for it in items[i:j] for e in it]))
            i = j
            continue
        for element in (e for it in items[i:j] for e in it):
            last = chunks[-1] if chunks else None
            if _name_only(element):
                if last and last[0] == "names" and _same_run(last[1][-1], element):
                    last[1].append(element)
                    continue
                chunks.append(("names", [element]))
            else:
                chunks.append(("one", [element]))
        i = j
    # A run too short to share a line is rendered one element a line.
    flat: list[tuple[str, list[Element]]] = []
    for kind, chunk in chunks:
        if kind == "names" and len(chunk) < MIN_NAME_RUN:
            flat.extend(("one", [e]) for e in chunk)
        else:
            flat.append((kind, chunk))
    return flat


def _split_items(elements: list[Element]) -> list[list[Element]]:
    """Consecutive elements that share one non-empty context (one card, one row) form an item;
    an element without context is an item of its own."""
    items: list[list[Element]] = []
    for element in elements:
        if items and element.context and items[-1][-1].context == element.context:
            items[-1].append(element)
        else:
            items.append([element])
    return items


def _signature(item: list[Element]) -> tuple[str, ...]:
    return tuple(_describe(e) + (" in-dialog" if e.in_dialog else "") + (" behind-dialog" if e.behind_dialog
                 else "") for e in item)


def _name_only(element: Element) -> bool:
    """Says nothing but its role and name (a plain link or button)."""
    plain = f"{element.role or element.tag} {quote(element.name)}"
    return bool(element.name) and not (element.context or element.in_dialog or element.behind_dialog) \
        and _describe(element) == plain


def _run_name(name: str) -> str:
    """A name in a shared line: bare, as the next `[n]` ends it; quoted if it could be misread."""
    bare = " ".join(name.split())
    return quote(name) if not bare or "[" in bare or bare.startswith('"') else bare


def _same_run(before: Element, element: Element) -> bool:
    same_role = (before.role or before.tag) == (element.role or element.tag)
    return same_role and before.in_viewport == element.in_viewport


def _item_text(context: str, names: list[str]) -> str:
    """An item's context without the names its elements already show (the last mention of each)."""
    text = context
    for name in names:
        if not name:
            continue
        found = list(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))
        if found:
            text = text[: found[-1].start()] + text[found[-1].end():]
    return " ".join(text.split())
