"""Paper ballots keyed twice at a polling station (docs/spec/service.md §5.2, record §2 7b-7c).

A resident without a device hands a paper ballot to the station's staff with the letter; two
staff members each key it, on their own devices, against the letter's code. Each device turns
the code into the credential's public key and signs the canonical statement (election,
credential, style, choices, station) with the keyer's own Ed25519 key, published beforehand in
a ``paper-keyer`` entry. The service relays: it never sees a code or a keyer's private key, so
it can neither forge a keying nor learn a code.

The first keying waits (nothing on the board); the second, by *another* account, either
signs the very same statement -- then the ``paper-ballot`` entry goes on the board with both
signatures, in the same transaction as the credential being marked used for that ballot --
or another one: then both are held as a *mismatch* for review, never counted. A reviewer
(staff of the election) discards a held keying, saying why; the staff then key the paper
ballot again from scratch. Every step is in the audit log.

Bad input changes nothing and says why (problem+json). Free text (the station's name, a
reviewer's reason) is length-limited, stored as text and escaped wherever shown; failed
keyings are limited per account (:data:`PAPER_FAILURES` in the failure window), so only the
keyer itself can slow its own keying down.
"""

from __future__ import annotations

from typing import Final

import msgspec
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from oylama.board import EntryKind
from oylama.crypto import BallotStyle
from oylama.election import (
    CITY_WIDE,
    BallotSuperseded,
    ManifestBallot,
    PaperBallot,
    PaperKeyer,
    PaperKeying,
    PaperStatement,
    check_identity_key,
    check_paper_choices,
    check_station,
    encode_payload,
    statement_bytes,
    verify_paper_signature,
)
from oylama.errors import InputError
from oylama.service import _audit as audit
from oylama.service._accounts import Principal
from oylama.service._api import decode_body
from oylama.service._authz import require_reader, require_staff_of
from oylama.service._context import ServiceContext
from oylama.service._problems import Conflict, NotFound, Unprocessable
from oylama.service._windows import FailureWindow
from oylama.store import CastBallot, ElectionStaff, PaperBallotRow, PaperKeyerKey
from oylama.store import PaperKeying as KeyingRow

#: Failed keyings (bad signature, invalid choices...) per account in the failure window.
PAPER_FAILURES: Final = 20

#: The longest reason a reviewer may give for discarding a held keying (characters).
MAX_REASON: Final = 200


class _In(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class KeyerIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The calling staff member's paper-keying public key (Ed25519, base64)."""

    key: bytes


class KeyerOut(msgspec.Struct, frozen=True, kw_only=True):
    account: str
    key: bytes
    index: int


class KeyingIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One keying: the statement's members and the keyer's signature over it."""

    credential: bytes
    style: str
    choices: list[int]
    station: str
    signature: bytes


class KeyedOut(msgspec.Struct, frozen=True, kw_only=True):
    """``waiting`` (202), ``mismatch`` (202, held for review) or ``accepted`` (201: on the
    board at ``index``)."""

    status: str
    id: int | None = None
    index: int | None = None


class KeyingView(msgspec.Struct, frozen=True, kw_only=True):
    account: str
    choices: list[int]
    station: str


class HeldOut(msgspec.Struct, frozen=True, kw_only=True):
    """A keying not on the board: ``waiting`` for its second keying, or a ``mismatch``."""

    id: int
    credential: bytes
    style: str
    status: str
    first: KeyingView
    second: KeyingView | None
    created_at: int


class DiscardIn(_In, frozen=True, forbid_unknown_fields=True, kw_only=True):
    reason: str


def _statement(data: bytes) -> PaperStatement:
    return msgspec.json.decode(data, type=PaperStatement)


def _view(user: str, data: bytes) -> KeyingView:
    s = _statement(data)
    return KeyingView(account=user, choices=list(s.choices), station=s.station)


class PaperBallots:
    """The staff's paper-ballot endpoints; each change is one transaction under the board lock."""

    def __init__(self, ctx: ServiceContext, failures: FailureWindow) -> None:
        self.ctx = ctx
        self.failures = failures

    def _audit(self, session: Session, p: Principal, eid: str, action: str, detail: str) -> None:
        audit.record(
            session,
            at=self.ctx.now(),
            username=p.username,
            election_id=eid,
            action=action,
            detail=detail,
        )

    def _caller(self, principal: Principal | None, eid: str) -> None:
        """404 for an unknown election, then 401/403 unless staff of it: before the body is
        read, so a stranger learns nothing from how a body is refused."""
        with self.ctx.read() as session, session.begin():
            self.ctx.load(session, eid)
            require_staff_of(session, principal, eid)

    # -- keyers ---------------------------------------------------------------------------------

    def register_keyer(
        self, principal: Principal | None, eid: str, body: bytes
    ) -> tuple[KeyerOut, bool]:
        """Publish the caller's keying key (a ``paper-keyer`` entry); ``created`` False when
        the same key is already the caller's."""
        self._caller(principal, eid)
        request = decode_body(body, KeyerIn)
        try:
            check_identity_key(request.key, what="key")
        except InputError as exc:
            raise Unprocessable(detail=exc.message) from None
        with self.ctx.writing(eid) as (session, election):
            p = require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "ceremony", "open")
            user = str(p.username)
            row = session.get(PaperKeyerKey, (eid, user))
            if row is not None and bytes(row.public_key) == request.key:
                return KeyerOut(account=user, key=request.key, index=int(row.entry_idx)), False
            payload = encode_payload(PaperKeyer(account=user, key=request.key))
            index = self.ctx.append(session, election, EntryKind.PAPER_KEYER, payload)
            if row is None:
                session.add(
                    PaperKeyerKey(
                        election_id=eid, username=user, public_key=request.key, entry_idx=index
                    )
                )
            else:
                row.public_key = request.key
                row.entry_idx = index
            self._audit(session, p, eid, "paper-keyer", f"entry {index}")
            self.ctx.checkpoint(session, election)
        return KeyerOut(account=user, key=request.key, index=index), True

    def keyers(self, principal: Principal | None, eid: str) -> list[KeyerOut]:
        with self.ctx.read() as session, session.begin():
            self.ctx.load(session, eid)
            require_reader(session, principal, eid)
            rows = session.execute(
                select(PaperKeyerKey).where(PaperKeyerKey.election_id == eid)
            ).scalars()
            return [
                KeyerOut(account=r.username, key=bytes(r.public_key), index=int(r.entry_idx))
                for r in sorted(rows, key=lambda r: r.username)
            ]

    # -- keying ---------------------------------------------------------------------------------

    def key(self, principal: Principal | None, eid: str, body: bytes) -> tuple[KeyedOut, int]:
        """One keying; ``(answer, status code)``."""
        with self.ctx.read() as session, session.begin():
            self.ctx.load(session, eid)
            p = require_staff_of(session, principal, eid)
            user = str(p.username)
            row = session.get(PaperKeyerKey, (eid, user))
            keyer_key = None if row is None else bytes(row.public_key)
        request = decode_body(body, KeyingIn)
        with self.ctx.read() as session, session.begin():
            self.ctx.require_status(self.ctx.load(session, eid), "open")
        failure_key = f"paper:{eid}:{user}"
        self.failures.check(failure_key)
        if keyer_key is None:
            raise Conflict(detail="publish your keying key first (POST …/paper/keyers)")
        facts = self.ctx.open_election(eid)
        facts.check_window(self.ctx.now())
        statement = PaperStatement(
            credential=request.credential,
            style=request.style,
            choices=list(request.choices),
            station=request.station,
        )
        try:
            self._check(facts.credentials, facts.styles, statement)
            verify_paper_signature(keyer_key, eid, statement, request.signature)
        except InputError as exc:
            self.failures.fail(failure_key)
            raise Unprocessable(detail=exc.message) from None
        text = statement_bytes(statement)
        voter = (request.credential, request.style)
        with self.ctx.writing(eid) as (session, election):
            self.ctx.require_status(election, "open")
            p = require_staff_of(session, principal, eid)
            current = session.get(PaperKeyerKey, (eid, user))
            if current is None or bytes(current.public_key) != keyer_key:
                raise Conflict(detail="your keying key changed meanwhile: sign again")
            self._check_voter(session, eid, voter, facts.manifest.paper_and_online)
            held = session.execute(
                select(KeyingRow).where(
                    KeyingRow.election_id == eid,
                    KeyingRow.credential == request.credential,
                    KeyingRow.style == request.style,
                )
            ).scalar_one_or_none()
            if held is None:
                first = KeyingRow(
                    election_id=eid,
                    credential=request.credential,
                    style=request.style,
                    status="waiting",
                    first_user=user,
                    first_statement=text,
                    first_signature=request.signature,
                    created_at=self.ctx.now(),
                )
                session.add(first)
                session.flush()
                self._audit(session, p, eid, "paper-keyed", f"first keying {first.id}")
                return KeyedOut(status="waiting", id=int(first.id)), 202
            if held.status == "mismatch":
                raise Conflict(
                    detail=f"this ballot's keyings ({held.id}) disagree and are held for review: "
                    "a reviewer discards them, then key it again"
                )
            if held.first_user == user:
                raise Conflict(
                    detail="the second keying must be made by another staff account than the first"
                )
            if bytes(held.first_statement) != text:
                held.status = "mismatch"
                held.second_user = user
                held.second_statement = text
                held.second_signature = request.signature
                self._audit(session, p, eid, "paper-mismatch", f"keying {held.id} held for review")
                return KeyedOut(status="mismatch", id=int(held.id)), 202
            if session.get(ElectionStaff, (eid, held.first_user)) is None:
                raise Conflict(
                    detail=f"the first keying ({held.id}) is by {held.first_user!r}, no longer "
                    "staff of the election: a reviewer discards it, then key the ballot again"
                )
            first_key = session.get(PaperKeyerKey, (eid, held.first_user))
            try:
                if first_key is None:
                    raise InputError("the first keyer has no key any more")
                verify_paper_signature(
                    bytes(first_key.public_key), eid, statement, bytes(held.first_signature)
                )
            except InputError:
                raise Conflict(
                    detail=f"the first keying ({held.id}) no longer verifies (its keyer changed "
                    "key): a reviewer discards it, then key the ballot again"
                ) from None
            entry = PaperBallot(
                credential=request.credential,
                style=request.style,
                choices=list(request.choices),
                station=request.station,
                keyings=[
                    PaperKeying(account=held.first_user, signature=bytes(held.first_signature)),
                    PaperKeying(account=user, signature=request.signature),
                ],
            )
            index = self.ctx.append(
                session, election, EntryKind.PAPER_BALLOT, encode_payload(entry)
            )
            counted = session.execute(
                select(CastBallot.entry_idx).where(
                    CastBallot.election_id == eid,
                    CastBallot.credential == request.credential,
                    CastBallot.style == request.style,
                    CastBallot.superseded_by.is_(None),
                )
            ).scalar_one_or_none()
            if counted is not None:  # paper-counts (else _check_voter refused it)
                note = BallotSuperseded(
                    credential=request.credential,
                    style=request.style,
                    superseded=int(counted),
                    by=index,
                )
                self.ctx.append(
                    session, election, EntryKind.BALLOT_SUPERSEDED, encode_payload(note)
                )
                session.execute(
                    update(CastBallot)
                    .where(CastBallot.election_id == eid, CastBallot.entry_idx == counted)
                    .values(superseded_by=index)
                )
            session.add(
                PaperBallotRow(
                    election_id=eid,
                    entry_idx=index,
                    credential=request.credential,
                    style=request.style,
                )
            )
            session.delete(held)
            self._audit(session, p, eid, "paper-ballot", f"entry {index} (keying {held.id})")
            self.ctx.checkpoint(session, election)
        return KeyedOut(status="accepted", index=index), 201

    @staticmethod
    def _check(
        credentials: dict[bytes, str],
        styles: dict[str, tuple[ManifestBallot, BallotStyle]],
        statement: PaperStatement,
    ) -> None:
        district = credentials.get(statement.credential)
        if district is None:
            raise InputError("the code's credential is not in this election's list")
        found = styles.get(statement.style)
        if found is None or found[0].district not in (district, CITY_WIDE):
            raise InputError(f"ballot {statement.style!r} is not a ballot of this code's district")
        check_station(statement.station)
        check_paper_choices(found[1], statement.choices)

    @staticmethod
    def _check_voter(session: Session, eid: str, voter: tuple[bytes, str], rule: str) -> None:
        """The manifest's rule for a code used on paper and online (record §2 item 7b)."""
        credential, style = voter
        paper = session.execute(
            select(PaperBallotRow.entry_idx).where(
                PaperBallotRow.election_id == eid,
                PaperBallotRow.credential == credential,
                PaperBallotRow.style == style,
            )
        ).scalar_one_or_none()
        if paper is not None:
            raise Conflict(detail=f"this code has voted on paper for {style!r} (entry {paper})")
        if rule == "online-counts":
            online = session.execute(
                select(CastBallot.entry_idx)
                .where(
                    CastBallot.election_id == eid,
                    CastBallot.credential == credential,
                    CastBallot.style == style,
                )
                .limit(1)
            ).scalar_one_or_none()
            if online is not None:
                raise Conflict(
                    detail=f"this code has voted online for {style!r}, and the election's "
                    "rule is online-counts: its paper ballot cannot be counted"
                )

    # -- review ---------------------------------------------------------------------------------

    def held(self, principal: Principal | None, eid: str) -> list[HeldOut]:
        with self.ctx.read() as session, session.begin():
            self.ctx.load(session, eid)
            require_staff_of(session, principal, eid)
            rows = session.execute(
                select(KeyingRow).where(KeyingRow.election_id == eid).order_by(KeyingRow.id)
            ).scalars()
            return [
                HeldOut(
                    id=int(r.id),
                    credential=bytes(r.credential),
                    style=r.style,
                    status=r.status,
                    first=_view(r.first_user, bytes(r.first_statement)),
                    second=None
                    if r.second_user is None or r.second_statement is None
                    else _view(r.second_user, bytes(r.second_statement)),
                    created_at=int(r.created_at),
                )
                for r in rows
            ]

    def discard(self, principal: Principal | None, eid: str, kid: int, body: bytes) -> KeyedOut:
        """A reviewer drops a held keying (waiting or mismatch), saying why; nothing on the
        board changes, and the paper ballot may be keyed again."""
        self._caller(principal, eid)
        request = decode_body(body, DiscardIn)
        reason = request.reason
        if not reason.strip() or len(reason) > MAX_REASON:
            raise Unprocessable(detail=f"reason: 1 to {MAX_REASON} characters, not only spaces")
        if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in reason):
            raise Unprocessable(detail="reason: no control characters")
        with self.ctx.writing(eid) as (session, _election):
            p = require_staff_of(session, principal, eid)
            found = session.execute(
                select(KeyingRow.status).where(KeyingRow.election_id == eid, KeyingRow.id == kid)
            ).scalar_one_or_none()
            if found is None:
                raise NotFound(detail=f"no held keying {kid} in election {eid!r}")
            session.execute(
                delete(KeyingRow).where(KeyingRow.election_id == eid, KeyingRow.id == kid)
            )
            self._audit(session, p, eid, "paper-discard", f"keying {kid} ({found}): {reason}")
        return KeyedOut(status="discarded", id=kid)
