"""What a task is: a goal, a start URL, data, secrets and a definition of success."""

from __future__ import annotations

import re
import string
import uuid
from enum import Enum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)

from ghosttab.policy import PolicyError, check_scheme
from ghosttab.secrets import Secrets, host_allowed, refusal

# One task's limits: a row past them is refused where it enters, so one huge row cannot starve a batch.
MAX_GOAL_CHARS = 4_000
MAX_URL_CHARS = 8_000
MAX_VALUE_CHARS = 10_000  # one data value, success text, extract pattern or selector
MAX_SECRET_CHARS = 4_096
MAX_FIELDS = 200  # data fields, secrets, extract fields, allowed domains
DataValue = Annotated[str, Field(max_length=MAX_VALUE_CHARS)]


class Priority(str, Enum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Higher rank is claimed first."""
        return {"low": 0, "normal": 1, "high": 2, "critical": 3}[self.value]


class SuccessSpec(BaseModel):
    """Every criterion that is given must hold for the task to succeed."""

    model_config = ConfigDict(extra="forbid")

    text: DataValue | None = None
    url_contains: DataValue | None = None
    download: bool = False
    extracted: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.url_contains or self.download or self.extracted)


class ExtractField(BaseModel):
    """A named value searched for in the final page: a regex over its text, or a CSS selector."""

    model_config = ConfigDict(extra="forbid")

    pattern: DataValue | None = None
    selector: DataValue | None = None
    attribute: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _one_source(self) -> ExtractField:
        if not self.pattern and not self.selector:
            raise ValueError("needs a 'pattern' or a 'selector'")
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"invalid regex pattern: {exc}") from exc
        return self


def _scrubbable(value: SecretStr) -> SecretStr:
    reason = refusal(value.get_secret_value())
    if reason is not None:
        raise ValueError(reason)
    return value


# A secret's value, or `env:VAR` to read it from the worker's environment when the task runs.
SecretValue = Annotated[SecretStr, Field(max_length=MAX_SECRET_CHARS), AfterValidator(_scrubbable)]



class TaskSpec(BaseModel):
    """A task as a user writes it (one JSONL line, one CSV row, one REST body)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(default_factory=lambda: f"task-{uuid.uuid4().hex[:12]}", min_length=1, max_length=200)
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    start_url: str = Field(max_length=MAX_URL_CHARS)
    data: dict[str, DataValue] = Field(default_factory=dict, max_length=MAX_FIELDS)
    secrets: dict[str, SecretValue] = Field(default_factory=dict, max_length=MAX_FIELDS)
    success: SuccessSpec = Field(default_factory=SuccessSpec)
    extract: dict[str, ExtractField] = Field(default_factory=dict, max_length=MAX_FIELDS)
    priority: Priority = Priority.NORMAL
    max_steps: int = Field(default=20, ge=1, le=500)
    timeout_s: float = Field(default=300.0, gt=0, le=86_400)
    session: str | None = Field(None, max_length=500)
    allowed_domains: list[Annotated[str, Field(max_length=500)]] = Field(
        default_factory=list, max_length=MAX_FIELDS
    )
    max_retries: int = Field(default=2, ge=0, le=20)
    # The caller's own: stored and returned untouched (the service routes results back with them).
    metadata: dict[str, Any] = Field(default_factory=dict)
    chain_id: str | None = Field(default=None, max_length=200)
    webhook_url: str | None = Field(default=None, max_length=2000, description="where the result is POSTed")

    @field_validator("data", mode="before")
    @classmethod
    def _stringify_data(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): v if isinstance(v, str) else _scalar_to_str(v) for k, v in value.items()}
        return value

    @field_validator("start_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        try:
            check_scheme(value)
        except PolicyError as refused:
            raise ValueError(refused.message) from None
        return value

    @field_validator("allowed_domains")
    @classmethod
    def _domains_named(cls, value: list[str]) -> list[str]:
        return [domain.strip() for domain in value if domain.strip()]

    @model_validator(mode="after")
    def _goal_fields_exist(self) -> TaskSpec:
        missing = [name for name in goal_fields(self.goal) if name not in self.data]
        if missing:
            raise ValueError(f"goal refers to {{{missing[0]}}} but data has no such field")
        if self.success.extracted and not self.extract:
            raise ValueError("success.extracted is set but no 'extract' fields are given")
        if self.allowed_domains and not host_allowed(self.start_url, self.allowed_domains):
            raise ValueError("start_url is outside allowed_domains, so the task could not open it")
        return self

    @property
    def rendered_goal(self) -> str:
        """The goal with `{field}` references filled from `data`."""
        return render_template(self.goal, self.data)

    @property
    def domains(self) -> list[str]:
        """Domains secrets may be typed into: the allowed list, or the start URL's host."""
        return self.allowed_domains or [urlsplit(self.start_url).hostname or ""]

    def with_secrets(self, secrets: Secrets) -> TaskSpec:
        """This task with the secret values a worker read for it (SecretBook.secrets_for)."""
        values = {name: SecretStr(secrets.value(name)) for name in secrets.names}
        return self.model_copy(update={"secrets": values})

    def secret_values(self) -> dict[str, str]:
        return {k: v.get_secret_value() for k, v in self.secrets.items()}

    def public_dict(self) -> dict[str, Any]:
        """The spec as stored: secrets reduced to their names."""
        body = self.model_dump(mode="json", exclude={"secrets"})
        body["secret_names"] = sorted(self.secrets)
        return body


def _scalar_to_str(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


# A quoted literal: straight or curly double quotes, or single quotes that open after a space or
# the start and close before a space, punctuation or the end (so "Eden's class" is no literal).
GOAL_LITERAL = re.compile(r"[\"“]([^\"”]{1,200})[\"”]|(?:(?<=\s)|^)['‘]([^'’]{1,200})['’](?=[\s,.;:!?)]|$)")


def goal_literals(goal: str) -> list[str]:
    """The values a goal quotes, in order."""
    return [(match.group(1) or match.group(2)).strip() for match in GOAL_LITERAL.finditer(goal)]


def goal_fields(goal: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(goal) if name]


def render_template(template: str, data: dict[str, str]) -> str:
    try:
        return template.format_map(data)
    except (KeyError, ValueError, IndexError):
        return template
