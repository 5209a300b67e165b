"""The board's tables, and triggers that make them append-only.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

The triggers are the database's own refusal of UPDATE and DELETE (and TRUNCATE on PostgreSQL)
on every board table: the application never changes a row, and a bug or a stray script that
tried would fail instead of silently rewriting history. They are a guard against accidents
and against roles without DDL rights, not against the database owner, who can drop them; the
hash chain and signed checkpoints are what detect that (``verify_stored_log``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TABLES = ("board_logs", "board_entries", "board_subtrees", "board_checkpoints")


def _election_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["election_id"],
        ["board_logs.election_id"],
        name=f"fk_{table}_election_id_board_logs",
    )


def upgrade() -> None:
    op.create_table(
        "board_logs",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("election_id", name="pk_board_logs"),
    )
    op.create_table(
        "board_entries",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("prev_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("entry_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("idx >= 0", name="ck_board_entries_idx_nonnegative"),
        sa.CheckConstraint("timestamp >= 0", name="ck_board_entries_timestamp_nonnegative"),
        _election_fk("board_entries"),
        sa.PrimaryKeyConstraint("election_id", "idx", name="pk_board_entries"),
    )
    op.create_table(
        "board_subtrees",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
        sa.CheckConstraint("level >= 1 AND level <= 63", name="ck_board_subtrees_level_range"),
        sa.CheckConstraint("position >= 0", name="ck_board_subtrees_position_nonnegative"),
        _election_fk("board_subtrees"),
        sa.PrimaryKeyConstraint("election_id", "level", "position", name="pk_board_subtrees"),
    )
    op.create_table(
        "board_checkpoints",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("size", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("root_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("size >= 0", name="ck_board_checkpoints_size_nonnegative"),
        _election_fk("board_checkpoints"),
        sa.PrimaryKeyConstraint("election_id", "size", name="pk_board_checkpoints"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(
            """
            CREATE FUNCTION board_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'board table % is append-only: % refused', TG_TABLE_NAME, TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$
            """
        )
        for table in _TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION board_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION board_refuse_change()"
            )
    elif dialect == "sqlite":
        for table in _TABLES:
            for operation in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'board table {table} is append-only: "
                    f"{operation} refused'); END"
                )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table in _TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS board_refuse_change()")
    elif dialect == "sqlite":
        for table in _TABLES:
            for operation in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")
    for table in reversed(_TABLES):
        op.drop_table(table)
