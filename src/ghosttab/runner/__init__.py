"""One task in one tab: the observe -> decide -> act -> check -> record loop."""

from __future__ import annotations

from ghosttab.runner.loop import (
    Recorder,
    RunnerConfig,
    ScreenshotMode,
    TaskCrashed,
    TaskRunner,
)

__all__ = ["Recorder", "RunnerConfig", "ScreenshotMode", "TaskCrashed", "TaskRunner"]
