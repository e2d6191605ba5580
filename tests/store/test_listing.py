"""Pages of tasks filtered by text and site (through the trigram indexes), and queue counts."""

from __future__ import annotations

from ghosttab.lifecycle import TaskStatus
from ghosttab.spec import Priority, TaskSpec
from ghosttab.store import Store
from ghosttab.store.query_ops import TaskFilter

GOALS = {
    "cats-1": ("Find 100% of the cats_x", "https://a.example.com/x"),
    "dogs-2": ('Find the "good" dogs', "https://b.example.com/y"),
    "cats-3": ("Feed the CATS", "https://ab.example.com/z"),
    "zz": ("Open the page", "https://c.example.org/"),
}


async def _seeded(store: Store) -> None:
    specs = [TaskSpec(id=i, goal=goal, start_url=url) for i, (goal, url) in GOALS.items()]
    await store.submit(specs)


async def _ids(store: Store, where: TaskFilter, limit: int = 50) -> list[str]:
    rows, _ = await store.page_tasks(where, 0, limit)
    return [row.id for row in rows]


async def test_text_matches_goal_or_id_without_case_and_wildcards(store: Store) -> None:
    await _seeded(store)
    assert await _ids(store, TaskFilter(text="cats")) == ["cats-1", "cats-3"]
    assert await _ids(store, TaskFilter(text="100%")) == ["cats-1"]
    assert await _ids(store, TaskFilter(text="s_x")) == ["cats-1"]
    assert await _ids(store, TaskFilter(text="1%")) == []  # `%` is a character, not a wildcard
    assert await _ids(store, TaskFilter(text='"good"')) == ["dogs-2"]
    assert await _ids(store, TaskFilter(text="gs-2")) == ["dogs-2"]  # a part of the id
    assert await _ids(store, TaskFilter(text="z")) == ["zz"]  # shorter than a trigram


async def test_site_matches_a_part_of_the_start_url(store: Store) -> None:
    await _seeded(store)
    assert await _ids(store, TaskFilter(site="b.example")) == ["dogs-2", "cats-3"]
    assert await _ids(store, TaskFilter(site=".org")) == ["zz"]
    assert await _ids(store, TaskFilter(site="example.net")) == []


async def test_text_pages_follow_the_cursor(store: Store) -> None:
    await store.submit([TaskSpec(id=f"t-{n:02d}", goal=f"Refund order {n}", start_url="https://s.example.com/")
                        for n in range(7)])  # fmt: skip
    await store.submit([TaskSpec(id="other", goal="Open the page", start_url="https://s.example.com/")])
    seen: list[str] = []
    cursor: int | None = 0
    while cursor is not None:
        rows, cursor = await store.page_tasks(TaskFilter(text="refund"), cursor, 3)
        seen += [row.id for row in rows]
    assert seen == [f"t-{n:02d}" for n in range(7)]


async def test_text_and_status_together(store: Store) -> None:
    await _seeded(store)
    await store.pause(["cats-3"])
    assert await _ids(store, TaskFilter(text="cats", status=TaskStatus.PAUSED)) == ["cats-3"]
    assert await _ids(store, TaskFilter(text="cats", status=TaskStatus.QUEUED)) == ["cats-1"]


async def test_queued_tasks_are_counted_by_priority(store: Store) -> None:
    ranks = [Priority.HIGH if n % 3 == 0 else Priority.NORMAL for n in range(7)]
    specs = [TaskSpec(id=f"p-{n}", goal="Open the page", start_url="https://s.example.com/", priority=rank)
             for n, rank in enumerate(ranks)]  # fmt: skip
    await store.submit(specs)
    await store.pause(["p-1"])
    counts = await store.counts_by_priority(TaskStatus.QUEUED)
    assert counts == {Priority.LOW: 0, Priority.NORMAL: 3, Priority.HIGH: 3, Priority.CRITICAL: 0}


async def test_tasks_are_counted_in_a_set_of_statuses(store: Store) -> None:
    await _seeded(store)
    await store.pause(["zz"])
    assert await store.count_in([TaskStatus.QUEUED, TaskStatus.PAUSED]) == 4
    assert await store.count_in([TaskStatus.PAUSED]) == 1
    assert await store.count_in([TaskStatus.RUNNING]) == 0
