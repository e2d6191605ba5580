"""Form fields: typing (dates, autocompletes), choosing an option (native or custom), checking boxes."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator
from pydantic import BaseModel

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.executor.handle import Handle
from ghosttab.executor.resolve import Root, css_string
from ghosttab.executor.values import (
    best_option,
    date_for_hint,
    date_input_value,
    parse_date,
    pick_select_option,
)
from ghosttab.perception.scripts import read_script

# Typing one key at a time lets autocomplete widgets fetch and show their suggestions.
KEY_DELAY_MS = 30
DATE_TYPES = frozenset({"date", "datetime-local", "month", "time"})
OPTION_POLL_S = 0.1
# What a dropdown's entries are marked as: `option`, or `treeitem` (Select2 4.0) or `menuitem`.
OPTION_ROLES: tuple[Literal["option", "treeitem", "menuitem"], ...] = ("option", "treeitem", "menuitem")
OPEN_TRY_MS = 1500
CHECK_SETTLE_S = 1.0
SUGGEST_WAIT_S = 0.7
MAX_LISTED_OPTIONS = 12
# How many entries of a cascading list are opened in search of the wanted one.
MAX_BRANCHES = 12

FIELD_JS = """el => ({
  tag: el.tagName.toLowerCase(),
  type: (el.getAttribute('type') || '').toLowerCase(),
  role: el.getAttribute('role') || '',
  autocomplete: el.getAttribute('aria-autocomplete') || '',
  browser_autocomplete: (el.getAttribute('autocomplete') || '').toLowerCase(),
  has_list: el.hasAttribute('list'),
  controls: el.getAttribute('aria-controls') || el.getAttribute('aria-owns') || '',
  id: el.id || '',
  readonly: el.readOnly === true,
  placeholder: el.getAttribute('placeholder') || '',
  max_length: el.maxLength > 0 ? el.maxLength : 0,
  target: el.getAttribute('target') || '',
  // A library that keeps aria-checked (Element Plus's switch) may leave the native state behind.
  checked: ['true', 'false'].includes(el.getAttribute('aria-checked'))
    ? el.getAttribute('aria-checked') === 'true'
    : el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio') && el.checked,
  url: el.ownerDocument.location.href,
})"""


class FieldInfo(BaseModel):
    """What the page says about a form element (validated: it comes from page script)."""

    tag: str
    type: str = ""
    role: str = ""
    autocomplete: str = ""
    # `autocomplete="off"` on a plain text field: the page likely offers suggestions of its own.
    browser_autocomplete: str = ""
    has_list: bool = False
    controls: str = ""
    id: str = ""
    readonly: bool = False
    placeholder: str = ""
    max_length: int = 0
    target: str = ""
    checked: bool = False
    url: str = ""

    @property
    def takes_short_year(self) -> bool:
        """A year field that holds two digits: hinted `YY`, or two characters long at most."""
        return self.placeholder.strip().lower() == "yy" or self.max_length == 2

    @property
    def is_native_checkable(self) -> bool:
        return self.tag == "input" and self.type in ("checkbox", "radio")

    @property
    def is_autocomplete(self) -> bool:
        return self.role == "combobox" or self.has_list or self.autocomplete in ("list", "both")

    @property
    def may_suggest(self) -> bool:
        """A text field the page itself may complete: marked as one, or with the browser's own
        suggestions switched off (what script-made autocompletes do)."""
        return self.is_autocomplete or (
            self.browser_autocomplete == "off" and self.tag == "input" and self.type in ("", "text", "search")
        )


async def field_info(handle: Handle, timeout_ms: float) -> FieldInfo:
    raw: Any = await handle.evaluate(FIELD_JS, timeout_ms=timeout_ms)
    return FieldInfo.model_validate(raw)


def _input_error(message: str, retryable: bool = False) -> GhosttabError:
    return GhosttabError(StructuredError(
        kind=ErrorKind.INPUT, source=ErrorSource.ACTION, retryable=retryable, message=message))


async def type_into(
    handle: Handle, value: str, info: FieldInfo, timeout_ms: float, *, shown: str, secret: bool = False
) -> None:
    """Put `value` into the field. `shown` is how the value may appear in an error (never a secret).
    A read-only field (a picker's) gets its value set as the picker would, never a secret's."""
    if info.type in DATE_TYPES:
        converted = date_input_value(value, info.type)
        if converted is None:
            raise _input_error(f"cannot read {shown} as a {info.type} value")
        value = converted
    else:
        value = date_for_hint(value, info.placeholder) or value
    if info.readonly and not secret:
        await handle.evaluate(_SET_VALUE_JS, value, timeout_ms=timeout_ms)
        return
    if secret or parse_date(value) is None:
        await _type_text(handle, value, info, timeout_ms)
        return
    await handle.fill(value, timeout_ms)
    # Leave the field as a person clicking elsewhere would: the picker the typing opened takes the
    # typed date and closes. (Enter would submit some forms; Escape would close a dialog around the
    # field; Tab would focus the next field, and open its picker if it is a date field too.)
    await handle.evaluate("element => element.blur()", timeout_ms=timeout_ms)


async def _type_text(handle: Handle, value: str, info: FieldInfo, timeout_ms: float) -> None:
    if info.may_suggest:
        before = await _suggestions_shown(handle)
        await handle.fill("", timeout_ms)
        await handle.type(value, KEY_DELAY_MS, timeout_ms)
        await _wait_for_suggestions(handle, before)
    else:
        await handle.fill(value, timeout_ms)
    typed_into = value and info.tag in ("input", "textarea")
    if typed_into and await handle.evaluate(_LEFT_EMPTY_JS, timeout_ms=timeout_ms):
        # Focusing it set something off (a popup that disabled the form): the typing went nowhere.
        raise GhosttabError(StructuredError(
            kind=ErrorKind.ELEMENT, source=ErrorSource.ACTION, retryable=True,
            message="the field stayed empty after typing: the page disabled it"))


_LEFT_EMPTY_JS = "el => el.value === '' && (el.disabled || el.readOnly)"


_SUGGESTIONS_JS = """el => {
  const doc = el.ownerDocument;
  const shown = (n) => { const r = n.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const lists = doc.querySelectorAll('[role=option], [role=listbox], [role=menuitem], [role=menu], ' +
    '[class*=autocomplete] li, [class*=suggest] li, [class*=typeahead] li, datalist');
  return [...lists].filter(shown).length;
}"""


async def _suggestions_shown(handle: Handle) -> int:
    try:
        return int(await handle.evaluate(_SUGGESTIONS_JS, timeout_ms=1000))
    except PlaywrightError:
        return -1  # the field went away: a page that moved on needs no waiting


async def _wait_for_suggestions(handle: Handle, before: int) -> None:
    """Give an autocomplete its moment (they wait a few hundred milliseconds after the last key before
    they search) so the next observation sees its suggestions; return as soon as more show."""
    deadline = time.monotonic() + SUGGEST_WAIT_S
    while time.monotonic() < deadline:
        shown = await _suggestions_shown(handle)
        if shown < 0 or shown > before:
            return
        await asyncio.sleep(OPTION_POLL_S)


_SET_VALUE_JS = """(el, value) => {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set;
  setter.call(el, value);
  for (const type of ['input', 'change']) el.dispatchEvent(new Event(type, { bubbles: true }));
}"""


async def choose_native(handle: Handle, wanted: str, timeout_ms: float, also: Sequence[str] = ()) -> None:
    """Select the `<option>` whose value or label is `wanted` (or one of `also`), or the closest label."""
    pairs: Any = await handle.evaluate(
        "el => [...el.options].map(o => [o.value, (o.label || o.textContent || '').trim()])",
        timeout_ms=timeout_ms)
    values = [str(value) for value, _ in pairs]
    labels = [str(label) for _, label in pairs]
    index = pick_select_option(wanted, values, labels, also)
    if index is None:
        raise _no_option(wanted, labels)
    await handle.select_index(index, timeout_ms)


def _no_option(wanted: str, labels: list[str]) -> GhosttabError:
    listed = ", ".join(repr(label) for label in labels[:MAX_LISTED_OPTIONS])
    more = "…" if len(labels) > MAX_LISTED_OPTIONS else ""
    return GhosttabError(StructuredError(
        kind=ErrorKind.ELEMENT, source=ErrorSource.ACTION, retryable=False,
        message=f"no option like {wanted!r}; options are {listed}{more}"))


class NoEntries(GhosttabError):
    """A widget opened for choosing showed nothing to choose from."""


async def choose_custom(
    root: Root, handle: Handle, wanted: str, info: FieldInfo, timeout_ms: float
) -> None:
    """Open a custom dropdown (or type into an autocomplete) and click the entry most like `wanted`.
    Items floating over the page before it opened (another widget's) are not its entries."""
    await handle.evaluate(_FLOATING_ENTRIES_JS, True)
    if info.tag in ("input", "textarea") and not info.readonly:
        await handle.fill("", timeout_ms)
        await handle.type(wanted, KEY_DELAY_MS, timeout_ms)
    else:
        await _open(handle, timeout_ms)
    scope: Root | Locator = root
    if info.controls:
        scope = root.locator(f"[id={css_string(info.controls.split()[0])}]")
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        labels, entry = await _shown_entries(root, scope, handle)
        if labels or time.monotonic() >= deadline:
            break
        await asyncio.sleep(OPTION_POLL_S)
    if not labels:
        raise NoEntries(StructuredError(
            kind=ErrorKind.ELEMENT, source=ErrorSource.ACTION, retryable=True,
            message=f"the dropdown showed no options after opening it (wanted {wanted!r})"))
    several = await _several_entries(wanted, labels, entry(0), timeout_ms)
    for listed in several:
        await _press_option(entry(listed), timeout_ms)
    if several:
        return
    index = best_option(wanted, labels)
    if index is None:
        labels, entry, index = await _open_branches(root, scope, handle, wanted, (labels, entry), timeout_ms)
    if index is None:
        raise _no_option(wanted, labels)
    await _press_option(entry(index), timeout_ms)


_LISTED = re.compile(r"\s*(?:,|;|\band\b|&)\s*", re.I)


async def _several_entries(wanted: str, labels: list[str], first: Locator, timeout_ms: float) -> list[int]:
    """The entries a value lists ("print and dvd") in a list that takes several
    (`aria-multiselectable`), when no entry is the whole value; else none."""
    parts = [part for part in _LISTED.split(wanted) if part]
    if len(parts) < 2 or any(label.casefold() == wanted.strip().casefold() for label in labels):
        return []
    picked = [best_option(part, labels) for part in parts]
    if None in picked or len(set(picked)) != len(picked):
        return []
    multiple = await first.evaluate("e => !!e.closest('[aria-multiselectable=\"true\"]')", timeout=timeout_ms)
    return [index for index in picked if index is not None] if multiple else []


_BRANCH_POPUPS = ("true", "menu", "listbox")


async def _open_branches(
    root: Root,
    scope: Root | Locator,
    handle: Handle,
    wanted: str,
    shown: tuple[list[str], Callable[[int], Locator]],
    timeout_ms: float,
) -> tuple[list[str], Callable[[int], Locator], int | None]:
    """A cascading list (Travel > Taxi) whose entry is one level down: open each entry that has a
    list of its own, in turn, until the wanted entry shows."""
    labels, entry = shown
    branches = [
        index for index in range(min(len(labels), MAX_BRANCHES))
        if await entry(index).get_attribute("aria-haspopup", timeout=timeout_ms) in _BRANCH_POPUPS
    ]  # fmt: skip
    for index in branches:
        await _press_option(entry(index), timeout_ms)
        await asyncio.sleep(OPTION_POLL_S)
        labels, entry = await _shown_entries(root, scope, handle)
        found = best_option(wanted, labels)
        if found is not None:
            return labels, entry, found
    return labels, entry, None


# Entries of a list floating over the page that marks none of them as an option (rc-select draws
# its visible list without roles): the innermost visible items inside an absolutely or fixed
# positioned box that is not the widget's own, stamped so that a Locator can find each. Called with
# `before` true ahead of opening the list, it marks the items already shown, which are then left out.
_FLOATING_ENTRIES_JS = """(el, before) => {
  const doc = el.ownerDocument;
  const ITEM = 'li, [class*=option], [class*=item]';
  const floating = (n) => {
    for (let p = n; p && p !== doc.body; p = p.parentElement) {
      if (p.contains(el)) return false;
      const position = getComputedStyle(p).position;
      if (position === 'absolute' || position === 'fixed') return true;
    }
    return false;
  };
  const texts = [];
  for (const n of doc.querySelectorAll(ITEM)) {
    n.removeAttribute('data-gt-entry');
    if (before) n.removeAttribute('data-gt-shown-before');
    const r = n.getBoundingClientRect();
    const shown = n.checkVisibility({ checkOpacity: true, visibilityProperty: true });
    if (!r.width || !r.height || !shown) continue;
    const text = (n.innerText || '').trim();
    if (!text || text.length > 200 || n.querySelector(ITEM) || !floating(n)) continue;
    if (before) { n.setAttribute('data-gt-shown-before', ''); continue; }
    if (n.hasAttribute('data-gt-shown-before')) continue;
    n.setAttribute('data-gt-entry', String(texts.length));
    texts.push(text);
  }
  return texts;
}"""


async def _shown_entries(
    root: Root, scope: Root | Locator, handle: Handle
) -> tuple[list[str], Callable[[int], Locator]]:
    """The visible entries of the opened list and how to reach the i-th: those marked `option` (or
    `treeitem`, `menuitem`), else the items of a list floating over the page."""
    for role in OPTION_ROLES:
        options = scope.get_by_role(role).filter(visible=True)
        labels = [" ".join(text.split()) for text in await options.all_inner_texts()]
        if labels:
            return labels, options.nth
    texts: list[str] = await handle.evaluate(_FLOATING_ENTRIES_JS, False)
    labels = [" ".join(text.split()) for text in texts]
    return labels, lambda index: root.locator(f'[data-gt-entry="{index}"]')


# The mouse events of a click, sent to the element itself.
_CLICK_EVENTS_JS = """el => {
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
    const Kind = type.startsWith('pointer') && window.PointerEvent ? PointerEvent : MouseEvent;
    el.dispatchEvent(new Kind(type, { bubbles: true, cancelable: true, view: window, button: 0 }));
  }
}"""


async def _press_option(option: Locator, timeout_ms: float) -> None:
    """Click a dropdown entry. A list drawn under the next field (a stacking slip of the page: the
    field's box lies over the entry) gets the click's events sent to the entry itself."""
    try:
        await option.click(timeout=min(timeout_ms, OPEN_TRY_MS))
    except PlaywrightError as exc:
        if "intercepts pointer events" not in exc.message:
            await option.click(timeout=timeout_ms)  # slow to become clickable: wait the full time
            return
        await option.evaluate(_CLICK_EVENTS_JS, timeout=timeout_ms)


async def _open(handle: Handle, timeout_ms: float) -> None:
    """Click a dropdown open. A widget whose own search box lies over it (Choices.js) is clicked
    through, as a person's click lands on it."""
    try:
        await handle.click(min(timeout_ms, OPEN_TRY_MS))
    except PlaywrightError as exc:
        covered = "intercepts pointer events" in exc.message
        await handle.click(timeout_ms, force=covered)


# A box clipped out of sight shows through its label (perception/clipped.js).
_CLIPPED_JS = read_script("clipped.js")
# What a click at the element's centre would hit: the element, its own label (a styled box drawn
# over an invisible input), something else, or nothing because the element has no box or is clipped.
_HIT_JS = f"""el => {{
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height) return 'hidden';
  if (({_CLIPPED_JS})(el)) return 'hidden';
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return 'unknown';
  const hit = el.getRootNode().elementFromPoint(x, y);
  if (!hit || hit === el) return 'self';
  for (const l of el.labels || []) if (l.contains(hit)) return 'label';
  return 'covered';
}}"""


async def _label_of(root: Root, handle: Handle, info: FieldInfo) -> Locator | None:
    if info.id:
        by_for = root.locator(f"label[for={css_string(info.id)}]").filter(visible=True)
        if await by_for.count() >= 1:
            return by_for.first
    wrapping = (await handle.locator()).locator("xpath=ancestor::label[1]")
    if await wrapping.count() == 1:
        return wrapping
    return None


async def _becomes_checked(handle: Handle, checked: bool, timeout_ms: float) -> bool:
    """Whether the box shows the state within a moment: a framework may set it a tick after the click."""
    deadline = time.monotonic() + CHECK_SETTLE_S
    while (await field_info(handle, timeout_ms)).checked != checked:
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(OPTION_POLL_S)
    return True


async def set_checked(
    root: Root, handle: Handle, checked: bool, info: FieldInfo, timeout_ms: float
) -> None:
    """Check or uncheck a checkbox, pick a radio, or toggle a custom `role=checkbox/switch`."""
    if info.type == "radio" and not checked:
        raise _input_error("a radio button cannot be unchecked; choose another option of its group")
    if info.checked == checked:
        return
    hit = "self" if not info.is_native_checkable else await handle.evaluate(_HIT_JS, timeout_ms=timeout_ms)
    label = await _label_of(root, handle, info) if hit in ("label", "hidden") else None
    if not info.is_native_checkable:
        await handle.click(timeout_ms)
    elif label is not None:
        # The native input is hidden or drawn over by its own label: click what the user would click.
        await label.click(timeout=timeout_ms)
    elif hit == "unknown":
        # Off screen: Playwright scrolls it in; if its label turns out to be drawn over it, use that.
        try:
            await handle.set_checked(checked, timeout_ms)
        except PlaywrightError:
            label = await _label_of(root, handle, info)
            if label is None:
                raise
            await label.click(timeout=timeout_ms)
    elif hit != "hidden":
        await handle.set_checked(checked, timeout_ms)
    else:
        raise GhosttabError(StructuredError(
            kind=ErrorKind.ELEMENT, source=ErrorSource.ACTION, retryable=True,
            message="the checkbox is hidden and has no visible label to click"))
    if not await _becomes_checked(handle, checked, timeout_ms):
        raise GhosttabError(StructuredError(
            kind=ErrorKind.ELEMENT, source=ErrorSource.ACTION, retryable=True,
            message=f"the element is still {'un' if checked else ''}checked after clicking it"))
