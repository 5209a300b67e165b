"""The election service's tables (accounts, elections, credentials, trustees, ballots).

These hold what the board does not: who may do what (accounts, sessions, staff, trustee
tokens), each election's working state (definition, status, the staged credential list, the
board's per-election signing key seed) and indexes over the board (the ballots by credential,
style, ``ballot_id`` and tracking code). The board entries remain the record; every row here
that mirrors an entry is written in the same transaction as the entry.

Secrets are stored as little as possible: session and trustee tokens only as SHA-256, passwords
as argon2id strings. The board seed is a server secret by design (the server signs its own
checkpoints; the checkpoints are what observers pin, not the key's secrecy from the operator).

The ballots table's constraints make double voting safe whatever the application does:
``(election_id, style, ballot_id)`` is unique (a replayed ballot id is refused), and a partial
unique index allows at most one *counted* row (``superseded_by IS NULL``) per credential and
style, so two racing revotes cannot both stay counted.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from oylama.store._schema import Base


class Account(Base):
    """A person who signs in: ``role`` is ``admin``, ``staff`` or ``observer``. A
    ``disabled`` account cannot sign in and its sessions are gone (it is kept, not deleted:
    board entries and the audit log name it)."""

    __tablename__ = "accounts"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[int] = mapped_column(BigInteger)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AccountSession(Base):
    """A signed-in session; the token is kept only as its SHA-256.

    ``kind`` is ``bearer`` (the token in an ``Authorization`` header, for programs) or
    ``cookie`` (the browser console's HttpOnly cookie, which also expires after
    ``oylama.service`` 's idle time since ``last_seen``).
    """

    __tablename__ = "sessions"

    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), ForeignKey("accounts.username"), index=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(8), default="bearer", server_default="bearer")
    last_seen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class Election(Base):
    """One election's working state; ``status`` moves draft → … → published only."""

    __tablename__ = "elections"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    definition: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(64), ForeignKey("accounts.username"))
    origin: Mapped[str] = mapped_column(String(255))
    board_seed: Mapped[bytes] = mapped_column(LargeBinary(32))
    manifest: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    trustees: Mapped[int | None] = mapped_column(Integer, nullable=True)
    threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    joint_key: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)
    base_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)
    credentials_list: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    credentials_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    voters: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    test: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ElectionStaff(Base):
    """Staff accounts allowed to run an election (its creator and those added)."""

    __tablename__ = "election_staff"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    username: Mapped[str] = mapped_column(
        String(64), ForeignKey("accounts.username"), primary_key=True
    )


class Credential(Base):
    """One public credential of an election's staged list (its district decides its ballots)."""

    __tablename__ = "credentials"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    district: Mapped[str] = mapped_column(String(128))


class Trustee(Base):
    """Trustee ``idx`` of an election: its token (SHA-256), record and commitment payloads."""

    __tablename__ = "trustees"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    record: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    commitment: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class TrusteeShare(Base):
    """A sealed share box from ``sender`` to ``recipient`` (canonical ``EncryptedShare``)."""

    __tablename__ = "trustee_shares"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    sender: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    recipient: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    share: Mapped[bytes] = mapped_column(LargeBinary)


class CastBallot(Base):
    """Index of the ``ballot`` entries: by credential and style, ``ballot_id``, tracking code."""

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("election_id", "style", "ballot_id", name="uq_ballots_ballot_id"),
        UniqueConstraint("election_id", "tracking_code", name="uq_ballots_tracking_code"),
        Index(
            "uq_ballots_counted",
            "election_id",
            "credential",
            "style",
            unique=True,
            sqlite_where=text("superseded_by IS NULL"),
            postgresql_where=text("superseded_by IS NULL"),
        ),
    )

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    entry_idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    style: Mapped[str] = mapped_column(String(64))
    credential: Mapped[bytes] = mapped_column(LargeBinary(32))
    ballot_id: Mapped[bytes] = mapped_column(LargeBinary(64))
    tracking_code: Mapped[bytes] = mapped_column(LargeBinary(32))
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    supersedes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    superseded_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class LoginFailure(Base):
    """Recent failed sign-ins of ``username`` from ``address`` (``''``: any user name).

    ``blocked_until`` (ms) is when the next attempt from that address for that name may be
    checked; see ``oylama.service._lockout``.
    """

    __tablename__ = "login_failures"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure: Mapped[int] = mapped_column(BigInteger, index=True)
    blocked_until: Mapped[int] = mapped_column(BigInteger)


class SpoiledEntry(Base):
    """Index of the ``ballot-spoiled`` entries (Benaloh challenges): by ``ballot_id`` (a
    spoiled ballot's id is never cast, nor a cast one's spoiled) and by tracking code.

    No credential: the board does not say who spoiled a ballot (its choices are public, and
    are usually those the voter then casts), and neither does this table.
    """

    __tablename__ = "spoiled_ballots"
    __table_args__ = (
        UniqueConstraint("election_id", "style", "ballot_id", name="uq_spoiled_ballots_ballot_id"),
        UniqueConstraint("election_id", "tracking_code", name="uq_spoiled_ballots_tracking_code"),
    )

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    entry_idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    style: Mapped[str] = mapped_column(String(64))
    ballot_id: Mapped[bytes] = mapped_column(LargeBinary(64))
    tracking_code: Mapped[bytes] = mapped_column(LargeBinary(32))


class SpoilCount(Base):
    """How many ballots a credential has had published as spoiled, per style: the limit's
    count, and nothing that says which entries they are."""

    __tablename__ = "spoil_counts"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    credential: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    style: Mapped[str] = mapped_column(String(64), primary_key=True)
    spoiled: Mapped[int] = mapped_column(Integer)


class Partial(Base):
    """A verified partial decryption of one style's tally by one trustee (its entry's index)."""

    __tablename__ = "partial_decryptions"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    style: Mapped[str] = mapped_column(String(64), primary_key=True)
    trustee: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entry_idx: Mapped[int] = mapped_column(BigInteger)


class Photo(Base):
    """A project photo of an election, as the service re-encoded it (JPEG, no metadata).

    ``digest`` is the SHA-256 (hex) of ``data``: the definition names photos by it, so the
    frozen definition pins the exact bytes residents are shown.
    """

    __tablename__ = "photos"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[int] = mapped_column(BigInteger)


class AuditEvent(Base):
    """One staff or admin action that changed something the board does not record (a draft's
    definition, photos, credential uploads before the ceremony, accounts), or that removed an
    election. No foreign keys: the log outlives deleted test elections."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[int] = mapped_column(BigInteger, index=True)
    username: Mapped[str] = mapped_column(String(64))
    election_id: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)


class FailureEvent(Base):
    """One failed attempt (a sign-in, a cast, a spoiled ballot) of ``key`` in ``scope``, at
    ``at`` (ms): the failure limits count these in a sliding window, in the database so that
    every server process sees the same counts."""

    __tablename__ = "failure_events"
    __table_args__ = (
        Index("ix_failure_events_key", "scope", "key", "at"),
        Index("ix_failure_events_at", "scope", "at"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(512))
    at: Mapped[int] = mapped_column(BigInteger)


class CityProject(Base):
    """A project of the municipality's own list (not from a vote), imported from its sheet
    (``POST /api/v1/city-projects/import``) to stand on the city map beside the voted ones,
    with the İzmir sustainability map's fields: ``purpose``, ``audience`` and ``sdg`` (``;``
    separated), ``start`` (``YYYY-MM-DD``), ``status`` (the tracking statuses). ``cost`` is
    exact decimal text. An import replaces the whole list."""

    __tablename__ = "city_projects"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    district: Mapped[str] = mapped_column(String(128))
    neighbourhood: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(Text)
    sdg: Mapped[str] = mapped_column(String(128))
    start: Mapped[str | None] = mapped_column(String(10), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost: Mapped[str | None] = mapped_column(String(32), nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    imported_by: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[int] = mapped_column(BigInteger)


#: The service's tables, in creation order.
class PaperKeyerKey(Base):
    """The key each staff account keys paper ballots with, as its latest ``paper-keyer`` entry
    published it (the private half is on the staff member's device, never here)."""

    __tablename__ = "paper_keyers"

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    entry_idx: Mapped[int] = mapped_column(BigInteger)


class PaperKeying(Base):
    """A paper ballot keyed once (``waiting`` for its second keying) or keyed twice
    differently (``mismatch``, held for review): never on the board, never counted.

    One per (credential, style) at a time; the statements are the canonical bytes each keyer
    signed (record §2 item 7b), kept so a reviewer sees both and the second keying is compared
    byte for byte.
    """

    __tablename__ = "paper_keyings"
    __table_args__ = (
        UniqueConstraint("election_id", "credential", "style", name="uq_paper_keyings_voter"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    election_id: Mapped[str] = mapped_column(String(128), ForeignKey("elections.id"))
    credential: Mapped[bytes] = mapped_column(LargeBinary(32))
    style: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    first_user: Mapped[str] = mapped_column(String(64))
    first_statement: Mapped[bytes] = mapped_column(LargeBinary)
    first_signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    second_user: Mapped[str | None] = mapped_column(String(64), nullable=True)
    second_statement: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    second_signature: Mapped[bytes | None] = mapped_column(LargeBinary(64), nullable=True)
    created_at: Mapped[int] = mapped_column(BigInteger)


class PaperBallotRow(Base):
    """Index of the ``paper-ballot`` entries: one per (credential, style), always counted
    (record §2 item 7b: nothing supersedes a paper ballot)."""

    __tablename__ = "paper_ballots"
    __table_args__ = (
        UniqueConstraint("election_id", "credential", "style", name="uq_paper_ballots_voter"),
    )

    election_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("elections.id"), primary_key=True
    )
    entry_idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    credential: Mapped[bytes] = mapped_column(LargeBinary(32))
    style: Mapped[str] = mapped_column(String(64))


SERVICE_TABLES = (
    "accounts",
    "sessions",
    "elections",
    "election_staff",
    "credentials",
    "trustees",
    "trustee_shares",
    "ballots",
    "partial_decryptions",
    "spoiled_ballots",
    "spoil_counts",
    "login_failures",
    "photos",
    "audit_log",
    "failure_events",
    "city_projects",
    "paper_keyers",
    "paper_keyings",
    "paper_ballots",
)
