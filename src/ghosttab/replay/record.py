"""Recording a path from a task that succeeded: the steps that moved it forward, values as slots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ghosttab.actions import Action, Scroll, TypeText
from ghosttab.replay.key import Shape
from ghosttab.replay.path import PathStep, ReplayPath, page_of, templated_action
from ghosttab.replay.template import Slots


class TakenStep(Protocol):
    """A step a task took (the navigator's PastStep, a person's demonstrated step)."""

    @property
    def url(self) -> str: ...

    @property
    def action(self) -> Action: ...

    @property
    def ok(self) -> bool: ...


# Steps a path keeps: the ones that change the page or what it holds. Scrolling and waiting were
# how the navigator looked around; the executor finds a replayed step's element wherever it is.
REPLAYED_KINDS = frozenset({"navigate", "click", "type", "select", "check", "press", "download", "back"})


# A scroll this long goes to a box's end because the goal asked it ("scroll the text to the bottom"):
# a step of the path, unlike a page-at-a-time look around.
SCROLL_TO_END_PAGES = 50.0


def _replayed(action: Action) -> bool:
    if isinstance(action, Scroll):
        return action.pages >= SCROLL_TO_END_PAGES
    return action.kind in REPLAYED_KINDS


def path_steps(history: Sequence[TakenStep], slots: Slots) -> list[PathStep]:
    """The steps that worked, in order, without a step repeated straight after itself."""
    steps: list[PathStep] = []
    for past in history:
        if not past.ok or not _replayed(past.action):
            continue
        step = PathStep(action=templated_action(past.action, slots), page=slots.template(page_of(past.url)))
        if steps and steps[-1] == step:
            continue
        steps.append(step)
    return steps


def _read_off_the_page(action: Action, slots: Slots) -> bool:
    """Typed text that is none of the task's values (text copied from the page, a value read out of
    a table): another task of the shape sees another page, so the path cannot replay it."""
    if not isinstance(action, TypeText) or action.text is None or not action.text.strip():
        return False
    return "{" not in slots.template(action.text).replace("{{", "")


def learn_path(
    shape: Shape,
    history: Sequence[TakenStep],
    slots: Slots,
    task_id: str,
    seconds: float,
    version: int = 1,
    taught: bool = False,
) -> ReplayPath | None:
    """The path a succeeded task leaves for its shape, or None when it took no replayable step."""
    steps = path_steps(history, slots)
    if not steps or any(_read_off_the_page(past.action, slots) for past in history if past.ok):
        return None
    held = "".join(step.model_dump_json() for step in steps)
    fixed = {slot: value for slot, value in slots.values.items()
             if slot.startswith("goal.") and "{" + slot + "}" not in held}  # fmt: skip
    return ReplayPath(
        key=shape.key, site=shape.site, goal_template=shape.goal_template, data_keys=shape.data_keys,
        steps=steps, version=version, learned_from=task_id, first_run_s=seconds, taught=taught, fixed=fixed,
    )  # fmt: skip
