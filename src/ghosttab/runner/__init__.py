"""One task in one tab: the observe -> decide -> act -> check -> record loop."""

from __future__ import annotations

from ghosttab.runner.config import RunnerConfig, ScreenshotMode, TraceMode
from ghosttab.runner.loop import Recorder, TaskCrashed, TaskRunner

__all__ = ["Recorder", "RunnerConfig", "ScreenshotMode", "TaskCrashed", "TaskRunner", "TraceMode"]
