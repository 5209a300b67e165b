"""The election service's tables: accounts, sessions, elections, staff, credentials, trustees,
trustee shares, the ballot index and partial decryptions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Unlike the board's tables these are working state and may be updated (an election's status, a
superseded ballot's ``superseded_by``, a staged credential list): what must never change is on
the board. The ballot index carries the constraints that keep double voting impossible even
under racing requests: one row per ``(election, style, ballot_id)``, one per tracking code, and
at most one counted row (``superseded_by IS NULL``) per ``(election, credential, style)``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _election(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["election_id"], ["elections.id"], name=f"fk_{table}_election_id_elections"
    )


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("username", name="pk_accounts"),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"], ["accounts.username"], name="fk_sessions_username_accounts"
        ),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sessions"),
    )
    op.create_index("ix_sessions_username", "sessions", ["username"])
    op.create_table(
        "elections",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(255), nullable=False),
        sa.Column("board_seed", sa.LargeBinary(32), nullable=False),
        sa.Column("manifest", sa.LargeBinary(), nullable=True),
        sa.Column("trustees", sa.Integer(), nullable=True),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("joint_key", sa.LargeBinary(32), nullable=True),
        sa.Column("base_hash", sa.LargeBinary(32), nullable=True),
        sa.Column("credentials_list", sa.LargeBinary(), nullable=True),
        sa.Column("credentials_fingerprint", sa.String(64), nullable=True),
        sa.Column("voters", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner"], ["accounts.username"], name="fk_elections_owner_accounts"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_elections"),
    )
    op.create_table(
        "election_staff",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        _election("election_staff"),
        sa.ForeignKeyConstraint(
            ["username"], ["accounts.username"], name="fk_election_staff_username_accounts"
        ),
        sa.PrimaryKeyConstraint("election_id", "username", name="pk_election_staff"),
    )
    op.create_table(
        "credentials",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("public_key", sa.LargeBinary(32), nullable=False),
        sa.Column("district", sa.String(128), nullable=False),
        _election("credentials"),
        sa.PrimaryKeyConstraint("election_id", "public_key", name="pk_credentials"),
    )
    op.create_table(
        "trustees",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("idx", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("record", sa.LargeBinary(), nullable=True),
        sa.Column("commitment", sa.LargeBinary(), nullable=True),
        _election("trustees"),
        sa.PrimaryKeyConstraint("election_id", "idx", name="pk_trustees"),
        sa.UniqueConstraint("token_hash", name="uq_trustees_token_hash"),
    )
    op.create_table(
        "trustee_shares",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("sender", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("recipient", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("share", sa.LargeBinary(), nullable=False),
        _election("trustee_shares"),
        sa.PrimaryKeyConstraint("election_id", "sender", "recipient", name="pk_trustee_shares"),
    )
    op.create_table(
        "ballots",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("entry_idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("style", sa.String(64), nullable=False),
        sa.Column("credential", sa.LargeBinary(32), nullable=False),
        sa.Column("ballot_id", sa.LargeBinary(64), nullable=False),
        sa.Column("tracking_code", sa.LargeBinary(32), nullable=False),
        sa.Column("signature", sa.LargeBinary(64), nullable=False),
        sa.Column("supersedes", sa.BigInteger(), nullable=True),
        sa.Column("superseded_by", sa.BigInteger(), nullable=True),
        _election("ballots"),
        sa.PrimaryKeyConstraint("election_id", "entry_idx", name="pk_ballots"),
        sa.UniqueConstraint("election_id", "style", "ballot_id", name="uq_ballots_ballot_id"),
        sa.UniqueConstraint("election_id", "tracking_code", name="uq_ballots_tracking_code"),
    )
    op.create_index(
        "uq_ballots_counted",
        "ballots",
        ["election_id", "credential", "style"],
        unique=True,
        sqlite_where=sa.text("superseded_by IS NULL"),
        postgresql_where=sa.text("superseded_by IS NULL"),
    )
    op.create_table(
        "partial_decryptions",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("style", sa.String(64), nullable=False),
        sa.Column("trustee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_idx", sa.BigInteger(), nullable=False),
        _election("partial_decryptions"),
        sa.PrimaryKeyConstraint("election_id", "style", "trustee", name="pk_partial_decryptions"),
    )


def downgrade() -> None:
    op.drop_table("partial_decryptions")
    op.drop_index("uq_ballots_counted", table_name="ballots")
    for table in (
        "ballots",
        "trustee_shares",
        "trustees",
        "credentials",
        "election_staff",
        "elections",
    ):
        op.drop_table(table)
    op.drop_index("ix_sessions_username", table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("accounts")
