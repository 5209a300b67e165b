"""What every operation of the election service shares: the engine, the clock, the randomness,
the per-election write transaction and the board's signer.

Every write to an election runs in :meth:`ServiceContext.writing`: it finds the election (404),
then takes the election's board lock *before* re-reading the row, so that status checks and
the entries they lead to are decided under the same lock as the appends (two requests can
never both see ``open`` and one of them append after ``closed``). The transaction ends with a
signed checkpoint when anything was appended (:meth:`ServiceContext.checkpoint`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from nacl.signing import SigningKey
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from oylama.board import CheckpointSigner, EntryKind, verifier_key
from oylama.crypto import BallotStyle, Point, Rng
from oylama.election import Manifest, ManifestBallot, decode_manifest
from oylama.service._accounts import IDLE_MS, Clock
from oylama.service._problems import Conflict, NotFound
from oylama.service._schedule import check_window, schedule_time
from oylama.store import (
    Credential,
    Election,
    StoredCheckpoint,
    append,
    issue_checkpoint,
    lock_log,
    reader,
)


@dataclass(frozen=True, slots=True)
class OpenElection:
    """The immutable facts a cast is checked against, cached once the election is open."""

    election_id: str
    manifest: Manifest
    styles: dict[str, tuple[ManifestBallot, BallotStyle]]
    joint_key: Point
    base_hash: bytes
    credentials: dict[bytes, str]
    opens: int | None = None
    closes: int | None = None

    def check_window(self, now: int) -> None:
        """409 unless ``now`` is inside the manifest's voting window (``_schedule``)."""
        check_window(
            now,
            self.opens,
            self.closes,
            opens_text=self.manifest.opens,
            closes_text=self.manifest.closes,
        )


def signing_key(election: Election) -> SigningKey:
    return SigningKey(bytes(election.board_seed))


def board_key_text(election: Election) -> str:
    """The board's verifier key text (board §6.2), ``<origin>+<key id>+<base64>``."""
    return verifier_key(election.origin, bytes(signing_key(election).verify_key))


@dataclass
class ServiceContext:
    """Shared by the handlers: engine, injected clock and rng, limits and caches."""

    engine: Engine
    clock: Clock
    rng: Rng
    origin_domain: str
    session_ttl_ms: int
    session_idle_ms: int = IDLE_MS
    read_engine: Engine = field(init=False)
    _open: dict[str, OpenElection] = field(default_factory=dict)
    _open_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.read_engine = reader(self.engine)

    def now(self) -> int:
        return int(self.clock())

    def read(self) -> Session:
        """A session for reads (DEFERRED on SQLite: no write lock)."""
        return Session(self.read_engine)

    @contextmanager
    def writing(self, election_id: str) -> Iterator[tuple[Session, Election]]:
        """A write transaction on ``election_id`` holding its board lock; 404 if unknown."""
        with Session(self.engine) as session, session.begin():
            if session.get(Election, election_id) is None:
                raise NotFound(detail=f"no election {election_id!r}")
            lock_log(session, election_id, self.now())
            election = session.get(Election, election_id, populate_existing=True)
            assert election is not None
            yield session, election

    def forget(self, election_id: str) -> None:
        """Drop what is cached of an election (it was deleted)."""
        with self._open_lock:
            self._open.pop(election_id, None)

    def load(self, session: Session, election_id: str) -> Election:
        election = session.get(Election, election_id)
        if election is None:
            raise NotFound(detail=f"no election {election_id!r}")
        return election

    @staticmethod
    def require_status(election: Election, *allowed: str) -> None:
        if election.status not in allowed:
            raise Conflict(
                detail=f"election {election.id!r} is {election.status}; "
                f"this needs it {' or '.join(allowed)}"
            )

    def append(self, session: Session, election: Election, kind: EntryKind, payload: bytes) -> int:
        return append(session, election.id, kind, payload, now=self.now()).index

    def checkpoint(self, session: Session, election: Election) -> StoredCheckpoint:
        signer = CheckpointSigner(election.origin, signing_key(election))
        return issue_checkpoint(
            session, election.id, signer, now=self.now(), origin=election.origin
        )

    def open_election(self, election_id: str) -> OpenElection:
        """The cached facts of an election that has been opened (409 before)."""
        cached = self._open.get(election_id)
        if cached is not None:
            return cached
        with self.read() as session, session.begin():
            election = self.load(session, election_id)
            if election.joint_key is None or election.base_hash is None:
                self.require_status(election, "open")
            assert election.manifest is not None and election.joint_key is not None
            assert election.base_hash is not None
            manifest = decode_manifest(bytes(election.manifest))
            rows = session.execute(
                select(Credential.public_key, Credential.district).where(
                    Credential.election_id == election_id
                )
            )
            credentials = {bytes(r.public_key): str(r.district) for r in rows}
            facts = OpenElection(
                election_id=election_id,
                manifest=manifest,
                styles={b.id: (b, b.ballot_style()) for b in manifest.ballots},
                joint_key=Point.decode(bytes(election.joint_key)),
                base_hash=bytes(election.base_hash),
                credentials=credentials,
                opens=schedule_time(manifest.opens),
                closes=schedule_time(manifest.closes),
            )
        with self._open_lock:
            return self._open.setdefault(election_id, facts)
