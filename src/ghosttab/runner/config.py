"""What one task's run may spend and keep: limits, artifacts, the observation's size."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field


class ScreenshotMode(str, Enum):
    STEPS = "steps"  # every step and the last page
    FINAL = "final"  # the last page and every failed step
    OFF = "off"


class TraceMode(str, Enum):
    OFF = "off"
    ON_FAILURE = "on-failure"
    ALWAYS = "always"


def _screenshot_mode(value: object) -> object:
    """`True`/`False` (the old boolean setting) read as "steps"/"off"."""
    if isinstance(value, bool):
        return ScreenshotMode.STEPS if value else ScreenshotMode.OFF
    return value


class RunnerConfig(BaseModel):
    artifacts_dir: Path = Field(Path("artifacts"), description="folder for screenshots, downloads, traces")
    # A screenshot costs the browser about 40 ms of CPU, a third of a short task's.
    screenshots: Annotated[ScreenshotMode, BeforeValidator(_screenshot_mode)] = Field(
        ScreenshotMode.FINAL, description="steps (every step) | final (last page and failed steps) | off"
    )
    trace: TraceMode = Field(TraceMode.ON_FAILURE, description="Playwright traces: off | on-failure | always")
    token_budget: int = Field(2000, ge=100, description="tokens an observation may take")
    action_timeout_s: float = Field(10.0, gt=0, description="seconds an action may take")
    navigation_timeout_s: float = Field(30.0, gt=0, description="seconds a page load may take")
    settle_s: float = Field(
        15.0, ge=0, description="seconds a task waits on a page still changing by itself before it "
        "takes the navigator's giving up (a page still loading is not a dead end)",
    )  # fmt: skip
    find_in_page: bool = Field(
        True, description="each observation also looks for the task's values anywhere on the page"
    )
