"""A real conference-management application nobody here wrote, for the navigator benchmark: pretalx.

pretalx (pinned below, installed from PyPI into benchmarks/.venv-pretalx on first use, not a ghosttab
dependency) serves its own pages: an event's public landing page and call for papers, the multi-step
proposal wizard (proposal details, questions, account, speaker profile), the speaker area (proposals,
profile, withdrawing), and the organiser backend (proposal lists with search and filters, reviews,
state changes, speakers, tracks, questions, rooms, CfP settings). Ours (benchmarks/pretalx_project.py)
are only the environment and the seed data: a small community conference with its call for papers open.

Success is proved twice: by the task's criteria on the final page, and afterwards by the app's own
database (`app_state`), which says for each task whether the records it was about now hold what the
task asked for.

    with pretalx_site() as url:   # the base URL; the event is at url + "/harbour27/", organisers at url + "/orga/"
        ...
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from local_server import SeededCopies
from pretalx_project import EVENT, PASSWORD, SEED, USERNAME

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-pretalx"
PYTHON = VENV / "bin" / "python"
STATIC = VENV / "static.dist"
PRETALX_VERSION = "2025.2.2"  # the newest release that runs on this machine's Python 3.11
REQUIREMENTS = [f"pretalx=={PRETALX_VERSION}"]
SECRETS = {"username": USERNAME, "password": PASSWORD}
E = f"/{EVENT}"

# Held out, blind: written in plain words before any run of the navigator on this site, to be run once.
# (id, goal, start path, data, success). Tasks with the secrets sign in as Dana Reyes, who organises the
# conference and has two proposals of her own in; the others are a new speaker's, on the public pages.
TASKS: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    ("ptx-submit-talk",
     "Submit a talk to Harbour Conf 2027 in the {track} track. Title: \"{title}\". Abstract: {abstract} "
     "I agree to the code of conduct. I don't have an account yet: create one for {name}, e-mail {email}, "
     "password {new_password}. For my speaker biography use: {bio}",
     E + "/", {"track": "Web & Frontend", "title": "Design tokens across three frameworks",
               "abstract": "How we share one set of design tokens between React, Vue and plain CSS.",
               "name": "Lucia Ferrer", "email": "lucia.ferrer@example.org", "new_password": "Quiet-Lagoon-5823",
               "bio": "Lucia builds design systems at a Lisbon agency."},
     {"text": "submitted your proposal!"}),
    ("ptx-submit-workshop",
     "Propose a workshop called \"{title}\" for the {track} track, for at most {seats} participants. "
     "Abstract: {abstract} Accept the code of conduct, and sign in with my existing account when asked.",
     E + "/cfp", {"title": "Your first data pipeline with DuckDB", "track": "Data & AI", "seats": "20",
                  "abstract": "A hands-on afternoon: load, clean and query open data with DuckDB."},
     {"text": "submitted your proposal!"}),
    ("ptx-bio", "Sign in and change my speaker biography to: {bio}", E + "/login/",
     {"bio": "Dana Reyes runs the open data team of Lisbon's city council and mentors new speakers."},
     # The biography is only shown in its text box: the saved message is the page's proof, the database the rest.
     {"text": "Your changes have been saved."}),
    ("ptx-retitle", "Rename my proposal \"{title}\" to \"{new_title}\"", E + "/",
     {"title": "Lessons from ten years of open data", "new_title": "Ten years of open data: what we learned"},
     {"text": "\u201cTen years of open data: what we learned\u201d"}),
    ("ptx-withdraw", "I can't make it this year: withdraw my proposal \"{title}\"", E + "/login/",
     {"title": "Mentoring first-time speakers"}, {"text": "Mentoring first-time speakers withdrawn"}),
    ("ptx-review",
     "Review the proposal \"{title}\": give it a {score} and write: {text}", "/orga/login/",
     {"title": "CSS container queries deep dive", "score": "Yes",
      "text": "Timely topic and a clear outline; the speaker has done this before."},
     {"text": "Timely topic and a clear outline"}),
    ("ptx-accept", "Accept the talk \"{title}\"", "/orga/", {"title": "Zero-downtime Postgres upgrades"},
     {"text": "Zero-downtime Postgres upgrades\u201d \u2013 Ines Duarte accepted"}),
    ("ptx-reject", "We can't fit {speaker}'s workshop into the programme: reject it", "/orga/login/",
     {"speaker": "Omar Haddad"}, {"text": "building a vector search\u201d \u2013 Omar Haddad not accepted"}),
    ("ptx-comment",
     "What did {colleague} say about the proposal \"{title}\"? Find his comment.", "/orga/login/",
     {"colleague": "Leo Brandt", "title": "Streaming pipelines without the pain"},
     {"text": "ask her for the slides before we decide"}),
    ("ptx-track",
     "Add a new track called \"{name}\" to the call for papers, colour {color}, described as: {description}",
     "/orga/login/", {"name": "Security", "color": "#7b2d8b",
                      "description": "Threat modelling, supply chains and incident response."},
     {"text": "Security 0"}),
    ("ptx-room", "Set up a new room called \"{name}\" that seats {capacity} people", "/orga/login/",
     {"name": "Harbour View Room", "capacity": "120"}, {"text": "Harbour View Room"}),
    ("ptx-question",
     "Add a yes/no question that every speaker must answer when they submit: \"{question}\"", "/orga/login/",
     {"question": "Do you need help with travel costs?"}, {"text": "Do you need help with travel costs?"}),
    ("ptx-session-type", "Offer a new session type, \"{name}\", lasting {minutes} minutes", "/orga/login/",
     {"name": "Lightning talk", "minutes": "5"}, {"text": "Lightning talk 0 5"}),
]  # fmt: skip

# For each task, the Django shell expression (with the models imported, scopes disabled) that is true when
# the app's database holds what the task asked for.
APP_STATE: dict[str, str] = {
    "ptx-submit-talk": "S.objects.filter(title__iexact='Design tokens across three frameworks', state='submitted', "
                       "track__name='Web & Frontend', submission_type__name='Talk', "
                       "speakers__email='lucia.ferrer@example.org', abstract__icontains='design tokens').exists() "
                       "and User.objects.get(email='lucia.ferrer@example.org').check_password('Quiet-Lagoon-5823') "
                       "and SpeakerProfile.objects.filter(user__email='lucia.ferrer@example.org', "
                       "biography__icontains='design systems').exists()",
    "ptx-submit-workshop": "S.objects.filter(title__iexact='Your first data pipeline with DuckDB', state='submitted', "
                           "track__name='Data & AI', submission_type__name='Workshop', speakers__email=DANA, "
                           "answers__question__question__startswith='Maximum number', "
                           "answers__answer__in=['20', '20.00', '20.0']).exists()",
    "ptx-bio": "SpeakerProfile.objects.filter(user__email=DANA, biography__icontains=\"open data team of Lisbon's "
               "city council\").exists()",
    "ptx-retitle": "S.objects.filter(title='Ten years of open data: what we learned', speakers__email=DANA).exists() "
                   "and not S.objects.filter(title='Lessons from ten years of open data').exists()",
    "ptx-withdraw": "S.objects.filter(title='Mentoring first-time speakers', state='withdrawn').exists()",
    "ptx-review": "Review.objects.filter(submission__title='CSS container queries deep dive', user__email=DANA, "
                  "scores__value=2, text__icontains='clear outline').exists()",
    "ptx-accept": "S.objects.filter(title='Zero-downtime Postgres upgrades', state__in=['accepted', 'confirmed'])"
                  ".exists()",
    "ptx-reject": "S.objects.filter(title='Hands-on: building a vector search', state='rejected').exists() and "
                  "S.objects.filter(state='rejected').count() == 1",
    "ptx-comment": "True",  # nothing to change: the final page's text is the whole proof
    "ptx-track": "any(str(t.name) == 'Security' and 'supply chains' in str(t.description) and "
                 "t.color.lower() == '#7b2d8b' for t in Track.objects.filter(event__slug=EVENT))",
    "ptx-room": "any(str(r.name) == 'Harbour View Room' and r.capacity == 120 "
                "for r in Room.objects.filter(event__slug=EVENT))",
    "ptx-question": "any(str(q.question) == 'Do you need help with travel costs?' and q.variant == 'boolean' and "
                    "q.question_required == 'required' for q in Question.all_objects.filter(event__slug=EVENT))",
    "ptx-session-type": "any(str(t.name) == 'Lightning talk' and t.default_duration == 5 "
                        "for t in SubmissionType.objects.filter(event__slug=EVENT))",
}  # fmt: skip

CHECK_SCRIPT = """
import json
from django_scopes import scopes_disabled
from pretalx.person.models import SpeakerProfile, User
from pretalx.schedule.models import Room
from pretalx.submission.models import Question, Review, Submission as S, SubmissionType, Track
DANA, EVENT = {dana!r}, {event!r}
checks = json.loads({checks!r})
with scopes_disabled():
    print(json.dumps({{task: bool(eval(expr)) for task, expr in checks.items()}}))
"""


def ensure_pretalx() -> str:
    """Make the pretalx venv (and its built static files) if missing; return pretalx's version."""
    if not PYTHON.exists():
        print(f"creating {VENV} and installing pretalx {PRETALX_VERSION} from PyPI …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    if not (STATIC / "pretalx-manifest.json").exists() and not (STATIC / "staticfiles.json").exists():
        print(f"building pretalx's static files into {STATIC} …", flush=True)
        with tempfile.TemporaryDirectory(prefix="gt-pretalx-static-") as tmp:
            _manage(Path(tmp), "rebuild")
    done = subprocess.run([str(PYTHON), "-c", "import importlib.metadata as m; print(m.version('pretalx'))"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout.strip()


def _env(folder: Path, url: str = "http://127.0.0.1") -> dict[str, str]:
    return {"PRETALX_DATA_DIR": str(folder / "data"), "PRETALX_FILESYSTEM_STATIC": str(STATIC),
            "PRETALX_SITE_URL": url, "PRETALX_DEBUG": "True", "PRETALX_NO_INITIAL_LOG": "1",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder)}  # fmt: skip


def _manage(folder: Path, *command: str) -> str:
    done = subprocess.run([str(PYTHON), "-m", "pretalx", *command], cwd=folder, env=_env(folder),
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"pretalx {command[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def build_project(folder: Path) -> None:
    """Migrate a fresh database in `folder/data` and load the seed data."""
    (folder / "data" / "media").mkdir(parents=True)
    (folder / "data" / "logs").mkdir(parents=True)
    _manage(folder, "migrate", "-v", "0")
    _manage(folder, "shell", "--unsafe-disable-scopes", "-c", SEED)


# The seeded project, built once per process; each served copy's folder by its base URL, for `app_state`.
COPIES = SeededCopies("gt-pretalx", build_project)


def app_state(url: str, task_ids: list[str]) -> dict[str, bool]:
    """For each task, whether the database of the copy served at `url` holds what the task asked for."""
    checks = {task: APP_STATE[task] for task in task_ids if task in APP_STATE}
    script = CHECK_SCRIPT.format(checks=json.dumps(checks), dana=USERNAME, event=EVENT)
    printed = _manage(COPIES.folders[url], "shell", "--unsafe-disable-scopes", "-c", script)
    found: dict[str, bool] = json.loads(printed.strip().splitlines()[-1])
    return found


@contextlib.contextmanager
def pretalx_site() -> Iterator[str]:
    """Serve a fresh copy of the seeded conference on a free port; yield its base URL."""
    ensure_pretalx()

    def command(port: int) -> list[str]:
        return [str(PYTHON), "-m", "pretalx", "runserver", f"127.0.0.1:{port}", "--noreload"]

    with COPIES.serve(command, E + "/", lambda folder, url: _env(folder, url), name="pretalx") as url:
        yield url


if __name__ == "__main__":
    print(f"pretalx {ensure_pretalx()}")
    with pretalx_site() as base:
        print(f"serving {base}{E}/ (Ctrl-C to stop); organiser {USERNAME} / {PASSWORD}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            import time

            while True:
                time.sleep(3600)
