"""Tables of neighbourhood assemblies (issue #18 item 4; docs/spec/cycle.md §6).

An assembly and its decisions are published on the election's participation log; these rows
are the service's working copy (what the pages read without replaying the log) and what the
log does not carry: the hashes of the quick-vote slips and which slip has voted on which item.
A slip's code itself is never stored -- only ``SHA-256`` of it -- so a database reader cannot
vote with the slips. Every row that mirrors an entry is written in the entry's transaction.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from oylama.store._schema import Base


class Assembly(Base):
    """One recorded assembly meeting; ``revision`` counts its ``assembly`` entries (recorded,
    then each change of its minutes)."""

    __tablename__ = "assemblies"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    held_on: Mapped[str] = mapped_column(String(10))
    district: Mapped[str] = mapped_column(String(64))
    neighbourhood: Mapped[str | None] = mapped_column(String(128), nullable=True)
    attendees: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(256))
    minutes: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[int] = mapped_column(BigInteger)
    slips: Mapped[int] = mapped_column(Integer, default=0)


class AssemblyItem(Base):
    """One agenda item and its decision. ``state``: ``open`` (no decision), ``voting`` (a
    quick vote with slips is running), ``decided``. ``links`` is the JSON list of the
    projects and proposals it concerns; the counts are the hands or the slips' votes."""

    __tablename__ = "assembly_items"

    election_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    assembly_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    links: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(8))
    method: Mapped[str | None] = mapped_column(String(8), nullable=True)
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    abstain: Mapped[int] = mapped_column(Integer, default=0)
    advice: Mapped[str | None] = mapped_column(Text, nullable=True)
    entry_idx: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class AssemblySlip(Base):
    """A quick-vote slip of an assembly, as the SHA-256 of its code only."""

    __tablename__ = "assembly_slips"

    election_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    assembly_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)


class AssemblySlipUse(Base):
    """That a slip has voted on an item (never how: the item's counts hold that)."""

    __tablename__ = "assembly_slip_uses"

    election_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    assembly_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
