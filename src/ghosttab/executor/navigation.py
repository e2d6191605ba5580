"""HTTP outcomes of navigations: which statuses are errors, and what `Retry-After` asks for."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ghosttab.errors import RETRYABLE_HTTP, StructuredError
from ghosttab.executor.watch import WatchOutcome

# Sign-in walls an action runs into: recovery re-authenticates.
AUTH_HTTP = frozenset({401, 403})
MAX_RETRY_AFTER_S = 24 * 3600.0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date; None if unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def navigation_error(outcome: WatchOutcome, *, any_client_error: bool) -> StructuredError | None:
    """The error an HTTP status of the navigation in `outcome` means, if any.

    A page the user asked to open (`any_client_error`) fails on every status >= 400. A navigation an
    action set off (a form post, a link) fails only on statuses recovery acts on: sign-in walls and
    retryable server faults; a 404 or 422 page is shown to the navigator like any other page.
    """
    status = outcome.navigation_status
    if status is None or status < 400:
        return None
    if not any_client_error and status not in RETRYABLE_HTTP and status not in AUTH_HTTP:
        return None
    return StructuredError.http(status, outcome.navigation_url, parse_retry_after(outcome.retry_after))
