"""Saved logins sealed at rest: a session's cookies and storage are stored only as a Fernet token.

The key is `GHOSTTAB_SECRET_KEY` (a Fernet key, shared by every worker of a fleet), or else a key
file created on first use with 0600 rights: beside a SQLite database (`ghosttab.db.key`), or in the
user's data folder for PostgreSQL (`$XDG_DATA_HOME/ghosttab/secret.key`). A session sealed under
another key, or corrupt, cannot be opened: it is dropped and its next task signs in again.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import time
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError

log = logging.getLogger(__name__)

SEALED = "fernet-v1"
KEY_ENV = "GHOSTTAB_SECRET_KEY"
KEY_FILE_NAME = "secret.key"


class SessionKeyError(GhosttabError):
    """The sessions' key cannot be used: a malformed GHOSTTAB_SECRET_KEY, an unusable key file."""

    kind = ErrorKind.INPUT
    source = ErrorSource.BROWSER


class SessionUnreadable(Exception):
    """A stored session this key cannot open (another key, a corrupt or a clear-text row)."""


class SessionCipher:
    """Seals a storage state into the dict the sessions table keeps, and opens it again."""

    def __init__(self, key: bytes, source: str = KEY_ENV) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError):
            raise SessionKeyError(
                f"{source} is not a Fernet key (32 url-safe base64-encoded bytes; make one with "
                "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)"
            ) from None

    @classmethod
    def generate(cls) -> SessionCipher:
        return cls(Fernet.generate_key())

    @classmethod
    def load(cls, secret_key: str | None, key_file: Path) -> SessionCipher:
        """The cipher of `secret_key` when one is given, else of `key_file` (made if missing)."""
        if secret_key and secret_key.strip():
            return cls(secret_key.strip().encode())
        return cls(read_or_create_key(key_file), source=f"the session key file {key_file}")

    def seal(self, state: dict[str, Any]) -> dict[str, Any]:
        token = self._fernet.encrypt(json.dumps(state, separators=(",", ":")).encode())
        return {"sealed": SEALED, "token": token.decode("ascii")}

    def open(self, stored: dict[str, Any]) -> dict[str, Any]:
        """The storage state inside `stored`, or SessionUnreadable."""
        if stored.get("sealed") != SEALED or not isinstance(stored.get("token"), str):
            raise SessionUnreadable("not sealed (saved before sessions were encrypted)")
        try:
            state = json.loads(self._fernet.decrypt(stored["token"].encode("ascii")))
        except InvalidToken:
            raise SessionUnreadable("sealed with another key, or corrupt") from None
        except (ValueError, UnicodeError) as exc:
            raise SessionUnreadable(f"corrupt ({exc})") from None
        if not isinstance(state, dict):
            raise SessionUnreadable("corrupt (not a storage state)")
        return state


def default_key_file(sqlite_path: str | None) -> Path:
    """Beside the SQLite file, or in the user's data folder (PostgreSQL, where no file is local)."""
    if sqlite_path:
        return Path(sqlite_path + ".key")
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "ghosttab" / KEY_FILE_NAME


def read_or_create_key(path: Path) -> bytes:
    """The key in `path`; a missing file is created with a new key, readable by its owner only."""
    path = path.expanduser()
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_written_by_another(path)
    except OSError as exc:
        raise SessionKeyError(f"cannot create the session key file {path}: {exc.strerror or exc}") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(Fernet.generate_key())
    log.info("created the session key file %s", path)
    return _read_key(path)


def _read_key_written_by_another(path: Path) -> bytes:
    """Another worker created the file a moment ago: wait the moment it takes to write the key."""
    for _ in range(40):
        if path.stat().st_size:
            break
        time.sleep(0.05)
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    try:
        key = path.read_bytes().strip()
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise SessionKeyError(f"cannot read the session key file {path}: {exc.strerror or exc}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("session key file %s is readable by others (chmod 600 it)", path)
    if not key:
        raise SessionKeyError(f"the session key file {path} is empty")
    return key
