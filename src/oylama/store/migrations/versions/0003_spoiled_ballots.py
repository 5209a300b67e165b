"""The index of published spoiled ballots and the per-credential spoil counts.

Revision ID: 0003_spoiled
Revises: 0002
Create Date: 2026-11-24

``spoiled_ballots`` indexes the board's ``ballot-spoiled`` entries by ``(election, style,
ballot_id)`` (unique: a ballot id is spoiled once, and the service refuses to cast it) and by
tracking code. It has no credential column on purpose: who spoiled which ballot is not kept.
``spoil_counts`` keeps only how many ballots each credential has spoiled per style, for the
service's limit.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_spoiled"
down_revision = "0002"
branch_labels = None
depends_on = None


def _election(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["election_id"], ["elections.id"], name=f"fk_{table}_election_id_elections"
    )


def upgrade() -> None:
    op.create_table(
        "spoiled_ballots",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("entry_idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("style", sa.String(64), nullable=False),
        sa.Column("ballot_id", sa.LargeBinary(64), nullable=False),
        sa.Column("tracking_code", sa.LargeBinary(32), nullable=False),
        _election("spoiled_ballots"),
        sa.PrimaryKeyConstraint("election_id", "entry_idx", name="pk_spoiled_ballots"),
        sa.UniqueConstraint(
            "election_id", "style", "ballot_id", name="uq_spoiled_ballots_ballot_id"
        ),
        sa.UniqueConstraint(
            "election_id", "tracking_code", name="uq_spoiled_ballots_tracking_code"
        ),
    )
    op.create_table(
        "spoil_counts",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("credential", sa.LargeBinary(32), nullable=False),
        sa.Column("style", sa.String(64), nullable=False),
        sa.Column("spoiled", sa.Integer(), nullable=False),
        _election("spoil_counts"),
        sa.PrimaryKeyConstraint("election_id", "credential", "style", name="pk_spoil_counts"),
    )


def downgrade() -> None:
    op.drop_table("spoil_counts")
    op.drop_table("spoiled_ballots")
