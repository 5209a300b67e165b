"""The board's tables as SQLAlchemy 2 models.

Four tables, all append-only (rows are inserted, never updated or deleted; a migration installs
triggers that refuse UPDATE and DELETE):

* ``board_logs``: one row per election log. Appends lock it (``SELECT ... FOR UPDATE`` on
  PostgreSQL) so that writers of one election queue up while other elections proceed; it is
  never changed after its insertion, so the lock row carries no state that could go stale.
* ``board_entries``: the entries, keyed ``(election_id, idx)``. ``data`` holds the canonical
  bytes (what the chain and the tree commit to); ``kind``, ``prev_hash``, ``timestamp`` and
  ``entry_hash`` are copies kept for queries and for the next append, and the verifier checks
  them against ``data``.
* ``board_subtrees``: the hash of every complete aligned subtree of width ``2**level``
  (``level >= 1``; level 0 is ``board_entries.entry_hash``), written when its last leaf is
  appended. A proof reads O(log n) of these rows.
* ``board_checkpoints``: every signed checkpoint, keyed ``(election_id, size)``; the latest is
  the largest size, so a slow request that signed an older head can never roll it back.

The columns are named for what they hold; ``idx`` is the entry's index (``index`` is an SQL
keyword).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Deterministic constraint names, so that migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of the board tables (their own metadata, independent of other models)."""

    metadata = MetaData(naming_convention=NAMING)


class BoardLog(Base):
    """One election's log: the row writers lock to serialise appends to that election."""

    __tablename__ = "board_logs"

    election_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    created_at: Mapped[int] = mapped_column(BigInteger)


class BoardEntry(Base):
    """One entry: its canonical bytes plus the fields an append or a query needs."""

    __tablename__ = "board_entries"
    __table_args__ = (
        CheckConstraint("idx >= 0", name="idx_nonnegative"),
        CheckConstraint("timestamp >= 0", name="timestamp_nonnegative"),
    )

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("board_logs.election_id"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    timestamp: Mapped[int] = mapped_column(BigInteger)
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    entry_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class BoardSubtree(Base):
    """MTH of leaves ``[position * 2**level, (position + 1) * 2**level)``, ``level >= 1``."""

    __tablename__ = "board_subtrees"
    __table_args__ = (
        CheckConstraint("level >= 1 AND level <= 63", name="level_range"),
        CheckConstraint("position >= 0", name="position_nonnegative"),
    )

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("board_logs.election_id"), primary_key=True
    )
    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class BoardCheckpoint(Base):
    """A signed checkpoint (C2SP signed note) of the log at ``size`` entries."""

    __tablename__ = "board_checkpoints"
    __table_args__ = (CheckConstraint("size >= 0", name="size_nonnegative"),)

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("board_logs.election_id"), primary_key=True
    )
    size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    note: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[int] = mapped_column(BigInteger)


#: The board's tables, in creation order (every one is append-only).
BOARD_TABLES = ("board_logs", "board_entries", "board_subtrees", "board_checkpoints")

logs = Base.metadata.tables["board_logs"]
entries = Base.metadata.tables["board_entries"]
subtrees = Base.metadata.tables["board_subtrees"]
checkpoints = Base.metadata.tables["board_checkpoints"]
