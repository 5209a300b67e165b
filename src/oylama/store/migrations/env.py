"""Alembic environment: migrations always run on a connection handed in by the application.

:func:`oylama.store.upgrade_to_head` puts an open connection in ``config.attributes`` and calls
Alembic; there is no ``alembic.ini`` and no URL here. Two processes starting at once must not
both migrate: on PostgreSQL a transaction-scoped advisory lock serialises them (the second then
finds the schema at head), on SQLite ``BEGIN IMMEDIATE`` does the same.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from oylama.store._schema import Base

#: Advisory lock key of migrations on PostgreSQL ("oylama" in ASCII, fits a signed bigint).
MIGRATION_LOCK_KEY = 0x6F796C616D61

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through oylama.store.upgrade_to_head(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    transaction_per_migration=False,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    context.run_migrations()
