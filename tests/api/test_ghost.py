"""The goal client: embedded (its own store and worker) and remote (a `ghosttab serve`) agree."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tests.api.server import Served

from ghosttab import AsyncGhost, FleetConfig, Ghost, TaskResult, TaskStatus

SECRETS = {"username": "buyer1", "password": "s3cret"}


def portal(demo_url: str) -> dict[str, Any]:
    return {"data": {"po_number": "PO-10007"}, "secrets": SECRETS, "session": "portal:buyer1",
            "success": {"download": True}, "metadata": {"caller": "ghost-test"}}  # fmt: skip


GOAL = "Download the PDF of purchase order {po_number}"


def comparable(result: TaskResult) -> tuple[Any, ...]:
    return (result.status, result.extracted, len(result.files), result.error)


async def test_embedded_and_remote_ghost_give_the_same_result(
    served: Served, demo_url: str, tmp_path: Path
) -> None:
    config = FleetConfig(db=str(tmp_path / "embedded.db"), concurrency=1,
                         runner={"artifacts_dir": tmp_path / "artifacts"})  # fmt: skip
    called: list[TaskResult] = []
    async with AsyncGhost(config=config) as ghost:
        task_id = await ghost.submit(
            GOAL, f"{demo_url}/portal/", on_complete=called.append, **portal(demo_url)
        )
        embedded = await ghost.wait(task_id, timeout=180)
        assert await ghost.result(task_id) == embedded
        assert await ghost.active_count() == 0 and await ghost.queue_depth() == 0
        assert (await ghost.metrics())[TaskStatus.SUCCEEDED] == 1
    assert called == [embedded]

    def remote_run() -> TaskResult:
        with Ghost(url=served.url, token=served.token) as remote:
            return remote.run(GOAL, f"{demo_url}/portal/", timeout=120, **portal(demo_url))

    remote = await asyncio.to_thread(remote_run)
    assert embedded.status is TaskStatus.SUCCEEDED
    assert comparable(remote) == comparable(embedded)
