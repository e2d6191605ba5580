"""What a task leaves behind: its step and recovery records while it runs, its TaskResult at the end.

The vocabulary of those records (which tier decided, which recovery strategy ran and how it went)
lives here, beside them, so the store reads and writes them without importing the parts that
produce them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field, computed_field

from ghosttab.errors import StructuredError
from ghosttab.lifecycle import TaskStatus
from ghosttab.replay.path import CacheUse


def _now() -> datetime:
    return datetime.now(UTC)


class Tier(str, Enum):
    """Who decided a step."""

    REPLAY = "replay"
    HEURISTIC = "heuristic"
    LLM = "llm"
    RECOVERY = "recovery"


class Strategy(str, Enum):
    """How a fault is answered (ghosttab.recovery.policy chooses)."""

    WAIT_AND_RETRY = "wait_and_retry"
    REFRESH_AND_RETRY = "refresh_and_retry"
    REAUTHENTICATE = "reauthenticate"
    CLOSE_MODAL = "close_modal"
    BACK_OFF = "back_off"
    RETRY_ON_FRESH_TAB = "retry_on_fresh_tab"
    # Chosen by the runner, not by choose_strategy: a multi-part goal goes back to a part's
    # checkpoint, and a loop guard asks the navigator for another way.
    RETRY_PART = "retry_part"
    TRY_ANOTHER_WAY = "try_another_way"
    STOP = "stop"
    ESCALATE = "escalate"


class RecoveryVerdict(str, Enum):
    """How one recovery attempt went."""

    RECOVERED = "recovered"  # the strategy's own check passed
    FAILED = "failed"  # it ran, and its check did not pass
    APPLIED = "applied"  # carried out with nothing to check (a part restarted, another way asked for)
    STOPPED = "stopped"  # the task ends FAILED
    ESCALATED = "escalated"  # the task ends NEEDS_REVIEW
    RETRYING = "retrying"  # a crashed attempt goes to a fresh tab
    GAVE_UP = "gave up"  # a crashed attempt was the last one


class TierSpend(BaseModel):
    """What one tier spent on one task: the steps it decided, its model calls, tokens, cost, time."""

    decisions: int = 0
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    call_seconds: float = 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tokens(self) -> int:
        return self.tokens_in + self.tokens_out


class StepRecord(BaseModel):
    """One observe -> decide -> act turn. `action` is the Action's JSON: secrets appear by name only."""

    task_id: str
    attempt: int = 1
    step: int
    claim: str | None = None  # the worker whose claim it ran under (set by the store)
    # The step committed a side effect (a submission the site accepted, a confirming dialog
    # accepted, a download): a retry resumes after it instead of repeating it.
    committed: bool = False
    action: dict[str, Any]
    tier: Tier = Tier.HEURISTIC
    confidence: float = 1.0
    reason: str = ""
    ok: bool = True
    error: StructuredError | None = None
    url: str = ""
    page_hash: str = ""
    duration_ms: float = 0.0
    tokens: int = 0
    cost_usd: float = 0.0
    screenshot: str | None = None
    at: datetime = Field(default_factory=_now)


class Resume(BaseModel):
    """What a run picks up from an earlier run of its task that committed a side effect."""

    step: StepRecord  # the last committed step: its page is checked, the step never done again
    files: list[str] = Field(default_factory=list)  # what the earlier runs downloaded


class RecoveryRecord(BaseModel):
    """One recovery attempt: the fault, the strategy that answered it, how it went."""

    task_id: str
    attempt: int = 1
    step: int = 0
    error: StructuredError
    strategy: Strategy
    outcome: RecoveryVerdict
    at: datetime = Field(default_factory=_now)


class TaskResult(BaseModel):
    id: str
    status: TaskStatus
    steps: int = 0
    seconds: float = 0.0
    extracted: dict[str, str] = Field(default_factory=dict)
    files: list[str] = Field(default_factory=list)
    error: StructuredError | None = None
    attempts: int = 1
    tokens: int = 0
    cost_usd: float = 0.0
    tiers: dict[str, int] = Field(default_factory=dict)
    spend: dict[Tier, TierSpend] = Field(default_factory=dict)  # by tier: calls, tokens, cost, time
    final_url: str = ""
    trace: str | None = None
    screenshot: str | None = None
    cache: CacheUse | None = None  # how the task used the path cache

    def summary_line(self) -> dict[str, Any]:
        """The line written to results.jsonl."""
        return {
            "id": self.id,
            "status": self.status.value,
            "steps": self.steps,
            "seconds": round(self.seconds, 2),
            "extracted": self.extracted,
            "files": self.files,
            "error": str(self.error) if self.error else None,
            "attempts": self.attempts,
            "tokens": self.tokens,
            "cost_usd": self.cost_usd,
            "final_url": self.final_url,
            "tiers": self.tiers,
            "spend": {tier.value: spend.model_dump(mode="json") for tier, spend in self.spend.items()},
            "cache": self.cache.model_dump(mode="json") if self.cache else None,
        }
