"""Closing what lies over the page: modal dialogs, newsletter pop-ups, cookie-consent banners.

One page script finds the overlays (open dialogs, plus fixed or sticky boxes hit by a grid of
points over the viewport), keeps those that are dialogs, consent banners or large enough to block
the page, and marks the button in them that closes them without doing anything else ("Close", "×",
"No thanks", "Reject", "Accept all" ...). The button is then clicked like a person would, and the
overlay must be gone afterwards for the dismissal to count. Links that lead elsewhere ("cookie
policy") and buttons that act ("Subscribe") are never chosen.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from pydantic import BaseModel

from ghosttab.perception.models import Observation

DISMISS_ATTRIBUTE = "data-gt-dismiss"
CONSENT_WORDS = re.compile(r"\b(cookies?|consent|gdpr)\b", re.IGNORECASE)
CLICK_TIMEOUT_MS = 3000
GONE_TIMEOUT_MS = 2500

# Most specific first: a plain close beats declining, declining beats accepting.
DISMISS_NAMES = (
    "close", "×", "✕", "✖", "x", "dismiss", "close dialog", "close modal", "no thanks", "no, thanks",
    "not now", "maybe later", "skip", "reject all", "reject", "decline", "deny", "only necessary",
    "necessary only", "continue without accepting", "got it", "ok", "okay", "understood",
    "accept all", "accept", "allow all", "agree", "i agree", "accept cookies",
)

_FIND_JS = """([attr, names, consentOnly]) => {
  const W = window.innerWidth, H = window.innerHeight;
  const CONSENT = /\\b(cookies?|consent|gdpr)\\b/i;
  for (const old of document.querySelectorAll('[' + attr + ']')) old.removeAttribute(attr);
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    if (r.bottom <= 0 || r.top >= H || r.right <= 0 || r.left >= W) return false;
    return !el.checkVisibility || el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  };
  const overlays = [];
  const seen = new Set();
  const add = (el, dialog) => { if (!seen.has(el)) { seen.add(el); overlays.push({ el, dialog }); } };
  const DIALOGS = 'dialog[open],[role="dialog"],[role="alertdialog"],[aria-modal="true"]';
  for (const el of document.querySelectorAll(DIALOGS)) {
    if (shown(el)) add(el, true);
  }
  for (let i = 1; i <= 5; i++) {
    for (let j = 1; j <= 5; j++) {
      let el = document.elementFromPoint(W * i / 6, H * j / 6);
      for (; el && el !== document.body && el !== document.documentElement; el = el.parentElement) {
        const pos = getComputedStyle(el).position;
        if (pos === 'fixed' || pos === 'sticky') { add(el, false); break; }
      }
    }
  }
  const nameOf = (b) => (b.getAttribute('aria-label') || b.innerText || b.value || b.title || '')
    .replace(/\\s+/g, ' ').trim().toLowerCase();
  const rankOf = (b) => {
    const name = nameOf(b);
    let best = -1;
    names.forEach((word, rank) => {
      if (best >= 0) return;
      if (name === word) best = rank;
      else if (word.length > 2 && name.length <= word.length + 12
        && (' ' + name + ' ').includes(' ' + word + ' ')) best = rank;
    });
    if (best < 0 && /(^|[-_ ])close([-_ ]|$)/i.test(String(b.className || ''))) best = 0;
    return best;
  };
  for (const { el, dialog } of overlays) {
    const text = (el.innerText || '').replace(/\\s+/g, ' ').trim();
    const consent = CONSENT.test(text + ' ' + (el.getAttribute('aria-label') || ''));
    const r = el.getBoundingClientRect();
    const large = r.width * r.height >= 0.3 * W * H;
    if (consentOnly ? !consent : !(dialog || consent || large)) continue;
    let best = null, bestRank = names.length;
    const buttons = el.querySelectorAll('button,[role="button"],a,input[type="button"],input[type="submit"]');
    for (const b of buttons) {
      if (!shown(b) || b.disabled) continue;
      const href = b.tagName === 'A' ? (b.getAttribute('href') || '') : '';
      if (href && !href.startsWith('#') && !href.startsWith('javascript:')) continue;
      const rank = rankOf(b);
      if (rank >= 0 && rank < bestRank) { best = b; bestRank = rank; }
    }
    if (!best) continue;
    best.setAttribute(attr, '1');
    return { kind: consent ? 'banner' : 'dialog', button: nameOf(best), text: text.slice(0, 200) };
  }
  return null;
}"""

_GONE_JS = """(attr) => {
  const b = document.querySelector('[' + attr + ']');
  if (!b || !b.isConnected) return true;
  const r = b.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return true;
  return Boolean(b.checkVisibility) && !b.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
}"""


class Overlay(BaseModel):
    """Something over the page and the button that closes it."""

    kind: Literal["dialog", "banner"]
    button: str
    text: str = ""


class Dismissal(BaseModel):
    overlay: Overlay | None = None
    closed: bool = False
    how: str = ""


def may_show_consent(observation: Observation) -> bool:
    """Cheap first look: does anything on the page talk about cookies or consent?"""
    # The text the element lines leave unsaid (a banner's own words), not every link name on the
    # page: a "Cookies" link in the footer is not a banner.
    shown = observation.text if observation.extra_text is None else observation.extra_text
    parts = [shown, *observation.headings, *observation.dialogs]
    parts += [f"{e.name} {e.context}" for e in observation.elements if e.tag == "button"]
    return any(CONSENT_WORDS.search(part) for part in parts if part)


async def find_overlay(page: Page, consent_only: bool = False) -> Overlay | None:
    """The overlay on `page` that a dismiss button would close (that button is then marked)."""
    try:
        raw: Any = await page.evaluate(_FIND_JS, [DISMISS_ATTRIBUTE, list(DISMISS_NAMES), consent_only])
    except PlaywrightError:
        return None
    return Overlay.model_validate(raw) if raw else None


async def dismiss_overlay(page: Page, consent_only: bool = False) -> Dismissal:
    """Close the overlay over `page`, if any: its dismiss button, else the Escape key."""
    overlay = await find_overlay(page, consent_only)
    if overlay is None:
        if consent_only:
            return Dismissal()
        return await _escape(page)
    try:
        await page.locator(f"[{DISMISS_ATTRIBUTE}]").first.click(timeout=CLICK_TIMEOUT_MS)
    except PlaywrightError:
        return await _escape(page, overlay)
    return Dismissal(overlay=overlay, closed=await _gone(page), how=f"clicked {overlay.button!r}")


async def _escape(page: Page, overlay: Overlay | None = None) -> Dismissal:
    """No button to click: Escape closes most dialogs; closed when nothing is left to dismiss."""
    try:
        await page.keyboard.press("Escape")
        await page.wait_for_timeout(200)
    except PlaywrightError:
        return Dismissal(overlay=overlay, how="pressed Escape")
    if overlay is None:
        return Dismissal(how="found nothing to close; pressed Escape")
    left = await find_overlay(page)
    return Dismissal(overlay=overlay, closed=left is None, how="pressed Escape")


async def _gone(page: Page) -> bool:
    try:
        await page.wait_for_function(_GONE_JS, arg=DISMISS_ATTRIBUTE, timeout=GONE_TIMEOUT_MS)
    except PlaywrightError:
        return False
    return True
