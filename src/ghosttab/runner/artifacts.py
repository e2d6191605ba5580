"""Files a person can open: a screenshot per step, a trace of a failed task; secrets scrubbed."""

from __future__ import annotations

import asyncio
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

from playwright.async_api import Page

from ghosttab.perception.models import Observation

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")
SCREENSHOT_TIMEOUT_S = 10.0

_MARK_SECRETS_JS = """
(values) => {
  const hits = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('input, textarea')) {
      if (values.includes(el.value)) { el.setAttribute('data-gt-secret', '1'); hits.push(1); }
    }
    for (const host of root.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
  };
  visit(document);
  return hits.length;
}
"""


def safe_name(text: str) -> str:
    return _SAFE.sub("_", text)[:80] or "task"


class ArtifactDir:
    """The folder of one task attempt: steps/NN.png, downloads/, trace.zip."""

    def __init__(self, root: Path, task_id: str, attempt: int) -> None:
        self.path = root / safe_name(task_id) / f"attempt-{attempt}"
        self.downloads = self.path / "downloads"
        self.downloads.mkdir(parents=True, exist_ok=True)

    def step_png(self, step: int) -> Path:
        return self.path / f"step-{step:03d}.png"

    @property
    def trace(self) -> Path:
        return self.path / "trace.zip"


async def screenshot(page: Page, path: Path, secrets: list[str]) -> str | None:
    """A viewport screenshot with every field that holds a secret painted over; None when the page
    cannot give one within SCREENSHOT_TIMEOUT_S (a page script that never answers included)."""
    try:
        async with asyncio.timeout(SCREENSHOT_TIMEOUT_S):
            masked = []
            if secrets:
                count = await page.evaluate(_MARK_SECRETS_JS, secrets)
                if count:
                    masked = [page.locator("[data-gt-secret]")]
            await page.screenshot(path=str(path), mask=masked, timeout=5_000, animations="disabled")
        return str(path)
    except Exception:
        return None


def secret_variants(secrets: list[str]) -> list[bytes]:
    """A secret as it may appear in recorded bytes: raw, URL-encoded, form-encoded."""
    variants: set[bytes] = set()
    for secret in secrets:
        if len(secret) < 3:
            continue
        for form in (secret, quote(secret, safe=""), quote_plus(secret)):
            variants.add(form.encode())
    return sorted(variants, key=len, reverse=True)


def scrub_zip(path: Path, secrets: list[str]) -> None:
    """Rewrite a trace archive with every secret value replaced by ***."""
    variants = secret_variants(secrets)
    if not variants or not path.exists():
        return
    scrubbed = path.with_suffix(".scrub.zip")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(scrubbed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            for variant in variants:
                data = data.replace(variant, b"***")
            target.writestr(item, data)
    shutil.move(scrubbed, path)


def scrub_text(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


def mask_secrets(observation: Observation, secrets: list[str]) -> Observation:
    """An observation as a decider (or a model prompt) may see it: no secret value in it anywhere."""
    live = [s for s in secrets if len(s) >= 3]
    if not live:
        return observation
    elements = [
        e.model_copy(
            update={key: scrub_text(getattr(e, key), live) for key in ("value", "name", "label", "context")}
        )
        for e in observation.elements
    ]
    update = {key: scrub_text(getattr(observation, key), live) for key in ("text", "title")}
    return observation.model_copy(update={"elements": elements, **update})
