"""Executor: turns an Action into Playwright calls with the right waits; classifies every failure."""

from __future__ import annotations

from ghosttab.executor.classify import classify
from ghosttab.executor.context import ExecutionContext
from ghosttab.executor.executor import Executor
from ghosttab.executor.resolve import TargetResolver, frame_root

__all__ = ["ExecutionContext", "Executor", "TargetResolver", "classify", "frame_root"]
