"""Shared helpers of the demo site: templates, per-app state, form parsing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse

from ghosttab.demo.data import Contact
from ghosttab.demo.faults import FaultConfig, faults_of

HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

CONSENT_COOKIE = "gt_consent"


@dataclass
class PortalSession:
    """A logged-in supplier portal session."""

    username: str
    views: int = 0
    # The session's own copy of the contact book (made on first use), so tasks never see each
    # other's edits.
    contacts: dict[int, Contact] | None = None


@dataclass
class SwimRegistration:
    """A stored swimming class registration."""

    number: str
    class_slug: str
    class_name: str
    student_name: str
    contact_email: str
    level: str
    preferred_pool: str


@dataclass
class ShopOrder:
    """A placed shop order."""

    number: str
    full_name: str
    email: str
    delivery_date: str
    shipping_method: str
    lines: list[tuple[str, int, int]]
    total_cents: int


@dataclass(frozen=True)
class SideEffect:
    """One thing the site did for a visitor that a second try would do again (GET /_effects)."""

    kind: str  # registration | order | password_change | download
    key: str  # what it was done to: a confirmation number, a user, a file


@dataclass
class DemoState:
    """Mutable in-memory state of one demo app instance."""

    portal_sessions: dict[str, PortalSession] = field(default_factory=dict)
    registrations: dict[str, SwimRegistration] = field(default_factory=dict)
    carts: dict[str, dict[str, int]] = field(default_factory=dict)
    orders: dict[str, ShopOrder] = field(default_factory=dict)
    fault_counters: dict[tuple[str, str, str], int] = field(default_factory=dict)
    cached_served: int = 0
    effects: list[SideEffect] = field(default_factory=list)

    def record_effect(self, kind: str, key: str) -> None:
        self.effects.append(SideEffect(kind=kind, key=key))

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(18)


def get_state(request: Request) -> DemoState:
    """Return the :class:`DemoState` of the app serving ``request``."""
    return cast(DemoState, request.app.state.demo)


def _context(request: Request) -> dict[str, Any]:
    faults: FaultConfig = faults_of(request)
    return {
        "faults": faults,
        "show_cookie_banner": faults.has("cookie_banner") and CONSENT_COOKIE not in request.cookies,
    }


templates = Jinja2Templates(directory=str(TEMPLATE_DIR), context_processors=[_context])


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render template ``name`` as an HTML response."""
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code)


def form_str(form: FormData, key: str) -> str:
    """Return a stripped text value of a form field ('' if absent)."""
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def safe_next(value: str | None, default: str) -> str:
    """Return ``value`` if it is a local absolute path, else ``default``."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def money(cents: int) -> str:
    """Format an amount of cents like ``$1,234.50``."""
    return f"${cents // 100:,}.{cents % 100:02d}"


templates.env.filters["money"] = money
