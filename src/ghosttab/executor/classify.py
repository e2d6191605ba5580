"""Turn any exception raised while driving the browser into a StructuredError.

Playwright reports most failures as an `Error` whose message carries the cause and a call log;
the table here reads that text. Messages are shortened and scrubbed of secret values, because
Playwright can echo what was typed or searched for.
"""

from __future__ import annotations

import asyncio
import re

from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from ghosttab.browser.closed import is_closed
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.secrets import Secrets

MAX_MESSAGE_CHARS = 600

# net::ERR_* codes that mean "the same request will fail again": a wrong name, a bad certificate,
# a blocked or malformed request. Every other network error is treated as transient.
PERMANENT_NET_ERRORS = frozenset({
    "ERR_NAME_NOT_RESOLVED",
    "ERR_INVALID_URL",
    "ERR_UNSAFE_PORT",
    "ERR_UNSAFE_REDIRECT",
    "ERR_UNKNOWN_URL_SCHEME",
    "ERR_DISALLOWED_URL_SCHEME",
    "ERR_BLOCKED_BY_CLIENT",
    "ERR_BLOCKED_BY_RESPONSE",
    "ERR_BLOCKED_BY_ADMINISTRATOR",
    "ERR_TOO_MANY_REDIRECTS",
    "ERR_FILE_NOT_FOUND",
    "ERR_ACCESS_DENIED",
    "ERR_NETWORK_ACCESS_DENIED",
    "ERR_INVALID_RESPONSE",
    "ERR_CONTENT_DECODING_FAILED",
    "ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION",
})
PERMANENT_NET_PREFIXES = ("ERR_CERT_", "ERR_SSL_", "ERR_BAD_SSL_")

_NET_ERROR = re.compile(r"net::(ERR_[A-Z0-9_]+)")
_INTERCEPTOR = re.compile(r"^\s*-\s*(.+? intercepts pointer events)\s*$", re.MULTILINE)

_RUNTIME_RETRYABLE_MARKERS = (
    "execution context was destroyed",
    "frame was detached",
    "cannot find context with specified id",
    "navigation interrupted",
    "interrupted by another navigation",
)
_ELEMENT_GONE_MARKERS = (
    "element is not attached to the dom",
    "element is not visible",
    "element is outside of the viewport",
    "element is not enabled",
    "element is not editable",
    "strict mode violation",
    "no element matches",
)
_ELEMENT_WRONG_KIND_MARKERS = (
    "element is not an <input>",
    "element is not a <select>",
    "not a checkbox or radio button",
    "cannot type text into",
    "malformed value",
    "input of type",
)


def _head(message: str) -> str:
    """The first line of a Playwright message, without the `Locator.click:` API prefix."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    return re.sub(r"^[A-Za-z]+\.[A-Za-z_]+:\s*", "", first).strip()


def _shorten(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def interception(message: str) -> str | None:
    """The last '<x> intercepts pointer events' line of a call log, if any."""
    found = _INTERCEPTOR.findall(message)
    return found[-1].strip() if found else None


def _classify_timeout(message: str, source: ErrorSource) -> StructuredError:
    lowered = message.lower()
    interceptor = interception(message)
    if interceptor:
        return StructuredError(
            kind=ErrorKind.ELEMENT, source=source, retryable=True,
            message=f"something covers the target: {interceptor}",
        )
    log = lowered.split("call log:", 1)[-1]
    for marker, what in (
        ("element is not enabled", "the target is disabled"),
        ("element is disabled", "the target is disabled"),
        ("element is not visible", "the target is not visible"),
        ("element is not editable", "the target is read-only"),
        ("element is not stable", "the target keeps moving"),
    ):
        # Only the latest state counts: an element first hidden and then shown is not "not visible".
        if marker in log and log.rfind(marker) > log.rfind("element is visible, enabled and stable"):
            return StructuredError(kind=ErrorKind.ELEMENT, source=source, retryable=True,
                                   message=f"{what} ({_head(message)})")
    return StructuredError(kind=ErrorKind.TIMEOUT, source=source, retryable=True, message=_head(message))


def _classify_network(code: str, message: str, source: ErrorSource) -> StructuredError:
    permanent = code in PERMANENT_NET_ERRORS or code.startswith(PERMANENT_NET_PREFIXES)
    return StructuredError(kind=ErrorKind.NETWORK, source=source, retryable=not permanent,
                           message=_head(message) or f"net::{code}")


def _classify_message(message: str, source: ErrorSource) -> StructuredError:
    lowered = message.lower()
    head = _head(message) or message.strip() or "error"
    net = _NET_ERROR.search(message)
    if net:
        return _classify_network(net.group(1), message, source)
    if any(marker in lowered for marker in _RUNTIME_RETRYABLE_MARKERS):
        return StructuredError(kind=ErrorKind.RUNTIME, source=source, retryable=True, message=head)
    interceptor = interception(message)
    if interceptor:
        return StructuredError(kind=ErrorKind.ELEMENT, source=source, retryable=True,
                               message=f"something covers the target: {interceptor}")
    if any(marker in lowered for marker in _ELEMENT_WRONG_KIND_MARKERS):
        return StructuredError(kind=ErrorKind.ELEMENT, source=source, retryable=False, message=head)
    if any(marker in lowered for marker in _ELEMENT_GONE_MARKERS):
        return StructuredError(kind=ErrorKind.ELEMENT, source=source, retryable=True, message=head)
    if "protocol error" in lowered:
        return StructuredError(kind=ErrorKind.CDP, source=source, retryable=True, message=head)
    return StructuredError(kind=ErrorKind.RUNTIME, source=source, retryable=False, message=head)


def classify(exc: BaseException, source: ErrorSource, secrets: Secrets | None = None) -> StructuredError:
    """Classify `exc` raised at `source`; every secret is scrubbed from the message."""
    if isinstance(exc, GhosttabError):
        error = exc.error
    elif is_closed(exc):
        error = StructuredError(kind=ErrorKind.CRASH, source=source, retryable=True,
                                message=_head(str(exc)) or "the page was closed")
    elif isinstance(exc, PlaywrightTimeoutError):
        error = _classify_timeout(str(exc), source)
    elif isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        error = StructuredError(kind=ErrorKind.TIMEOUT, source=source, retryable=True,
                                message=str(exc) or "timed out")
    elif isinstance(exc, OSError):
        error = StructuredError(kind=ErrorKind.NETWORK, source=source, retryable=True,
                                message=str(exc) or type(exc).__name__)
    else:
        error = _classify_message(str(exc) or type(exc).__name__, source)
    message = secrets.scrub(error.message) if secrets else error.message
    return error.model_copy(update={"message": _shorten(message)})
