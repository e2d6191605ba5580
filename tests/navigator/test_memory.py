"""The context window, the observation cache and the loop guard: what a task remembers of itself."""

from __future__ import annotations

from ghosttab.actions import Click, ElementLocator, ElementTarget, Scroll
from ghosttab.navigator import Decision, PastStep, TaskMemory
from ghosttab.navigator.cache import ObservationCache
from ghosttab.navigator.context import ContextWindow, estimate_tokens
from ghosttab.navigator.loops import LoopGuard
from ghosttab.perception.models import Element, Observation
from ghosttab.spec import TaskSpec

URL = "https://example.org/list"


def _click(name: str) -> Click:
    return Click(target=ElementTarget(index=1, ref="1", locator=ElementLocator(tag="a", name=name)))


def _memory() -> TaskMemory:
    spec = TaskSpec(goal="Find the thing", start_url=URL, success={"text": "found"})  # type: ignore[arg-type]
    return TaskMemory(spec=spec)


def test_context_keeps_five_steps_in_full_and_folds_older_ones() -> None:
    window = ContextWindow(budget=200)
    for step in range(1, 9):
        past = PastStep(url=f"{URL}/{step}", page_hash=str(step), action=_click(f"Item {step}"), ok=step != 3)
        window.add(step, f'[1] link "Item {step}" ' + "x" * 50, past)
    text = window.render("CURRENT", "Find the thing")
    summary = window.summary().splitlines()
    assert len(summary) == 3 and summary[0].startswith("step 1: click") and "failed" in summary[2]
    assert text.count("STEP ") == 5 and "STEP 4 PAGE" in text and "STEP 3 PAGE" not in text
    assert window.render("CURRENT", "Find the thing") == text
    tokens = window.tokens("CURRENT", "Find the thing")
    assert tokens == estimate_tokens(text)
    assert window.over_budget("CURRENT", "Find the thing") == tokens
    assert ContextWindow(budget=10_000).over_budget("CURRENT", "Find the thing") is None


def test_cache_hits_on_same_url_and_state_and_misses_on_change() -> None:
    cache = ObservationCache(ttl_s=60)
    observation = Observation(url=URL, elements=[Element(index=1, ref="1", tag="a", name="Next")])
    cache.put(URL, "abc", observation)
    hit = cache.get(URL, "abc")
    assert hit is not None and hit.observation is observation
    cache.remember_decision(Decision(action=_click("Next")))
    assert cache.get(URL, "abc") is not None and cache.get(URL, "abc").decision is not None  # type: ignore[union-attr]
    assert cache.get(URL, "changed") is None
    assert cache.get(URL + "?page=2", "abc") is None
    expired = ObservationCache(ttl_s=0.0)
    expired.put(URL, "abc", observation)
    assert expired.get(URL, "abc") is None
    assert cache.hits == 3 and cache.misses == 2


def test_loop_guard_catches_repeats_alternation_and_repeated_failure() -> None:
    memory = _memory()
    page = Observation(url=URL, page_hash="p1")
    guard = LoopGuard()
    assert guard.check(page, _click("More"), memory) is None
    assert guard.check(page, _click("More"), memory) is None
    assert "3 times" in (guard.check(page, _click("More"), memory) or "")

    alternating = _memory()
    for index in range(6):
        page_hash = "a" if index % 2 == 0 else "b"
        alternating.history.append(PastStep(url=URL, page_hash=page_hash, action=Scroll(), ok=True))
    verdict = LoopGuard().check(Observation(url=URL, page_hash="a"), _click("Back"), alternating)
    assert verdict is not None and "alternating" in verdict

    failing = _memory()
    for index in range(3):
        failing.history.append(PastStep(url=URL, page_hash=str(index), action=_click("Pay"), ok=False))
    verdict = LoopGuard().check(Observation(url=URL, page_hash="z"), _click("Other"), failing)
    assert verdict is not None and "failed 3 times" in verdict
