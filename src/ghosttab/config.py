"""FleetConfig: everything a run needs to know, from arguments, `GHOSTTAB_*` variables or defaults.

Nested parts are reached with a double underscore: `GHOSTTAB_DB=pg.example/gt`,
`GHOSTTAB_CONCURRENCY=8`, `GHOSTTAB_POOL__BROWSERS=2`, `GHOSTTAB_RUNNER__TRACE=always`,
`GHOSTTAB_WORKER__LEASE_S=60`, `GHOSTTAB_MODEL__BASE_URL=http://127.0.0.1:11434/v1`,
`GHOSTTAB_POLICY__PRESET=strict`.

A config file, `ghosttab.toml` in the working folder (or the file `GHOSTTAB_CONFIG` names), holds
the same settings as TOML, with model profiles (`[models.NAME]`), prices (`[prices."MODEL"]`), the
tier order and the per-task limits (`[router]`, `[router.limits]`); `model = "NAME"` (or
`--model NAME`) picks a profile. Arguments win over the environment, the environment over the
file, the file over the defaults.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from ghosttab.browser.config import PoolConfig
from ghosttab.browser.sealing import SessionCipher, default_key_file
from ghosttab.errors import GhosttabError
from ghosttab.navigator.llm import ModelConfig
from ghosttab.navigator.prices import Price
from ghosttab.navigator.router import RouterSettings
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
CONFIG_FILE = "ghosttab.toml"
CONFIG_FILE_ENV = "GHOSTTAB_CONFIG"


def config_file() -> Path:
    """The TOML file settings are read from (it need not exist)."""
    return Path(os.environ.get(CONFIG_FILE_ENV) or CONFIG_FILE)


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
    model: ModelConfig | None = Field(
        None, description="an OpenAI-compatible model as a higher tier (its `model` may name a profile)"
    )
    models: dict[str, ModelConfig] = Field(default_factory=dict, description="model profiles by name")
    prices: dict[str, Price] = Field(
        default_factory=dict, description="USD per million tokens by model name, over the built-in table"
    )
    router: RouterSettings = Field(
        default_factory=RouterSettings, description="tier order, escalation, model limits per task"
    )
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

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return init_settings, env_settings, toml

    @model_validator(mode="before")
    @classmethod
    def _pick_profile(cls, data: Any) -> Any:
        """`model = "NAME"`, `model.model = NAME` or `model.profile = NAME` where NAME is a profile:
        that profile, with whatever else was given for the model over it."""
        if not isinstance(data, dict) or data.get("model") is None:
            return data
        chosen = data["model"]
        given = {"model": chosen} if isinstance(chosen, str) else dict(chosen)
        profiles = data.get("models") or {}
        name = given.pop("profile", None) or given.get("model")
        if isinstance(name, str) and name in profiles:
            profile = profiles[name]
            base = (
                profile.model_dump(exclude_unset=True) if isinstance(profile, ModelConfig) else dict(profile)
            )
            if given.get("model") == name:
                given.pop("model")
            given = {**base, **given}
        elif "profile" in (chosen if isinstance(chosen, dict) else {}):
            raise ValueError(
                f"model.profile: no profile {name!r} in [models] ({', '.join(profiles) or 'none'})"
            )
        return {**data, "model": given}

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
