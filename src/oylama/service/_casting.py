"""Casting ballots (docs/spec/service.md §5): checks outside the database, group-committed writes.

A cast is checked in the order of the specification, every check that needs no lock first and
in the request's worker thread: the shape of the body, the election's status, the ballot's
canonical text, the credential, its signature, its district, and the ballot's proofs (the
expensive part, tens of milliseconds of CPU for a large knapsack ballot; libsodium releases the
GIL, so worker threads verify in parallel).

What depends on other ballots -- is the ``ballot_id`` new, which earlier ballot does this one
supersede -- is decided by :class:`CastWriter`: one thread that takes every verified cast
waiting, and in one transaction per batch, holding the election's board lock, decides each in
order (a refused one, such as a replayed ``ballot_id``, fails alone), appends the ``ballot``
entries (each revote followed by its ``ballot-superseded``) in one multi-row append, updates
the ballot index, signs one checkpoint and commits; only then are the casters answered (their
inclusion proofs are read in their own threads). The index's unique constraints back this up:
whatever the code did, a second counted ballot for one credential and style, or a second row
for one ``ballot_id``, could not commit.
"""

from __future__ import annotations

import base64
import binascii
import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from oylama.board import EntryKind
from oylama.credentials import SignatureError, verify_ballot_signature
from oylama.crypto import (
    EncryptedBallot,
    format_tracking_code,
    tracking_code,
)
from oylama.election import (
    CITY_WIDE,
    BallotSuperseded,
    PayloadError,
    ballot_payload,
    decode_ballot_text,
    encode_payload,
)
from oylama.service._address import address_key
from oylama.service._api import BallotStatus, CastIn, Receipt, decode_body
from oylama.service._context import ServiceContext
from oylama.service._problems import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unprocessable,
    database_unavailable,
)
from oylama.service._schedule import OutsideWindow
from oylama.service._throttle import CastLimits
from oylama.service._verify import Verifier
from oylama.store import (
    Base,
    CastBallot,
    Election,
    PaperBallotRow,
    SpoiledEntry,
    StoredTree,
    append_many,
    latest_checkpoint,
    lock_log,
    stored_size,
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
    future: Future[_Written] = field(default_factory=Future)


_STOP = object()

#: Most ballots one credential may cast for one style (the first and its revotes); identical
#: retries are not ballots. Generous for a person changing their mind (or voting again to
#: escape a coercer), it bounds what one credential can add to the board.
MAX_BALLOTS = 20


class BallotIdReplayed(Conflict):
    """409: the ``ballot_id`` is already on the board for this style, in another ballot."""


class TooManyBallots(Conflict):
    """409: the credential has cast the most ballots allowed for this style."""


class CastWriter:
    """The single writer of ballots: batches verified casts into one transaction each."""

    def __init__(
        self, ctx: ServiceContext, *, max_batch: int = 256, max_ballots: int = MAX_BALLOTS
    ) -> None:
        self.ctx = ctx
        self.max_batch = max_batch
        self.max_ballots = max_ballots
        self._queue: queue.SimpleQueue[_Cast | object] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()
        self.batches = 0
        self._thread: threading.Thread | None = None

    def submit(self, cast: _Cast) -> Future[_Written]:
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
                    if database_unavailable(exc):  # an outage: each caster gets a 503
                        _log.warning("cast batch not written: the database is unavailable")
                    else:
                        _log.error("cast batch failed", exc_info=exc)
                    for cast in batch:
                        if not cast.future.done():
                            cast.future.set_exception(exc)

    def _commit(self, batch: list[_Cast]) -> None:
        by_election: dict[str, list[_Cast]] = {}
        for cast in batch:
            if cast.future.set_running_or_notify_cancel():
                by_election.setdefault(cast.election_id, []).append(cast)
        answers: list[tuple[_Cast, _Written]] = []
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
                try:  # the window is checked again under the lock, just before the append
                    self.ctx.open_election(eid).check_window(self.ctx.now())
                except OutsideWindow as exc:
                    for cast in casts:
                        cast.future.set_exception(exc)
                    continue
                done = self._write(session, eid, casts)
                if not done:
                    continue
                cp = self.ctx.checkpoint(session, election)
                for cast, (index, superseded, created) in done:
                    answers.append((cast, _Written(index, superseded, created, cp.note, cp.size)))
        self.batches += 1
        for cast, written in answers:
            cast.future.set_result(written)

    def _write(
        self, session: Session, eid: str, casts: list[_Cast]
    ) -> list[tuple[_Cast, tuple[int, int | None, bool]]]:
        """Decide every cast of one election under its lock; append and index the new ones.

        A handful of queries per batch, whatever its size: the stored rows for the batch's
        ballot ids and for its credentials' counted ballots are read at once, the decisions are
        made in order in memory (a batch may hold a retry, a replay or a revote of its own
        casts), then one multi-row append, one update and one insert.
        """
        ids = sorted({c.ballot.ballot_id for c in casts})
        stored = {
            (str(r.style), bytes(r.ballot_id)): (
                bytes(r.tracking_code),
                bytes(r.credential),
                bytes(r.signature),
                int(r.entry_idx),
                None if r.supersedes is None else int(r.supersedes),
            )
            for r in session.execute(
                select(
                    CastBallot.style,
                    CastBallot.ballot_id,
                    CastBallot.tracking_code,
                    CastBallot.credential,
                    CastBallot.signature,
                    CastBallot.entry_idx,
                    CastBallot.supersedes,
                ).where(CastBallot.election_id == eid, CastBallot.ballot_id.in_(ids))
            )
        }
        spoiled = {
            (str(r.style), bytes(r.ballot_id))
            for r in session.execute(
                select(SpoiledEntry.style, SpoiledEntry.ballot_id).where(
                    SpoiledEntry.election_id == eid, SpoiledEntry.ballot_id.in_(ids)
                )
            )
        }
        credentials = sorted({c.credential for c in casts})
        counted: dict[tuple[bytes, str], int] = {
            (bytes(r.credential), str(r.style)): int(r.entry_idx)
            for r in session.execute(
                select(CastBallot.credential, CastBallot.style, CastBallot.entry_idx).where(
                    CastBallot.election_id == eid,
                    CastBallot.credential.in_(credentials),
                    CastBallot.superseded_by.is_(None),
                )
            )
        }
        cast_counts: dict[tuple[bytes, str], int] = {
            (bytes(r.credential), str(r.style)): int(r.n)
            for r in session.execute(
                select(CastBallot.credential, CastBallot.style, func.count().label("n"))
                .where(CastBallot.election_id == eid, CastBallot.credential.in_(credentials))
                .group_by(CastBallot.credential, CastBallot.style)
            )
        }
        on_paper = {
            (bytes(r.credential), str(r.style))
            for r in session.execute(
                select(PaperBallotRow.credential, PaperBallotRow.style).where(
                    PaperBallotRow.election_id == eid,
                    PaperBallotRow.credential.in_(credentials),
                )
            )
        }
        size = stored_size(session, eid)
        items: list[tuple[EntryKind, bytes]] = []
        rows: list[dict[str, object]] = []
        row_at: dict[int, dict[str, object]] = {}
        updates: list[dict[str, int]] = []
        done: list[tuple[_Cast, tuple[int, int | None, bool]]] = []
        for cast in casts:
            style = cast.ballot.style
            key = (style, cast.ballot.ballot_id)
            if key in spoiled:  # its randomness is public: casting it would publish the vote
                cast.future.set_exception(
                    Conflict(detail="this ballot was spoiled (opened for a check): never cast it")
                )
                continue
            same = stored.get(key)
            if same is not None:
                code, credential, signature, index, supersedes = same
                if (code, credential, signature) == (cast.code, cast.credential, cast.signature):
                    done.append((cast, (index, supersedes, False)))
                else:
                    cast.future.set_exception(
                        BallotIdReplayed(
                            detail="this ballot_id has already been cast for this ballot"
                        )
                    )
                continue
            if (cast.credential, style) in on_paper:  # record §2 item 7b: the code is used
                cast.future.set_exception(
                    Conflict(detail=f"this code has voted on paper for {style!r}: it is used")
                )
                continue
            made = cast_counts.get((cast.credential, style), 0)
            if made >= self.max_ballots:
                cast.future.set_exception(
                    TooManyBallots(
                        detail=f"this credential has cast {made} ballots for {style!r}, the "
                        f"most allowed; its last one stays counted"
                    )
                )
                continue
            cast_counts[(cast.credential, style)] = made + 1
            index = size + len(items)
            previous = counted.get((cast.credential, style))
            items.append(
                (
                    EntryKind.BALLOT,
                    encode_payload(
                        ballot_payload(cast.credential, cast.signature, cast.ballot_text)
                    ),
                )
            )
            if previous is not None:
                note = BallotSuperseded(
                    credential=cast.credential, style=style, superseded=previous, by=index
                )
                items.append((EntryKind.BALLOT_SUPERSEDED, encode_payload(note)))
                if previous in row_at:  # superseded within this batch: never stored counted
                    row_at[previous]["superseded_by"] = index
                else:
                    updates.append({"old": previous, "new": index})
            row: dict[str, object] = {
                "election_id": eid,
                "entry_idx": index,
                "style": style,
                "credential": cast.credential,
                "ballot_id": cast.ballot.ballot_id,
                "tracking_code": cast.code,
                "signature": cast.signature,
                "supersedes": previous,
                "superseded_by": None,
            }
            rows.append(row)
            row_at[index] = row
            counted[(cast.credential, style)] = index
            stored[key] = (cast.code, cast.credential, cast.signature, index, previous)
            done.append((cast, (index, previous, True)))
        if items:
            appended = append_many(session, eid, items, now=self.ctx.now())
            if appended[0].index != size:  # the lock makes this impossible; refuse, not fork
                raise RuntimeError("the log moved under the election's lock")
            if updates:
                table = Base.metadata.tables["ballots"]
                session.connection().execute(  # Core executemany, not the ORM's bulk update
                    update(table)
                    .where(table.c.election_id == eid, table.c.entry_idx == bindparam("old"))
                    .values(superseded_by=bindparam("new")),
                    updates,
                )
            session.execute(insert(CastBallot), rows)
        return done


@dataclass(frozen=True, slots=True)
class _Written:
    """What the writer tells a caster: where its ballot is and the checkpoint that covers it."""

    index: int
    superseded: int | None
    created: bool
    checkpoint: str
    size: int


class Casting:
    """The voters' endpoints: cast (checks in spec order, limits per address and credential)
    and receipt lookup."""

    def __init__(
        self,
        ctx: ServiceContext,
        writer: CastWriter,
        limits: CastLimits,
        verifier: Verifier | None = None,
    ) -> None:
        self.ctx = ctx
        self.writer = writer
        self.limits = limits
        self.verifier = verifier or Verifier()

    def _unsigned(self, address: str, refusal: Exception) -> Exception:
        """A request not validly signed by a listed credential failed: count it against its
        address; what to raise (429 once the address is over its limit)."""
        key = f"addr:{address_key(address)}"
        if self.limits.addresses.over(key):
            try:
                self.limits.addresses.check(key)
            except TooManyRequests as exc:
                return exc
        self.limits.addresses.fail(key)
        return refusal

    def cast(self, eid: str, body: bytes, client: str) -> tuple[Receipt, bool]:
        """Check and cast; ``(receipt, created)`` (``created`` False for an identical retry).

        The checks that need no signature come first; each failure counts against the client
        address (:mod:`oylama.service._throttle`). From a valid signature on, the request is
        the credential's: an identical retry is answered at once, failures count against the
        credential only, and the address's count is never looked at.
        """
        try:
            request = decode_body(body, CastIn)
        except BadRequest as exc:
            raise self._unsigned(client, exc) from None
        text = bytes(request.ballot)
        with self.ctx.read() as session, session.begin():
            status = self.ctx.load(session, eid).status
        if status != "open":
            stored = self._retry_after_close(eid, request, text)
            if stored is not None:
                return stored, False
            raise Conflict(detail=f"election {eid!r} is {status}; this needs it open")
        facts = self.ctx.open_election(eid)
        try:
            facts.check_window(self.ctx.now())
        except OutsideWindow:
            stored = self._retry_after_close(eid, request, text)
            if stored is not None:
                return stored, False
            raise
        try:
            ballot = decode_ballot_text(text)
        except PayloadError as exc:
            bad = BadRequest(detail=f"ballot is not canonical: {exc.message}")
            raise self._unsigned(client, bad) from None
        district = facts.credentials.get(request.credential)
        if district is None:
            refusal = Forbidden(detail="the credential is not in this election's list")
            raise self._unsigned(client, refusal)
        try:
            verify_ballot_signature(request.credential, text, request.signature, election_id=eid)
        except SignatureError as exc:
            refusal = Forbidden(detail=f"the signature does not verify: {exc}")
            raise self._unsigned(client, refusal) from None
        # Validly signed by a listed credential: the credential's request from here on.
        code = tracking_code(ballot)
        retry = self._stored(eid, code, request.credential, request.signature)
        if retry is not None:
            return retry, False
        key = CastLimits.credential_key(eid, request.credential)
        self.limits.credentials.check(key)
        found = facts.styles.get(ballot.style)
        if found is None or found[0].district not in (district, CITY_WIDE):
            self.limits.credentials.fail(key)
            raise Forbidden(
                detail=f"ballot {ballot.style!r} is not a ballot of this credential's district"
            )
        failure = self.verifier(
            found[1], facts.joint_key.encode(), text, facts.base_hash, request.credential
        )
        if failure is not None:
            self.limits.credentials.fail(key)
            raise Unprocessable(detail=f"the ballot does not verify: {failure}")
        cast = _Cast(eid, request.credential, request.signature, text, ballot, code)
        try:
            written = self.writer.submit(cast).result()
        except BallotIdReplayed:
            self.limits.credentials.fail(key)
            raise
        # The proof is read here, in the caster's thread, not by the single writer.
        with self.ctx.read() as session, session.begin():
            proof = StoredTree(session, eid, size=written.size).inclusion_proof(
                written.index, written.size
            )
        receipt = Receipt(
            tracking_code=format_tracking_code(code),
            index=written.index,
            superseded=written.superseded,
            checkpoint=written.checkpoint,
            inclusion_proof=proof,
        )
        return receipt, written.created

    def _retry_after_close(self, eid: str, request: CastIn, text: bytes) -> Receipt | None:
        """A retry of a ballot stored before the election closed still gets its receipt (its
        first answer may have been lost); anything else is refused by the status check."""
        try:
            ballot = decode_ballot_text(text)
        except PayloadError:
            return None
        return self._stored(eid, tracking_code(ballot), request.credential, request.signature)

    def _stored(self, eid: str, code: bytes, credential: bytes, signature: bytes) -> Receipt | None:
        """The receipt of this very ballot (same text, credential and signature) if it is on
        the board already: a retry after a lost answer, answered without limits or proofs."""
        with self.ctx.read() as session, session.begin():
            row = session.execute(
                select(CastBallot).where(
                    CastBallot.election_id == eid, CastBallot.tracking_code == code
                )
            ).scalar_one_or_none()
            if row is None or (bytes(row.credential), bytes(row.signature)) != (
                credential,
                signature,
            ):
                return None
            cp = latest_checkpoint(session, eid)
            assert cp is not None and cp.size > row.entry_idx
            proof = StoredTree(session, eid, size=cp.size).inclusion_proof(
                int(row.entry_idx), cp.size
            )
            return Receipt(
                tracking_code=format_tracking_code(code),
                index=int(row.entry_idx),
                superseded=None if row.supersedes is None else int(row.supersedes),
                checkpoint=cp.note,
                inclusion_proof=proof,
            )

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
