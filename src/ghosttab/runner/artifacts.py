"""Files a person can open: a screenshot per step, a trace of a failed task (secrets: ghosttab.secrets)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from playwright.async_api import Page

from ghosttab.secrets import Secrets

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")
SCREENSHOT_TIMEOUT_S = 10.0

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


async def screenshot(page: Page, path: Path, secrets: Secrets) -> str | None:
    """A viewport screenshot with every field that holds a secret painted over; None when the page
    cannot give one within SCREENSHOT_TIMEOUT_S (a page script that never answers included)."""
    try:
        async with asyncio.timeout(SCREENSHOT_TIMEOUT_S):
            masked = await secrets.mask_fields(page)
            await page.screenshot(path=str(path), mask=masked, timeout=5_000, animations="disabled")
        return str(path)
    except Exception:
        return None
