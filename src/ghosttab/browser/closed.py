"""Whether an exception means the page, its context or its browser is gone.

Playwright raises `TargetClosedError` for a call on a closed or crashed page, context or browser;
its Python package defines the class but does not export it from `playwright.async_api`, so it is
imported from where it is defined, here only. A CDP session's call on a closed target still comes
as a plain `Error`, recognised by Playwright's own wording.
"""

from __future__ import annotations

from playwright._impl._errors import TargetClosedError
from playwright.async_api import Error as PlaywrightError

# A CDP session (not a page) whose target went away answers with these words.
_CDP_CLOSED = ("target closed", "session closed", "browser has been closed", "browser has disconnected")
# A renderer that crashed answers the call under way with these words.
_CRASHED = ("target crashed", "page crashed")


def is_closed(exc: BaseException) -> bool:
    """True when `exc` says the target (page, context, browser, connection) is closed or crashed."""
    if isinstance(exc, TargetClosedError):
        return True
    if not isinstance(exc, PlaywrightError):
        return False
    message = exc.message.lower()
    return any(marker in message for marker in (*_CDP_CLOSED, *_CRASHED))


__all__ = ["TargetClosedError", "is_closed"]
