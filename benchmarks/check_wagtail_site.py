"""Each task of benchmarks/wagtail_site.py done by hand with Playwright (fixed steps, no ghosttab), to show
the site as seeded can do it and that its success criteria then hold.

    python benchmarks/check_wagtail_site.py [BASE_URL] [TASK_ID ...]   # without a URL: a fresh site is served
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path
from urllib.parse import quote

from playwright.async_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wagtail_project
import wagtail_site
from by_hand import Steps, check_by_hand, report

TASKS = {task[0]: task for task in wagtail_site.TASKS}


async def sign_in(page: Page, base: str) -> None:
    await page.goto(f"{base}/admin/")
    await page.locator("#id_username").fill(wagtail_project.USERNAME)
    await page.locator("#id_password").fill(wagtail_project.PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(f"{base}/admin/")


async def open_editor(page: Page, base: str, title: str) -> None:
    await page.goto(f"{base}/admin/pages/search/?q={quote(title)}")
    await page.get_by_role("link", name=title, exact=True).first.click()
    await page.wait_for_url("**/edit/")


async def page_action(page: Page, base: str, title: str, action: str) -> None:
    """Open the page's confirmation view for `action` (unpublish, delete, move) from its editor's URL."""
    await open_editor(page, base, title)
    await page.goto(page.url.replace("/edit/", f"/{action}/"))


async def publish(page: Page) -> None:
    await page.locator("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle").first.click()
    await page.locator("button[name='action-publish']").click()
    await page.wait_for_load_state()


async def choose_page(page: Page, title: str) -> None:
    """Open the page chooser dialog and pick `title` (a child of the home page)."""
    chosen = page.locator("main .chooser .w-dropdown__toggle:visible")
    if await chosen.count():  # a page is chosen already: its actions menu offers another
        await chosen.first.click()
        await page.locator("main .chooser [data-chooser-action-choose]:visible").first.click()
    else:
        await page.locator("main [data-chooser-action-choose]:visible").first.click()
    dialog = page.get_by_role("dialog")
    await dialog.locator("a.navigate-pages").first.click()  # explore the home page's children
    await dialog.get_by_role("link", name=title, exact=True).first.click()
    await dialog.wait_for(state="hidden")


async def contact(page: Page, base: str, data: dict[str, str]) -> None:
    await page.goto(f"{base}/")
    await page.get_by_role("link", name="Contact us").click()
    await page.get_by_label("Your name").fill(data["name"])
    await page.get_by_label("Email address").fill(data["email"])
    await page.get_by_label("Library card number").fill(data["card"])
    await page.get_by_label("Topic").select_option(label=data["topic"])
    await page.get_by_label("Message").fill(data["message"])
    await page.get_by_label("Send me the monthly newsletter").check()
    await page.get_by_role("button", name="Send message").click()


async def event_page(page: Page, base: str, data: dict[str, str]) -> None:
    await page.goto(f"{base}/")
    await page.get_by_role("link", name="Events").click()
    await page.get_by_role("link", name=data["event"]).click()


async def new_article(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.goto(f"{base}/admin/pages/search/?q=News")
    await page.get_by_role("link", name="News", exact=True).first.click()
    await page.goto(page.url.replace("/edit/", "/add_subpage/"))
    await page.wait_for_url("**/add/library/newspage/**")
    await page.locator("#id_title").fill(data["title"])
    await page.locator("#id_date").fill(data["date"])
    await page.locator("#id_intro").fill(data["intro"])
    await page.locator("[data-contentpath='body'] [contenteditable='true']").click()
    await page.keyboard.type(data["body"])
    await publish(page)


async def event_date(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_editor(page, base, data["event"])
    await page.locator("#id_date").fill(data["date"])
    await page.locator("#id_title").click()
    await publish(page)


async def event_places(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_editor(page, base, data["event"])
    await page.locator("#id_places").fill(data["places"])
    await page.locator(
        "footer button[name='action-draft'], footer button:has-text('Save draft')"
    ).first.click()
    await page.wait_for_load_state()


async def confirm(page: Page, base: str, title: str, action: str, button: str) -> None:
    await sign_in(page, base)
    await page_action(page, base, title, action)
    await page.get_by_role("button", name=button).click()
    await page.wait_for_load_state()


async def unpublish(page: Page, base: str, data: dict[str, str]) -> None:
    await confirm(page, base, data["title"], "unpublish", "Yes, unpublish it")


async def delete(page: Page, base: str, data: dict[str, str]) -> None:
    await confirm(page, base, data["title"], "delete", "Yes, delete it")


async def slug(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_editor(page, base, data["page"])
    await page.get_by_role("tab", name="Promote").click()
    await page.locator("#id_slug").fill(data["slug"])
    await publish(page)


async def snippet(page: Page, base: str, name: str) -> None:
    await page.goto(f"{base}/admin/snippets/library/branch/")
    await page.get_by_role("link", name=name, exact=True).first.click()


async def branch_hours(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await snippet(page, base, data["branch"])
    await page.locator("#id_opening_hours").fill(data["hours"])
    await page.get_by_role("button", name="Save", exact=True).click()
    await page.wait_for_load_state()


async def new_branch(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.goto(f"{base}/admin/snippets/library/branch/add/")
    await page.locator("#id_name").fill(data["name"])
    await page.locator("#id_address").fill(data["address"])
    await page.locator("#id_phone").fill(data["phone"])
    await page.locator("#id_has_parking").check()
    await (
        page.get_by_role("button", name="Create", exact=True)
        .or_(page.get_by_role("button", name="Save", exact=True))
        .first.click()
    )
    await page.wait_for_load_state()


async def redirect(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.goto(f"{base}/admin/redirects/add/")
    await page.locator("#id_old_path").fill(data["old_path"])
    await choose_page(page, data["page"])
    await page.get_by_role("button", name="Create", exact=True).click()
    await page.wait_for_load_state()


async def phone_setting(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.goto(f"{base}/admin/settings/library/contactdetails/")
    await page.locator("#id_phone").fill(data["phone"])
    await page.get_by_role("button", name="Save", exact=True).click()
    await page.wait_for_load_state()


async def download_submissions(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.goto(f"{base}/admin/forms/")
    await page.get_by_role("link", name="Contact us").first.click()
    await page.get_by_role("button", name="Actions").click()
    async with page.expect_download() as info:
        await page.get_by_role("link", name="Download CSV").click()
    download = await info.value
    if not (await download.path()).read_text().count("Priya Shah"):
        raise AssertionError("the CSV lacks the submissions")


async def new_user(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.goto(f"{base}/admin/users/new/")
    await page.locator("#id_username").fill(data["new_username"])
    await page.locator("#id_email").fill(data["email"])
    await page.locator("#id_first_name").fill(data["first_name"])
    await page.locator("#id_last_name").fill(data["last_name"])
    await page.locator("#id_password1").fill(data["new_password"])
    await page.locator("#id_password2").fill(data["new_password"])
    await page.get_by_role("button", name="Create").click()
    await page.wait_for_load_state()


async def move(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page_action(page, base, data["page"], "move")
    await choose_page(page, data["parent"])
    await page.locator("main [type=submit]").first.click()
    await page.wait_for_load_state()
    confirm = page.get_by_role("button", name="Yes, move this page")
    if await confirm.count():
        await confirm.click()
    await page.wait_for_load_state()


async def open_editor_task(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.goto(f"{base}/admin/pages/search/?q={data['topic']}")
    await page.get_by_role("link", name="Makerspace opens on the second floor").first.click()
    await page.wait_for_url("**/edit/")


STEPS: dict[str, Steps] = {
    "wt-contact": contact, "wt-event-page": event_page, "wt-new-article": new_article,
    "wt-event-date": event_date, "wt-event-places": event_places, "wt-unpublish": unpublish,
    "wt-slug": slug, "wt-branch-hours": branch_hours, "wt-new-branch": new_branch, "wt-redirect": redirect,
    "wt-phone-setting": phone_setting, "wt-download-submissions": download_submissions,
    "wt-new-user": new_user,
    "wt-move": move, "wt-delete": delete, "wt-open-editor": open_editor_task,
}  # fmt: skip


# What the public site shows once a task is done: (path, text on it), a second proof beside the
# admin's own report that the change reached the site (or, for a draft, that it did not).
OUTCOMES: dict[str, tuple[str, str]] = {
    "wt-new-article": ("/news/late-opening-on-thursdays/", "Central Library now stays open until 21:00"),
    "wt-event-date": ("/events/author-evening-ellery/", "3 December 2026"),
    "wt-event-places": ("/events/repair-cafe/", "30 places available"),
    "wt-slug": ("/membership/", "Membership is free"),
    "wt-redirect": ("/opening-hours", "All branches close on 25 and 26 December"),
    "wt-phone-setting": ("/", "Call us on 01632 960 200"),
    "wt-move": ("/about/holiday-opening-times/", "All branches close"),
}


async def outcome_problem(page: Page, base: str, task_id: str) -> str:
    if task_id not in OUTCOMES:
        return ""
    path, expected = OUTCOMES[task_id]
    await page.goto(base + path)
    text = " ".join((await page.inner_text("body")).split())
    return "" if expected in text else f"the public page {path} lacks {expected!r}"


def main() -> None:
    args = sys.argv[1:]
    base = args.pop(0) if args and args[0].startswith("http") else None
    with contextlib.ExitStack() as stack:
        if base is None:
            base = stack.enter_context(wagtail_site.wagtail_site())
        problems = asyncio.run(check_by_hand(TASKS, STEPS, base.rstrip("/"), args, outcome_problem))
    sys.exit(1 if report(problems) else 0)


if __name__ == "__main__":
    main()
