"""Paper ballots keyed twice at a polling station (issue #18 item 5).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

``paper_keyers``: each staff account's paper-keying public key, as its latest ``paper-keyer``
board entry published it. ``paper_keyings``: paper ballots keyed once (waiting for the second
keying) or twice differently (held for review) -- never on the board. ``paper_ballots``: the
index of the ``paper-ballot`` entries, one per (credential, style).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_keyers",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("public_key", sa.LargeBinary(32), nullable=False),
        sa.Column("entry_idx", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name="fk_paper_keyers_election_id_elections"
        ),
        sa.PrimaryKeyConstraint("election_id", "username", name="pk_paper_keyers"),
    )
    op.create_table(
        "paper_keyings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("credential", sa.LargeBinary(32), nullable=False),
        sa.Column("style", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_user", sa.String(64), nullable=False),
        sa.Column("first_statement", sa.LargeBinary(), nullable=False),
        sa.Column("first_signature", sa.LargeBinary(64), nullable=False),
        sa.Column("second_user", sa.String(64), nullable=True),
        sa.Column("second_statement", sa.LargeBinary(), nullable=True),
        sa.Column("second_signature", sa.LargeBinary(64), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name="fk_paper_keyings_election_id_elections"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_paper_keyings"),
        sa.UniqueConstraint("election_id", "credential", "style", name="uq_paper_keyings_voter"),
    )
    op.create_table(
        "paper_ballots",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("entry_idx", sa.BigInteger(), nullable=False),
        sa.Column("credential", sa.LargeBinary(32), nullable=False),
        sa.Column("style", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name="fk_paper_ballots_election_id_elections"
        ),
        sa.PrimaryKeyConstraint("election_id", "entry_idx", name="pk_paper_ballots"),
        sa.UniqueConstraint("election_id", "credential", "style", name="uq_paper_ballots_voter"),
    )


def downgrade() -> None:
    op.drop_table("paper_ballots")
    op.drop_table("paper_keyings")
    op.drop_table("paper_keyers")
