"""Residents' proposals and their supports (issue #18, cycle §4).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

The index of the ``proposal`` and ``proposal-support`` entries of each election's
participation log: proposals with their signed content, support counts and the moderation,
review and acceptance in force; one row per credential and supported proposal (the primary key
is the "one support per code" rule).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("entry_idx", sa.BigInteger(), nullable=False),
        sa.Column("credential", sa.LargeBinary(32), nullable=False),
        sa.Column("content_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("signature", sa.LargeBinary(64), nullable=False),
        sa.Column("district", sa.String(128), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("supports", sa.Integer(), server_default="0", nullable=False),
        sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("moderation", sa.Text(), nullable=True),
        sa.Column("review", sa.Text(), nullable=True),
        sa.Column("accepted", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name="fk_proposals_election_id_elections"
        ),
        sa.PrimaryKeyConstraint("election_id", "id", name="pk_proposals"),
        sa.UniqueConstraint("election_id", "number", name="uq_proposals_number"),
        sa.UniqueConstraint(
            "election_id", "credential", "content_hash", name="uq_proposals_content"
        ),
    )
    op.create_index("ix_proposals_credential", "proposals", ["credential"])
    op.create_table(
        "proposal_supports",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("proposal_id", sa.String(16), nullable=False),
        sa.Column("credential", sa.LargeBinary(32), nullable=False),
        sa.Column("entry_idx", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name="fk_proposal_supports_election_id_elections",
        ),
        sa.PrimaryKeyConstraint(
            "election_id", "proposal_id", "credential", name="pk_proposal_supports"
        ),
    )


def downgrade() -> None:
    op.drop_table("proposal_supports")
    op.drop_index("ix_proposals_credential", table_name="proposals")
    op.drop_table("proposals")
