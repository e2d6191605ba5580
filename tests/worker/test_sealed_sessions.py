"""Saved logins are sealed at rest: the raw SQLite file holds no cookie value, and a session sealed
under another key, or corrupt, is dropped and its task signs in again."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from ghosttab.browser.sealing import SessionCipher, SessionKeyError, SessionUnreadable, read_or_create_key
from ghosttab.fleet import run_tasks
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import StepRecord
from ghosttab.secrets import SecretBook, SecretRefused
from ghosttab.store import Store

from .conftest import MakeConfig
from .tasks import portal_task


def _typed_secrets(steps: list[StepRecord]) -> list[str]:
    typed = [s.action for s in steps if s.action["kind"] == "type" and s.action.get("secret")]
    return sorted(str(action["secret"]) for action in typed)


def _raw_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.suffix != ".key")


def _stored(db: Path, key: str) -> dict[str, object]:
    with sqlite3.connect(db) as conn:
        (state,) = conn.execute("SELECT storage_state FROM sessions WHERE key = ?", (key,)).fetchone()
    return dict(json.loads(state))


async def test_the_sessions_table_holds_no_cookie_in_clear_and_another_key_signs_in_again(
    demo_url: str, make_config: MakeConfig, tmp_path: Path
) -> None:
    key_file = tmp_path / "keys" / "session.key"
    config = make_config(secret_key_file=key_file)
    db = Path(config.db)
    (first,) = await run_tasks([portal_task(demo_url, "first", "PO-10023", session="portal:buyer1")], config)
    assert first.status == TaskStatus.SUCCEEDED, first.error

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    stored = _stored(db, "portal:buyer1")
    assert set(stored) == {"sealed", "token"}
    state = config.session_cipher().open(stored)
    cookies = [c for c in state["cookies"] if c["value"]]
    assert cookies, state  # the login did leave a cookie to protect
    raw = _raw_bytes(db)
    for cookie in cookies:
        assert cookie["value"].encode() not in raw

    # The same key: the next task starts signed in.
    reuse = portal_task(demo_url, "reused", "PO-10031", session="portal:buyer1")
    (reused,) = await run_tasks([reuse], config)
    assert reused.status == TaskStatus.SUCCEEDED, reused.error

    # Another key cannot open it: dropped, and the task signs in again instead of failing.
    other = make_config(secret_key=Fernet.generate_key().decode())
    (again,) = await run_tasks([portal_task(demo_url, "again", "PO-10002", session="portal:buyer1")], other)
    assert again.status == TaskStatus.SUCCEEDED, again.error
    store = Store.open(config.db)
    try:
        assert _typed_secrets(await store.steps("reused")) == []
        assert _typed_secrets(await store.steps("again")) == ["password", "username"]
    finally:
        store.close()
    other.session_cipher().open(_stored(db, "portal:buyer1"))  # saved again, under the new key


async def test_a_corrupt_session_is_dropped_and_the_task_signs_in(
    demo_url: str, make_config: MakeConfig, tmp_path: Path
) -> None:
    config = make_config(secret_key_file=tmp_path / "k")
    db = Path(config.db)
    (first,) = await run_tasks([portal_task(demo_url, "first", "PO-10023", session="s")], config)
    assert first.status == TaskStatus.SUCCEEDED, first.error
    with sqlite3.connect(db) as conn:
        corrupt = json.dumps({"sealed": "fernet-v1", "token": "x"})
        conn.execute("UPDATE sessions SET storage_state = ?", (corrupt,))
    (second,) = await run_tasks([portal_task(demo_url, "second", "PO-10031", session="s")], config)
    assert second.status == TaskStatus.SUCCEEDED, second.error
    store = Store.open(config.db)
    try:
        assert _typed_secrets(await store.steps("second")) == ["password", "username"]
    finally:
        store.close()


def test_the_cipher_refuses_what_it_cannot_open() -> None:
    cipher = SessionCipher.generate()
    state = {"cookies": [{"name": "sid", "value": "abc123"}], "origins": []}
    sealed = cipher.seal(state)
    assert "abc123" not in json.dumps(sealed)
    assert cipher.open(sealed) == state
    for stored in (state, {"sealed": "fernet-v1", "token": "garbage"}, SessionCipher.generate().seal(state)):
        with pytest.raises(SessionUnreadable):
            cipher.open(stored)


def test_a_bad_key_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SessionKeyError, match="GHOSTTAB_SECRET_KEY is not a Fernet key"):
        SessionCipher.load("not-a-key", tmp_path / "unused")
    empty = tmp_path / "empty.key"
    empty.write_bytes(b"")
    with pytest.raises(SessionKeyError, match="is empty"):
        SessionCipher.load(None, empty)


def test_the_key_file_is_made_once_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "secret.key"
    key = read_or_create_key(path)
    assert read_or_create_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    Fernet(key)


def test_a_task_secret_cannot_read_the_session_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHOSTTAB_SECRET_KEY", Fernet.generate_key().decode())
    book = SecretBook({"t": {"pw": "env:GHOSTTAB_SECRET_KEY"}})
    with pytest.raises(SecretRefused, match="holds ghosttab's own key"):
        book.secrets_for("t", ["pw"])
    assert SecretBook().secrets_for("t", ["key"]).names == []
    assert os.environ["GHOSTTAB_SECRET_KEY"]
