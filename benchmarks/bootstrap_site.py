"""A wholesale customer portal built with Bootstrap 5, for the navigator benchmark.

Server-rendered the way many small business portals are: http.server pages made of Bootstrap's own
components and markup (its CSS and JS bundle from the npm registry, installed into
benchmarks/.npm-bootstrap on first use, not a ghosttab dependency). A floating-label sign-in with a
session cookie, a cookie banner over the bottom of every page until answered, a navbar dropdown, a
searchable, paginated order table, order pages with tabs and a PDF invoice to download, and a return
form with a select, radios, button-group toggles, a collapsed accordion, server-side validation and a
confirmation modal. The markup and data are ours; the components, styles and scripts are Bootstrap's.

    with bootstrap_site() as base:   # base URL; sign in at /login with USERNAME and PASSWORD
        ...

The page shown after a confirmed return echoes it in one line, for checking what was sent:

    Summary: order | reason | condition | quantity | refund | street | city | postcode | comments |
"""

from __future__ import annotations

import contextlib
import html
import http.server
import random
import re
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from local_server import npm_install, serve_in_thread

HERE = Path(__file__).resolve().parent
PREFIX = HERE / ".npm-bootstrap"
PACKAGES = ["bootstrap@5"]
USERNAME = "purchasing@harbourcafe.co.uk"
PASSWORD = "Tidal-Orchard-58"
SESSION_COOKIE = "nw_portal_session"
PAGE_SIZE = 10
HTML_TYPE = "text/html; charset=utf-8"

REASONS = ["Wrong item received", "Item arrived damaged", "Item is faulty", "No longer needed",
           "Ordered by mistake", "Better price elsewhere", "Other"]  # fmt: skip
CONDITIONS = ["Unopened", "Opened", "Damaged"]
REFUNDS = ["Refund", "Store credit", "Exchange"]
PICKUP = ("street", "city", "postcode")
SUMMARY_FIELDS = ("order", "reason", "condition", "quantity", "refund", *PICKUP, "comments")
BADGES = {"Processing": "text-bg-warning", "Shipped": "text-bg-info", "Delivered": "text-bg-success",
          "Cancelled": "text-bg-secondary"}  # fmt: skip
PRODUCTS = [("Arabica espresso beans, 1 kg", 18.40), ("Decaf house blend, 1 kg", 19.90),
            ("Oat barista milk, 12 x 1 L", 21.60), ("Paper cups, 1000", 42.00), ("Cup lids, 1000", 27.50),
            ("Hot chocolate powder, 2 kg", 24.75), ("Vanilla syrup, 6 x 1 L", 31.20),
            ("Wooden stirrers, 5000", 12.90), ("Napkins, 4000", 17.30), ("Descaling tablets, 100", 15.40),
            ("Cleaning powder, 900 g", 11.80), ("Loose leaf breakfast tea, 1 kg", 22.10)]  # fmt: skip
CANCELLED = {40009, 40026, 40038, 40053}


@dataclass(frozen=True)
class Order:
    number: str
    placed: date
    status: str
    invoice: str
    po: str
    items: tuple[tuple[str, int, float], ...]

    @property
    def total(self) -> float:
        return round(sum(quantity * price for _, quantity, price in self.items), 2)


def _seed_orders() -> dict[str, Order]:
    rng = random.Random(40017)
    invoices = sorted(rng.sample(range(1000, 9999), 60))
    day, orders = date(2025, 1, 6), {}
    for index in range(60):
        number = 40001 + index
        day += timedelta(days=rng.randint(1, 3))
        status = ("Cancelled" if number in CANCELLED else "Processing" if number > 40056
                  else "Shipped" if number > 40050 else "Delivered")  # fmt: skip
        items = tuple((name, rng.choice([2, 4, 6, 10, 12, 24]), price)
                      for name, price in rng.sample(PRODUCTS, rng.randint(1, 4)))  # fmt: skip
        orders[f"SO-{number}"] = Order(f"SO-{number}", day, status, f"INV-2025-{invoices[index]:04d}",
                                       f"PO-{rng.randint(10000, 99999)}", items)  # fmt: skip
    return orders


ORDERS = _seed_orders()
NEWEST_FIRST = sorted(ORDERS.values(), key=lambda order: order.number, reverse=True)


def _money(value: float) -> str:
    return f"£{value:,.2f}"


def _summary(values: dict[str, str]) -> str:
    return "Summary: " + " | ".join(values.get(key, "") for key in SUMMARY_FIELDS) + " |"


SEARCH_ICON = """<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor"
 viewBox="0 0 16 16" aria-hidden="true"><path d="M11.742 10.344a6.5 6.5 0 1 0-1.397 1.398h-.001q.044.06.098
.115l3.85 3.85a1 1 0 0 0 1.415-1.414l-3.85-3.85a1 1 0 0 0-.115-.1zM12 6.5a5.5 5.5 0 1 1-11 0 5.5 5.5 0 0 1
 11 0"/></svg>"""
CONSENT = """<div id="cookieConsent" role="dialog" aria-label="Cookie consent"
 class="alert alert-dark fixed-bottom mb-0 rounded-0 border-0 shadow-lg py-4">
<div class="container d-lg-flex align-items-center gap-4"><div class="flex-grow-1">
<h2 class="h5">We value your privacy</h2><p class="mb-lg-0">We use cookies to keep you signed in,
 remember your preferences and understand how the portal is used. You can accept all cookies or reject
 the optional ones. <a href="#" class="alert-link">Cookie policy</a></p></div>
<div class="d-flex gap-2 flex-shrink-0">
<button type="button" class="btn btn-outline-secondary" data-consent="essential">Reject</button>
<button type="button" class="btn btn-primary" data-consent="all">Accept all</button></div></div></div>
<script>document.querySelectorAll('[data-consent]').forEach((button) => {
  button.addEventListener('click', () => {
    document.cookie = `cookie_consent=${button.dataset.consent}; path=/; max-age=31536000; samesite=lax`;
    document.getElementById('cookieConsent').remove();
  });
});</script>"""


def _navbar(user: str, active: str) -> str:
    def link(href: str, text: str) -> str:
        current = ' active" aria-current="page' if href == active else ""
        return f'<li class="nav-item"><a class="nav-link{current}" href="{href}">{text}</a></li>'

    return f"""<nav class="navbar navbar-expand-lg bg-dark border-bottom" data-bs-theme="dark">
<div class="container"><a class="navbar-brand fw-semibold" href="/orders">Northwind Wholesale</a>
<button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#mainNav"
 aria-controls="mainNav" aria-expanded="false" aria-label="Toggle navigation">
<span class="navbar-toggler-icon"></span></button><div class="collapse navbar-collapse" id="mainNav">
<ul class="navbar-nav me-auto">{link("/orders", "Orders")}{link("/invoices", "Invoices")}
{link("/returns/new", "Returns")}</ul><ul class="navbar-nav"><li class="nav-item dropdown">
<a class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown"
 aria-expanded="false">Account</a><ul class="dropdown-menu dropdown-menu-end">
<li><h6 class="dropdown-header">{html.escape(user)}</h6></li>
<li><a class="dropdown-item" href="/orders">Orders</a></li>
<li><a class="dropdown-item" href="/invoices">Invoices</a></li><li><hr class="dropdown-divider"></li>
<li><a class="dropdown-item" href="/logout">Sign out</a></li></ul></li></ul></div></div></nav>"""


def _layout(title: str, body: str, *, nav: str, consent: bool, script: str = "") -> bytes:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Northwind Wholesale</title><link href="/static/css/bootstrap.min.css" rel="stylesheet">
</head><body class="bg-body-tertiary">{nav}<main class="container py-4">{body}</main>
{"" if consent else CONSENT}
<script src="/static/js/bootstrap.bundle.min.js"></script>{script}</body></html>""".encode()


def _login_body(email: str, error: str, next_path: str, notice: str) -> str:
    alert = f'<div class="alert alert-danger" role="alert">{error}</div>' if error else ""
    alert += f'<div class="alert alert-info" role="status">{notice}</div>' if notice else ""
    return f"""<div class="mx-auto py-5" style="max-width: 380px"><form method="post" action="/login">
<p class="fs-4 fw-semibold text-primary mb-4">Northwind Wholesale</p>
<h1 class="h3 mb-3 fw-normal">Please sign in</h1>{alert}
<input type="hidden" name="next" value="{html.escape(next_path)}">
<div class="form-floating mb-2"><input type="email" class="form-control" id="email" name="email"
 placeholder="name@example.com" value="{html.escape(email)}" autocomplete="username" required>
<label for="email">Email address</label></div>
<div class="form-floating"><input type="password" class="form-control" id="password" name="password"
 placeholder="Password" autocomplete="current-password" required><label for="password">Password</label></div>
<div class="form-check text-start my-3"><input class="form-check-input" type="checkbox" value="yes"
 id="remember" name="remember"><label class="form-check-label" for="remember">Remember me</label></div>
<button class="btn btn-primary w-100 py-2" type="submit">Sign in</button>
<p class="mt-4 small text-body-secondary">Trade customers only. Need an account? Ask your account manager.</p>
</form></div>"""


def _pagination(path: str, params: dict[str, str], page: int, pages: int) -> str:
    def item(text: str, target: int, state: str = "") -> str:
        if state == "disabled":
            return f'<li class="page-item disabled"><span class="page-link">{text}</span></li>'
        href = html.escape(f"{path}?{urlencode({**params, 'page': str(target)})}")
        current = ' active" aria-current="page' if state == "active" else ""
        return f'<li class="page-item{current}"><a class="page-link" href="{href}">{text}</a></li>'

    low = max(1, min(page - 1, pages - 2))
    shown = sorted({1, pages, *range(low, min(pages, low + 2) + 1)})
    items = [item("Previous", page - 1, "disabled" if page == 1 else "")]
    for previous, number in zip([0, *shown], shown, strict=False):
        if number - previous > 1:
            items.append(item("…", 0, "disabled"))
        items.append(item(str(number), number, "active" if number == page else ""))
    items.append(item("Next", page + 1, "disabled" * (page == pages)))
    return f'<nav aria-label="Page"><ul class="pagination justify-content-center">{"".join(items)}</ul></nav>'


def _cells(tag: str, cells: list[str], right: int = 3) -> str:
    return "".join(f'<{tag}{" class=text-end" * (i >= right)}>{c}</{tag}>' for i, c in enumerate(cells))


def _table_page(title: str, path: str, query: dict[str, str], heads: list[str], rows: list[list[str]]) -> str:
    q = query.get("q", "").strip()
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(1, int(query["page"]) if query.get("page", "").isdigit() else 1), pages)
    body = "".join(f"<tr>{_cells('td', row)}</tr>" for row in rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    if not rows:
        body = f'<tr><td colspan="9" class="text-center py-4">No results for “{html.escape(q)}”.</td></tr>'
    first, last = (page - 1) * PAGE_SIZE + min(1, len(rows)), min(page * PAGE_SIZE, len(rows))
    return f"""<div class="d-flex flex-wrap justify-content-between align-items-center gap-3 mb-3">
<h1 class="h3 mb-0">{title}</h1><form class="d-flex" role="search" action="{path}" method="get">
<div class="input-group"><input class="form-control" type="search" name="q" value="{html.escape(q)}"
 placeholder="Search {title.lower()}" aria-label="Search {title.lower()}">
<button class="btn btn-outline-secondary" type="submit" aria-label="Search">{SEARCH_ICON}</button></div>
</form></div><div class="card shadow-sm mb-3"><div class="table-responsive">
<table class="table table-hover align-middle mb-0"><thead class="table-light">
<tr>{_cells("th", heads)}</tr></thead><tbody>{body}</tbody></table></div></div>
<p class="small text-body-secondary">Showing {first}–{last} of {len(rows)}</p>
{_pagination(path, {"q": q} if q else {}, page, pages) if pages > 1 else ""}"""


def _badge(status: str) -> str:
    return f'<span class="badge {BADGES[status]}">{status}</span>'


def _order_body(order: Order) -> str:
    cancelled = order.status == "Cancelled"
    invoice = "No invoice (order cancelled)" if cancelled else f"Invoice no. <strong>{order.invoice}</strong>"
    items = "".join(f"<tr>{_cells('td', [name, str(qty), _money(price), _money(qty * price)], 1)}</tr>"
                    for name, qty, price in order.items)  # fmt: skip
    documents = f"""<div class="list-group"><a href="/orders/{order.number}/invoice.pdf"
 class="list-group-item list-group-item-action d-flex justify-content-between">Invoice (PDF)
<span class="small text-body-secondary">{order.invoice} · 1 KB</span></a></div>
<p class="small text-body-secondary mt-3 mb-0">Credit notes: none issued.</p>"""
    if cancelled:
        documents = '<p class="text-body-secondary mb-0">No documents: this order was cancelled.</p>'

    def tab(key: str, label: str, active: bool) -> str:
        return (f'<li class="nav-item" role="presentation"><button class="nav-link{" active" * active}" '
                f'id="{key}-tab" data-bs-toggle="tab" data-bs-target="#{key}-pane" type="button" '
                f'role="tab" aria-controls="{key}-pane" aria-selected="{str(active).lower()}">'
                f"{label}</button></li>")  # fmt: skip

    def pane(key: str, content: str, active: bool) -> str:
        return (f'<div class="tab-pane fade{" show active" * active}" id="{key}-pane" role="tabpanel" '
                f'aria-labelledby="{key}-tab" tabindex="0">{content}</div>')  # fmt: skip

    summary = f"""<div class="row g-4"><div class="col-md-6"><dl class="row mb-0">
<dt class="col-sm-5">Order date</dt><dd class="col-sm-7">{order.placed:%d %B %Y}</dd>
<dt class="col-sm-5">Status</dt><dd class="col-sm-7">{_badge(order.status)}</dd>
<dt class="col-sm-5">Your reference</dt><dd class="col-sm-7">{order.po}</dd><dt class="col-sm-5">Ship to</dt>
<dd class="col-sm-7">Harbour Café Group<br>14 Quay Street<br>Bristol BS1 4DJ</dd></dl></div>
<div class="col-md-6"><div class="p-3 bg-body-tertiary rounded"><p class="mb-1">{invoice}</p>
<p class="mb-1">Payment terms: 30 days net</p>
<p class="fs-5 fw-semibold mb-0">Total {_money(order.total)}</p></div></div></div>"""
    heads = _cells("th", ["Product", "Qty", "Unit price", "Line total"], 1)
    items_table = f'<table class="table mb-0"><thead><tr>{heads}</tr></thead><tbody>{items}</tbody></table>'
    return f"""<nav aria-label="breadcrumb"><ol class="breadcrumb">
<li class="breadcrumb-item"><a href="/orders">Orders</a></li>
<li class="breadcrumb-item active" aria-current="page">{order.number}</li></ol></nav>
<div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
<h1 class="h3 mb-0">Order {order.number} {_badge(order.status)}</h1>
<a class="btn btn-outline-secondary" href="/returns/new?order={order.number}">Request a return</a></div>
<ul class="nav nav-tabs" id="orderTabs" role="tablist">{tab("summary", "Summary", True)}
{tab("items", "Items", False)}{tab("documents", "Documents", False)}</ul>
<div class="tab-content bg-body border border-top-0 rounded-bottom p-4">{pane("summary", summary, True)}
{pane("items", items_table, False)}{pane("documents", documents, False)}</div>"""


def _invoice_pdf(order: Order) -> bytes:
    lines = [f"Northwind Wholesale Ltd - Invoice {order.invoice}",
             f"Order {order.number}, {order.placed:%d %B %Y}",
             "Bill to: Harbour Cafe Group, 14 Quay Street, Bristol BS1 4DJ", "",
             *(f"{qty} x {name} @ GBP {price:.2f}" for name, qty, price in order.items), "",
             f"Total due: GBP {order.total:,.2f} (30 days net)"]  # fmt: skip
    text = " T* ".join("(" + re.sub(r"([\\()])", r"\\\1", line) + ") Tj" for line in lines)
    stream = f"BT /F1 12 Tf 16 TL 56 780 Td {text} ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               "/Contents 5 0 R >>", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"]  # fmt: skip
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{len(out)}\n%%EOF\n"
    return out + f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n{xref}{trailer}".encode()


def _validate(values: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    order = ORDERS.get(values["order"])
    if not values["order"]:
        errors["order"] = "Enter the order number, like SO-40017."
    elif order is None:
        errors["order"] = f"We couldn't find order {values['order']}. Check the number on your order list."
    elif order.status == "Cancelled":
        errors["order"] = f"Order {order.number} was cancelled, so there is nothing to return."
    if values["reason"] not in REASONS:
        errors["reason"] = "Choose a reason for the return."
    if values["condition"] not in CONDITIONS:
        errors["condition"] = "Tell us the condition of the items."
    if not values["quantity"].isdigit() or not 1 <= int(values["quantity"]) <= 999:
        errors["quantity"] = "Enter a quantity between 1 and 999."
    if values["refund"] not in REFUNDS:
        errors["refund"] = "Choose how you would like to be refunded."
    if any(values[key] for key in PICKUP):
        labels = {"street": "the street address", "city": "the town or city", "postcode": "the postcode"}
        errors.update({key: f"Enter {labels[key]} for the pickup." for key in PICKUP if not values[key]})
    if values["agree"] != "yes":
        errors["agree"] = "You must agree to the returns policy to continue."
    return errors


def _return_body(v: dict[str, str], errors: dict[str, str]) -> str:
    def invalid(key: str) -> str:
        return " is-invalid" if key in errors else ""

    def feedback(key: str, block: str = "") -> str:
        message = html.escape(errors.get(key, ""))
        return f'<div class="invalid-feedback{block}">{message}</div>' if message else ""

    def text_input(key: str, label: str, width: str = "col-12", extra: str = "") -> str:
        return (f'<div class="{width}"><label for="{key}" class="form-label">{label}</label>'
                f'<input type="text" class="form-control{invalid(key)}" id="{key}" name="{key}" '
                f'value="{html.escape(v[key])}"{extra}>{feedback(key)}</div>')  # fmt: skip

    def checked(key: str, value: str) -> str:
        return " checked" if v[key] == value else ""

    reasons = "".join(f"<option{' selected' * (v['reason'] == r)}>{r}</option>" for r in REASONS)
    conditions = "".join(
        f'<div class="form-check"><input class="form-check-input{invalid("condition")}" type="radio" '
        f'name="condition" id="condition-{c.lower()}" value="{c}"{checked("condition", c)}>'
        f'<label class="form-check-label" for="condition-{c.lower()}">{c}</label></div>' for c in CONDITIONS)
    refunds = "".join(
        f'<input type="radio" class="btn-check" name="refund" id="refund-{i}" value="{r}" autocomplete="off"'
        f'{checked("refund", r)}><label class="btn btn-outline-primary" for="refund-{i}">{r}</label>'
        for i, r in enumerate(REFUNDS))  # fmt: skip
    opened = any(v[key] or key in errors for key in PICKUP)
    alert = ('<div class="alert alert-danger" role="alert">There is a problem with your return request. '
             "Check the highlighted fields.</div>") if errors else ""  # fmt: skip
    return f"""<div class="mx-auto" style="max-width: 760px"><h1 class="h3">Request a return</h1>
<p class="text-body-secondary">Returns are accepted within 30 days of delivery.
 We'll email you a returns label.</p>{alert}
<form id="returnForm" method="post" action="/returns/new" novalidate>
<div class="card shadow-sm mb-3"><div class="card-body row g-3">
{text_input("order", "Order number", "col-md-6", ' placeholder="SO-00000"')}
<div class="col-md-6"><label for="reason" class="form-label">Reason for return</label>
<select class="form-select{invalid("reason")}" id="reason" name="reason">
<option value="">Choose a reason…</option>{reasons}</select>{feedback("reason")}</div>
<fieldset class="col-md-6"><legend class="form-label fs-6">Condition of the items</legend>{conditions}
{feedback("condition", " d-block")}</fieldset>
<div class="col-md-6"><label for="quantity" class="form-label">Quantity</label>
<input type="number" class="form-control{invalid("quantity")}" id="quantity" name="quantity" min="1"
 max="999" step="1" value="{html.escape(v["quantity"])}">{feedback("quantity")}</div>
<fieldset class="col-12"><legend class="form-label fs-6">Preferred refund</legend>
<div class="btn-group" role="group" aria-label="Preferred refund">{refunds}</div>
{feedback("refund", " d-block")}</fieldset></div></div>
<div class="accordion mb-3" id="pickupAccordion"><div class="accordion-item">
<h2 class="accordion-header"><button class="accordion-button{" collapsed" * (not opened)}" type="button"
 data-bs-toggle="collapse" data-bs-target="#pickupAddress" aria-expanded="{str(opened).lower()}"
 aria-controls="pickupAddress">Pickup address</button></h2>
<div id="pickupAddress" class="accordion-collapse collapse{" show" * opened}"
 data-bs-parent="#pickupAccordion">
<div class="accordion-body row g-3"><p class="small text-body-secondary mb-0">Want us to collect the parcel?
 Leave this blank to drop it at any Northwind depot yourself.</p>
{text_input("street", "Street address")}{text_input("city", "Town or city", "col-md-7")}
{text_input("postcode", "Postcode", "col-md-5")}</div></div></div></div>
<div class="mb-3"><label for="comments" class="form-label">Comments</label>
<textarea class="form-control" id="comments" name="comments" rows="3">{html.escape(v["comments"])}</textarea>
</div><div class="form-check mb-4"><input class="form-check-input{invalid("agree")}" type="checkbox"
 value="yes" id="agree" name="agree"{checked("agree", "yes")}>
<label class="form-check-label" for="agree">I agree to the returns policy</label>{feedback("agree")}</div>
<button type="button" class="btn btn-primary" data-bs-toggle="modal" data-bs-target="#confirmReturn">Submit
 return</button> <a class="btn btn-link" href="/orders">Back to orders</a></form></div>
<div class="modal fade" id="confirmReturn" tabindex="-1" aria-labelledby="confirmReturnLabel"
 aria-hidden="true">
<div class="modal-dialog modal-dialog-centered"><div class="modal-content"><div class="modal-header">
<h1 class="modal-title fs-5" id="confirmReturnLabel">Confirm return request</h1>
<button type="button" class="btn-close" data-bs-dismiss="modal" aria-label="Close"></button></div>
<div class="modal-body">Send this return request for order <strong id="confirmOrder"></strong>?
 Our warehouse team will check it within one working day.</div><div class="modal-footer">
<button type="button" class="btn btn-secondary" data-bs-dismiss="modal">Cancel</button>
<button type="submit" class="btn btn-primary" form="returnForm">Confirm</button></div></div></div></div>"""


RETURN_SCRIPT = """<script>document.getElementById('confirmReturn').addEventListener('show.bs.modal', () => {
  const order = document.getElementById('order').value;
  document.getElementById('confirmOrder').textContent = order || '(none given)';
});</script>"""


@dataclass
class _State:
    sessions: dict[str, str] = field(default_factory=dict)
    returns: dict[str, dict[str, str]] = field(default_factory=dict)
    next_rma: int = 52817
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(http.server.BaseHTTPRequestHandler):
    state: ClassVar[_State]
    static: ClassVar[Path]

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        with contextlib.suppress(CookieError):
            jar.load(self.headers.get("Cookie", ""))
        return {key: morsel.value for key, morsel in jar.items()}

    def _send(self, status: int, body: bytes, ctype: str = HTML_TYPE, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, cookie: str = "") -> None:
        self._send(303, b"", Location=location, **({"Set_Cookie": cookie} if cookie else {}))

    def _page(self, title: str, body: str, user: str | None, active: str = "", script: str = "",
              status: int = 200) -> None:  # fmt: skip
        nav = _navbar(user, active) if user else ""
        page = _layout(title, body, nav=nav, consent="cookie_consent" in self._cookies(), script=script)
        self._send(status, page, Cache_Control="no-store")

    def _not_found(self, user: str | None) -> None:
        self._page("Not found", '<h1 class="h3">Page not found</h1>', user, status=404)

    def _user(self) -> str | None:
        return self.state.sessions.get(self._cookies().get(SESSION_COOKIE, ""))

    def _static(self, relative: str) -> None:
        path = (self.static / relative).resolve()
        if not path.is_file() or not path.is_relative_to(self.static):
            return self._not_found(None)
        kind = {".css": "text/css", ".js": "text/javascript", ".map": "application/json"}.get(path.suffix)
        self._send(200, path.read_bytes(), kind or "application/octet-stream", Cache_Control="max-age=3600")

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, dict(parse_qsl(parts.query))
        if path.startswith("/static/"):
            return self._static(path.removeprefix("/static/"))
        if path == "/login":
            notice = "You have been signed out." if "signed_out" in query else ""
            return self._page("Sign in", _login_body("", "", query.get("next", ""), notice), None)
        if path == "/logout":
            with self.state.lock:
                self.state.sessions.pop(self._cookies().get(SESSION_COOKIE, ""), None)
            return self._redirect("/login?signed_out=1", f"{SESSION_COOKIE}=; Path=/; Max-Age=0")
        user = self._user()
        if user is None:
            return self._redirect("/login?" + urlencode({"next": self.path}))
        match = re.fullmatch(r"/orders/([A-Za-z]{2}-\d+)(/invoice\.pdf)?", path)
        order = ORDERS.get(match[1].upper()) if match else None
        if path == "/":
            self._redirect("/orders")
        elif path in ("/orders", "/invoices"):
            self._list(path, query, user)
        elif match and order and not match[2]:
            self._page(f"Order {order.number}", _order_body(order), user, "/orders")
        elif match and order and order.status != "Cancelled":
            self._send(200, _invoice_pdf(order), "application/pdf",
                       Content_Disposition=f'attachment; filename="invoice-{order.number}.pdf"')  # fmt: skip
        elif path == "/returns/new":
            values = {key: "" for key in (*SUMMARY_FIELDS, "agree")} | {"quantity": "1", "refund": "Refund"}
            values["order"] = query.get("order", "").strip().upper()
            self._page("Request a return", _return_body(values, {}), user, path, RETURN_SCRIPT)
        elif path.removeprefix("/returns/") in self.state.returns:
            self._done(path.removeprefix("/returns/"), user)
        else:
            self._not_found(user)

    def _list(self, path: str, query: dict[str, str], user: str) -> None:
        q = query.get("q", "").strip().lower()
        found = [o for o in NEWEST_FIRST if q in f"{o.number} {o.status} {o.po} {o.invoice}".lower()]
        if path == "/orders":
            heads = ["Order", "Date", "Status", "Total", '<span class="visually-hidden">Actions</span>']
            rows = [[f'<span class="fw-semibold">{o.number}</span>', f"{o.placed:%d %b %Y}", _badge(o.status),
                     _money(o.total), f'<a class="btn btn-sm btn-outline-primary" href="/orders/{o.number}">'
                     "View</a>"] for o in found]  # fmt: skip
        else:
            heads = ["Invoice", "Order", "Issued", "Amount", "Status"]
            rows = [[o.invoice, f'<a href="/orders/{o.number}">{o.number}</a>', f"{o.placed:%d %b %Y}",
                     _money(o.total), "Paid" if o.status == "Delivered" else "Due"]
                    for o in found if o.status != "Cancelled"]  # fmt: skip
        title = path.strip("/").capitalize()
        self._page(title, _table_page(title, path, query, heads, rows), user, path)

    def _done(self, rma: str, user: str) -> None:
        body = f"""<div class="mx-auto" style="max-width: 760px">
<div class="alert alert-success" role="alert"><h1 class="h4 alert-heading">Return {rma} created</h1>
<p class="mb-0">We've emailed the returns label to {html.escape(user)}. Please quote {rma} on the parcel.</p>
</div><p id="summary" class="small text-body-secondary">{html.escape(_summary(self.state.returns[rma]))}</p>
<a class="btn btn-outline-primary" href="/orders">Back to orders</a></div>"""
        self._page(f"Return {rma}", body, user, "/returns/new")

    def do_POST(self) -> None:
        path, length = urlsplit(self.path).path, int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace"), keep_blank_values=True))
        if path == "/login":
            email, next_path = form.get("email", "").strip(), form.get("next", "")
            if email.lower() != USERNAME or form.get("password", "") != PASSWORD:
                body = _login_body(email, "Incorrect email address or password.", next_path, "")
                return self._page("Sign in", body, None, status=401)
            token = secrets.token_urlsafe(24)
            with self.state.lock:
                self.state.sessions[token] = USERNAME
            age = "; Max-Age=2592000" if form.get("remember") else ""
            target = next_path if next_path.startswith("/") and not next_path.startswith("//") else "/orders"
            return self._redirect(target, f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{age}")
        user = self._user()
        if user is None:
            return self._redirect("/login?" + urlencode({"next": path}))
        if path != "/returns/new":
            return self._not_found(user)
        values = {key: form.get(key, "").strip() for key in (*SUMMARY_FIELDS, "agree")}
        values["order"] = values["order"].upper()
        errors = _validate(values)
        if errors:
            body = _return_body(values, errors)
            return self._page("Request a return", body, user, path, RETURN_SCRIPT, status=422)
        with self.state.lock:
            rma = f"RMA-{self.state.next_rma}"
            self.state.next_rma += 1
            self.state.returns[rma] = {key: values[key] for key in SUMMARY_FIELDS}
        self._redirect(f"/returns/{rma}")


@contextlib.contextmanager
def bootstrap_site() -> Iterator[str]:
    """Serve the portal (its own sessions and returns) on 127.0.0.1 in a thread; yield the base URL."""
    dist = (npm_install(PREFIX, PACKAGES) / "bootstrap" / "dist").resolve()
    handler = type("PortalHandler", (_Handler,), {"state": _State(), "static": dist})
    with serve_in_thread(handler) as base:
        yield base


RETURN_UNOPENED = {"order": "SO-40031", "quantity": "4", "condition": "Unopened",
                   "reason": "No longer needed", "refund": "Store credit"}  # fmt: skip
RETURN_PICKUP = {"order": "SO-40012", "quantity": "2", "condition": "Damaged",
                 "reason": "Item arrived damaged", "refund": "Exchange",
                 "street": "Unit 3, Riverside Trading Estate", "city": "Leeds", "postcode": "LS11 5QT",
                 "comments": "Outer box crushed in transit"}  # fmt: skip

# (id, goal, start path, data, success criteria); sign in with the secrets username=USERNAME and
# password=PASSWORD. Every order they need is on page 3 or later of the order list.
TASKS: list[tuple[str, str, str, dict[str, str], dict[str, Any]]] = [
    ("b-invoice-pdf", "Download the PDF invoice for our order {order}", "/login", {"order": "SO-40017"},
     {"download": True}),
    ("b-invoice-number", "What's the invoice number on order {order}?", "/orders", {"order": "SO-40023"},
     {"text": f"Invoice no. {ORDERS['SO-40023'].invoice}"}),
    ("b-return-unopened",
     "Start a return for order {order}: {quantity} items, condition {condition}, reason \"{reason}\". "
     "We'd rather have {refund} than money back.",
     "/returns/new", RETURN_UNOPENED, {"text": _summary(RETURN_UNOPENED)}),
    ("b-return-pickup",
     "Send back {quantity} items of order {order} for an {refund} (reason: {reason}; they are {condition}). "
     "Have the courier collect them at {street}, {city} {postcode}, with the comment \"{comments}\".",
     "/login", RETURN_PICKUP, {"text": _summary(RETURN_PICKUP)}),
]  # fmt: skip
