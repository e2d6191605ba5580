"""Remember what worked: one task of a shape finds the way, the rest replay it with their own data."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from ghosttab import Fleet, FleetConfig, Store, TaskResult, TaskStatus, run_tasks
from ghosttab.replay import CacheOutcome, ReplayPath
from ghosttab.secrets import SecretBook
from pg import new_pg_database, require_pg

from .conftest import ORDERS, po_task, search_task

MakeConfig = Callable[..., FleetConfig]


def _deciders(result: TaskResult) -> int:
    """Steps decided by a decider that looks at the page (anything but replay)."""
    return sum(count for tier, count in result.tiers.items() if tier != "replay")


async def test_ten_tasks_of_one_shape_replay_the_first_ones_path_with_their_own_data(
    demo_url: str, fleet_config: MakeConfig
) -> None:
    specs = [po_task(demo_url, po) for po in ORDERS[:10]]
    config = fleet_config(concurrency=3)
    results = await run_tasks(specs, config)
    assert [r.status for r in results] == [TaskStatus.SUCCEEDED] * 10, [r.error for r in results]
    for spec, result in zip(specs, results, strict=True):
        assert [Path(file).name for file in result.files] == [f"{spec.data['po_number']}.pdf"]
    found = [r for r in results if _deciders(r) > 0]
    assert len(found) == 1 and found[0].cache is not None and found[0].cache.outcome == CacheOutcome.MISS
    replayed = [r for r in results if r is not found[0]]
    assert all(_deciders(r) == 0 and r.tiers.get("replay", 0) > 0 for r in replayed)
    assert all(r.cache is not None and r.cache.outcome == CacheOutcome.HIT for r in replayed)
    with Store.open(config.db) as store:
        [row] = await store.list_paths()
    path = ReplayPath.model_validate(row.path)
    steps = json.dumps([step.model_dump() for step in path.steps])
    assert row.successes == 9 and row.version == 1 and path.learned_from == found[0].id
    assert "{data.po_number}" in steps and found[0].id.removeprefix("po-") not in steps
    assert "s3cret" not in row.model_dump_json() and "buyer1" not in row.model_dump_json()


async def test_a_quoted_value_is_a_slot_each_task_types_its_own(
    demo_url: str, fleet_config: MakeConfig
) -> None:
    first, second = search_task(demo_url, "tent"), search_task(demo_url, "lantern")
    config = fleet_config(concurrency=1)
    [found] = await run_tasks([first], config)
    [replayed] = await run_tasks([second], config)
    assert found.status == replayed.status == TaskStatus.SUCCEEDED, (found.error, replayed.error)
    assert replayed.cache is not None and replayed.cache.outcome == CacheOutcome.HIT
    assert _deciders(replayed) == 0
    assert "lantern" in replayed.final_url and "tent" not in replayed.final_url
    with Store.open(config.db) as store:
        [row] = await store.list_paths()
    assert row.goal_template == 'Type "{goal.1}" into the search box and press Search'


async def test_a_redesigned_page_is_healed_and_the_next_task_replays_the_healed_path(
    demo_url: str, fleet_config: MakeConfig
) -> None:
    config = fleet_config(concurrency=1)
    [learned] = await run_tasks([po_task(demo_url, ORDERS[0])], config)
    assert learned.status == TaskStatus.SUCCEEDED, learned.error
    [healed] = await run_tasks([po_task(demo_url, ORDERS[1], faults="redesign")], config)
    assert healed.status == TaskStatus.SUCCEEDED, healed.error
    assert healed.cache is not None and healed.cache.outcome == CacheOutcome.HEALED
    assert healed.cache.replayed_steps > 0 and healed.cache.healed_steps > 0 and _deciders(healed) > 0
    [smooth] = await run_tasks([po_task(demo_url, ORDERS[2], faults="redesign")], config)
    assert smooth.status == TaskStatus.SUCCEEDED, smooth.error
    assert smooth.cache is not None and smooth.cache.outcome == CacheOutcome.HIT and _deciders(smooth) == 0
    assert smooth.cache.version == 2
    with Store.open(config.db) as store:
        [row] = await store.list_paths()
    assert (row.version, row.heals) == (2, 1)


async def test_shape_aware_batch_runs_the_navigator_once(demo_url: str, fleet_config: MakeConfig) -> None:
    specs = [po_task(demo_url, po) for po in ORDERS[:20]]
    results = await run_tasks(specs, fleet_config(concurrency=4))
    assert {r.status for r in results} == {TaskStatus.SUCCEEDED}, [r.error for r in results]
    assert sum(1 for r in results if _deciders(r) > 0) == 1


async def test_two_workers_on_postgresql_still_run_the_navigator_once(
    demo_url: str, fleet_config: MakeConfig, tmp_path: Path
) -> None:
    admin = require_pg()
    with new_pg_database(admin, prefix="gt_replay") as url:
        specs = [po_task(demo_url, po) for po in ORDERS[:12]]
        config = fleet_config(concurrency=3, db=url)
        async with Fleet(config) as first, Fleet(config) as second:
            await first.submit(specs)
            secrets = SecretBook.from_specs(specs)
            await asyncio.gather(first.work(secrets), second.work(secrets))
            results = await first.results([spec.id for spec in specs])
        assert {r.status for r in results} == {TaskStatus.SUCCEEDED}, [r.error for r in results]
        assert sum(1 for r in results if _deciders(r) > 0) == 1
        with Store.open(url) as store:
            workers = {(await store.get_task(spec.id)).completed_by for spec in specs}  # type: ignore[union-attr]
        assert len(workers) == 2  # both workers ran some of them
