"""Shared fixtures: one demo-site server and one Chromium for the session, a fresh page per test."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright

from ghosttab.browser import LAUNCH_ARGS, find_chromium
from ghosttab.demo.server import DemoServer


@pytest.fixture(scope="session")
def demo_url() -> Iterator[str]:
    """The demo site `make test` started (GHOSTTAB_DEMO_URL), or one started here for this session."""
    shared = os.environ.get("GHOSTTAB_DEMO_URL")
    if shared:
        yield shared.rstrip("/")
        return
    with DemoServer() as server:
        yield server.url


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ghosttab.db"


@pytest_asyncio.fixture(scope="session")
async def chromium() -> AsyncIterator[Browser]:
    """One Chromium for the session (per xdist worker), found and launched as the runtime does."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=find_chromium(), args=list(LAUNCH_ARGS))
        yield browser
        await browser.close()


@pytest.fixture
def context_options() -> dict[str, Any]:
    """Options of the `page` fixture's context; a test folder overrides it to change them."""
    return {"accept_downloads": True}


@pytest_asyncio.fixture
async def page(chromium: Browser, context_options: dict[str, Any]) -> AsyncIterator[Page]:
    """A page in a fresh context of its own."""
    context = await chromium.new_context(**context_options)
    tab = await context.new_page()
    yield tab
    await context.close()
