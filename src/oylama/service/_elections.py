"""An election's lifecycle and key ceremony (docs/spec/service.md §3–§4), as operations.

Each operation checks the caller (``_authz``), then the status, then the content, and writes
its rows and board entries in one transaction ending with a signed checkpoint
(:class:`ServiceContext.writing`). The content checks are the library's own: ballot
definitions (:func:`oylama.ballots.loads`), credential lists
(:func:`oylama.credentials.load_public_list`), the manifest
(:func:`oylama.election.manifest_from_definition`), trustee records and partial decryptions
(:mod:`oylama.crypto`). Payloads are exactly record.md §2.

**Short write transactions.** Closing (the homomorphic sums over every counted ballot),
tallying (the threshold decryption and the discrete logs) and publishing (the allocation rule)
are computed *outside* any write transaction, from a read snapshot, under a time limit; then
one short write transaction re-checks the caller and the status under the election's lock,
catches up on what changed meanwhile (ballots cast while the sums were computed) and appends.
A write transaction holds SQLite's one write lock (PostgreSQL: the election's row), which
every cast of every election waits for: a long one would stall them all. A computation that
fails or runs out of time changes nothing, answers a problem (``503`` for the time limit), and
can simply be retried.

**Liveness.** Every election that reaches ``open`` can be tallied and published: definitions
are held to what the tally can decrypt and the rules can solve (``oylama.ballots``), and the
credential list to what the tally of that many voters can decrypt (:func:`tally_work`,
service.md §6.3), checked at upload, when the ceremony starts and at opening.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TypeVar

import msgspec
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oylama import ballots as ballot_defs
from oylama.board import EntryKind, decode_entry
from oylama.credentials import (
    PublicCredentialList,
    eligible_districts,
    fingerprint,
    list_parts,
    load_public_list,
)
from oylama.crypto import (
    MAX_BOUND,
    ZERO_CIPHERTEXT,
    BallotStyle,
    Ceremony,
    Ciphertext,
    CryptoError,
    EncryptedBallot,
    EncryptedShare,
    PartialDecryption,
    TimeLimitError,
    TrusteePublic,
    add_ciphertexts,
    combine,
    from_json,
    linear_combination,
    tally_bounds,
    tally_selections,
    to_json,
    verify_ceremony,
    verify_partial_decryption,
    verify_trustee_public,
)
from oylama.crypto.hazmat import L
from oylama.cycle import cycle_log_id
from oylama.election import (
    Allocation,
    ClosedStyle,
    Manifest,
    ManifestBallot,
    Opened,
    PaperBallot,
    PartialDecryptionPayload,
    Result,
    SignedTrusteeRecord,
    Tally,
    TrusteeCommitment,
    base_hash,
    ceremony_context,
    check_origin,
    clear_sums,
    decimal_text,
    decode_manifest,
    decode_payload,
    encode_manifest,
    encode_payload,
    manifest_from_definition,
    manifest_hash,
    verify_commitment_signature,
    verify_record_signature,
)
from oylama.election import Closed as ClosedPayload
from oylama.election import Staff as StaffPayload
from oylama.errors import AllocationError, InputError
from oylama.service import _audit as audit
from oylama.service._accounts import Principal, new_token, token_hash
from oylama.service._api import (
    CeremonyIn,
    CeremonyOut,
    CommitmentIn,
    CredentialsOut,
    ElectionView,
    PartialsIn,
    ResultOut,
    SharesIn,
    StaffOut,
    StaffView,
    TallyOut,
    TokensOut,
    TrusteeProgress,
)
from oylama.service._authz import (
    authenticated,
    is_staff_of,
    require_reader,
    require_role,
    require_staff_of,
    require_trustee_of,
)
from oylama.service._context import ServiceContext
from oylama.service._cycle import CycleLog
from oylama.service._problems import (
    Conflict,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
    Unavailable,
    Unprocessable,
)
from oylama.service._schedule import schedule_time
from oylama.service._sums import ballot_at, sum_entries
from oylama.store import (
    Account,
    BoardLog,
    CastBallot,
    Credential,
    Election,
    ElectionStaff,
    PaperBallotRow,
    Partial,
    Photo,
    Trustee,
    TrusteeShare,
    lock_log,
    read_entries,
    stored_size,
)
from oylama.store._schema import entries
from oylama.tally import allocate_totals

#: Seconds a close, tally or publish may compute before it is abandoned (503, nothing changed).
COMPUTE_LIMIT = 120.0

#: Largest credential list accepted (service §6.1): about three million voters, published in
#: 16 parts of 16 MiB (credentials §5.4); the service holds it whole while it checks it.
MAX_LIST = 256 * 1024 * 1024

#: Called between computing and committing a close, tally or publish, with the operation's
#: name and the election id (tests make a computation slow or fail with it).
ComputeHook = Callable[[str, str], None]


def definition_problems(exc: ballot_defs.DefinitionError) -> Invalid:
    """A refused definition as a 422 naming every problem (``errors``: field path, line and
    the message ``oylama ballot validate`` prints), the first in ``detail``."""
    errors = [FieldError(field=p.field, message=p.reason, line=p.line) for p in exc.problems]
    return Invalid(str(exc), errors)


def _definition(text: str) -> ballot_defs.Definition:
    """A checked ballot definition; 422 naming ``definition:line: field: reason`` (and every
    problem in ``errors``)."""
    try:
        return ballot_defs.loads(text, source="definition")
    except ballot_defs.DefinitionError as exc:
        raise definition_problems(exc) from None
    except InputError as exc:
        raise Unprocessable(detail=str(exc)) from None


def _credential_list(data: bytes, election_id: str, districts: set[str]) -> PublicCredentialList:
    try:
        return load_public_list(data, source="list", election_id=election_id, districts=districts)
    except InputError as exc:
        raise Unprocessable(detail=str(exc)) from None


def _manifest(election: Election) -> Manifest:
    assert election.manifest is not None
    return decode_manifest(bytes(election.manifest))


def _entries_of(session: Session, election_id: str, kind: EntryKind) -> list[tuple[int, bytes]]:
    """``(index, payload)`` of every entry of ``kind`` (by the copied ``kind`` column)."""
    rows = session.execute(
        select(entries.c.idx, entries.c.data)
        .where(entries.c.election_id == election_id, entries.c.kind == kind.value)
        .order_by(entries.c.idx)
    )
    return [(int(r.idx), decode_entry(bytes(r.data)).payload) for r in rows]


def _payload_at(session: Session, election_id: str, index: int) -> bytes:
    return decode_entry(read_entries(session, election_id, index, index + 1)[0]).payload


def _trustees(session: Session, election_id: str) -> list[Trustee]:
    return list(
        session.scalars(
            select(Trustee).where(Trustee.election_id == election_id).order_by(Trustee.idx)
        )
    )


def _signed(data: bytes) -> SignedTrusteeRecord:
    """A stored ``trustee-key`` payload (the signed record, exactly as on the board)."""
    return decode_payload(data, SignedTrusteeRecord)


def _records(trustees: list[Trustee]) -> list[TrusteePublic]:
    return [_signed(bytes(t.record)).record for t in trustees if t.record is not None]


def withheld(manifest: Manifest, style: str, ballots: int) -> bool:
    """Whether ``style``'s tally of ``ballots`` counted ballots is never decrypted: it counts
    some ballots, but fewer than the manifest's ``min_tally_ballots`` (trustees §6.2)."""
    return 0 < ballots < manifest.min_tally_ballots


def _ceremony(manifest: Manifest, trustees: list[Trustee]) -> Ceremony:
    return verify_ceremony(_records(trustees), context=ceremony_context(manifest))


T = TypeVar("T")


def _account(p: Principal) -> str:
    """The user name of an account principal (the acting account of a lifecycle entry)."""
    assert p.username is not None
    return p.username


def _compute(operation: str, work: Callable[[], T]) -> T:
    """Run a close, tally or publish computation: out of time is 503 (retry later), a
    failure is logged and is 500; either way nothing has been written."""
    try:
        return work()
    except TimeLimitError:
        raise Unavailable(
            detail=f"{operation}: the computation ran past the time limit; nothing was "
            "changed, try again",
            headers={"Retry-After": "60"},
        ) from None


def _result(
    mb: ManifestBallot,
    tally: Tally,
    ceremony: Ceremony,
    partials: list[tuple[int, PartialDecryption]],
    *,
    context: bytes,
    deadline: float,
) -> Result:
    """One style's ``result``: its sums decrypted from the trustees' partial decryptions
    (the discrete logs searched together within ``N·w`` each and ``N·t`` in all)."""
    w, t = tally_bounds(mb.ballot_style())
    sums = combine(
        ceremony,
        [d for _, d in partials],
        tally.ciphertexts,
        bound=tally.ballots * w,
        total=tally.ballots * t,
        context=context,
        label=b"tally/" + mb.id.encode("utf-8"),
        deadline=deadline,
    )
    style = mb.style
    offset = tally.ballots * style.max_votes if style.kind == "quadratic" and style.signed else 0
    return Result(
        style=mb.id,
        ballots=tally.ballots,
        trustees=[i for i, _ in partials],
        sums=sums,
        scores=[x - offset for x in sums],
        by="",  # the account that commits it (under the lock)
    )


#: Counted ballots summed per call of ``tally_selections`` while closing (bounds memory).
TALLY_CHUNK = 500

_Chunk = list[tuple[str, bytes]]  # (style id, encoded ``ballot`` entry) of counted ballots
_ChunkSums = dict[str, tuple[int, list[Ciphertext]]]


class _Sums:
    """Per style, the homomorphic sums of a set of counted ballots, and which entries."""

    def __init__(self, styles: dict[str, BallotStyle]) -> None:
        self.styles = styles
        self.sums = {sid: [ZERO_CIPHERTEXT] * st.projects for sid, st in styles.items()}
        self.included: dict[int, str] = {}

    def add(self, sid: str, ballots: list[EncryptedBallot], *, negate: bool = False) -> None:
        if not ballots:
            return
        part = tally_selections(self.styles[sid], ballots)
        if negate:  # L - 1 is -1: subtract a ballot that stopped being counted
            part = [linear_combination([c], [L - 1]) for c in part]
        self.add_sums(sid, part)

    def add_sums(self, sid: str, part: list[Ciphertext]) -> None:
        """Add the sums of some other ballots of style ``sid`` (a chunk's, :func:`sum_entries`)."""
        self.sums[sid] = [add_ciphertexts(a, b) for a, b in zip(self.sums[sid], part, strict=True)]


def _counted(session: Session, eid: str) -> dict[int, str]:
    """Entry index -> style of every counted ballot (the last of its credential and style)."""
    return {
        int(r.entry_idx): str(r.style)
        for r in session.execute(
            select(CastBallot.entry_idx, CastBallot.style).where(
                CastBallot.election_id == eid, CastBallot.superseded_by.is_(None)
            )
        )
    }


_ballot_at = ballot_at

#: Runs a function over a stream of jobs, results in order: the verifying pool's
#: :meth:`Verifier.map <oylama.service._verify.Verifier.map>`, or the built-in ``map``.
Mapper = Callable[[Callable[[_Chunk], _ChunkSums], Iterable[_Chunk]], Iterable[_ChunkSums]]


def _sum_counted(
    read: Session, eid: str, manifest: Manifest, deadline: float, mapper: Mapper = map
) -> _Sums:
    """The sums over the ballots counted now, outside any write transaction.

    The ballot entries are streamed from the board in index order (one query) and summed in
    chunks of :data:`TALLY_CHUNK` ballots by ``mapper`` (the proof-verifying processes, a core
    each): the homomorphic sum is linear, so the sum of the chunks' sums is the sum over all
    counted ballots, without holding every ballot in memory. Casting goes on meanwhile;
    :func:`_catch_up` accounts for it under the lock.
    """
    acc = _Sums({mb.id: mb.ballot_style() for mb in manifest.ballots})
    counted = _counted(read, eid)
    rows = read.execute(
        select(entries.c.idx, entries.c.data)
        .where(entries.c.election_id == eid, entries.c.kind == EntryKind.BALLOT.value)
        .order_by(entries.c.idx)
        .execution_options(yield_per=TALLY_CHUNK)
    )

    def chunks() -> Iterator[_Chunk]:
        chunk: list[tuple[str, bytes]] = []
        for row in rows:
            sid = counted.get(int(row.idx))
            if sid is None:
                continue
            acc.included[int(row.idx)] = sid
            chunk.append((sid, bytes(row.data)))
            if len(chunk) >= TALLY_CHUNK:
                if time.monotonic() > deadline:  # more to do, no time left
                    raise TimeLimitError("closing: summing the ballots ran out of time")
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    for part in mapper(functools.partial(sum_entries, acc.styles), chunks()):
        for sid, (_, sums) in part.items():
            acc.add_sums(sid, sums)
    return acc


def _catch_up(
    session: Session, eid: str, manifest: Manifest, acc: _Sums
) -> tuple[list[ClosedStyle], list[Tally]]:
    """Under the lock: add the ballots counted now but not summed, subtract those summed but
    superseded since; the ``closed`` lines and the ``tally`` payloads, in manifest order."""
    now = _counted(session, eid)
    added = sorted(set(now) - set(acc.included))
    dropped = sorted(set(acc.included) - set(now))
    for indices, negate in ((added, False), (dropped, True)):
        for start in range(0, len(indices), TALLY_CHUNK):
            chunk = indices[start : start + TALLY_CHUNK]
            by_style: dict[str, list[EncryptedBallot]] = {}
            for row in session.execute(
                select(entries.c.idx, entries.c.data).where(
                    entries.c.election_id == eid, entries.c.idx.in_(chunk)
                )
            ):
                sid = now[int(row.idx)] if not negate else acc.included[int(row.idx)]
                by_style.setdefault(sid, []).append(_ballot_at(bytes(row.data)))
            for sid, ballots in by_style.items():
                acc.add(sid, ballots, negate=negate)
    cast = {
        str(r.style): int(r.n)
        for r in session.execute(
            select(CastBallot.style, func.count().label("n"))
            .where(CastBallot.election_id == eid)
            .group_by(CastBallot.style)
        )
    }
    counts = dict.fromkeys(acc.styles, 0)
    for sid in now.values():
        counts[sid] += 1
    # paper ballots (record §2 items 7b, 9): all counted, in the clear, few -- read under the lock
    paper: dict[str, list[list[int]]] = {}
    for row in session.execute(
        select(entries.c.data).where(
            entries.c.election_id == eid,
            entries.c.idx.in_(
                select(PaperBallotRow.entry_idx).where(PaperBallotRow.election_id == eid)
            ),
        )
    ):
        p = decode_payload(decode_entry(bytes(row.data)).payload, PaperBallot)
        paper.setdefault(p.style, []).append(list(p.choices))
    for sid, choices in paper.items():
        acc.add_sums(sid, clear_sums(acc.styles[sid], choices))
        cast[sid] = cast.get(sid, 0) + len(choices)
        counts[sid] += len(choices)
    lines, tallies = [], []
    for mb in manifest.ballots:
        sid = mb.id
        lines.append(ClosedStyle(style=sid, cast=cast.get(sid, 0), counted=counts[sid]))
        tallies.append(Tally(style=sid, ballots=counts[sid], ciphertexts=acc.sums[sid]))
    return lines, tallies


def missing_photos(definition: ballot_defs.Definition, stored: set[str]) -> Invalid:
    """422 naming each project photo of the definition that is not among ``stored``."""
    errors = [
        FieldError(
            field=f"ballots[{i}].projects[{j}].photos[{k}]",
            message=f"no photo {digest[:12]}… has been uploaded to this election",
        )
        for i, b in enumerate(definition.ballots)
        for j, p in enumerate(b.projects)
        for k, digest in enumerate(p.photos)
        if digest not in stored
    ]
    first = errors[0]
    return Invalid(f"{first.field}: {first.message}", errors)


def check_photos(session: Session, eid: str, definition: ballot_defs.Definition) -> None:
    """422 unless every photo the definition names was uploaded to election ``eid``."""
    wanted = {d for b in definition.ballots for p in b.projects for d in p.photos}
    if not wanted:
        return
    stored = set(
        session.scalars(
            select(Photo.digest).where(Photo.election_id == eid, Photo.digest.in_(wanted))
        )
    )
    if wanted - stored:
        raise missing_photos(definition, stored)


def tally_work(definition: ballot_defs.Definition, voters: dict[str, int]) -> list[str]:
    """Why the tally of an election with ``voters`` credentials per district could not be
    decrypted (empty if it can).

    Each style's tally of ``N`` ballots decrypts to sums within ``N·t`` in all (``t`` =
    :func:`oylama.crypto.tally_bounds`), ``N`` at most the credentials that may cast it; the
    searches of all styles together must stay within what the decoder handles (10^10).
    """
    everyone = sum(voters.values())
    parts = []
    total = 0
    for b in definition.ballots:
        n = everyone if b.city_wide else voters.get(b.district, 0)
        _, t = tally_bounds(ballot_defs.to_crypto_style(b))
        total += n * t
        what = {"cumulative": "points"}.get(b.kind, "in all per ballot")
        parts.append(f"{b.id!r}: {n:,} voters × {t:,} {what}")
    if total <= MAX_BOUND:
        return []
    return [
        f"the tally of this many voters could not be decrypted: the sums of all ballots can "
        f"reach {total:,} ({'; '.join(parts)}), more than {MAX_BOUND:,}; lower the points "
        "(or votes) of the ballots, or split the election"
    ]


class Elections:
    """The lifecycle and ceremony operations; the HTTP layer calls these from worker threads.

    ``compute_limit``: seconds a close, tally or publish may compute (503 beyond);
    ``on_compute``: see :data:`ComputeHook`; ``mapper``: where a close sums its chunks of
    ballots (the proof-verifying processes; default: this thread).
    """

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        compute_limit: float = COMPUTE_LIMIT,
        on_compute: ComputeHook | None = None,
        mapper: Mapper = map,
    ) -> None:
        self.ctx = ctx
        self.cycle = CycleLog(ctx)
        self.compute_limit = compute_limit
        self.on_compute = on_compute
        self.mapper = mapper

    def _deadline(self) -> float:
        return time.monotonic() + self.compute_limit

    def _audit(
        self, session: Session, p: Principal | None, eid: str, action: str, detail: str = ""
    ) -> None:
        """One audit-log event in the caller's transaction (``_audit``)."""
        audit.record(
            session,
            at=self.ctx.now(),
            username=None if p is None else p.username,
            election_id=eid,
            action=action,
            detail=detail,
        )

    def _run(self, operation: str, eid: str, work: Callable[[], T]) -> T:
        """``work`` then the hook, as one computation (:func:`_compute`)."""

        def then_hook() -> T:
            out = work()
            if self.on_compute is not None:
                self.on_compute(operation, eid)
            return out

        return _compute(operation, then_hook)

    @staticmethod
    def _voters(session: Session, eid: str) -> dict[str, int]:
        return {
            str(r.district): int(r.n)
            for r in session.execute(
                select(Credential.district, func.count().label("n"))
                .where(Credential.election_id == eid)
                .group_by(Credential.district)
            )
        }

    def _check_work(
        self, session: Session, election: Election, definition: ballot_defs.Definition
    ) -> None:
        """422 unless the tally of the uploaded credential list can be decrypted."""
        if election.credentials_list is None:
            return
        problems = tally_work(definition, self._voters(session, election.id))
        if problems:
            raise Unprocessable(detail=problems[0])

    # -- create and configure --------------------------------------------------------------

    def create(self, principal: Principal | None, text: str, *, test: bool = False) -> ElectionView:
        """A draft from a definition; ``test``: a test election (marked as such everywhere,
        deletable)."""
        p = require_role(principal, "staff")
        definition = _definition(text)
        if any(pr.photos for b in definition.ballots for pr in b.projects):
            raise missing_photos(definition, set())
        eid = definition.election.id
        origin = f"{self.ctx.origin_domain}/{eid}"
        try:
            check_origin(origin)
        except InputError as exc:
            raise Unprocessable(detail=f"board origin {origin!r}: {exc}") from None
        now = self.ctx.now()
        try:
            self._insert_election(p, definition, text, origin, now, test)
        except IntegrityError:  # created concurrently under the same id
            raise Conflict(detail=f"election {eid!r} exists") from None
        return self.view(eid)

    def _insert_election(  # noqa: PLR0917 (the election's fields)
        self,
        p: Principal,
        definition: ballot_defs.Definition,
        text: str,
        origin: str,
        now: int,
        test: bool,
    ) -> None:
        eid = definition.election.id
        with Session(self.ctx.engine) as session, session.begin():
            if session.get(Election, eid) is not None:
                raise Conflict(detail=f"election {eid!r} exists")
            if session.get(BoardLog, eid) is not None:
                raise Conflict(
                    detail=f"{eid!r} was a deleted test election's id: its board stays in the "
                    "database, so the id cannot be used again"
                )
            session.execute(
                insert(Election).values(
                    id=eid,
                    title=definition.election.title.tr,
                    status="draft",
                    definition=text,
                    owner=p.username,
                    origin=origin,
                    board_seed=self.ctx.rng.token_bytes(32),
                    created_at=now,
                    test=test,
                )
            )
            session.execute(insert(ElectionStaff).values(election_id=eid, username=p.username))
            self._audit(session, p, eid, "election-created", "test election" if test else "")
            session.flush()
            election = session.get(Election, eid)
            assert election is not None
            lock_log(session, cycle_log_id(eid), now)
            self.cycle.publish_schedule(session, election, definition, str(p.username))
            self.cycle.checkpoint(session, election)

    def replace_definition(
        self,
        principal: Principal | None,
        eid: str,
        text: str,
        *,
        action: str = "definition-replaced",
        detail: str = "",
    ) -> ElectionView:
        """Replace a draft's definition (same id); ``action`` and ``detail`` are what the
        audit log says (an import says what it imported)."""
        with self.ctx.writing(eid) as (session, election):
            staff = require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft")
            definition = _definition(text)
            if definition.election.id != eid:
                raise Unprocessable(
                    detail=f"definition: election.id is {definition.election.id!r}; "
                    f"the election is {eid!r} (the id cannot change)"
                )
            self._check_work(session, election, definition)
            check_photos(session, eid, definition)
            if text != election.definition:
                self._audit(session, principal, eid, action, detail)
            lock_log(session, cycle_log_id(eid), self.ctx.now())  # after the election's lock
            by = str(staff.username)
            if self.cycle.publish_schedule(session, election, definition, by):
                self.cycle.checkpoint(session, election)
            election.definition = text
            election.title = definition.election.title.tr
        return self.view(eid)

    def _may_manage_staff(self, session: Session, p: Principal, election: Election) -> None:
        """Admins, and the owner while staff of the election, manage its staff."""
        if p.role == "admin":
            return
        if p.username == election.owner and is_staff_of(session, p, election.id):
            return
        raise Forbidden(detail="only the election's owner or an admin may change its staff")

    def _publish_staff(
        self,
        session: Session,
        election: Election,
        by: str,
        *,
        added: list[str],
        removed: list[str],
    ) -> None:
        """A ``staff`` entry for a change made once the election has a log (record.md §2)."""
        if election.manifest is None:  # a draft has no log: its staff is published at ceremony
            return
        payload = StaffPayload(
            by=by, added=added, removed=removed, staff=self._staff(session, election.id)
        )
        self.ctx.append(session, election, EntryKind.STAFF, encode_payload(payload))
        self.ctx.checkpoint(session, election)

    def add_staff(self, principal: Principal | None, eid: str, username: str) -> StaffOut:
        """Add a staff account (the owner or an admin); on the board once there is a log."""
        p = authenticated(principal)
        with self.ctx.writing(eid) as (session, election):
            self._may_manage_staff(session, p, election)
            if election.status == "published":
                raise Conflict(detail=f"election {eid!r} is published; its staff is final")
            account = session.get(Account, username)
            if account is None or account.role != "staff":
                raise Unprocessable(detail=f"{username!r} is not a staff account")
            if session.get(ElectionStaff, (eid, username)) is None:
                session.execute(insert(ElectionStaff).values(election_id=eid, username=username))
                self._audit(session, p, eid, "staff-added", username)
                assert p.username is not None
                self._publish_staff(session, election, p.username, added=[username], removed=[])
            return StaffOut(self._staff(session, eid))

    def remove_staff(self, principal: Principal | None, eid: str, username: str) -> StaffOut:
        """Remove a staff account from the election (the owner or an admin); never the last
        one (someone must be able to finish it); on the board once there is a log."""
        p = authenticated(principal)
        with self.ctx.writing(eid) as (session, election):
            self._may_manage_staff(session, p, election)
            if election.status == "published":
                raise Conflict(detail=f"election {eid!r} is published; its staff is final")
            if session.get(ElectionStaff, (eid, username)) is None:
                raise NotFound(detail=f"{username!r} is not staff of election {eid!r}")
            if self._staff(session, eid) == [username]:
                raise Conflict(detail=f"{username!r} is the election's last staff account")
            session.execute(
                delete(ElectionStaff).where(
                    ElectionStaff.election_id == eid, ElectionStaff.username == username
                )
            )
            self._audit(session, p, eid, "staff-removed", username)
            assert p.username is not None
            self._publish_staff(session, election, p.username, added=[], removed=[username])
            return StaffOut(self._staff(session, eid))

    def upload_credentials(
        self, principal: Principal | None, eid: str, text: str
    ) -> CredentialsOut:
        with self.ctx.writing(eid) as (session, election):
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft", "ceremony")
            data = text.encode("utf-8")
            if len(data) > MAX_LIST:
                raise Unprocessable(
                    detail=f"the list has {len(data)} bytes; at most {MAX_LIST} are accepted "
                    f"(service §6.1)"
                )
            definition = _definition(election.definition)
            public = _credential_list(data, eid, set(eligible_districts(definition)))
            voters: dict[str, int] = {}
            for c in public.credentials:
                voters[c.district] = voters.get(c.district, 0) + 1
            problems = tally_work(definition, voters)
            if problems:
                raise Unprocessable(detail=problems[0])
            session.execute(delete(Credential).where(Credential.election_id == eid))
            rows = [
                {"election_id": eid, "public_key": c.key_bytes, "district": c.district}
                for c in public.credentials
            ]
            for start in range(0, len(rows), 5000):
                session.execute(insert(Credential), rows[start : start + 5000])
            election.credentials_list = data
            election.credentials_fingerprint = fingerprint(data)
            election.voters = len(rows)
            self._audit(
                session,
                principal,
                eid,
                "credentials-uploaded",
                f"{len(rows)} voters, SHA-256 {fingerprint(data)}",
            )
            return CredentialsOut(fingerprint(data), len(rows))

    # -- key ceremony ------------------------------------------------------------------------

    def start_ceremony(self, principal: Principal | None, eid: str, body: CeremonyIn) -> TokensOut:
        with self.ctx.writing(eid) as (session, election):
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft")
            definition = _definition(election.definition)
            self._check_work(session, election, definition)
            try:
                manifest = manifest_from_definition(
                    definition,
                    trustees=body.trustees,
                    threshold=body.threshold,
                    trustee_keys=body.trustee_keys,
                    origin=election.origin,
                )
                data = encode_manifest(manifest)
            except InputError as exc:
                raise Unprocessable(detail=str(exc)) from None  # already says "manifest: …"
            if self.ctx.append(session, election, EntryKind.MANIFEST, data) != 0:
                raise Conflict(detail=f"election {eid!r} already has a board log")
            roster = self._staff(session, eid)
            starter = require_staff_of(session, principal, eid).username
            assert starter is not None
            staff = StaffPayload(by=starter, added=roster, removed=[], staff=roster)
            self.ctx.append(session, election, EntryKind.STAFF, encode_payload(staff))
            tokens = [new_token(self.ctx.rng) for _ in range(body.trustees)]
            session.execute(
                insert(Trustee),
                [
                    {"election_id": eid, "idx": k, "token_hash": token_hash(t)}
                    for k, t in enumerate(tokens, start=1)
                ],
            )
            election.manifest = data
            election.trustees = body.trustees
            election.threshold = body.threshold
            election.status = "ceremony"
            self._audit(
                session,
                principal,
                eid,
                "ceremony-started",
                f"{body.threshold} of {body.trustees} trustees",
            )
            self.ctx.checkpoint(session, election)
        return TokensOut(tokens)

    def ceremony(self, principal: Principal | None, eid: str) -> CeremonyOut:
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            if election.manifest is None:
                self.ctx.require_status(election, "ceremony", "open", "closed")
            index = None  # a trustee of this election also sees its shares; anyone else, not
            if principal is not None and principal.role == "trustee" and principal.election == eid:
                index = principal.index
            manifest = _manifest(election)
            trustees = _trustees(session, eid)
            records: list[SignedTrusteeRecord | None] = [
                None if t.record is None else _signed(bytes(t.record)) for t in trustees
            ]
            commitments: list[TrusteeCommitment | None] = [
                None
                if t.commitment is None
                else decode_payload(bytes(t.commitment), TrusteeCommitment)
                for t in trustees
            ]
            shares = None
            if index is not None:
                rows = session.scalars(
                    select(TrusteeShare)
                    .where(TrusteeShare.election_id == eid, TrusteeShare.recipient == index)
                    .order_by(TrusteeShare.sender)
                )
                shares = [from_json(bytes(r.share), EncryptedShare) for r in rows]
            return CeremonyOut(
                trustees=manifest.trustees,
                threshold=manifest.threshold,
                ceremony_context=ceremony_context(manifest),
                records=records,
                commitments=commitments,
                shares=shares,
                index=index,
            )

    def post_record(
        self, principal: Principal | None, eid: str, signed: SignedTrusteeRecord
    ) -> bool:
        """Store and publish trustee ``l``'s signed record; ``False`` for an identical retry."""
        with self.ctx.writing(eid) as (session, election):
            index = require_trustee_of(principal, eid)
            self.ctx.require_status(election, "ceremony")
            record = signed.record
            if record.index != index:
                raise Forbidden(detail=f"this token is trustee {index}'s, not {record.index}'s")
            data = encode_payload(signed)
            trustee = session.get(Trustee, (eid, index))
            assert trustee is not None
            if trustee.record is not None:
                if bytes(trustee.record) == data:
                    return False
                raise Conflict(detail=f"trustee {index} has already published its record")
            manifest = _manifest(election)
            context = ceremony_context(manifest)
            try:
                verify_record_signature(
                    record, signed.signature, trustee_keys=manifest.trustee_keys, context=context
                )
                verify_trustee_public(
                    record,
                    trustees=manifest.trustees,
                    threshold=manifest.threshold,
                    context=context,
                )
            except (CryptoError, InputError) as exc:
                raise Unprocessable(detail=str(exc)) from None
            trustee.record = data
            self.ctx.append(session, election, EntryKind.TRUSTEE_KEY, data)
            self.ctx.checkpoint(session, election)
        return True

    def post_shares(self, principal: Principal | None, eid: str, body: SharesIn) -> bool:
        with self.ctx.writing(eid) as (session, election):
            index = require_trustee_of(principal, eid)
            self.ctx.require_status(election, "ceremony")
            trustees = _trustees(session, eid)
            if any(t.record is None for t in trustees):
                raise Conflict(detail="shares are sent once all trustees' records are in")
            n = len(trustees)
            recipients = sorted(s.recipient for s in body.shares)
            if any(s.sender != index for s in body.shares):
                raise Forbidden(detail=f"every share's sender must be {index} (this token)")
            wanted = [k for k in range(1, n + 1) if k != index]
            if recipients != wanted:
                raise Unprocessable(
                    detail=f"expected one share for each of trustees {wanted}, got {recipients}"
                )
            existing = {
                int(r.recipient): bytes(r.share)
                for r in session.scalars(
                    select(TrusteeShare).where(
                        TrusteeShare.election_id == eid, TrusteeShare.sender == index
                    )
                )
            }
            new = {s.recipient: to_json(s) for s in body.shares}
            if existing:
                if existing == new:
                    return False
                raise Conflict(detail=f"trustee {index} has already sent its shares")
            if not new:  # a single trustee has nobody to send shares to
                return True
            session.execute(
                insert(TrusteeShare),
                [
                    {"election_id": eid, "sender": index, "recipient": r, "share": d}
                    for r, d in sorted(new.items())
                ],
            )
        return True

    def post_commitment(self, principal: Principal | None, eid: str, body: CommitmentIn) -> bool:
        with self.ctx.writing(eid) as (session, election):
            index = require_trustee_of(principal, eid)
            self.ctx.require_status(election, "ceremony")
            if body.index != index:
                raise Forbidden(detail=f"this token is trustee {index}'s, not {body.index}'s")
            trustees = _trustees(session, eid)
            if any(t.record is None for t in trustees):
                raise Conflict(detail="the joint key needs all trustees' records")
            received = session.execute(
                select(func.count()).where(
                    TrusteeShare.election_id == eid, TrusteeShare.recipient == index
                )
            ).scalar_one()
            if received != len(trustees) - 1:
                raise Conflict(
                    detail=f"trustee {index} has {received} of {len(trustees) - 1} shares"
                )
            key = _ceremony(_manifest(election), trustees).joint_key.encode()
            if body.joint_key != key:
                raise Conflict(detail="joint_key differs from the key of the trustees' records")
            manifest = _manifest(election)
            try:
                verify_commitment_signature(
                    index,
                    key,
                    body.signature,
                    trustee_keys=manifest.trustee_keys,
                    context=ceremony_context(manifest),
                )
            except InputError as exc:
                raise Unprocessable(detail=str(exc)) from None
            data = encode_payload(
                TrusteeCommitment(index=index, joint_key=key, signature=body.signature)
            )
            trustee = trustees[index - 1]
            if trustee.commitment is not None:
                if bytes(trustee.commitment) == data:
                    return False
                raise Conflict(detail=f"trustee {index} has already committed")
            trustee.commitment = data
            self.ctx.append(session, election, EntryKind.TRUSTEE_COMMITMENT, data)
            self.ctx.checkpoint(session, election)
        return True

    # -- open and close ----------------------------------------------------------------------

    def open(self, principal: Principal | None, eid: str) -> ElectionView:
        with self.ctx.writing(eid) as (session, election):
            by = _account(require_staff_of(session, principal, eid))
            self.ctx.require_status(election, "ceremony")
            trustees = _trustees(session, eid)
            missing = [t.idx for t in trustees if t.commitment is None]
            if missing:
                raise Conflict(detail=f"trustees {missing} have not committed to the joint key")
            if election.credentials_list is None:
                raise Conflict(detail="no credential list has been uploaded")
            manifest = _manifest(election)
            closes = schedule_time(manifest.closes)
            if closes is not None and self.ctx.now() >= closes:
                raise Conflict(
                    detail=f"the election's closing time {manifest.closes} has passed: nobody "
                    "could cast a ballot (the time is in the frozen definition; a new election "
                    "is needed)"
                )
            data = bytes(election.credentials_list)
            definition = _definition(election.definition)
            _credential_list(data, eid, set(eligible_districts(definition)))
            self._check_work(session, election, definition)
            manifest = _manifest(election)
            key = _ceremony(_manifest(election), trustees).joint_key
            bh = base_hash(manifest, key)
            for part in list_parts(data):  # credentials §5.4: 16 MiB a board entry
                self.ctx.append(session, election, EntryKind.CREDENTIALS, part)
            opened = Opened(
                manifest_hash=manifest_hash(manifest),
                joint_key=key.encode(),
                base_hash=bh,
                credentials=fingerprint(data),
                voters=int(election.voters or 0),
                by=by,
            )
            self.ctx.append(session, election, EntryKind.OPENED, encode_payload(opened))
            election.joint_key = key.encode()
            election.base_hash = bh
            election.status = "open"
            self._audit(session, principal, eid, "open")
            self.ctx.checkpoint(session, election)
        return self.view(eid)

    def close(self, principal: Principal | None, eid: str) -> ElectionView:
        """``closed`` and the ``tally`` entries: sums computed outside the write lock while
        casting goes on, then caught up and appended in one short transaction."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "open")
            manifest = _manifest(election)
        deadline = self._deadline()
        with self.ctx.read() as session, session.begin():
            acc = self._run(
                "close", eid, lambda: _sum_counted(session, eid, manifest, deadline, self.mapper)
            )
        with self.ctx.writing(eid) as (session, election):
            by = _account(require_staff_of(session, principal, eid))
            self.ctx.require_status(election, "open")
            lines, tallies = _catch_up(session, eid, manifest, acc)
            closed = encode_payload(ClosedPayload(styles=lines, by=by))
            self.ctx.append(session, election, EntryKind.CLOSED, closed)
            for tally in tallies:
                self.ctx.append(session, election, EntryKind.TALLY, encode_payload(tally))
            election.status = "closed"
            self._audit(session, principal, eid, "closed")
            self.ctx.checkpoint(session, election)
        return self.view(eid)

    # -- decryption and publication ----------------------------------------------------------

    def tallies(self, session: Session, eid: str) -> list[Tally]:
        return [decode_payload(p, Tally) for _, p in _entries_of(session, eid, EntryKind.TALLY)]

    def get_tally(self, eid: str) -> list[TallyOut]:
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            self.ctx.require_status(election, "closed", "tallied", "published")
            return [TallyOut(t.style, t.ballots, t.ciphertexts) for t in self.tallies(session, eid)]

    def post_partials(self, principal: Principal | None, eid: str, body: PartialsIn) -> bool:
        with self.ctx.writing(eid) as (session, election):
            index = require_trustee_of(principal, eid)
            self.ctx.require_status(election, "closed")
            tallies = {t.style: t for t in self.tallies(session, eid)}
            trustees = _trustees(session, eid)
            manifest = _manifest(election)
            ceremony = _ceremony(manifest, trustees)
            assert election.base_hash is not None
            context = bytes(election.base_hash)
            existing = {
                str(p.style): int(p.entry_idx)
                for p in session.scalars(
                    select(Partial).where(Partial.election_id == eid, Partial.trustee == index)
                )
            }
            seen: set[str] = set()
            new: list[tuple[str, bytes]] = []
            for item in body.partials:
                if item.style not in tallies:
                    raise Unprocessable(detail=f"style {item.style!r}: no such ballot")
                if item.style in seen:
                    raise Unprocessable(detail=f"style {item.style!r}: given twice")
                if withheld(manifest, item.style, tallies[item.style].ballots):
                    raise Unprocessable(
                        detail=f"style {item.style!r} counts {tallies[item.style].ballots} "
                        f"ballots, fewer than the manifest's min_tally_ballots "
                        f"({manifest.min_tally_ballots}): its tally is never decrypted"
                    )
                seen.add(item.style)
                if item.decryption.index != index:
                    raise Forbidden(
                        detail=f"style {item.style!r}: this token is trustee {index}'s, "
                        f"not {item.decryption.index}'s"
                    )
                data = encode_payload(
                    PartialDecryptionPayload(style=item.style, decryption=item.decryption)
                )
                if item.style in existing:
                    if _payload_at(session, eid, existing[item.style]) == data:
                        continue
                    raise Conflict(
                        detail=f"style {item.style!r}: trustee {index} has already decrypted it"
                    )
                try:
                    verify_partial_decryption(
                        ceremony,
                        item.decryption,
                        tallies[item.style].ciphertexts,
                        context=context,
                        label=b"tally/" + item.style.encode("utf-8"),
                    )
                except CryptoError as exc:
                    raise Unprocessable(detail=f"style {item.style!r}: {exc}") from None
                new.append((item.style, data))
            for style, data in new:
                i = self.ctx.append(session, election, EntryKind.PARTIAL_DECRYPTION, data)
                session.execute(
                    insert(Partial).values(election_id=eid, style=style, trustee=index, entry_idx=i)
                )
            if new:
                self.ctx.checkpoint(session, election)
            return bool(new)

    def tally(self, principal: Principal | None, eid: str) -> ElectionView:
        """``result`` entries: the threshold decryption and discrete logs computed outside the
        write lock, appended in one short transaction. A style with fewer counted ballots than
        the manifest's ``min_tally_ballots`` is not decrypted (an empty result)."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "closed")
            manifest = _manifest(election)
            tallies = {t.style: t for t in self.tallies(session, eid)}
            records = _records(_trustees(session, eid))
            assert election.base_hash is not None
            context = bytes(election.base_hash)
            partials: dict[str, list[tuple[int, PartialDecryption]]] = {}
            for mb in manifest.ballots:
                if withheld(manifest, mb.id, tallies[mb.id].ballots):
                    continue
                rows = list(
                    session.scalars(
                        select(Partial)
                        .where(Partial.election_id == eid, Partial.style == mb.id)
                        .order_by(Partial.trustee)
                    )
                )
                if len(rows) < manifest.threshold:
                    raise Conflict(
                        detail=f"style {mb.id!r}: {len(rows)} partial decryptions, "
                        f"{manifest.threshold} needed"
                    )
                partials[mb.id] = [
                    (
                        int(r.trustee),
                        decode_payload(
                            _payload_at(session, eid, int(r.entry_idx)), PartialDecryptionPayload
                        ).decryption,
                    )
                    for r in rows
                ]
        deadline = self._deadline()

        def decrypt() -> list[Result]:
            ceremony = verify_ceremony(records, context=ceremony_context(manifest))
            results = []
            for mb in manifest.ballots:
                tally = tallies[mb.id]
                if mb.id not in partials:  # withheld: nothing is decrypted
                    results.append(
                        Result(
                            style=mb.id,
                            ballots=tally.ballots,
                            trustees=[],
                            sums=[],
                            scores=[],
                            by="",
                        )
                    )
                    continue
                results.append(
                    _result(
                        mb,
                        tally,
                        ceremony,
                        partials[mb.id],
                        context=context,
                        deadline=deadline,
                    )
                )
            return results

        results = self._run("tally", eid, decrypt)
        with self.ctx.writing(eid) as (session, election):
            by = _account(require_staff_of(session, principal, eid))
            self.ctx.require_status(election, "closed")
            for result in results:
                payload = encode_payload(msgspec.structs.replace(result, by=by))
                self.ctx.append(session, election, EntryKind.RESULT, payload)
            election.status = "tallied"
            self._audit(session, principal, eid, "tallied")
            self.ctx.checkpoint(session, election)
        return self.view(eid)

    def publish(self, principal: Principal | None, eid: str) -> ElectionView:
        """``allocation`` entries: each style's rule run outside the write lock (under the
        time limit), appended in one short transaction."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "tallied")
            manifest = _manifest(election)
            definition = _definition(election.definition)
            results = {
                r.style: r
                for r in (
                    decode_payload(p, Result)
                    for _, p in _entries_of(session, eid, EntryKind.RESULT)
                )
            }
        deadline = self._deadline()

        def allocate() -> list[Allocation]:
            allocations = []
            for mb in manifest.ballots:
                if withheld(manifest, mb.id, results[mb.id].ballots):
                    # Nothing was decrypted: nothing is funded by the rule (record §2 item 12).
                    allocations.append(
                        Allocation(
                            style=mb.id,
                            rule=mb.rule,
                            selected=[],
                            cost="0",
                            budget=mb.budget,
                            by="",
                        )
                    )
                    continue
                allocations.append(
                    allocate_style(
                        definition.ballot(mb.id),
                        mb.budget,
                        results[mb.id].scores,
                        time_limit=max(deadline - time.monotonic(), 0.0),
                    )
                )
            return allocations

        allocations = self._run("publish", eid, allocate)
        with self.ctx.writing(eid) as (session, election):
            by = _account(require_staff_of(session, principal, eid))
            self.ctx.require_status(election, "tallied")
            for a in allocations:
                payload = encode_payload(msgspec.structs.replace(a, by=by))
                self.ctx.append(session, election, EntryKind.ALLOCATION, payload)
            election.status = "published"
            self._audit(session, principal, eid, "published")
            self.ctx.checkpoint(session, election)
        return self.view(eid)

    def result(self, eid: str) -> list[ResultOut]:
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            self.ctx.require_status(election, "published")
            results = {
                r.style: r
                for r in (
                    decode_payload(p, Result)
                    for _, p in _entries_of(session, eid, EntryKind.RESULT)
                )
            }
            out = []
            for _, p in _entries_of(session, eid, EntryKind.ALLOCATION):
                a = decode_payload(p, Allocation)
                r = results[a.style]
                out.append(
                    ResultOut(a.style, r.ballots, r.scores, a.selected, a.cost, a.budget, a.rule)
                )
            return out

    # -- views -------------------------------------------------------------------------------

    def _staff(self, session: Session, eid: str) -> list[str]:
        """The election's staff, sorted by code point (not by the database's collation)."""
        return sorted(
            session.scalars(select(ElectionStaff.username).where(ElectionStaff.election_id == eid))
        )

    def _view(self, session: Session, election: Election) -> ElectionView:
        mh = None if election.manifest is None else manifest_hash(_manifest(election))
        return ElectionView(
            id=election.id,
            title=election.title,
            status=election.status,
            manifest_hash=mh,
            joint_key=None if election.joint_key is None else bytes(election.joint_key),
            base_hash=None if election.base_hash is None else bytes(election.base_hash),
            credentials=election.credentials_fingerprint,
            voters=election.voters,
            board_size=stored_size(session, election.id),
            test=bool(election.test),
        )

    def view(self, eid: str) -> ElectionView:
        with self.ctx.read() as session, session.begin():
            return self._view(session, self.ctx.load(session, eid))

    def staff_view(self, principal: Principal | None, eid: str) -> StaffView:
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_reader(session, principal, eid)
            v = self._view(session, election)
            partial_by = set(
                session.scalars(select(Partial.trustee).where(Partial.election_id == eid))
            )
            senders = set(
                session.scalars(select(TrusteeShare.sender).where(TrusteeShare.election_id == eid))
            )
            trustees = _trustees(session, eid)
            progress = [
                TrusteeProgress(
                    index=t.idx,
                    record=t.record is not None,
                    # a lone trustee has nobody to send shares to: done once its record is in
                    shares=t.idx in senders or (len(trustees) == 1 and t.record is not None),
                    commitment=t.commitment is not None,
                    partial=t.idx in partial_by,
                )
                for t in trustees
            ]
            cast = session.execute(
                select(func.count()).where(CastBallot.election_id == eid)
            ).scalar_one()
            return StaffView(
                **msgspec.structs.asdict(v),
                definition=election.definition,
                staff=self._staff(session, eid),
                trustees=progress,
                ballots_cast=int(cast),
                document=_definition(election.definition),
                voters_by_district=self._voters(session, eid),
                owner=election.owner,
            )

    def manifest_bytes(self, eid: str) -> bytes:
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            if election.manifest is None:
                self.ctx.require_status(election, "ceremony")
            assert election.manifest is not None
            return bytes(election.manifest)


def allocate_style(
    ballot: ballot_defs.Ballot,
    budget_text: str,
    scores: list[int],
    *,
    by: str = "",
    time_limit: float | None = None,
) -> Allocation:
    """Run the ballot's rule on its instance with the decrypted per-project ``scores``.

    Only the totals-only rules can allocate an encrypted election (record.md §2); another
    rule is refused with 422 (the definition check should have refused it before the
    ceremony). ``by`` is the account that publishes it. ``time_limit`` (seconds) bounds a
    rule that searches (max-welfare): :class:`TimeLimitError` once it is used up.
    """
    instance = ballot_defs.to_tally_instance(ballot)
    rule, options = ballot_defs.to_tally_options(ballot)
    options = dataclasses.replace(options, time_limit=time_limit)
    kind = "approval" if ballot.kind in ("approval", "knapsack") else ballot.kind
    start = time.monotonic()
    try:
        outcome = allocate_totals(instance, kind, scores, rule, options)  # type: ignore[arg-type]
    except (InputError, AllocationError) as exc:  # a rule or solver that cannot allocate
        if time_limit is not None and time.monotonic() - start >= time_limit:
            raise TimeLimitError(f"style {ballot.id!r}: {exc}") from None
        raise Unprocessable(detail=f"style {ballot.id!r}: {exc}") from None
    return Allocation(
        style=ballot.id,
        rule=rule,
        selected=list(outcome.selected),
        cost=decimal_text(Decimal(outcome.total_cost)),
        budget=budget_text,
        by=by,
    )
