"""A list that takes several options (`<select multiple>`): each option the goal lists is chosen, the
earlier ones kept, before the form is sent; end to end through the fleet on a real page."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

import pytest
from playwright.async_api import Page

from ghosttab import FleetConfig, TaskSpec, TaskStatus, run_tasks
from ghosttab.perception.observe import observe
from ghosttab.runner import RunnerConfig
from ghosttab.store import Store

NAMES = ["Alvina", "Catherine", "Corrine", "Dorian", "Ethel", "Ronda"]
PAGE = f"""<!doctype html><title>Team</title><p>Pick the members of the team.</p>
<select id=members multiple size=4>{"".join(f"<option>{name}</option>" for name in NAMES)}</select>
<button onclick="document.getElementById('out').textContent = 'Chose: ' +
  [...document.getElementById('members').selectedOptions].map(o => o.text).join(', ')">Submit</button>
<p id=out></p>""".encode()


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


async def test_a_list_that_takes_several_is_seen_as_such_and_its_choices_change_the_page_state(
    page: Page, site: str
) -> None:
    await page.goto(site)
    before = await observe(page)
    [members, _submit] = before.elements
    assert members.multiple and [o.label for o in members.options] == NAMES
    await page.select_option("#members", "Catherine")
    first = await observe(page)
    await page.select_option("#members", ["Catherine", "Corrine"])
    both = await observe(page)
    assert len({before.state, first.state, both.state}) == 3
    assert [o.label for o in both.elements[0].options if o.selected] == ["Catherine", "Corrine"]


async def test_each_listed_option_is_chosen_and_kept_before_submit(site: str, tmp_path: Path) -> None:
    spec = TaskSpec.model_validate({
        "id": "team", "start_url": site, "max_steps": 6, "success": {"text": "Chose: Catherine, Corrine"},
        "goal": "Select Corrine, Catherine from the list and click Submit.",
    })  # fmt: skip
    db = tmp_path / "r.db"
    config = FleetConfig(db=str(db), concurrency=1, runner=RunnerConfig(artifacts_dir=tmp_path / "art"))
    [result] = await run_tasks([spec], config)
    assert result.status == TaskStatus.SUCCEEDED, result.error
    with Store.open(str(db)) as store:
        steps = await store.steps("team")
    assert [s.action["kind"] for s in steps] == ["select", "select", "click"]
    assert {s.action["option"] for s in steps[:2]} == {"Corrine", "Catherine"}
