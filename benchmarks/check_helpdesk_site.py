"""Each task of benchmarks/helpdesk_site.py done by hand with Playwright (fixed steps, no ghosttab), to show
the desk as seeded can do it, that its success criteria then hold on the final page and that the app's
database then holds what the task asked for (helpdesk_site.app_state).

    python benchmarks/check_helpdesk_site.py [TASK_ID ...]   # a fresh copy of the desk is served

SHOW=1 also prints each task's final URL and page text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.async_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))
import helpdesk_project
import helpdesk_site
from by_hand import Steps, check_with_database

TASKS = {task[0]: task for task in helpdesk_site.TASKS}


async def sign_in(page: Page, base: str, start: str = "/login/") -> None:
    await page.goto(base + start)
    await page.locator("#username").fill(helpdesk_project.USERNAME)
    await page.locator("#password").fill(helpdesk_project.PASSWORD)
    await page.get_by_role("button", name="Login").click()
    await page.wait_for_url(lambda url: "/login/" not in url)


async def open_ticket(page: Page, base: str, title: str) -> None:
    """Find the ticket from the search box in the header and open it."""
    await page.goto(f"{base}/tickets/")
    await page.locator("nav input[name='q']").fill(title)
    await page.locator("nav input[name='q']").press("Enter")
    await page.get_by_role("link", name=title).first.click()
    await page.wait_for_url("**/tickets/*/")


async def follow_up(
    page: Page, comment: str = "", status: str = "", details: dict[str, str] | None = None
) -> None:
    """Fill the ticket page's follow-up form and send it."""
    await page.get_by_role("tab", name="Respond").click()
    form = page.locator("form[action$='/update/']:has(textarea[name='comment'])")
    if comment:
        await form.locator("textarea[name='comment']").fill(comment)
    if status:
        await form.get_by_label(status, exact=True).check()
    if details:
        await page.get_by_role("button", name="Update ticket details").click()
        for name, label in details.items():
            await form.locator(f"select[name='{name}']").select_option(label=label)
    await form.get_by_role("button", name="Save", exact=True).click()
    await page.wait_for_load_state()


async def submit_public(page: Page, base: str, queue: str, title: str, body: str, email: str,
                        priority: str = "") -> None:  # fmt: skip
    await page.goto(base + "/")
    await page.get_by_label("Queue").select_option(label=queue)
    await page.get_by_label("Summary of the problem").fill(title)
    await page.get_by_label("Description of your issue").fill(body)
    if priority:
        await page.get_by_label("Priority").select_option(label=priority)
    await page.get_by_label("Your E-Mail Address").fill(email)
    await page.get_by_role("button", name="Submit Ticket").click()
    await page.wait_for_load_state()


async def submit(page: Page, base: str, data: dict[str, str]) -> None:
    await submit_public(page, base, "IT Support", data["summary"], data["details"], data["email"], "2. High")


async def submit_facilities(page: Page, base: str, data: dict[str, str]) -> None:
    await submit_public(page, base, "Facilities", data["summary"], data["details"], data["email"])


async def kb_vpn(page: Page, base: str, data: dict[str, str]) -> None:
    await page.goto(base + "/")
    await page.get_by_role("link", name="Knowledge Base").first.click()
    await page.locator("a:has-text('View articles')").nth(1).click()
    await page.get_by_text("How do I connect to the VPN?").first.click()


async def assign(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_ticket(page, base, data["title"])
    owner = page.locator("form[action$='/update/']:has(select[name='owner']):not(:has(textarea))")
    await owner.locator("select").select_option(label=data["assignee"])
    await owner.locator("button").click()
    await page.wait_for_load_state()


async def resolve(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_ticket(page, base, data["title"])
    await follow_up(page, data["comment"], "Resolved")


async def reply(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_ticket(page, base, "Heating not working in meeting room 3")
    await follow_up(page, data["comment"])


async def priority(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/dashboard/")
    await open_ticket(page, base, data["title"])
    await follow_up(page, details={"priority": "1. Critical"})


async def new_ticket(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.get_by_role("link", name="New Ticket").first.click()
    await page.get_by_label("Queue").select_option(label=data["queue"])
    await page.get_by_label("Summary of the problem").fill(data["title"])
    await page.get_by_label("Description of your issue").fill(data["description"])
    await page.get_by_label("Submitter E-Mail Address").fill(data["email"])
    await page.get_by_label("Case owner").select_option(label="leo.brandt")
    await page.get_by_role("button", name="Submit Ticket").click()
    await page.wait_for_load_state()


async def hold(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_ticket(page, base, data["title"])
    await page.get_by_role("button", name="Actions").click()
    await page.get_by_role("button", name="Hold").click()
    await page.wait_for_load_state()


async def close(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_ticket(page, base, data["title"])
    await follow_up(page, status="Closed")


async def retitle(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_ticket(page, base, data["title"])
    await page.get_by_role("button", name="Actions").click()
    await page.locator(".dropdown-menu a[href$='/edit/']").click()
    await page.get_by_label("Title").fill(data["new_title"])
    await page.get_by_role("button", name="Save Changes").click()
    await page.wait_for_load_state()


async def cc(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_ticket(page, base, data["title"])
    await page.goto(page.url + "cc/")
    await page.get_by_role("link", name="Add an Email").click()
    await page.locator("#EmailCC input[name='email']").fill(data["email"])
    await page.get_by_role("button", name="Save Ticket CC").first.click()
    await page.wait_for_load_state()


async def take(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, "/dashboard/")
    row = page.locator("tr", has=page.get_by_role("link", name=data["title"]))
    await row.get_by_role("link", name="Take").click()
    await page.wait_for_load_state()


STEPS: dict[str, Steps] = {
    "hd-submit": submit, "hd-submit-facilities": submit_facilities, "hd-kb-vpn": kb_vpn, "hd-assign": assign,
    "hd-resolve": resolve, "hd-reply": reply, "hd-priority": priority, "hd-new-ticket": new_ticket,
    "hd-hold": hold, "hd-close": close, "hd-retitle": retitle, "hd-cc": cc, "hd-take": take,
}  # fmt: skip


def main() -> None:
    site = helpdesk_site
    only = sys.argv[1:]
    failures = check_with_database(site.helpdesk_site, site.app_state, site.APP_STATE, TASKS, STEPS, only)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
