"""Small builders shared by the executor tests."""

from __future__ import annotations

from typing import Any

from ghosttab.actions import ElementLocator, ElementTarget


def target(ref: str | None = None, **locator: Any) -> ElementTarget:
    """An ElementTarget with an optional observation ref and durable locator fields."""
    return ElementTarget(ref=ref, locator=ElementLocator.model_validate(locator))
