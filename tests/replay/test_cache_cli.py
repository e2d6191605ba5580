"""`ghosttab cache`: list, show, export to a file, import elsewhere, clear."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ghosttab import FleetConfig, Store, TaskStatus, run_tasks
from ghosttab.report import RunReport, build_report

from .conftest import search_task

MakeConfig = Callable[..., FleetConfig]


def _cache(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ghosttab.cli.main", "cache", *args]
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)


async def test_paths_are_listed_shown_exported_imported_and_cleared(
    demo_url: str, fleet_config: MakeConfig, tmp_path: Path
) -> None:
    config = fleet_config(concurrency=1)
    [result] = await run_tasks([search_task(demo_url, "tent")], config)
    assert result.status == TaskStatus.SUCCEEDED, result.error
    listed = _cache("ls", "--db", config.db)
    assert listed.returncode == 0 and "1 paths" in listed.stdout and "{goal.1}" in listed.stdout
    exported = tmp_path / "paths.json"
    assert _cache("export", str(exported), "--db", config.db).returncode == 0
    [row] = json.loads(exported.read_text())
    other = str(tmp_path / "other.db")
    imported = _cache("import", str(exported), "--db", other)
    assert imported.returncode == 0 and "imported 1 paths" in imported.stdout
    shown = _cache("show", row["key"][:8], "--db", other)
    assert shown.returncode == 0 and "{goal.1}" in shown.stdout and "type" in shown.stdout
    cleared = _cache("clear", "--db", other)
    assert cleared.returncode == 0 and "deleted 1 paths" in cleared.stdout
    assert "0 paths" in _cache("ls", "--db", other).stdout
    bad = tmp_path / "bad.json"
    bad.write_text('[{"key": 1}]')
    refused = _cache("import", str(bad), "--db", other)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


async def test_the_report_shows_the_cache_hit_rate_and_the_time_saved(
    demo_url: str, fleet_config: MakeConfig
) -> None:
    config = fleet_config(concurrency=1)
    results = await run_tasks([search_task(demo_url, words) for words in ("tent", "stove", "boots")], config)
    assert {r.status for r in results} == {TaskStatus.SUCCEEDED}, [r.error for r in results]
    report = await _report(config.db)
    assert (report.tasks, report.repeat_tasks, report.cache_hits) == (3, 2, 2)
    assert report.success_rate == 1.0 and report.replayed_steps >= 2
    assert {tier.tier for tier in report.tiers} == {"heuristic", "replay"}
    env = {**os.environ, "COLUMNS": "200"}
    command = [sys.executable, "-m", "ghosttab.cli.main", "report", "--db", config.db, "--since", "1h"]
    shown = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert shown.returncode == 0, shown.stderr
    assert "cache hit rate on repeat tasks" in shown.stdout and "100% (2 hits" in shown.stdout
    bad = subprocess.run([*command[:-1], "yesterday"], capture_output=True, text=True, timeout=60, env=env)
    assert bad.returncode == 2 and "--since" in bad.stderr


async def _report(db: str) -> RunReport:
    with Store.open(db) as store:
        return await build_report(store)
