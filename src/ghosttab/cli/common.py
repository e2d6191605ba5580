"""What every command shares: the consoles, the options, the one way an error reaches the user."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from ghosttab.config import FleetConfig
from ghosttab.errors import GhosttabError
from ghosttab.runner import ScreenshotMode, TraceMode
from ghosttab.taskfile import TaskFile, TaskFileLimits, load_tasks

console = Console()
errors = Console(stderr=True)
T = TypeVar("T")

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or postgresql://… URL (default ghosttab.db, or GHOSTTAB_DB)"),
]
ConcurrencyOption = Annotated[
    int | None, typer.Option("--concurrency", "-c", min=1, help="tabs running at once (default 4)")
]
BrowsersOption = Annotated[
    int | None, typer.Option("--browsers", min=1, help="browser processes (shards) (default 1)")
]
CdpOption = Annotated[str | None, typer.Option("--cdp-url", help="connect to a running Chromium (CDP)")]
WsOption = Annotated[str | None, typer.Option("--ws-endpoint", help="connect to a Playwright browser server")]
ArtifactsOption = Annotated[
    Path | None,
    typer.Option("--artifacts", help="folder for screenshots, downloads, traces (default artifacts)"),
]
TraceOption = Annotated[
    TraceMode | None, typer.Option("--trace", help="Playwright traces (default on-failure)")
]
ScreenshotsOption = Annotated[
    ScreenshotMode | None,
    typer.Option(
        "--screenshots", help="steps (every step), final (last page and failed steps), off (default final)"
    ),
]
LeaseOption = Annotated[
    float | None,
    typer.Option("--lease-s", min=1.0, help="seconds a claimed task stays leased between heartbeats"),
]
ReplayOption = Annotated[
    bool | None,
    typer.Option(
        "--replay/--no-replay",
        help="replay paths that worked for a task's shape and record new ones; one task of a new "
        "shape runs first (default on)",
    ),
]
GraceOption = Annotated[
    float | None,
    typer.Option("--grace-s", min=0.0, help="on Ctrl-C/SIGTERM, seconds running tasks get to finish"),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="model name at --model-url, or a profile of ghosttab.toml's [models] (the model tier)"
    ),
]
ModelUrlOption = Annotated[
    str | None, typer.Option("--model-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1")
]
ModelKeyEnvOption = Annotated[
    str | None,
    typer.Option("--model-key-env", help="environment variable holding the endpoint's key (never stored)"),
]


def model_flags(model: str | None, model_url: str | None, model_key_env: str | None) -> dict[str, Any]:
    """The model flags as fleet_config paths."""
    return {"model__model": model, "model__base_url": model_url, "model__api_key_env": model_key_env}


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """A one-line error for what a user can fix (a bad file, database, browser or setting), exit 2."""
    try:
        yield
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        fail(f"{where}: {first['msg']}" if where else first["msg"])
    except (GhosttabError, OSError, ValueError, RecursionError) as exc:
        fail(" ".join(str(exc).split()) or type(exc).__name__)


def fail(message: str) -> NoReturn:
    errors.print(f"[red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(2)


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    with reported():
        return asyncio.run(coroutine)
    raise AssertionError("unreachable")


def load(path: Path, limits: TaskFileLimits | None = None) -> TaskFile:
    """The file's tasks, each bad row printed; a file with no usable row fails the command."""
    with reported():
        loaded = load_tasks(path, limits)
    for error in loaded.errors:
        errors.print(f"[red]bad row[/] {escape(str(error))}", soft_wrap=True)
    if not loaded.tasks:
        fail(f"{path}: no usable rows ({len(loaded.errors)} bad); nothing was queued")
    return loaded


def fleet_config(**flags: Any) -> FleetConfig:
    """The flags the user gave (named by their path, `pool__browsers`) over GHOSTTAB_* and defaults."""
    given: dict[str, Any] = {}
    for path, value in flags.items():
        if value is None:
            continue
        *parents, leaf = path.split("__")
        node = given
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    with reported():
        return FleetConfig(**given)
    raise AssertionError("unreachable")


def db_url(db: str | None) -> str:
    return db or fleet_config().db
