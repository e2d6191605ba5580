"""Is the task done? The success criteria and the extraction fields, checked in one page round trip."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Page
from pydantic import BaseModel, Field

from ghosttab.spec import TaskSpec

_PROBE_JS = """
(selectors) => {
  const found = {};
  for (const [name, sel, attr] of selectors) {
    let node = null;
    try { node = document.querySelector(sel); } catch (e) { node = null; }
    if (!node) continue;
    found[name] = attr ? (node.getAttribute(attr) || '') : (node.innerText || node.textContent || '').trim();
  }
  return {text: document.body ? document.body.innerText : '', url: location.href, found};
}
"""


class PageProbe(BaseModel):
    text: str
    url: str
    found: dict[str, str] = Field(default_factory=dict)


class SuccessCheck(BaseModel):
    met: bool
    extracted: dict[str, str] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)


async def probe(page: Page, spec: TaskSpec) -> PageProbe:
    selectors = [[name, f.selector, f.attribute] for name, f in spec.extract.items() if f.selector]
    raw: Any = await page.evaluate(_PROBE_JS, selectors)
    return PageProbe.model_validate(raw)


def check(spec: TaskSpec, page: PageProbe, downloads: list[str], extracted: dict[str, str]) -> SuccessCheck:
    """Merge newly found fields into `extracted` and say which criteria still fail."""
    merged = dict(extracted)
    merged.update(extract_fields(spec, page))
    success = spec.success
    missing: list[str] = []
    if success.text and _fold(success.text) not in _fold(page.text):
        missing.append(f"text {success.text!r}")
    if success.url_contains and success.url_contains not in page.url:
        missing.append(f"url containing {success.url_contains!r}")
    if success.download and not downloads:
        missing.append("a download")
    if success.extracted:
        missing += [f"field {name!r}" for name in spec.extract if name not in merged]
    met = not success.is_empty and not missing
    return SuccessCheck(met=met, extracted=merged, missing=missing)


def extract_fields(spec: TaskSpec, page: PageProbe) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, field in spec.extract.items():
        if field.selector:
            value = page.found.get(name, "")
            if field.pattern and value:
                match = re.search(field.pattern, value)
                value = match.group(0) if match else ""
            if value:
                values[name] = value
        elif field.pattern:
            match = re.search(field.pattern, page.text)
            if match:
                values[name] = match.group(match.lastindex or 0) if match.lastindex == 1 else match.group(0)
    return values


def _fold(text: str) -> str:
    return " ".join(text.lower().split())
