"""Four claimers at once never take the same task twice, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.store import Store

from .helpers import make_specs

TASKS = 500
CLAIMERS = 4
CLAIMER_SCRIPT = Path(__file__).with_name("claimer.py")
SRC = Path(__file__).resolve().parents[2] / "src"


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")]))
    return env


async def test_processes_never_claim_the_same_task_twice(store_url: str) -> None:
    store = Store.open(store_url)
    try:
        await store.submit(make_specs(TASKS))
        children = [
            subprocess.Popen(
                [sys.executable, str(CLAIMER_SCRIPT), store_url, f"proc-{index}"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=_child_env(),
            )
            for index in range(CLAIMERS)
        ]
        for child in children:  # all opened and waiting, then released together
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        outcomes = []
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        for child in children:
            out, _ = child.communicate(timeout=240)
            assert child.returncode == 0
            outcomes.append(json.loads(out.strip().splitlines()[-1]))

        claims = Counter(task_id for outcome in outcomes for task_id in outcome["claimed"])
        completions = Counter(task_id for outcome in outcomes for task_id in outcome["completed"])
        assert [task_id for task_id, n in claims.items() if n > 1] == []
        assert len(claims) == TASKS
        assert completions == claims
        assert sum(1 for outcome in outcomes if outcome["claimed"]) >= 2  # they really did compete
        counts = await store.counts()
        assert counts[TaskStatus.SUCCEEDED] == TASKS
        done = await store.list_tasks(status=TaskStatus.SUCCEEDED, limit=TASKS)
        assert {row.attempts for row in done} == {1}
    finally:
        store.close()


async def test_threads_with_their_own_stores_never_claim_the_same_task_twice(store_url: str) -> None:
    stores = [Store.open(store_url) for _ in range(CLAIMERS)]
    try:
        await stores[0].submit(make_specs(200))

        async def drain(store: Store, worker_id: str) -> list[str]:
            taken: list[str] = []
            while claimed := await store.claim(worker_id, limit=2):
                for task in claimed:
                    taken.append(task.spec.id)
                    result = TaskResult(id=task.spec.id, status=TaskStatus.SUCCEEDED)
                    assert await store.complete(task.spec.id, worker_id, result)
            return taken

        taken = await asyncio.gather(*(drain(s, f"thread-{i}") for i, s in enumerate(stores)))
        everything = [task_id for part in taken for task_id in part]
        assert len(everything) == len(set(everything)) == 200
    finally:
        for store in stores:
            store.close()
