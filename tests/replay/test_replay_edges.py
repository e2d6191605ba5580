"""Replay at its edges: a stored step the page got in the way of once (a popup that disabled the form) is
tried again; a goal quoting a value no stored step holds is not replayed with another value."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from tests.executor.conftest import LocalSite

from ghosttab import FleetConfig, TaskSpec, TaskStatus, run_tasks
from ghosttab.replay import CacheOutcome

MakeConfig = Callable[..., FleetConfig]

SIGN_UP = """
<h1>Newsletter</h1>
<form action="/echo" method="get">
  <label for="who">Your name</label><input id="who" name="who">
  <label for="mail">E-mail</label><input id="mail" name="mail">
  <button>Subscribe</button>
</form>
<div id="popup" role="dialog" aria-label="Notice" hidden>
  <p>Your session is about to end.</p><button id="ok" type="button">OK</button>
</div>
<script>
  const field = document.getElementById("who"), popup = document.getElementById("popup");
  let shown = !location.search.includes("popup");
  field.addEventListener("focus", () => {
    if (!shown) { shown = true; popup.hidden = false; setDisabled(true); }
  });
  document.getElementById("ok").onclick = () => { popup.hidden = true; setDisabled(false); };
  function setDisabled(disabled) { document.querySelectorAll("input").forEach(i => i.disabled = disabled); }
</script>
"""


DIALOG = """
<div role="dialog" aria-label="Confirm"><p>Keep the changes?</p>
  <button aria-label="Close" onclick="out.textContent = 'pressed close'">×</button>
  <button onclick="out.textContent = 'pressed ok'">OK</button>
  <button onclick="out.textContent = 'pressed cancel'">Cancel</button></div>
<p id="out"></p>
"""


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    local = LocalSite()
    local.start()
    local.add(SIGN_UP, path="/sign-up")
    local.add(DIALOG, path="/dialog")
    yield local
    local.stop()


@pytest.fixture
def sign_up_url(site: LocalSite) -> str:
    return site.url + "/sign-up"


def sign_up(url: str, name: str, popup: bool = False) -> TaskSpec:
    return TaskSpec.model_validate({
        "id": f"sign-up-{name}", "goal": "Subscribe to the newsletter as {who} with the e-mail {mail}",
        "start_url": url + ("?popup=1" if popup else ""),
        "data": {"who": name, "mail": f"{name}@example.org"},
        "success": {"text": f"who={name}"},
    })  # fmt: skip


async def test_a_replayed_step_a_popup_got_in_the_way_of_is_tried_again_once_it_is_closed(
    sign_up_url: str, fleet_config: MakeConfig
) -> None:
    config = fleet_config(concurrency=1)
    [learned] = await run_tasks([sign_up(sign_up_url, "ada")], config)
    assert learned.status == TaskStatus.SUCCEEDED, learned.error
    [replayed] = await run_tasks([sign_up(sign_up_url, "grace", popup=True)], config)
    assert replayed.status == TaskStatus.SUCCEEDED, replayed.error
    assert replayed.cache is not None and replayed.cache.outcome is not CacheOutcome.MISS
    # Only the popup's OK was the navigator's; the stored name, e-mail and Subscribe were all replayed.
    assert replayed.cache.healed_steps == 1 and replayed.cache.replayed_steps == 4, replayed.cache


def press_in_dialog(site: LocalSite, label: str, pressed: str) -> TaskSpec:
    return TaskSpec.model_validate({
        "id": f"press-{label}", "goal": f'Click the button in the dialog labelled "{label}"',
        "start_url": site.url + "/dialog", "success": {"text": f"pressed {pressed}"},
    })  # fmt: skip


async def test_a_quoted_value_no_stored_step_holds_keeps_the_path_to_tasks_quoting_the_same(
    site: LocalSite, fleet_config: MakeConfig
) -> None:
    config = fleet_config(concurrency=1)
    [closed] = await run_tasks([press_in_dialog(site, "x", "close")], config)
    assert closed.status == TaskStatus.SUCCEEDED, closed.error
    [again] = await run_tasks([press_in_dialog(site, "X", "close")], config)
    assert again.cache is not None and again.cache.outcome is CacheOutcome.HIT, again.cache
    [other] = await run_tasks([press_in_dialog(site, "OK", "ok")], config)
    assert other.status == TaskStatus.SUCCEEDED, other.error
    assert other.cache is not None and other.cache.outcome is CacheOutcome.MISS
    assert "'OK'" in other.cache.reason and "'x'" in other.cache.reason
