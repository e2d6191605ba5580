"""One open database: the engine, how transactions begin, and the clock the store uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.pool import ConnectionPoolEntry

from ghosttab.store.writer_lock import WriterLock

SQLITE_BUSY_TIMEOUT_MS = 30_000


def utc_now() -> datetime:
    """The store's clock: Python's, in UTC, used the same way on every engine."""
    return datetime.now(UTC)


class Database:
    """An engine plus read and write transactions that behave the same on SQLite and PostgreSQL."""

    def __init__(self, engine: Engine, url_for_messages: str) -> None:
        self.engine = engine
        self.url_for_messages = url_for_messages
        self.dialect = engine.dialect.name
        self._writer_lock: WriterLock | None = None
        if self.is_sqlite:
            _configure_sqlite(engine)
            self._writer_lock = WriterLock(engine.url.database or "")

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    @contextmanager
    def read(self, single: bool = False) -> Iterator[Connection]:
        """A transaction that only reads (a consistent snapshot; takes no write lock).
        `single`: each statement the caller runs stands on its own (see `write`)."""
        with self.engine.connect() as conn:
            if single and self.is_postgres:
                yield conn.execution_options(isolation_level="AUTOCOMMIT")
                return
            with conn.begin():
                yield conn

    @contextmanager
    def write(self, single: bool = False) -> Iterator[Connection]:
        """A transaction that writes. On SQLite it takes the write lock up front (BEGIN IMMEDIATE),
        so a read-then-update in it is atomic across processes and never fails mid-way on a busy lock.

        `single`: each statement the caller runs is atomic by itself and needs no transaction
        around it. On PostgreSQL it then runs in autocommit mode, which saves the BEGIN and
        COMMIT round trips."""
        if self._writer_lock is not None:
            with self._writer_lock.held(), self.engine.connect() as conn:
                conn = conn.execution_options(ghosttab_sqlite_immediate=True)
                with conn.begin():
                    yield conn
            return
        with self.engine.connect() as conn:
            if single:
                yield conn.execution_options(isolation_level="AUTOCOMMIT")
                return
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()
        if self._writer_lock is not None:
            self._writer_lock.close()


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling would start transactions lazily as DEFERRED; take it over
    # so that every transaction starts where and how we say (the SQLAlchemy documented recipe).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("ghosttab_sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
