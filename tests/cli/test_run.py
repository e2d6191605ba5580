"""`ghosttab run` as a user runs it: a real process, a real demo site, a real SQLite file."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ghosttab.lifecycle import TaskStatus
from ghosttab.store import Store

CLASSES = ["Monday Morning", "Tuesday Evening", "Wednesday Afternoon", "Thursday Evening", "Friday Morning"]


def _swim_row(demo_url: str, index: int) -> dict[str, object]:
    return {
        "id": f"swim-{index}",
        "goal": "Register {student_name} for the {class} swimming class",
        "start_url": f"{demo_url}/swim/",
        "data": {
            "student_name": f"Student {index}",
            "class": CLASSES[index % len(CLASSES)],
            "contact_email": f"parent{index}@example.com",
        },
        "success": {"text": "Registration confirmed"},
        "extract": {"confirmation_number": {"pattern": r"SWM-\d{6}"}},
    }


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "ghosttab.cli.main", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "160", "PYTHONUNBUFFERED": "1"}


def test_bad_rows_are_named_and_the_good_rows_run(demo_url: str, tmp_path: Path) -> None:
    rows = [
        json.dumps(_swim_row(demo_url, 1)),
        json.dumps({**_swim_row(demo_url, 2), "start_url": "nowhere"}),
        "{not json",
        json.dumps(_swim_row(demo_url, 3)),
        json.dumps({**_swim_row(demo_url, 4), "priority": "urgent"}),
        json.dumps(
            {
                "id": "portal",
                "goal": "Download the PDF of {po_number}",
                "start_url": f"{demo_url}/portal/",
                "data": {"po_number": "PO-10002"},
                "secrets": {"username": "buyer2", "password": "hunter2"},
                "success": {"download": True},
            }
        ),
    ]
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text("\n".join(rows) + "\n")
    out = tmp_path / "results.csv"
    done = subprocess.run(
        _cli(
            "run",
            str(tasks),
            "--db",
            str(tmp_path / "r.db"),
            "--out",
            str(out),
            "--artifacts",
            str(tmp_path / "art"),
            "-c",
            "3",
        ),
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    bad = [line for line in done.stderr.splitlines() if line.startswith("bad row")]
    assert len(bad) == 3
    assert "row 2: start_url" in bad[0] and "row 3: (json)" in bad[1] and "row 5: priority" in bad[2]
    lines = out.read_text().splitlines()
    assert lines[0].startswith("id,status,steps")
    statuses = {line.split(",")[0]: line.split(",")[1] for line in lines[1:]}
    assert statuses == {"swim-1": "SUCCEEDED", "swim-3": "SUCCEEDED", "portal": "SUCCEEDED"}
    assert "hunter2" not in done.stdout + done.stderr
    assert b"hunter2" not in (tmp_path / "r.db").read_bytes()


def _statuses(db: Path) -> dict[str, TaskStatus]:
    async def read() -> dict[str, TaskStatus]:
        store = Store.open(str(db))
        try:
            return {row.id: row.status for row in await store.list_tasks(limit=1000)}
        finally:
            store.close()

    return asyncio.run(read())


def _finished_at(db: Path) -> dict[str, object]:
    async def read() -> dict[str, object]:
        store = Store.open(str(db))
        try:
            return {
                row.id: (row.finished_at, row.attempts)
                for row in await store.list_tasks(limit=1000)
                if row.status.is_final
            }
        finally:
            store.close()

    return asyncio.run(read())


def test_interrupted_run_resumes_without_rerunning_finished_tasks(demo_url: str, tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text("\n".join(json.dumps(_swim_row(demo_url, i)) for i in range(10)) + "\n")
    db = tmp_path / "resume.db"

    def command(out: str) -> list[str]:
        return _cli(
            "run",
            str(tasks),
            "--db",
            str(db),
            "--out",
            str(tmp_path / out),
            "-c",
            "2",
            "--artifacts",
            str(tmp_path / "art"),
        )

    first = subprocess.Popen(
        command("r1.jsonl"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        time.sleep(0.5)
        if db.exists() and sum(s == TaskStatus.SUCCEEDED for s in _statuses(db).values()) >= 2:
            break
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=120)
    assert "finishing running tasks" in err

    after_first = _statuses(db)
    assert TaskStatus.RUNNING not in after_first.values()
    finished_first = _finished_at(db)
    assert 2 <= len(finished_first) < 10

    second = subprocess.run(
        command("r2.jsonl"),
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    assert f"({len(finished_first)} finished)" in second.stdout
    assert set(_statuses(db).values()) == {TaskStatus.SUCCEEDED}
    finished_second = _finished_at(db)
    for task_id, stamp in finished_first.items():
        assert finished_second[task_id] == stamp, f"{task_id} ran again"
    results = [json.loads(line) for line in (tmp_path / "r2.jsonl").read_text().splitlines()]
    assert len(results) == 10 and {r["status"] for r in results} == {"SUCCEEDED"}
