"""Failed sign-ins per user name and client address (the login lock-out of service.md §1).

Revision ID: 0004
Revises: 0003_spoiled
Create Date: 2026-12-07

In the database, not in memory, so that the lock-out holds across restarts and server
processes, and so that the operator's ``oylama accounts unlock USER`` (another process) can
lift it. One row per ``(username, address)`` that has failed recently; the empty user name
``''`` counts every failure of an address, whatever the user name. No foreign key: failures
for user names that do not exist are counted too (otherwise the lock-out would tell which
names exist).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003_spoiled"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.BigInteger(), nullable=False),
        sa.Column("blocked_until", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("username", "address", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_last_failure", "login_failures", ["last_failure"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_last_failure", table_name="login_failures")
    op.drop_table("login_failures")
