"""`ghosttab cache ls | show ID | clear | export FILE | import FILE`: the paths replay uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import TypeAdapter
from rich.table import Table

from ghosttab.cli.common import DbOption, console, db_url, fail, reported, run_async
from ghosttab.replay.path import ReplayPath
from ghosttab.store import PathRow, Store

cache_app = typer.Typer(help="The path cache: list, show, clear, export and import replayable paths.")
SiteOption = Annotated[
    str | None, typer.Option("--site", help="only paths of this origin (http://host:port)")
]
ID_CHARS = 10
ROWS = TypeAdapter(list[PathRow])


async def _paths(db: str | None, site: str | None) -> list[PathRow]:
    with Store.open(db_url(db)) as store:
        return await store.list_paths(site)


def _one(rows: list[PathRow], path_id: str) -> PathRow:
    found = [row for row in rows if row.key.startswith(path_id)]
    if len(found) != 1:
        fail(f"{'no' if not found else len(found)} paths with an id starting {path_id!r}")
    return found[0]


@cache_app.command("ls")
def list_paths(db: DbOption = None, site: SiteOption = None) -> None:
    """Every stored path with how it has done."""
    rows = run_async(_paths(db, site))
    table = Table(title=f"{len(rows)} paths")
    for column in ("id", "site", "goal", "v", "steps", "replays", "heals", "fails", "saved s", "state"):
        table.add_column(column)
    for row in rows:
        state = "retired" if row.retired else "taught" if row.path.get("taught") else "live"
        steps = len(row.path.get("steps", []))
        table.add_row(
            row.key[:ID_CHARS], row.site, row.goal_template, str(row.version), str(steps),
            str(row.successes), str(row.heals), str(row.failures), f"{row.saved_s:.1f}", state,
        )  # fmt: skip
    console.print(table)


@cache_app.command("show")
def show(
    path_id: Annotated[str, typer.Argument(help="a path's id (or its first characters)")], db: DbOption = None
) -> None:
    """One path's steps, as stored (values as slots)."""
    row = _one(run_async(_paths(db, None)), path_id)
    path = ReplayPath.model_validate(row.path)
    origin = "taught" if path.taught else f"learned from {path.learned_from}"
    console.print(f"[bold]{row.goal_template}[/] on {row.site} · version {row.version} · {origin}")
    table = Table()
    for column in ("#", "page", "action", "target", "value"):
        table.add_column(column)
    for number, step in enumerate(path.steps, start=1):
        action = step.action
        locator = action.get("target", {}).get("locator", {})
        target = (
            locator.get("name")
            or locator.get("label")
            or locator.get("placeholder")
            or locator.get("css", "")
        )
        value = (
            action.get("field") or action.get("secret") or action.get("text") or action.get("option") or ""
        )
        table.add_row(str(number), step.page, str(action.get("kind")), str(target), str(value))
    console.print(table)


@cache_app.command("clear")
def clear(
    path_id: Annotated[
        str | None, typer.Argument(help="one path's id; all paths (of --site) without it")
    ] = None,
    db: DbOption = None,
    site: SiteOption = None,
) -> None:
    """Delete paths: the next task of their shape finds the way again."""

    async def go() -> int:
        with Store.open(db_url(db)) as store:
            key = _one(await store.list_paths(site), path_id).key if path_id else None
            return await store.delete_paths(site=site, key=key)

    console.print(f"deleted {run_async(go())} paths")


@cache_app.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="JSON file to write")],
    db: DbOption = None,
    site: SiteOption = None,
) -> None:
    """Write paths to a JSON file a team can ship and import elsewhere."""
    rows = run_async(_paths(db, site))
    with reported():
        file.write_text(json.dumps([row.model_dump(mode="json") for row in rows], indent=2) + "\n")
    console.print(f"exported {len(rows)} paths to {file}")


@cache_app.command("import")
def import_paths(
    file: Annotated[Path, typer.Argument(help="JSON file written by `cache export`")], db: DbOption = None
) -> None:
    """Store the paths of an exported file (each replaces the path of its shape)."""
    with reported():
        rows = ROWS.validate_json(file.read_bytes())
        for row in rows:
            ReplayPath.model_validate(row.path)

    async def go() -> None:
        with Store.open(db_url(db)) as store:
            for row in rows:
                await store.save_path(
                    row.key, row.site, row.goal_template, row.path, row.version, row.expires_at
                )

    run_async(go())
    console.print(f"imported {len(rows)} paths into {db_url(db)}")
