"""Flow 1: the supplier portal (login, purchase order search, PDF download)."""

from __future__ import annotations

import math
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from ghosttab.demo.common import PortalSession, form_str, get_state, render, safe_next
from ghosttab.demo.data import ORDERS, ORDERS_BY_NUMBER, PORTAL_USERS, PurchaseOrder
from ghosttab.demo.faults import faults_of
from ghosttab.demo.pdf import make_pdf

router = APIRouter(prefix="/portal")

SESSION_COOKIE = "portal_sid"
PAGE_SIZE = 15
MESSAGES = {
    "expired": "Your session has expired, please sign in again",
    "signed_out": "You have been signed out.",
    "required": "Please sign in to continue.",
}


def _login_redirect(request: Request, reason: str) -> RedirectResponse:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    query = urlencode({"next": target, "reason": reason}, quote_via=quote, safe="/")
    return RedirectResponse(f"/portal/?{query}", status_code=303)


def _session(request: Request) -> PortalSession | None:
    token = request.cookies.get(SESSION_COOKIE)
    return get_state(request).portal_sessions.get(token) if token else None


def require_session(request: Request, *, page_view: bool = True) -> PortalSession | RedirectResponse:
    """Return the session, or a redirect to the login page.

    With the ``expire`` fault a session only survives ``expire_after``
    authenticated page views.
    """
    session = _session(request)
    if session is None:
        return _login_redirect(request, "required")
    faults = faults_of(request)
    if page_view and faults.has("expire") and session.views >= faults.param("expire_after"):
        token = request.cookies.get(SESSION_COOKIE, "")
        get_state(request).portal_sessions.pop(token, None)
        response = _login_redirect(request, "expired")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
    if page_view:
        session.views += 1
    return session


@router.get("/")
async def login_page(request: Request) -> Response:
    if _session(request) is not None:
        return RedirectResponse("/portal/orders", status_code=303)
    reason = request.query_params.get("reason", "")
    return render(
        request,
        "portal/login.html",
        {
            "next": safe_next(request.query_params.get("next"), ""),
            "notice": MESSAGES.get(reason, ""),
            "error": "",
            "username": "",
        },
    )


@router.get("/login")
async def login_get() -> Response:
    return RedirectResponse("/portal/", status_code=303)


@router.post("/login")
async def login_post(request: Request) -> Response:
    form = await request.form()
    username = form_str(form, "username")
    password = form.get("password")
    next_url = safe_next(form_str(form, "next"), "/portal/orders")
    if not username or PORTAL_USERS.get(username) != password:
        return render(
            request,
            "portal/login.html",
            {
                "next": form_str(form, "next"),
                "notice": "",
                "error": "Invalid username or password",
                "username": username,
            },
        )
    token = get_state(request).new_token()
    get_state(request).portal_sessions[token] = PortalSession(username=username)
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True, samesite="lax")
    return response


@router.get("/logout")
async def logout(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        get_state(request).portal_sessions.pop(token, None)
    response = RedirectResponse("/portal/?reason=signed_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/orders")
async def orders(request: Request) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    query = request.query_params.get("q", "").strip()
    needle = query.lower()
    found = [o for o in ORDERS if needle in o.number.lower() or needle in o.supplier.lower()]
    pages = max(1, math.ceil(len(found) / PAGE_SIZE))
    try:
        page = min(max(1, int(request.query_params.get("page", "1"))), pages)
    except ValueError:
        page = 1

    def page_url(number: int) -> str:
        params = {"q": query, "page": str(number)} if query else {"page": str(number)}
        return "/portal/orders?" + urlencode(params)

    return render(
        request,
        "portal/orders.html",
        {
            "user": session.username,
            "query": query,
            "orders": found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            "total": len(found),
            "first": (page - 1) * PAGE_SIZE + 1,
            "page": page,
            "pages": pages,
            "page_url": page_url,
        },
    )


def _order(number: str) -> PurchaseOrder:
    order = ORDERS_BY_NUMBER.get(number.upper())
    if order is None:
        raise HTTPException(404, f"Purchase order {number} was not found.")
    return order


@router.get("/orders/{number}")
async def order_detail(request: Request, number: str) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    return render(request, "portal/order.html", {"user": session.username, "order": _order(number)})


@router.get("/orders/{number}/pdf")
async def order_pdf(request: Request, number: str) -> Response:
    session = require_session(request, page_view=False)
    if isinstance(session, Response):
        return session
    order = _order(number)
    lines = [
        f"Supplier: {order.supplier}",
        f"Order date: {order.date.isoformat()}",
        f"Status: {order.status}",
        f"Buyer: {session.username}",
        "",
    ]
    for index, line in enumerate(order.lines, start=1):
        lines.append(
            f"{index}. {line.description} - {line.quantity} x "
            f"${line.unit_cents / 100:,.2f} = ${line.total_cents / 100:,.2f}"
        )
    lines += ["", f"Total: ${order.amount_cents / 100:,.2f}"]
    body = make_pdf(f"Purchase order {order.number}", lines)
    get_state(request).record_effect("download", f"{order.number}.pdf")
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{order.number}.pdf"'},
    )


@router.get("/forbidden")
async def forbidden(request: Request) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    return render(
        request,
        "portal/forbidden.html",
        {"user": session.username},
        status_code=403,
    )
