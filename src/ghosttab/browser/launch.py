"""Launch a local Chromium or connect to a remote one, with the flags this runtime needs."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, Playwright
from playwright.async_api import Error as PlaywrightError

from ghosttab.browser.config import PoolConfig
from ghosttab.browser.errors import BrowserConnectError
from ghosttab.browser.locate import find_chromium
from ghosttab.errors import first_line

# Quiet, container-friendly Chromium: no sandbox (root), no background traffic on a closed
# network, /tmp instead of a small /dev/shm.
LAUNCH_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-gpu",
    "--disable-dev-shm-usage",
)


def launch_args(config: PoolConfig) -> list[str]:
    args = list(LAUNCH_ARGS)
    args.extend(arg for arg in config.extra_args if arg not in args)
    return args


async def launch_local(playwright: Playwright, config: PoolConfig, downloads_dir: Path) -> Browser:
    executable = config.executable_path or find_chromium(
        playwright.chromium.executable_path, headless=config.headless
    )
    return await playwright.chromium.launch(
        executable_path=executable,
        headless=config.headless,
        args=launch_args(config),
        downloads_path=downloads_dir,
        timeout=config.launch_timeout_s * 1000,
    )


def _one_line(error: BaseException) -> str:
    line = first_line(error)
    return line.removeprefix("BrowserType.connect_over_cdp: ").removeprefix("BrowserType.connect: ")


async def connect_remote(playwright: Playwright, config: PoolConfig) -> Browser:
    """Connect to `config.cdp_url` or `config.ws_endpoint`; any failure is one BrowserConnectError line."""
    timeout_ms = config.launch_timeout_s * 1000
    try:
        if config.cdp_url:
            return await playwright.chromium.connect_over_cdp(config.cdp_url, timeout=timeout_ms)
        if config.ws_endpoint:
            return await playwright.chromium.connect(config.ws_endpoint, timeout=timeout_ms)
    except (TimeoutError, PlaywrightError, OSError) as error:
        target = config.cdp_url or config.ws_endpoint
        raise BrowserConnectError(f"cannot connect to browser at {target}: {_one_line(error)}") from None
    raise ValueError("connect_remote needs cdp_url or ws_endpoint")
