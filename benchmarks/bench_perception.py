"""Perception benchmark: ghosttab's `observe()` against browser-use's page state, same pages, same Chromium.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/bench_perception.py [--repeats 5] [--json out.json]

Per page it prints the median time of `--repeats` calls (after one warm-up call each), the tokens of
the text a model would read (ceil(chars / 4) for both), and how many interactive elements each
found inside the viewport. browser-use runs in its own venv (benchmarks/.venv-browser-use, made
here on first use with `pip install browser-use`) through `browser_use_worker.py`; see that file
for exactly what is measured on its side. Pages are measured one after the other, ghosttab then
browser-use on the same page, so both see the same machine load; each page is loaded, left to
settle (network idle + SETTLE_S) and then measured.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, ViewportSize, async_playwright

from ghosttab.perception import observe

HERE = Path(__file__).resolve().parent
BU_VENV = HERE / ".venv-browser-use"
BU_PYTHON = BU_VENV / "bin" / "python"
WORKER = HERE / "browser_use_worker.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-quic", "--disable-gpu", "--disable-dev-shm-usage",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
SETTLE_S = 1.5
TIME_TARGET = 1 / 5
TOKEN_TARGET = 1 / 4


@dataclass
class Measure:
    median_ms: float
    tokens: int
    viewport_elements: int
    elements: int


@dataclass
class Row:
    page: str
    url: str
    ghosttab: Measure
    browser_use: Measure | None = None
    browser_use_raw_tokens: int | None = None
    error: str = ""

    @property
    def comparable(self) -> bool:
        return self.browser_use is not None and not self.error


# ---------- pages ----------

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_fallback_site(root: Path) -> None:
    """Pages equivalent to the demo site's, for when `ghosttab.demo` cannot be imported."""
    (root / "portal").mkdir(parents=True, exist_ok=True)
    (root / "portal" / "index.html").write_text(
        "<!doctype html><title>Supplier Portal — Sign in</title><main><h1>Supplier Portal — Sign in</h1>"
        "<form><label for=u>Username</label><input id=u name=username required>"
        "<label for=p>Password</label><input id=p type=password name=password required>"
        "<label><input type=checkbox name=remember> Keep me signed in</label><button>Sign in</button></form>"
        "<p>Forgot your password? <a href=/contact>Contact procurement</a></p></main>", encoding="utf-8")
    cards = "".join(
        f"<article><h3>Product {i}</h3><p>${i}.00</p><button>Add to cart</button>"
        f"<a href=/item/{i}>Details</a></article>" for i in range(1, 801))
    (root / "grid.html").write_text(
        "<!doctype html><title>Product grid</title>"
        "<style>main{display:grid;grid-template-columns:repeat(4,1fr)}"
        f"</style><h1>All products</h1><main>{cards}</main>", encoding="utf-8")
    rows = "".join(
        f"<tr><td>{i}</td><td>Name {i}</td><td>user{i}@example.com</td>"
        f"<td><a href=/edit/{i}>Edit</a></td></tr>" for i in range(1, 20001))
    (root / "table.html").write_text(
        f"<!doctype html><title>Customer records</title><h1>Customer records</h1><table>{rows}</table>",
        encoding="utf-8")


def rust_doc_root() -> Path | None:
    try:
        sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    root = Path(sysroot.stdout.strip()) / "share" / "doc" / "rust" / "html"
    return root if root.is_dir() else None


# ---------- ghosttab ----------

async def measure_ghosttab(page: Page, url: str, repeats: int) -> Measure:
    await page.goto(url, wait_until="load", timeout=120_000)
    with suppress(PlaywrightError):
        await page.wait_for_load_state("networkidle", timeout=10_000)
    await asyncio.sleep(SETTLE_S)
    await observe(page)  # warm-up, not counted
    times: list[float] = []
    obs = None
    for _ in range(repeats):
        started = time.perf_counter()
        obs = await observe(page)
        times.append(time.perf_counter() - started)
    assert obs is not None
    in_view = sum(1 for e in obs.elements if e.in_viewport and not e.behind_dialog)
    return Measure(statistics.median(times) * 1000, obs.tokens, in_view, len(obs.elements))


async def measure_pages(
    pages: list[tuple[str, str]], repeats: int, timeout_s: float, with_bu: bool
) -> list[Row]:
    rows: list[Row] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await (await browser.new_context(viewport=VIEWPORT)).new_page()
        for name, url in pages:
            print(f"  {name}: ghosttab …", end="", flush=True)
            row = Row(name, url, await measure_ghosttab(page, url, repeats))
            rows.append(row)
            await page.goto("about:blank")
            if with_bu:
                print(" browser-use …", end="", flush=True)
                # The worker blocks in a thread so this event loop (and Playwright) stays responsive.
                await asyncio.to_thread(_fill_browser_use, row, repeats, timeout_s)
            print(" done", flush=True)
        await browser.close()
    return rows


def _fill_browser_use(row: Row, repeats: int, timeout_s: float) -> None:
    try:
        bu = measure_browser_use(row.url, repeats, timeout_s)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        row.error = str(exc)[:200]
        return
    seconds = bu["seconds"] or [float("nan")]
    row.browser_use = Measure(statistics.median(seconds) * 1000, bu["agent_tokens"], bu["viewport_elements"],
                              bu["elements"])
    row.browser_use_raw_tokens = bu["tokens"]
    if bu["errors"] and not bu["seconds"]:
        row.error = f"every call raised: {bu['errors'][0]}"
    elif bu["empty"]:
        row.error = "returned an empty DOM (0 elements): its CDP snapshot timed out (fixed 10 s + 2 s)"


# ---------- browser-use ----------

def ensure_browser_use() -> str:
    """Make the browser-use venv if it is missing; return the installed version."""
    if not BU_PYTHON.exists():
        print(f"creating {BU_VENV} and installing browser-use from PyPI …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(BU_VENV)], check=True)
        subprocess.run([str(BU_PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(BU_PYTHON), "-m", "pip", "install", "-q", "browser-use"], check=True)
    probe = subprocess.run(
        [str(BU_PYTHON), "-c", "import importlib.metadata as m; print(m.version('browser-use'))"],
        capture_output=True, text=True, check=True)
    return probe.stdout.strip()


def measure_browser_use(url: str, repeats: int, timeout_s: float) -> dict[str, Any]:
    config = {
        "urls": [url], "repeats": repeats, "chromium": CHROMIUM, "args": CHROMIUM_ARGS, "viewport": VIEWPORT,
        "settle_s": SETTLE_S,
    }
    done = subprocess.run(
        [str(BU_PYTHON), str(WORKER), json.dumps(config)],
        capture_output=True, text=True, timeout=timeout_s,
        env={"ANONYMIZED_TELEMETRY": "false", "BROWSER_USE_LOGGING_LEVEL": "warning", "PATH": "/usr/bin:/bin",
             "HOME": str(Path.home()), "TIMEOUT_BrowserStateRequestEvent": str(timeout_s)},
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "worker failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])[0]
    return result


# ---------- report ----------

def print_table(rows: list[Row]) -> None:
    header = (f"{'page':<22} {'gt ms':>8} {'bu ms':>9} {'time':>6}  {'gt tok':>6} {'bu tok':>7} {'tok':>6}"
              f"  {'gt vp':>5} {'bu vp':>5}")
    print(header)
    print("-" * len(header))
    for row in rows:
        gt, bu = row.ghosttab, row.browser_use
        if bu is None or not row.comparable:
            bu_ms = f"{bu.median_ms:>9.1f}" if bu else f"{'—':>9}"
            print(f"{row.page:<22} {gt.median_ms:>8.1f} {bu_ms} {'':>6}  {gt.tokens:>6} {'—':>7} {'':>6}"
                  f"  {gt.viewport_elements:>5} {'—':>5}  browser-use failed: {row.error}")
            continue
        time_ratio = gt.median_ms / bu.median_ms if bu.median_ms else float("inf")
        token_ratio = gt.tokens / bu.tokens if bu.tokens else float("inf")
        print(f"{row.page:<22} {gt.median_ms:>8.1f} {bu.median_ms:>9.1f} {time_ratio:>6.3f}  {gt.tokens:>6}"
              f" {bu.tokens:>7} {token_ratio:>6.2f}  {gt.viewport_elements:>5} {bu.viewport_elements:>5}")
    print()
    print("time = ghosttab/browser-use median time (target <= 0.200); tok = token ratio (target <= 0.25);")
    print("bu tok = browser-use element text as its agent sends it (cut at 40,000 chars); vp = interactive")
    print("elements inside the viewport (ghosttab: in_viewport and not behind a dialog).")
    pairs = [(r.ghosttab, r.browser_use) for r in rows if r.browser_use is not None and r.comparable]
    if pairs:
        fast = all(gt.median_ms <= TIME_TARGET * bu.median_ms for gt, bu in pairs)
        small = all(gt.tokens <= TOKEN_TARGET * bu.tokens for gt, bu in pairs)
        seen = all(gt.viewport_elements >= bu.viewport_elements for gt, bu in pairs)
        print(f"targets met on every measured page: time {fast}; tokens {small}; viewport elements {seen}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--skip-browser-use", action="store_true")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per page for browser-use")
    args = parser.parse_args()

    version = "" if args.skip_browser_use else ensure_browser_use()
    with _sites() as pages:
        print(f"{len(pages)} pages, {args.repeats} timed calls each: ghosttab observe(); browser-use"
              f" {version or '-'} get_browser_state_summary + llm_representation", flush=True)
        rows = asyncio.run(measure_pages(pages, args.repeats, args.timeout, not args.skip_browser_use))
    print()
    print(f"Chromium {_chromium_version()}; browser-use {version or 'skipped'}; viewport 1280x800")
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2), encoding="utf-8")


@contextmanager
def _sites() -> Iterator[list[tuple[str, str]]]:
    pages: list[tuple[str, str]] = []
    docs = rust_doc_root()
    with _demo_site() as demo, (serve_directory(docs) if docs else _nothing()) as rust:
        pages += [("login (/portal/)", demo["portal"]), ("grid n=800", demo["grid"]),
                  ("table rows=20000", demo["table"])]
        if rust:
            for name, rel in (("rust std index", "std/index.html"), ("rust Vec", "std/vec/struct.Vec.html"),
                              ("rust book print", "book/print.html")):
                if docs and (docs / rel).exists():
                    pages.append((name, f"{rust}/{rel}"))
        yield pages


@contextmanager
def _demo_site() -> Iterator[dict[str, str]]:
    try:
        from ghosttab.demo.server import DemoServer
    except ImportError:
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            write_fallback_site(Path(tmp))
            with serve_directory(Path(tmp)) as base:
                yield {"portal": f"{base}/portal/", "grid": f"{base}/grid.html",
                       "table": f"{base}/table.html"}
        return
    with DemoServer() as server:
        base = server.url
        yield {"portal": f"{base}/portal/", "grid": f"{base}/lab/grid?n=800",
               "table": f"{base}/lab/table?rows=20000"}


@contextmanager
def _nothing() -> Iterator[str]:
    yield ""


def _chromium_version() -> str:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
