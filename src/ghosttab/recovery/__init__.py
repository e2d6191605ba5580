"""From a StructuredError to the strategy that gets the task going again."""

from __future__ import annotations

from ghosttab.recovery.policy import RecoveryPlan, Strategy, choose_strategy

__all__ = ["RecoveryPlan", "Strategy", "choose_strategy"]
