"""Neighbourhood assemblies: meetings, agenda items and their decisions, quick-vote slips.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

* ``assemblies``: a recorded meeting (date, district, neighbourhood, attendees, minutes).
* ``assembly_items``: its agenda items, each with its decision (show of hands or slips).
* ``assembly_slips``: the SHA-256 of each quick-vote slip's code (never the code).
* ``assembly_slip_uses``: which slip voted on which item (never how).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assemblies",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("held_on", sa.String(10), nullable=False),
        sa.Column("district", sa.String(64), nullable=False),
        sa.Column("neighbourhood", sa.String(128), nullable=True),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(256), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("slips", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name="fk_assemblies_election_id_elections"
        ),
        sa.PrimaryKeyConstraint("election_id", "id", name="pk_assemblies"),
    )
    op.create_table(
        "assembly_items",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("assembly_id", sa.String(64), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("links", sa.Text(), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("method", sa.String(8), nullable=True),
        sa.Column("yes", sa.Integer(), nullable=False),
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("abstain", sa.Integer(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=True),
        sa.Column("entry_idx", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("election_id", "assembly_id", "item", name="pk_assembly_items"),
    )
    op.create_table(
        "assembly_slips",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("assembly_id", sa.String(64), nullable=False),
        sa.Column("code_hash", sa.LargeBinary(32), nullable=False),
        sa.PrimaryKeyConstraint(
            "election_id", "assembly_id", "code_hash", name="pk_assembly_slips"
        ),
    )
    op.create_table(
        "assembly_slip_uses",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("assembly_id", sa.String(64), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("code_hash", sa.LargeBinary(32), nullable=False),
        sa.PrimaryKeyConstraint(
            "election_id", "assembly_id", "item", "code_hash", name="pk_assembly_slip_uses"
        ),
    )


def downgrade() -> None:
    op.drop_table("assembly_slip_uses")
    op.drop_table("assembly_slips")
    op.drop_table("assembly_items")
    op.drop_table("assemblies")
