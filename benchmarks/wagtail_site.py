"""A real CMS nobody here wrote, for the navigator benchmark: Wagtail's admin and a site made with it.

Wagtail (pinned below, installed from PyPI into benchmarks/.venv-wagtail on first use, not a ghosttab
dependency) serves its own admin: a sign-in page, a sidebar menu with fly-out sub-menus, the page
explorer, page editors with tabs (Content, Promote, Settings), a rich-text editor (Draftail), date
pickers, chooser dialogs (pages, snippets), the publish menu's drop-down of actions, confirmation
pages, snippets, site settings, redirects, users, form submissions with a download menu, and the admin
search. Ours (benchmarks/wagtail_project.py) are only the project's models, a few front-end templates
and the seed content: a public library's website with news, events, branches and a contact form.

    with wagtail_site() as url:   # the site's base URL; the admin is at url + "/admin/"
        ...
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from local_server import django_copy
from wagtail_project import APPS, MODELS, PASSWORD, SEED, SETTINGS, TEMPLATES, URLS, USERNAME

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-wagtail"
PYTHON = VENV / "bin" / "python"
WAGTAIL_VERSION = "7.4.4"
REQUIREMENTS = [f"wagtail=={WAGTAIL_VERSION}", "django>=5.2,<6"]
SECRETS = {"username": USERNAME, "password": PASSWORD}

# Held out, blind: written in plain words before any run of the navigator on this site, to be run once.
# (id, goal, start path, data, success). Tasks that start in the admin sign in with the secrets
# username / password (an editor's account); the others are a visitor's, on the public site.
TASKS: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    ("wt-contact",
     "Send the library a message through the contact form: I'm {name} ({email}), card number {card}, "
     "topic {topic}: {message}. Sign me up for the newsletter too.",
     "/", {"name": "Jonas Meyer", "email": "jonas.meyer@example.org", "card": "RL-220417", "topic": "Events",
           "message": "Is the repair cafe suitable for bicycles?"},
     {"text": "We reply within two working days"}),
    ("wt-event-page", "On the library website, find the {event} event", "/", {"event": "Code club for teens"},
     {"url_contains": "/events/code-club/"}),
    ("wt-new-article",
     'Sign in to the admin and publish a news article "{title}" dated {date} with the introduction "{intro}" '
     'and the text "{body}"',
     "/admin/", {"title": "Late opening on Thursdays", "date": "2026-10-15",
                 "intro": "Central Library now stays open until 21:00 every Thursday.",
                 "body": "From 15 October the Central Library is open until 9pm on Thursdays."},
     {"text": "'Late opening on Thursdays' created and published"}),
    ("wt-event-date", "The {event} has moved to {date}: update the event and publish the change", "/admin/",
     {"event": "Author evening with Tom Ellery", "date": "2026-12-03"},
     {"text": "'Author evening with Tom Ellery' has been published"}),
    ("wt-event-places",
     "Save a draft of the {event} event with {places} places available, but don't publish it",
     "/admin/", {"event": "Repair cafe", "places": "45"}, {"text": "'Repair cafe' has been updated"}),
    ("wt-unpublish", "Take the news article {title} off the website (unpublish it)", "/admin/",
     {"title": "Fines abolished for children's books"},
     {"text": "Fines abolished for children's books' unpublished"}),
    ("wt-slug", "Change the address (slug) of the {page} page to {slug} and publish it", "/admin/",
     {"page": "Join the library", "slug": "membership"}, {"text": "'Join the library' has been published"}),
    ("wt-branch-hours", "Change the opening hours of {branch} to: {hours}", "/admin/",
     {"branch": "Hillcrest Library", "hours": "Tue-Fri 10:00-17:00, Sat 10:00-13:00"},
     {"text": "'Hillcrest Library' updated"}),
    ("wt-new-branch", "Add a new branch, {name}, at {address}, phone {phone}, with parking", "/admin/",
     {"name": "Northgate Library", "address": "3 Station Road, Riverside RV7 4DD", "phone": "01632 960 104"},
     {"text": "'Northgate Library' created"}),
    ("wt-redirect", "Make the old address {old_path} redirect to the {page} page", "/admin/",
     {"old_path": "/opening-hours", "page": "Holiday opening times"}, {"text": "'/opening-hours' added"}),
    ("wt-phone-setting", "Our main phone number is now {phone}; update it in the site's contact details",
     "/admin/", {"phone": "01632 960 200"}, {"text": "Contact details updated"}),
    ("wt-download-submissions", "Download the contact form's submissions as a CSV file", "/admin/", {},
     {"download": True}),  # type: ignore[dict-item]
    ("wt-new-user",
     "Create an admin account for our new volunteer {first_name} {last_name}: username {new_username}, "
     "email {email}, password {new_password}",
     "/admin/", {"first_name": "Amara", "last_name": "Nwosu", "new_username": "a.nwosu",
                 "email": "a.nwosu@riverside.example", "new_password": "Copper-Heron-2077"},
     {"text": "'a.nwosu' created"}),
    ("wt-move", "Move the {page} page into the {parent} section", "/admin/",
     {"page": "Holiday opening times", "parent": "About us"}, {"text": "'Holiday opening times' moved"}),
    ("wt-delete", "Delete the news article {title}", "/admin/", {"title": "New e-book app for members"},
     {"text": "'New e-book app for members' deleted"}),
    ("wt-open-editor", "Open the news article about the {topic} in the editor", "/admin/",
     {"topic": "makerspace"}, {"url_contains": "/edit/", "text": "Makerspace opens on the second floor"}),
]  # fmt: skip


def ensure_wagtail() -> str:
    """Make the Wagtail venv if it is missing; return Wagtail's version."""
    if not PYTHON.exists():
        print(f"creating {VENV} and installing Wagtail {WAGTAIL_VERSION} from PyPI …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    done = subprocess.run(
        [str(PYTHON), "-c", "import wagtail; print(wagtail.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _env(folder: Path) -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": "library_settings", "PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}


def write_project(folder: Path) -> None:
    app = folder / "library"
    (app / "migrations").mkdir(parents=True)
    (folder / "library_settings.py").write_text(SETTINGS, encoding="utf-8")
    (folder / "library_urls.py").write_text(URLS, encoding="utf-8")
    for name, text in (
        ("__init__.py", ""),
        ("apps.py", APPS),
        ("models.py", MODELS),
        ("migrations/__init__.py", ""),
    ):
        (app / name).write_text(text, encoding="utf-8")
    for name, text in TEMPLATES.items():
        path = app / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "media").mkdir()


def build_project(folder: Path) -> None:
    """Write the project, migrate it and load the seed content into `folder/db.sqlite3`."""
    write_project(folder)
    manage = [str(PYTHON), "-m", "django"]
    steps = (["makemigrations", "library", "-v", "0"], ["migrate", "-v", "0"], ["shell", "-c", SEED],
             ["update_index"])  # fmt: skip
    for command in steps:
        done = subprocess.run(
            [*manage, *command], cwd=folder, env=_env(folder), capture_output=True, text=True
        )
        if done.returncode:
            raise RuntimeError(f"wagtail set-up {command[0]} failed:\n{done.stderr[-3000:]}")


_template: list[Path] = []


def built_template() -> Path:
    """A migrated, seeded project, built once per process and copied for each site."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="gt-wagtail-template-"))
        atexit.register(shutil.rmtree, folder, True)
        build_project(folder / "site")
        _template.append(folder / "site")
    return _template[0]


@contextlib.contextmanager
def wagtail_site() -> Iterator[str]:
    """Serve a fresh copy of the seeded site on a free port; yield its base URL."""
    ensure_wagtail()
    with django_copy(built_template(), PYTHON, _env, "Wagtail site") as url:
        yield url


if __name__ == "__main__":
    print(f"Wagtail {ensure_wagtail()}")
    with wagtail_site() as base:
        print(
            f"serving {base}/ and {base}/admin/ (Ctrl-C to stop); editor {USERNAME} / {PASSWORD}", flush=True
        )
        with contextlib.suppress(KeyboardInterrupt):
            import time

            while True:
                time.sleep(3600)
