"""The context window a decider sees: recent steps in full, older ones folded into a short summary.

No model is called to summarise: each older step becomes one deterministic line, so the same
history always gives the same context and the token estimate is known before any call.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ghosttab.navigator.base import PastStep

RECENT_STEPS = 5
DEFAULT_BUDGET = 6_000


def estimate_tokens(text: str) -> int:
    """About four characters a token, the usual rule for English and markup."""
    return -(-len(text) // 4)


class ContextEntry(BaseModel):
    step: int
    observation: str
    action: str
    outcome: str


class ContextWindow(BaseModel):
    recent: int = RECENT_STEPS
    budget: int = DEFAULT_BUDGET
    entries: list[ContextEntry] = Field(default_factory=list)

    def add(self, step: int, observation: str, past: PastStep) -> None:
        outcome = "ok" if past.ok else f"failed ({past.error_kind})"
        self.entries.append(
            ContextEntry(step=step, observation=observation, action=describe_action(past), outcome=outcome)
        )

    def summary(self) -> str:
        """One line per step older than the recent ones."""
        older = self.entries[: -self.recent] if len(self.entries) > self.recent else []
        return "\n".join(f"step {e.step}: {e.action} -> {e.outcome}" for e in older)

    def render(self, current_observation: str, goal: str) -> str:
        parts = [f"GOAL: {goal}"]
        summary = self.summary()
        if summary:
            parts.append("EARLIER STEPS:\n" + summary)
        for entry in self.entries[-self.recent :]:
            parts.append(
                f"STEP {entry.step} PAGE:\n{entry.observation}\nACTION: {entry.action} -> {entry.outcome}"
            )
        parts.append("CURRENT PAGE:\n" + current_observation)
        return "\n\n".join(parts)

    def tokens(self, current_observation: str, goal: str) -> int:
        return estimate_tokens(self.render(current_observation, goal))

    def over_budget(self, current_observation: str, goal: str) -> int | None:
        """The token estimate when it passes the budget, else None."""
        tokens = self.tokens(current_observation, goal)
        return tokens if tokens > self.budget else None


def describe_action(past: PastStep) -> str:
    action = past.action
    body = action.model_dump(exclude={"kind", "target"}, exclude_none=True, exclude_defaults=True)
    target = action.element
    where = f" on {target.describe()}" if target is not None else ""
    detail = " ".join(f"{k}={v!r}" for k, v in body.items())
    return f"{action.kind}{where} {detail}".strip() + f" at {past.url}"
