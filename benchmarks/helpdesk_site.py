"""A real help-desk application nobody here wrote, for the navigator benchmark: django-helpdesk.

django-helpdesk (pinned below, installed from PyPI into benchmarks/.venv-helpdesk on first use, not a
ghosttab dependency) serves its own pages: a public home page with the ticket submission form and the
"view a ticket" look-up, a knowledge base, the staff sign-in page, the staff dashboard, the ticket
list with its filters, each ticket's page with the follow-up form (comment, new status, priority,
owner), the edit form, hold / unhold, CC lists, the staff "new ticket" form and the user settings.
Ours (benchmarks/helpdesk_project.py) are only the settings and the seed data: a small company's
IT Support, Facilities and Billing queues.

Success is proved twice: by the task's criteria on the final page, and afterwards by the app's own
database (`app_state`), which says for each task whether the ticket it was about now holds what the
task asked for.

    with helpdesk_site() as url:   # the desk's base URL; staff sign in at url + "/login/"
        ...
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from helpdesk_project import PASSWORD, SEED, SETTINGS, URLS, USERNAME
from local_server import SeededCopies

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-helpdesk"
PYTHON = VENV / "bin" / "python"
HELPDESK_VERSION = "2.6.1"
REQUIREMENTS = [f"django-helpdesk=={HELPDESK_VERSION}", "django>=5.2,<6"]
SECRETS = {"username": USERNAME, "password": PASSWORD}

# Held out, blind: written in plain words before any run of the navigator on this site, to be run once.
# (id, goal, start path, data, success). Tasks starting at /login/ or /dashboard/ sign in as a member
# of staff with the secrets username / password; the others are an employee's, on the public pages.
TASKS: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    ("hd-submit",
     "Report a problem to IT Support: {summary}. Details: {details} My e-mail address is {email}; "
     "it is {priority} priority.",
     "/", {"summary": "Laptop battery swelling", "details": "The battery of my ThinkPad has swollen and "
           "the touchpad no longer clicks.", "email": "lucia.ferrer@northwind.example", "priority": "High"},
     {"text": "Laptop battery swelling [Open]"}),
    ("hd-submit-facilities",
     "Ask Facilities to fix this: {summary} ({details}). Contact me at {email}.",
     "/", {"summary": "Blinds stuck in room 204", "details": "the window blinds in room 204 will not go up",
           "email": "noah.fischer@northwind.example"},
     {"text": "Blinds stuck in room 204 [Open]"}),
    ("hd-kb-vpn", "Find the help article that explains {topic}", "/", {"topic": "how to connect to the VPN"},
     {"text": "Frankfurt gateway"}),
    ("hd-assign", "Sign in and assign the ticket {title} to {assignee}", "/login/",
     {"title": "VPN drops every few minutes", "assignee": "Priya Nair"}, {"text": "Changed Owner from None to priya.nair"}),
    ("hd-resolve",
     "Resolve the ticket {title}, telling the user: {comment}", "/login/",
     {"title": "Printer on 2nd floor shows paper jam",
      "comment": "The sensor was dirty; I cleaned it and the printer works again."},
     {"text": "Changed Status from Open to Resolved"}),
    ("hd-reply",
     "Reply to {submitter} on the ticket about the heating: {comment}", "/login/",
     {"submitter": "tom.becker@northwind.example",
      "comment": "An engineer will look at the radiator tomorrow morning."},
     {"text": "An engineer will look at the radiator tomorrow morning."}),
    ("hd-priority", "The ticket {title} is urgent now: set its priority to {priority}", "/dashboard/",
     {"title": "Kitchen dishwasher leaking", "priority": "Critical"}, {"text": "Changed Priority from 3 to 1"}),
    ("hd-new-ticket",
     "Log a new ticket in the {queue} queue for {email}: \"{title}\", {description} Assign it to {assignee}.",
     "/login/", {"queue": "Billing", "email": "finance@harbourline.example", "title": "Credit note for order 5521",
                 "description": "Harbourline needs a credit note for the two returned docking stations.",
                 "assignee": "Leo Brandt"},
     {"text": "Opened & Assigned to Leo Brandt"}),
    ("hd-hold", "Put the ticket {title} on hold", "/login/", {"title": "New laptop for Hannah Weiss"},
     {"text": "Open - On Hold"}),
    ("hd-close", "Close the ticket {title}; it was already resolved", "/login/",
     {"title": "Password reset for payroll system"}, {"text": "Changed Status from Resolved to Closed"}),
    ("hd-retitle", "Rename the ticket {title} to {new_title}", "/login/",
     {"title": "Monitor flickering", "new_title": "Second monitor flickers when docked"},
     {"text": "Second monitor flickers when docked"}),
    ("hd-cc", "Add {email} to the CC list of the ticket {title}", "/login/",
     {"email": "controller@brightline.example", "title": "Invoice INV-2291 charged twice"},
     {"text": "controller@brightline.example"}),
    ("hd-take", "I'll work on {title} myself: take the ticket", "/dashboard/", {"title": "Shared drive S: not mapped"},
     {"text": "Changed Owner from None to sam.okafor"}),
]  # fmt: skip

# For each task, the Django shell expression (with `T` = helpdesk.models.Ticket and the other models imported)
# that is true when the app's database holds what the task asked for.
APP_STATE: dict[str, str] = {
    "hd-submit": "T.objects.filter(title__iexact='Laptop battery swelling', queue__slug='it', priority=2, "
                 "submitter_email='lucia.ferrer@northwind.example', description__icontains='touchpad').exists()",
    "hd-submit-facilities": "T.objects.filter(title__iexact='Blinds stuck in room 204', queue__slug='facilities', "
                            "submitter_email='noah.fischer@northwind.example', "
                            "description__icontains='blinds').exists()",
    "hd-kb-vpn": "True",  # nothing to change: the final page's text is the whole proof
    "hd-assign": "T.objects.filter(title='VPN drops every few minutes', assigned_to__username='priya.nair').exists()",
    "hd-resolve": "T.objects.filter(title='Printer on 2nd floor shows paper jam', status=3, "
                  "followup__comment__icontains='sensor was dirty').exists()",
    "hd-reply": "T.objects.filter(title='Heating not working in meeting room 3', followup__public=True, "
                "followup__comment__icontains='engineer will look at the radiator').exists()",
    "hd-priority": "T.objects.filter(title='Kitchen dishwasher leaking', priority=1).exists()",
    "hd-new-ticket": "T.objects.filter(title__iexact='Credit note for order 5521', queue__slug='billing', "
                     "submitter_email='finance@harbourline.example', assigned_to__username='leo.brandt').exists()",
    "hd-hold": "T.objects.filter(title='New laptop for Hannah Weiss', on_hold=True).exists()",
    "hd-close": "T.objects.filter(title='Password reset for payroll system', status=4).exists()",
    "hd-retitle": "T.objects.filter(title='Second monitor flickers when docked', queue__slug='it').exists() and "
                  "not T.objects.filter(title='Monitor flickering').exists()",
    "hd-cc": "TicketCC.objects.filter(ticket__title='Invoice INV-2291 charged twice', "
             "email='controller@brightline.example').exists() or TicketCC.objects.filter("
             "ticket__title='Invoice INV-2291 charged twice', user__email='controller@brightline.example').exists()",
    "hd-take": "T.objects.filter(title='Shared drive S: not mapped', assigned_to__username='sam.okafor').exists()",
}  # fmt: skip

CHECK_SCRIPT = """
import json
from helpdesk.models import Ticket as T, TicketCC
checks = json.loads({checks!r})
print(json.dumps({{task: bool(eval(expr)) for task, expr in checks.items()}}))
"""


def ensure_helpdesk() -> str:
    """Make the django-helpdesk venv if it is missing; return django-helpdesk's version."""
    if not PYTHON.exists():
        print(f"creating {VENV} and installing django-helpdesk {HELPDESK_VERSION} from PyPI …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    done = subprocess.run(
        [str(PYTHON), "-c", "import importlib.metadata as m; print(m.version('django-helpdesk'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _env(folder: Path) -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": "desk_settings", "PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}


def _manage(folder: Path, *command: str) -> str:
    done = subprocess.run(
        [str(PYTHON), "-m", "django", *command], cwd=folder, env=_env(folder), capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"django-helpdesk {command[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def build_project(folder: Path) -> None:
    """Write the project, migrate it and load the seed data into `folder/db.sqlite3`."""
    (folder / "media").mkdir(parents=True)
    (folder / "desk_settings.py").write_text(SETTINGS, encoding="utf-8")
    (folder / "desk_urls.py").write_text(URLS, encoding="utf-8")
    _manage(folder, "migrate", "-v", "0")
    _manage(folder, "shell", "-c", SEED)


# The seeded project, built once per process; each served copy's folder by its base URL, for `app_state`.
COPIES = SeededCopies("gt-helpdesk", build_project)


def app_state(url: str, task_ids: list[str]) -> dict[str, bool]:
    """For each task, whether the database of the copy served at `url` holds what the task asked for."""
    checks = {task: APP_STATE[task] for task in task_ids if task in APP_STATE}
    printed = _manage(COPIES.folders[url], "shell", "-c", CHECK_SCRIPT.format(checks=json.dumps(checks)))
    found: dict[str, bool] = json.loads(printed.strip().splitlines()[-1])
    return found


@contextlib.contextmanager
def helpdesk_site() -> Iterator[str]:
    """Serve a fresh copy of the seeded help desk on a free port; yield its base URL."""
    ensure_helpdesk()

    def command(port: int) -> list[str]:
        return [str(PYTHON), "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"]

    with COPIES.serve(command, "/", lambda folder, url: _env(folder), name="django-helpdesk") as url:
        yield url


if __name__ == "__main__":
    print(f"django-helpdesk {ensure_helpdesk()}")
    with helpdesk_site() as base:
        print(f"serving {base}/ (Ctrl-C to stop); staff {USERNAME} / {PASSWORD}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            import time

            while True:
                time.sleep(3600)
