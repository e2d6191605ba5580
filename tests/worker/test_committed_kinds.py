"""Committed steps: a confirming dialog accepted, a download received, and a form's POST stored as
it is answered (a hard stop while the next page loads cannot lose it).

A bill page of its own (a local server on 127.0.0.1) pays when its button's `confirm()` is accepted
(a synchronous XHR, so the payment is made before the click returns); a statement page offers a
download. The tab is marked crashed the moment the step is recorded, so the crash lands before the
task can see its success; the retry checks instead of paying or downloading again."""

from __future__ import annotations

import asyncio
import http.server
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ghosttab.events import Event, StepRecorded
from ghosttab.fleet import Fleet
from ghosttab.lifecycle import TaskStatus
from ghosttab.runner import RunnerConfig
from ghosttab.secrets import SecretBook
from ghosttab.spec import TaskSpec

from .conftest import MakeConfig, wait_until

BILL = """<!doctype html><title>Bill</title><h1>Electricity bill {account}</h1>
<p>Payments received: {paid}</p><p id="status"></p>
<button onclick="pay()">Pay the bill</button>
<script>
function pay() {{
  if (!confirm('Pay 42 EUR now?')) {{ document.getElementById('status').textContent = 'Not paid'; return; }}
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/pay/{account}', false);
  xhr.send();
  document.getElementById('status').textContent = 'Payment sent';
}}
</script>"""
STATEMENT = """<!doctype html><title>Statement</title><h1>Your statement</h1>
<a href="/statement.pdf">Download the statement</a>"""


FORM = """<!doctype html><title>Sign-up</title><h1>Sign up</h1>
<form method="post" action="/register"><label>Name <input name="name"></label>
<button type="submit">Register</button></form>"""


class Effects:
    def __init__(self) -> None:
        self.done: Counter[str] = Counter()
        self.slow_done = threading.Event()  # set: the page after the sign-up answers at once


@pytest.fixture
def site() -> Iterator[tuple[str, Effects]]:
    effects = Effects()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.startswith("/bill/"):
                account = self.path.rsplit("/", 1)[-1]
                page = BILL.format(account=account, paid=effects.done[f"pay:{account}"])
                self._send(page.encode(), "text/html")
            elif self.path == "/form":
                self._send(FORM.encode(), "text/html")
            elif self.path == "/slow-form":
                self._send(FORM.replace("/register", "/slow-register").encode(), "text/html")
            elif self.path == "/done":
                effects.slow_done.wait(30)  # the first visit hangs: the hard stop lands meanwhile
                self._send(b"<!doctype html><title>Done</title><h1>Registered</h1>", "text/html")
            elif self.path == "/statement":
                self._send(STATEMENT.encode(), "text/html")
            elif self.path == "/statement.pdf":
                effects.done["download"] += 1
                attachment = {"Content-Disposition": 'attachment; filename="statement.pdf"'}
                self._send(b"%PDF-1.4 statement\n", "application/pdf", attachment)
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            if self.path == "/slow-register":  # registers, then answers after the guard gave up
                effects.done["slow-register"] += 1
                effects.slow_done.wait(30)
                self._send(b"<!doctype html><h1>Registered</h1>", "text/html")
                return
            if self.path == "/register":
                effects.done["register"] += 1
                self.send_response(303)
                self.send_header("Location", "/done")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if not self.path.startswith("/pay/"):
                self.send_error(404)
                return
            effects.done[f"pay:{self.path.rsplit('/', 1)[-1]}"] += 1
            self._send(b"paid", "text/plain")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", effects
    finally:
        effects.slow_done.set()
        server.shutdown()
        server.server_close()


def crash_after_first_step(fleet: Fleet, crashed: list[str]) -> Callable[[Event], None]:
    def on_event(event: Event) -> None:
        if not isinstance(event, StepRecorded) or event.step != 1 or event.task_id in crashed:
            return
        assert event.task_id is not None and fleet.pool is not None
        tab = fleet.pool.tab_for(event.task_id)
        if tab is not None:
            crashed.append(event.task_id)
            tab.mark_crashed("test: renderer lost right after the step")

    return on_event


def _task(task_id: str, goal: str, url: str, success: dict[str, object]) -> TaskSpec:
    return TaskSpec.model_validate(
        {"id": task_id, "goal": goal, "start_url": url, "success": success, "max_steps": 6, "max_retries": 2}
    )


async def test_an_accepted_confirm_is_committed_and_the_retry_does_not_pay_again(
    site: tuple[str, Effects], make_config: MakeConfig, tmp_path: Path
) -> None:
    url, effects = site
    specs = [
        _task("paid", "Pay the bill", f"{url}/bill/paid", {"text": "Payments received: 1"}),
        # Its success never shows: whether the payment took cannot be told from the page.
        _task("unsure", "Pay the bill", f"{url}/bill/unsure", {"text": "Receipt emailed"}),
    ]
    crashed: list[str] = []
    runner = RunnerConfig(artifacts_dir=tmp_path / "artifacts", trace="off", screenshots="final")
    async with Fleet(make_config(concurrency=2, runner=runner)) as fleet:
        fleet.events.listen(crash_after_first_step(fleet, crashed))
        await fleet.submit(specs)
        await asyncio.wait_for(fleet.work(SecretBook()), 300)
        paid, unsure = await fleet.results(["paid", "unsure"])
        steps = {s.id: await fleet.store.steps(s.id) for s in specs}

    assert sorted(crashed) == ["paid", "unsure"]
    # The dialog was accepted (Playwright alone would dismiss it: no payment at all), once each.
    assert effects.done["pay:paid"] == 1 and effects.done["pay:unsure"] == 1
    assert paid.status == TaskStatus.SUCCEEDED, paid.error
    assert paid.attempts == 2
    for task_id in ("paid", "unsure"):
        first = [s for s in steps[task_id] if s.attempt == 1 and s.step == 1]
        assert len(first) == 1 and first[0].committed, first  # one row: the step's own replaced the early one
        assert first[0].action["kind"] == "click"
        assert [s for s in steps[task_id] if s.attempt == 2] == []  # checked, not clicked again
    assert unsure.status == TaskStatus.NEEDS_REVIEW
    assert unsure.error is not None and "may already have been submitted" in unsure.error.message


async def test_a_received_download_is_committed_and_the_retry_keeps_the_first_file(
    site: tuple[str, Effects], make_config: MakeConfig, tmp_path: Path
) -> None:
    url, effects = site
    spec = _task("statement", "Download the statement", f"{url}/statement", {"download": True})
    crashed: list[str] = []
    async with Fleet(make_config(concurrency=1)) as fleet:
        fleet.events.listen(crash_after_first_step(fleet, crashed))
        await fleet.submit([spec])
        await asyncio.wait_for(fleet.work(SecretBook()), 300)
        (result,) = await fleet.results(["statement"])
        steps = await fleet.store.steps("statement")

    assert crashed == ["statement"]
    assert effects.done["download"] == 1
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert result.attempts == 2
    (committed,) = [s for s in steps if s.committed]
    assert committed.attempt == 1
    assert [Path(f).name for f in result.files] == ["statement.pdf"]
    assert all(Path(f).is_file() and Path(f).parent.parent.name == "attempt-1" for f in result.files)


async def test_a_hard_stop_while_the_page_after_a_submission_loads_does_not_submit_again(
    site: tuple[str, Effects], make_config: MakeConfig
) -> None:
    url, effects = site
    spec = TaskSpec.model_validate({
        "id": "signup", "goal": "Register {name}", "start_url": f"{url}/form", "data": {"name": "Eden"},
        "success": {"text": "Registered"}, "max_steps": 6,
    })  # fmt: skip
    async with Fleet(make_config(concurrency=1)) as fleet:
        await fleet.submit([spec])
        worker = fleet.make_worker(exit_when_idle=True)
        running = asyncio.ensure_future(worker.run())

        async def commit_stored() -> bool:
            return any(step.committed for step in await fleet.store.steps("signup"))

        # The POST went through and the browser waits for /done: the commit is already stored.
        await wait_until(commit_stored, 120, "the sign-up's commit to be stored while /done loads")
        await worker.cancel_now()  # the second Ctrl-C: the task is handed back mid-step
        await asyncio.wait_for(running, 60)
        handed_back = await fleet.store.get_task("signup")
        effects.slow_done.set()
        await asyncio.wait_for(fleet.work(SecretBook()), 120)  # the next run
        (result,) = await fleet.results(["signup"])
        steps = await fleet.store.steps("signup")

    assert handed_back is not None and handed_back.status == TaskStatus.QUEUED
    assert result.status == TaskStatus.SUCCEEDED, result.error
    assert effects.done["register"] == 1
    (committed,) = [s for s in steps if s.committed]
    assert committed.attempt == 1 and committed.url == f"{url}/done"
    assert [s for s in steps if s.attempt == 2] == []  # the next run checked /done, did not sign up again


async def test_a_submission_the_site_was_too_slow_to_answer_is_not_sent_again(
    site: tuple[str, Effects], make_config: MakeConfig, tmp_path: Path
) -> None:
    """The guard's fetch of the POST times out after the site acted on it: the browser is not let
    send it again, and the task cannot tell whether it took: NEEDS_REVIEW, one registration."""
    url, effects = site
    spec = TaskSpec.model_validate({
        "id": "slow", "goal": "Register {name}", "start_url": f"{url}/slow-form", "data": {"name": "Eden"},
        "success": {"text": "Registered"}, "max_steps": 6,
    })  # fmt: skip
    runner = RunnerConfig(artifacts_dir=tmp_path / "artifacts", trace="off", screenshots="off",
                          navigation_timeout_s=2)  # fmt: skip
    async with Fleet(make_config(concurrency=1, runner=runner)) as fleet:
        await fleet.submit([spec])
        await asyncio.wait_for(fleet.work(SecretBook()), 120)
        (result,) = await fleet.results(["slow"])
        steps = await fleet.store.steps("slow")

    seen = [(s.step, s.action["kind"], s.committed, s.url) for s in steps]
    assert effects.done["slow-register"] == 1, seen
    assert result.status == TaskStatus.NEEDS_REVIEW, (result.error, seen)
    assert result.error is not None and "may already have been submitted" in result.error.message
    (committed,) = [s for s in steps if s.committed]
    assert committed.url == f"{url}/slow-register"
