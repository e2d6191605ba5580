"""Sessions: tasks that name the same `session` key share a login (cookies, localStorage).

The saved storage state lives in the store, sealed (`browser.sealing`: Fernet); until a key has
one, its tasks run one at a time, so the login happens once and the rest of the batch reuses it.
A saved state that cannot be opened (another key, corrupt, saved in clear before sealing) is
dropped and logged, and the task signs in again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any, Protocol

from playwright.async_api import Error as PlaywrightError

from ghosttab.browser.sealing import SessionCipher, SessionUnreadable
from ghosttab.browser.tab import Tab
from ghosttab.errors import first_line

log = logging.getLogger(__name__)

StorageState = dict[str, Any]


class SessionBackend(Protocol):
    """Where saved logins are kept: the Store."""

    async def load_session(self, key: str) -> StorageState | None: ...

    async def save_session(self, key: str, state: StorageState) -> None: ...

    async def delete_session(self, key: str) -> None: ...


class SessionStore:
    """`async with sessions.hold(key) as state:` lease a tab with `state`, run, then `save(key, tab)`."""

    def __init__(self, backend: SessionBackend, cipher: SessionCipher | None = None) -> None:
        self._backend = backend
        # Without a configured key, sessions live only as long as this process (a throwaway key).
        self._cipher = cipher or SessionCipher.generate()
        self._first_logins: dict[str, asyncio.Lock] = {}
        self.dropped = 0

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[StorageState | None]:
        """The key's saved state; with none saved yet, the key's lock is held until the block ends,
        so the next task of the session waits for this one's login."""
        state = await self._load(key)
        if state is not None:
            yield state
            return
        async with self._first_logins.setdefault(key, asyncio.Lock()):
            yield await self._load(key)

    async def _load(self, key: str) -> StorageState | None:
        stored = await self._backend.load_session(key)
        if stored is None:
            return None
        try:
            return self._cipher.open(stored)
        except SessionUnreadable as why:
            log.warning("session %r cannot be read (%s): dropped; its task signs in again", key, why)
            self.dropped += 1
            await self._backend.delete_session(key)
            return None

    async def save(self, key: str, tab: Tab) -> None:
        """Keep the tab's login for the next task; a browser that cannot say it costs only that."""
        try:
            state = await tab.storage_state()
        except (TimeoutError, PlaywrightError) as error:
            log.warning("session %r not saved: %s", key, first_line(error))
            return
        await self._backend.save_session(key, self._cipher.seal(state))
