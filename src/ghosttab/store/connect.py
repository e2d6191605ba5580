"""From a database URL or a file path to an open, migrated Database, or one clear StoreError."""

from __future__ import annotations

import re
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError

from ghosttab.store.database import SQLITE_BUSY_TIMEOUT_MS, Database
from ghosttab.store.errors import StoreError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
POSTGRES_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg"})
SQLITE_SCHEMES = frozenset({"sqlite", "sqlite+pysqlite"})
# Any constant: serialises concurrent migrations of one PostgreSQL database.
MIGRATION_LOCK_KEY = 0x6768_7374  # "ghst"
PG_CONNECT_TIMEOUT_S = 10

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


def open_database(url: str) -> Database:
    """Open `url` (a SQLite file path, sqlite:///…, postgresql://…) and migrate it to head."""
    target = resolve_url(url)
    if target.get_backend_name() == "sqlite":
        engine = create_engine(
            target, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
    else:
        connect_args = {} if "connect_timeout" in target.query else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        engine = create_engine(target, pool_pre_ping=True, connect_args=connect_args)
    db = Database(engine, describe(target))
    try:
        migrate_to_head(db)
    except DBAPIError as exc:
        db.dispose()
        raise StoreError(f"cannot open {db.url_for_messages}: {_reason(exc)}") from None
    except BaseException:
        db.dispose()
        raise
    return db


def resolve_url(url: str) -> URL:
    """Map what a user typed to a SQLAlchemy URL, creating a SQLite file's parent folders."""
    raw = url.strip()
    if not raw:
        raise StoreError("empty database URL (use a SQLite path or postgresql://…)")
    match = _SCHEME.match(raw)
    if match is None:
        return _sqlite_file_url(Path(raw).expanduser())
    scheme = match.group(1).lower()
    try:
        parsed = make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"malformed database URL {raw!r}: {exc}") from None
    if scheme in SQLITE_SCHEMES:
        if not parsed.database or parsed.database == ":memory:":
            raise StoreError("in-memory SQLite is not supported (give a file path, e.g. results/ghosttab.db)")
        return _sqlite_file_url(Path(parsed.database).expanduser())
    if scheme in POSTGRES_SCHEMES:
        return parsed.set(drivername="postgresql+psycopg")
    raise StoreError(f"unsupported database URL scheme '{scheme}' (use a SQLite path or postgresql://…)")


def describe(target: URL) -> str:
    """How a database is named in messages: never with its password."""
    if target.get_backend_name() == "sqlite":
        return f"SQLite database {target.database}"
    return f"PostgreSQL at {target.host or 'localhost'}:{target.port or 5432}/{target.database or ''}"


def migrate_to_head(db: Database) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.write() as conn:
        if db.is_postgres:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _sqlite_file_url(path: Path) -> URL:
    if path.is_dir():
        raise StoreError(f"cannot open SQLite database {path}: it is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder for SQLite database {path}: {exc.strerror}") from None
    return URL.create("sqlite+pysqlite", database=str(path.resolve()))


def _reason(exc: DBAPIError) -> str:
    """The driver's own words, first line only, without SQLAlchemy's background links."""
    lines = [line.strip() for line in str(exc.orig).splitlines() if line.strip()]
    return lines[0] if lines else type(exc.orig).__name__
