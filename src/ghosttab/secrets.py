"""Secrets: values that live only in worker memory, the one scrub rule, and where they may be typed.

The rule: every secret value, as it is and in its URL- and form-encoded spellings, is replaced by
`***` wherever text or bytes leave the worker (step records, errors, observations a decider or a
model sees, screenshots' fields, trace archives). A value shorter than MIN_SECRET_CHARS is refused
where it enters (the task file, the environment): scrubbing "42" would blank out ordinary page
text, and keeping it would leak it.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote, quote_plus, urlsplit

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError

if TYPE_CHECKING:
    from playwright.async_api import Locator, Page

    from ghosttab.perception.models import Observation

SCRUBBED = "***"
# Three characters: a card's security code is the shortest secret a web form asks for.
MIN_SECRET_CHARS = 3
ENV_PREFIX = "env:"
ENV_FALLBACK = "GHOSTTAB_SECRET_"
# ghosttab's own keys, never a task's secret: a task naming `key` or `env:GHOSTTAB_SECRET_KEY`
# would otherwise type the sessions' key into a page.
RESERVED_ENV = frozenset({"GHOSTTAB_SECRET_KEY", "GHOSTTAB_SECRET_KEY_FILE"})

_MARK_FIELDS_JS = """
([values, partial]) => {
  let hits = 0;
  const holds = (v) => values.includes(v)
    || (partial && v !== '' && values.some((s) => s.includes(v) || v.includes(s)));
  const visit = (root) => {
    for (const el of root.querySelectorAll('input, textarea')) {
      if (holds(el.value)) { el.setAttribute('data-gt-secret', '1'); hits += 1; }
    }
    for (const host of root.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
  };
  visit(document);
  return hits;
}
"""


class SecretRefused(GhosttabError):
    """A secret value that cannot be kept safely (too short to scrub), named by its key only."""

    kind = ErrorKind.INPUT
    source = ErrorSource.RUNNER


def refusal(value: str) -> str | None:
    """Why a secret value cannot be kept safely, or None; an `env:` reference is checked once read."""
    if value.startswith(ENV_PREFIX) or len(value) >= MIN_SECRET_CHARS:
        return None
    return f"a secret needs at least {MIN_SECRET_CHARS} characters so it can be scrubbed from every record"


def check_secret(name: str, value: str) -> None:
    """Raise SecretRefused (naming the secret, never its value) for a value refusal() rejects."""
    reason = refusal(value)
    if reason is not None:
        raise SecretRefused(f"secret {name!r}: {reason}")


def spellings(value: str) -> list[str]:
    """A secret as it may appear in recorded text: raw, URL-encoded, form-encoded."""
    return list(dict.fromkeys((value, quote(value, safe=""), quote_plus(value))))


class Secrets:
    """One task's secret values by name; `repr` never shows a value."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        found = {name: value for name, value in (values or {}).items() if value}
        for name, value in found.items():
            check_secret(name, value)
        self._values = found
        forms = {form for value in found.values() for form in spellings(value)}
        self._forms = sorted(forms, key=len, reverse=True)  # longest first, so overlaps are covered

    def __repr__(self) -> str:
        return f"Secrets(names={self.names})"

    def __bool__(self) -> bool:
        return bool(self._values)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    @property
    def names(self) -> list[str]:
        return sorted(self._values)

    def value(self, name: str) -> str:
        return self._values[name]

    def values(self) -> list[str]:
        return list(self._values.values())

    def scrub(self, text: str) -> str:
        for form in self._forms:
            text = text.replace(form, SCRUBBED)
        return text

    def scrub_bytes(self, data: bytes) -> bytes:
        for form in self._forms:
            data = data.replace(form.encode(), SCRUBBED.encode())
        return data

    def mask_observation(self, observation: Observation) -> Observation:
        """The observation as a decider (or a model prompt) may see it: no secret value anywhere."""
        if not self._forms:
            return observation
        fields = ("value", "name", "label", "context")
        elements = [
            element.model_copy(update={key: self.scrub(getattr(element, key)) for key in fields})
            for element in observation.elements
        ]
        page = {key: self.scrub(getattr(observation, key)) for key in ("text", "title")}
        tables = [[[self.scrub(cell) for cell in row] for row in table] for table in observation.tables]
        return observation.model_copy(update={"elements": elements, "tables": tables, **page})

    async def mask_fields(self, page: Page, partial: bool = False) -> list[Locator]:
        """Mark the page's fields that hold a secret; the locators a screenshot paints over.
        `partial` also marks a field holding part of one (a live frame may catch it being typed)."""
        if not self._values or not await page.evaluate(_MARK_FIELDS_JS, [self.values(), partial]):
            return []
        return [page.locator("[data-gt-secret]")]

    def scrub_zip(self, path: Path) -> None:
        """Rewrite an archive (a Playwright trace) with every secret spelling replaced by ***."""
        if not self._forms or not path.exists():
            return
        scrubbed = path.with_suffix(".scrub.zip")
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(scrubbed, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, self.scrub_bytes(source.read(item.filename)))
        shutil.move(scrubbed, path)


class SecretBook:
    """Secret values of many tasks, given with the task file or named as `env:VAR`; a name the task
    file leaves out is looked up as GHOSTTAB_SECRET_<NAME> in the worker's environment."""

    def __init__(self, by_task: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self._by_task = {task: dict(values) for task, values in (by_task or {}).items()}

    @classmethod
    def from_specs(cls, specs: Iterable[_HasSecrets]) -> SecretBook:
        return cls({spec.id: spec.secret_values() for spec in specs if spec.secret_values()})

    def add(self, specs: Iterable[_HasSecrets]) -> None:
        """Remember more tasks' values (the service's embedded worker, as tasks are submitted)."""
        for spec in specs:
            if spec.secret_values():
                self._by_task[spec.id] = dict(spec.secret_values())

    def secrets_for(self, task_id: str, names: list[str]) -> Secrets:
        """The task's secrets, read now; raises SecretRefused for a value too short to scrub."""
        known = self._by_task.get(task_id, {})
        found: dict[str, str] = {}
        for name in names:
            value = known.get(name) or _environ(f"{ENV_FALLBACK}{name.upper()}")
            if value.startswith(ENV_PREFIX):
                variable = value.removeprefix(ENV_PREFIX)
                if variable in RESERVED_ENV:
                    raise SecretRefused(f"secret {name!r}: {variable} holds ghosttab's own key, not a secret")
                value = _environ(variable)
            if value:
                found[name] = value
        return Secrets(found)


def _environ(variable: str) -> str:
    return "" if variable in RESERVED_ENV else os.environ.get(variable, "")


class _HasSecrets(Protocol):
    """What SecretBook.from_specs reads of a task (a TaskSpec)."""

    @property
    def id(self) -> str: ...

    def secret_values(self) -> dict[str, str]: ...


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
