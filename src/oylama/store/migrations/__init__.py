"""Alembic migrations of the board's tables (run with :func:`oylama.store.upgrade_to_head`)."""
