"""Errors raised while finding, launching or connecting to a browser."""

from __future__ import annotations


class BrowserNotFound(RuntimeError):
    """No usable Chromium executable could be found."""


class BrowserConnectError(RuntimeError):
    """A remote browser (CDP URL or Playwright websocket endpoint) could not be reached.

    The message is one line, meant to be shown to a person as is.
    """


class PoolClosed(RuntimeError):
    """A lease was asked of a pool that is not running."""
