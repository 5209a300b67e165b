"""The municipality's own project list, for the city map (issue #18, implementation tracking).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

* ``city_projects``: projects of the municipality's existing list, imported from its sheet
  (``POST /api/v1/city-projects/import``, which replaces the list), shown on the city map
  beside the voted projects. Implementation tracking itself needs no table: its entries are
  on the participation log, which is the record.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "city_projects",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("district", sa.String(128), nullable=False),
        sa.Column("neighbourhood", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("sdg", sa.String(128), nullable=False),
        sa.Column("start", sa.String(10), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("cost", sa.String(32), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("imported_by", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_city_projects"),
    )


def downgrade() -> None:
    op.drop_table("city_projects")
