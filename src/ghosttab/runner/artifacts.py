"""Files a person can open: a screenshot per step, a trace of a failed task (secrets: ghosttab.secrets)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from playwright.async_api import BrowserContext, Page

from ghosttab.runner.config import TraceMode
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


async def live_frame(page: Page, secrets: Secrets, quality: int = 60) -> bytes | None:
    """A JPEG of the viewport for the live view, masked as every screenshot is; None when the page
    cannot give one now (it is closing, or busy past the timeout)."""
    try:
        async with asyncio.timeout(SCREENSHOT_TIMEOUT_S / 2):
            masked = await secrets.mask_fields(page, partial=True)
            return await page.screenshot(
                type="jpeg", quality=quality, mask=masked, timeout=3_000, scale="css"
            )
    except Exception:
        return None


async def start_trace(context: BrowserContext, mode: TraceMode) -> TraceMode:
    """Start a Playwright trace unless `mode` is off; the mode that holds (off where the context cannot)."""
    if mode == TraceMode.OFF:
        return mode
    try:
        await context.tracing.start(snapshots=True, screenshots=False, sources=False)
    except Exception:
        return TraceMode.OFF
    return mode


async def stop_trace(
    context: BrowserContext, mode: TraceMode, keep: bool, path: Path, secrets: Secrets
) -> str | None:
    """Stop the trace; keep it (secrets scrubbed) at `path` when `keep` or `mode` says always."""
    if mode == TraceMode.OFF:
        return None
    try:
        if keep or mode == TraceMode.ALWAYS:
            await context.tracing.stop(path=str(path))
            secrets.scrub_zip(path)
            return str(path)
        await context.tracing.stop()
    except Exception:
        return None
    return None
