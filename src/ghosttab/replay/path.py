"""A replayable path: the steps a succeeded task took, with its values as slots, and where replay is.

Each step keeps its action (the target as a locator bundle: role and accessible name, label, id,
input name, placeholder, text, href, CSS path, frame chain; no observation index or ref, which die
with the page) and the page it acted on (its URL as a template, without the query).
"""

from __future__ import annotations

from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from ghosttab.actions import Action, parse_action
from ghosttab.replay.template import Slots


class PathStep(BaseModel):
    action: dict[str, Any]  # the Action's JSON, every string a template
    page: str  # the URL template of the page it acted on: scheme, host, path, fragment


class ReplayPath(BaseModel):
    """What a shape's tasks replay. `version` grows each time a healed replay rewrites it."""

    key: str
    site: str
    goal_template: str
    data_keys: list[str] = Field(default_factory=list)
    steps: list[PathStep]
    version: int = 1
    taught: bool = False  # recorded from a person's demonstration, not a run
    learned_from: str = ""  # the task id it was recorded from
    first_run_s: float = 0.0  # how long finding the way took: what each replay saves, less its own time
    # The goal's quoted values no stored step holds ('the button labelled "x"' pressed "Close"): the path
    # serves only tasks whose goal quotes the same, since nothing shows where another value would go.
    fixed: dict[str, str] = Field(default_factory=dict)


class CacheOutcome(str, Enum):
    HIT = "hit"  # replayed from start to success with no decider
    HEALED = "healed"  # replayed, some steps decided by the navigator; the path was updated
    MISS = "miss"  # no usable path: found by the navigator, and recorded


class CacheUse(BaseModel):
    """How a task used the path cache; in its result."""

    outcome: CacheOutcome
    reason: str = ""  # why a miss missed (no path, expired, retired, values missing, replay failed)
    version: int = 0
    replayed_steps: int = 0
    healed_steps: int = 0
    saved_s: float = 0.0


def page_of(url: str) -> str:
    """A page's identity for replay: where it is, not the query that carries a session's state."""
    parts = urlsplit(url)
    fragment = f"#{parts.fragment}" if parts.fragment.startswith(("/", "!")) else ""
    return f"{parts.scheme}://{parts.netloc}{parts.path}{fragment}"


def _fill(value: Any, slots: Slots) -> Any:
    if isinstance(value, str):
        return slots.render(value)
    if isinstance(value, list):
        return [_fill(item, slots) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, slots) for key, item in value.items()}
    return value


def _template(value: Any, slots: Slots, keep: frozenset[str]) -> Any:
    if isinstance(value, str):
        return slots.template(value)
    if isinstance(value, list):
        return [_template(item, slots, keep) for item in value]
    if isinstance(value, dict):
        return {key: item if key in keep else _template(item, slots, keep) for key, item in value.items()}
    return value


# Keys of an action's JSON that name things of the task or the page kind, never a value.
_REFERENCES = frozenset({"kind", "field", "secret", "part", "tag", "role", "input_type", "direction", "key"})


def templated_action(action: Action, slots: Slots) -> dict[str, Any]:
    """`action` as a path keeps it: no observation index or ref, every value as a slot."""
    body = action.model_dump(mode="json", exclude_none=True)
    target = body.get("target")
    if isinstance(target, dict):
        body["target"] = {"locator": target.get("locator", {})}
    templated: dict[str, Any] = _template(body, slots, _REFERENCES)
    return templated


def rendered_action(step: PathStep, slots: Slots) -> Action:
    return parse_action(_fill(step.action, slots))
