"""Shrinks an Observation until its compact form fits a token budget; the budget is never exceeded.

The compact text lists the elements in the viewport and within `LIST_MARGIN` of a viewport's
height of it; elements described further off screen stay in the Observation (the navigator's own
checks and the executor use them) but are only counted in the note, as `listed=False`.

Order of sacrifice: elements outside the viewport (farthest first), then page text, then
headings, then elements behind a dialog, then in-viewport elements from the end of the page
(elements of an open dialog last), then dialog text, then the title and the note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ghosttab.perception.models import Element, Observation
from ghosttab.perception.render import estimate_tokens, render_compact, render_element

MIN_TOKEN_BUDGET = 100
# Off-screen elements this close to the viewport (a share of its height) are listed in full.
LIST_MARGIN = 0.05


@dataclass
class _Draft:
    """The parts that shrinking changes; `build` turns them into an Observation."""

    base: Observation
    elements: list[Element]
    offsets: Mapping[str, float]
    text: str  # the rendered text: `extra_text` when the observation has it, else `text`
    above: int
    below: int
    unlisted: int
    headings: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    title: str = ""
    keep_note: bool = True

    def drop(self, doomed: list[Element]) -> None:
        gone = {e.ref for e in doomed}
        for element in doomed:
            if element.in_viewport:
                self.unlisted += 1
            elif self.offsets.get(element.ref, 0.0) < 0:
                self.above += 1
            else:
                self.below += 1
        self.elements = [e for e in self.elements if e.ref not in gone]

    def listed(self, element: Element) -> bool:
        margin = LIST_MARGIN * self.base.viewport_height
        return element.in_viewport or not margin or abs(self.offsets.get(element.ref, 0.0)) <= margin

    def build(self) -> Observation:
        elements = [e.model_copy(update={"index": i, "listed": self.listed(e)})
                    for i, e in enumerate(self.elements, start=1)]
        above = sum(1 for e in elements if not e.listed and self.offsets.get(e.ref, 0.0) < 0)
        below = sum(1 for e in elements if not e.listed and self.offsets.get(e.ref, 0.0) > 0)
        note = summary_note(self.above + above, self.below + below, self.unlisted)
        summary = self.base.summary.model_copy(update={
            "omitted_elements": self.above + self.below + self.unlisted,
            "more_below": self.below > 0,
            "note": note if self.keep_note else "",
            "headings": list(self.elsewhere),
        })
        text_field = "text" if self.base.extra_text is None else "extra_text"
        return self.base.model_copy(update={
            "elements": elements, text_field: self.text, "headings": list(self.headings),
            "dialogs": list(self.dialogs), "title": self.title, "summary": summary,
        })


def summary_note(above: int, below: int, unlisted: int = 0) -> str:
    parts = []
    if below:
        parts.append(f"{below:,} more element{'s' if below != 1 else ''} below (scroll down)")
    if above:
        parts.append(f"{above:,} above")
    if unlisted:
        parts.append(f"{unlisted:,} more in view not listed")
    return "; ".join(parts)


def fit_to_budget(
    obs: Observation, *, token_budget: int, offsets: Mapping[str, float], above: int, below: int,
    unlisted: int = 0,
) -> Observation:
    """Return `obs` (re-indexed 1..N) shrunk until `render_compact` of it is within `token_budget`."""
    if token_budget < MIN_TOKEN_BUDGET:
        raise ValueError(f"token_budget must be at least {MIN_TOKEN_BUDGET}, got {token_budget}")
    limit = token_budget * 4
    draft = _Draft(
        base=obs, elements=list(obs.elements), offsets=offsets, above=above, below=below,
        text=obs.text if obs.extra_text is None else obs.extra_text,
        unlisted=unlisted,
        headings=list(obs.headings), elsewhere=list(obs.summary.headings), dialogs=list(obs.dialogs),
        title=obs.title,
    )
    current = draft.build()
    text = render_compact(current)
    if len(text) <= limit:
        return _with_tokens(current, text)
    for step in _STEPS:
        while len(text) > limit and step(draft, len(text) - limit):
            current = draft.build()
            text = render_compact(current)
        if len(text) <= limit:
            return _with_tokens(current, text)
    raise AssertionError("observation skeleton exceeds the minimum token budget")  # pragma: no cover


def _with_tokens(obs: Observation, text: str) -> Observation:
    """`obs` with the token count of its compact text (`text`, already rendered)."""
    return obs.model_copy(update={"tokens": estimate_tokens(text)})


def _drop_lines(draft: _Draft, ordered: list[Element], excess: int) -> bool:
    """Drop elements from the front of `ordered` until their lines cover `excess` characters."""
    doomed: list[Element] = []
    freed = 0
    for element in ordered:
        if freed >= excess:
            break
        doomed.append(element)
        freed += len(render_element(element)) + 1
    if not doomed:
        return False
    draft.drop(doomed)
    return True


def _drop_offscreen(draft: _Draft, excess: int) -> bool:
    offscreen = [e for e in draft.elements if not e.in_viewport and draft.listed(e)]
    offscreen.sort(key=lambda e: abs(draft.offsets.get(e.ref, 0.0)), reverse=True)
    return _drop_lines(draft, offscreen, excess)


def _trim_text(draft: _Draft, excess: int) -> bool:
    if not draft.text:
        return False
    keep = len(draft.text) - excess - 2
    if keep < 40:
        draft.text = ""
    else:
        cut = draft.text[:keep]
        space = cut.rfind(" ")
        draft.text = (cut[:space] if space > keep // 2 else cut) + "…"
    return True


def _drop_headings(draft: _Draft, excess: int) -> bool:
    if draft.elsewhere:
        draft.elsewhere = []
    elif draft.headings:
        draft.headings = []
    else:
        return False
    return True


def _drop_behind_dialog(draft: _Draft, excess: int) -> bool:
    return _drop_lines(draft, [e for e in reversed(draft.elements) if e.behind_dialog and draft.listed(e)],
                       excess)


def _drop_page_elements(draft: _Draft, excess: int) -> bool:
    return _drop_lines(draft, [e for e in reversed(draft.elements) if not e.in_dialog and draft.listed(e)],
                       excess)


def _drop_dialog_elements(draft: _Draft, excess: int) -> bool:
    return _drop_lines(draft, [e for e in reversed(draft.elements) if draft.listed(e)], excess)


def _shorten_dialogs(draft: _Draft, excess: int) -> bool:
    if any(len(d) > 80 for d in draft.dialogs):
        draft.dialogs = [d if len(d) <= 80 else d[:79] + "…" for d in draft.dialogs]
    elif draft.dialogs:
        draft.dialogs = draft.dialogs[:-1]
    else:
        return False
    return True


def _drop_title_and_note(draft: _Draft, excess: int) -> bool:
    if draft.title:
        draft.title = ""
    elif draft.keep_note:
        draft.keep_note = False
    else:
        return False
    return True


_STEPS: tuple[Callable[[_Draft, int], bool], ...] = (
    _drop_offscreen, _trim_text, _drop_headings, _drop_behind_dialog, _drop_page_elements,
    _drop_dialog_elements, _shorten_dialogs, _drop_title_and_note,
)
