"""Saving a browser download under the task's downloads folder without overwriting another file."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Download

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError, StructuredError

_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")
MAX_COLLISIONS = 10_000


def safe_filename(suggested: str) -> str:
    """A plain file name from what the server suggested: no folders, no control characters."""
    name = _UNSAFE.sub("_", Path(suggested.replace("\\", "/")).name).strip(" .")
    return name or "download"


def reserve_path(folder: Path, suggested: str) -> Path:
    """Create and return a new empty file `folder/name`, or `name (2).ext`, ... if taken.

    Creating the file (mode "x") reserves the name even against other tasks saving into the same
    folder at the same moment.
    """
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_filename(suggested)
    stem, suffix = Path(name).stem, Path(name).suffix
    for attempt in range(1, MAX_COLLISIONS):
        candidate = folder / (name if attempt == 1 else f"{stem} ({attempt}){suffix}")
        try:
            with candidate.open("x"):
                return candidate
        except FileExistsError:
            continue
    raise GhosttabError(StructuredError(
        kind=ErrorKind.RUNTIME, source=ErrorSource.ACTION, message=f"no free file name for {name!r}"))


async def save_download(download: Download, folder: Path) -> Path:
    """Wait for `download` to finish and save it; a failed download is a retryable NETWORK error."""
    failure = await download.failure()
    if failure:
        raise GhosttabError(StructuredError(
            kind=ErrorKind.NETWORK, source=ErrorSource.ACTION, retryable=True,
            message=f"download of {download.suggested_filename!r} failed: {failure}",
        ))
    path = reserve_path(folder, download.suggested_filename)
    try:
        await download.save_as(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
