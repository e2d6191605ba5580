"""Scale-out on PostgreSQL: two `ghosttab worker` processes share one queue; one is SIGKILLed midway.

Every change to a task row is copied to an audit table by a trigger, so the test can check the
lease rules on the real history: a task gets a new owner only after the old owner's lease ran out,
and each task is completed exactly once, by the worker that held its lease.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import psutil
import psycopg
from sqlalchemy import make_url

from ghosttab.lifecycle import FINAL_TASK_STATUSES, TaskStatus
from ghosttab.store import Store

from .conftest import wait_until
from .tasks import page_task

TASKS = int(os.environ.get("GHOSTTAB_SCALE_TASKS", "200"))
LEASE_S = 6.0
ENV = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
FINAL = {status.value for status in FINAL_TASK_STATUSES}

AUDIT_SQL = """
CREATE TABLE task_audit (
    seq bigserial PRIMARY KEY,
    task_id text NOT NULL,
    status text NOT NULL,
    lease_owner text,
    lease_expires_at timestamp,
    completed_by text,
    at timestamp NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC')
);
CREATE FUNCTION audit_task() RETURNS trigger AS $$
BEGIN
    INSERT INTO task_audit (task_id, status, lease_owner, lease_expires_at, completed_by)
    VALUES (NEW.id, NEW.status, NEW.lease_owner, NEW.lease_expires_at, NEW.completed_by);
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER task_audit AFTER UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION audit_task();
"""


@dataclass
class AuditRow:
    task_id: str
    status: str
    lease_owner: str | None
    lease_expires_at: datetime | None
    completed_by: str | None
    at: datetime


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _audit(url: str) -> dict[str, list[AuditRow]]:
    history: dict[str, list[AuditRow]] = {}
    with psycopg.connect(_libpq(url)) as conn:
        query = "SELECT task_id, status, lease_owner, lease_expires_at, completed_by, at FROM task_audit"
        for row in conn.execute(query + " ORDER BY seq"):
            history.setdefault(row[0], []).append(AuditRow(*row))
    return history


def check_lease_history(task_id: str, rows: list[AuditRow]) -> str | None:
    """The first broken lease rule in one task's history, or None."""
    owner: str | None = None
    free_at = datetime.min  # when the current owner's lease runs out
    completions = 0
    for row in rows:
        if row.status == TaskStatus.RUNNING.value:
            if row.lease_owner != owner:
                if owner is not None and row.at + timedelta(seconds=0.2) < free_at:
                    return (
                        f"{task_id}: {row.lease_owner} took it at {row.at} while {owner} held it to {free_at}"
                    )
                owner = row.lease_owner
            free_at = row.lease_expires_at or datetime.min
        elif row.status == TaskStatus.QUEUED.value:
            owner, free_at = None, datetime.min
        elif row.status in FINAL:
            completions += 1
            if row.completed_by != owner:
                return f"{task_id}: completed by {row.completed_by} while {owner} held the lease"
            owner = None
    if completions != 1:
        return f"{task_id}: completed {completions} times"
    return None


async def _start_worker(url: str, artifacts: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ghosttab.cli.main", "worker", "--db", url, "--exit-when-idle",
        "-c", "4", "--lease-s", str(LEASE_S), "--trace", "off", "--artifacts", str(artifacts),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=ENV,
    )  # fmt: skip


async def test_two_workers_share_the_queue_and_the_survivor_finishes_a_killed_ones_tasks(
    demo_url: str, pg_db: str, tmp_path: Path
) -> None:
    url = make_url(pg_db).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        conn.execute(AUDIT_SQL)
    store = Store.open(url)
    specs = [page_task(demo_url, f"scale-{i:03d}") for i in range(TASKS)]
    await store.submit(specs)
    doomed = await _start_worker(url, tmp_path / "art-doomed")
    survivor = await _start_worker(url, tmp_path / "art-survivor")
    orphans: list[psutil.Process] = []
    try:

        async def both_registered() -> bool:
            return len(await store.live_workers()) == 2

        await wait_until(both_registered, 60, "both workers to register")
        doomed_id = next(w.id for w in await store.live_workers() if w.pid == doomed.pid)

        async def doomed_did_its_share() -> bool:
            counts = await store.counts()
            done = counts.get(TaskStatus.SUCCEEDED, 0)
            mine = [row for row in await store.list_tasks(TaskStatus.RUNNING, limit=TASKS)]
            return done >= TASKS * 0.3 and any(row.lease_owner == doomed_id for row in mine)

        await wait_until(doomed_did_its_share, 240, "30% of the tasks done while the doomed worker runs some")
        orphans = [p for p in psutil.Process(doomed.pid).children(recursive=True)]
        doomed.send_signal(signal.SIGKILL)
        await doomed.wait()
        # Read after the kill (a live worker could still finish one), before the leases run out.
        held_when_killed = {
            row.id for row in await store.list_tasks(TaskStatus.RUNNING, limit=TASKS)
            if row.lease_owner == doomed_id
        }  # fmt: skip
        # Its browsers go too: Playwright's driver and Chromium end when their pipe from the worker closes.
        _, still_alive = await asyncio.to_thread(psutil.wait_procs, orphans, 20)
        out, err = await asyncio.wait_for(survivor.communicate(), 300)
        rows = {row.id: row for row in await store.list_tasks(limit=TASKS + 10)}
    finally:
        for process in (doomed, survivor):
            if process.returncode is None:
                process.kill()
        for leftover in orphans:  # a SIGKILLed worker cannot close its browser itself
            if leftover.is_running():
                leftover.kill()
        store.close()

    assert survivor.returncode == 0, err.decode()[-2000:]
    assert orphans and [p for p in still_alive if p.status() != psutil.STATUS_ZOMBIE] == []
    assert len(rows) == TASKS
    assert {row.status for row in rows.values()} == {TaskStatus.SUCCEEDED}, [
        (row.id, row.status, row.result and row.result.error) for row in rows.values()
        if row.status != TaskStatus.SUCCEEDED
    ]  # fmt: skip
    survivor_id = next(iter({row.completed_by for row in rows.values()} - {doomed_id}))
    by_doomed = [row for row in rows.values() if row.completed_by == doomed_id]
    by_survivor = [row for row in rows.values() if row.completed_by == survivor_id]
    assert len(by_doomed) + len(by_survivor) == TASKS
    assert by_doomed and by_survivor
    # What the survivor says it completed is exactly what the store credits it with.
    assert f"worker stopped after completing {len(by_survivor)} tasks" in out.decode()

    # The tasks the killed worker held came back when their leases ran out, and ran again.
    assert held_when_killed
    for task_id in held_when_killed:
        row = rows[task_id]
        assert row.completed_by == survivor_id and row.attempts == 2, (task_id, row.attempts)

    history = _audit(url)
    assert set(history) == set(rows)
    problems = [check_lease_history(task_id, audit) for task_id, audit in history.items()]
    assert [problem for problem in problems if problem] == []
    taken_over = [t for t, audit in history.items() if len({a.lease_owner for a in audit} - {None}) > 1]
    assert set(taken_over) >= held_when_killed


def test_the_lease_history_check_catches_a_double_lease_and_a_double_completion() -> None:
    """The checker above really can fail."""
    t0 = datetime(2026, 1, 1, 12, 0, 0)

    def at(seconds: float) -> datetime:
        return t0 + timedelta(seconds=seconds)

    good = [
        AuditRow("t", "RUNNING", "a", at(6), None, at(0)),
        AuditRow("t", "RUNNING", "a", at(8), None, at(2)),
        AuditRow("t", "RUNNING", "b", at(15), None, at(9)),
        AuditRow("t", "SUCCEEDED", None, None, "b", at(10)),
    ]
    assert check_lease_history("t", good) is None
    stolen = [*good[:2], AuditRow("t", "RUNNING", "b", at(9), None, at(3)), good[3]]
    assert "while a held it" in (check_lease_history("t", stolen) or "")
    twice = [*good, AuditRow("t", "SUCCEEDED", None, None, "a", at(11))]
    assert check_lease_history("t", twice) is not None
    wrong_owner = [*good[:3], AuditRow("t", "SUCCEEDED", None, None, "a", at(10))]
    assert "completed by a while b held" in (check_lease_history("t", wrong_owner) or "")
