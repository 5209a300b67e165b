"""Residents' proposals and supports, staff moderation and feasibility review (cycle §4).

A resident has no account: each request is signed in the browser with the voting credential's
key (``oylama.cycle`` statements) and carries the public key. The service checks that the key is
on the election's credential list and that the signature verifies, then appends the entry to
the participation log and mirrors it in ``proposals`` / ``proposal_supports`` in the same
transaction. Limits follow the casts' (``_throttle``): a request that is not validly signed by
a listed credential counts against its address only; a validly signed one counts against its
credential only, so that no stranger can lock a resident out by sending junk from a shared
address. Proposals also have a cap per credential (:data:`MAX_PROPOSALS_PER_CODE`) and a
window per address (:data:`ADDRESS_PROPOSALS` an hour: only holders of codes can fill it).

Staff actions (moderation, review, accepting into the ballot) need a staff account of the
election and are public entries naming the account. Accepting adds a project to the draft
definition (the ``proposal`` display field links back) in the same transaction as its
``proposal-accepted`` entry.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Final, Literal, TypeVar

import msgspec
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from oylama import ballots as ballot_defs
from oylama.board import EntryKind
from oylama.cycle import (
    MAX_ASSESSMENT,
    MAX_REASON,
    AcceptedPayload,
    ModerationPayload,
    PhaseName,
    ProposalContent,
    ProposalPayload,
    ReviewPayload,
    StatementError,
    SupportContent,
    SupportPayload,
    check_cost,
    check_proposal,
    check_proposal_id,
    check_text,
    decode_content,
    encode_content,
    encode_cycle_payload,
    proposal_id,
    verify_statement,
)
from oylama.errors import InputError
from oylama.service import _audit as audit
from oylama.service._accounts import Clock, Principal
from oylama.service._address import address_key
from oylama.service._api import ElectionView, decode_body
from oylama.service._authz import require_staff_of
from oylama.service._context import ServiceContext
from oylama.service._cycle import CycleLog
from oylama.service._definitions import stored_definition
from oylama.service._elections import Elections, _definition, check_photos
from oylama.service._photos import PhotoError, reencode, store_photo
from oylama.service._problems import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unprocessable,
)
from oylama.service._windows import StoredWindow
from oylama.store import Credential, Photo, Proposal, ProposalSupport

#: Most proposals one credential may make in an election.
MAX_PROPOSALS_PER_CODE: Final = 5
#: Most photos one credential may upload in an election.
MAX_PHOTOS_PER_CODE: Final = 5
#: Proposals accepted per address in :data:`PROPOSAL_WINDOW_MS`.
ADDRESS_PROPOSALS: Final = 30
PROPOSAL_WINDOW_MS: Final = 60 * 60 * 1000
#: Failed requests per address, and per credential, in :data:`FAILURE_WINDOW_MS`.
ADDRESS_FAILURES: Final = 20
CREDENTIAL_FAILURES: Final = 10
FAILURE_WINDOW_MS: Final = 15 * 60 * 1000

#: The ``district`` of a proposal for the whole city.
CITY_WIDE: Final = ballot_defs.CITY_WIDE


class ProposalIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A proposal: ``content`` the canonical JSON text of a ``ProposalContent`` (the bytes
    signed), the public credential and the statement's signature (base64)."""

    content: str
    credential: bytes
    signature: bytes


class SupportIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A support of the proposal in the path: the statement over ``{"proposal": id}``."""

    credential: bytes
    signature: bytes


class ProposalPhotoIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A resident's photo: the file (base64) and the statement over its bytes."""

    data: bytes
    credential: bytes
    signature: bytes


class ModerationIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    action: Literal["hide", "unhide"]
    reason: str


class ReviewIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    decision: Literal["feasible", "infeasible"]
    technical: str
    legal: str
    cost: str | None = None


class AcceptIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Accept a feasible proposal into ballot ``ballot`` as project ``project`` (default
    ``proposal-<n>``); the cost is the review's estimate, else the resident's."""

    ballot: str
    project: str | None = None


class ProposalOut(msgspec.Struct):
    """A proposal as the pages show it; ``entry`` is its index on the participation log."""

    id: str
    number: int
    content: ProposalContent
    credential: bytes
    signature: bytes
    entry: int
    created_at: int
    supports: int
    hidden: bool
    moderation: ModerationPayload | None
    moderations: list[ModerationPayload]
    review: ReviewPayload | None
    accepted: AcceptedPayload | None
    photo_url: str | None


class DistrictOut(msgspec.Struct):
    id: str
    name: str


class ProposalList(msgspec.Struct):
    """The proposals page's data: the proposals, and what the form offers (the districts a
    proposal may name, ``city-wide`` last if there is a city-wide ballot; the currency)."""

    proposals: list[ProposalOut]
    districts: list[DistrictOut]
    currency: str


class SupportOut(msgspec.Struct):
    proposal: str
    supports: int
    entry: int


class ProposalPhotoOut(msgspec.Struct):
    digest: str
    width: int
    height: int


class AcceptOut(msgspec.Struct):
    proposal: ProposalOut
    election: ElectionView


_T = TypeVar("_T")


def _payload(text: str | None, type_: type[_T]) -> _T | None:
    return None if text is None else msgspec.json.decode(text, type=type_)


def _out(eid: str, row: Proposal) -> ProposalOut:
    content = msgspec.json.decode(row.content, type=ProposalContent)
    moderations = _payload(row.moderation, list[ModerationPayload]) or []
    return ProposalOut(
        id=row.id,
        number=row.number,
        content=content,
        credential=bytes(row.credential),
        signature=bytes(row.signature),
        entry=row.entry_idx,
        created_at=row.created_at,
        supports=row.supports,
        hidden=row.hidden,
        moderation=moderations[-1] if moderations else None,
        moderations=moderations,
        review=_payload(row.review, ReviewPayload),
        accepted=_payload(row.accepted, AcceptedPayload),
        photo_url=(
            None if content.photo is None else f"/api/v1/elections/{eid}/proposals/{row.id}/photo"
        ),
    )


def _districts(definition: ballot_defs.Definition, district: str) -> set[str]:
    """What a credential of ``district`` may propose for and support: its own district (if it
    has a ballot) and the city, if there is a city-wide ballot -- the ballots it can vote on."""
    ballot_districts = {b.district for b in definition.ballots}
    allowed = {district} & ballot_districts
    if CITY_WIDE in ballot_districts:
        allowed.add(CITY_WIDE)
    return allowed


class ProposalLimits:
    """The windows of the residents' requests (the module docstring), in the database."""

    def __init__(self, ctx: ServiceContext, clock: Clock) -> None:
        engine = ctx.engine
        self.addresses = StoredWindow(
            engine, "prop-address", ADDRESS_FAILURES, FAILURE_WINDOW_MS, clock
        )
        self.credentials = StoredWindow(
            engine, "prop-credential", CREDENTIAL_FAILURES, FAILURE_WINDOW_MS, clock
        )
        self.posts = StoredWindow(engine, "prop-post", ADDRESS_PROPOSALS, PROPOSAL_WINDOW_MS, clock)


class Proposals:
    """The proposal operations over the service context, the participation log and the
    lifecycle operations (for the definition)."""

    def __init__(self, ctx: ServiceContext, cycle: CycleLog, elections: Elections) -> None:
        self.ctx = ctx
        self.cycle = cycle
        self.elections = elections
        self.limits = ProposalLimits(ctx, ctx.clock)

    # -- reads ---------------------------------------------------------------------------------

    def list(self, eid: str, district: str | None) -> ProposalList:
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            query = select(Proposal).where(Proposal.election_id == eid)
            if district is not None:
                query = query.where(Proposal.district == district)
            rows = session.scalars(query.order_by(Proposal.number))
            found = [_out(eid, r) for r in rows]
            definition = stored_definition(election.definition)
        with_ballot = {b.district for b in definition.ballots}
        districts = [DistrictOut(d.id, d.name) for d in definition.districts if d.id in with_ballot]
        if CITY_WIDE in with_ballot:
            districts.append(DistrictOut(CITY_WIDE, definition.election.city))
        return ProposalList(found, districts, definition.election.currency)

    def get(self, eid: str, pid: str) -> ProposalOut:
        with self.ctx.read() as session, session.begin():
            self.ctx.load(session, eid)
            return _out(eid, self._row(session, eid, pid))

    def photo(self, eid: str, pid: str) -> bytes:
        """A proposal's photo: public while the proposal is shown (not while hidden)."""
        with self.ctx.read() as session, session.begin():
            row = self._row(session, eid, pid)
            content = msgspec.json.decode(row.content, type=ProposalContent)
            if content.photo is None or row.hidden:
                raise NotFound(detail=f"proposal {pid} shows no photo")
            stored = session.get(Photo, (eid, content.photo))
            if stored is None:
                raise NotFound(detail=f"the photo of proposal {pid} is gone")
            return bytes(stored.data)

    @staticmethod
    def _row(session: Session, eid: str, pid: str) -> Proposal:
        row = session.get(Proposal, (eid, pid))
        if row is None:
            raise NotFound(detail=f"no proposal {pid[:20]!r} in election {eid!r}")
        return row

    # -- residents -----------------------------------------------------------------------------

    def _unsigned(self, client: str, refusal: Exception) -> Exception:
        """Not validly signed by a listed credential: counts against the address only."""
        key = f"addr:{address_key(client)}"
        if self.limits.addresses.over(key):
            try:
                self.limits.addresses.check(key)
            except TooManyRequests as exc:
                return exc
        self.limits.addresses.fail(key)
        return refusal

    def _signer(
        self,
        eid: str,
        client: str,
        *,
        credential: bytes,
        signature: bytes,
        kind: Literal["proposal", "proposal-support", "proposal-photo"],
        content: bytes,
    ) -> tuple[str, ballot_defs.Definition]:
        """The district of a listed credential whose statement verifies, and the definition;
        else 403 (counted against the address)."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            row = session.get(Credential, (eid, credential)) if len(credential) == 32 else None
            district = None if row is None else str(row.district)
            text = election.definition
        if district is None:
            raise self._unsigned(
                client,
                Forbidden(
                    detail="the credential is not in this election's list (the credential "
                    "list must be uploaded before residents can propose or support)"
                ),
            )
        try:
            verify_statement(credential, signature, eid, kind, content)
        except StatementError as exc:
            raise self._unsigned(
                client, Forbidden(detail=f"the signature does not verify: {exc}")
            ) from None
        return district, stored_definition(text)

    def _credential_key(self, eid: str, credential: bytes) -> str:
        return f"{eid} {credential.hex()}"

    def _phase(self, eid: str, *phases: PhaseName) -> None:
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            self.cycle.require_phase(session, election, *phases)

    def submit(self, eid: str, raw: bytes, client: str) -> tuple[ProposalOut, bool]:
        """Check and record a proposal; ``(proposal, created)`` (an identical retry finds the
        first one: ``created`` False)."""
        try:
            body = decode_body(raw, ProposalIn)
        except BadRequest as exc:
            raise self._unsigned(client, exc) from None
        content_bytes = body.content.encode("utf-8")
        district, definition = self._signer(
            eid,
            client,
            credential=body.credential,
            signature=body.signature,
            kind="proposal",
            content=content_bytes,
        )
        digest = hashlib.sha256(content_bytes).digest()
        with self.ctx.read() as session, session.begin():
            retry = session.scalars(
                select(Proposal).where(
                    Proposal.election_id == eid,
                    Proposal.credential == body.credential,
                    Proposal.content_hash == digest,
                )
            ).first()
            if retry is not None:
                return _out(eid, retry), False
        self._phase(eid, "proposals")
        key = self._credential_key(eid, body.credential)
        self.limits.credentials.check(key)
        try:
            content = decode_content(content_bytes, ProposalContent)
            check_proposal(content, _districts(definition, district))
        except InputError as exc:
            self.limits.credentials.fail(key)
            raise Unprocessable(detail=f"proposal: {exc}") from None
        post_key = f"addr:{address_key(client)}"
        self.limits.posts.check(post_key)
        with self.cycle.writing(eid) as (session, election):
            self.cycle.require_phase(session, election, "proposals")
            mine = session.execute(
                select(func.count()).where(
                    Proposal.election_id == eid, Proposal.credential == body.credential
                )
            ).scalar_one()
            if mine >= MAX_PROPOSALS_PER_CODE:
                raise Conflict(
                    detail=f"this code has made {mine} proposals, the most one code may make"
                )
            if content.photo is not None:
                photo = session.get(Photo, (eid, content.photo))
                if photo is None or photo.uploaded_by != _uploader(body.credential):
                    raise Unprocessable(
                        detail="proposal: photo: upload the photo with the same code first"
                    )
            last = session.execute(
                select(func.max(Proposal.number)).where(Proposal.election_id == eid)
            ).scalar_one()
            number = int(last or 0) + 1
            pid = proposal_id(number)
            payload = ProposalPayload(
                proposal=pid,
                content=content,
                credential=body.credential,
                signature=body.signature,
            )
            index = self.cycle.append(
                session, election, EntryKind.PROPOSAL, encode_cycle_payload(payload)
            )
            now = self.ctx.now()
            session.execute(
                insert(Proposal).values(
                    election_id=eid,
                    id=pid,
                    number=number,
                    entry_idx=index,
                    credential=body.credential,
                    content_hash=digest,
                    content=body.content,
                    signature=body.signature,
                    district=content.district,
                    created_at=now,
                    supports=0,
                    hidden=False,
                )
            )
            self.cycle.checkpoint(session, election)
            row = self._row(session, eid, pid)
            out = _out(eid, row)
        self.limits.posts.fail(post_key)  # counts the proposal in the address's window
        return out, True

    def support(self, eid: str, pid: str, raw: bytes, client: str) -> SupportOut:
        """One support per credential and proposal (409 for a second one)."""
        try:
            body = decode_body(raw, SupportIn)
            check_proposal_id(pid)
        except BadRequest as exc:
            raise self._unsigned(client, exc) from None
        except InputError as exc:
            raise self._unsigned(client, NotFound(detail=str(exc))) from None
        content = encode_content(SupportContent(proposal=pid))
        district, definition = self._signer(
            eid,
            client,
            credential=body.credential,
            signature=body.signature,
            kind="proposal-support",
            content=content,
        )
        self._phase(eid, "proposals")
        key = self._credential_key(eid, body.credential)
        self.limits.credentials.check(key)
        try:
            with self.cycle.writing(eid) as (session, election):
                self.cycle.require_phase(session, election, "proposals")
                row = self._row(session, eid, pid)
                if row.hidden:
                    raise Conflict(detail=f"proposal {pid} is hidden by the moderators")
                if row.district not in _districts(definition, district):
                    raise Forbidden(
                        detail=f"proposal {pid} is for district {row.district!r}; this code "
                        "may support proposals of its own district and the city-wide ones"
                    )
                if session.get(ProposalSupport, (eid, pid, body.credential)) is not None:
                    raise Conflict(detail=f"this code already supports proposal {pid}")
                payload = SupportPayload(
                    proposal=pid, credential=body.credential, signature=body.signature
                )
                index = self.cycle.append(
                    session, election, EntryKind.PROPOSAL_SUPPORT, encode_cycle_payload(payload)
                )
                session.execute(
                    insert(ProposalSupport).values(
                        election_id=eid,
                        proposal_id=pid,
                        credential=body.credential,
                        entry_idx=index,
                        created_at=self.ctx.now(),
                    )
                )
                supports = row.supports + 1  # under the log's lock: no lost update
                row.supports = supports
                self.cycle.checkpoint(session, election)
        except (Forbidden, NotFound):
            self.limits.credentials.fail(key)
            raise
        return SupportOut(pid, supports, index)

    def add_photo(self, eid: str, raw: bytes, client: str) -> ProposalPhotoOut:
        """A resident's photo for a proposal: re-encoded like the console's (``_photos``)."""
        try:
            body = decode_body(raw, ProposalPhotoIn)
        except BadRequest as exc:
            raise self._unsigned(client, exc) from None
        self._signer(
            eid,
            client,
            credential=body.credential,
            signature=body.signature,
            kind="proposal-photo",
            content=body.data,
        )
        self._phase(eid, "proposals")
        key = self._credential_key(eid, body.credential)
        self.limits.credentials.check(key)
        try:
            photo = reencode(body.data)  # outside any transaction: decoding takes time
        except PhotoError as exc:
            self.limits.credentials.fail(key)
            raise Unprocessable(detail=f"photo: {exc}") from None
        uploader = _uploader(body.credential)
        with self.ctx.writing(eid) as (session, election):
            self.cycle.require_phase(session, election, "proposals")
            if session.get(Photo, (eid, photo.digest)) is None:
                mine = session.execute(
                    select(func.count()).where(
                        Photo.election_id == eid, Photo.uploaded_by == uploader
                    )
                ).scalar_one()
                if mine >= MAX_PHOTOS_PER_CODE:
                    raise Conflict(
                        detail=f"this code has uploaded {mine} photos, the most one code may"
                    )
                store_photo(session, eid, photo, by=uploader, at=self.ctx.now())
        return ProposalPhotoOut(photo.digest, photo.width, photo.height)

    # -- staff ---------------------------------------------------------------------------------

    def moderate(
        self, principal: Principal | None, eid: str, pid: str, body: ModerationIn
    ) -> ProposalOut:
        """Hide or show again, with a public reason (any phase: moderation protects people,
        e.g. from personal data in a proposal, whenever it is found)."""
        with self.cycle.writing(eid) as (session, election):
            p = require_staff_of(session, principal, eid)  # the caller first, then the content
            assert p.username is not None
            try:
                check_text("reason", body.reason, MAX_REASON, lines=True)
            except InputError as exc:
                raise Unprocessable(detail=str(exc)) from None
            row = self._row(session, eid, pid)
            if row.hidden == (body.action == "hide"):
                state = "hidden" if row.hidden else "shown"
                raise Conflict(detail=f"proposal {pid} is already {state}")
            payload = ModerationPayload(
                proposal=pid, action=body.action, reason=body.reason, by=p.username
            )
            data = encode_cycle_payload(payload)
            self.cycle.append(session, election, EntryKind.PROPOSAL_MODERATION, data)
            row.hidden = body.action == "hide"
            earlier = _payload(row.moderation, list[ModerationPayload]) or []
            row.moderation = msgspec.json.encode([*earlier, payload]).decode("utf-8")
            self.cycle.checkpoint(session, election)
            session.flush()
            return _out(eid, row)

    def review(
        self, principal: Principal | None, eid: str, pid: str, body: ReviewIn
    ) -> ProposalOut:
        """Record the feasibility review (the proposals and review phases: staff may assess
        early proposals while others still come; a later review replaces an earlier one)."""
        with self.cycle.writing(eid) as (session, election):
            p = require_staff_of(session, principal, eid)  # the caller first, then the content
            assert p.username is not None
            try:
                check_text("technical", body.technical, MAX_ASSESSMENT, lines=True)
                check_text("legal", body.legal, MAX_ASSESSMENT, lines=True)
                if body.cost is not None:
                    check_cost("cost", body.cost)
            except InputError as exc:
                raise Unprocessable(detail=str(exc)) from None
            self.cycle.require_phase(session, election, "proposals", "review")
            row = self._row(session, eid, pid)
            if row.accepted is not None:
                raise Conflict(detail=f"proposal {pid} is already on the ballot")
            payload = ReviewPayload(
                proposal=pid,
                decision=body.decision,
                technical=body.technical,
                legal=body.legal,
                cost=body.cost,
                by=p.username,
            )
            data = encode_cycle_payload(payload)
            self.cycle.append(session, election, EntryKind.PROPOSAL_REVIEW, data)
            row.review = data.decode("utf-8")
            self.cycle.checkpoint(session, election)
            session.flush()
            return _out(eid, row)

    def accept(self, principal: Principal | None, eid: str, pid: str, body: AcceptIn) -> AcceptOut:
        """Add a feasible proposal to a ballot of the draft definition, with its
        ``proposal-accepted`` entry, in one transaction (draft only: before the ceremony)."""
        with self.cycle.writing_both(eid) as (session, election):
            p = require_staff_of(session, principal, eid)
            assert p.username is not None
            self.ctx.require_status(election, "draft")
            row = self._row(session, eid, pid)
            review = _payload(row.review, ReviewPayload)
            if review is None or review.decision != "feasible":
                raise Conflict(detail=f"proposal {pid} has no feasible review")
            if row.hidden:
                raise Conflict(detail=f"proposal {pid} is hidden by the moderators")
            if row.accepted is not None:
                raise Conflict(detail=f"proposal {pid} is already on the ballot")
            content = msgspec.json.decode(row.content, type=ProposalContent)
            definition = _definition(election.definition)
            try:
                ballot = definition.ballot(body.ballot)
            except KeyError:
                raise Unprocessable(
                    detail=f"ballot: no ballot {body.ballot[:64]!r} in the definition"
                ) from None
            if ballot.district != content.district:
                raise Unprocessable(
                    detail=f"ballot: {ballot.id!r} is for {ballot.district!r}; proposal {pid} "
                    f"is for {content.district!r}"
                )
            project_id = body.project or f"proposal-{row.number}"
            cost = review.cost or content.cost
            project = ballot_defs.Project(
                id=project_id,
                name=ballot_defs.Text(tr=content.title),
                cost=Decimal(cost),
                description=ballot_defs.Text(tr=content.description),
                categories=() if content.category is None else (content.category,),
                sdg=content.sdg,
                latitude=content.latitude,
                longitude=content.longitude,
                audience=content.audience,
                address=content.address,
                photos=() if content.photo is None else (content.photo,),
                proposal=pid,
            )
            new = msgspec.structs.replace(
                definition,
                ballots=tuple(
                    msgspec.structs.replace(b, projects=(*b.projects, project))
                    if b.id == ballot.id
                    else b
                    for b in definition.ballots
                ),
            )
            try:
                text = ballot_defs.dumps(
                    ballot_defs.from_json(msgspec.json.encode(new), source="definition")
                )
            except InputError as exc:
                raise Unprocessable(detail=f"project: {exc}") from None
            checked = _definition(text)
            self.elections._check_work(session, election, checked)
            check_photos(session, eid, checked)
            election.definition = text
            payload = AcceptedPayload(
                proposal=pid, ballot=ballot.id, project=project_id, cost=cost, by=p.username
            )
            data = encode_cycle_payload(payload)
            self.cycle.append(session, election, EntryKind.PROPOSAL_ACCEPTED, data)
            row.accepted = data.decode("utf-8")
            audit.record(
                session,
                at=self.ctx.now(),
                username=p.username,
                election_id=eid,
                action="proposal-accepted",
                detail=f"{pid} as {project_id} in {ballot.id}",
            )
            self.cycle.checkpoint(session, election)
            session.flush()
            out = _out(eid, row)
        return AcceptOut(out, self.elections.view(eid))


def _uploader(credential: bytes) -> str:
    """The ``photos.uploaded_by`` of a resident's photo: the public credential (no account)."""
    return "credential:" + credential.hex()[:48]
