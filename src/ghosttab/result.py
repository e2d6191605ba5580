"""What a task leaves behind: its step records while it runs and its TaskResult at the end."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from ghosttab.errors import StructuredError
from ghosttab.lifecycle import TaskStatus


def _now() -> datetime:
    return datetime.now(UTC)


class StepRecord(BaseModel):
    """One observe -> decide -> act turn. `action` is the Action's JSON: secrets appear by name only."""

    task_id: str
    attempt: int = 1
    step: int
    action: dict[str, Any]
    tier: str = "heuristic"
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
    final_url: str = ""
    trace: str | None = None
    screenshot: str | None = None

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
        }
