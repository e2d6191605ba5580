"""Errors raised while finding, launching or connecting to a browser, or leasing from the pool."""

from __future__ import annotations

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError


class BrowserNotFound(GhosttabError):
    """No usable Chromium executable could be found."""

    kind = ErrorKind.RUNTIME
    source = ErrorSource.BROWSER


class BrowserConnectError(GhosttabError):
    """A remote browser (CDP URL or Playwright websocket endpoint) could not be reached.

    The message is one line, meant to be shown to a person as is.
    """

    kind = ErrorKind.NETWORK
    source = ErrorSource.BROWSER


class PoolClosed(GhosttabError):
    """A lease was asked of a pool that is not running."""

    kind = ErrorKind.RUNTIME
    source = ErrorSource.BROWSER
