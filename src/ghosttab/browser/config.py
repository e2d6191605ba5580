"""Typed settings of the tab pool and the figures it reports."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from pydantic import BaseModel, Field, model_validator


class Viewport(BaseModel):
    width: int = Field(1280, gt=0, description="page width in CSS pixels")
    height: int = Field(900, gt=0, description="page height in CSS pixels")


class BudgetPolicy(str, Enum):
    WARN = "warn"  # publish an event, let the task go on
    KILL_TAB = "kill_tab"  # close the tab: the task ends with a BUDGET error


class BudgetConfig(BaseModel):
    """Per-tab resource limits; None switches a limit off."""

    js_heap_mb: float | None = Field(512, gt=0, description="JavaScript heap a tab may use (MB)")
    cpu_percent: float | None = Field(None, gt=0, description="CPU a tab's renderer may use (% of a core)")
    rss_mb: float | None = Field(None, gt=0, description="resident memory a tab's renderer may use (MB)")
    window_s: float = Field(
        3.0, ge=0, description="seconds a limit must be exceeded before the policy acts (spikes pass)"
    )
    sample_every_s: float = Field(0.5, gt=0, description="how often a tab's use is measured")
    policy: BudgetPolicy = Field(BudgetPolicy.KILL_TAB, description="warn | kill_tab, when a limit is passed")

    @property
    def active(self) -> bool:
        return any(limit is not None for limit in (self.js_heap_mb, self.cpu_percent, self.rss_mb))


class PoolConfig(BaseModel):
    browsers: int = Field(1, ge=1, description="browser processes (shards)")
    tabs: int = Field(4, ge=1, description="concurrent contexts per shard")
    warm: int = Field(2, ge=0, description="ready contexts kept per shard")
    headless: bool = Field(True, description="run Chromium without a window")
    recycle_after: int = Field(100, ge=1, description="leases a shard serves before it is replaced")
    shard_memory_cap_mb: int | None = Field(None, gt=0, description="MB over which a shard is replaced")
    host_memory_threshold: float = Field(
        0.85, gt=0, le=1,
        description="host memory use over which the biggest browser is retired and no task is claimed",
    )  # fmt: skip
    memory_check_every_s: float = Field(2.0, gt=0, description="how often shard and host memory are read")
    cdp_url: str | None = Field(None, description="connect to a running Chromium over CDP")
    ws_endpoint: str | None = Field(None, description="connect to a Playwright browser server instead")
    executable_path: str | None = Field(None, description="overrides find_chromium()")
    viewport: Viewport = Field(default_factory=Viewport, description="every tab's viewport")
    downloads_dir: Path | None = Field(None, description="root for each shard's download folder")
    budget: BudgetConfig = Field(default_factory=BudgetConfig, description="per-tab resource limits")
    extra_args: list[str] = Field(default_factory=list, description="more Chromium command-line flags")
    launch_timeout_s: float = Field(30.0, gt=0, description="seconds a browser may take to start")
    # A browser that stops answering (stalled, swapped out, wedged) fails a lease after this long
    # instead of holding it forever; the shard is then treated as lost and replaced.
    context_timeout_s: float = Field(30.0, gt=0, description="seconds a browser may take to open a context")

    @model_validator(mode="after")
    def _one_remote(self) -> PoolConfig:
        if self.cdp_url and self.ws_endpoint:
            raise ValueError("give cdp_url or ws_endpoint, not both")
        return self

    @property
    def remote(self) -> bool:
        return bool(self.cdp_url or self.ws_endpoint)

    @property
    def slots(self) -> int:
        return self.browsers * self.tabs


class PoolStats(BaseModel):
    shards: int
    shards_ready: int
    slots: int
    busy: int
    warm_ready: int
    waiting: int
    contexts_created: int
    leases_served: int
    recycled_shards: int
    crashes: int  # browser processes lost
    tab_crashes: int = 0  # leases that ended with their tab crashed (a renderer, or its browser)
    budget_kills: int
    retried_leases: int = 0  # leases for a task whose previous lease in this pool ended crashed
