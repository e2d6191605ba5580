"""Which of a task's steps a learned path keeps."""

from __future__ import annotations

from ghosttab.actions import Click, ElementLocator, ElementTarget, Scroll, Wait
from ghosttab.navigator.base import PastStep
from ghosttab.replay.record import path_steps
from ghosttab.replay.template import Slots


def _past(action: Scroll | Wait | Click) -> PastStep:
    return PastStep(url="http://127.0.0.1/form", page_hash="h", action=action, ok=True)


def test_a_scroll_to_the_end_is_kept_a_look_around_is_not() -> None:
    button = ElementLocator(tag="button", name="Submit")
    submit = Click(target=ElementTarget(index=1, ref="1", locator=button))
    history = [_past(Scroll(direction="down")), _past(Wait(seconds=1)),
               _past(Scroll(direction="up", pages=100)), _past(submit)]  # fmt: skip
    kinds = [(step.action["kind"], step.action.get("pages")) for step in path_steps(history, Slots())]
    assert kinds == [("scroll", 100), ("click", None)]
