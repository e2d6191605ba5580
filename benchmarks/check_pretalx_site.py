"""Each task of benchmarks/pretalx_site.py done by hand with Playwright (fixed steps, no ghosttab), to show
the conference as seeded can do it, that its success criteria then hold on the final page and that the app's
database then holds what the task asked for (pretalx_site.app_state).

    python benchmarks/check_pretalx_site.py [TASK_ID ...]   # a fresh copy of the conference is served

SHOW=1 also prints each task's final URL and page text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.async_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pretalx_project
import pretalx_site
from by_hand import Steps, check_with_database

TASKS = {task[0]: task for task in pretalx_site.TASKS}
E = pretalx_site.E


async def sign_in(page: Page, base: str, start: str) -> None:
    """Sign in on the form at `start` (the event's or the organisers' log-in page)."""
    await page.goto(base + start)
    await page.get_by_label("Email address").first.fill(pretalx_project.USERNAME)
    await page.get_by_label("Password").first.fill(pretalx_project.PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url(lambda url: "/login" not in url)


async def pick_track(page: Page, track: str) -> None:
    """The track field is a Choices.js drop-down over a hidden select."""
    await page.locator(".choices:has(#id_track)").click()
    await page.locator(".choices:has(#id_track) .choices__item--choice", has_text=track).click()


async def continue_(page: Page, name: str = "Continue") -> None:
    await page.get_by_role("button", name=name).click()
    await page.wait_for_load_state()


async def submit_talk(page: Page, base: str, data: dict[str, str]) -> None:
    await page.goto(base + E + "/")
    await page.get_by_role("link", name="Go to CfP").click()
    await page.get_by_role("link", name="Submit a proposal").click()
    await page.get_by_label("Proposal title").fill(data["title"])
    await page.get_by_label("Session type").select_option(label="Talk (30 minutes)")
    await pick_track(page, data["track"])
    await page.get_by_label("Abstract").fill(data["abstract"])
    await continue_(page)
    await page.get_by_label("I have read and agree").check()
    await continue_(page)
    await page.get_by_label("Name (display name)").fill(data["name"])
    await page.locator("#id_register_email").fill(data["email"])
    await page.locator("input[name='register_password']").fill(data["new_password"])
    await page.get_by_label("Password (again)").fill(data["new_password"])
    await continue_(page)
    await page.get_by_label("Biography").fill(data["bio"])
    await continue_(page, "Submit proposal!")


async def submit_workshop(page: Page, base: str, data: dict[str, str]) -> None:
    await page.goto(base + E + "/cfp")
    await page.get_by_role("link", name="Submit a proposal").click()
    await page.get_by_label("Proposal title").fill(data["title"])
    await page.get_by_label("Session type").select_option(label="Workshop (90 minutes)")
    await pick_track(page, data["track"])
    await page.get_by_label("Abstract").fill(data["abstract"])
    await continue_(page)
    await page.get_by_label("I have read and agree").check()
    await page.get_by_label("Maximum number of participants").fill(data["seats"])
    await continue_(page)
    await page.locator("#id_login_email").fill(pretalx_project.USERNAME)
    await page.locator("#id_login_password").fill(pretalx_project.PASSWORD)
    await continue_(page)
    await continue_(page, "Submit proposal!")


async def bio(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, E + "/login/")
    await page.locator("header summary", has_text="Dana Reyes").click()
    await page.get_by_role("menuitem", name="My profile").click()
    await page.get_by_label("Biography").fill(data["bio"])
    await page.locator("form:has(#id_biography)").get_by_role("button", name="Save").click()
    await page.wait_for_load_state()


async def retitle(page: Page, base: str, data: dict[str, str]) -> None:
    await page.goto(base + E + "/")
    await page.get_by_role("link", name="Edit or view your proposals").click()
    await page.get_by_label("Email address").first.fill(pretalx_project.USERNAME)
    await page.get_by_label("Password").first.fill(pretalx_project.PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await page.get_by_role("link", name=data["title"]).click()
    await page.get_by_label("Proposal title").fill(data["new_title"])
    await page.get_by_role("button", name="Save").last.click()
    await page.wait_for_load_state()


async def withdraw(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, E + "/login/")
    await page.get_by_role("link", name=data["title"]).click()
    await page.get_by_role("link", name="Withdraw").click()
    await page.get_by_role("button", name="Withdraw").click()
    await page.wait_for_load_state()


async def open_proposal(page: Page, base: str, title: str) -> None:
    """From the organisers' proposal list, search for the title and open it."""
    await page.goto(f"{base}/orga/event/{pretalx_project.EVENT}/submissions/")
    await page.locator("#id_q").fill(title)
    await page.locator("#id_q").press("Enter")
    await page.get_by_role("link", name=title).first.click()
    await page.wait_for_load_state()


async def review(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/orga/login/")
    await open_proposal(page, base, data["title"])
    await page.get_by_role("tab", name="Reviews").click()
    await page.get_by_label("Yes (2)").check()
    await page.get_by_label("What do you think?").fill(data["text"])
    await page.get_by_role("button", name="Save", exact=True).click()
    await page.wait_for_load_state()


async def set_state(page: Page, state: str) -> None:
    await page.locator("details.submission-state-dropdown summary").click()
    await page.locator(f"a.submission-state-{state}").click()
    await page.get_by_role("button", name="Do it").click()
    await page.wait_for_load_state()


async def accept(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/orga/login/")
    await open_proposal(page, base, data["title"])
    await set_state(page, "accepted")


async def reject(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/orga/login/")
    await page.goto(f"{base}/orga/event/{pretalx_project.EVENT}/submissions/")
    row = page.locator("tr", has=page.get_by_role("link", name=data["speaker"]))
    await row.get_by_role("link").first.click()
    await set_state(page, "rejected")


async def comment(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/orga/login/")
    await open_proposal(page, base, data["title"])
    await page.get_by_role("tab", name="Comments").click()
    await page.wait_for_load_state()


async def track(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/orga/login/")
    await page.goto(f"{base}/orga/event/{pretalx_project.EVENT}/cfp/tracks/")
    await page.get_by_role("link", name="New track").click()
    await page.locator("#id_name_0").fill(data["name"])
    await page.locator("#id_description_0").fill(data["description"])
    # Focusing the colour field opens a picker that may write its own colour into the field; typing it
    # a character at a time gets each prefix read as a colour: paste the whole value, again if replaced.
    color = page.locator("#id_color")
    for _ in range(4):
        await color.fill(data["color"])
        await page.wait_for_timeout(400)
        await page.locator("h2").first.click()
        await page.wait_for_timeout(300)
        if (await color.input_value()).lower() == data["color"]:
            break
    else:
        raise AssertionError(f"the colour field holds {await color.input_value()}")
    await page.get_by_role("button", name="Save").click()
    await page.wait_for_load_state()


async def room(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/orga/login/")
    await page.goto(f"{base}/orga/event/{pretalx_project.EVENT}/schedule/rooms/")
    await page.get_by_role("link", name="New room").click()
    await page.locator("#id_name_0").fill(data["name"])
    await page.get_by_label("Capacity").fill(data["capacity"])
    await page.get_by_role("button", name="Save").click()
    await page.wait_for_load_state()


async def question(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/orga/login/")
    await page.goto(f"{base}/orga/event/{pretalx_project.EVENT}/cfp/questions/")
    await page.get_by_role("link", name="New custom field").click()
    await page.get_by_label("Field type").select_option(label="per speaker")
    await page.get_by_label("Variant").select_option(label="Yes/No")
    await page.locator("#id_question_0").fill(data["question"])
    await page.get_by_label("always required").check()
    await page.get_by_role("button", name="Save").click()
    await page.wait_for_load_state()


async def session_type(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/orga/login/")
    await page.goto(f"{base}/orga/event/{pretalx_project.EVENT}/cfp/types/")
    await page.get_by_role("link", name="New type").click()
    await page.locator("#id_name_0").fill(data["name"])
    await page.get_by_label("Default duration").fill(data["minutes"])
    await page.get_by_role("button", name="Save").click()
    await page.wait_for_load_state()


STEPS: dict[str, Steps] = {
    "ptx-submit-talk": submit_talk, "ptx-submit-workshop": submit_workshop, "ptx-bio": bio,
    "ptx-retitle": retitle, "ptx-withdraw": withdraw, "ptx-review": review, "ptx-accept": accept,
    "ptx-reject": reject, "ptx-comment": comment, "ptx-track": track, "ptx-room": room,
    "ptx-question": question, "ptx-session-type": session_type,
}  # fmt: skip


def main() -> None:
    site = pretalx_site
    only = sys.argv[1:]
    failures = check_with_database(site.pretalx_site, site.app_state, site.APP_STATE, TASKS, STEPS, only)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
