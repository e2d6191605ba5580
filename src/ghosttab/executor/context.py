"""What the executor needs to turn references in an action into values."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ghosttab.secrets import Secrets


def _as_secrets(value: object) -> object:
    """A plain mapping of names to values is read as Secrets (validated there)."""
    return Secrets(value) if isinstance(value, Mapping) else value


class ExecutionContext(BaseModel):
    """One task's values and limits, as the executor sees them. Secrets never appear in its repr."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    data: dict[str, str] = Field(default_factory=dict)
    secrets: Annotated[Secrets, BeforeValidator(_as_secrets)] = Field(default_factory=Secrets, repr=False)
    allowed_domains: list[str] = Field(default_factory=list)
    downloads_dir: Path
    action_timeout_s: float = Field(default=10.0, gt=0)
    navigation_timeout_s: float = Field(default=30.0, gt=0)

    @property
    def action_timeout_ms(self) -> float:
        return self.action_timeout_s * 1000

    @property
    def navigation_timeout_ms(self) -> float:
        return self.navigation_timeout_s * 1000
