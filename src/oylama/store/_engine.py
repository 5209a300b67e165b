"""Opening a store: an SQLAlchemy engine for SQLite (default) or PostgreSQL (by URL).

SQLite is the zero-configuration default, so its settings are the safe ones and are applied to
*every* connection by an event listener (a pragma set once would be lost on the next pooled
connection):

* ``journal_mode=WAL``: readers do not block the writer and vice versa;
* ``synchronous=FULL``: a commit is on disk when it returns, even across power loss (in WAL
  mode ``NORMAL`` may lose the last transactions), so an acknowledged entry stays;
* ``foreign_keys=ON``: SQLite ignores foreign keys unless told otherwise;
* ``busy_timeout``: a writer waits for the lock instead of failing at once.

On PostgreSQL every wait is bounded, so that a frozen or partitioned server process can stall
nobody for long (a paused VM holding an election's ``FOR UPDATE`` lock would otherwise block
casting on every other instance until the dead connection is noticed, hours with default
keepalives); each is set per connection and a URL's own ``options`` override them:

* ``connect_timeout`` (:data:`PG_CONNECT_TIMEOUT_S`) and TCP keepalives (a host that stopped
  answering is found dead in about :data:`PG_KEEPALIVE_IDLE_S` + 3 ×
  :data:`PG_KEEPALIVE_INTERVAL_S` seconds), ``tcp_user_timeout`` for data never acknowledged;
* ``lock_timeout`` (:data:`PG_LOCK_TIMEOUT_MS`): a writer waiting for an election's lock gives
  up (the service answers 503 with ``Retry-After``) instead of queueing forever;
* ``idle_in_transaction_session_timeout`` (:data:`PG_IDLE_IN_TRANSACTION_MS`): the server ends
  the session of a client that stopped in the middle of a transaction (a frozen instance),
  which releases its locks;
* ``statement_timeout`` (:data:`PG_STATEMENT_TIMEOUT_MS`): no statement runs longer (long work
  reads in pages, each its own statement; migrations lift it);
* the pool's ``pool_timeout`` (:data:`POOL_TIMEOUT_S`) for a free connection.

pysqlite's own transaction handling is switched off and every transaction starts with
``BEGIN IMMEDIATE``, which takes the database's write lock at the start: two appenders can then
never both read the same head (the second waits), and a transaction never fails midway while
upgrading a read lock. Read-mostly callers may ask for ``BEGIN DEFERRED`` with the execution
option ``sqlite_begin="DEFERRED"``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

from oylama.errors import InputError

#: File name of the default SQLite database inside ``data_dir``.
DEFAULT_DB_NAME = "board.sqlite3"

#: How long an SQLite writer waits for the write lock before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
)

_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})

#: Bounded waits on PostgreSQL (see the module docstring).
PG_CONNECT_TIMEOUT_S = 5
PG_KEEPALIVE_IDLE_S = 5
PG_KEEPALIVE_INTERVAL_S = 2
PG_TCP_USER_TIMEOUT_MS = 10_000
PG_LOCK_TIMEOUT_MS = 5_000
PG_IDLE_IN_TRANSACTION_MS = 10_000
PG_STATEMENT_TIMEOUT_MS = 60_000
POOL_TIMEOUT_S = 10


def pg_session_options(existing: str = "") -> str:
    """libpq ``options`` with the server-side timeouts first (so that ``existing`` wins)."""
    ours = (
        f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} "
        f"-c idle_in_transaction_session_timeout={PG_IDLE_IN_TRANSACTION_MS} "
        f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS}"
    )
    return f"{ours} {existing}".strip()


def _on_sqlite_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" event below issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    mode = str(connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")).upper()
    if mode not in _BEGIN_MODES:
        raise InputError(f"sqlite_begin must be one of {sorted(_BEGIN_MODES)}, not {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


def open_store(
    url: str | None = None,
    *,
    data_dir: str | Path | None = None,
    echo: bool = False,
    **engine_options: Any,
) -> Engine:
    """An engine for the board's database; does not create the tables (see ``upgrade_to_head``).

    ``url`` ``None`` means the SQLite file ``<data_dir>/board.sqlite3`` (``data_dir`` is then
    required and created if missing). Any ``sqlite://`` URL gets the pragmas above; PostgreSQL
    is ``postgresql+psycopg://user@host/db`` (``postgresql://`` is taken to mean psycopg 3).
    Other backends are refused: the append lock and the append-only triggers are written for
    these two.
    """
    if url is None:
        if data_dir is None:
            raise InputError("open_store needs a database URL or a data_dir for SQLite")
        directory = Path(data_dir)
        directory.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{(directory / DEFAULT_DB_NAME).resolve()}"
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise InputError("an in-memory SQLite database cannot be shared: give a file")
        if parsed.get_driver_name() not in ("pysqlite", ""):
            raise InputError(f"unsupported SQLite driver {parsed.get_driver_name()!r}")
        engine = create_engine(parsed, echo=echo, **engine_options)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        if parsed.get_driver_name() != "psycopg":
            raise InputError("PostgreSQL is supported through psycopg 3: postgresql+psycopg://")
        existing = parsed.query.get("options", "")
        parsed = parsed.update_query_dict(
            {"options": pg_session_options(existing if isinstance(existing, str) else "")}
        )
        connect_args = {
            "connect_timeout": PG_CONNECT_TIMEOUT_S,
            "keepalives": 1,
            "keepalives_idle": PG_KEEPALIVE_IDLE_S,
            "keepalives_interval": PG_KEEPALIVE_INTERVAL_S,
            "keepalives_count": 3,
            "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
        }
        connect_args.update(engine_options.pop("connect_args", {}))
        engine_options.setdefault("pool_pre_ping", True)
        engine_options.setdefault("pool_timeout", POOL_TIMEOUT_S)
        return create_engine(parsed, echo=echo, connect_args=connect_args, **engine_options)
    raise InputError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")


def reader(engine: Engine) -> Engine:
    """The same engine for sessions that only read: on SQLite their transactions begin DEFERRED.

    A read transaction of the default engine holds SQLite's write lock until it ends, so a
    long audit or a forgotten open session would stall every writer; read through this one.
    Never append through it (its transactions do not take the write lock first).
    """
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="DEFERRED")
    return engine


def sqlite_library_version() -> str:
    """The SQLite library's version (WAL needs 3.7, row values in IN need 3.15)."""
    return sqlite3.sqlite_version
