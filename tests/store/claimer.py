"""A claimer process for the concurrency tests: claim and complete until the queue is empty.

Usage: python claimer.py URL WORKER_ID. Prints "ready", waits for a line on stdin, then
prints one JSON line: the ids it claimed and the ids whose completion it recorded.
"""

from __future__ import annotations

import asyncio
import json
import sys

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.store import Store


async def drain(store: Store, worker_id: str) -> dict[str, list[str]]:
    claimed: list[str] = []
    completed: list[str] = []
    batch_sizes = [1, 2, 3]
    turn = 0
    while True:
        tasks = await store.claim(worker_id, lease_s=120, limit=batch_sizes[turn % 3])
        turn += 1
        if not tasks:
            return {"claimed": claimed, "completed": completed}
        for task in tasks:
            claimed.append(task.spec.id)
            result = TaskResult(id=task.spec.id, status=TaskStatus.SUCCEEDED, attempts=task.attempt)
            if await store.complete(task.spec.id, worker_id, result):
                completed.append(task.spec.id)


def main() -> None:
    url, worker_id = sys.argv[1], sys.argv[2]
    store = Store.open(url)
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        outcome = asyncio.run(drain(store, worker_id))
    finally:
        store.close()
    print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main()
