"""Perception: a Playwright page -> a token-budgeted Observation, in one round trip."""

from __future__ import annotations

from ghosttab.perception.models import Element, Observation, PageSummary, SelectOption
from ghosttab.perception.observe import listener_hook, observe
from ghosttab.perception.render import estimate_tokens, render_compact, render_element

__all__ = [
    "Element",
    "Observation",
    "PageSummary",
    "SelectOption",
    "estimate_tokens",
    "listener_hook",
    "observe",
    "render_compact",
    "render_element",
]
