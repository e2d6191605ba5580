"""Remembering what worked, measured: N tasks of one shape on the demo site's supplier portal
(sign in, search for a purchase order, open it, download its PDF), four ways, side by side:

- (a) replay: ghosttab as it ships: the first task of the shape finds the way with the heuristic
  while the others wait (shape-aware claiming), the rest replay its path with their own data;
- (b) heuristic: the same, with the path cache off: every task finds the way itself;
- (c) model: the model tier alone, against a scripted OpenAI-compatible server on 127.0.0.1 that
  answers each call after SLOW_MODEL_S (a fast hosted model's time to answer), with the right step;
- (d) script: a hand-written Playwright script doing the same steps in tabs of the same pool: the
  floor, with no observation, no decision and no record at all.

Printed: decider calls per task (steps decided by the heuristic or the model), tasks per minute,
wall time, and the ratios the issue sets as targets.

    python benchmarks/bench_replay.py [--tasks 100] [--concurrency 8] [--skip model] [--url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
if SRC.is_dir() and str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import uvicorn  # noqa: E402
from bench_pool import demo_site, load_line  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402

from ghosttab import Fleet, FleetConfig, TaskResult, TaskSpec, TaskStatus  # noqa: E402
from ghosttab.browser import TabPool  # noqa: E402
from ghosttab.navigator import Router  # noqa: E402
from ghosttab.navigator.llm import ModelConfig, ModelDecider  # noqa: E402
from ghosttab.replay.cache import PathSettings  # noqa: E402
from ghosttab.runner import RunnerConfig, ScreenshotMode, TraceMode  # noqa: E402
from ghosttab.secrets import SecretBook  # noqa: E402

SLOW_MODEL_S = 1.0
USERNAME, PASSWORD = "buyer1", "s3cret"
TARGETS = {"model": 10.0, "heuristic": 2.0, "script": 1.3}


def orders(count: int) -> list[str]:
    return [f"PO-{10001 + index % 60}" for index in range(count)]


def tasks(site: str, count: int, prefix: str) -> list[TaskSpec]:
    return [
        TaskSpec.model_validate({
            "id": f"{prefix}-{index:03d}", "goal": "Download the PDF of purchase order {po_number}",
            "start_url": f"{site}/portal/", "data": {"po_number": po},
            "secrets": {"username": USERNAME, "password": PASSWORD}, "success": {"download": True},
        })
        for index, po in enumerate(orders(count))
    ]  # fmt: skip


@dataclass
class Run:
    name: str
    tasks: int
    succeeded: int
    seconds: float
    decider_calls: int

    @property
    def per_minute(self) -> float:
        return self.succeeded / self.seconds * 60 if self.seconds else 0.0


# -- (c) a scripted model ---------------------------------------------------------------------
class ScriptedModel:
    """Answers like a model that knows the portal: the next step, read off the compact page, after
    SLOW_MODEL_S. It speaks the chat-completions protocol, usage included."""

    def __init__(self) -> None:
        self.calls = 0
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self.complete)

    @staticmethod
    def answer(prompt: str) -> dict[str, Any]:
        before, _, page = prompt.rpartition("CURRENT PAGE:")
        po = re.search(r'"po_number": "([^"]+)"', prompt)
        number = po.group(1) if po else ""

        def index(pattern: str) -> int | None:
            found = re.search(pattern, page)
            return int(found.group(1)) if found else None

        if (sign_in := index(r'\[(\d+)\] button "Sign in"')) is not None:
            user = re.search(r'\[(\d+)\] textbox "Username"([^\n]*)', page)
            if user and "value=" not in user.group(2):
                return {"kind": "type", "index": int(user.group(1)), "secret": "username"}
            password = index(r'\[(\d+)\] textbox "Password"')
            if password is not None and "secret='password'" not in before:
                return {"kind": "type", "index": password, "secret": "password"}
            return {"kind": "click", "index": sign_in}
        if (download := index(r'\[(\d+)\] link "Download PDF"')) is not None:
            return {"kind": "download", "index": download}
        link = index(rf"\[(\d+)\] {re.escape(number)}(?=\s|$)") if number else None
        if link is not None and f'value="{number}"' in page:
            return {"kind": "click", "index": link}
        if (search := index(r'\[(\d+)\] searchbox "PO number"')) is not None:
            return {"kind": "type", "index": search, "field": "po_number", "submit": True}
        return {"kind": "wait", "seconds": 0.5}

    async def complete(self, request: Request) -> dict[str, Any]:
        body = await request.json()
        self.calls += 1
        await asyncio.sleep(SLOW_MODEL_S)
        content = json.dumps({**self.answer(body["messages"][-1]["content"]), "confidence": 0.9})
        return {
            "id": f"cmpl-{self.calls}", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 900, "completion_tokens": 20, "total_tokens": 920},
        }  # fmt: skip


@contextlib.contextmanager
def scripted_model() -> Iterator[str]:
    model = ScriptedModel()
    server = uvicorn.Server(uvicorn.Config(model.app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# -- the runs ---------------------------------------------------------------------------------
def config(folder: Path, concurrency: int, replay: bool) -> FleetConfig:
    runner = RunnerConfig(
        artifacts_dir=folder / "artifacts", trace=TraceMode.OFF, screenshots=ScreenshotMode.OFF
    )
    return FleetConfig(
        db=str(folder / "bench.db"),
        concurrency=concurrency,
        runner=runner,
        paths=PathSettings(enabled=replay),
    )


def _deciders(results: list[TaskResult]) -> int:
    return sum(count for result in results for tier, count in result.tiers.items() if tier != "replay")


async def run_fleet(name: str, specs: list[TaskSpec], settings: FleetConfig, model_url: str | None) -> Run:
    deciders: list[ModelDecider] = []

    def model_router() -> Router:
        assert model_url is not None
        deciders.append(ModelDecider(ModelConfig(base_url=model_url, model="scripted", timeout_s=30)))
        return Router(deciders[-1:])

    async with Fleet(settings, router_factory=model_router if model_url else None) as fleet:
        await fleet.submit(specs)
        started = time.perf_counter()
        await fleet.work(SecretBook.from_specs(specs))
        seconds = time.perf_counter() - started
        results = await fleet.results([spec.id for spec in specs])
    for decider in deciders:
        await decider.client.close()
    succeeded = sum(1 for result in results if result.status == TaskStatus.SUCCEEDED)
    return Run(name, len(specs), succeeded, seconds, _deciders(results))


async def run_script(site: str, count: int, concurrency: int, folder: Path) -> Run:
    """The floor: the same steps as a hand-written Playwright script, in the same warm pool."""
    settings = config(folder, concurrency, replay=False)
    gate = asyncio.Semaphore(concurrency)
    done = 0

    async def one(pool: TabPool, po: str) -> None:
        nonlocal done
        async with gate, pool.lease() as tab:
            page = tab.page
            await page.goto(f"{site}/portal/")
            await page.fill("#username", USERNAME)
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/portal/orders**")
            await page.fill("#q", po)
            await page.press("#q", "Enter")
            await page.wait_for_url("**q=*")
            await page.get_by_role("link", name=po, exact=True).click()
            async with page.expect_download() as download:
                await page.get_by_role("link", name="Download PDF").click()
            await (await download.value).save_as(folder / f"{po}-{done}.pdf")
            done += 1

    async with TabPool(settings.pool) as pool:
        started = time.perf_counter()
        await asyncio.gather(*(one(pool, po) for po in orders(count)))
        seconds = time.perf_counter() - started
    return Run("script", count, done, seconds, 0)


def print_runs(runs: dict[str, Run]) -> None:
    print(f"\n{'run':<10}{'ok':>8}{'decider calls/task':>20}{'tasks/min':>11}{'wall s':>9}")
    for run in runs.values():
        calls = run.decider_calls / run.tasks if run.tasks else 0.0
        print(
            f"{run.name:<10}{run.succeeded:>4}/{run.tasks:<3}{calls:>20.2f}{run.per_minute:>11.1f}{run.seconds:>9.1f}"
        )
    replay = runs.get("replay")
    if replay is None:
        return
    print(f"\nreplay: {replay.decider_calls} decider calls in all (target: only the first task's)")
    for other, target in TARGETS.items():
        if other in runs and runs[other].seconds:
            ratio = runs[other].seconds / replay.seconds
            word = "faster than" if other != "script" else "of the floor; replay takes"
            shown = ratio if other != "script" else 1 / ratio
            goal = f">= {target:g}x" if other != "script" else f"<= {target:g}x"
            print(f"  replay vs {other:<9} {shown:5.2f}x ({word} {other}; target {goal})")


def one_run(name: str, site: str, count: int, concurrency: int, folder: Path) -> Run:
    if name == "script":
        return asyncio.run(run_script(site, count, concurrency, folder))
    specs = tasks(site, count, name)
    settings = config(folder, concurrency, replay=name == "replay")
    if name != "model":
        return asyncio.run(run_fleet(name, specs, settings, None))
    with scripted_model() as url:
        return asyncio.run(run_fleet(name, specs, settings, url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--skip", nargs="*", default=[], choices=["replay", "heuristic", "model", "script"])
    parser.add_argument("--url", help="use this demo site instead of starting one")
    args = parser.parse_args()
    print(f"replay benchmark: {args.tasks} tasks of one shape, {args.concurrency} at a time; "
          f"{os.cpu_count()} CPUs, load average {load_line()}", flush=True)  # fmt: skip
    runs: dict[str, Run] = {}
    with demo_site(args.url) as site, tempfile.TemporaryDirectory(prefix="gt-bench-replay-") as root:
        for name in ("replay", "heuristic", "model", "script"):
            if name in args.skip:
                continue
            folder = Path(root) / name
            folder.mkdir()
            runs[name] = one_run(name, site, args.tasks, args.concurrency, folder)
            run = runs[name]
            done = f"{run.succeeded}/{run.tasks} in {run.seconds:.1f} s"
            print(f"  {name}: {done}; load {load_line()}", flush=True)
    print_runs(runs)


if __name__ == "__main__":
    main()
