"""Graceful shutdown of a real `ghosttab` process: SIGTERM lets running tasks finish within the grace
period and hands the rest back; a second Ctrl-C stops at once; no Chromium outlives the process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import psutil

from ghosttab.lifecycle import TaskStatus
from ghosttab.spec import TaskSpec
from ghosttab.store import Store, TaskRow

from .conftest import wait_until
from .tasks import one_click_task, slow_page_task

ENV = {**os.environ, "COLUMNS": "160", "PYTHONUNBUFFERED": "1"}


def _write_tasks(path: Path, specs: list[TaskSpec]) -> Path:
    rows = [{k: v for k, v in spec.public_dict().items() if k != "secret_names"} for spec in specs]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


async def _start(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ghosttab.cli.main", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=ENV,
    )  # fmt: skip


def _chromium_under(pid: int) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if "chrom" in child.name().lower():
                found.append(child)
        except psutil.Error:
            continue
    return found


def _alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(processes, timeout=5)  # a moment for the kernel to reap them
    living = []
    for process in alive:
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                living.append(process)
        except psutil.Error:
            continue
    return living


async def _rows(store: Store) -> dict[str, TaskRow]:
    return {row.id: row for row in await store.list_tasks(limit=100)}


def _assert_handed_back(row: TaskRow) -> None:
    assert row.status == TaskStatus.QUEUED, (row.id, row.status)
    assert row.lease_owner is None and row.lease_expires_at is None
    # Its run keeps its number (its steps are under it); counted as a hand-back, not a retry.
    assert row.attempts == row.handbacks >= 1
    assert row.result is None


async def test_sigterm_finishes_running_tasks_hands_back_the_rest_and_leaves_no_chromium(
    demo_url: str, tmp_path: Path
) -> None:
    db = str(tmp_path / "shutdown.db")
    specs = [
        one_click_task(demo_url, "quick-1", 0),
        one_click_task(demo_url, "quick-2", 1),
        slow_page_task(demo_url, "blocked", slow_ms=60_000),  # cannot finish within the grace period
        slow_page_task(demo_url, "finisher", slow_ms=2_000),  # finishes well within it
        one_click_task(demo_url, "never-claimed-1", 0),
        one_click_task(demo_url, "never-claimed-2", 1),
    ]
    tasks = _write_tasks(tmp_path / "tasks.jsonl", specs)
    process = await _start(
        "run", str(tasks), "--db", db, "--no-replay", "-c", "2", "--grace-s", "15", "--trace", "off",
        "--artifacts", str(tmp_path / "art"), "--out", str(tmp_path / "results.jsonl"),
    )  # fmt: skip
    store = Store.open(db) if Path(db).exists() else None
    try:
        while store is None:
            await asyncio.sleep(0.2)
            store = Store.open(db) if Path(db).exists() else None

        async def ready_for_sigterm() -> bool:
            rows = await _rows(store)
            done = [i for i in ("quick-1", "quick-2") if i in rows and rows[i].status == TaskStatus.SUCCEEDED]
            running = {i for i, row in rows.items() if row.status == TaskStatus.RUNNING}
            return len(done) == 2 and running == {"blocked", "finisher"}

        await wait_until(ready_for_sigterm, 120, "two tasks done, the blocked one and the finisher running")
        chromium = _chromium_under(process.pid)
        assert chromium
        process.send_signal(signal.SIGTERM)
        # Liveness bound: 15 s of grace, then the blocked task is handed back and the process ends.
        _, err = await asyncio.wait_for(process.communicate(), 90)
        rows = await _rows(store)
    finally:
        if process.returncode is None:
            process.kill()
        if store is not None:
            store.close()

    assert process.returncode == 1, err.decode()  # not every task succeeded: they were not all run
    assert "terminated: finishing running tasks" in err.decode()
    assert "Traceback" not in err.decode()
    assert rows["finisher"].status == TaskStatus.SUCCEEDED
    for task_id in ("quick-1", "quick-2"):
        assert rows[task_id].status == TaskStatus.SUCCEEDED
    _assert_handed_back(rows["blocked"])
    for task_id in ("never-claimed-1", "never-claimed-2"):
        row = rows[task_id]
        assert row.status == TaskStatus.QUEUED and row.lease_owner is None, (task_id, row.status)
        assert row.attempts == row.handbacks == 0 and row.result is None
    assert _alive(chromium) == []


async def test_second_ctrl_c_stops_at_once_and_hands_every_task_back(demo_url: str, tmp_path: Path) -> None:
    db = str(tmp_path / "twice.db")
    specs = [slow_page_task(demo_url, f"blocked-{i}", slow_ms=60_000) for i in range(2)]
    tasks = _write_tasks(tmp_path / "tasks.jsonl", specs)
    submitted = await _start("submit", str(tasks), "--db", db)
    assert await submitted.wait() == 0
    store = Store.open(db)
    process = await _start(
        "worker", "--db", db, "--no-replay", "-c", "2", "--exit-when-idle", "--grace-s", "300",
        "--trace", "off", "--artifacts", str(tmp_path / "art"),
    )  # fmt: skip
    try:

        async def both_running() -> bool:
            rows = await _rows(store)
            return all(row.status == TaskStatus.RUNNING for row in rows.values())

        await wait_until(both_running, 120, "both tasks to run")
        chromium = _chromium_under(process.pid)
        process.send_signal(signal.SIGINT)
        await asyncio.sleep(0.5)
        process.send_signal(signal.SIGINT)
        # Liveness bound far below the 300 s grace period and the 30 s navigation timeout.
        out, err = await asyncio.wait_for(process.communicate(), 25)
        rows = await _rows(store)
        workers = await store.live_workers()
    finally:
        if process.returncode is None:
            process.kill()
        store.close()

    assert process.returncode == 0, err.decode()
    assert "stopping now" in err.decode()
    assert "worker stopped after completing 0 tasks" in out.decode()
    for row in rows.values():
        _assert_handed_back(row)
    assert workers == []  # it unregistered itself
    assert _alive(chromium) == []
