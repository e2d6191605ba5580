"""Deciders (replay, heuristic, model) and the Router that picks between their tiers."""

from __future__ import annotations

from ghosttab.navigator.base import Decider, Decision, PastStep, TaskMemory
from ghosttab.navigator.heuristic import HeuristicNavigator
from ghosttab.navigator.router import Router, default_router
from ghosttab.result import Tier

__all__ = [
    "Decider",
    "Decision",
    "HeuristicNavigator",
    "PastStep",
    "Router",
    "TaskMemory",
    "Tier",
    "default_router",
]
