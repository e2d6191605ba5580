"""The heuristic navigator on pages nobody here wrote: the Rust documentation shipped with this
machine's Rust toolchain (`$(rustc --print sysroot)/share/doc/rust/html`: rustdoc API pages, mdBook
books, the error index) and Debian's copies of the Node.js API docs and the Valgrind manual
(`/usr/share/doc`), served on 127.0.0.1.

Each task is a goal in plain words, a start page, the task's data and a URL that proves success;
nothing in ghosttab knows these pages. The same tasks run twice, side by side:

- ghosttab: the navigator as it ships (each observation also looks for the task's values anywhere
  on the page, like find-in-page, and folded menus are opened by their links' addresses);
- baseline: the same navigator seeing only what is in and near the viewport (`find_in_page=False`).

Printed per task: the outcome and the steps each took; then the totals.

    python benchmarks/bench_navigator.py [--concurrency 3] [--only ID ...] [--sets NAME ...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
if SRC.is_dir() and str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from ghosttab import FleetConfig, run_tasks  # noqa: E402
from ghosttab.lifecycle import TaskStatus  # noqa: E402
from ghosttab.result import TaskResult  # noqa: E402
from ghosttab.runner import RunnerConfig, ScreenshotMode, TraceMode  # noqa: E402
from ghosttab.spec import TaskSpec  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import angular_site  # noqa: E402
import bootstrap_site  # noqa: E402
import calibrate  # noqa: E402
import django_site  # noqa: E402
import govuk_site  # noqa: E402
import helpdesk_site  # noqa: E402
import mantine_site  # noqa: E402
import oscar_site  # noqa: E402
import pretalx_site  # noqa: E402
import react_site  # noqa: E402
import vue_site  # noqa: E402
import wagtail_site  # noqa: E402
import widget_site  # noqa: E402

# id, goal, start page, data, a piece of the URL that proves success
TASKS: list[tuple[str, str, str, dict[str, str], str]] = [
    ("std-hashmap", "Open the documentation page of {name}", "std/index.html", {"name": "HashMap"},
     "struct.HashMap.html"),
    ("std-collections", "Go to the {module} module", "std/index.html", {"module": "collections"},
     "std/collections/index.html"),
    ("std-iterator", "Open the {name} trait", "std/index.html", {"name": "Iterator"}, "trait.Iterator.html"),
    ("std-search", "Search the docs for {query} and open the result for the {kind}", "std/index.html",
     {"query": "BTreeSet", "kind": "struct BTreeSet"}, "struct.BTreeSet.html"),
    ("std-search-live", "Search the standard library for {query}", "std/index.html",
     {"query": "to_uppercase"}, "search=to_uppercase"),
    ("vec-push", "Find the {method} method of Vec", "std/vec/struct.Vec.html", {"method": "push"},
     "#method.push"),
    ("option-unwrap-or", "Show the {method} method of Option", "std/option/enum.Option.html",
     {"method": "unwrap_or"}, "#method.unwrap_or"),
    ("book-ownership", "Open the chapter {chapter}", "book/index.html",
     {"chapter": "Understanding Ownership"}, "ch04-00"),
    ("book-errors", "Open the chapter about {topic} in the book", "book/index.html",
     {"topic": "Error Handling"}, "ch09-00"),
    ("reference-closures", "In the Rust Reference, open the chapter on {topic}", "reference/index.html",
     {"topic": "Closure expressions"}, "closure-expr"),
    ("rustc-cli", "Go to {chapter}", "rustc/index.html", {"chapter": "Command-line Arguments"},
     "command-line-arguments"),
    ("cargo-book", "Open the Cargo Book from the documentation index and go to {chapter}", "index.html",
     {"chapter": "Getting Started"}, "getting-started"),
    ("cargo-workspaces", "Open the page about {topic} in the Cargo Reference", "cargo/index.html",
     {"topic": "Workspaces"}, "workspaces"),
    ("edition-2021", "Read about the {edition} edition", "edition-guide/index.html",
     {"edition": "Rust 2021"}, "rust-2021"),
    ("rbe-closures", "Open the {topic} chapter of Rust by Example", "rust-by-example/index.html",
     {"topic": "Closures"}, "closures"),
    ("error-e0382", "Look up error code {code}", "error_codes/index.html", {"code": "E0382"}, "E0382"),
    ("error-e0499", "Open the explanation of error {code}", "error_codes/index.html", {"code": "E0499"},
     "E0499"),
    # Held out: written after the navigator changes above were made, run once, not tuned on.
    ("std-fs", "Open the {name} module of the standard library", "std/index.html", {"name": "fs"},
     "std/fs/index.html"),
    ("hashmap-entry", "Find the {method} method of HashMap", "std/collections/struct.HashMap.html",
     {"method": "entry"}, "#method.entry"),
    ("nomicon-layout", "Open the chapter {chapter}", "nomicon/index.html", {"chapter": "Data Layout"},
     "nomicon/data.html"),
    ("clippy-config", "Open the {chapter} page of the Clippy documentation", "clippy/index.html",
     {"chapter": "Configuration"}, "clippy/configuration.html"),
    ("style-expressions", "Read the {topic} section of the style guide", "style-guide/index.html",
     {"topic": "Expressions"}, "style-guide/expressions.html"),
    ("unstable-coroutines", "Open the page of the {feature} feature", "unstable-book/index.html",
     {"feature": "coroutines"}, "coroutines.html"),
    ("rustdoc-doctests", "Open the chapter on {topic}", "rustdoc/index.html",
     {"topic": "Documentation tests"}, "documentation-tests"),
]  # fmt: skip

# Held out too, on other sites: Debian's copies of the Node.js API docs and the Valgrind manual
# (/usr/share/doc), skipped where those packages are not installed.
OTHER_TASKS: list[tuple[str, str, str, dict[str, str], str]] = [
    ("node-fs", "Open the {module} documentation", "nodejs/api/index.html", {"module": "File system"},
     "api/fs.html"),
    ("node-readfile", "Find {method} in the File system docs", "nodejs/api/fs.html",
     {"method": "fs.readFile"}, "#fsreadfile"),
    ("node-child", "Open the {module} module page", "nodejs/api/index.html", {"module": "Child processes"},
     "child_process.html"),
    ("node-crypto", "Show how to use {fn} in the Crypto docs", "nodejs/api/index.html",
     {"fn": "crypto.createHash"}, "crypto.html"),
    ("valgrind-cachegrind", "Open the {tool} manual", "valgrind/html/index.html", {"tool": "Cachegrind"},
     "cg-manual.html"),
    ("valgrind-quickstart", "Read the {chapter}", "valgrind/html/index.html",
     {"chapter": "Quick Start Guide"}, "QuickStart"),
]  # fmt: skip
OTHER_ROOT = Path("/usr/share/doc")

# Tasks on a site of their own: (id, goal, start path, data, success criteria).
SiteTasks = list[tuple[str, str, str, dict[str, str], dict[str, str]]]


# Held out, on a web application: Django's stock admin site (benchmarks/django_site.py), logged in
# with the task's secrets. Written before the first run and run once before any change was made.
DJANGO_TASKS: SiteTasks = [
    ("dj-add-group", "Log in and add a group named {name}", "/admin/", {"name": "Warehouse staff"},
     {"text": "was added successfully"}),
    ("dj-add-customer",
     "Add a customer named {name} with email {email}, country {country}, born on {birth_date}",
     "/admin/", {"name": "Lena Vogt", "email": "lena.vogt@example.org", "country": "Germany",
                 "birth_date": "1988-04-12"}, {"text": "was added successfully"}),
    ("dj-change-email", "Change the email address of customer {name} to {email}", "/admin/",
     {"name": "Greta Costa", "email": "greta.costa@newmail.example"}, {"text": "was changed successfully"}),
    ("dj-open-customer", "Open the record of customer {name}", "/admin/crm/customer/",
     {"name": "Pavel Engel"}, {"text": "Pavel Engel", "url_contains": "/change/"}),
    ("dj-filter-orders", "Show only the orders with status {status}", "/admin/crm/order/",
     {"status": "Shipped"}, {"url_contains": "status__exact=shipped"}),
    ("dj-delete-customer", "Delete the customer {name}", "/admin/crm/customer/", {"name": "Olga Berg"},
     {"text": "was deleted successfully"}),
    ("dj-add-order", "Create an order of {quantity} {product} for {customer}, ordered on {ordered_on}",
     "/admin/",
     {"quantity": "3", "product": "Desk lamp", "customer": "Irene Dumont", "ordered_on": "2026-05-04"},
     {"text": "was added successfully"}),
    ("dj-add-user", "Create a new user {username} with the password {new_password}", "/admin/",
     {"username": "jdoe", "new_password": "Vivid-Harbor-1977"}, {"text": "was added successfully"}),
    ("dj-change-password", "Change my password to {new_password}", "/admin/",
     {"new_password": "Amber-Falcon-2031"}, {"text": "Password change successful"}),
    ("dj-vip-filter", "List the VIP customers from {country}", "/admin/crm/customer/", {"country": "France"},
     {"url_contains": "country__exact=fr"}),
    ("dj-logout", "Log out of the admin", "/admin/", {}, {"text": "Logged out"}),
    # Held out, second set: written after the changes the first set led to, run once before any fix.
    ("dj-order-status", "Mark {order} as {status}", "/admin/crm/order/", {"order": "Order 7", "status": "Shipped"},
     {"text": "was changed successfully"}),
    ("dj-vip", "Make {name} a VIP customer", "/admin/crm/customer/", {"name": "Nils Dumont"},
     {"text": "was changed successfully"}),
    ("dj-country", "Customer {name} moved to {country}: update the record", "/admin/", {"name": "Katja Engel",
     "country": "Portugal"}, {"text": "was changed successfully"}),
    ("dj-staff", "Give the user {username} staff status", "/admin/", {"username": "mlopez"},
     {"text": "was changed successfully"}),
    ("dj-group-perm", "Create a group named {name} that can {permission}", "/admin/",
     {"name": "Order desk", "permission": "Can change order"}, {"text": "was added successfully"}),
]  # fmt: skip


def docs_root() -> Path:
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True, check=True)
    root = Path(sysroot.stdout.strip()) / "share" / "doc" / "rust" / "html"
    if not (root / "std" / "index.html").is_file():
        raise SystemExit(f"no Rust documentation at {root} (install the toolchain's rust-docs component)")
    return root


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def specs(
    tasks: list[tuple[str, str, str, dict[str, str], str]], base: str, root: Path, only: list[str]
) -> list[TaskSpec]:
    return [
        TaskSpec.model_validate({
            "id": task_id, "goal": goal, "start_url": f"{base}/{start}", "data": data,
            "success": {"url_contains": proof}, "max_steps": 15,
        })
        for task_id, goal, start, data, proof in tasks
        if (not only or task_id in only) and (root / start).is_file()
    ]  # fmt: skip


# Held out, on forms made of widget libraries (benchmarks/widget_site.py): Select2, flatpickr,
# Choices.js, Tom Select, jQuery UI autocomplete and datepicker, Bootstrap tabs and accordion.
WIDGET_TASKS: SiteTasks = [
    ("w-booking", "Book a room in {city} for {guest} ({email}), checking in on {checkin}, in a {room} room",
     "/booking.html", {"city": "Porto", "guest": "Noor Aziz", "email": "noor@example.org", "checkin": "2031-05-14",
                       "room": "Deluxe double"},
     {"text": "Summary: Noor Aziz | Porto | 2031-05-14 | Deluxe double |"}),
    ("w-booking-extras", "Book a {room} room in {city} for {guest} ({email}) from {checkin} with {extra} included",
     "/booking.html", {"room": "Family suite", "city": "Zurich", "guest": "Lea Brunner",
                       "email": "lea.b@example.org", "checkin": "2031-07-02", "extra": "Breakfast"},
     {"text": "Summary: Lea Brunner | Zurich | 2031-07-02 | Family suite | Breakfast |"}),
    ("w-travel-business", "Request a business trip for {traveller} from {airport} on {date}, project {project}",
     "/travel.html", {"traveller": "Ken Ito", "airport": "Lisbon", "date": "05/14/2031", "project": "PRJ-204"},
     {"text": "Summary: Ken Ito | Lisbon (LIS) | 05/14/2031 |"}),
    ("w-travel-personal",
     "Request a personal trip for {traveller} from {airport} on {date} because of {reason}; passport {passport}",
     "/travel.html", {"traveller": "Mia Lund", "airport": "Copenhagen", "date": "2031-08-20",
                      "reason": "Family wedding", "passport": "X1234567"},
     {"text": "Summary: Mia Lund | Copenhagen (CPH) | 08/20/2031 | Family wedding | X1234567 |"}),
]  # fmt: skip


# Held out, on React apps built from component libraries (benchmarks/react_site.py): MUI's Select,
# Autocomplete, radios and checkbox; antd's Form, Select, DatePicker, button radios and Tabs; react-select.
REACT_TASKS: SiteTasks = [
    ("r-event-student",
     "Register {name} ({email}) for the event with a {ticket} ticket, country {country}, meal {meal}, "
     "accepting the code of conduct",
     "/event.html", {"name": "Ada Lovelace", "email": "ada@example.org", "ticket": "Student", "country": "Norway",
                     "meal": "Vegan"},
     {"text": "Summary: Ada Lovelace | Student | Norway | Vegan |"}),
    ("r-event-speaker", "Sign up {name} <{email}> from {country} as a {ticket}; meal preference: {meal}",
     "/event.html", {"name": "Tomas Novak", "email": "tomas.n@example.org", "country": "Czechia",
                     "ticket": "Speaker", "meal": "Fish"},
     {"text": "Summary: Tomas Novak | Speaker | "}),
    ("r-support-billing",
     "Send a support ticket for {name} about {area} for the {product} bought on {date}, urgency {urgency}: "
     "{problem}",
     "/support.html", {"name": "Grace Hopper", "area": "Billing", "product": "Coffee Grinder G5",
                       "date": "2031-03-15", "urgency": "High", "problem": "I was charged twice."},
     {"text": "Summary: Grace Hopper | Billing | Coffee Grinder G5 | 2031-03-15 | High | | no |"}),
    ("r-support-callback",
     "Open a {area} support ticket for {name} about the {product} (bought {date}) and ask to be called back "
     "on {phone}",
     "/support.html", {"area": "Returns", "name": "Lin Wei", "product": "Milk Frother F1", "date": "2031-06-01",
                       "phone": "+44 20 7946 0000"},
     {"text": "Summary: Lin Wei | Returns | Milk Frother F1 | 2031-06-01 | Normal | +44 20 7946 0000 | yes |"}),
]  # fmt: skip


# Held out, on a multi-page service built with the GOV.UK Design System (benchmarks/govuk_site.py):
# one question per page, a start button, a day/month/year date input, radios that reveal fields,
# validation, and a check-your-answers page.
GOVUK_TASKS: SiteTasks = [
    ("g-trout", "Apply for a fishing licence for {name}, born {dob}: {licence} for {length}, contact by {contact}",
     "/", {"name": "Alex Jones", "dob": "1985-06-05", "licence": "Trout and coarse", "length": "1 day",
           "contact": "Post"},
     {"text": "Summary: Alex Jones | 05/06/1985 | Trout and coarse | - | 1 day | Post | - |"}),
    ("g-salmon-email",
     "Get a {licence} fishing licence for {length} for {name} (date of birth {dob}) to fish the {river}; "
     "contact by {contact} at {email}",
     "/", {"licence": "Salmon and sea trout", "length": "12 months", "name": "Jane Smith", "dob": "27 March 1990",
           "river": "River Tweed", "contact": "Email", "email": "jane.smith@example.com"},
     {"text": "Summary: Jane Smith | 27/03/1990 | Salmon and sea trout | River Tweed | 12 months | Email | "
              "jane.smith@example.com |"}),
    ("g-text", "Apply for an {length} {licence} licence for {name}, born {dob}, and send texts to {phone}",
     "/", {"length": "8 days", "licence": "Trout and coarse", "name": "Sam Patel", "dob": "14/04/1978",
           "phone": "07700 900 982"},
     {"text": "Summary: Sam Patel | 14/04/1978 | Trout and coarse | - | 8 days | Text message | 07700 900 982 |"}),
]  # fmt: skip


def form_specs(
    tasks: SiteTasks, base: str, only: list[str], secrets: dict[str, str] | None = None
) -> list[TaskSpec]:
    return [
        TaskSpec.model_validate({"id": task_id, "goal": goal, "start_url": f"{base}{start}", "data": data,
                                 "success": success, "secrets": secrets or {}, "max_steps": 20})
        for task_id, goal, start, data, success in tasks
        if not only or task_id in only
    ]  # fmt: skip


@dataclass(frozen=True)
class FormSite:
    """A held-out site of forms: its tasks, the context manager that serves it, its accounts."""

    flag: str
    label: str
    tasks: SiteTasks
    serve: Callable[[], contextlib.AbstractContextManager[str]]
    secrets: dict[str, str] | None = None
    # A site whose tasks change what the next run finds (an address added, a review written) is
    # served anew for each mode, as the Django admin is.
    fresh_per_mode: bool = False
    # A site out of the default run: run only when named with `--sets`.
    opt_in: bool = False
    # After the run, which tasks' changes the app's own database holds: (base URL, task ids) -> verdicts.
    app_state: Callable[[str, list[str]], dict[str, bool]] | None = None


FORM_SITES = [
    FormSite("widgets", "widget-library forms", WIDGET_TASKS, widget_site.widget_site),
    FormSite("react", "React component-library forms", REACT_TASKS, react_site.react_site),
    FormSite("govuk", "the GOV.UK Design System service", GOVUK_TASKS, govuk_site.govuk_site),
    # Held out, Vue 3 + Element Plus (benchmarks/vue_site.py): filterable and plain el-select, date pickers,
    # radio buttons, checkbox groups, input-number, switch, tabs, autocomplete, cascader, a confirm dialog.
    FormSite("vue", "Vue + Element Plus forms", vue_site.TASKS, vue_site.vue_site),
    # Held out, a Bootstrap 5 customer portal (benchmarks/bootstrap_site.py): sign-in, a cookie banner,
    # a searchable, paginated order list, tabs, a PDF download, an accordion, toggle buttons, a modal.
    FormSite("bootstrap", "a Bootstrap customer portal", bootstrap_site.TASKS, bootstrap_site.bootstrap_site,
             {"username": bootstrap_site.USERNAME, "password": bootstrap_site.PASSWORD}),
    # Held out, Angular Material (benchmarks/angular_site.py): a linear mat-stepper, mat-select (single and
    # multiple) in the CDK overlay, datepickers, radios, a slide toggle, button toggles, an autocomplete
    # that only takes its suggestions, chips, a confirming MatDialog.
    FormSite("angular", "Angular Material forms", angular_site.TASKS, angular_site.angular_site),
    # Held out, blind: React 19 + Mantine 8 (benchmarks/mantine_site.py), written and run once without looking
    # at the navigator: a shop SPA (search, clickable product cards, colour swatches named by aria-label,
    # size SegmentedControl, basket with one 'Remove' per row, checkout, review), a Stepper wizard with
    # Radio.Card plans and a declaration, a menu Drawer, an orders table with clickable rows, per-row 'Return'
    # buttons and Tabs, a returns form, Tabs with Accordions and a Tree, fields named only by aria-label.
    FormSite("mantine", "a React + Mantine shop", mantine_site.TASKS, mantine_site.mantine_site),
    # Held out, blind: django-oscar's stock shop (benchmarks/oscar_site.py): search, a category menu, the basket
    # with its folded voucher form, the multi-step checkout (guest gateway, address form or address book,
    # shipping methods, preview), order history, reviews, wish lists; and its dashboard, signed in as staff.
    FormSite("oscar", "the django-oscar shop", oscar_site.TASKS, oscar_site.oscar_shop,
             {"username": oscar_site.USERNAME, "password": oscar_site.PASSWORD}, fresh_per_mode=True),
    FormSite("oscarstaff", "the django-oscar dashboard", oscar_site.STAFF_TASKS, oscar_site.oscar_shop,
             {"username": oscar_site.STAFF_USERNAME, "password": oscar_site.STAFF_PASSWORD}, fresh_per_mode=True),
    # Held out, blind: Wagtail's CMS admin and a site made with it (benchmarks/wagtail_site.py), written without
    # looking at the navigator: the public site's contact form and menus; signed in to the admin, page editors
    # with tabs, Draftail rich text, date fields, the publish drop-down, unpublish / delete / move confirmations,
    # snippets, site settings, redirects with a page-chooser dialog, users, form submissions' CSV download.
    FormSite("wagtail", "the Wagtail CMS", wagtail_site.TASKS, wagtail_site.wagtail_site, wagtail_site.SECRETS,
             fresh_per_mode=True),
    # Held out, blind, out of the default run (`--sets helpdesk`): django-helpdesk (benchmarks/helpdesk_site.py),
    # written without looking at the navigator: the public ticket form and knowledge base; signed in as staff,
    # the dashboard, ticket search, the ticket page's respond tab and folded details, the actions menu (hold,
    # edit), the owner drop-down, CC lists, the staff new-ticket form. Each success is checked again in the
    # app's database after the run.
    FormSite("helpdesk", "django-helpdesk", helpdesk_site.TASKS, helpdesk_site.helpdesk_site, helpdesk_site.SECRETS,
             fresh_per_mode=True, opt_in=True, app_state=helpdesk_site.app_state),
    # Held out, blind, out of the default run (`--sets pretalx`): pretalx, the conference CfP app
    # (benchmarks/pretalx_site.py), written without looking at the navigator: the public call for papers and its
    # multi-step proposal wizard (a Choices.js track picker, required questions, sign-in or a new account, the
    # speaker profile), the speaker area (edit, withdraw with confirmation, profile); signed in as an organiser,
    # the proposal list's search, the state drop-down with its confirmation, reviews with scores, comments,
    # tracks (a colour picker), rooms, custom fields, session types. Each success is checked again in the
    # app's database after the run.
    FormSite("pretalx", "pretalx", pretalx_site.TASKS, pretalx_site.pretalx_site, pretalx_site.SECRETS,
             fresh_per_mode=True, opt_in=True, app_state=pretalx_site.app_state),
]

# Per mode, per task: whether the app's database held the task's change after the run (sites with `app_state`).
APP_STATE: dict[str, dict[str, bool]] = {}


def _django_account(task_id: str) -> dict[str, str]:
    username, password = django_site.CLERK if task_id == "dj-change-password" else (
        django_site.USERNAME, django_site.PASSWORD)
    return {"username": username, "password": password}


def django_specs(base: str, only: list[str]) -> list[TaskSpec]:
    return [
        TaskSpec.model_validate({
            "id": task_id, "goal": goal, "start_url": f"{base}{start}", "data": data, "success": success,
            "secrets": _django_account(task_id), "max_steps": 20,
        })
        for task_id, goal, start, data, success in DJANGO_TASKS
        if not only or task_id in only
    ]  # fmt: skip


# Each mode's heuristic steps, judged right or wrong (`--calibrate`).
CALIBRATION: dict[str, list[calibrate.StepOutcome]] = {}


async def run_mode(
    tasks: list[TaskSpec], find_in_page: bool, concurrency: int, keep: Path | None = None
) -> tuple[list[TaskResult], float]:
    mode = "ghosttab" if find_in_page else "baseline"
    with contextlib.ExitStack() as stack:
        folder = str(keep / mode) if keep else stack.enter_context(tempfile.TemporaryDirectory(prefix="gt-nav-"))
        Path(folder).mkdir(parents=True, exist_ok=True)
        runner = RunnerConfig(artifacts_dir=Path(folder) / "artifacts", trace=TraceMode.OFF,
                              screenshots=ScreenshotMode.OFF, find_in_page=find_in_page)
        config = FleetConfig(db=str(Path(folder) / "bench.db"), concurrency=concurrency, runner=runner)
        started = time.monotonic()
        results = await run_tasks(tasks, config)
        seconds = time.monotonic() - started
        won = [r.id for r in results if r.status == TaskStatus.SUCCEEDED]
        CALIBRATION.setdefault(mode, []).extend(calibrate.step_outcomes(Path(folder) / "bench.db", won))
        return results, seconds


def outcome(result: TaskResult) -> str:
    return "ok" if result.status == TaskStatus.SUCCEEDED else result.status.value.lower()


def run_both(
    static_tasks: list[TaskSpec], args: argparse.Namespace, template: Path | None,
    fresh_sites: list[FormSite] | None = None,
) -> dict[str, tuple[list[TaskResult], float]]:
    """Each mode on the same tasks; the Django tasks and `fresh_sites` on a fresh copy of their site
    each time."""
    runs: dict[str, tuple[list[TaskResult], float]] = {}
    for name, find_in_page in (("ghosttab", True), ("baseline", False)):
        with contextlib.ExitStack() as stack:
            site = stack.enter_context(django_site.django_admin(template)) if template else None
            tasks = static_tasks + (django_specs(site.url, args.only) if site else [])
            served = []
            for form_site in fresh_sites or []:
                served.append((form_site, stack.enter_context(form_site.serve())))
                tasks += form_specs(form_site.tasks, served[-1][1], args.only, form_site.secrets)
            runs[name] = asyncio.run(run_mode(tasks, find_in_page, args.concurrency, args.keep))
            for form_site, url in served:
                if form_site.app_state:
                    ids = [t[0] for t in form_site.tasks if not args.only or t[0] in args.only]
                    APP_STATE.setdefault(name, {}).update(form_site.app_state(url, ids))
    return runs


def _picked(tasks: list[tuple[Any, ...]], only: list[str], skip: bool) -> bool:
    return not skip and (not only or any(task[0] in only for task in tasks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=[], help="task ids to run")
    parser.add_argument("--keep", type=Path, help="keep each mode's database and artifacts in this folder")
    parser.add_argument("--no-django", action="store_true", help="skip the Django admin tasks")
    parser.add_argument("--calibrate", action="store_true",
                        help="print how often the heuristic's steps were right, per confidence band")
    parser.add_argument("--sets", nargs="*", default=[], choices=[site.flag for site in FORM_SITES],
                        help="run only these form sites (the sites out of the default run need naming here)")
    for site in FORM_SITES:
        parser.add_argument(f"--no-{site.flag}", action="store_true", help=f"skip {site.label}")
    args = parser.parse_args()
    if args.sets and not args.only:
        args.only = [task[0] for site in FORM_SITES if site.flag in args.sets for task in site.tasks]
    rust = docs_root()
    with_django = _picked(DJANGO_TASKS, args.only, args.no_django)
    sites = [site for site in FORM_SITES if _picked(site.tasks, args.only, getattr(args, f"no_{site.flag}"))
             and (not site.opt_in or site.flag in args.sets)]
    servers = [serve(rust), serve(OTHER_ROOT)]
    try:
        with contextlib.ExitStack() as stack:
            template = stack.enter_context(django_site.built_project()) if with_django else None
            (_, rust_base), (_, other_base) = servers
            tasks = specs(TASKS, rust_base, rust, args.only) + specs(OTHER_TASKS, other_base, OTHER_ROOT, args.only)
            docs = len(tasks)
            for site in sites:
                if not site.fresh_per_mode:
                    tasks += form_specs(site.tasks, stack.enter_context(site.serve()), args.only, site.secrets)
            fresh = [site for site in sites if site.fresh_per_mode]
            fresh_count = sum(len([t for t in site.tasks if not args.only or t[0] in args.only]) for site in fresh)
            django_count = len([t for t in DJANGO_TASKS if not args.only or t[0] in args.only]) if with_django else 0
            print(f"navigator benchmark: {docs} tasks on the Rust, Node.js and Valgrind documentation, "
                  f"{len(tasks) - docs + fresh_count} on {', '.join(site.label for site in sites) or 'no form sites'}, "
                  f"{django_count} on Django's admin site; {os.cpu_count()} CPUs, {args.concurrency} at a time",
                  flush=True)  # fmt: skip
            runs = run_both(tasks, args, template, fresh)
    finally:
        for server, _ in servers:
            server.shutdown()
    print_runs(runs)
    if args.calibrate:
        calibrate.print_calibration(CALIBRATION.get("ghosttab", []), "calibration (ghosttab mode)")


def print_runs(runs: dict[str, tuple[list[TaskResult], float]]) -> None:
    (shipped, _), (baseline, _) = runs["ghosttab"], runs["baseline"]
    by_id = {r.id: r for r in baseline}
    print(f"\n{'task':<22}{'ghosttab':>12}{'steps':>7}{'baseline':>12}{'steps':>7}")
    for result in shipped:
        other = by_id[result.id]
        why = f"  {result.error.message[:90]}" if result.error and result.status != TaskStatus.SUCCEEDED else ""
        db = "".join(f"  db:{'yes' if APP_STATE[mode][result.id] else 'no'}({mode})" for mode in APP_STATE
                     if result.id in APP_STATE[mode])
        print(f"{result.id:<22}{outcome(result):>12}{result.steps:>7}{outcome(other):>12}{other.steps:>7}{db}{why}")
    for name, (results, seconds) in runs.items():
        done = [r for r in results if r.status == TaskStatus.SUCCEEDED]
        steps = sum(r.steps for r in done) / len(done) if done else float("nan")
        print(f"{name:<9} succeeded {len(done)}/{len(results)}, {steps:.1f} steps per success, "
              f"{seconds:.1f} s for the batch")
        held = APP_STATE.get(name, {})
        if held:
            confirmed = [r.id for r in done if held.get(r.id)]
            print(f"{name:<9} app database confirms {len(confirmed)} of the {len(held)} tasks it checks as done "
                  f"(and {sum(held.values())} changes present in all)")


if __name__ == "__main__":
    main()
