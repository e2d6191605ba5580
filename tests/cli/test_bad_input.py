"""Bad task files through the real commands (`submit`, `run`, `worker --secrets-from`): a clear
line and a non-zero exit, never a traceback. No browser is needed: each fails before one starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = {"goal": "Open the page", "start_url": "http://127.0.0.1:1/", "success": {"text": "hi"}}


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "GHOSTTAB_DB": str(tmp_path / "t.db")}
    return subprocess.run(
        [sys.executable, "-m", "ghosttab.cli.main", *args],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )  # fmt: skip


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


CASES = {
    "missing": ("absent.jsonl", None, "task file not found"),
    "txt": ("tasks.txt", json.dumps(GOOD).encode(), "unsupported task file type '.txt'"),
    "empty": ("tasks.jsonl", b"", "the task file is empty"),
    "nesting": ("tasks.jsonl", b"[" * 100_000, "row 1: (json): nested too deeply"),
    "utf8": ("tasks.jsonl", b'{"goal": "caf\xe9"}\n', "row 1: (encoding): not valid UTF-8"),
    "csv-header": ("tasks.csv", b"foo,bar\n1,2\n", "unknown column 'foo'"),
    "file-url": (
        "tasks.jsonl",
        json.dumps({**GOOD, "start_url": "file:///etc/passwd"}).encode(),
        "row 1: start_url: file:///etc/passwd: only http(s) URLs are allowed, not file:",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["submit", "run"])
def test_a_bad_task_file_is_one_clear_line_and_a_failing_exit(
    tmp_path: Path, command: str, case: str
) -> None:
    name, content, message = CASES[case]
    path = tmp_path / name if content is None else _file(tmp_path, name, content)
    done = _cli(tmp_path, command, str(path))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert message in " ".join(done.stderr.split()), done.stderr


def test_no_usable_rows_says_so(tmp_path: Path) -> None:
    path = _file(tmp_path, "tasks.jsonl", b"{broken\n" + json.dumps({**GOOD, "max_steps": 0}).encode())
    done = _cli(tmp_path, "submit", str(path))
    assert done.returncode == 2
    assert "bad row tasks.jsonl: row 1: (json)" in done.stderr
    assert "row 2: max_steps" in done.stderr
    assert "no usable rows (2 bad); nothing was queued" in " ".join(done.stderr.split())


def test_good_rows_are_queued_beside_bad_ones_and_the_exit_says_some_were_bad(tmp_path: Path) -> None:
    rows = [json.dumps({**GOOD, "id": "a"}).encode(), b"\xff\xfe", json.dumps({**GOOD, "id": "b"}).encode()]
    done = _cli(tmp_path, "submit", str(_file(tmp_path, "tasks.jsonl", b"\n".join(rows))))
    assert done.returncode == 1, done.stderr
    assert "queued 2 tasks" in done.stdout
    assert "row 2: (encoding)" in done.stderr


def test_worker_secrets_from_a_bad_file_fails_cleanly(tmp_path: Path) -> None:
    bad = _file(tmp_path, "secrets.txt", b"{}")
    done = _cli(tmp_path, "worker", "--secrets-from", str(bad), "--exit-when-idle")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "unsupported task file type '.txt'" in done.stderr
    nested = _file(tmp_path, "secrets.jsonl", b"[" * 100_000)
    done = _cli(tmp_path, "worker", "--secrets-from", str(nested), "--exit-when-idle")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "nested too deeply" in done.stderr
