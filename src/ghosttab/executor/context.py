"""What the executor needs to turn references in an action into values, and the secret policy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field


class ExecutionContext(BaseModel):
    """One task's values and limits, as the executor sees them. Secrets never appear in its repr."""

    model_config = ConfigDict(frozen=True)

    data: dict[str, str] = Field(default_factory=dict)
    secrets: dict[str, str] = Field(default_factory=dict, repr=False)
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

    def secret_values(self) -> list[str]:
        return [value for value in self.secrets.values() if value]


def _domain_parts(entry: str) -> tuple[str, int | None]:
    """`example.com`, `example.com:8443`, `https://example.com/x` or `*.example.com` -> (host, port)."""
    entry = entry.strip().lower()
    if "://" not in entry:
        entry = "//" + entry
    parts = urlsplit(entry)
    host = (parts.hostname or "").lstrip("*.").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    return host, port


def host_allowed(url: str, allowed_domains: list[str]) -> bool:
    """Whether `url`'s host is an allowed domain or a subdomain of one (a port, if given, must match)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or parts.scheme not in ("http", "https"):
        return False
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    for entry in allowed_domains:
        allowed_host, allowed_port = _domain_parts(entry)
        if not allowed_host:
            continue
        if allowed_port is not None and allowed_port != port:
            continue
        if host == allowed_host or host.endswith("." + allowed_host):
            return True
    return False
