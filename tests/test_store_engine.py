"""The store's engine and schema: SQLite pragmas on every connection, write-locking
transactions, Alembic migrations equal to the models, append-only triggers on both backends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from nacl.signing import SigningKey
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from oylama.board import CheckpointSigner, EntryKind
from oylama.errors import InputError
from oylama.store import (
    BOARD_TABLES,
    DEFAULT_DB_NAME,
    Base,
    append,
    current_revision,
    downgrade_to_base,
    head_revision,
    issue_checkpoint,
    open_store,
    upgrade_to_head,
)

PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 30000}


def _pragmas(conn: object) -> dict[str, object]:
    return {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in PRAGMAS}  # type: ignore[attr-defined]


def test_sqlite_default_file_in_data_dir(tmp_path: Path) -> None:
    engine = open_store(data_dir=tmp_path / "var")
    try:
        upgrade_to_head(engine)
        assert (tmp_path / "var" / DEFAULT_DB_NAME).is_file()
    finally:
        engine.dispose()


def test_sqlite_pragmas_on_every_connection(sqlite_url: str) -> None:
    engine = open_store(sqlite_url, pool_size=2)
    try:
        # Several connections at once, each from the pool's connect event (deferred
        # transactions, or the second would wait for the first's write lock).
        reader = engine.execution_options(sqlite_begin="DEFERRED")
        with reader.connect() as a, reader.connect() as b:
            assert _pragmas(a) == PRAGMAS
            assert _pragmas(b) == PRAGMAS
        engine.dispose()  # fresh DBAPI connections again
        with engine.connect() as c:
            assert _pragmas(c) == PRAGMAS
    finally:
        engine.dispose()
    # A plain sqlite3 connection does not have them: the listener is what sets them.
    raw = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        assert raw.execute("PRAGMA foreign_keys").fetchone() == (0,)
        assert raw.execute("PRAGMA busy_timeout").fetchone() != (30000,)
    finally:
        raw.close()


def test_sqlite_transactions_take_the_write_lock_at_begin(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    upgrade_to_head(engine)
    try:
        with Session(engine) as session, session.begin():
            session.execute(text("SELECT 1"))  # a read only: BEGIN IMMEDIATE still locked
            other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), timeout=0.05)
            other.isolation_level = None
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
        deferred = engine.execution_options(sqlite_begin="DEFERRED")
        with deferred.connect() as conn:
            conn.execute(text("SELECT 1"))
            other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), timeout=0.05)
            other.isolation_level = None
            try:
                other.execute("BEGIN IMMEDIATE")  # a deferred reader does not block writers
                other.execute("ROLLBACK")
            finally:
                other.close()
    finally:
        engine.dispose()


def test_foreign_keys_enforced(store_engine: Engine) -> None:
    with pytest.raises(DBAPIError, match=r"(?i)foreign key"), store_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO board_subtrees (election_id, level, position, hash) "
                "VALUES ('no-such-log', 1, 0, :h)"
            ),
            {"h": bytes(32)},
        )


@pytest.mark.parametrize(
    ("url", "data_dir"),
    [
        (None, None),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("mysql+pymysql://u@h/db", None),
        ("postgresql+psycopg2://u@h/db", None),
    ],
)
def test_open_store_refuses(url: str | None, data_dir: str | None) -> None:
    with pytest.raises(InputError):
        open_store(url, data_dir=data_dir)


def test_postgresql_url_means_psycopg3(pg_url: str) -> None:
    engine = open_store(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        assert engine.dialect.driver == "psycopg"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_migrations_reach_head_and_match_the_models(store_engine: Engine) -> None:
    assert current_revision(store_engine) == head_revision() is not None
    upgrade_to_head(store_engine)  # idempotent
    assert current_revision(store_engine) == head_revision()
    with store_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert set(BOARD_TABLES) <= set(inspect(store_engine).get_table_names())


def test_downgrade_and_upgrade_again(store_engine: Engine) -> None:
    downgrade_to_base(store_engine)
    assert current_revision(store_engine) is None
    assert not set(BOARD_TABLES) & set(inspect(store_engine).get_table_names())
    upgrade_to_head(store_engine)
    assert current_revision(store_engine) == head_revision()


def test_one_head_and_an_upgrade_from_0004_keeps_the_lockout(db_url: str) -> None:
    """0004 (sign-in lock-out), 0005 (console) and 0006 (failure events) were written on
    branches from 0003: they are one chain (then 0009 tracking, 0010 assemblies, 0008
    proposals), and a database at 0004 upgrades to head keeping its rows."""
    from alembic import command  # noqa: PLC0415
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    from oylama.store._migrate import alembic_config  # noqa: PLC0415

    config = alembic_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
    engine = open_store(db_url)
    try:
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
            connection.commit()
        assert current_revision(engine) == "0004"
        assert "failure_events" not in inspect(engine).get_table_names()
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO login_failures (username, address, failures, last_failure, "
                    "blocked_until) VALUES ('admin', '192.0.2.1', 6, 5, 1005)"
                )
            )
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision() == "0010"
        assert "failure_events" in inspect(engine).get_table_names()
        assert {"paper_keyers", "paper_keyings", "paper_ballots"} <= set(
            inspect(engine).get_table_names()
        )
        with engine.connect() as conn:
            row = conn.execute(text("SELECT failures FROM login_failures")).one()
        assert row == (6,)
    finally:
        engine.dispose()


def _populate(engine: Engine) -> None:
    signer = CheckpointSigner("board.example/e1", SigningKey(bytes(32)))
    with Session(engine) as session, session.begin():
        for i in range(4):
            append(session, "e1", EntryKind.BALLOT, b"b%d" % i, now=i)
        issue_checkpoint(session, "e1", signer, now=5)


def test_board_tables_refuse_update_and_delete(store_engine: Engine) -> None:
    _populate(store_engine)
    for table in BOARD_TABLES:
        for statement in (f"UPDATE {table} SET election_id = election_id", f"DELETE FROM {table}"):
            with pytest.raises(DBAPIError, match="append-only"), store_engine.begin() as conn:
                conn.execute(text(statement))
    with store_engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in BOARD_TABLES]
    assert counts == [1, 4, 3, 1]  # 4 entries: subtrees [0,2), [2,4), [0,4)


def test_postgresql_refuses_truncate(pg_url: str) -> None:
    engine = open_store(pg_url)
    try:
        upgrade_to_head(engine)
        _populate(engine)
        for table in reversed(BOARD_TABLES):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {table} CASCADE"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM board_entries")).scalar() == 4
    finally:
        engine.dispose()
