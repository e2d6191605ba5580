"""Each strategy carried out on a real page (real Chromium, the demo site or a tiny local server):
a covered click closes the modal, a late element is waited for, a timed-out load is refreshed,
sign-in is redone (or refused) and the task resumes where it was going."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.async_api import Page

from ghosttab.actions import Click, ElementLocator, ElementTarget, Navigate, TypeText
from ghosttab.errors import ErrorKind, ErrorSource
from ghosttab.executor import ExecutionContext, Executor
from ghosttab.navigator.base import PastStep
from ghosttab.perception import observe
from ghosttab.recovery import (
    RecoveryContext,
    SessionWatch,
    Strategy,
    apply_plan,
    choose_strategy,
    dismiss_overlay,
    find_overlay,
    resume_url,
    sign_in_again,
)

SECRETS = {"username": "buyer1", "password": "s3cret"}


def _executor(tmp_path: Path, secrets: dict[str, str] | None = None, **limits: float) -> Executor:
    return Executor(ExecutionContext(
        secrets=secrets or {}, allowed_domains=["127.0.0.1"], downloads_dir=tmp_path / "downloads",
        action_timeout_s=limits.get("action_timeout_s", 3.0),
        navigation_timeout_s=limits.get("navigation_timeout_s", 10.0),
    ))


def _link(name: str) -> ElementTarget:
    return ElementTarget(locator=ElementLocator(tag="a", role="link", name=name, text=name))


async def _open_with_modal(page: Page, url: str) -> None:
    await page.goto(url)
    await page.locator(".nl-dialog").wait_for(state="visible")


async def test_newsletter_modal_is_closed_by_its_close_button_not_by_subscribing(
    page: Page, demo_url: str
) -> None:
    await _open_with_modal(page, f"{demo_url}/swim/?faults=modal")
    overlay = await find_overlay(page)
    assert overlay is not None and overlay.kind == "dialog" and overlay.button == "close"
    assert await find_overlay(page, consent_only=True) is None  # a newsletter is not a consent banner
    dismissal = await dismiss_overlay(page)
    assert dismissal.closed
    assert not await page.locator(".nl-dialog").is_visible()
    assert "Don't miss out" in await page.locator(".nl-dialog").inner_text()  # not subscribed
    assert await find_overlay(page) is None


async def test_cookie_banner_is_declined_without_following_the_policy_link(
    page: Page, demo_url: str
) -> None:
    url = f"{demo_url}/swim/?faults=cookie_banner"
    await page.goto(url)
    overlay = await find_overlay(page, consent_only=True)
    assert overlay is not None and overlay.kind == "banner" and overlay.button == "reject"
    dismissal = await dismiss_overlay(page, consent_only=True)
    assert dismissal.closed
    assert page.url == url
    assert await page.locator(".consent-banner").count() == 0
    consent = {c["name"]: c["value"] for c in await page.context.cookies()}.get("gt_consent")
    assert consent == "rejected"


async def test_nothing_to_close_is_not_reported_as_closed(page: Page, demo_url: str) -> None:
    await page.goto(f"{demo_url}/swim/")
    assert await find_overlay(page) is None
    dismissal = await dismiss_overlay(page)
    assert dismissal.overlay is None and not dismissal.closed


async def test_a_click_under_a_modal_fails_as_covered_then_close_modal_lets_it_through(
    page: Page, demo_url: str, tmp_path: Path
) -> None:
    start = f"{demo_url}/swim/?faults=modal"
    await _open_with_modal(page, start)
    executor = _executor(tmp_path, action_timeout_s=1.5)
    click = Click(target=_link("Tuesday Evening"))
    failed = await executor.execute(page, click)
    assert not failed.ok and failed.error is not None
    assert failed.error.kind == ErrorKind.ELEMENT and "covers the target" in failed.error.message
    plan = choose_strategy(failed.error, 0)
    assert plan.strategy == Strategy.CLOSE_MODAL
    outcome = await apply_plan(plan, failed.error, RecoveryContext(page, executor, [], start, action=click))
    assert outcome.recovered and outcome.error is None
    retried = await executor.execute(page, click)
    assert retried.ok, retried.error
    assert page.url.endswith("/swim/classes/tuesday-evening")


async def test_wait_and_retry_finds_the_element_that_arrived_late(
    page: Page, demo_url: str, tmp_path: Path
) -> None:
    url = f"{demo_url}/swim/classes/tuesday-evening/register?faults=late&late_ms=1500"
    await page.goto(url)
    executor = _executor(tmp_path, action_timeout_s=0.2)
    click = Click(target=ElementTarget(locator=ElementLocator(
        tag="button", role="button", name="Complete registration", text="Complete registration")))
    failed = await executor.execute(page, click)
    assert not failed.ok and failed.error is not None and failed.error.kind == ErrorKind.ELEMENT
    plan = choose_strategy(failed.error, 2)
    assert plan.strategy == Strategy.WAIT_AND_RETRY and plan.wait_s >= 1.5
    outcome = await apply_plan(plan, failed.error, RecoveryContext(page, executor, [], url, action=click))
    assert outcome.recovered, outcome.detail
    assert await page.get_by_role("button", name="Complete registration").is_visible()


class _HangsOnce:
    """A server whose first answer takes longer than the navigation timeout; later ones are quick."""

    def __init__(self, delay_s: float) -> None:
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                owner.requests += 1
                if owner.requests == 1:
                    time.sleep(delay_s)
                body = b"<!doctype html><title>ok</title><h1 id=arrived>arrived</h1>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the browser may have given up on the slow answer
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/page"


@pytest.fixture
def hangs_once() -> Iterator[_HangsOnce]:
    site = _HangsOnce(delay_s=4.0)
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


async def test_a_page_load_that_times_out_is_refreshed(
    page: Page, tmp_path: Path, hangs_once: _HangsOnce
) -> None:
    executor = _executor(tmp_path, navigation_timeout_s=1.0)
    failed = await executor.goto(page, hangs_once.url)
    assert not failed.ok and failed.error is not None
    assert (failed.error.kind, failed.error.source) == (ErrorKind.TIMEOUT, ErrorSource.NAVIGATION)
    plan = choose_strategy(failed.error, 0)
    assert plan.strategy == Strategy.REFRESH_AND_RETRY
    outcome = await apply_plan(plan, failed.error, RecoveryContext(page, executor, [], hangs_once.url))
    assert outcome.recovered and outcome.error is None
    assert await page.locator("#arrived").inner_text() == "arrived"
    assert hangs_once.requests >= 2


async def test_sign_in_again_resumes_at_the_page_the_task_was_going_to(
    page: Page, demo_url: str, tmp_path: Path
) -> None:
    await page.goto(f"{demo_url}/portal/")  # a sign-in form that, alone, would land on the order list
    target = f"{demo_url}/portal/orders/PO-10016"
    outcome = await sign_in_again(page, _executor(tmp_path, SECRETS), sorted(SECRETS), target)
    assert outcome.recovered, outcome.detail
    assert page.url == target
    assert "PO-10016" in await page.locator("h1").inner_text()


async def test_sign_in_again_with_wrong_secrets_stops_the_task(
    page: Page, demo_url: str, tmp_path: Path
) -> None:
    await page.goto(f"{demo_url}/portal/")
    executor = _executor(tmp_path, {"username": "buyer1", "password": "wrong"})
    outcome = await sign_in_again(page, executor, ["password", "username"], f"{demo_url}/portal/orders")
    assert not outcome.recovered and outcome.error is not None
    assert outcome.error.kind == ErrorKind.AUTH and not outcome.error.retryable
    assert "wrong" not in outcome.detail
    assert choose_strategy(outcome.error, 0).strategy == Strategy.STOP


async def test_sign_in_again_without_secrets_or_a_form_fails(
    page: Page, demo_url: str, tmp_path: Path
) -> None:
    await page.goto(f"{demo_url}/swim/")
    no_secrets = await sign_in_again(page, _executor(tmp_path), [], f"{demo_url}/swim/")
    no_form = await sign_in_again(page, _executor(tmp_path, SECRETS), sorted(SECRETS), f"{demo_url}/swim/")
    for outcome in (no_secrets, no_form):
        assert not outcome.recovered and outcome.error is not None and outcome.error.kind == ErrorKind.AUTH


async def test_session_watch_tells_an_expired_session_from_the_first_sign_in(
    page: Page, demo_url: str
) -> None:
    await page.goto(f"{demo_url}/portal/")
    login = await observe(page)
    password = next(e for e in login.elements if e.input_type == "password")
    watch = SessionWatch()
    assert not watch.expired(login, arrived=True)  # the first sign-in is the navigator's
    watch.note_action(TypeText(target=password.as_target(), secret="password"), ok=True)
    assert not watch.expired(login, arrived=False)
    await page.goto(f"{demo_url}/swim/")
    assert not watch.expired(await observe(page), arrived=True)  # the form went away: signed in
    assert watch.signed_in
    assert not watch.expired(login, arrived=False)  # still on the same page: not a new sign-in wall
    assert watch.expired(login, arrived=True)


def test_resume_url_is_the_link_followed_else_the_page_left() -> None:
    here = "http://h/portal/orders?q=PO-1"
    click = PastStep(url=here, page_hash="", ok=True, action=Click(target=ElementTarget(
        locator=ElementLocator(tag="a", name="PO-1", href="/portal/orders/PO-1"))))
    assert resume_url([click], "http://h/") == "http://h/portal/orders/PO-1"
    typed = PastStep(url=here, page_hash="", ok=True, action=TypeText(target=_link("q"), text="x"))
    assert resume_url([typed], "http://h/") == here
    went = PastStep(url=here, page_hash="", ok=True, action=Navigate(url="/portal/orders/PO-2"))
    assert resume_url([went], "http://h/") == "http://h/portal/orders/PO-2"
    assert resume_url([], "http://h/start") == "http://h/start"
