"""The address policy end to end, on loopback only: a site on 127.0.0.1 that redirects elsewhere.

Every address here is in 127.0.0.0/8; the refused one (127.0.0.2) runs a server that counts the
requests it gets, so "refused before any connection" is a count of zero, not a guess."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import ValidationError

from ghosttab import FleetConfig, run_tasks
from ghosttab.errors import ErrorKind
from ghosttab.lifecycle import TaskStatus
from ghosttab.policy import PolicyPreset, PolicySettings
from ghosttab.runner import RunnerConfig
from ghosttab.spec import TaskSpec


class _Site(BaseHTTPRequestHandler):
    """127.0.0.1: pages, redirects (to itself, to 127.0.0.2, to a name) and a cookie check."""

    other = ""  # the refused server's origin
    name_origin = ""  # this server under a name (localhost)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        redirects = {
            "/to-other": f"{self.other}/stolen",
            "/to-name": f"{self.name_origin}/done",
            "/chain": "/hop",
            "/hop": "/done",
            "/login": "/account",
            "/sign-in": "/members",
        }
        if path in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[path])
            if path in ("/login", "/sign-in"):
                self.send_header("Set-Cookie", "sid=abc123; Path=/")
            self.end_headers()
            return
        if path == "/members" and "sid=abc123" not in self.headers.get("Cookie", ""):
            self.send_response(302)  # a page for the signed-in only: without the cookie, back to sign-in
            self.send_header("Location", "/signed-out")
            self.end_headers()
            return
        if path == "/members":
            self._page("Members area")
            return
        if path == "/account":
            cookie = self.headers.get("Cookie", "")
            self._page("Signed in" if "sid=abc123" in cookie else "Signed out")
            return
        if path == "/pre":  # a visitor's cookie before signing in (as a session or CSRF cookie is)
            data = b'<html><body><a href="/sign-in">Sign in</a></body></html>'
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Set-Cookie", "sid=anon; Path=/")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if path == "/link":
            self._page('Start <a href="/to-other">Continue to the partner site</a>')
            return
        self._page("All done here")

    def _page(self, body: str) -> None:
        data = f"<html><head><title>t</title></head><body><p>{body}</p></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: Any) -> None:
        pass


class _Counting(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"secret internal page")

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[str, list[str]]]:
    other = ThreadingHTTPServer(("127.0.0.2", 0), _Counting)
    site = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    _Site.other = f"http://127.0.0.2:{other.server_address[1]}"
    _Site.name_origin = f"http://localhost:{site.server_address[1]}"
    for server in (other, site):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}", _Counting.hits
    for server in (other, site):
        server.shutdown()
        server.server_close()


def _task(start_url: str, text: str, **extra: Any) -> TaskSpec:
    return TaskSpec.model_validate(
        {
            "goal": "Open the page",
            "start_url": start_url,
            "success": {"text": text},
            "max_steps": 4,
            "timeout_s": 60,
            **extra,
        }
    )


def _config(tmp_path: Path, preset: PolicyPreset, allow: list[str]) -> FleetConfig:
    return FleetConfig(
        db=str(tmp_path / "t.db"),
        concurrency=2,
        runner=RunnerConfig(artifacts_dir=tmp_path / "artifacts", navigation_timeout_s=10),
        policy=PolicySettings(preset=preset, allow=allow),
    )


async def test_strict_policy_allows_the_listed_loopback_and_refuses_a_redirect_to_another(
    sites: tuple[str, list[str]], tmp_path: Path
) -> None:
    site, hits = sites
    hits.clear()
    specs = [
        _task(f"{site}/chain", "All done here", id="chain"),
        _task(f"{site}/login", "Signed in", id="cookie"),
        _task(f"{site}/pre", "Members area", id="cookie-needed-by-the-next-hop", goal="Click Sign in"),
        _task(f"{site}/to-other", "secret internal page", id="redirect"),
        _task(f"{site}/link", "secret internal page", id="click", goal="Click Continue to the partner site"),
    ]
    chain, cookie, members, redirect, click = await run_tasks(
        specs, _config(tmp_path, PolicyPreset.STRICT, ["127.0.0.1/32"])
    )

    assert chain.status == TaskStatus.SUCCEEDED, chain.error
    assert chain.final_url.endswith("/done")  # the browser ends where the chain ends
    assert cookie.status == TaskStatus.SUCCEEDED, cookie.error  # a redirect's cookie is kept
    assert members.status == TaskStatus.SUCCEEDED, members.error  # and sent on the hop it sets up
    for refused in (redirect, click):
        assert refused.status == TaskStatus.FAILED
        assert refused.error is not None and refused.error.kind == ErrorKind.POLICY, refused.error
        assert "loopback address 127.0.0.2" in refused.error.message
    assert hits == []  # no request reached 127.0.0.2


async def test_allowed_domains_limit_where_a_task_navigates(
    sites: tuple[str, list[str]], tmp_path: Path
) -> None:
    site, hits = sites
    hits.clear()
    domains = {"allowed_domains": ["127.0.0.1"]}
    specs = [
        _task(f"{site}/chain", "All done here", id="inside", **domains),
        _task(f"{site}/to-name", "All done here", id="name", **domains),
        _task(f"{site}/to-other", "secret internal page", id="other", **domains),
        _task(f"{site}/to-other", "secret internal page", id="no-limit"),
    ]
    inside, name, other, no_limit = await run_tasks(specs, _config(tmp_path, PolicyPreset.PERMISSIVE, []))

    assert inside.status == TaskStatus.SUCCEEDED, inside.error
    for refused, host in ((name, "localhost"), (other, "127.0.0.2")):
        assert refused.status == TaskStatus.FAILED
        assert refused.error is not None and refused.error.kind == ErrorKind.POLICY, refused.error
        assert f"host '{host}' is outside allowed_domains" in refused.error.message
    # The permissive default keeps local sites: without allowed_domains the redirect is followed.
    assert no_limit.status == TaskStatus.SUCCEEDED, no_limit.error
    # (the guard fetched the redirect's end to check it does not redirect again; the browser then
    # fetched it too: a chain's last GET is made twice)
    assert set(hits) == {"/stolen"}


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://127.0.0.1/x"])
def test_a_start_url_of_another_scheme_is_refused_with_a_clear_error(url: str) -> None:
    with pytest.raises(ValidationError, match=r"only http\(s\) URLs are allowed"):
        _task(url, "x")


def test_a_start_url_outside_allowed_domains_is_refused() -> None:
    with pytest.raises(ValidationError, match="start_url is outside allowed_domains"):
        _task("http://127.0.0.1:1/", "x", allowed_domains=["shop.example"])
