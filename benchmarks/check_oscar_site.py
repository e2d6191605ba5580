"""Each task of benchmarks/oscar_site.py done by hand with Playwright (fixed selectors, no ghosttab),
to show the shop as seeded can do it and that its success criteria then hold.

    python benchmarks/check_oscar_site.py [BASE_URL]   # without a URL: a fresh shop is built and served
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from pathlib import Path

from playwright.async_api import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oscar_site
from by_hand import Steps, check_by_hand, report

TASKS = {task[0]: task for task in oscar_site.TASKS + oscar_site.STAFF_TASKS}


async def sign_in(page: Page, base: str, staff: bool = False) -> None:
    await page.goto(f"{base}/accounts/login/")
    form = page.locator("#login_form")
    await form.get_by_label("Email address").fill(oscar_site.STAFF_USERNAME if staff else oscar_site.USERNAME)
    await form.get_by_label("Password").fill(oscar_site.STAFF_PASSWORD if staff else oscar_site.PASSWORD)
    await form.get_by_role("button", name="Log In").click()
    await page.wait_for_url("**/dashboard/" if staff else "**/accounts/profile/")


async def open_product(page: Page, base: str, title: str) -> None:
    await page.goto(f"{base}/catalogue/")
    await page.get_by_role("link", name=title).first.click()
    await page.wait_for_load_state()


async def add_to_basket_and_checkout(page: Page, base: str, title: str, quantity: int = 1) -> None:
    await open_product(page, base, title)
    await page.locator("#add_to_basket_form").get_by_role("button", name="Add to basket").click()
    await page.goto(f"{base}/basket/")
    if quantity != 1:
        await page.locator("input[name$='-quantity']").first.fill(str(quantity))
        await page.get_by_role("button", name="Update").first.click()
        await page.wait_for_load_state()
    await page.get_by_role("link", name="Proceed to checkout").click()
    await page.wait_for_load_state()


async def choose_shipping_and_place(page: Page, method: str) -> None:
    row = page.locator(".basket-items").filter(has=page.get_by_role("heading", name=method))
    await row.get_by_role("button", name="Select option").click()
    await page.get_by_role("link", name="Continue").click()
    await page.get_by_role("button", name="Place order").click()
    await page.wait_for_url("**/checkout/thank-you/")


async def search_basket(page: Page, base: str, data: dict[str, str]) -> None:
    await page.goto(f"{base}/")
    await page.get_by_placeholder("Search").fill("Tidewater Atlas")
    await page.get_by_role("button", name="Search").click()
    await page.get_by_role("button", name="Add to basket").first.click()


async def browse_category(page: Page, base: str, data: dict[str, str]) -> None:
    await page.goto(f"{base}/")
    await page.get_by_role("button", name="Browse store").click()
    await page.get_by_role("link", name="Books", exact=True).first.click()
    await page.get_by_role("link", name=data["category"]).first.click()
    await page.get_by_role("link", name=data["product"]).first.click()


async def guest_express(page: Page, base: str, data: dict[str, str]) -> None:
    await add_to_basket_and_checkout(page, base, data["product"])
    await page.get_by_label("My email address is").fill(data["email"])
    await page.get_by_label("I am a new customer and want to checkout as a guest").check()
    await page.get_by_role("button", name="Continue").click()
    await page.get_by_label("First name").fill(data["first_name"])
    await page.get_by_label("Last name").fill(data["last_name"])
    await page.get_by_label("First line of address").fill(data["line1"])
    await page.get_by_label("City").fill(data["city"])
    await page.get_by_label("Post/Zip-code").fill(data["postcode"])
    await page.get_by_label("Country").select_option(label=data["country"])
    await page.get_by_role("button", name="Continue").click()
    await choose_shipping_and_place(page, data["shipping"])


async def signin_saved_address(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await add_to_basket_and_checkout(page, base, data["product"], int(data["quantity"]))
    card = page.locator(".card").filter(has_text=data["city"])
    await card.get_by_role("button", name="Ship to this address").click()
    await choose_shipping_and_place(page, data["shipping"])


async def voucher(page: Page, base: str, data: dict[str, str]) -> None:
    await open_product(page, base, data["product"])
    await page.locator("#add_to_basket_form").get_by_role("button", name="Add to basket").click()
    await page.goto(f"{base}/basket/")
    await page.get_by_role("link", name="I have a voucher code...").click()
    await page.get_by_label("Code").fill(data["code"])
    await page.get_by_role("button", name="Add voucher").click()


async def add_address(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.get_by_role("link", name="Address Book").click()
    await page.get_by_role("link", name="Add a new address").click()
    fields = [("First name", "first_name"), ("Last name", "last_name"), ("First line of address", "line1"),
              ("City", "city"), ("Post/Zip-code", "postcode"), ("Phone number", "phone")]  # fmt: skip
    for label, key in fields:
        await page.get_by_label(label, exact=True).fill(data[key])
    await page.get_by_label("Country").select_option(label=data["country"])
    await page.get_by_role("button", name="Save").click()


async def order_by_date(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.get_by_role("link", name="Order History").click()
    row = page.locator("tr").filter(has_text=re.compile(r"3 Feb(ruary)?\.? 2026"))
    await row.get_by_role("link").first.click()


async def reorder(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await page.get_by_role("link", name="Order History").click()
    await page.get_by_role("link", name=data["number"]).click()
    await page.get_by_role("button", name="Re-order all items").click()


async def dashboard_order(page: Page, base: str, number: str) -> None:
    await sign_in(page, base, staff=True)
    await page.get_by_role("button", name="Fulfilment").click()
    await page.get_by_role("link", name="Orders", exact=True).click()
    await page.get_by_role("link", name=number, exact=True).click()


async def dash_note(page: Page, base: str, data: dict[str, str]) -> None:
    await dashboard_order(page, base, data["number"])
    await page.get_by_role("link", name="Notes").click()
    await page.locator("#id_message").fill(data["note"])
    await page.get_by_role("button", name="Save note").click()


async def dash_status(page: Page, base: str, data: dict[str, str]) -> None:
    await dashboard_order(page, base, data["number"])
    form = page.locator("#order_status_form")
    await form.locator("select").select_option(label=data["status"])
    await form.get_by_role("button", name="Change status").click()


async def dash_price(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, staff=True)
    await page.get_by_role("button", name="Catalogue").click()
    await page.get_by_role("link", name="Products", exact=True).click()
    await page.get_by_role("link", name=data["product"]).first.click()
    await page.get_by_role("link", name="Stock and pricing").click()
    await page.locator("input[name$='-price']").first.fill(data["price"])
    await page.get_by_role("button", name="Save").first.click()


async def review(page: Page, base: str, data: dict[str, str]) -> None:
    await open_product(page, base, data["product"])
    await page.get_by_role("link", name="Write a review").first.click()
    await page.locator("#id_title").fill(data["title"])
    await page.locator(".star-rating i").nth(int(data["score"]) - 1).click()
    await page.locator("#id_body").fill(data["body"])
    await page.locator("#id_name").fill(data["name"])
    await page.locator("#id_email").fill(data["email"])
    await page.get_by_role("button", name="Save review").click()


async def dash_customer(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base, staff=True)
    await page.get_by_role("button", name="Customers").click()
    await page.get_by_role("link", name="Customers", exact=True).click()
    await page.get_by_label("Email").fill(data["email"])
    await page.get_by_role("button", name="Search").click()
    await page.get_by_role("link", name=data["email"]).click()


async def wishlist(page: Page, base: str, data: dict[str, str]) -> None:
    await sign_in(page, base)
    await open_product(page, base, data["product"])
    await page.get_by_role("button", name="Add to wish list").click()


STEPS: dict[str, Steps] = {
    "osc-search-basket": search_basket, "osc-browse-category": browse_category,
    "osc-guest-express": guest_express, "osc-signin-saved-address": signin_saved_address,
    "osc-voucher": voucher, "osc-add-address": add_address, "osc-order-by-date": order_by_date,
    "osc-reorder": reorder, "osc-dash-note": dash_note, "osc-dash-price": dash_price,
    "osc-dash-status": dash_status, "osc-review": review, "osc-dash-customer": dash_customer,
    "osc-wishlist": wishlist,
}  # fmt: skip


def main() -> None:
    args = sys.argv[1:]
    base = args.pop(0) if args and args[0].startswith("http") else None
    with contextlib.ExitStack() as stack:
        if base is None:
            base = stack.enter_context(oscar_site.oscar_shop())
        problems = asyncio.run(check_by_hand(TASKS, STEPS, base.rstrip("/"), args))
    sys.exit(1 if report(problems) else 0)


if __name__ == "__main__":
    main()
