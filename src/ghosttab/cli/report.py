"""`ghosttab report`: success, time, the path cache, recoveries and cost, as Rich tables."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from ghosttab.cli.common import DbOption, console, db_url, fail, run_async
from ghosttab.report import RunReport, build_report
from ghosttab.store import Store

_SPAN = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def since_moment(text: str | None) -> datetime | None:
    """`30m`, `2h`, `7d` ago, or an ISO date and time (UTC when it names no zone)."""
    if not text:
        return None
    span = _SPAN.match(text.strip())
    if span:
        return datetime.now(UTC) - timedelta(**{_UNITS[span.group(2)]: float(span.group(1))})
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--since {text!r}: give a span (30m, 2h, 7d) or an ISO date and time")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _tables(report: RunReport) -> list[Table]:
    overview = Table(
        title=f"{report.tasks} tasks" + (f" since {report.since:%Y-%m-%d %H:%M} UTC" if report.since else "")
    )
    overview.add_column("figure")
    overview.add_column("value", justify="right")
    statuses = ", ".join(
        f"{status.value.lower()} {count}" for status, count in sorted(report.by_status.items())
    )
    for name, value in (
        ("success rate", f"{report.success_rate:.0%} ({statuses or 'none'})"),
        ("task time, mean / p95", f"{report.mean_s:.1f} s / {report.p95_s:.1f} s"),
        ("cache hit rate on repeat tasks", f"{report.cache_hit_rate:.0%} ({report.cache_hits} hits, "
                                           f"{report.cache_heals} healed, of {report.repeat_tasks})"),
        ("steps replayed", str(report.replayed_steps)),
        ("time saved by replay", f"{report.saved_s:.1f} s"),
        ("recovery success rate", f"{report.recovery_success_rate:.0%} of {report.recovery_attempts} tries"),
    ):  # fmt: skip
        overview.add_row(name, value)
    costs = Table(title="decisions and cost by tier")
    for column in ("tier", "steps", "tasks", "steps/task", "tokens", "USD", "USD/task"):
        costs.add_column(column, justify="left" if column == "tier" else "right")
    for tier in report.tiers:
        per_task = tier.steps / tier.tasks if tier.tasks else 0.0
        cost_per_task = tier.cost_usd / report.tasks if report.tasks else 0.0
        costs.add_row(
            tier.tier, str(tier.steps), str(tier.tasks), f"{per_task:.1f}", str(tier.tokens),
            f"{tier.cost_usd:.4f}", f"{cost_per_task:.5f}",
        )  # fmt: skip
    return [overview, costs]


def report(
    db: DbOption = None,
    since: Annotated[
        str | None, typer.Option("--since", help="only tasks finished since: 30m, 2h, 7d or ISO")
    ] = None,
) -> None:
    """Success rate, task times, cache hit rate and time saved, recoveries, cost by tier."""
    moment = since_moment(since)

    async def go() -> RunReport:
        with Store.open(db_url(db)) as store:
            return await build_report(store, moment)

    for table in _tables(run_async(go())):
        console.print(table)
