"""Opening a store: URL forms, clear one-line errors, and migrations that match the models."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from ghosttab.store import Store, StoreError
from ghosttab.store.connect import resolve_url
from ghosttab.store.tables import Base, modelled

from .helpers import make_spec


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(StoreError) as caught:
        Store.open("mysql://root@127.0.0.1/ghosttab")
    assert str(caught.value) == (
        "unsupported database URL scheme 'mysql' (use a SQLite path or postgresql://…)"
    )


def test_unreachable_postgres_names_host_and_port() -> None:
    with pytest.raises(StoreError) as caught:
        Store.open("postgresql://postgres@127.0.0.1:1/ghosttab")
    message = str(caught.value)
    assert "127.0.0.1:1" in message
    assert "\n" not in message and "Traceback" not in message
    assert caught.value.__cause__ is None


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("a-file/x.db", "cannot create the folder"),
        (".", "it is a directory"),
        ("not-a-db.db", "file is not a database"),
    ],
)
def test_bad_sqlite_paths(tmp_path: Path, relative: str, expected: str) -> None:
    (tmp_path / "a-file").write_text("plain file")
    (tmp_path / "not-a-db.db").write_bytes(b"this is not a SQLite database at all" * 200)
    with pytest.raises(StoreError) as caught:
        Store.open(str(tmp_path / relative))
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_in_memory_sqlite_is_refused() -> None:
    with pytest.raises(StoreError, match="in-memory"):
        Store.open("sqlite://")


def test_url_forms(tmp_path: Path) -> None:
    assert resolve_url("postgresql://u@h:5433/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert resolve_url("postgresql+psycopg://u@h/db").database == "db"
    nested = tmp_path / "deep" / "er" / "g.db"
    assert resolve_url(f"sqlite:///{nested}").database == str(nested)
    assert (tmp_path / "deep" / "er").is_dir()


async def test_plain_path_creates_folders_and_reopens_with_data(tmp_path: Path) -> None:
    path = tmp_path / "results" / "nested" / "ghosttab.db"
    store = Store.open(str(path))
    await store.submit([make_spec("kept")])
    store.close()
    assert path.is_file()
    again = Store.open(f"sqlite:///{path}")
    try:
        row = await again.get_task("kept")
        assert row is not None
        assert again.dialect == "sqlite"
    finally:
        again.close()


def test_migrated_schema_matches_the_models(store_url: str) -> None:
    Store.open(store_url).close()
    engine = create_engine(resolve_url(store_url))
    try:
        with engine.connect() as conn:
            opts = {"compare_type": True, "include_name": lambda name, *_: modelled(name)}
            context = MigrationContext.configure(conn, opts=opts)
            assert compare_metadata(context, Base.metadata) == []
            assert context.get_current_revision() == "0007_apibench"
    finally:
        engine.dispose()


async def test_concurrent_opens_of_a_fresh_database_migrate_once(tmp_path: Path) -> None:
    path = str(tmp_path / "fresh.db")
    stores = await asyncio.gather(*(asyncio.to_thread(Store.open, path) for _ in range(4)))
    try:
        await stores[0].submit([make_spec("one")])
        assert [await s.get_task("one") is not None for s in stores] == [True] * 4
    finally:
        for store in stores:
            store.close()


@pytest.mark.postgres
async def test_concurrent_opens_of_a_fresh_postgres_database_migrate_once(fresh_pg_url: str) -> None:
    stores = await asyncio.gather(*(asyncio.to_thread(Store.open, fresh_pg_url) for _ in range(4)))
    try:
        report = await stores[1].submit([make_spec("one")])
        assert report.added == ["one"]
        assert all([await s.get_task("one") is not None for s in stores])
        assert stores[0].dialect == "postgresql"
    finally:
        for store in stores:
            store.close()
