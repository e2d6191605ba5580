"""FleetConfig: nested parts, GHOSTTAB_* variables, a description for every setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from ghosttab import Fleet, FleetConfig
from ghosttab.browser import PoolConfig
from ghosttab.runner import RunnerConfig, TraceMode


def test_environment_variables_reach_the_effective_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GHOSTTAB_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("GHOSTTAB_CONCURRENCY", "6")
    monkeypatch.setenv("GHOSTTAB_POOL__BROWSERS", "2")
    monkeypatch.setenv("GHOSTTAB_RUNNER__TRACE", "always")
    monkeypatch.setenv("GHOSTTAB_RUNNER__TOKEN_BUDGET", "1500")
    monkeypatch.setenv("GHOSTTAB_RUNNER__ACTION_TIMEOUT_S", "4.5")
    monkeypatch.setenv("GHOSTTAB_WORKER__LEASE_S", "45")
    monkeypatch.setenv("GHOSTTAB_MODEL__BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("GHOSTTAB_MODEL__MODEL", "tiny")
    config = FleetConfig()
    assert config.db == str(tmp_path / "env.db")
    assert (config.concurrency, config.pool.browsers, config.pool.tabs) == (6, 2, 3)
    assert config.worker.concurrency == 6 and config.worker.lease_s == 45
    assert config.runner.trace == TraceMode.ALWAYS and config.runner.token_budget == 1500
    assert config.runner.action_timeout_s == 4.5
    assert config.model is not None and config.model.model == "tiny"


def test_arguments_win_over_the_environment_and_keep_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHOSTTAB_CONCURRENCY", "6")
    monkeypatch.setenv("GHOSTTAB_RUNNER__TOKEN_BUDGET", "1500")
    config = FleetConfig(concurrency=3, runner={"trace": "off"})  # type: ignore[arg-type]
    assert config.concurrency == 3 and config.worker.concurrency == 3
    assert config.runner.trace == TraceMode.OFF and config.runner.token_budget == 1500


def test_a_bad_environment_value_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHOSTTAB_RUNNER__TRACE", "sometimes")
    with pytest.raises(ValidationError) as bad:
        FleetConfig()
    assert bad.value.errors()[0]["loc"] == ("runner", "trace")


def test_other_ghosttab_variables_are_not_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHOSTTAB_DEMO_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("GHOSTTAB_SECRET_PASSWORD", "s3cret")
    assert FleetConfig().concurrency == 4


def _undescribed(model: type[BaseModel], prefix: str = "") -> list[str]:
    missing = []
    for name, field in model.model_fields.items():
        if not field.description:
            missing.append(prefix + name)
        nested = field.annotation
        for candidate in getattr(nested, "__args__", (nested,)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                missing += _undescribed(candidate, f"{prefix}{name}.")
    return missing


def test_every_setting_has_a_one_line_description() -> None:
    assert _undescribed(FleetConfig) == []
    assert _undescribed(FleetConfig, "") != _undescribed(_Bare)  # the walk does see a missing one


class _Bare(BaseModel):
    nested: PoolConfig
    plain: int = 0


async def test_the_runner_and_pool_settings_reach_the_running_fleet(tmp_path: Path) -> None:
    runner = RunnerConfig(artifacts_dir=tmp_path / "a", token_budget=1234, action_timeout_s=3.0)
    config = FleetConfig(db=str(tmp_path / "f.db"), concurrency=3, pool=PoolConfig(warm=1), runner=runner)
    async with Fleet(config) as fleet:
        worker = fleet.make_worker()
        assert worker.runner.config.token_budget == 1234 and worker.runner.config.action_timeout_s == 3.0
        assert worker.config.concurrency == 3
        assert fleet.pool is not None and fleet.pool.stats().slots == 3


def test_the_cli_reads_the_store_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    env = {**os.environ, "GHOSTTAB_DB": str(db)}
    status = subprocess.run(
        [sys.executable, "-m", "ghosttab.cli.main", "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.returncode == 0, status.stderr
    assert "QUEUED" in status.stdout and db.exists()


def test_the_cli_refuses_an_unknown_choice_clearly(tmp_path: Path) -> None:
    tasks = tmp_path / "t.jsonl"
    tasks.write_text('{"goal": "x", "start_url": "http://127.0.0.1:9/"}\n')
    run = subprocess.run(
        [sys.executable, "-m", "ghosttab.cli.main", "run", str(tasks), "--trace", "sometimes"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2 and "sometimes" in run.stderr and "Traceback" not in run.stderr
