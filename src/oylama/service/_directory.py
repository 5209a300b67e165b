"""Which elections the service shows, and the board identity (origin, key) of each.

The board's tables know election ids and their logs, but not an election's title, its status
or the public key its checkpoints are signed with: those belong to the election service, which
comes later. :class:`BoardDirectory` is the seam it will fill; the HTTP layer asks nothing
else. :class:`StaticDirectory` is the simple implementation for now: a fixed mapping given at
start-up (from configuration or by a test).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from nacl.signing import SigningKey
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from oylama.board import EMPTY_ROOT, BoardError, Checkpoint, format_checkpoint, verifier_key
from oylama.errors import InputError
from oylama.store import Election

#: Length of an Ed25519 public key in bytes.
ED25519_PUBLIC_KEY_SIZE = 32


@dataclass(frozen=True, slots=True)
class ElectionListing:
    """One line of ``GET /api/v1/elections``."""

    id: str
    title: str
    status: str


@dataclass(frozen=True, slots=True)
class BoardIdentity:
    """What an observer needs to verify an election's checkpoints.

    ``origin`` is the first line of every checkpoint; ``key_name`` and ``public_key`` (32 raw
    Ed25519 bytes) are the trusted key of ``docs/spec/board.md`` §6.2. Checked when made, so
    that the service never publishes a key no checkpoint could verify against.
    """

    origin: str
    key_name: str
    public_key: bytes

    def __post_init__(self) -> None:
        if len(self.public_key) != ED25519_PUBLIC_KEY_SIZE:
            raise InputError(
                f"an Ed25519 public key has {ED25519_PUBLIC_KEY_SIZE} bytes, "
                f"not {len(self.public_key)}"
            )
        try:
            verifier_key(self.key_name, self.public_key)
            format_checkpoint(Checkpoint(self.origin, 0, EMPTY_ROOT))
        except BoardError as exc:
            raise InputError(f"invalid board identity: {exc}") from None


class BoardDirectory(Protocol):
    """The elections the service publishes, and each one's board identity.

    Both methods are called on every request that needs them (from a worker thread), so an
    implementation backed by the election tables sees new elections and status changes at
    once. An election id that :meth:`board` does not know is answered with 404 by every
    ``/board/`` endpoint, even if the store holds a log for it.
    """

    def elections(self) -> Sequence[ElectionListing]:
        """Every published election, in the order the list endpoint shows them."""
        ...

    def board(self, election_id: str) -> BoardIdentity | None:
        """The board identity of ``election_id``, or ``None`` if the election is unknown."""
        ...


@dataclass(frozen=True, slots=True)
class ElectionBoard:
    """Configuration of one election for :class:`StaticDirectory`."""

    title: str
    status: str
    identity: BoardIdentity


class StaticDirectory:
    """A :class:`BoardDirectory` over a fixed mapping ``{election id: ElectionBoard}``.

    Elections are listed in the mapping's order. An election's log may still be empty: the
    store creates it on the first append, and until then its entries list is empty and it has
    no checkpoint (404).
    """

    def __init__(self, boards: Mapping[str, ElectionBoard]) -> None:
        self._boards = dict(boards)

    def elections(self) -> Sequence[ElectionListing]:
        """The configured elections, in configuration order."""
        return [ElectionListing(e, b.title, b.status) for e, b in self._boards.items()]

    def board(self, election_id: str) -> BoardIdentity | None:
        """The configured identity of ``election_id``."""
        board = self._boards.get(election_id)
        return None if board is None else board.identity


class DatabaseDirectory:
    """A :class:`BoardDirectory` over the election service's ``elections`` table.

    Every election but test elections is listed (drafts too: a draft's log is simply empty
    until the ceremony starts), oldest first. The identity (origin and the public key of the
    per-election board seed) never changes once the election exists, so it is cached.
    """

    def __init__(self, read_engine: Engine) -> None:
        self._engine = read_engine
        self._identities: dict[str, BoardIdentity] = {}

    def elections(self) -> Sequence[ElectionListing]:
        """Every election but test elections (staff try those out; their pages are reached
        by their links), by creation time then id."""
        with Session(self._engine) as session, session.begin():
            rows = session.execute(
                select(Election.id, Election.title, Election.status)
                .where(Election.test.is_(False))
                .order_by(Election.created_at, Election.id)
            )
            return [ElectionListing(str(r.id), str(r.title), str(r.status)) for r in rows]

    def forget(self, election_id: str) -> None:
        """Drop a deleted (test) election's cached identity: its board is served no more."""
        self._identities.pop(election_id, None)

    def board(self, election_id: str) -> BoardIdentity | None:
        """The election's origin and board key, or ``None`` if there is no such election."""
        cached = self._identities.get(election_id)
        if cached is not None:
            return cached
        with Session(self._engine) as session, session.begin():
            row = session.execute(
                select(Election.origin, Election.board_seed).where(Election.id == election_id)
            ).first()
        if row is None:
            return None
        public = bytes(SigningKey(bytes(row.board_seed)).verify_key)
        identity = BoardIdentity(str(row.origin), str(row.origin), public)
        self._identities[election_id] = identity
        return identity
