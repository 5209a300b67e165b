"""Failed casts and spoiled ballots counted in the database (the service's failure limits).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

The service's limits on failed casts (per client address, per credential) and failed spoiled
ballots were counted in each server process's memory, so with several processes behind one
address each allowed the limit again, and a restart forgot everything. One row per failure:
``(scope, key, at)``, counted in a sliding window; rows older than the window are deleted as
new ones come. (Failed sign-ins have their own table, ``login_failures``, revision 0004.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "failure_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_failure_events"),
    )
    op.create_index("ix_failure_events_key", "failure_events", ["scope", "key", "at"])
    op.create_index("ix_failure_events_at", "failure_events", ["scope", "at"])


def downgrade() -> None:
    op.drop_index("ix_failure_events_at", table_name="failure_events")
    op.drop_index("ix_failure_events_key", table_name="failure_events")
    op.drop_table("failure_events")
