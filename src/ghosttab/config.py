"""FleetConfig: everything a run needs to know, from arguments, `GHOSTTAB_*` variables or defaults.

Nested parts are reached with a double underscore: `GHOSTTAB_DB=pg.example/gt`,
`GHOSTTAB_CONCURRENCY=8`, `GHOSTTAB_POOL__BROWSERS=2`, `GHOSTTAB_RUNNER__TRACE=always`,
`GHOSTTAB_WORKER__LEASE_S=60`, `GHOSTTAB_MODEL__BASE_URL=http://127.0.0.1:11434/v1`,
`GHOSTTAB_POLICY__PRESET=strict`. Arguments win
over the environment, the environment over the defaults.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ghosttab.browser.config import PoolConfig
from ghosttab.browser.sealing import SessionCipher, default_key_file
from ghosttab.errors import GhosttabError
from ghosttab.navigator.llm import ModelConfig
from ghosttab.policy import PolicySettings
from ghosttab.replay.cache import PathSettings
from ghosttab.runner.config import RunnerConfig
from ghosttab.store.connect import resolve_url
from ghosttab.taskfile import TaskFileLimits
from ghosttab.worker import WorkerConfig

DEFAULT_DB = "ghosttab.db"


def sqlite_file(db: str) -> str | None:
    """The SQLite file `db` names, or None for PostgreSQL (or a URL that is not valid)."""
    try:
        url = resolve_url(db)
    except GhosttabError:
        return None
    return url.database if url.get_backend_name() == "sqlite" else None
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
    secret_key: SecretStr | None = Field(
        None, description="Fernet key sealing saved sessions (GHOSTTAB_SECRET_KEY); else the key file"
    )
    secret_key_file: Path | None = Field(
        None, description="key file for saved sessions, made 0600 if missing (default: beside the "
        "SQLite file, or $XDG_DATA_HOME/ghosttab/secret.key)",
    )  # fmt: skip
    policy: PolicySettings = Field(
        default_factory=PolicySettings, description="where tasks may send the browser (address policy)"
    )

    @model_validator(mode="after")
    def _size_slots(self) -> FleetConfig:
        tabs = math.ceil(self.concurrency / self.pool.browsers)
        self.pool = self.pool.model_copy(update={"tabs": tabs, "warm": min(self.pool.warm, tabs)})
        self.worker = self.worker.model_copy(update={"concurrency": self.concurrency})
        return self

    def session_cipher(self) -> SessionCipher:
        """What seals saved sessions: GHOSTTAB_SECRET_KEY, else the key file (made if missing)."""
        key = self.secret_key.get_secret_value() if self.secret_key else None
        return SessionCipher.load(key, self.secret_key_file or default_key_file(sqlite_file(self.db)))
