"""The resource budget seen from the CLI: `ghosttab run` on the memory-hog page ends that task with
BUDGET (the default navigator, the default budget), and its sibling succeeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_run_kills_the_memory_hog_with_a_budget_error_and_spares_its_sibling(
    demo_url: str, tmp_path: Path
) -> None:
    rows = [
        {
            "id": "hog",
            "goal": "Wait for the photo gallery to load",
            "start_url": f"{demo_url}/lab/memory-hog",
            "success": {"text": "Gallery ready"},
            "max_steps": 60,
        },
        {
            "id": "swim",
            "goal": "Register {student_name} for the {class} swimming class",
            "start_url": f"{demo_url}/swim/",
            "data": {"student_name": "Eden", "class": "Tuesday Evening", "contact_email": "a@example.com"},
            "success": {"text": "Registration confirmed"},
        },
    ]
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    out = tmp_path / "results.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "ghosttab.cli.main", "run", str(tasks), "--db", str(tmp_path / "t.db"),
         "-o", str(out), "--screenshots", "off", "--trace", "off", "--artifacts", str(tmp_path / "a")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # one task failed, as it should
    results = {line["id"]: line for line in map(json.loads, out.read_text().splitlines())}
    assert results["hog"]["status"] == "FAILED"
    assert results["hog"]["error"].startswith("BUDGET"), results["hog"]["error"]
    assert "js_heap_mb" in results["hog"]["error"]
    assert results["hog"]["attempts"] == 1
    assert results["swim"]["status"] == "SUCCEEDED", results["swim"]["error"]
