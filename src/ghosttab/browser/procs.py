"""Browser process trees: which processes belong to a shard, what memory they use, killing leftovers."""

from __future__ import annotations

import contextlib
import os

import psutil
from playwright.async_api import Browser
from playwright.async_api import Error as PlaywrightError

_MB = 1024 * 1024
_USER_DATA_FLAG = "--user-data-dir="


async def browser_pid(browser: Browser) -> int | None:
    """The browser process id, asked of Chromium itself over CDP (works for any Chromium)."""
    try:
        session = await browser.new_browser_cdp_session()
        try:
            info = await session.send("SystemInfo.getProcessInfo")
        finally:
            with contextlib.suppress(PlaywrightError):
                await session.detach()
    except PlaywrightError:
        return None
    for process in info.get("processInfo", []):
        if process.get("type") == "browser":
            return int(process["id"])
    return None


def is_descendant(pid: int, ancestor: int | None = None) -> bool:
    """True when `pid` runs under `ancestor` (default: this Python process)."""
    root = os.getpid() if ancestor is None else ancestor
    try:
        return any(parent.pid == root for parent in psutil.Process(pid).parents())
    except psutil.Error:
        return False


def user_data_dir(pid: int) -> str | None:
    """The profile folder in a Chromium's command line: every process of that browser carries it."""
    try:
        cmdline = psutil.Process(pid).cmdline()
    except psutil.Error:
        return None
    for arg in cmdline:
        if arg.startswith(_USER_DATA_FLAG):
            return arg
    return None


def shard_processes(pid: int | None, marker: str | None) -> list[psutil.Process]:
    """The browser process, its descendants, and orphans that still carry its profile flag."""
    found: dict[int, psutil.Process] = {}
    if pid is not None:
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(pid)
            found[root.pid] = root
            for child in root.children(recursive=True):
                found[child.pid] = child
    if marker:
        # A browser killed with SIGKILL leaves renderers re-parented elsewhere; its profile flag finds them.
        for process in psutil.process_iter(["name", "cmdline"]):
            name = process.info.get("name") or ""
            cmdline = process.info.get("cmdline") or []
            if "chrom" in name.lower() and marker in cmdline:
                found.setdefault(process.pid, process)
    return list(found.values())


def process_memory_mb(process: psutil.Process) -> float:
    """PSS where the kernel gives it (shared pages split fairly between processes), else RSS."""
    try:
        try:
            return float(process.memory_full_info().pss) / _MB
        except (psutil.AccessDenied, AttributeError):
            return float(process.memory_info().rss) / _MB
    except psutil.Error:
        return 0.0


def processes_memory_mb(processes: list[psutil.Process]) -> float:
    return sum(process_memory_mb(process) for process in processes)


def host_memory_fraction() -> float:
    return float(psutil.virtual_memory().percent) / 100.0


def kill_processes(processes: list[psutil.Process], timeout_s: float = 3.0) -> int:
    """SIGTERM, wait, then SIGKILL what is left; returns how many were still alive at the start."""
    alive = [process for process in processes if _running(process)]
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, remaining = psutil.wait_procs(alive, timeout=timeout_s)
    for process in remaining:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(remaining, timeout=timeout_s)
    return len(alive)


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def chromium_children(root_pid: int | None = None) -> list[psutil.Process]:
    """Running processes under `root_pid` (default: this Python process) whose name contains "chrom"."""
    try:
        root = psutil.Process(os.getpid() if root_pid is None else root_pid)
        children = root.children(recursive=True)
    except psutil.Error:
        return []
    result = []
    for child in children:
        with contextlib.suppress(psutil.Error):
            if "chrom" in child.name().lower() and _running(child):
                result.append(child)
    return result
