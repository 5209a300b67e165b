"""Publishing spoiled ballots (docs/spec/service.md §5.1): Benaloh challenges checkable elsewhere.

A voter's device that opens a ballot for a Benaloh challenge (ballots §8) posts the
``SpoiledBallot`` here; once checked it is appended to the board as a ``ballot-spoiled`` entry
(record §2), where any device -- the static checker page, ``oylama-audit spoiled`` -- checks it
with code that did not encrypt it. It is never counted and never supersedes anything.

Who may publish: the holder of a listed credential, who signs the spoiled ballot's canonical
bytes under a message of its own (credentials §4.1: a server that got a spoil cannot cast its
ballot with that signature). Strangers are refused by a signature check that costs
microseconds, before any proof is verified; a credential may publish at most
:data:`SPOIL_LIMIT` spoiled ballots per style, and its failed verifications are limited per
credential (:data:`SPOIL_FAILURES` in the failure window), never per address, so nobody can
lock anybody else out.

What it costs privacy: the spoiled ballot's choices are public (that is the point) and usually
those the voter then casts. So the board records neither the credential nor the signature,
and the service keeps only a count per credential and style, not which entries they are. The
board does show *when* the spoiled ballot arrived: an observer watching it live may guess that
the next ballot cast comes from the same voter (docs/spec/service.md §5.1 says so to voters).

A spoiled ballot's id is never cast, and a cast ballot's never spoiled (its randomness would
publish a counted vote): both directions are refused under the election's board lock, which the
cast writer holds too.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from oylama.board import EntryKind, decode_entry
from oylama.credentials import SignatureError, verify_spoiled_signature
from oylama.crypto import format_tracking_code, tracking_code
from oylama.election import CITY_WIDE, PayloadError, decode_spoiled_text
from oylama.service._api import SpoiledReceipt, SpoilIn, decode_body
from oylama.service._context import ServiceContext
from oylama.service._problems import BadRequest, Conflict, Forbidden, Unprocessable
from oylama.service._verify import Verifier
from oylama.service._windows import FailureWindow
from oylama.store import CastBallot, SpoilCount, SpoiledEntry, StoredTree, read_entry

#: Most spoiled ballots one credential may publish per style (each one is an entry on the board
#: forever; a voter checks a device once or twice).
SPOIL_LIMIT = 5

#: Failed verifications of spoiled ballots per credential in the failure window.
SPOIL_FAILURES = 5


class Spoiling:
    """The voters' spoil endpoint: checks in the order of service §5.1, then one transaction."""

    def __init__(
        self,
        ctx: ServiceContext,
        failures: FailureWindow,
        verifier: Verifier | None = None,
        *,
        limit: int = SPOIL_LIMIT,
    ) -> None:
        self.ctx = ctx
        self.failures = failures
        self.verifier = verifier or Verifier()
        self.limit = limit

    def spoil(self, eid: str, body: bytes) -> tuple[SpoiledReceipt, bool]:
        """Check and publish; ``(receipt, created)`` (False for an identical retry)."""
        request = decode_body(body, SpoilIn)
        with self.ctx.read() as session, session.begin():
            self.ctx.require_status(self.ctx.load(session, eid), "open")
        facts = self.ctx.open_election(eid)
        facts.check_window(self.ctx.now())
        text = bytes(request.spoiled)
        try:
            spoiled = decode_spoiled_text(text)
        except PayloadError as exc:
            raise BadRequest(detail=f"spoiled is not canonical: {exc.message}") from None
        district = facts.credentials.get(request.credential)
        if district is None:
            raise Forbidden(detail="the credential is not in this election's list")
        try:
            verify_spoiled_signature(request.credential, text, request.signature, election_id=eid)
        except SignatureError as exc:
            raise Forbidden(detail=f"the signature does not verify: {exc}") from None
        ballot = spoiled.ballot
        found = facts.styles.get(ballot.style)
        if found is None or found[0].district not in (district, CITY_WIDE):
            raise Forbidden(
                detail=f"ballot {ballot.style!r} is not a ballot of this credential's district"
            )
        code = tracking_code(ballot)
        with self.ctx.read() as session, session.begin():
            retry = self._published(session, eid, ballot.style, ballot.ballot_id, text)
            if retry is None:
                self._check_limit(session, eid, request.credential, ballot.style)
        if retry is None:
            key = f"spoil:{request.credential.hex()}"
            self.failures.check(key)
            failure = self.verifier.spoiled(
                found[1], facts.joint_key.encode(), text, facts.base_hash, request.credential
            )
            if failure is not None:
                self.failures.fail(key)
                raise Unprocessable(detail=f"the spoiled ballot does not check: {failure}")
        with self.ctx.writing(eid) as (session, election):
            self.ctx.require_status(election, "open")
            index = self._published(session, eid, ballot.style, ballot.ballot_id, text)
            created = index is None
            if index is None:
                cast = session.execute(
                    select(CastBallot.entry_idx).where(
                        CastBallot.election_id == eid,
                        CastBallot.style == ballot.style,
                        CastBallot.ballot_id == ballot.ballot_id,
                    )
                ).first()
                if cast is not None:
                    raise Conflict(
                        detail="this ballot has been cast: its randomness must never be published"
                    )
                count = self._check_limit(session, eid, request.credential, ballot.style)
                index = self.ctx.append(session, election, EntryKind.BALLOT_SPOILED, text)
                session.add(
                    SpoiledEntry(
                        election_id=eid,
                        entry_idx=index,
                        style=ballot.style,
                        ballot_id=ballot.ballot_id,
                        tracking_code=code,
                    )
                )
                if count is None:
                    session.add(
                        SpoilCount(
                            election_id=eid,
                            credential=request.credential,
                            style=ballot.style,
                            spoiled=1,
                        )
                    )
                else:
                    count.spoiled += 1
            cp = self.ctx.checkpoint(session, election)
            proof = StoredTree(session, eid, size=cp.size).inclusion_proof(index, cp.size)
        receipt = SpoiledReceipt(
            tracking_code=format_tracking_code(code),
            index=index,
            checkpoint=cp.note,
            inclusion_proof=proof,
        )
        return receipt, created

    @staticmethod
    def _published(
        session: Session, eid: str, style: str, ballot_id: bytes, text: bytes
    ) -> int | None:
        """The entry holding exactly this spoiled text (an identical retry), or ``None``; 409 if
        its ``ballot_id`` was published with another text."""
        index = session.execute(
            select(SpoiledEntry.entry_idx).where(
                SpoiledEntry.election_id == eid,
                SpoiledEntry.style == style,
                SpoiledEntry.ballot_id == ballot_id,
            )
        ).scalar_one_or_none()
        if index is None:
            return None
        if decode_entry(read_entry(session, eid, int(index))).payload != text:
            raise Conflict(detail="this ballot_id has already been spoiled with another text")
        return int(index)

    def _check_limit(
        self, session: Session, eid: str, credential: bytes, style: str
    ) -> SpoilCount | None:
        """The credential's count row for the style (``None`` if it never spoiled); 409 once
        it reached the limit."""
        count = session.get(SpoilCount, (eid, credential, style))
        if count is not None and count.spoiled >= self.limit:
            raise Conflict(
                detail=f"this credential has published {count.spoiled} spoiled ballots of "
                f"{style!r}, the most allowed"
            )
        return count
