"""Where one task is in its path, and finding a stored step's element on the page it sees now."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ghosttab.actions import ElementLocator
from ghosttab.perception.models import Element, Observation
from ghosttab.replay.path import ReplayPath, page_of
from ghosttab.replay.template import Slots

# How much each locator feature says that an element is the one recorded: an id or an input name
# is near-certain, an accessible name with its role strong, a bare text or CSS path weak.
FEATURE_WEIGHTS: dict[str, float] = {
    "element_id": 3.0,
    "input_name": 3.0,
    "role_name": 2.5,
    "label": 2.0,
    "placeholder": 1.5,
    "href": 2.0,
    "text": 1.0,
    "css": 0.5,
}
# A match needs this much evidence: one strong feature, or two weaker ones.
MIN_MATCH_SCORE = 2.0


def _same(a: str, b: str) -> bool:
    return bool(a) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def match_score(locator: ElementLocator, element: Element) -> float:
    """Evidence that `element` is the element `locator` recorded; a different kind scores 0."""
    if locator.tag and element.tag and locator.tag != element.tag:
        return 0.0
    if tuple(element.frames) != locator.frames:
        return 0.0
    found = {
        "element_id": _same(locator.element_id, element.element_id),
        "input_name": _same(locator.input_name, element.input_name)
        and locator.input_type == element.input_type,
        "role_name": _same(locator.name, element.name) and locator.role == element.role,
        "label": _same(locator.label, element.label),
        "placeholder": _same(locator.placeholder, element.placeholder),
        "href": _same(locator.href, element.href),
        "text": _same(locator.text, element.name),
        "css": _same(locator.css, element.css),
    }
    return sum(FEATURE_WEIGHTS[feature] for feature, hit in found.items() if hit)


def find_element(locator: ElementLocator, observation: Observation) -> Element | None:
    """The one element of the observation the locator means, or None when none or several fit."""
    scored = sorted(
        ((match_score(locator, element), element) for element in observation.elements),
        key=lambda pair: pair[0], reverse=True,
    )  # fmt: skip
    if not scored or scored[0][0] < MIN_MATCH_SCORE:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


class ReplayCursor(BaseModel):
    """One task's replay: its path, its values, the next stored step, what was replayed or healed."""

    path: ReplayPath
    slots: Slots
    position: int = 0
    offered: int | None = None  # the stored step last handed to the runner
    offered_at: int = -1  # how many steps the task had taken then
    replayed: int = 0
    healed: list[int] = Field(default_factory=list)
    # A stored step whose element was missing, or whose action failed, once: something may stand in
    # its way for a step (a popup that disabled the form), so it is tried again before it is healed.
    missed: int | None = None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.path.steps)

    def next_on(self, url: str) -> int | None:
        """The first stored step from the position on whose page is the page at `url`."""
        here = page_of(url)
        for index in range(self.position, len(self.path.steps)):
            if self.slots.render(self.path.steps[index].page) == here:
                return index
        return None

    def last_offer_failed(self, steps_taken: int, last_ok: bool | None) -> bool:
        return self.offered is not None and steps_taken == self.offered_at + 1 and last_ok is False
