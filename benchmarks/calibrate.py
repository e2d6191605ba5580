"""Confidence calibration: per confidence band, how many heuristic steps a benchmark run took and
how often the step was right.

A step counts as right when its task succeeded, the step's action worked, and it was neither
repeated (the same action, by its locator, on the same page state later in the task) nor undone
(the next step goes back). A step of a failed task counts as wrong: it did not lead to success,
whichever step was to blame, so the figures are a lower bound on each band's precision.

The router hands a step to the next tier (a model, or a person) below `min_confidence`; the band
table shows where the heuristic's steps stop being right often enough to act on alone.

    python benchmarks/calibrate.py --db run/bench.db --succeeded id1 id2 ...
    (bench_navigator.py --calibrate and bench_miniwob.py --calibrate call it after their run)
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

BANDS: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
# The share of right steps a band needs for the heuristic to act in it without asking a model.
TARGET = 0.8


@dataclass(frozen=True)
class StepOutcome:
    task_id: str
    confidence: float
    right: bool


def _signature(action: dict[str, object]) -> str:
    body = dict(action)
    target = body.get("target")
    if isinstance(target, dict):
        body["target"] = target.get("locator", {})
    return json.dumps(body, sort_keys=True)


def step_outcomes(db: Path, succeeded: Iterable[str]) -> list[StepOutcome]:
    """Every heuristic step of the run in `db`, judged right or wrong."""
    won = set(succeeded)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT task_id, attempt, step, action, confidence, ok, page_hash, tier FROM steps "
            "ORDER BY task_id, attempt, step, id"
        ).fetchall()
    by_task: dict[tuple[str, int], list[tuple[int, dict[str, object], float, bool, str, str]]] = {}
    for task_id, attempt, step, action, confidence, ok, page_hash, tier in rows:
        body = json.loads(action) if isinstance(action, str) else action
        by_task.setdefault((task_id, attempt), []).append((step, body, confidence, bool(ok), page_hash, tier))
    outcomes: list[StepOutcome] = []
    for (task_id, _), steps in by_task.items():
        for i, (_, action, confidence, ok, page_hash, tier) in enumerate(steps):
            if tier != "heuristic":
                continue
            later = steps[i + 1 :]
            mine = _signature(action)
            repeated = any(_signature(a) == mine and h == page_hash for _, a, _, _, h, _ in later)
            undone = bool(later) and later[0][1].get("kind") == "back"
            right = task_id in won and ok and not repeated and not undone
            outcomes.append(StepOutcome(task_id, confidence, right))
    return outcomes


def band_table(outcomes: list[StepOutcome]) -> list[tuple[float, float, int, int]]:
    """(low, high, steps, right) per band."""
    table = []
    for low, high in itertools.pairwise(BANDS):
        inside = [o for o in outcomes if low <= o.confidence < high]
        table.append((low, min(high, 1.0), len(inside), sum(o.right for o in inside)))
    return table


def suggested_threshold(outcomes: list[StepOutcome], target: float = TARGET) -> float:
    """The lowest band edge from which the steps at or above it are, together, at least `target`
    right: the router's `min_confidence` that lets the heuristic act alone only where it is usually
    right. 1.0 when no edge gets there."""
    meeting = [1.0]
    for low, _, _, _ in band_table(outcomes):
        above = [o for o in outcomes if o.confidence >= low]
        if above and sum(o.right for o in above) / len(above) >= target:
            meeting.append(low)
    return min(meeting)


def print_calibration(outcomes: list[StepOutcome], title: str = "calibration") -> None:
    print(f"\n{title}: {len(outcomes)} heuristic steps")
    print(f"{'confidence':<14}{'steps':>7}{'right':>7}{'rate':>8}")
    for low, high, steps, right in band_table(outcomes):
        rate = f"{100 * right / steps:.0f}%" if steps else "-"
        print(f"[{low:.1f}, {high:.1f}){'':<4}{steps:>7}{right:>7}{rate:>8}")
    print(f"lowest confidence from which the steps above are >= {TARGET:.0%} right: "
          f"{suggested_threshold(outcomes):.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--succeeded", nargs="*", default=[], help="ids of the tasks that succeeded")
    args = parser.parse_args()
    print_calibration(step_outcomes(args.db, args.succeeded))


if __name__ == "__main__":
    main()
