"""FleetConfig: everything a run needs to know, from arguments, `GHOSTTAB_*` variables or defaults.

Nested parts are reached with a double underscore: `GHOSTTAB_DB=pg.example/gt`,
`GHOSTTAB_CONCURRENCY=8`, `GHOSTTAB_POOL__BROWSERS=2`, `GHOSTTAB_RUNNER__TRACE=always`,
`GHOSTTAB_WORKER__LEASE_S=60`, `GHOSTTAB_MODEL__BASE_URL=http://127.0.0.1:11434/v1`,
`GHOSTTAB_POLICY__PRESET=strict`. Arguments win
over the environment, the environment over the defaults.
"""

from __future__ import annotations

import math

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ghosttab.browser.config import PoolConfig
from ghosttab.navigator.llm import ModelConfig
from ghosttab.policy import PolicySettings
from ghosttab.replay.cache import PathSettings
from ghosttab.runner.config import RunnerConfig
from ghosttab.taskfile import TaskFileLimits
from ghosttab.worker import WorkerConfig

DEFAULT_DB = "ghosttab.db"
ENV_PREFIX = "GHOSTTAB_"


class FleetConfig(BaseSettings):
    """The fleet's settings; `concurrency` sizes the pool's tabs and the worker's slots together."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    db: str = Field(DEFAULT_DB, description="SQLite file path or postgresql://… URL of the store")
    concurrency: int = Field(4, ge=1, le=256, description="tasks running at once, in as many tabs")
    pool: PoolConfig = Field(default_factory=PoolConfig, description="browsers and their warm tabs")
    runner: RunnerConfig = Field(default_factory=RunnerConfig, description="one task's limits and artifacts")
    worker: WorkerConfig = Field(default_factory=WorkerConfig, description="claiming, leases, shutdown")
    model: ModelConfig | None = Field(None, description="an OpenAI-compatible model as a higher tier")
    paths: PathSettings = Field(default_factory=PathSettings, description="replaying paths that worked")
    taskfile: TaskFileLimits = Field(
        default_factory=TaskFileLimits, description="how large a task file may be (size, rows)"
    )
    policy: PolicySettings = Field(
        default_factory=PolicySettings, description="where tasks may send the browser (address policy)"
    )

    @model_validator(mode="after")
    def _size_slots(self) -> FleetConfig:
        tabs = math.ceil(self.concurrency / self.pool.browsers)
        self.pool = self.pool.model_copy(update={"tabs": tabs, "warm": min(self.pool.warm, tabs)})
        self.worker = self.worker.model_copy(update={"concurrency": self.concurrency})
        return self
