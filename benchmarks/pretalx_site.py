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

import atexit
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from local_server import server_process
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
]  # fmt: skip

# For each task, the Django shell expression (with the models imported, scopes disabled) that is true when
# the app's database holds what the task asked for.
APP_STATE: dict[str, str] = {
}  # fmt: skip

CHECK_SCRIPT = """
import json
from django_scopes import scopes_disabled
from pretalx.person.models import SpeakerProfile, User
from pretalx.schedule.models import Room
from pretalx.submission.models import Answer, Question, Review, Submission as S, Track
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


_template: list[Path] = []
# Each served copy's folder, by its base URL, for `app_state`.
FOLDERS: dict[str, Path] = {}


def built_template() -> Path:
    """A migrated, seeded project, built once per process and copied for each site."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="gt-pretalx-template-"))
        atexit.register(shutil.rmtree, folder, True)
        build_project(folder / "site")
        _template.append(folder / "site")
    return _template[0]


def app_state(url: str, task_ids: list[str]) -> dict[str, bool]:
    """For each task, whether the database of the copy served at `url` holds what the task asked for."""
    checks = {task: APP_STATE[task] for task in task_ids if task in APP_STATE}
    printed = _manage(FOLDERS[url], "shell", "--unsafe-disable-scopes", "-c", CHECK_SCRIPT.format(checks=json.dumps(checks)))
    found: dict[str, bool] = json.loads(printed.strip().splitlines()[-1])
    return found


@contextlib.contextmanager
def pretalx_site() -> Iterator[str]:
    """Serve a fresh copy of the seeded conference on a free port; yield its base URL."""
    ensure_pretalx()
    with tempfile.TemporaryDirectory(prefix="gt-pretalx-") as tmp:
        folder = Path(tmp) / "site"
        shutil.copytree(built_template(), folder)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        command = [str(PYTHON), "-m", "pretalx", "runserver", f"127.0.0.1:{port}", "--noreload"]
        FOLDERS[url] = folder
        try:
            with server_process(command, url + E + "/", env=_env(folder, url), cwd=folder, name="pretalx"):
                yield url
        finally:
            FOLDERS.pop(url, None)


if __name__ == "__main__":
    print(f"pretalx {ensure_pretalx()}")
    with pretalx_site() as base:
        print(f"serving {base}{E}/ (Ctrl-C to stop); organiser {USERNAME} / {PASSWORD}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            import time

            while True:
                time.sleep(3600)
