"""Is the task done? Success criteria, extraction fields and a cheap page-state hash, in one round trip.

The search runs inside the page so a 20,000-row table never crosses the wire as text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from playwright.async_api import Page
from pydantic import BaseModel, Field

from ghosttab.aio import within
from ghosttab.perception.scripts import splice
from ghosttab.spec import TaskSpec

# Playwright's evaluate has no timeout of its own; a page that never answers must not hold the task.
PROBE_TIMEOUT_S = 15.0

_PROBE_TEMPLATE = """
({needle, patterns, selectors}) => {
  const pageState = /* @state.js */;
  const body = document.body;
  const text = body ? body.innerText : '';
  const fold = (s) => s.toLowerCase().replace(/\\s+/g, ' ');
  const found = {};
  const unsupported = [];
  for (const [name, source] of patterns) {
    let re = null;
    try { re = new RegExp(source); } catch (e) { unsupported.push(name); continue; }
    const m = text.match(re);
    if (m) found[name] = m[1] !== undefined && m.length === 2 ? m[1] : m[0];
  }
  for (const [name, sel, attr, pattern] of selectors) {
    let node = null;
    try { node = document.querySelector(sel); } catch (e) { node = null; }
    if (!node) continue;
    let value = attr ? (node.getAttribute(attr) || '') : (node.innerText || node.textContent || '').trim();
    if (pattern) {
      let re = null;
      try { re = new RegExp(pattern); } catch (e) { re = null; }
      const m = re ? value.match(re) : null;
      value = m ? m[0] : '';
    }
    if (value) found[name] = value;
  }
  return {
    url: location.href,
    has_text: needle ? fold(text).includes(fold(needle)) : false,
    found, unsupported,
    text: unsupported.length ? text : '',
    state: pageState(text),
  };
}
"""


@cache
def _probe_script() -> str:
    return splice(_PROBE_TEMPLATE)


class PageProbe(BaseModel):
    url: str
    has_text: bool = False
    found: dict[str, str] = Field(default_factory=dict)
    unsupported: list[str] = Field(default_factory=list)
    text: str = ""
    state: str = ""


class SuccessCheck(BaseModel):
    met: bool
    extracted: dict[str, str] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)


async def probe(page: Page, spec: TaskSpec) -> PageProbe:
    patterns = [[name, f.pattern] for name, f in spec.extract.items() if f.pattern and not f.selector]
    selectors = [[name, f.selector, f.attribute, f.pattern] for name, f in spec.extract.items() if f.selector]
    arguments = {"needle": spec.success.text or "", "patterns": patterns, "selectors": selectors}
    raw: Any = await within(page.evaluate(_probe_script(), arguments), PROBE_TIMEOUT_S)
    result = PageProbe.model_validate(raw)
    # Patterns JavaScript cannot compile (Python-only syntax) are searched here instead.
    for name in result.unsupported:
        pattern = spec.extract[name].pattern or ""
        match = re.search(pattern, result.text)
        if match:
            result.found[name] = match.group(1) if match.re.groups == 1 else match.group(0)
    return result


def check(spec: TaskSpec, page: PageProbe, downloads: list[str], extracted: dict[str, str]) -> SuccessCheck:
    """Merge newly found fields into `extracted` and say which criteria still fail."""
    merged = {**extracted, **page.found}
    success = spec.success
    missing: list[str] = []
    if success.text and not page.has_text:
        missing.append(f"text {success.text!r}")
    if success.url_contains and success.url_contains not in page.url:
        missing.append(f"url containing {success.url_contains!r}")
    if success.download and not downloads:
        missing.append("a download")
    if success.extracted:
        missing += [f"field {name!r}" for name in spec.extract if name not in merged]
    met = not success.is_empty and not missing
    return SuccessCheck(met=met, extracted=merged, missing=missing)
