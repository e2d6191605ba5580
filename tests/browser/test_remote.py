"""A remote browser replaces the local launch: CDP URL or Playwright websocket endpoint."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghosttab.browser import LAUNCH_ARGS, BrowserConnectError, PoolConfig, TabPool, find_chromium

from .conftest import SiteServer


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class DebugChromium:
    """A Chromium started by hand with a debugging port, as a remote fleet member would be."""

    def __init__(self, profile: Path, port: int = 0) -> None:
        self.profile = profile
        self.port = port
        self.process = subprocess.Popen(
            [find_chromium(), "--headless", f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
             *LAUNCH_ARGS, "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_for_port(self) -> int:
        # Chromium writes DevToolsActivePort for a port it picked itself; a given port is probed.
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, "chromium exited before opening its debugging port"
            assert time.monotonic() < deadline, "chromium did not open its debugging port"
            if self.port == 0 and port_file.exists() and port_file.read_text().strip():
                return int(port_file.read_text().splitlines()[0].strip())
            if self.port and _listening(self.port):
                return self.port
            time.sleep(0.05)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


@pytest.fixture(scope="module")
def debug_chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium = DebugChromium(tmp_path_factory.mktemp("remote-profile"))
    try:
        yield f"http://127.0.0.1:{chromium.wait_for_port()}"
    finally:
        chromium.stop()


async def test_bad_cdp_url_is_a_one_line_connect_error() -> None:
    pool = TabPool(PoolConfig(cdp_url="http://127.0.0.1:1", launch_timeout_s=5))
    with pytest.raises(BrowserConnectError) as caught:
        await pool.start()
    message = str(caught.value)
    assert "\n" not in message
    assert "http://127.0.0.1:1" in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


async def test_bad_ws_endpoint_is_a_one_line_connect_error() -> None:
    pool = TabPool(PoolConfig(ws_endpoint="ws://127.0.0.1:1/playwright", launch_timeout_s=5))
    with pytest.raises(BrowserConnectError) as caught:
        await pool.start()
    assert "\n" not in str(caught.value)
    assert "ws://127.0.0.1:1/playwright" in str(caught.value)


async def test_pool_over_cdp_leases_isolated_tabs(debug_chromium: str, site: SiteServer) -> None:
    async with TabPool(PoolConfig(cdp_url=debug_chromium, tabs=2, warm=1)) as pool:
        shard = pool.shards[0]
        assert shard.remote and shard.pid is None
        async with pool.lease() as first:
            await first.page.goto(site.url + "/")
            assert await first.page.inner_text("h1") == "Hello ghost"
            await first.page.evaluate("() => localStorage.setItem('k', 'v')")
        async with pool.lease() as second:
            await second.page.goto(site.url + "/")
            assert await second.page.evaluate("() => localStorage.getItem('k')") is None
        assert pool.stats().leases_served == 2
        assert await pool.pss_mb() == 0.0
    # Closing the pool disconnects; the remote browser itself keeps running for its other clients.
    await asyncio.sleep(0)
    async with TabPool(PoolConfig(cdp_url=debug_chromium, warm=0)) as again, again.lease() as tab:
        await tab.page.goto(site.url + "/")
        assert await tab.page.inner_text("h1") == "Hello ghost"


async def test_lost_remote_browser_crashes_tabs_and_pool_reconnects(
    tmp_path: Path, site: SiteServer
) -> None:
    first = DebugChromium(tmp_path / "first")
    port = await asyncio.to_thread(first.wait_for_port)
    second: DebugChromium | None = None
    try:
        async with TabPool(PoolConfig(cdp_url=f"http://127.0.0.1:{port}", warm=0)) as pool:
            async with pool.lease() as tab:
                await tab.page.goto(site.url + "/")
                await asyncio.to_thread(first.stop, signal.SIGKILL)
                await asyncio.wait_for(tab.crashed.wait(), 20)
            assert pool.stats().crashes == 1
            # The same address comes back (a restarted remote browser): the pool reconnects by itself.
            second = DebugChromium(tmp_path / "second", port=port)
            await asyncio.to_thread(second.wait_for_port)

            async def reconnected() -> None:
                while pool.stats().shards_ready != 1:
                    await asyncio.sleep(0.05)

            await asyncio.wait_for(reconnected(), 30)
            async with pool.lease() as again:
                await again.page.goto(site.url + "/")
                assert await again.page.inner_text("h1") == "Hello ghost"
    finally:
        first.stop()
        if second is not None:
            second.stop()
