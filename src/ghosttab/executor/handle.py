"""The element an action works on, reached the cheap way when it can be.

An observed element carries its ref (`data-gt-ref`). `RefHandle` reaches it with one `page.evaluate`
and acts through CDP input events, as Playwright does, but without Playwright's selector engine:
that engine is a 340 kB script Chromium compiles into every document a locator touches (about 40 ms
of renderer CPU each), plus four or five round trips per locator call. Each step checks what
Playwright's actionability checks would (attached, visible, enabled, stable for two frames, not
covered at the point clicked); when one fails, that one step falls back to the element's Playwright
`Locator`, found by the ref or by its durable locator, with Playwright's waits. `Handle` is
that path on its own, for elements inside iframes or without a ref.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from playwright.async_api import Locator, Page

from ghosttab.aio import within
from ghosttab.perception.scripts import read_script

# Finds the one element holding the ref in the main document, or null.
_FIND_JS = """(ref) => {
  const found = document.querySelectorAll('[data-gt-ref="' + CSS.escape(ref) + '"]');
  return found.length === 1 ? found[0] : null;
}"""

_USABLE_JS = """(el) => {
  if (!el.isConnected) return false;
  if (el.disabled === true || el.closest('fieldset[disabled]') && 'disabled' in el) return false;
  if (el.getAttribute('aria-disabled') === 'true') return false;
  const style = getComputedStyle(el);
  if (style.visibility !== 'visible') return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}"""

# A click on the text a select box shows is a click on the box (perception/widget.js).
_SAME_WIDGET_JS = read_script("widget.js")

# Scroll the element into view, wait until its box holds still for two frames, and return the centre
# point, or else the first point of its box that shows, when a click there lands on the element itself
# (or something inside it).
# How often a hovered target is aimed at again (two frames each) while its hover style settles (an
# image still loading has no size yet).
_HOVER_AIMS = 6
_POINT_JS = f"""async ([ref]) => {{
  const _AIM_POINTS = [[0.5, 0.5], [0.25, 0.5], [0.75, 0.5], [0.5, 0.25], [0.5, 0.75],
    [0.15, 0.25], [0.85, 0.25], [0.15, 0.75], [0.85, 0.75], [0.08, 0.5], [0.92, 0.5]];
  const el = ({_FIND_JS})(ref);
  if (!el || !({_USABLE_JS})(el)) return null;
  const r = el.getBoundingClientRect();
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
    el.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }});
  const frame = () => new Promise((done) => {{
    requestAnimationFrame(() => done(true)); setTimeout(() => done(false), 200); }});
  const same = (a, b) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
  if (!await frame()) return null;
  const a = el.getBoundingClientRect();
  if (!await frame()) return null;
  const b = el.getBoundingClientRect();
  if (!same(a, b)) return null;
  const lands = (x, y) => {{
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit) || ({_SAME_WIDGET_JS})(el, hit));
  }};
  // The centre first; where another element lies over it, the part of the box that shows, as a person
  // aims at what they can see of a button another overlaps.
  for (const [fx, fy] of _AIM_POINTS) {{
    const x = b.left + b.width * fx, y = b.top + b.height * fy;
    if (lands(x, y)) return [x, y];
  }}
  return null;
}}"""

# Playwright's fill, step for step: value-typed inputs get their value set, text fields get their
# text selected and focused so that typing replaces it.
_FILL_JS = f"""([ref, value]) => {{
  const el = ({_FIND_JS})(ref);
  if (!el || !({_USABLE_JS})(el)) return null;
  const focused = () => el.getRootNode().activeElement === el;
  if (el.tagName === 'INPUT') {{
    const type = el.type.toLowerCase();
    if (el.readOnly) return null;
    if (['color', 'date', 'time', 'datetime-local', 'month', 'range', 'week'].includes(type)) {{
      value = value.trim();
      el.focus();
      el.value = value;
      if (el.value !== value) return null;
      el.dispatchEvent(new Event('input', {{ bubbles: true, composed: true }}));
      el.dispatchEvent(new Event('change', {{ bubbles: true }}));
      return ['done', value];
    }}
    if (!['', 'email', 'number', 'password', 'search', 'tel', 'text', 'url'].includes(type)) return null;
    if (type === 'number') {{ value = value.trim(); if (isNaN(Number(value))) return null; }}
    el.select();
    el.focus();
  }} else if (el.tagName === 'TEXTAREA') {{
    if (el.readOnly) return null;
    el.selectionStart = 0;
    el.selectionEnd = el.value.length;
    el.focus();
  }} else if (el.isContentEditable) {{
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    el.focus();
  }} else return null;
  return focused() ? ['type', value] : null;
}}"""

_FOCUS_JS = f"""([ref]) => {{
  const el = ({_FIND_JS})(ref);
  if (!el || !({_USABLE_JS})(el)) return false;
  el.focus();
  return el.getRootNode().activeElement === el;
}}"""

# Playwright's selectOption by index: the option is selected, then `input` and `change` fire.
# The options a list that takes several (`<select multiple>`) has chosen already, kept by another choice.
_KEPT_OPTIONS_JS = "el => el.multiple ? [...el.options].filter(o => o.selected).map(o => o.index) : []"

_SELECT_JS = f"""([ref, index]) => {{
  const el = ({_FIND_JS})(ref);
  if (!el || el.tagName !== 'SELECT' || el.disabled) return false;
  const option = el.options[index];
  if (!option) return false;
  if (!el.multiple) el.value = undefined;  // a list that takes several keeps what is chosen already
  option.selected = true;
  el.dispatchEvent(new Event('input', {{ bubbles: true, composed: true }}));
  el.dispatchEvent(new Event('change', {{ bubbles: true }}));
  return true;
}}"""

# A menu entry that holds a submenu (aria-haspopup, no link of its own): resolves true once the
# pointer resting on it opened the submenu (hover menus, jQuery UI's, open after a short delay), false
# when it is no such entry or nothing opened within `max` ms. Pressing such an entry would choose it.
_HOVER_OPENED_JS = f"""async ([ref, max]) => {{
  const el = ({_FIND_JS})(ref);
  const popup = el && el.getAttribute('aria-haspopup');
  if (!popup || popup === 'false' || el.closest('a[href]')) return false;
  const controlled = (el.getAttribute('aria-controls') || el.getAttribute('aria-owns') || '').split(/\\s+/);
  const menus = [el.nextElementSibling, el.querySelector('[role=menu]'),
    ...controlled.map((id) => id && document.getElementById(id))].filter((m) => m && m !== el);
  const shown = (m) => {{ const r = m.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(m).visibility === 'visible'; }};
  const opened = () => el.getAttribute('aria-expanded') === 'true' || menus.some(shown);
  if (opened()) return false;
  const end = performance.now() + max;
  while (performance.now() < end) {{
    await new Promise((done) => setTimeout(done, 40));
    if (opened()) return true;
  }}
  return false;
}}"""
# How long the pointer rests on a submenu's entry for the submenu to open (jQuery UI waits 300 ms).
SUBMENU_WAIT_MS = 600


def on_ref(js: str) -> str:
    """`js` (a function of the element and one argument) run on the element holding a ref."""
    return (f"async ([ref, arg]) => {{ const el = ({_FIND_JS})(ref); "
            f"return el ? [true, await ({js})(el, arg)] : [false, null]; }}")


class Handle:
    """An element reached through a Playwright Locator, with Playwright's own waits."""

    def __init__(self, locator: Locator) -> None:
        self._locator = locator

    @property
    def reached_by_locator(self) -> bool:
        return True

    async def locator(self) -> Locator:
        return self._locator

    async def evaluate(self, js: str, arg: Any = None, timeout_ms: float = 10_000) -> Any:
        return await self._locator.evaluate(js, arg, timeout=timeout_ms)

    async def click(self, timeout_ms: float, force: bool = False) -> None:
        await self._locator.click(timeout=timeout_ms, force=force)

    async def fill(self, value: str, timeout_ms: float) -> None:
        await self._locator.fill(value, timeout=timeout_ms)

    async def press(self, key: str, timeout_ms: float) -> None:
        await self._locator.press(key, timeout=timeout_ms)

    async def type(self, value: str, delay_ms: float, timeout_ms: float) -> None:
        await self._locator.press_sequentially(value, delay=delay_ms, timeout=timeout_ms)

    async def select_index(self, index: int, timeout_ms: float) -> None:
        hidden = not await self._locator.is_visible()
        kept: list[int] = await self._locator.evaluate(_KEPT_OPTIONS_JS, timeout=timeout_ms)
        # A native select hidden under a custom widget is still the form's value: set it directly.
        await self._locator.select_option(index=[*kept, index], timeout=timeout_ms, force=hidden)

    async def set_checked(self, checked: bool, timeout_ms: float) -> None:
        await self._locator.set_checked(checked, timeout=timeout_ms)


class RefHandle(Handle):
    """An element of the main document reached by its ref; each step falls back to the Locator."""

    def __init__(
        self, page: Page, ref: str, find_locator: Callable[[], Awaitable[Locator]], timeout_ms: float = 10_000
    ) -> None:
        self.page = page
        self.ref = ref
        self._find_locator = find_locator
        self._found: Locator | None = None
        self._timeout_s = timeout_ms / 1000

    async def _run(self, js: str, *args: Any) -> Any:
        """`js` evaluated in the page with the ref and `args`; a page that does not answer times out."""
        return await within(self.page.evaluate(js, [self.ref, *args]), self._timeout_s)

    async def _click_at(self, point: list[float]) -> None:
        await within(self.page.mouse.click(point[0], point[1]), self._timeout_s)

    @property
    def reached_by_locator(self) -> bool:
        """Whether a step had to fall back to the Locator."""
        return self._found is not None

    async def locator(self) -> Locator:
        if self._found is None:
            self._found = await self._find_locator()
        return self._found

    async def _fallback(self) -> Handle:
        return Handle(await self.locator())

    async def evaluate(self, js: str, arg: Any = None, timeout_ms: float = 10_000) -> Any:
        found, value = await self._run(on_ref(js), arg)
        if found:
            return value
        return await (await self._fallback()).evaluate(js, arg, timeout_ms)

    async def click(self, timeout_ms: float, force: bool = False) -> None:
        point = None if force else await self._run(_POINT_JS)
        if point is None:
            await (await self._fallback()).click(timeout_ms, force)
            return
        # The pointer goes there first, as a person's does: a hover style (an icon swapped for its
        # highlighted image) may move or resize the target, so it is aimed at again before the press.
        await within(self.page.mouse.move(point[0], point[1]), self._timeout_s)
        for _ in range(_HOVER_AIMS):
            again = await self._run(_POINT_JS)
            if again is not None:
                point = again
                break
        if await self._run(_HOVER_OPENED_JS, SUBMENU_WAIT_MS):
            return  # the submenu is open: what the press was for
        await self._click_at(point)

    async def fill(self, value: str, timeout_ms: float) -> None:
        prepared = await self._run(_FILL_JS, value)
        if prepared is None:
            await (await self._fallback()).fill(value, timeout_ms)
            return
        step, typed = prepared
        if step == "type":
            if typed:
                await within(self.page.keyboard.insert_text(typed), self._timeout_s)
            else:
                await within(self.page.keyboard.press("Delete"), self._timeout_s)

    async def _focus(self) -> bool:
        return bool(await self._run(_FOCUS_JS))

    async def press(self, key: str, timeout_ms: float) -> None:
        if not await self._focus():
            await (await self._fallback()).press(key, timeout_ms)
            return
        await within(self.page.keyboard.press(key), self._timeout_s)

    async def type(self, value: str, delay_ms: float, timeout_ms: float) -> None:
        if not await self._focus():
            await (await self._fallback()).type(value, delay_ms, timeout_ms)
            return
        await self.page.keyboard.type(value, delay=delay_ms)

    async def select_index(self, index: int, timeout_ms: float) -> None:
        if not await self._run(_SELECT_JS, index):
            await (await self._fallback()).select_index(index, timeout_ms)

    async def set_checked(self, checked: bool, timeout_ms: float) -> None:
        """Click the box (the caller knows its state differs and checks it afterwards)."""
        point = await self._run(_POINT_JS)
        if point is None:
            await (await self._fallback()).set_checked(checked, timeout_ms)
            return
        await self._click_at(point)
