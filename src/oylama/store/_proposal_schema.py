"""The index of an election's proposals and supports (cycle §4), over its participation log.

The ``proposal`` and ``proposal-support`` entries of the participation log are the record;
these rows mirror them, each written in the same transaction as its entry, so that a list of
proposals with their counts is one query. The unique keys make the rules hold whatever the
application does: one support per credential and proposal, and one proposal per credential and
content (an identical retry finds the first one instead of proposing it twice).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from oylama.store._schema import Base


class Proposal(Base):
    """A resident's proposal: its signed content (canonical JSON), who signed it (the public
    credential), its support count, every moderation (the payloads of its
    ``proposal-moderation`` entries, a JSON array, the last one in force) and the review and
    acceptance in force (the payload of the latest such entry, JSON); ``None`` before any."""

    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("election_id", "number", name="uq_proposals_number"),
        UniqueConstraint("election_id", "credential", "content_hash", name="uq_proposals_content"),
    )

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    entry_idx: Mapped[int] = mapped_column(BigInteger)
    credential: Mapped[bytes] = mapped_column(LargeBinary(32), index=True)
    content_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    content: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    district: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[int] = mapped_column(BigInteger)
    supports: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    moderation: Mapped[str | None] = mapped_column(Text, nullable=True)
    review: Mapped[str | None] = mapped_column(Text, nullable=True)
    accepted: Mapped[str | None] = mapped_column(Text, nullable=True)


class ProposalSupport(Base):
    """One credential's support of one proposal (its ``proposal-support`` entry's index)."""

    __tablename__ = "proposal_supports"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    proposal_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    credential: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    entry_idx: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[int] = mapped_column(BigInteger)


#: The tables of this module, in creation order.
PROPOSAL_TABLES = ("proposals", "proposal_supports")
