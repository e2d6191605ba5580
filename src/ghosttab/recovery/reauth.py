"""Re-authentication: noticing that a signed-in task was sent back to a sign-in form, and signing
in again with the task's secrets, then resuming where the task was going."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from ghosttab.actions import Action, Navigate, TypeText
from ghosttab.errors import ErrorKind, ErrorSource, StructuredError
from ghosttab.executor import Executor
from ghosttab.navigator.base import PastStep, Proposal
from ghosttab.navigator.forms import secret_proposals
from ghosttab.navigator.passwords import is_sign_in_form
from ghosttab.perception import observe
from ghosttab.perception.models import Observation
from ghosttab.recovery.outcome import RecoveryOutcome

PASSWORD_VISIBLE_JS = """() => [...document.querySelectorAll('input[type="password"]')].some((el) => {
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return false;
  return !el.checkVisibility || el.checkVisibility({ checkVisibilityCSS: true });
})"""


def shows_sign_in(observation: Observation) -> bool:
    """A sign-in form: one field asking for an existing password (not a sign-up or password change)."""
    return is_sign_in_form(observation.elements)


def session_expired_error(url: str) -> StructuredError:
    return StructuredError(
        kind=ErrorKind.AUTH, source=ErrorSource.NAVIGATION, retryable=True,
        message=f"the site asked to sign in again at {url}",
    )


class SessionWatch:
    """Tells a sign-in form that comes back after the task signed in (an expired session) from the
    first sign-in: the task is signed in once a password was typed and the sign-in form went away."""

    def __init__(self) -> None:
        self.typed_password = False
        self.signed_in = False

    def note_action(self, action: Action, ok: bool) -> None:
        if not (ok and isinstance(action, TypeText) and action.secret):
            return
        if action.target.locator.input_type == "password":
            self.typed_password = True

    def note_signed_in(self) -> None:
        self.typed_password = self.signed_in = True

    def expired(self, observation: Observation, arrived: bool) -> bool:
        """True when the page that the last action led to (`arrived`) asks a signed-in task to sign in."""
        if not shows_sign_in(observation):
            self.signed_in = self.signed_in or self.typed_password
            return False
        return self.signed_in and arrived


def resume_url(history: list[PastStep], fallback: str) -> str:
    """Where the task was going when the sign-in form came: the link it followed, else the page it left."""
    if not history:
        return fallback
    last = history[-1]
    if isinstance(last.action, Navigate):
        return str(urljoin(last.url, last.action.url))
    target = last.action.element
    href = target.locator.href if target is not None else ""
    if href and last.action.kind in ("click", "download"):
        return str(urljoin(last.url, href))
    return last.url


async def sign_in_again(
    page: Page,
    executor: Executor,
    secret_names: list[str],
    resume_to: str,
    observation: Observation | None = None,
) -> RecoveryOutcome:
    """Fill the sign-in form with the task's secrets, submit it, then go on to `resume_to`."""
    if not secret_names:
        return _failed("the site asks to sign in and the task has no secrets")
    if observation is None or observation.url != page.url:
        observation = await observe(page)
    fields = _sign_in_fields(observation, secret_names)
    if not fields:
        return _failed(f"no sign-in form at {page.url}")
    for number, proposal in enumerate(fields, start=1):
        action = proposal.action
        if number == len(fields) and isinstance(action, TypeText):
            action = action.model_copy(update={"submit": True})
        result = await executor.execute(page, action)
        page = executor.current_page or page
        if not result.ok:
            return RecoveryOutcome(recovered=False, detail="typing the secrets failed", error=result.error)
    if await _password_visible(page):
        return _failed("the site did not accept the task's secrets")
    here = page.url
    downloads: list[str] = []
    if resume_to and not _same_page(here, resume_to) and not _same_page(resume_to, observation.url):
        result = await executor.goto(page, resume_to)
        page = executor.current_page or page
        downloads = result.downloads
        if not result.ok:
            return RecoveryOutcome(recovered=False, detail=f"signed in; reopening {resume_to} failed",
                                   error=result.error, downloads=downloads)
        if await _password_visible(page):
            return _failed(f"signed in, but {resume_to} asks to sign in again")
    return RecoveryOutcome(
        recovered=True, detail=f"signed in again; resumed at {page.url}", downloads=downloads
    )


def _sign_in_fields(observation: Observation, secret_names: list[str]) -> list[Proposal]:
    """One field per secret (the best match), in page order; there must be a password field."""
    best: dict[str, Proposal] = {}
    for proposal in secret_proposals(observation.elements, secret_names):
        name = proposal.action.secret_name or ""
        if name not in best or proposal.score > best[name].score:
            best[name] = proposal
    chosen = sorted(best.values(), key=lambda p: p.element.index if p.element else 0)
    if not any(p.element is not None and p.element.input_type == "password" for p in chosen):
        return []
    return chosen


async def _password_visible(page: Page) -> bool:
    try:
        return bool(await page.evaluate(PASSWORD_VISIBLE_JS))
    except PlaywrightError:
        return False


def _same_page(a: str, b: str) -> bool:
    return urldefrag(a)[0].rstrip("/") == urldefrag(b)[0].rstrip("/")


def _failed(message: str) -> RecoveryOutcome:
    error = StructuredError(
        kind=ErrorKind.AUTH, source=ErrorSource.NAVIGATION, retryable=False, message=message
    )
    return RecoveryOutcome(recovered=False, detail=message, error=error)
