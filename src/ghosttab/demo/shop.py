"""Flow 3: Trailhead Outfitters, a small shop exercising common widgets."""

from __future__ import annotations

import math
import re
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from ghosttab.demo.common import ShopOrder, form_str, get_state, render
from ghosttab.demo.data import (
    PRODUCTS,
    PRODUCTS_BY_SLUG,
    SHIPPING_METHODS,
    Product,
    digits_from,
    search_products,
)

router = APIRouter(prefix="/shop")

CART_COOKIE = "shop_cart"
PAGE_SIZE = 12
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _product(slug: str) -> Product:
    product = PRODUCTS_BY_SLUG.get(slug)
    if product is None:
        raise HTTPException(404, "Sorry, we couldn't find that product.")
    return product


def _cart(request: Request) -> dict[str, int]:
    token = request.cookies.get(CART_COOKIE, "")
    return get_state(request).carts.get(token, {})


def _cart_lines(cart: dict[str, int]) -> tuple[list[tuple[Product, int, int]], int]:
    lines = [(PRODUCTS_BY_SLUG[s], q, PRODUCTS_BY_SLUG[s].price_cents * q) for s, q in cart.items()]
    return lines, sum(total for _p, _q, total in lines)


def _cart_count(request: Request) -> int:
    return sum(_cart(request).values())


@router.get("/")
async def home(request: Request) -> Response:
    categories = sorted({p.category for p in PRODUCTS})
    return render(
        request,
        "shop/home.html",
        {"featured": PRODUCTS[:8], "categories": categories, "cart_count": _cart_count(request)},
    )


@router.get("/search")
async def search(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    found = search_products(query)
    pages = max(1, math.ceil(len(found) / PAGE_SIZE))
    try:
        page = min(max(1, int(request.query_params.get("page", "1"))), pages)
    except ValueError:
        page = 1

    def page_url(number: int) -> str:
        return "/shop/search?" + urlencode({"q": query, "page": str(number)})

    return render(
        request,
        "shop/search.html",
        {
            "query": query,
            "products": found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            "total": len(found),
            "page": page,
            "pages": pages,
            "page_url": page_url,
            "cart_count": _cart_count(request),
        },
    )


@router.get("/api/suggest")
async def suggest(request: Request) -> JSONResponse:
    query = request.query_params.get("q", "").strip()
    found = search_products(query)[:8] if query else []
    return JSONResponse(
        [{"name": p.name, "url": f"/shop/products/{p.slug}"} for p in found],
        headers={"Cache-Control": "no-store"},
    )


@router.get("/products/{slug}")
async def product(request: Request, slug: str) -> Response:
    item = _product(slug)
    related = [p for p in PRODUCTS if p.category == item.category and p.slug != slug][:4]
    return render(
        request,
        "shop/product.html",
        {"p": item, "related": related, "cart_count": _cart_count(request)},
    )


@router.post("/cart")
async def add_to_cart(request: Request) -> Response:
    form = await request.form()
    item = _product(form_str(form, "product"))
    try:
        quantity = max(1, min(99, int(form_str(form, "quantity") or "1")))
    except ValueError:
        quantity = 1
    state = get_state(request)
    token = request.cookies.get(CART_COOKIE) or state.new_token()
    cart = state.carts.setdefault(token, {})
    cart[item.slug] = min(99, cart.get(item.slug, 0) + quantity)
    response = RedirectResponse("/shop/cart?added=" + item.slug, status_code=303)
    response.set_cookie(CART_COOKIE, token, path="/", httponly=True, samesite="lax")
    return response


@router.post("/cart/remove")
async def remove_from_cart(request: Request) -> Response:
    form = await request.form()
    _cart(request).pop(form_str(form, "product"), None)
    return RedirectResponse("/shop/cart", status_code=303)


@router.get("/cart")
async def cart(request: Request) -> Response:
    lines, subtotal = _cart_lines(_cart(request))
    added = PRODUCTS_BY_SLUG.get(request.query_params.get("added", ""))
    return render(
        request,
        "shop/cart.html",
        {
            "lines": lines,
            "subtotal": subtotal,
            "added": added,
            "cart_count": _cart_count(request),
        },
    )


def _checkout_page(request: Request, values: dict[str, str], errors: list[str]) -> Response:
    lines, subtotal = _cart_lines(_cart(request))
    return render(
        request,
        "shop/checkout.html",
        {
            "lines": lines,
            "subtotal": subtotal,
            "values": values,
            "errors": errors,
            "methods": SHIPPING_METHODS,
            "cart_count": _cart_count(request),
            "today": date.today().isoformat(),
        },
    )


@router.get("/checkout")
async def checkout(request: Request) -> Response:
    return _checkout_page(request, {"shipping_method": "Standard"}, [])


@router.post("/checkout")
async def place_order(request: Request) -> Response:
    form = await request.form()
    keys = ("full_name", "email", "address", "city", "delivery_date", "shipping_method")
    values = {key: form_str(form, key) for key in keys}
    errors: list[str] = []
    cart_items = _cart(request)
    if not cart_items:
        errors.append("Your cart is empty.")
    if not values["full_name"]:
        errors.append("Enter your full name.")
    if not EMAIL_RE.match(values["email"]):
        errors.append("Enter a valid email address.")
    if not values["address"]:
        errors.append("Enter a delivery address.")
    try:
        date.fromisoformat(values["delivery_date"])
    except ValueError:
        errors.append("Choose a delivery date.")
    if values["shipping_method"] not in SHIPPING_METHODS:
        errors.append("Choose a shipping method.")
    if errors:
        return _checkout_page(request, values, errors)

    lines, subtotal = _cart_lines(cart_items)
    number = "ORD-" + digits_from(
        values["full_name"].lower(),
        values["email"].lower(),
        values["delivery_date"],
        values["shipping_method"],
        *(f"{p.slug}:{q}" for p, q, _t in lines),
    )
    get_state(request).record_effect("order", number)
    get_state(request).orders[number] = ShopOrder(
        number=number,
        full_name=values["full_name"],
        email=values["email"],
        delivery_date=values["delivery_date"],
        shipping_method=values["shipping_method"],
        lines=[(p.name, q, t) for p, q, t in lines],
        total_cents=subtotal + SHIPPING_METHODS[values["shipping_method"]][0],
    )
    cart_items.clear()
    return RedirectResponse(f"/shop/orders/{number}", status_code=303)


@router.get("/orders/{number}")
async def order_placed(request: Request, number: str) -> Response:
    order = get_state(request).orders.get(number)
    if order is None:
        raise HTTPException(404, "We couldn't find that order.")
    return render(request, "shop/placed.html", {"o": order, "cart_count": 0})


@router.get("/terms")
async def terms(request: Request) -> Response:
    return render(request, "shop/terms.html", {"cart_count": _cart_count(request)})
