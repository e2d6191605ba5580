"""Flow 1b: the portal's back office, shaped like an admin site: a contact book (a list with search,
sort headers and pages; add, change and delete with an "are you sure?" page) and a change-password
form. Each signed-in session edits its own copy of the contacts, so tasks never see each other's
changes; a password change is checked but not kept, so every account can always sign in."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from ghosttab.demo.common import PortalSession, form_str, get_state, render
from ghosttab.demo.data import PORTAL_USERS, SUPPLIERS, Contact, seed_contacts
from ghosttab.demo.portal import require_session

router = APIRouter(prefix="/portal")

PAGE_SIZE = 12
SORT_KEYS = ("name", "email", "company")


def _book(session: PortalSession) -> dict[int, Contact]:
    if session.contacts is None:
        session.contacts = seed_contacts()
    return session.contacts


def _contact(session: PortalSession, contact_id: int) -> Contact:
    contact = _book(session).get(contact_id)
    if contact is None:
        raise HTTPException(404, f"Contact {contact_id} was not found.")
    return contact


def _done(message: str) -> RedirectResponse:
    return RedirectResponse("/portal/contacts?" + urlencode({"done": message}), status_code=303)


@router.get("/contacts")
async def contact_list(request: Request) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    params = request.query_params
    query, sort = params.get("q", "").strip(), params.get("sort", "name")
    key = sort.lstrip("-") if sort.lstrip("-") in SORT_KEYS else "name"
    needle = query.lower()
    found = [c for c in _book(session).values() if needle in f"{c.name} {c.email} {c.company}".lower()]
    found.sort(key=lambda c: str(getattr(c, key)).lower(), reverse=sort.startswith("-"))
    pages = max(1, math.ceil(len(found) / PAGE_SIZE))
    page = min(max(1, int(params.get("page", "1")) if params.get("page", "1").isdigit() else 1), pages)

    def page_url(number: int) -> str:
        return "/portal/contacts?" + urlencode({k: v for k, v in (("q", query), ("sort", sort)) if v} | {
            "page": str(number)})

    def sort_url(column: str) -> str:
        order = f"-{column}" if sort == column else column
        return "/portal/contacts?" + urlencode({k: v for k, v in (("q", query), ("sort", order)) if v})

    return render(request, "portal/contacts.html", {
        "user": session.username, "query": query, "done": params.get("done", ""), "total": len(found),
        "contacts": found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], "page": page, "pages": pages,
        "page_url": page_url, "sort_url": sort_url,
    })  # fmt: skip


def _form_page(
    request: Request, session: PortalSession, contact: Contact | None, error: str = ""
) -> Response:
    return render(request, "portal/contact.html", {
        "user": session.username, "contact": contact, "companies": SUPPLIERS, "error": error,
    }, status_code=400 if error else 200)  # fmt: skip


async def _read_form(request: Request, contact_id: int) -> tuple[Contact, str]:
    form = await request.form()
    contact = Contact(
        id=contact_id, name=form_str(form, "name"), email=form_str(form, "email"),
        company=form_str(form, "company"), phone=form_str(form, "phone"),
    )  # fmt: skip
    missing = [label for label, value in (("Name", contact.name), ("Email", contact.email)) if not value]
    if contact.company not in SUPPLIERS:
        missing.append("Company")
    return contact, (f"Please fill in: {', '.join(missing)}." if missing else "")


async def _save(request: Request, session: PortalSession, contact_id: int) -> Contact | Response:
    """The posted contact, stored under `contact_id`; or the form again, with what is missing."""
    contact, error = await _read_form(request, contact_id)
    if error:
        return _form_page(request, session, contact, error)
    _book(session)[contact_id] = contact
    return contact


@router.get("/contacts/new")
async def new_contact(request: Request) -> Response:
    session = require_session(request)
    return session if isinstance(session, Response) else _form_page(request, session, None)


@router.post("/contacts/new")
async def create_contact(request: Request) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    saved = await _save(request, session, max(_book(session), default=0) + 1)
    if isinstance(saved, Response):
        return saved
    if "another" in (await request.form()):
        return RedirectResponse("/portal/contacts/new", status_code=303)
    return _done(f"Contact “{saved.name}” was added.")


@router.get("/contacts/{contact_id}")
async def edit_contact(request: Request, contact_id: int) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    return _form_page(request, session, _contact(session, contact_id))


@router.post("/contacts/{contact_id}")
async def save_contact(request: Request, contact_id: int) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    _contact(session, contact_id)
    saved = await _save(request, session, contact_id)
    return saved if isinstance(saved, Response) else _done(f"Changes to “{saved.name}” were saved.")


@router.get("/contacts/{contact_id}/delete")
async def confirm_delete(request: Request, contact_id: int) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    contact = _contact(session, contact_id)
    return render(request, "portal/contact_delete.html", {"user": session.username, "contact": contact})


@router.post("/contacts/{contact_id}/delete")
async def delete_contact(request: Request, contact_id: int) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    contact = _book(session).pop(_contact(session, contact_id).id)
    return _done(f"Contact “{contact.name}” was deleted.")


@router.get("/account/password")
async def password_form(request: Request) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    return render(request, "portal/password.html", {"user": session.username, "error": "", "done": False})


@router.post("/account/password")
async def change_password(request: Request) -> Response:
    session = require_session(request)
    if isinstance(session, Response):
        return session
    form = await request.form()
    current, new, again = (form_str(form, key) for key in ("current", "new", "confirm"))
    error = ""
    if PORTAL_USERS.get(session.username) != current:
        error = "Your current password is not right."
    elif len(new) < 8:
        error = "The new password must have at least 8 characters."
    elif new != again:
        error = "The two new passwords do not match."
    if not error:
        get_state(request).record_effect("password_change", session.username)
    context = {"user": session.username, "error": error, "done": not error}
    return render(request, "portal/password.html", context, status_code=400 if error else 200)
