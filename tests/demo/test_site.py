"""HTTP-level tests of the bundled demo site."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from ghosttab.demo.pdf import make_pdf
from ghosttab.demo.server import DemoServer


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as demo:
        yield demo


@pytest.fixture()
def client(server: DemoServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=10) as c:
        yield c


def login(client: httpx.Client, username: str = "buyer1", password: str = "s3cret") -> None:
    r = client.post("/portal/login", data={"username": username, "password": password})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/portal/orders"


def test_server_url_and_index(server: DemoServer, client: httpx.Client) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
    r = client.get("/")
    assert r.status_code == 200
    for href in ("/portal/", "/swim/", "/shop/", "/lab/"):
        assert f'href="{href}"' in r.text


def test_portal_requires_login(client: httpx.Client) -> None:
    for path in ("/portal/orders", "/portal/orders/PO-10023", "/portal/orders/PO-10023/pdf"):
        r = client.get(path)
        assert r.status_code in (302, 303, 307)
        assert r.headers["location"].startswith("/portal/")
    r = client.get("/portal/")
    assert r.status_code == 200
    assert "Supplier Portal — Sign in" in r.text
    assert 'for="username"' in r.text and ">Sign in</button>" in r.text


def test_wrong_password_shows_error(client: httpx.Client) -> None:
    r = client.post("/portal/login", data={"username": "buyer1", "password": "nope"})
    assert r.status_code == 200
    assert "Invalid username or password" in r.text
    assert "portal_sid" not in r.cookies


def test_login_then_orders_and_pagination(client: httpx.Client) -> None:
    login(client, "buyer2", "hunter2")
    r = client.get("/portal/orders")
    assert r.status_code == 200
    assert "Purchase orders" in r.text
    assert len(re.findall(r'href="/portal/orders/PO-\d{5}"', r.text)) == 15
    assert ">Next</a>" in r.text
    r = client.get("/portal/orders?page=4")
    assert len(re.findall(r'href="/portal/orders/PO-\d{5}"', r.text)) == 15
    assert ">Previous</a>" in r.text and ">Next</a>" not in r.text


def test_search_filters(client: httpx.Client) -> None:
    login(client)
    r = client.get("/portal/orders", params={"q": "PO-10023"})
    assert r.status_code == 200
    assert set(re.findall(r'href="/portal/orders/(PO-\d{5})"', r.text)) == {"PO-10023"}
    r = client.get("/portal/orders", params={"q": "PO-99999"})
    assert "No purchase orders match" in r.text


def test_order_detail_and_pdf(client: httpx.Client) -> None:
    login(client, "buyer3", "opensesame")
    r = client.get("/portal/orders/PO-10023")
    assert r.status_code == 200
    assert "Download PDF" in r.text
    r = client.get("/portal/orders/PO-10023/pdf")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == 'attachment; filename="PO-10023.pdf"'
    assert r.content.startswith(b"%PDF-")
    assert r.content.rstrip().endswith(b"%%EOF")
    assert b"PO-10023" in r.content
    assert client.get("/portal/orders/PO-99999").status_code == 404


def test_pdf_xref_offsets_are_exact() -> None:
    data = make_pdf("Title (with parens)", ["line \\ one", "line two"])
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert data[xref_at:].startswith(b"xref\n")
    entries = data[xref_at:].split(b"\n")[3:9]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry[:10])
        assert data[offset:].startswith(f"{number} 0 obj".encode())


def test_swim_registration_validation_and_confirmation(client: httpx.Client) -> None:
    r = client.get("/swim/")
    assert "Riverside Aquatics — Classes" in r.text
    assert r.text.count('href="/swim/classes/') == 8
    url = "/swim/classes/tuesday-evening/register"
    assert "Complete registration" in client.get(url).text
    r = client.post(url, data={"student_name": "", "contact_email": "a@example.com"})
    assert r.status_code == 200
    assert 'role="alert"' in r.text and "student&#39;s name" in r.text
    form = {
        "student_name": "Eden",
        "age": "9",
        "contact_email": "albert@example.com",
        "level": "Beginner",
        "preferred_pool": "Indoor",
        "terms": "yes",
    }
    r = client.post(url, data={**form, "terms": ""})
    assert "You must agree to the terms and conditions." in r.text
    r = client.post(url, data=form)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    assert "Registration confirmed" in page.text
    assert re.search(r'<span id="confirmation">SWM-\d{6}</span>', page.text)
    assert '<span id="class">Tuesday Evening</span>' in page.text
    assert "Eden" in page.text


def test_shop_checkout(client: httpx.Client) -> None:
    assert client.get("/shop/api/suggest", params={"q": "tent"}).json()
    r = client.post("/shop/cart", data={"product": "basecamp-2-person-tent", "quantity": "2"})
    assert r.status_code == 303
    r = client.get("/shop/checkout")
    assert 'role="combobox"' in r.text and 'type="date"' in r.text
    r = client.post(
        "/shop/checkout",
        data={
            "full_name": "Robin Park",
            "email": "robin@example.com",
            "address": "1 Main St",
            "city": "Springfield",
            "delivery_date": "2031-05-14",
            "shipping_method": "Express",
        },
    )
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert "Order placed" in page.text
    assert re.search(r'id="order-number">ORD-\d{6}<', page.text)


def test_unavailable_fault(client: httpx.Client) -> None:
    r = client.get("/swim/", params={"faults": "unavailable", "fail_count": "2"})
    assert r.status_code == 503
    assert r.headers["retry-after"] == "1"
    assert "Service temporarily unavailable" in r.text
    assert client.cookies.get("gt_faults")
    assert client.get("/swim/").status_code == 503
    assert client.get("/swim/").status_code == 200
    # Other paths have their own counters; static files are never affected.
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/shop/").status_code == 503
    # Reloading the start URL with the same faults keeps the counters.
    assert client.get("/swim/", params={"faults": "unavailable", "fail_count": "2"}).status_code == 200


def test_ratelimit_fault(client: httpx.Client) -> None:
    r = client.get("/lab/never", params={"faults": "ratelimit", "fail_count": "1", "retry_after": "3"})
    assert r.status_code == 429 and r.headers["retry-after"] == "3"
    assert client.get("/lab/never").status_code == 200
    r = client.get("/lab/never", params={"faults": "none"})
    assert r.status_code == 200


def test_page_faults_render_widgets(client: httpx.Client) -> None:
    r = client.get("/portal/", params={"faults": "modal,cookie_banner,late,rerender"})
    assert 'role="dialog"' in r.text and 'aria-label="Close"' in r.text
    assert "Accept all" in r.text and "Reject" in r.text
    assert '<template class="deferred-action" data-delay="1500">' in r.text
    assert "cloneNode(true)" in r.text
    client.cookies.set("gt_consent", "accepted")
    assert "Accept all" not in client.get("/portal/").text


def test_not_found_and_status_pages(client: httpx.Client) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "Page not found" in r.text
    assert client.get("/lab/status/404").status_code == 404
    assert client.get("/lab/status/403").status_code == 403
    assert client.get("/swim/classes/no-such-class").status_code == 404
    login(client)
    assert client.get("/portal/forbidden").status_code == 403


def test_expire_fault_redirects_to_login(client: httpx.Client) -> None:
    client.get("/", params={"faults": "expire", "expire_after": "3"})
    login(client)
    for _ in range(3):
        assert client.get("/portal/orders").status_code == 200
    r = client.get("/portal/orders/PO-10005")
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith("/portal/?")
    page = client.get(location)
    assert "Your session has expired, please sign in again" in page.text
    assert 'name="next" value="/portal/orders/PO-10005"' in page.text
    r = client.post(
        "/portal/login",
        data={"username": "buyer1", "password": "s3cret", "next": "/portal/orders/PO-10005"},
    )
    assert r.status_code == 303 and r.headers["location"] == "/portal/orders/PO-10005"
    assert client.get("/portal/orders/PO-10005").status_code == 200


def test_lab_pages(client: httpx.Client) -> None:
    r = client.get("/lab/grid", params={"n": "800"})
    assert r.text.count(">Add to cart</button>") == 800
    assert r.text.count(">Details</a>") == 800
    r = client.get("/lab/table", params={"rows": "20000"})
    assert r.text.count(">Edit</a>") == 20000
    before = client.get("/lab/cached-count").json()["count"]
    r = client.get("/lab/cached.js")
    assert "max-age=3600" in r.headers["cache-control"]
    assert client.get("/lab/cached-count").json()["count"] == before + 1


def test_contact_book_is_per_session_and_checks_its_forms(server: DemoServer) -> None:
    with (httpx.Client(base_url=server.url, timeout=10) as one,
          httpx.Client(base_url=server.url, timeout=10) as two):  # fmt: skip
        login(one)
        login(two, "buyer2", "hunter2")
        one.follow_redirects = True
        listing = one.get("/portal/contacts", params={"q": "haddad"}).text
        assert "8 contacts matching" in listing and "Esther Haddad" in listing
        contact_id = re.search(r'href="/portal/contacts/(\d+)">Esther Haddad', listing)
        assert contact_id is not None
        delete = one.post(f"/portal/contacts/{contact_id.group(1)}/delete")
        assert "was deleted" in delete.text
        assert "7 contacts matching" in one.get("/portal/contacts", params={"q": "haddad"}).text
        assert "8 contacts matching" in two.get("/portal/contacts", params={"q": "haddad"}).text
        assert one.post("/portal/contacts/new", data={"name": "X", "email": ""}).status_code == 400
        page = one.get("/portal/contacts", params={"sort": "-name"}).text
        names = re.findall(r'href="/portal/contacts/\d+">([^<]+)</a>', page)
        assert names[:2] == ["Hana Rossi", "Hana Okafor"] and len(names) == 12
        wrong = one.post("/portal/account/password", data={"current": "nope", "new": "abcdefgh1",
                                                           "confirm": "abcdefgh1"})  # fmt: skip
        assert wrong.status_code == 400 and "not right" in wrong.text
        right = one.post("/portal/account/password", data={"current": "s3cret", "new": "abcdefgh1",
                                                           "confirm": "abcdefgh1"})  # fmt: skip
        assert "password was changed" in right.text
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=10) as again:
        login(again)  # a password change is checked, never kept


def test_side_effects_are_logged_and_repeats_counted(server: DemoServer) -> None:
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=10) as c:
        before = len(c.get("/_effects").json()["effects"])
        form = {
            "student_name": "Effect Test", "age": "9", "contact_email": "fx@example.com",
            "level": "Beginner", "preferred_pool": "Indoor", "terms": "on",
        }  # fmt: skip
        for _ in range(2):  # the same registration twice: a duplicate side effect
            assert c.post("/swim/classes/monday-morning/register", data=form).status_code == 303
        login(c)
        assert c.get("/portal/orders/PO-10023/pdf").status_code == 200
        log = c.get("/_effects").json()
    new = log["effects"][before:]
    assert [e["kind"] for e in new] == ["registration", "registration", "download"]
    assert new[2]["key"] == "PO-10023.pdf"
    assert {"kind": "registration", "key": new[0]["key"], "times": 2} in log["repeated"]
