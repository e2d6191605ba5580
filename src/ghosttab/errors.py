"""StructuredError: every failure as a typed value with a kind, a source and whether it is retryable."""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from pydantic import BaseModel


class ErrorKind(str, Enum):
    NETWORK = "NETWORK"
    TIMEOUT = "TIMEOUT"
    CDP = "CDP"
    RUNTIME = "RUNTIME"
    ELEMENT = "ELEMENT"
    AUTH = "AUTH"
    BUDGET = "BUDGET"
    CRASH = "CRASH"
    POLICY = "POLICY"
    INPUT = "INPUT"
    LOOP = "LOOP"
    STEPS = "STEPS"


class ErrorSource(str, Enum):
    NAVIGATION = "navigation"
    PERCEPTION = "perception"
    DECISION = "decision"
    ACTION = "action"
    BROWSER = "browser"
    RUNNER = "runner"
    STORE = "store"
    INPUT = "input"


RETRYABLE_HTTP = frozenset({408, 425, 429, 500, 502, 503, 504})


class StructuredError(BaseModel):
    kind: ErrorKind
    source: ErrorSource
    message: str
    retryable: bool = False
    status: int | None = None
    retry_after_s: float | None = None

    def __str__(self) -> str:
        status = f" {self.status}" if self.status is not None else ""
        return f"{self.kind.value}{status} ({self.source.value}): {self.message}"

    @classmethod
    def http(cls, status: int, url: str, retry_after_s: float | None = None) -> StructuredError:
        kind = ErrorKind.AUTH if status in (401, 403) else ErrorKind.NETWORK
        return cls(
            kind=kind,
            source=ErrorSource.NAVIGATION,
            message=f"HTTP {status} at {url}",
            retryable=status in RETRYABLE_HTTP,
            status=status,
            retry_after_s=retry_after_s,
        )


class GhosttabError(Exception):
    """The one root of ghosttab's exceptions; each carries a StructuredError.

    Raised with a StructuredError, or with a one-line message that becomes one of the subclass's
    `kind` and `source`; `str()` of a message-made error is the message itself."""

    kind: ClassVar[ErrorKind] = ErrorKind.RUNTIME
    source: ClassVar[ErrorSource] = ErrorSource.RUNNER

    def __init__(self, error: StructuredError | str) -> None:
        if isinstance(error, str):
            message = " ".join(error.split()) or type(self).__name__
            error = StructuredError(kind=self.kind, source=self.source, message=message)
            super().__init__(message)
        else:
            super().__init__(str(error))
        self.error = error

    @property
    def message(self) -> str:
        return self.error.message


def first_line(error: BaseException) -> str:
    """The first line of an exception's message, or its type's name when it has none."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__

