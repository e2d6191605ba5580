"""Find a Chromium executable: GHOSTTAB_BROWSER, then Playwright's own, then the system's (the
headless shell first for a headless browser)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ghosttab.browser.errors import BrowserNotFound

ENV_VAR = "GHOSTTAB_BROWSER"
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Chromium's headless-only build: no browser UI, so a context costs a quarter of the CPU and
# less than half the memory it costs in full Chromium run headless (what Playwright itself uses).
HEADLESS_SHELL_NAMES = ("chromium-headless-shell", "chrome-headless-shell")
INSTALL_HINT = (
    "install Chromium (`apt-get install chromium`) or set GHOSTTAB_BROWSER to the path of a "
    "Chromium/Chrome executable"
)


def _usable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_chromium(managed_path: str | None = None, *, headless: bool = True) -> str:
    """Return the path of the Chromium to launch.

    `managed_path` is Playwright's own Chromium (`playwright.chromium.executable_path`); it is
    used when that file exists, which it does not where `playwright install` cannot run. On the
    PATH, a headless browser prefers the headless shell; a headed one needs full Chromium.
    """
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        expanded = str(Path(chosen).expanduser())
        if not _usable(expanded):
            raise BrowserNotFound(
                f"{ENV_VAR}={chosen} is not an executable file; fix the path or unset it"
            )
        return expanded
    if managed_path and _usable(managed_path):
        return managed_path
    for name in (*HEADLESS_SHELL_NAMES, *SYSTEM_NAMES) if headless else SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserNotFound(f"no Chromium found; {INSTALL_HINT}")
