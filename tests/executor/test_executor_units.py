"""Pure functions of the executor: error classification, dates, options, download names."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from ghosttab.browser.closed import TargetClosedError
from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError
from ghosttab.executor import classify
from ghosttab.executor.downloads import reserve_path, safe_filename
from ghosttab.executor.navigation import parse_retry_after
from ghosttab.executor.values import best_option, date_input_value, parse_date, pick_select_option
from ghosttab.secrets import Secrets

INTERCEPTED = (
    'Locator.click: Timeout 1000ms exceeded.\nCall log:\n  - waiting for locator("#b")\n'
    "  - attempting click action\n    - element is visible, enabled and stable\n"
    '    - <div id="ov" class="modal-backdrop"></div> intercepts pointer events\n  - retrying click action\n'
)


@pytest.mark.parametrize(
    ("exc", "kind", "retryable"),
    [
        (PlaywrightTimeoutError("Locator.click: Timeout 3000ms exceeded."), ErrorKind.TIMEOUT, True),
        (TimeoutError(), ErrorKind.TIMEOUT, True),
        (PlaywrightError("Page.goto: net::ERR_CONNECTION_REFUSED at http://x/"), ErrorKind.NETWORK, True),
        (PlaywrightError("Page.goto: net::ERR_CONNECTION_RESET at http://x/"), ErrorKind.NETWORK, True),
        (PlaywrightError("Page.goto: net::ERR_TIMED_OUT at http://x/"), ErrorKind.NETWORK, True),
        (PlaywrightError("Page.goto: net::ERR_NAME_NOT_RESOLVED at http://x/"), ErrorKind.NETWORK, False),
        (
            PlaywrightError("Page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://x/"),
            ErrorKind.NETWORK,
            False,
        ),
        (
            TargetClosedError("Page.click: Target page, context or browser has been closed"),
            ErrorKind.CRASH,
            True,
        ),
        (PlaywrightError("Page.evaluate: Target crashed"), ErrorKind.CRASH, True),
        (PlaywrightError("Browser has been closed"), ErrorKind.CRASH, True),
        (
            PlaywrightError(
                "Page.evaluate: Execution context was destroyed, most likely because of a navigation"
            ),
            ErrorKind.RUNTIME,
            True,
        ),
        (PlaywrightError("Protocol error (DOM.describeNode): Cannot find node"), ErrorKind.CDP, True),
        (
            PlaywrightError("Error: Element is not an <input>, <textarea> or <select> element"),
            ErrorKind.ELEMENT,
            False,
        ),
        (
            PlaywrightError("Error: strict mode violation: locator('a') resolved to 2 elements"),
            ErrorKind.ELEMENT,
            True,
        ),
        (ValueError("something odd"), ErrorKind.RUNTIME, False),
    ],
)
def test_classify_table(exc: BaseException, kind: ErrorKind, retryable: bool) -> None:
    error = classify(exc, ErrorSource.ACTION)
    assert (error.kind, error.retryable, error.source) == (kind, retryable, ErrorSource.ACTION)
    assert error.message


def test_classify_interception_names_the_cover() -> None:
    error = classify(PlaywrightTimeoutError(INTERCEPTED), ErrorSource.ACTION)
    assert error.kind is ErrorKind.ELEMENT and error.retryable
    assert "covers the target" in error.message
    assert 'class="modal-backdrop"' in error.message


def test_classify_keeps_a_carried_error_and_scrubs_it() -> None:
    carried = StructuredError(kind=ErrorKind.POLICY, source=ErrorSource.ACTION, message="typed hunter2 here")
    error = classify(GhosttabError(carried), ErrorSource.RUNNER, Secrets({"password": "hunter2"}))
    assert error.kind is ErrorKind.POLICY and error.source is ErrorSource.ACTION
    assert error.message == "typed *** here"


def test_classify_scrubs_secrets_from_playwright_messages() -> None:
    exc = PlaywrightTimeoutError('Locator.fill: Timeout 1000ms exceeded.\nCall log:\n  - fill("pa$$w0rd!")\n')
    error = classify(exc, ErrorSource.ACTION, Secrets({"password": "pa$$w0rd!"}))
    assert "pa$$w0rd!" not in error.model_dump_json()


def test_classify_shortens_huge_messages() -> None:
    error = classify(RuntimeError("x" * 10_000), ErrorSource.ACTION)
    assert len(error.message) <= 600


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-24",
        "12/24/2026",
        "24/12/2026",
        "24.12.2026",
        "24 Dec 2026",
        "Dec 24, 2026",
        "December 24th, 2026",
        "Thursday, 24 December 2026",
        "2026/12/24",
        "2026-12-24T10:30:00",
    ],
)
def test_parse_date_common_formats(text: str) -> None:
    assert parse_date(text) == date(2026, 12, 24)


def test_parse_date_rejects_nonsense_and_impossible_dates() -> None:
    assert parse_date("next tuesday-ish") is None
    assert parse_date("02/30/2026") is None
    assert parse_date("") is None


def test_date_input_value_per_input_type() -> None:
    assert date_input_value("24 Dec 2026", "date") == "2026-12-24"
    assert date_input_value("24 Dec 2026", "month") == "2026-12"
    assert date_input_value("2026-12-24 18:45", "datetime-local") == "2026-12-24T18:45"
    assert date_input_value("not a date", "date") is None


def test_best_option_exact_then_fuzzy() -> None:
    options = ["Monday Evening", "Tuesday Morning", "Tuesday Evening (6pm)"]
    assert best_option("tuesday morning", options) == 1
    assert best_option("Tuesday Evening", options) == 2
    assert best_option("Quantum physics", options) is None
    assert best_option("Bergen", ["Berlin", "Bern"]) is None
    assert best_option("Overnite", ["Standard", "Overnight"]) == 1


def test_pick_select_option_by_value_or_label() -> None:
    values, labels = ["std", "exp", "ovn"], ["Standard", "Express (2 days)", "Overnight"]
    assert pick_select_option("EXP", values, labels) == 1
    assert pick_select_option("overnight", values, labels) == 2
    assert pick_select_option("Express", values, labels) == 1


def test_parse_retry_after_seconds_and_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_download_names_never_escape_or_collide(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("..\\..\\boot.ini") == "boot.ini"
    assert safe_filename("") == "download"
    first, second = reserve_path(folder, "report.pdf"), reserve_path(folder, "report.pdf")
    assert (first.name, second.name) == ("report.pdf", "report (2).pdf")
    assert first.parent == folder and second.parent == folder
