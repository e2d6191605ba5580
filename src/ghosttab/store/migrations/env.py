"""Alembic environment: runs on the connection the Store hands over, or on `sqlalchemy.url`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from ghosttab.store.connect import describe, resolve_url
from ghosttab.store.database import Database
from ghosttab.store.tables import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        transactional_ddl=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given = context.config.attributes.get("connection")
    if isinstance(given, Connection):  # Store.open: its own connection, in its own transaction
        _run(given)
        return
    # The alembic command line (see store/alembic.ini), e.g. for `alembic revision --autogenerate`.
    url = resolve_url(context.config.get_main_option("sqlalchemy.url") or "")
    db = Database(create_engine(url), describe(url))
    try:
        with db.write() as connection:
            _run(connection)
    finally:
        db.dispose()


if context.is_offline_mode():
    raise SystemExit("ghosttab migrations run online only")
run_migrations_online()
