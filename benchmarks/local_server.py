"""Benchmark sites' servers: one in a process of its own, waited for; or a folder of forms served
in a thread with a page that echoes what a form sent. And the npm installs and Vite builds of the
sites made from front-end packages."""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import html
import http.server
import json
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit


@contextlib.contextmanager
def server_process(
    command: list[str], probe_url: str, *, env: dict[str, str], cwd: Path | None = None, name: str = "server"
) -> Iterator[None]:
    """Start `command`, wait (up to 30 s) until `probe_url` answers, stop the process on exit."""
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(probe_url, timeout=2).close()
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"the {name} did not start")
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


class SeededCopies:
    """An app's project, built, migrated and seeded once per process; each site served is a fresh copy
    of it, found again by its base URL afterwards (to read what the run left in its database)."""

    def __init__(self, prefix: str, build: Callable[[Path], None]) -> None:
        self.prefix, self.build = prefix, build
        self._template: Path | None = None
        self.folders: dict[str, Path] = {}

    def template(self) -> Path:
        if self._template is None:
            folder = Path(tempfile.mkdtemp(prefix=f"{self.prefix}-template-"))
            atexit.register(shutil.rmtree, folder, True)
            self.build(folder / "site")
            self._template = folder / "site"
        return self._template

    @contextlib.contextmanager
    def serve(
        self,
        command: Callable[[int], list[str]],
        probe_path: str,
        env: Callable[[Path, str], dict[str, str]],
        name: str,
    ) -> Iterator[str]:
        """Run `command(port)` in a fresh copy on a free port; yield its base URL."""
        with tempfile.TemporaryDirectory(prefix=f"{self.prefix}-") as tmp:
            folder = Path(tmp) / "site"
            shutil.copytree(self.template(), folder)
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            url = f"http://127.0.0.1:{port}"
            self.folders[url] = folder
            try:
                environment = env(folder, url)
                with server_process(command(port), url + probe_path, env=environment, cwd=folder, name=name):
                    yield url
            finally:
                self.folders.pop(url, None)


class FormEchoHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; `/submit?form=F&…` answers "F received" and the submitted values of F's
    fields (`orders[F]`, in that order; a field sent several times shows its values joined by ", ")."""

    orders: ClassVar[dict[str, tuple[str, ...]]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/submit":
            super().do_GET()
            return
        values: dict[str, list[str]] = {}
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            values.setdefault(key, []).append(value)
        form = values.get("form", ["Form"])[0]
        summary = " | ".join(", ".join(values.get(key, [""])) for key in self.orders.get(form, ()))
        body = (f"<!doctype html><title>Received</title><h1>{html.escape(form)} received</h1>"
                f"<p id=summary>Summary: {html.escape(summary)} |</p>").encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def django_copy(
    template: Path, python: Path, env: Callable[[Path], dict[str, str]], name: str
) -> Iterator[str]:
    """Serve a fresh copy of a built Django project (`template`) with `runserver` on a free
    127.0.0.1 port; yield its base URL. Each caller gets its own database."""
    with tempfile.TemporaryDirectory(prefix="gt-django-") as tmp:
        folder = Path(tmp) / template.name
        shutil.copytree(template, folder)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        command = [str(python), "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"]
        with server_process(command, url + "/", env=env(folder), cwd=folder, name=name):
            yield url


@contextlib.contextmanager
def serve_in_thread(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def serve_forms(directory: Path, handler: type[FormEchoHandler]) -> contextlib.AbstractContextManager[str]:
    """Serve `directory` with `handler` on 127.0.0.1 in a thread; yields the base URL."""
    return serve_in_thread(functools.partial(handler, directory=str(directory)))


def npm_install(prefix: Path, packages: list[str]) -> Path:
    """Install `packages` from the npm registry into `prefix` unless all are there; return node_modules."""
    modules = prefix / "node_modules"
    names = [package.rsplit("@", 1)[0] for package in packages]
    if not all((modules / name / "package.json").is_file() for name in names):
        print(f"installing {' '.join(packages)} from the npm registry into {prefix} …", flush=True)
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
                        *packages], check=True)  # fmt: skip
    return modules


def built_site(
    prefix: Path,
    packages: list[str],
    sources: dict[str, str],
    pages: list[str],
    build: Callable[[Path], None],
    dist: Path | None = None,
) -> Path:
    """Install `packages` into `prefix` if missing, write `sources` (paths relative to `prefix`) and
    run `build(node_modules)` to make the site in `dist` (default `prefix/dist`), unless the build
    there was made from the same packages and sources (a `dist.sha256` stamp) and holds every page."""
    modules = npm_install(prefix, packages)
    dist, stamp = dist or prefix / "dist", prefix / "dist.sha256"
    digest = hashlib.sha256(json.dumps([packages, sources, pages], sort_keys=True).encode()).hexdigest()
    built = all((dist / page).is_file() for page in pages)
    if built and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest:
        return dist
    print(f"building {prefix.name} into {dist} …", flush=True)
    for file, text in sources.items():
        path = prefix / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stamp.unlink(missing_ok=True)
    build(modules)
    stamp.write_text(digest + "\n", encoding="utf-8")
    return dist


def vite_build(prefix: Path, packages: list[str], sources: dict[str, str], pages: list[str]) -> Path:
    """`built_site` with Vite and the `vite.config.mjs` among `sources`."""

    def vite(modules: Path) -> None:
        subprocess.run([str(modules / ".bin" / "vite"), "build", "--config", str(prefix / "vite.config.mjs")],
                       cwd=prefix, check=True)  # fmt: skip

    return built_site(prefix, packages, sources, pages, vite)
