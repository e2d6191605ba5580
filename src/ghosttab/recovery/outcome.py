"""What applying a recovery plan did: whether its own check passed, and any new fault it met."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ghosttab.errors import StructuredError
from ghosttab.result import RecoveryVerdict


class RecoveryOutcome(BaseModel):
    """`recovered`: the strategy's own check passed (the reload answered, the overlay is gone, the
    sign-in worked, the element is there). `error`: a new fault met on the way, which the next
    strategy answers. `detail`: what was done, in words."""

    recovered: bool
    detail: str = ""
    error: StructuredError | None = None
    downloads: list[str] = Field(default_factory=list)

    @property
    def verdict(self) -> RecoveryVerdict:
        """The outcome as stored with the recovery attempt."""
        return RecoveryVerdict.RECOVERED if self.recovered else RecoveryVerdict.FAILED
