"""choose_strategy: every error kind, the retry budget, Retry-After and exponential back-off."""

from __future__ import annotations

import pytest

from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.recovery import Strategy, choose_strategy
from ghosttab.recovery.policy import BACKOFF_BASE_S, MAX_BACKOFF_S, MAX_REAUTH, MAX_TRIES


def _error(kind: ErrorKind, message: str = "boom", *, retryable: bool = True,
           source: ErrorSource = ErrorSource.ACTION) -> StructuredError:
    return StructuredError(kind=kind, source=source, message=message, retryable=retryable)


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retryable_http_statuses_back_off_for_at_least_retry_after(status: int) -> None:
    error = StructuredError.http(status, "http://x/", retry_after_s=3.0)
    assert error.kind == ErrorKind.NETWORK and error.retryable and error.status == status
    plan = choose_strategy(error, 0)
    assert plan.strategy == Strategy.BACK_OFF
    assert plan.wait_s == 3.0


def test_back_off_doubles_without_retry_after_and_is_capped() -> None:
    error = StructuredError.http(503, "http://x/")
    waits = [choose_strategy(error, tries).wait_s for tries in range(MAX_TRIES)]
    assert waits == [BACKOFF_BASE_S * 2**n for n in range(MAX_TRIES)]
    limited = StructuredError.http(429, "http://x/", retry_after_s=1.0)
    last = choose_strategy(limited, MAX_TRIES - 1).wait_s
    assert last == max(1.0, BACKOFF_BASE_S * 2 ** (MAX_TRIES - 1)) and last <= MAX_BACKOFF_S
    assert choose_strategy(limited, 20).strategy == Strategy.ESCALATE


def test_back_off_never_waits_less_than_retry_after_even_when_doubling_is_shorter() -> None:
    error = StructuredError.http(429, "http://x/", retry_after_s=2.0)
    assert [choose_strategy(error, t).wait_s for t in range(3)] == [2.0, 2.0, 2.0]


def test_a_site_that_asks_for_a_very_long_wait_is_down_and_the_task_stops() -> None:
    error = StructuredError.http(503, "http://x/", retry_after_s=MAX_BACKOFF_S * 10)
    plan = choose_strategy(error, 0)
    assert plan.strategy == Strategy.STOP
    assert "down" in plan.reason


@pytest.mark.parametrize("status", [400, 404, 410])
def test_client_errors_stop_at_once(status: int) -> None:
    error = StructuredError.http(status, "http://x/missing")
    assert error.kind == ErrorKind.NETWORK and not error.retryable and error.status == status
    assert choose_strategy(error, 0).strategy == Strategy.STOP


def test_403_is_access_denied_and_never_re_authenticates() -> None:
    error = StructuredError.http(403, "http://x/forbidden")
    assert error.kind == ErrorKind.AUTH and not error.retryable
    plan = choose_strategy(error, 0)
    assert plan.strategy == Strategy.STOP
    assert "403" in plan.reason


def test_401_and_an_expired_session_re_authenticate_a_few_times_then_stop() -> None:
    assert choose_strategy(StructuredError.http(401, "http://x/"), 0).strategy == Strategy.REAUTHENTICATE
    expired = _error(ErrorKind.AUTH, "the site asked to sign in again", source=ErrorSource.NAVIGATION)
    assert [choose_strategy(expired, t).strategy for t in range(MAX_REAUTH)] == [
        Strategy.REAUTHENTICATE
    ] * MAX_REAUTH
    assert choose_strategy(expired, MAX_REAUTH).strategy == Strategy.STOP
    rejected = _error(ErrorKind.AUTH, "the site did not accept the task's secrets", retryable=False)
    assert choose_strategy(rejected, 0).strategy == Strategy.STOP


def test_unreachable_hosts_stop_and_refused_connections_back_off_then_stop() -> None:
    unresolved = _error(ErrorKind.NETWORK, "net::ERR_NAME_NOT_RESOLVED", retryable=False)
    assert choose_strategy(unresolved, 0).strategy == Strategy.STOP
    refused = _error(ErrorKind.NETWORK, "net::ERR_CONNECTION_REFUSED", retryable=True)
    assert [choose_strategy(refused, t).strategy for t in range(MAX_TRIES)] == [Strategy.BACK_OFF] * MAX_TRIES
    # Still unreachable after the back-offs: the site is down, which a person cannot fix either.
    down = choose_strategy(refused, MAX_TRIES)
    assert down.strategy == Strategy.STOP and "down" in down.reason


def test_timeouts_refresh_a_page_load_and_wait_once_for_a_slow_action() -> None:
    page_load = _error(ErrorKind.TIMEOUT, "Timeout 30000ms exceeded", source=ErrorSource.NAVIGATION)
    assert choose_strategy(page_load, 0).strategy == Strategy.REFRESH_AND_RETRY
    action = _error(ErrorKind.TIMEOUT, "no download started")
    assert choose_strategy(action, 0).strategy == Strategy.WAIT_AND_RETRY
    assert choose_strategy(action, 1).strategy == Strategy.REFRESH_AND_RETRY


def test_a_missing_element_is_waited_for_longer_each_time() -> None:
    error = _error(ErrorKind.ELEMENT, "no visible element matches button 'Register'")
    plans = [choose_strategy(error, t) for t in range(MAX_TRIES)]
    assert {p.strategy for p in plans} == {Strategy.WAIT_AND_RETRY}
    assert [p.wait_s for p in plans] == sorted(p.wait_s for p in plans)
    assert plans[-1].wait_s > plans[0].wait_s


def test_a_covered_target_closes_the_modal() -> None:
    error = _error(
        ErrorKind.ELEMENT, 'click link "Go": something covers the target: <div class="overlay"> '
        "intercepts pointer events",
    )
    assert choose_strategy(error, 0).strategy == Strategy.CLOSE_MODAL


def test_page_changes_under_an_action_wait_then_refresh() -> None:
    error = _error(ErrorKind.RUNTIME, "Execution context was destroyed")
    assert choose_strategy(error, 0).strategy == Strategy.WAIT_AND_RETRY
    assert choose_strategy(error, 2).strategy == Strategy.REFRESH_AND_RETRY
    cdp = _error(ErrorKind.CDP, "Protocol error (Runtime.callFunctionOn)")
    assert choose_strategy(cdp, 0).strategy == Strategy.WAIT_AND_RETRY


def test_an_unknown_runtime_fault_goes_to_a_person() -> None:
    error = _error(ErrorKind.RUNTIME, "there is no earlier page to go back to", retryable=False)
    assert choose_strategy(error, 0).strategy == Strategy.ESCALATE


def test_a_crash_is_retried_on_a_fresh_tab() -> None:
    error = _error(ErrorKind.CRASH, "Target crashed", source=ErrorSource.BROWSER)
    assert choose_strategy(error, 0).strategy == Strategy.RETRY_ON_FRESH_TAB
    assert choose_strategy(error, 9).strategy == Strategy.RETRY_ON_FRESH_TAB


@pytest.mark.parametrize("kind", [ErrorKind.POLICY, ErrorKind.BUDGET, ErrorKind.INPUT, ErrorKind.LOOP,
                                  ErrorKind.STEPS])
def test_policy_budget_input_loop_and_step_faults_stop(kind: ErrorKind) -> None:
    assert choose_strategy(_error(kind, retryable=False), 0).strategy == Strategy.STOP


@pytest.mark.parametrize(
    "error",
    [
        StructuredError.http(503, "http://x/"),
        _error(ErrorKind.TIMEOUT, "slow", source=ErrorSource.NAVIGATION),
        _error(ErrorKind.ELEMENT, "no visible element matches link 'Next'"),
        _error(ErrorKind.ELEMENT, "something covers the target: <div> intercepts pointer events"),
        _error(ErrorKind.CDP, "Protocol error"),
        _error(ErrorKind.RUNTIME, "Execution context was destroyed"),
    ],
    ids=["http-503", "timeout", "element", "covered", "cdp", "runtime"],
)
def test_every_retried_kind_escalates_once_the_budget_is_spent(error: StructuredError) -> None:
    assert choose_strategy(error, MAX_TRIES - 1).strategy not in (Strategy.ESCALATE, Strategy.STOP)
    plan = choose_strategy(error, MAX_TRIES)
    assert plan.strategy == Strategy.ESCALATE
    assert error.message in plan.reason


def test_every_error_kind_has_a_plan() -> None:
    for kind in ErrorKind:
        for retryable in (True, False):
            plan = choose_strategy(_error(kind, retryable=retryable), 0)
            assert plan.reason
