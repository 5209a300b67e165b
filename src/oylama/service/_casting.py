"""Casting ballots (docs/spec/service.md §5): checks outside the database, group-committed writes.

A cast is checked in the order of the specification, every check that needs no lock first and
in the request's worker thread: the shape of the body, the election's status, the ballot's
canonical text, the credential, its signature, its district, and the ballot's proofs (the
expensive part, tens of milliseconds of CPU for a large knapsack ballot; libsodium releases the
GIL, so worker threads verify in parallel).

What depends on other ballots -- is the ``ballot_id`` new, which earlier ballot does this one
supersede -- is decided by :class:`CastWriter`: one thread that takes every verified cast
waiting, and in one transaction per batch, holding the election's board lock, appends each
one's ``ballot`` entry (and ``ballot-superseded`` for a revote), updates the ballot index,
signs one checkpoint and commits; only then are the casters answered. Each cast runs in its
own savepoint, so one that fails (a replayed ``ballot_id``) fails alone. The index's unique
constraints back this up: whatever the code did, a second counted ballot for one credential
and style, or a second row for one ``ballot_id``, could not commit.
"""

from __future__ import annotations

import base64
import binascii
import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from oylama.board import EntryKind
from oylama.credentials import SignatureError, verify_ballot_signature
from oylama.crypto import (
    CryptoError,
    EncryptedBallot,
    format_tracking_code,
    tracking_code,
    verify_ballot,
)
from oylama.election import (
    CITY_WIDE,
    BallotSuperseded,
    PayloadError,
    ballot_payload,
    decode_ballot_text,
    encode_payload,
)
from oylama.service._accounts import SlidingWindow
from oylama.service._api import BallotStatus, CastIn, Receipt, decode_body
from oylama.service._context import ServiceContext
from oylama.service._problems import BadRequest, Conflict, Forbidden, NotFound, Unprocessable
from oylama.store import (
    CastBallot,
    Election,
    StoredTree,
    append,
    latest_checkpoint,
    lock_log,
)

_log = logging.getLogger("oylama.service")


@dataclass(slots=True)
class _Cast:
    """A verified cast waiting for the writer."""

    election_id: str
    credential: bytes
    signature: bytes
    ballot_text: bytes
    ballot: EncryptedBallot
    code: bytes
    future: Future[tuple[Receipt, bool]] = field(default_factory=Future)


@dataclass(slots=True)
class _Done:
    cast: _Cast
    index: int
    superseded: int | None
    created: bool


_STOP = object()


class CastWriter:
    """The single writer of ballots: batches verified casts into one transaction each."""

    def __init__(self, ctx: ServiceContext, *, max_batch: int = 256) -> None:
        self.ctx = ctx
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Cast | object] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()
        self.batches = 0
        self._thread: threading.Thread | None = None

    def submit(self, cast: _Cast) -> Future[tuple[Receipt, bool]]:
        """Queue a verified cast (starting the writer thread on first use)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the cast writer is closed")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="oylama-cast-writer", daemon=True
                )
                self._thread.start()
            self._queue.put(cast)
        return cast.future

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            if thread is not None:
                self._queue.put(_STOP)
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        stop = False
        while not stop:
            item = self._queue.get()
            batch: list[_Cast] = []
            while True:
                if item is _STOP:
                    stop = True
                    break
                assert isinstance(item, _Cast)
                batch.append(item)
                if len(batch) >= self.max_batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                try:
                    self._commit(batch)
                except Exception as exc:  # the transaction failed: nobody is acknowledged
                    _log.error("cast batch failed", exc_info=exc)
                    for cast in batch:
                        if not cast.future.done():
                            cast.future.set_exception(exc)

    def _commit(self, batch: list[_Cast]) -> None:
        by_election: dict[str, list[_Cast]] = {}
        for cast in batch:
            if cast.future.set_running_or_notify_cancel():
                by_election.setdefault(cast.election_id, []).append(cast)
        answers: list[tuple[_Done, str, list[bytes]]] = []
        with Session(self.ctx.engine) as session, session.begin():
            for eid, casts in by_election.items():
                lock_log(session, eid, self.ctx.now())
                election = session.get(Election, eid, populate_existing=True)
                assert election is not None
                if election.status != "open":
                    for cast in casts:
                        cast.future.set_exception(
                            Conflict(detail=f"election {eid!r} is {election.status}, not open")
                        )
                    continue
                done: list[_Done] = []
                for cast in casts:
                    try:
                        with session.begin_nested():
                            done.append(self._write(session, cast))
                    except Exception as exc:
                        cast.future.set_exception(exc)
                if not done:
                    continue
                cp = self.ctx.checkpoint(session, election)
                tree = StoredTree(session, eid, size=cp.size)
                for d in done:
                    answers.append((d, cp.note, tree.inclusion_proof(d.index, cp.size)))
        self.batches += 1
        for d, note, proof in answers:
            receipt = Receipt(
                tracking_code=format_tracking_code(d.cast.code),
                index=d.index,
                superseded=d.superseded,
                checkpoint=note,
                inclusion_proof=proof,
            )
            d.cast.future.set_result((receipt, d.created))

    def _write(self, session: Session, cast: _Cast) -> _Done:
        eid, style = cast.election_id, cast.ballot.style
        same = session.execute(
            select(CastBallot).where(
                CastBallot.election_id == eid,
                CastBallot.style == style,
                CastBallot.ballot_id == cast.ballot.ballot_id,
            )
        ).scalar_one_or_none()
        if same is not None:
            if (
                bytes(same.tracking_code) == cast.code
                and bytes(same.credential) == cast.credential
                and bytes(same.signature) == cast.signature
            ):
                return _Done(cast, int(same.entry_idx), same.supersedes, created=False)
            raise Conflict(detail="this ballot_id has already been cast for this ballot")
        previous = session.execute(
            select(CastBallot.entry_idx).where(
                CastBallot.election_id == eid,
                CastBallot.credential == cast.credential,
                CastBallot.style == style,
                CastBallot.superseded_by.is_(None),
            )
        ).scalar_one_or_none()
        now = self.ctx.now()
        payload = encode_payload(ballot_payload(cast.credential, cast.signature, cast.ballot_text))
        index = append(session, eid, EntryKind.BALLOT, payload, now=now).index
        superseded = None if previous is None else int(previous)
        if superseded is not None:
            note = BallotSuperseded(
                credential=cast.credential, style=style, superseded=superseded, by=index
            )
            append(session, eid, EntryKind.BALLOT_SUPERSEDED, encode_payload(note), now=now)
            session.execute(
                update(CastBallot)
                .where(CastBallot.election_id == eid, CastBallot.entry_idx == superseded)
                .values(superseded_by=index)
            )
        session.execute(
            insert(CastBallot).values(
                election_id=eid,
                entry_idx=index,
                style=style,
                credential=cast.credential,
                ballot_id=cast.ballot.ballot_id,
                tracking_code=cast.code,
                signature=cast.signature,
                supersedes=superseded,
            )
        )
        return _Done(cast, index, superseded, created=True)


class Casting:
    """The voters' endpoints: cast (checks in spec order) and receipt lookup."""

    def __init__(self, ctx: ServiceContext, writer: CastWriter, failures: SlidingWindow) -> None:
        self.ctx = ctx
        self.writer = writer
        self.failures = failures

    def cast(self, eid: str, body: bytes, client: str) -> tuple[Receipt, bool]:
        """Check and cast; ``(receipt, created)`` (``created`` False for an identical retry)."""
        request = decode_body(body, CastIn)
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            self.ctx.require_status(election, "open")
        facts = self.ctx.open_election(eid)
        text = bytes(request.ballot)
        try:
            ballot = decode_ballot_text(text)
        except PayloadError as exc:
            raise BadRequest(detail=f"ballot is not canonical: {exc.message}") from None
        key = f"cast:{client}"
        self.failures.check(key)
        district = facts.credentials.get(request.credential)
        if district is None:
            self.failures.fail(key)
            raise Forbidden(detail="the credential is not in this election's list")
        try:
            verify_ballot_signature(request.credential, text, request.signature, election_id=eid)
        except SignatureError as exc:
            self.failures.fail(key)
            raise Forbidden(detail=f"the signature does not verify: {exc}") from None
        found = facts.styles.get(ballot.style)
        if found is None or found[0].district not in (district, CITY_WIDE):
            raise Forbidden(
                detail=f"ballot {ballot.style!r} is not a ballot of this credential's district"
            )
        try:
            verify_ballot(found[1], facts.joint_key, ballot, context=facts.base_hash)
        except CryptoError as exc:
            raise Unprocessable(detail=f"the ballot does not verify: {exc}") from None
        cast = _Cast(
            eid, request.credential, request.signature, text, ballot, tracking_code(ballot)
        )
        return self.writer.submit(cast).result()

    def receipt(self, eid: str, code_text: str) -> BallotStatus:
        code = parse_tracking_code(code_text)
        with self.ctx.read() as session, session.begin():
            self.ctx.load(session, eid)
            row = None
            if code is not None:
                row = session.execute(
                    select(CastBallot).where(
                        CastBallot.election_id == eid, CastBallot.tracking_code == code
                    )
                ).scalar_one_or_none()
            if row is None or code is None:
                raise NotFound(detail="no ballot with this tracking code in this election")
            cp = latest_checkpoint(session, eid)
            assert cp is not None and cp.size > row.entry_idx
            proof = StoredTree(session, eid, size=cp.size).inclusion_proof(
                int(row.entry_idx), cp.size
            )
            return BallotStatus(
                tracking_code=format_tracking_code(code),
                style=row.style,
                index=int(row.entry_idx),
                status="counted" if row.superseded_by is None else "superseded",
                superseded_by=row.superseded_by,
                checkpoint=cp.note,
                inclusion_proof=proof,
            )


def parse_tracking_code(text: str) -> bytes | None:
    """A tracking code from its display form (any case, dashes optional); ``None`` if not one."""
    compact = text.replace("-", "").upper()
    if len(compact) != 52 or not compact.isascii() or not compact.isalnum():
        return None
    try:
        code = base64.b32decode(compact + "====")
    except (binascii.Error, ValueError):
        return None
    return (
        code if len(code) == 32 and format_tracking_code(code).replace("-", "") == compact else None
    )
