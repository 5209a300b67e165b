"""What the staff console needs: disabled accounts, cookie sessions with idle expiry, test
elections, project photos and the audit log.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

* ``accounts.disabled``: an admin disables an account instead of deleting it (board entries
  and the audit log name accounts, so the name must stay taken).
* ``sessions.kind`` (``bearer`` or ``cookie``) and ``sessions.last_seen``: a browser session
  lives in an HttpOnly cookie and ends after a while without use (idle expiry) as well as at
  ``expires_at``; existing sessions are bearer sessions.
* ``elections.test``: a test election, marked as such everywhere and deletable.
* ``photos``: project photos as the service re-encoded them, named by the SHA-256 of the
  stored bytes (the definition refers to them by it).
* ``audit_log``: staff and admin actions that change what the board does not record (a
  draft's settings, photos, accounts, deleted test elections); no foreign keys, so that it
  outlives what it describes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(
            sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("kind", sa.String(8), nullable=False, server_default="bearer"))
        batch.add_column(
            sa.Column("last_seen", sa.BigInteger(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("elections") as batch:
        batch.add_column(sa.Column("test", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "photos",
        sa.Column("election_id", sa.String(128), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        sa.Column("uploaded_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name="fk_photos_election_id_elections"
        ),
        sa.PrimaryKeyConstraint("election_id", "digest", name="pk_photos"),
    )
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=True,
        ),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("election_id", sa.String(128), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_election_id", "audit_log", ["election_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_election_id", table_name="audit_log")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("photos")
    with op.batch_alter_table("elections") as batch:
        batch.drop_column("test")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("last_seen")
        batch.drop_column("kind")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("disabled")
