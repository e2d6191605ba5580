"""Launching or connecting to Chromium, the warm tab pool, isolation, crash and resource watch."""

from __future__ import annotations

from ghosttab.browser.config import BudgetConfig, PoolConfig, PoolStats, Viewport
from ghosttab.browser.errors import BrowserConnectError, BrowserNotFound, PoolClosed
from ghosttab.browser.launch import LAUNCH_ARGS, connect_remote, launch_args, launch_local
from ghosttab.browser.locate import find_chromium
from ghosttab.browser.pool import TabPool
from ghosttab.browser.tab import Tab
from ghosttab.browser.watch import BudgetWatch

__all__ = [
    "LAUNCH_ARGS",
    "BrowserConnectError",
    "BrowserNotFound",
    "BudgetConfig",
    "BudgetWatch",
    "PoolClosed",
    "PoolConfig",
    "PoolStats",
    "Tab",
    "TabPool",
    "Viewport",
    "connect_remote",
    "find_chromium",
    "launch_args",
    "launch_local",
]
