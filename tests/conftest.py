"""Shared pytest fixtures.

Keep fixtures here generic and documented; a fixture used by one test module belongs in that
module.

Databases (``oylama.store``)
----------------------------
* ``pg_server_url`` (session): a real PostgreSQL server. ``OYLAMA_TEST_PG_URL`` (a
  ``postgresql+psycopg://`` URL of a role allowed to create schemas) if set, else a throwaway
  cluster started with the machine's ``initdb``/``pg_ctl`` (``.ci/postgres.sh`` installs them)
  and removed at the end. If neither works the PostgreSQL tests are skipped -- except under
  ``CI=true``, where they fail: CI must never pass without having run them.
* ``pg_url``: a fresh, empty schema on that server for one test (dropped afterwards).
* ``sqlite_url``: a fresh SQLite file URL for one test.
* ``db_url``: parametrised over both backends (``[sqlite]`` and ``[postgresql]``).
* ``store_engine``: an engine from ``oylama.store.open_store(db_url)`` with the board's
  migrations applied (``upgrade_to_head``); disposed afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from oylama.store import open_store, upgrade_to_head
from oylama.store.testing import ThrowawayPostgres

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(message: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL tests cannot run in CI: {message}", pytrace=False)
    pytest.skip(f"PostgreSQL unavailable: {message}")


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a real PostgreSQL server's maintenance database (see the module docstring)."""
    given = os.environ.get("OYLAMA_TEST_PG_URL")
    if given:
        yield given
        return
    try:
        server = ThrowawayPostgres()
        url = server.start()
    except Exception as exc:
        _unavailable(str(exc))
    try:
        yield url
    finally:
        server.stop()


def _admin(server_url: str) -> Engine:
    return create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema for one test, dropped afterwards.

    A schema, not a database: creating a database copies a template (about a second here),
    a schema takes milliseconds. The URL selects it with ``options=-csearch_path=<schema>``, so
    everything the test creates (tables, triggers, Alembic's version table) lands in it.
    """
    name = f"oylama_test_{uuid.uuid4().hex[:12]}"
    admin = _admin(pg_server_url)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        url = make_url(pg_server_url).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND datname = current_database() "
                "AND state = 'idle in transaction'"
            )
            conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
    finally:
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file for one test."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh database URL, once per backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def store_engine(db_url: str) -> Iterator[Engine]:
    """An ``oylama.store`` engine on ``db_url`` with the board's tables migrated to head."""
    engine = open_store(db_url)
    upgrade_to_head(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(autouse=True)
def _pending_ballots_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``oylama vote`` keeps signed ballots awaiting their receipt in a state directory
    (``$OYLAMA_STATE_DIR``); tests keep theirs in their own temporary directory."""
    monkeypatch.setenv("OYLAMA_STATE_DIR", str(tmp_path / "oylama-state"))
