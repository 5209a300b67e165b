"""An election's lifecycle and key ceremony (docs/spec/service.md §3–§4), as operations.

Each operation checks the caller (``_authz``), then the status, then the content, and writes
its rows and board entries in one transaction ending with a signed checkpoint
(:class:`ServiceContext.writing`). The content checks are the library's own: ballot
definitions (:func:`oylama.ballots.loads`), credential lists
(:func:`oylama.credentials.load_public_list`), the manifest
(:func:`oylama.election.manifest_from_definition`), trustee records and partial decryptions
(:mod:`oylama.crypto`). Payloads are exactly record.md §2.
"""

from __future__ import annotations

from decimal import Decimal

import msgspec
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oylama import ballots as ballot_defs
from oylama.board import MAX_PAYLOAD, EntryKind, decode_entry
from oylama.credentials import (
    PublicCredentialList,
    eligible_districts,
    fingerprint,
    load_public_list,
)
from oylama.crypto import (
    ZERO_CIPHERTEXT,
    Ceremony,
    CryptoError,
    EncryptedBallot,
    EncryptedShare,
    PartialDecryption,
    TrusteePublic,
    add_ciphertexts,
    combine,
    from_json,
    tally_selections,
    to_json,
    verify_ceremony,
    verify_partial_decryption,
    verify_trustee_public,
)
from oylama.election import (
    Allocation,
    BallotPayload,
    ClosedStyle,
    Manifest,
    Opened,
    PartialDecryptionPayload,
    Result,
    SignedTrusteeRecord,
    Tally,
    TrusteeCommitment,
    base_hash,
    ceremony_context,
    check_origin,
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
from oylama.errors import AllocationError, InputError
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
    require_reader,
    require_role,
    require_staff_of,
    require_trustee_of,
)
from oylama.service._context import ServiceContext
from oylama.service._problems import Conflict, Forbidden, Unprocessable
from oylama.store import (
    Account,
    CastBallot,
    Credential,
    Election,
    ElectionStaff,
    Partial,
    Trustee,
    TrusteeShare,
    read_entries,
    stored_size,
)
from oylama.store._schema import entries
from oylama.tally import allocate_totals


def _definition(text: str) -> ballot_defs.Definition:
    """A checked ballot definition; 422 naming ``definition:line: field: reason``."""
    try:
        return ballot_defs.loads(text, source="definition")
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


def _ceremony(election: Election, trustees: list[Trustee]) -> Ceremony:
    return verify_ceremony(_records(trustees), context=ceremony_context(_manifest(election)))


#: Counted ballots summed per call of ``tally_selections`` while closing (bounds memory).
TALLY_CHUNK = 500


def _close_tallies(
    session: Session, eid: str, manifest: Manifest
) -> tuple[list[ClosedStyle], list[Tally]]:
    """The ``closed`` lines and the ``tally`` payloads, in manifest order.

    The ballot entries are streamed from the board in index order (one query) and summed in
    chunks: the homomorphic sum is linear, so the sum of the chunks' sums is the sum over all
    counted ballots, without holding every ballot in memory.
    """
    counted = {
        int(r.entry_idx): str(r.style)
        for r in session.execute(
            select(CastBallot.entry_idx, CastBallot.style).where(
                CastBallot.election_id == eid, CastBallot.superseded_by.is_(None)
            )
        )
    }
    cast = {
        str(r.style): int(r.n)
        for r in session.execute(
            select(CastBallot.style, func.count().label("n"))
            .where(CastBallot.election_id == eid)
            .group_by(CastBallot.style)
        )
    }
    styles = {mb.id: mb.ballot_style() for mb in manifest.ballots}
    sums = {sid: [ZERO_CIPHERTEXT] * st.projects for sid, st in styles.items()}
    counts = dict.fromkeys(styles, 0)
    pending: dict[str, list[EncryptedBallot]] = {sid: [] for sid in styles}

    def flush(sid: str) -> None:
        part = tally_selections(styles[sid], pending[sid])
        sums[sid] = [add_ciphertexts(a, b) for a, b in zip(sums[sid], part, strict=True)]
        pending[sid].clear()

    rows = session.execute(
        select(entries.c.idx, entries.c.data)
        .where(entries.c.election_id == eid, entries.c.kind == EntryKind.BALLOT.value)
        .order_by(entries.c.idx)
        .execution_options(yield_per=TALLY_CHUNK)
    )
    for row in rows:
        sid = counted.get(int(row.idx))
        if sid is None:
            continue
        payload = decode_entry(bytes(row.data)).payload
        ballot = decode_payload(payload, BallotPayload).encrypted_ballot()
        pending[sid].append(ballot)
        counts[sid] += 1
        if len(pending[sid]) >= TALLY_CHUNK:
            flush(sid)
    lines, tallies = [], []
    for sid in styles:
        if pending[sid] or counts[sid] == 0:
            flush(sid)
        lines.append(ClosedStyle(style=sid, cast=cast.get(sid, 0), counted=counts[sid]))
        tallies.append(Tally(style=sid, ballots=counts[sid], ciphertexts=sums[sid]))
    return lines, tallies


class Elections:
    """The lifecycle and ceremony operations; the HTTP layer calls these from worker threads."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- create and configure --------------------------------------------------------------

    def create(self, principal: Principal | None, text: str) -> ElectionView:
        p = require_role(principal, "staff")
        definition = _definition(text)
        eid = definition.election.id
        origin = f"{self.ctx.origin_domain}/{eid}"
        try:
            check_origin(origin)
        except InputError as exc:
            raise Unprocessable(detail=f"board origin {origin!r}: {exc}") from None
        now = self.ctx.now()
        try:
            self._insert_election(p, definition, text, origin, now)
        except IntegrityError:  # created concurrently under the same id
            raise Conflict(detail=f"election {eid!r} exists") from None
        return self.view(eid)

    def _insert_election(
        self, p: Principal, definition: ballot_defs.Definition, text: str, origin: str, now: int
    ) -> None:
        eid = definition.election.id
        with Session(self.ctx.engine) as session, session.begin():
            if session.get(Election, eid) is not None:
                raise Conflict(detail=f"election {eid!r} exists")
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
                )
            )
            session.execute(insert(ElectionStaff).values(election_id=eid, username=p.username))

    def replace_definition(self, principal: Principal | None, eid: str, text: str) -> ElectionView:
        with self.ctx.writing(eid) as (session, election):
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft")
            definition = _definition(text)
            if definition.election.id != eid:
                raise Unprocessable(
                    detail=f"definition: election.id is {definition.election.id!r}; "
                    f"the election is {eid!r} (the id cannot change)"
                )
            election.definition = text
            election.title = definition.election.title.tr
        return self.view(eid)

    def add_staff(self, principal: Principal | None, eid: str, username: str) -> StaffOut:
        p = authenticated(principal)
        with Session(self.ctx.engine) as session, session.begin():
            election = self.ctx.load(session, eid)
            if not (p.role == "admin" or (p.username == election.owner and p.role == "staff")):
                raise Forbidden(detail="only the election's owner or an admin may add staff")
            account = session.get(Account, username)
            if account is None or account.role != "staff":
                raise Unprocessable(detail=f"{username!r} is not a staff account")
            if session.get(ElectionStaff, (eid, username)) is None:
                session.execute(insert(ElectionStaff).values(election_id=eid, username=username))
            return StaffOut(self._staff(session, eid))

    def upload_credentials(
        self, principal: Principal | None, eid: str, text: str
    ) -> CredentialsOut:
        with self.ctx.writing(eid) as (session, election):
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft", "ceremony")
            data = text.encode("utf-8")
            if len(data) > MAX_PAYLOAD:  # it must fit in the board's `credentials` entry
                raise Unprocessable(
                    detail=f"the list has {len(data)} bytes; a board entry holds at most "
                    f"{MAX_PAYLOAD} (board §1)"
                )
            public = _credential_list(
                data, eid, set(eligible_districts(_definition(election.definition)))
            )
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
            return CredentialsOut(fingerprint(data), len(rows))

    # -- key ceremony ------------------------------------------------------------------------

    def start_ceremony(self, principal: Principal | None, eid: str, body: CeremonyIn) -> TokensOut:
        with self.ctx.writing(eid) as (session, election):
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft")
            definition = _definition(election.definition)
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
            key = _ceremony(election, trustees).joint_key.encode()
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
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "ceremony")
            trustees = _trustees(session, eid)
            missing = [t.idx for t in trustees if t.commitment is None]
            if missing:
                raise Conflict(detail=f"trustees {missing} have not committed to the joint key")
            if election.credentials_list is None:
                raise Conflict(detail="no credential list has been uploaded")
            data = bytes(election.credentials_list)
            _credential_list(data, eid, set(eligible_districts(_definition(election.definition))))
            manifest = _manifest(election)
            key = _ceremony(election, trustees).joint_key
            bh = base_hash(manifest, key)
            self.ctx.append(session, election, EntryKind.CREDENTIALS, data)
            opened = Opened(
                manifest_hash=manifest_hash(manifest),
                joint_key=key.encode(),
                base_hash=bh,
                credentials=fingerprint(data),
                voters=int(election.voters or 0),
            )
            self.ctx.append(session, election, EntryKind.OPENED, encode_payload(opened))
            election.joint_key = key.encode()
            election.base_hash = bh
            election.status = "open"
            self.ctx.checkpoint(session, election)
        return self.view(eid)

    def close(self, principal: Principal | None, eid: str) -> ElectionView:
        with self.ctx.writing(eid) as (session, election):
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "open")
            manifest = _manifest(election)
            lines, tallies = _close_tallies(session, eid, manifest)
            closed = encode_payload(ClosedPayload(styles=lines))
            self.ctx.append(session, election, EntryKind.CLOSED, closed)
            for tally in tallies:
                self.ctx.append(session, election, EntryKind.TALLY, encode_payload(tally))
            election.status = "closed"
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
            ceremony = _ceremony(election, trustees)
            manifest = _manifest(election)
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
        with self.ctx.writing(eid) as (session, election):
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "closed")
            manifest = _manifest(election)
            tallies = {t.style: t for t in self.tallies(session, eid)}
            ceremony = _ceremony(election, _trustees(session, eid))
            assert election.base_hash is not None
            results = []
            for mb in manifest.ballots:
                if withheld(manifest, mb.id, tallies[mb.id].ballots):
                    results.append(
                        Result(
                            style=mb.id,
                            ballots=tallies[mb.id].ballots,
                            trustees=[],
                            sums=[],
                            scores=[],
                        )
                    )
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
                partials: list[PartialDecryption] = [
                    decode_payload(
                        _payload_at(session, eid, int(r.entry_idx)), PartialDecryptionPayload
                    ).decryption
                    for r in rows
                ]
                tally = tallies[mb.id]
                style = mb.style
                if style.kind == "cumulative":
                    w = style.points
                elif style.kind == "quadratic":
                    w = 2 * style.max_votes if style.signed else style.max_votes
                else:
                    w = 1
                sums = combine(
                    ceremony,
                    partials,
                    tally.ciphertexts,
                    bound=tally.ballots * w,
                    context=bytes(election.base_hash),
                    label=b"tally/" + mb.id.encode("utf-8"),
                )
                offset = (
                    tally.ballots * style.max_votes
                    if style.kind == "quadratic" and style.signed
                    else 0
                )
                scores = [s - offset for s in sums]
                results.append(
                    Result(
                        style=mb.id,
                        ballots=tally.ballots,
                        trustees=[int(r.trustee) for r in rows],
                        sums=sums,
                        scores=scores,
                    )
                )
            for result in results:
                self.ctx.append(session, election, EntryKind.RESULT, encode_payload(result))
            election.status = "tallied"
            self.ctx.checkpoint(session, election)
        return self.view(eid)

    def publish(self, principal: Principal | None, eid: str) -> ElectionView:
        with self.ctx.writing(eid) as (session, election):
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
            allocations = []
            for mb in manifest.ballots:
                if withheld(manifest, mb.id, results[mb.id].ballots):
                    # Nothing was decrypted: nothing is funded by the rule (record §2 item 12).
                    allocations.append(
                        Allocation(
                            style=mb.id, rule=mb.rule, selected=[], cost="0", budget=mb.budget
                        )
                    )
                    continue
                allocations.append(
                    allocate_style(definition.ballot(mb.id), mb.budget, results[mb.id].scores)
                )
            for a in allocations:
                self.ctx.append(session, election, EntryKind.ALLOCATION, encode_payload(a))
            election.status = "published"
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
        return list(
            session.scalars(
                select(ElectionStaff.username)
                .where(ElectionStaff.election_id == eid)
                .order_by(ElectionStaff.username)
            )
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
            )

    def manifest_bytes(self, eid: str) -> bytes:
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            if election.manifest is None:
                self.ctx.require_status(election, "ceremony")
            assert election.manifest is not None
            return bytes(election.manifest)


def allocate_style(ballot: ballot_defs.Ballot, budget_text: str, scores: list[int]) -> Allocation:
    """Run the ballot's rule on its instance with the decrypted per-project ``scores``.

    Only the totals-only rules can allocate an encrypted election (record.md §2); another
    rule is refused with 422 (the definition check should have refused it before the
    ceremony).
    """
    instance = ballot_defs.to_tally_instance(ballot)
    rule, options = ballot_defs.to_tally_options(ballot)
    kind = "approval" if ballot.kind in ("approval", "knapsack") else ballot.kind
    try:
        outcome = allocate_totals(instance, kind, scores, rule, options)  # type: ignore[arg-type]
    except (InputError, AllocationError) as exc:  # a rule or solver that cannot allocate
        raise Unprocessable(detail=f"style {ballot.id!r}: {exc}") from None
    return Allocation(
        style=ballot.id,
        rule=rule,
        selected=list(outcome.selected),
        cost=decimal_text(Decimal(outcome.total_cost)),
        budget=budget_text,
    )
