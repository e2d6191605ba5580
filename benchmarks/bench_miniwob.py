"""The heuristic navigator on MiniWoB++ (Farama's `miniwob` package from PyPI): ~60 of its task
pages that need no vision, drawing or dragging, each run on a few seeds.

Each (task, seed) is one item. The benchmark serves the package's HTML pages on 127.0.0.1 with a
patched copy of MiniWoB's core.js (kept in memory, the package's file is never changed), which
starts the episode at once with `Math.seedrandom(seed)` before the task's genProblem and a longer
`core.EPISODE_MAX_TIME`, shows none of MiniWoB's own reward, timer or episode display, and when the
episode ends POSTs the raw reward to the benchmark's server (keyed by a run id) and moves the page
to a neutral `/episode-over` page. The reward never enters the page's DOM, title, URL or console.

The goal of each item is the task's own utterance (the text MiniWoB shows in #query), read by the
benchmark from a preview of the same seeded episode in its own Playwright page before the run. The
navigator's task ends when its page reaches `/episode-over` (which says nothing of the reward); the
item is solved when the first episode of its page ended with raw reward 1.0. An episode that timed
out, was never ended, or ended with a lower reward counts as unsolved.

    python benchmarks/bench_miniwob.py [--seeds 0-4] [--tasks NAME ...] [--concurrency 3]
                                       [--max-steps N] [--episode-s S] [--selftest]

`--selftest` checks the harness without the navigator: a few lines of Playwright solve
click-button (reward 1.0 recorded), click a wrong button (reward < 1), wait out a short episode
(timed out), reload a page (only the first episode counts) and look for the reward in the page.

First run (miniwob 1.1.0, seeds 0-4, 66 tasks, concurrency 3, 2 shared CPUs; before any navigator
change for MiniWoB): 65/330 items solved (19.7%): click 46/105, text entry 10/55, forms 8/60,
reading 1/50, apps 0/60; 355 s wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import functools
import http.server
import importlib.metadata
import importlib.util
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Page, async_playwright

SRC = Path(__file__).resolve().parents[1] / "src"
if SRC.is_dir() and str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from ghosttab import FleetConfig, run_tasks  # noqa: E402
from ghosttab.result import TaskResult  # noqa: E402
from ghosttab.runner import RunnerConfig, ScreenshotMode, TraceMode  # noqa: E402
from ghosttab.spec import SuccessSpec, TaskSpec  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import calibrate  # noqa: E402

MINIWOB_VERSION = "1.1.0"
OVER_PATH = "/episode-over"
SOLVED = 1.0 - 1e-9

# MiniWoB task name -> category. No vision (colours, shapes, icons to recognise in a picture),
# drawing or dragging tasks; the "-nodelay", "-easy"/"-medium", "-transfer" and "-turk" variants
# of tasks already here are left out.
TASKS: dict[str, str] = {
    "click-button": "click", "click-button-sequence": "click", "click-checkboxes": "click",
    "click-checkboxes-large": "click", "click-checkboxes-soft": "click", "click-collapsible": "click",
    "click-collapsible-2": "click", "click-dialog": "click", "click-dialog-2": "click",
    "click-link": "click", "click-menu": "click", "click-menu-2": "click", "click-option": "click",
    "click-pie": "click", "click-scroll-list": "click", "click-tab": "click", "click-tab-2": "click",
    "click-tab-2-hard": "click", "click-test": "click", "click-test-2": "click", "click-widget": "click",
    "focus-text": "text entry", "focus-text-2": "text entry", "enter-text": "text entry",
    "enter-text-2": "text entry", "enter-text-dynamic": "text entry", "enter-password": "text entry",
    "enter-date": "text entry", "enter-time": "text entry", "text-transform": "text entry",
    "copy-paste": "text entry", "copy-paste-2": "text entry",
    "login-user": "forms", "login-user-popup": "forms", "use-autocomplete": "forms",
    "form-sequence": "forms", "form-sequence-2": "forms", "form-sequence-3": "forms",
    "choose-list": "forms", "choose-date": "forms", "sign-agreement": "forms", "book-flight": "forms",
    "multi-layouts": "forms", "multi-orderings": "forms",
    "navigate-tree": "reading", "read-table": "reading", "read-table-2": "reading", "find-word": "reading",
    "scroll-text": "reading", "scroll-text-2": "reading", "ascending-numbers": "reading",
    "simple-arithmetic": "reading", "simple-algebra": "reading", "guess-number": "reading",
    "search-engine": "apps", "phone-book": "apps", "social-media": "apps", "social-media-all": "apps",
    "social-media-some": "apps", "email-inbox": "apps", "email-inbox-delete": "apps",
    "email-inbox-forward": "apps", "email-inbox-forward-nl": "apps", "email-inbox-important": "apps",
    "email-inbox-reply": "apps", "email-inbox-star-reply": "apps",
}  # fmt: skip

# Appended to MiniWoB's core.js when served. Only a page opened with `run` (an episode the
# benchmark scores) or `preview` (the benchmark reading the utterance) in its query is changed.
CORE_PATCH = """
;(function () {
  var q = core.QueryString;
  var preview = q.preview !== undefined;
  if (q.run === undefined && !preview) return;
  var run = q.run || '';
  var seed = /^-?[0-9]+$/.test(q.seed || '') ? Number(q.seed) : (q.seed || 0);
  var bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  var nonce = Array.prototype.map.call(bytes, function (b) {
    return (b + 256).toString(16).slice(1);
  }).join('');
  var began = false, over = false;
  function send(path, body) {
    return fetch(path, {method: 'POST', body: JSON.stringify(body), keepalive: true,
                        headers: {'Content-Type': 'text/plain'}});
  }
  function utterance() {
    var query = document.getElementById('query');
    return query ? query.textContent.replace(/\s+/g, ' ').trim() : '';
  }
  // No reward display, countdown, click canvas or START cover: nothing of the score on the page.
  core.createDisplay = function () {};
  core.reloadDisplay = function () {};
  core.updateDisplay = function () {};
  core.countdownTimer = function () {};
  core.clearTimer = function () {};
  core.canvasClear = function () {};
  core.canvasDrawClick = function () {};
  core.canvasDrawElementClick = function () {};
  core.cover_div = {style: {}};
  core.startEpisode = function () {
    if (began) return;  // after the episode ends there is no next one on this page
    began = true;
    Math.seedrandom(seed);
    core.EPISODE_MAX_TIME = preview ? 1e9 : __EPISODE_MS__;
    core.startEpisodeReal();
    if (!preview) send('/gt/start', {run: run, nonce: nonce, utterance: utterance()});
  };
  core.endEpisode = function (reward, timeProportional, reason) {
    if (core.EP_TIMER === null) return;  // as MiniWoB: one reward per episode
    clearTimeout(core.EP_TIMER);
    core.EP_TIMER = null;
    if (preview || over) return;
    over = true;
    var leave = function () { location.replace('__OVER_PATH__'); };
    send('/gt/end', {run: run, nonce: nonce, raw: Number(reward),
                     reason: reason === undefined || reason === null ? null : String(reason)})
      .then(leave, leave);
    setTimeout(leave, 3000);
  };
})();
"""

OVER_PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>Episode over</title></head>
<body><p>The episode is over.</p></body></html>"""


# ---------------------------------------------------------------------------------------------
# The package


def miniwob_html(install: bool = True) -> Path:
    """The package's html folder (miniwob/html); pip-installs the pinned version (no dependencies)
    into the running interpreter when it is missing. The package itself is never imported (that
    would pull gymnasium and Selenium)."""
    spec = importlib.util.find_spec("miniwob")
    if spec is None and install:
        print(f"installing miniwob=={MINIWOB_VERSION} (--no-deps) into {sys.prefix} …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", f"miniwob=={MINIWOB_VERSION}"],
            check=True,
        )
        importlib.invalidate_caches()
        spec = importlib.util.find_spec("miniwob")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the miniwob package is not installed and could not be installed")
    html = Path(next(iter(spec.submodule_search_locations))) / "html"
    if not (html / "core" / "core.js").is_file() or not (html / "miniwob").is_dir():
        raise SystemExit(f"no MiniWoB html folder (core/core.js, miniwob/) in {html}")
    return html


def miniwob_version() -> str:
    try:
        return importlib.metadata.version("miniwob")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------------------------------------
# The server: the pages, the patched core.js, the neutral end page, and the ledger of episodes


@dataclass
class Episode:
    run: str
    nonce: str
    utterance: str = ""
    raw: float | None = None
    reason: str | None = None
    ended_at: float | None = None


@dataclass
class Ledger:
    """What the pages reported, by run id: the episodes in the order they started."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    episodes: dict[str, Episode] = field(default_factory=dict)  # nonce -> episode
    runs: dict[str, list[str]] = field(default_factory=dict)  # run -> nonces in start order
    ended: list[Episode] = field(default_factory=list)

    def start(self, run: str, nonce: str, utterance: str) -> None:
        with self.lock:
            episode = self.episodes.setdefault(nonce, Episode(run, nonce))
            episode.utterance = utterance
            if nonce not in self.runs.setdefault(run, []):
                self.runs[run].append(nonce)

    def end(self, run: str, nonce: str, raw: float, reason: str | None) -> Episode | None:
        with self.lock:
            episode = self.episodes.setdefault(nonce, Episode(run, nonce))
            if episode.raw is not None:
                return None
            episode.raw, episode.reason, episode.ended_at = raw, reason, time.monotonic()
            if nonce not in self.runs.setdefault(run, []):
                self.runs[run].append(nonce)  # the end arrived before the start
            self.ended.append(episode)
            return episode

    def first(self, run: str) -> Episode | None:
        """The first episode the page of `run` started (a reload starts another; it does not count)."""
        with self.lock:
            nonces = self.runs.get(run, [])
            return self.episodes[nonces[0]] if nonces else None

    def count(self, run: str) -> int:
        with self.lock:
            return len(self.runs.get(run, []))


class MiniwobHandler(http.server.SimpleHTTPRequestHandler):
    ledger: Ledger
    core_js: bytes

    def log_message(self, format: str, *args: Any) -> None:
        return

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/core/core.js":
            self._send(self.core_js, "application/javascript; charset=utf-8")
        elif path == OVER_PATH:
            self._send(OVER_PAGE, "text/html; charset=utf-8")
        else:
            super().do_GET()

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        length = min(int(self.headers.get("Content-Length") or 0), 1 << 16)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            run, nonce = str(body["run"]), str(body["nonce"])
            if path == "/gt/start":
                self.ledger.start(run, nonce, str(body.get("utterance") or ""))
            elif path == "/gt/end":
                reason = body.get("reason")
                self.ledger.end(run, nonce, float(body["raw"]), None if reason is None else str(reason))
            else:
                self._send(b"not found", "text/plain", 404)
                return
        except (ValueError, KeyError, TypeError):
            self._send(b"bad report", "text/plain", 400)
            return
        self._send(b"ok", "text/plain")


@contextlib.contextmanager
def miniwob_server(html: Path, ledger: Ledger, episode_s: float) -> Iterator[str]:
    """Serve `html` on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    patch = CORE_PATCH.replace("__EPISODE_MS__", str(int(episode_s * 1000))).replace(
        "__OVER_PATH__", OVER_PATH
    )
    core_js = (html / "core" / "core.js").read_bytes() + patch.encode()
    handler = type("Handler", (MiniwobHandler,), {"ledger": ledger, "core_js": core_js})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(html))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page_url(base: str, task: str, seed: int, run: str | None = None) -> str:
    tail = f"&run={run}" if run else "&preview=1"
    return f"{base}/miniwob/{task}.html?seed={seed}{tail}"


# ---------------------------------------------------------------------------------------------
# The benchmark's own browser: utterances before the run, and the self-test


def chromium_path(managed: str) -> str | None:
    try:
        from ghosttab.browser.locate import find_chromium

        return find_chromium(managed, headless=True)
    except Exception:
        return shutil.which("chromium-headless-shell") or shutil.which("chromium")


@contextlib.asynccontextmanager
async def own_browser() -> Any:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(playwright.chromium.executable_path), headless=True
        )
        try:
            yield browser
        finally:
            await browser.close()


# What MiniWoB shows in #query, as core.getUtterance() reads it (a few pages override that
# function to return an object, so the text is read here).
QUERY_TEXT = (
    "() => { const q = document.getElementById('query'); "
    "return q ? q.textContent.replace(/\\s+/g, ' ').trim() : ''; }"
)


async def read_utterance(page: Page, url: str) -> str:
    """Open the seeded episode as a preview and read the #query text once it is set and steady."""
    await page.goto(url, wait_until="load")
    text, steady = "", 0
    for _ in range(100):
        now = str(await page.evaluate(QUERY_TEXT))
        steady = steady + 1 if now and now == text else 0
        if steady >= 2:
            return text
        text = now
        await asyncio.sleep(0.1)
    if not text:
        raise TimeoutError("no utterance in #query within 10 s")
    return text


async def read_utterances(
    base: str, items: list[tuple[str, int]], workers: int
) -> dict[tuple[str, int], str]:
    found: dict[tuple[str, int], str] = {}
    queue = list(items)
    async with own_browser() as browser:
        context = await browser.new_context()

        async def work() -> None:
            page = await context.new_page()
            while queue:
                task, seed = queue.pop(0)
                try:
                    found[(task, seed)] = await read_utterance(page, page_url(base, task, seed))
                except Exception as exc:
                    print(f"  {task} seed {seed}: no utterance ({str(exc).splitlines()[0][:80]})", flush=True)
            await page.close()

        await asyncio.gather(*(work() for _ in range(max(1, workers))))
        await context.close()
    return found


# ---------------------------------------------------------------------------------------------
# The run


@dataclass
class Item:
    task: str
    seed: int
    run: str
    utterance: str

    @property
    def id(self) -> str:
        return f"miniwob-{self.task}-s{self.seed}"


@dataclass
class Outcome:
    item: Item
    reward: float | None  # the first episode's raw reward; None when it never ended
    reason: str  # "solved", or why not
    steps: int
    episodes: int

    @property
    def solved(self) -> bool:
        return self.reward is not None and self.reward >= SOLVED


def fleet_config(folder: Path, concurrency: int) -> FleetConfig:
    """The one place the FleetConfig fields are named."""
    off = {"trace": TraceMode.OFF, "screenshots": ScreenshotMode.OFF}
    runner = RunnerConfig(artifacts_dir=folder / "artifacts", **off)
    return FleetConfig(db=str(folder / "bench.db"), concurrency=concurrency, runner=runner)


def task_spec(item: Item, base: str, max_steps: int, episode_s: float) -> TaskSpec:
    # The goal is the utterance as MiniWoB shows it; braces are doubled so that ghosttab's goal
    # template renders it back unchanged.
    goal = item.utterance.replace("{", "{{").replace("}", "}}")
    return TaskSpec(
        id=item.id,
        goal=goal,
        start_url=page_url(base, item.task, item.seed, item.run),
        success=SuccessSpec(url_contains=OVER_PATH),
        max_steps=max_steps,
        timeout_s=episode_s + 30,
        max_retries=0,
    )


def failure_reason(episode: Episode | None, result: TaskResult | None) -> str:
    if episode is not None and episode.raw is not None:
        if episode.raw >= SOLVED:
            return "solved"
        if episode.reason == "timed out":
            return "episode timed out"
        return f"wrong answer (reward {episode.raw:g})"
    if result is None:
        return "no result"
    if result.error is None:
        return f"episode not ended ({result.status.value.lower()})"
    message = re.sub(r"\d+(\.\d+)?", "N", result.error.message)
    message = re.sub(r"\s+", " ", message).strip()
    return f"{result.error.kind.value.lower()}: {message[:70]}"


def score(items: list[Item], results: list[TaskResult], ledger: Ledger) -> list[Outcome]:
    by_id = {result.id: result for result in results}
    outcomes = []
    for item in items:
        episode, result = ledger.first(item.run), by_id.get(item.id)
        reward = episode.raw if episode is not None else None
        outcomes.append(
            Outcome(
                item,
                reward,
                failure_reason(episode, result),
                result.steps if result else 0,
                ledger.count(item.run),
            )
        )
    return outcomes


async def progress(ledger: Ledger, items: list[Item], started: float, stop: asyncio.Event) -> None:
    """A line per episode that ends (reward hidden: solved or not), a counter every 30 s."""
    by_run = {item.run: item for item in items}
    shown, last_count = 0, time.monotonic()
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        with ledger.lock:
            fresh = ledger.ended[shown:]
        for episode in fresh:
            shown += 1
            item = by_run.get(episode.run)
            if item is None:
                continue
            verdict = "solved" if episode.raw is not None and episode.raw >= SOLVED else "not solved"
            print(
                f"  [{shown:>3}/{len(items)}] {time.monotonic() - started:6.0f}s  "
                f"{item.task} seed {item.seed}: episode ended, {verdict}",
                flush=True,
            )
        if time.monotonic() - last_count >= 30:
            last_count = time.monotonic()
            begun = sum(1 for item in items if ledger.count(item.run))
            print(
                f"  … {time.monotonic() - started:6.0f}s: {begun}/{len(items)} episodes started, "
                f"{shown} ended",
                flush=True,
            )


async def run_items(
    items: list[Item], base: str, ledger: Ledger, args: argparse.Namespace
) -> list[TaskResult]:
    specs = [task_spec(item, base, args.max_steps, args.episode_s) for item in items]
    stop = asyncio.Event()
    started = time.monotonic()
    watcher = asyncio.create_task(progress(ledger, items, started, stop))
    try:
        with contextlib.ExitStack() as stack:
            folder = (
                Path(args.keep)
                if args.keep
                else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gt-bench-miniwob-")))
            )
            folder.mkdir(parents=True, exist_ok=True)
            results = await run_tasks(specs, fleet_config(folder, args.concurrency))
            await asyncio.sleep(1.0)  # a last report still on its way
            if args.calibrate:
                firsts = [(item.id, ledger.first(item.run)) for item in items]
                solved = [key for key, e in firsts if e is not None and (e.raw or 0.0) >= SOLVED]
                calibrate.print_calibration(calibrate.step_outcomes(folder / "bench.db", solved),
                                            "calibration (a step of a solved item counts as right)")
    finally:
        stop.set()
        await watcher
    return results


def print_report(outcomes: list[Outcome], wall: float, previewed: float) -> None:
    by_task: dict[str, list[Outcome]] = collections.defaultdict(list)
    for outcome in outcomes:
        by_task[outcome.item.task].append(outcome)
    print(f"\n{'task':<26}{'solved':>8}{'steps':>7}  most common failure")
    for task, group in by_task.items():
        solved = sum(o.solved for o in group)
        fails = collections.Counter(o.reason for o in group if not o.solved)
        common = f"{fails.most_common(1)[0][0]} ({fails.most_common(1)[0][1]})" if fails else ""
        steps = sum(o.steps for o in group) / len(group)
        print(f"{task:<26}{f'{solved}/{len(group)}':>8}{steps:>7.1f}  {common}")
    total = sum(o.solved for o in outcomes)
    print(f"\noverall: {total}/{len(outcomes)} items solved ({100 * total / max(1, len(outcomes)):.1f}%)")
    categories: dict[str, list[Outcome]] = collections.defaultdict(list)
    for outcome in outcomes:
        categories[TASKS.get(outcome.item.task, "other")].append(outcome)
    for name, group in categories.items():
        solved = sum(o.solved for o in group)
        print(f"  {name:<12}{solved:>4}/{len(group):<4} ({100 * solved / len(group):.1f}%)")
    reasons = collections.Counter(o.reason for o in outcomes if not o.solved)
    if reasons:
        print("failures by reason:")
        for reason, count in reasons.most_common(8):
            print(f"  {count:>4}  {reason}")
    reloaded = sum(1 for o in outcomes if o.episodes > 1)
    if reloaded:
        print(f"{reloaded} items' pages were loaded again (later episodes did not count)")
    print(f"wall time: {wall:.0f} s ({previewed:.0f} s reading utterances)")


def parse_seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        seeds.extend(range(int(first), int(last or first) + 1))
    return seeds


def benchmark(args: argparse.Namespace) -> None:
    html = miniwob_html()
    tasks = args.tasks or list(TASKS)
    missing = [task for task in tasks if not (html / "miniwob" / f"{task}.html").is_file()]
    if missing:
        raise SystemExit(f"no such MiniWoB task: {', '.join(missing)}")
    seeds = parse_seeds(args.seeds)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"MiniWoB++ benchmark: miniwob {miniwob_version()}, {len(tasks)} tasks x {len(seeds)} seeds "
        f"({args.seeds}) = {len(tasks) * len(seeds)} items; {os.cpu_count()} CPUs, load {load}; "
        f"{args.concurrency} at a time, max {args.max_steps} steps, {args.episode_s:g} s episodes",
        flush=True,
    )
    ledger = Ledger()
    started = time.monotonic()
    with miniwob_server(html, ledger, args.episode_s) as base:
        pairs = [(task, seed) for task in tasks for seed in seeds]
        utterances = asyncio.run(read_utterances(base, pairs, args.concurrency))
        previewed = time.monotonic() - started
        token = secrets.token_hex(4)
        items = [
            Item(task, seed, f"{token}{index}", utterances[(task, seed)])
            for index, (task, seed) in enumerate(pairs)
            if utterances.get((task, seed))
        ]
        print(f"read {len(items)} utterances in {previewed:.0f} s; running the navigator …", flush=True)
        results = asyncio.run(run_items(items, base, ledger, args))
        outcomes = score(items, results, ledger)
        outcomes += [
            Outcome(Item(task, seed, "", ""), None, "no utterance", 0, 0)
            for task, seed in pairs
            if not utterances.get((task, seed))
        ]
        mismatched = [
            item
            for item in items
            if (e := ledger.first(item.run)) and e.utterance and e.utterance != item.utterance
        ]
    if mismatched:
        print(
            f"warning: {len(mismatched)} episodes showed another utterance than their preview: "
            + ", ".join(f"{item.task}/{item.seed}" for item in mismatched[:8])
        )
    order = {task: index for index, task in enumerate(tasks)}
    outcomes.sort(key=lambda o: (order.get(o.item.task, 0), o.item.seed))
    print_report(outcomes, time.monotonic() - started, previewed)
    if args.json:
        rows = [
            {
                "task": o.item.task,
                "seed": o.item.seed,
                "reward": o.reward,
                "solved": o.solved,
                "reason": o.reason,
                "steps": o.steps,
                "episodes": o.episodes,
                "goal": o.item.utterance,
            }
            for o in outcomes
        ]
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
        print(f"per item: {args.json}")


# ---------------------------------------------------------------------------------------------
# The self-test: the harness checked with a hand-written solver


async def _ended(ledger: Ledger, run: str, seconds: float = 10.0) -> Episode | None:
    for _ in range(int(seconds / 0.1)):
        episode = ledger.first(run)
        if episode is not None and episode.raw is not None:
            return episode
        await asyncio.sleep(0.1)
    return ledger.first(run)


async def _click_button_seeds(page: Page, base: str) -> tuple[int, int]:
    """A seed of click-button; and one with a button whose text is not the asked one."""
    for seed in range(50):
        await read_utterance(page, page_url(base, "click-button", seed))
        texts = await page.eval_on_selector_all("#area button", "els => els.map(e => e.textContent)")
        wanted = re.search(r'"(.*)"', await page.evaluate(QUERY_TEXT))
        if wanted and any(text != wanted.group(1) for text in texts):
            return seed, seed
    raise AssertionError("no click-button seed with a wrong button")


async def _selftest(html: Path) -> list[tuple[str, bool, str]]:
    checks: list[tuple[str, bool, str]] = []
    ledger = Ledger()
    with miniwob_server(html, ledger, 60) as base, miniwob_server(html, ledger, 1.5) as short_base:
        async with own_browser() as browser:
            page = await (await browser.new_context()).new_page()
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            seed, wrong_seed = await _click_button_seeds(page, base)
            utterance = await read_utterance(page, page_url(base, "click-button", seed))
            again = await read_utterance(page, page_url(base, "click-button", seed))
            checks.append(("the seeded utterance is the same twice", utterance == again, utterance))
            wanted = re.search(r'"(.*)"', utterance)
            assert wanted is not None

            # Solve it: click the button the utterance names.
            await page.goto(page_url(base, "click-button", seed, "selftest-right"))
            shown = await _page_text(page)
            await page.locator(
                "#area button", has_text=re.compile(f"^{re.escape(wanted.group(1))}$")
            ).first.click()
            episode = await _ended(ledger, "selftest-right")
            await page.wait_for_url(f"**{OVER_PATH}", timeout=5000)
            raw = episode.raw if episode else None
            checks.append(
                ("the right click records reward 1.0", raw is not None and raw >= SOLVED, f"raw={raw}")
            )
            checks.append(
                (
                    "the page then moves to the neutral end page",
                    urlsplit(page.url).path == OVER_PATH,
                    page.url,
                )
            )
            seen = episode.utterance if episode else ""
            checks.append(("the episode showed the previewed utterance", seen == utterance, seen))
            hidden = "reward" not in shown.lower() and "episodes done" not in shown.lower()
            checks.append(("no reward, timer or episode count in the page", hidden, shown[:80]))
            leaked = [text for text in console if "reward" in text.lower()]
            checks.append(("no reward in the console", not leaked, "; ".join(leaked)[:80]))
            over = (await _page_text(page)).lower()
            checks.append(
                (
                    "the end page says nothing of the reward",
                    "reward" not in over and "1" not in over,
                    over[:60],
                )
            )

            # A wrong click.
            await page.goto(page_url(base, "click-button", wrong_seed, "selftest-wrong"))
            await page.locator(
                "#area button", has_text=re.compile(f"^(?!{re.escape(wanted.group(1))}$)")
            ).first.click()
            episode = await _ended(ledger, "selftest-wrong")
            raw = episode.raw if episode else None
            checks.append(
                ("a wrong click records a reward < 1", raw is not None and raw < SOLVED, f"raw={raw}")
            )

            # An episode nobody ends times out (a 1.5 s episode here).
            await page.goto(page_url(short_base, "click-button", seed, "selftest-timeout"))
            episode = await _ended(ledger, "selftest-timeout", 6)
            checks.append(
                (
                    "an unended episode times out with reward < 1",
                    episode is not None
                    and episode.raw is not None
                    and episode.raw < SOLVED
                    and episode.reason == "timed out",
                    f"{episode}",
                )
            )

            # A reload starts a second episode; solving that one does not count.
            await page.goto(page_url(base, "click-button", seed, "selftest-reload"))
            await page.reload()
            await page.locator(
                "#area button", has_text=re.compile(f"^{re.escape(wanted.group(1))}$")
            ).first.click()
            await _ended(ledger, "selftest-reload", 2)
            first = ledger.first("selftest-reload")
            checks.append(
                (
                    "after a reload only the first episode counts",
                    ledger.count("selftest-reload") == 2 and first is not None and first.raw is None,
                    f"episodes={ledger.count('selftest-reload')}",
                )
            )
    return checks


async def _page_text(page: Page) -> str:
    return str(await page.evaluate("() => document.title + ' ' + document.documentElement.innerText"))


def selftest() -> None:
    html = miniwob_html()
    print(f"self-test of the MiniWoB harness (miniwob {miniwob_version()}, {html})")
    checks = asyncio.run(_selftest(html))
    for name, ok, detail in checks:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}  [{' '.join(detail.split())[:90]}]")
    failed = sum(not ok for _, ok, _ in checks)
    print(f"{len(checks) - failed} passed, {failed} failed")
    if failed:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-4", help="e.g. 0-4 or 0,3,7-9 (default 0-4)")
    parser.add_argument(
        "--tasks", nargs="*", default=[], help=f"MiniWoB task names (default: the {len(TASKS)})"
    )
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--max-steps", type=int, default=20)
    parser.add_argument("--episode-s", type=float, default=90.0, help="core.EPISODE_MAX_TIME in seconds")
    parser.add_argument("--json", default="", help="write the per-item outcomes to this file")
    parser.add_argument("--calibrate", action="store_true",
                        help="print how often the heuristic's steps were right, per confidence band")
    parser.add_argument("--keep", default="", help="keep the run's database and artifacts in this folder")
    parser.add_argument(
        "--selftest", action="store_true", help="check the harness with a hand-written solver"
    )
    args = parser.parse_args()
    if args.selftest:
        selftest()
    else:
        benchmark(args)


if __name__ == "__main__":
    main()
