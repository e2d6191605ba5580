"""Finding the element an action targets: by its observation ref, else by its durable locator.

The ref (`data-gt-ref`, stamped by perception) is exact but dies with a re-render or a new visit.
The `ElementLocator` is what a stored path keeps; it is tried strategy by strategy, most specific
first, and the first strategy that yields exactly one visible element wins.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import FrameLocator, Locator, Page

from ghosttab.actions import ElementLocator, ElementTarget
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError

Root = Page | FrameLocator
Strategy = tuple[str, Callable[[Root], Locator]]

REF_ATTRIBUTE = "data-gt-ref"
CHECKABLE_TYPES = frozenset({"checkbox", "radio"})
CHECKABLE_ROLES = frozenset({"checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"})
MAX_CANDIDATES = 25
RETRY_INTERVAL_S = 0.2
NAME_CHECK_TIMEOUT_MS = 1000

# Every name a person could know an element by: aria-label(ledby), its labels, text, value, hints.
_NAMES_JS = """el => {
  const out = [];
  const add = v => { if (v) out.push(String(v)); };
  add(el.getAttribute('aria-label'));
  const ids = el.getAttribute('aria-labelledby');
  if (ids) add(ids.split(/\\s+/).map(id => {
    const n = el.ownerDocument.getElementById(id); return n ? n.textContent : ''; }).join(' '));
  if (el.labels) for (const l of el.labels) add(l.textContent);
  const wrap = el.closest('label'); if (wrap) add(wrap.textContent);
  add(el.innerText); add(el.value); add(el.getAttribute('placeholder'));
  add(el.getAttribute('title')); add(el.getAttribute('alt'));
  return [el.tagName.toLowerCase(), out];
}"""


def css_string(value: str) -> str:
    """`value` as a double-quoted CSS string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def frame_root(page: Page, frames: tuple[str, ...] | list[str]) -> Root:
    """The page, or the (nested) iframe the target lives in."""
    root: Root = page
    for selector in frames:
        root = root.frame_locator(selector)
    return root


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_checkable(locator: ElementLocator) -> bool:
    return locator.input_type in CHECKABLE_TYPES or locator.role in CHECKABLE_ROLES


def may_be_hidden(locator: ElementLocator) -> bool:
    """Form controls that styled widgets hide while still using them: checkboxes, radios, selects."""
    return is_checkable(locator) or locator.tag == "select"


def describe_target(target: ElementTarget) -> str:
    """The target in words, from the first thing that identifies it."""
    loc = target.locator
    kind = loc.role or loc.tag or "element"
    for label, value in (
        ("named", loc.name), ("labelled", loc.label), ("with text", loc.text),
        ("with placeholder", loc.placeholder), ("with id", loc.element_id),
        ("with name", loc.input_name), ("linking to", loc.href), ("matching", loc.css),
    ):
        if value:
            where = f" in frame {' > '.join(loc.frames)}" if loc.frames else ""
            return f"{kind} {label} {value!r}{where}"
    return f"{kind} with ref {target.ref!r}" if target.ref else kind


def _href_strategies(href: str) -> list[Strategy]:
    found: list[Strategy] = [("href", lambda r: r.locator(f"a[href={css_string(href)}]"))]
    parts = urlsplit(href)
    if parts.scheme and parts.netloc:
        # Perception reports the absolute href; the page's attribute is often relative.
        tail = parts.path + (f"?{parts.query}" if parts.query else "")
        if len(tail) > 1:
            found.append(("href-path", lambda r: r.locator(f"a[href$={css_string(tail)}]")))
    return found


def strategies(loc: ElementLocator) -> list[Strategy]:
    """The ways to find `loc`, most specific first, then looser matches as a last resort."""
    found: list[Strategy] = []
    if loc.element_id:
        found.append(("id", lambda r: r.locator(f"[id={css_string(loc.element_id)}]")))
    if loc.input_name and loc.tag in ("", "input", "select", "textarea"):
        selector = f"{loc.tag}[name={css_string(loc.input_name)}]"
        if loc.input_type and loc.tag in ("", "input"):
            selector += f"[type={css_string(loc.input_type)}]"
        found.append(("name", lambda r: r.locator(selector)))
    role = cast(Any, loc.role)
    if loc.role and loc.name:
        found.append(("role", lambda r: r.get_by_role(role, name=loc.name, exact=True)))
        # Custom widgets (a div with role=combobox) often have no accessible name, only text.
        whole_text = re.compile(rf"^\s*{re.escape(loc.name.strip())}\s*$", re.IGNORECASE)
        found.append(("role-text", lambda r: r.get_by_role(role).filter(has_text=whole_text)))
    if loc.label:
        found.append(("label", lambda r: r.get_by_label(loc.label, exact=True)))
    if loc.placeholder:
        found.append(("placeholder", lambda r: r.get_by_placeholder(loc.placeholder, exact=True)))
    if loc.href and not loc.href.lower().startswith("javascript:"):
        found.extend(_href_strategies(loc.href))
    if loc.text:
        found.append(("text", lambda r: r.get_by_text(loc.text, exact=True)))
    if loc.css:
        found.append(("css", lambda r: r.locator(loc.css)))
    if loc.role and len(loc.name) >= 3:
        found.append(("role-loose", lambda r: r.get_by_role(role, name=loc.name)))
    if len(loc.label) >= 3:
        found.append(("label-loose", lambda r: r.get_by_label(loc.label)))
    if len(loc.text) >= 3:
        found.append(("text-loose", lambda r: r.get_by_text(loc.text)))
    return found


class TargetResolver:
    """Resolves an ElementTarget to a Locator of exactly one element, waiting up to `timeout_s`."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s

    async def resolve(self, page: Page, target: ElementTarget) -> Locator:
        deadline = time.monotonic() + self.timeout_s
        while True:
            found, ambiguous = await self._attempt(page, target)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                break
            await asyncio.sleep(min(RETRY_INTERVAL_S, max(deadline - time.monotonic(), 0)))
        what = (f"{ambiguous} visible elements match {describe_target(target)} and none is named like it"
                if ambiguous else f"no visible element matches {describe_target(target)}")
        raise GhosttabError(StructuredError(
            kind=ErrorKind.ELEMENT, source=ErrorSource.ACTION, retryable=True, message=what))

    async def try_resolve(self, page: Page, target: ElementTarget) -> Locator | None:
        """One attempt, no waiting: the ref if it still matches one node, else the first strategy."""
        found, _ = await self._attempt(page, target)
        return found

    async def _attempt(self, page: Page, target: ElementTarget) -> tuple[Locator | None, int]:
        """The element, or None and the largest number of elements one strategy matched."""
        root = frame_root(page, target.locator.frames)
        if target.ref:
            by_ref = root.locator(f"[{REF_ATTRIBUTE}={css_string(target.ref)}]")
            try:
                if await by_ref.count() == 1:
                    return by_ref, 1
            except PlaywrightError:
                pass  # e.g. the frame is gone; the locator may still find the element
        ambiguous = 0
        for _name, build in strategies(target.locator):
            try:
                chosen, count = await self._single(build(root), target.locator)
            except PlaywrightError:
                continue  # an unknown role or a selector this page cannot parse: next strategy
            if chosen is not None:
                return chosen, count
            ambiguous = max(ambiguous, count)
        return None, ambiguous

    async def _single(self, candidates: Locator, loc: ElementLocator) -> tuple[Locator | None, int]:
        visible = candidates.filter(visible=True)
        count = await visible.count()
        if count == 0 and may_be_hidden(loc):
            # Styled checkboxes, radios and selects often hide the native control behind a widget.
            visible, count = candidates, await candidates.count()
        if count <= 1:
            return (visible if count == 1 else None), count
        return await self._prefer_named(visible, count, loc), count

    async def _prefer_named(self, candidates: Locator, count: int, loc: ElementLocator) -> Locator | None:
        """Among several matches, the first whose name (and tag, if known) is what the target says."""
        wanted = {_norm(v) for v in (loc.name, loc.label, loc.text, loc.placeholder) if v.strip()}
        if not wanted:
            return None
        for index in range(min(count, MAX_CANDIDATES)):
            candidate = candidates.nth(index)
            tag, names = await candidate.evaluate(_NAMES_JS, timeout=NAME_CHECK_TIMEOUT_MS)
            if loc.tag and tag != loc.tag:
                continue
            if any(_norm(name) in wanted for name in names):
                return candidate
        return None
