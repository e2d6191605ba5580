"""Bad command-line input: exit status 2 and one line `error: …` on stderr, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD_OPTIONS = {
    "mysql": ["--db", "mysql://x/y"],
    "postgres-down": ["--db", "postgresql://postgres@127.0.0.1:1/x"],
    "cdp-down": ["--cdp-url", "http://127.0.0.1:1"],
    "ws-down": ["--ws-endpoint", "ws://127.0.0.1:1/"],
}


@pytest.mark.parametrize("command", ["run", "worker"])
@pytest.mark.parametrize("case", sorted(BAD_OPTIONS))
def test_unusable_database_or_browser_is_one_clear_line(tmp_path: Path, command: str, case: str) -> None:
    tasks = tmp_path / "tasks.jsonl"
    row = {"id": "a", "goal": "Open the page", "start_url": "http://127.0.0.1:9/", "success": {"text": "x"}}
    tasks.write_text(json.dumps(row) + "\n")
    args = [str(tasks)] if command == "run" else ["--exit-when-idle"]
    options = BAD_OPTIONS[case]
    if "--db" not in options:
        options = [*options, "--db", str(tmp_path / "t.db")]
    done = subprocess.run(
        [sys.executable, "-m", "ghosttab.cli.main", command, *args, *options,
         "--artifacts", str(tmp_path / "art")],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
        env={**os.environ, "COLUMNS": "60"},  # narrow: a long message must still be one line
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in done.stderr + done.stdout
    expected = {
        "mysql": "mysql",
        "postgres-down": "127.0.0.1:1",
        "cdp-down": "http://127.0.0.1:1",
        "ws-down": "ws://127.0.0.1:1",
    }[case]
    assert expected in lines[0]
