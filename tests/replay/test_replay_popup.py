"""A replayed step the page got in the way of once (a popup that disabled the form) is tried again."""

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


@pytest.fixture(scope="module")
def sign_up_url() -> Iterator[str]:
    site = LocalSite()
    site.start()
    yield site.add(SIGN_UP, path="/sign-up")
    site.stop()


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
