"""`ghosttab serve`: the REST API on 127.0.0.1 with an embedded worker (or `--no-worker`)."""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from ghosttab.api import ServiceSettings, create_app
from ghosttab.api.auth import TOKEN_ENV, new_token
from ghosttab.cli.common import ArtifactsOption, ConcurrencyOption, DbOption, console, fleet_config, run_async
from ghosttab.config import FleetConfig
from ghosttab.fleet import Fleet
from ghosttab.policy import PolicyPreset
from ghosttab.secrets import SecretBook
from ghosttab.store import Store
from ghosttab.webhooks import WebhookSender


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="port to listen on")] = 8700,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="API only; `ghosttab worker` processes run the tasks")
    ] = False,
    concurrency: ConcurrencyOption = None,
    artifacts: ArtifactsOption = None,
    queue_limit: Annotated[
        int, typer.Option("--queue-limit", min=1, help="queued tasks before 429")
    ] = 10_000,
    allow: Annotated[
        list[str] | None,
        typer.Option(
            "--allow", help="host or CIDR the strict address policy allows (repeatable), e.g. 127.0.0.1/32"
        ),
    ] = None,
) -> None:
    """Serve the REST API (and its OpenAPI schema at /docs); prints the token when it generated one.

    The strict address policy holds at submission and on every navigation of the embedded worker:
    no loopback, private or link-local address unless `--allow`ed."""
    config = fleet_config(
        db=db, concurrency=concurrency, runner__artifacts_dir=artifacts,
        policy__preset=PolicyPreset.STRICT, policy__allow=list(allow or []),
    )  # fmt: skip
    token = os.environ.get(TOKEN_ENV, "").strip() or _saved_token(config.db)
    settings = ServiceSettings(token=token, queue_limit=queue_limit, allow=list(allow or []))
    run_async(_serve(config, settings, host, port, not no_worker))


def _saved_token(db: str) -> str:
    """The token kept beside a SQLite file (or in the working folder), made and printed on first start."""
    place = Path(db) if "://" not in db else Path("ghosttab.db")
    keeper = place.with_name(place.name + ".api-token")
    if keeper.is_file() and keeper.read_text().strip():
        return keeper.read_text().strip()
    token = new_token()
    keeper.parent.mkdir(parents=True, exist_ok=True)
    keeper.touch(mode=0o600)
    keeper.write_text(token + "\n")
    console.print(f"{TOKEN_ENV} is not set: generated a token (saved in {keeper}):\n{token}", soft_wrap=True)
    return token


async def _serve(
    config: FleetConfig, settings: ServiceSettings, host: str, port: int, with_worker: bool
) -> None:
    store = Store.open(config.db)
    secrets = SecretBook()
    app = create_app(store, settings, secrets)
    secret = os.environ.get("GHOSTTAB_WEBHOOK_SECRET", "").strip() or settings.token
    sending = asyncio.create_task(WebhookSender(store, secret).run())
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off"))
    try:
        if not with_worker:
            console.print(f"serving http://{host}:{port} on {config.db} (no worker)")
            await server.serve()
            return
        async with Fleet(config, store=store) as fleet:
            worker = fleet.make_worker(secrets, exit_when_idle=False)
            app.state.pool = fleet.pool
            console.print(
                f"serving http://{host}:{port} on {config.db}; worker {worker.id}, {config.concurrency} tabs"
            )
            working = asyncio.create_task(worker.run())
            try:
                await server.serve()
            finally:
                worker.stop()
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(working, timeout=config.worker.grace_s + 5)
    finally:
        sending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sending
        store.close()
