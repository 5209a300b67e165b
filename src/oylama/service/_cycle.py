"""Writing an election's participation log: locks, appends, checkpoints and the schedule.

Every change of the cycle around the vote (a proposal, a support, a review, a status of a
funded project, an assembly's decision) is one entry on the election's participation log
(docs/spec/cycle.md), written in the same transaction as the row it records and closed by a
signed checkpoint, exactly as the election's own log is (``_context``). This module is that
one way to write; the modules of each phase say what they write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from oylama import ballots as ballot_defs
from oylama.board import CheckpointSigner, EntryKind, decode_entry
from oylama.cycle import (
    PhaseName,
    PhasePayload,
    current_phase,
    cycle_log_id,
    cycle_origin,
    decode_cycle_payload,
    encode_cycle_payload,
    phase_ms,
    phase_payload,
)
from oylama.service._context import ServiceContext, signing_key
from oylama.service._problems import Conflict, NotFound
from oylama.store import BoardEntry, Election, StoredCheckpoint, append, issue_checkpoint, lock_log

#: What residents and staff read for each phase name in a 409's detail.
_SAID = {
    "before": "before the first phase",
    "proposals": "in its proposals phase",
    "review": "in its review phase",
    "voting": "in its voting phase",
    "implementation": "in its implementation phase",
    "between": "between two phases",
}


class CycleLog:
    """The one writer of participation logs, over the service's context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @contextmanager
    def writing(self, election_id: str) -> Iterator[tuple[Session, Election]]:
        """A write transaction holding the participation log's lock; 404 if no election."""
        with Session(self.ctx.engine) as session, session.begin():
            if session.get(Election, election_id) is None:
                raise NotFound(detail=f"no election {election_id!r}")
            lock_log(session, cycle_log_id(election_id), self.ctx.now())
            election = session.get(Election, election_id, populate_existing=True)
            assert election is not None
            yield session, election

    @contextmanager
    def writing_both(self, election_id: str) -> Iterator[tuple[Session, Election]]:
        """Both logs' locks, the election's first (the one order every writer keeps, so two
        writers can never wait for each other)."""
        with self.ctx.writing(election_id) as (session, election):
            lock_log(session, cycle_log_id(election_id), self.ctx.now())
            yield session, election

    def append(self, session: Session, election: Election, kind: EntryKind, payload: bytes) -> int:
        """Append one entry (its lock must be held: :meth:`writing`); returns its index."""
        return append(session, cycle_log_id(election.id), kind, payload, now=self.ctx.now()).index

    def checkpoint(self, session: Session, election: Election) -> StoredCheckpoint:
        """Sign the log's new head; once at the end of a transaction that appended."""
        origin = cycle_origin(election.origin)
        signer = CheckpointSigner(origin, signing_key(election))
        return issue_checkpoint(
            session, cycle_log_id(election.id), signer, now=self.ctx.now(), origin=origin
        )

    # -- the schedule ----------------------------------------------------------------------

    @staticmethod
    def schedule(session: Session, election_id: str) -> PhasePayload | None:
        """The schedule in force: the payload of the log's latest ``phase`` entry."""
        row = session.execute(
            select(BoardEntry.data)
            .where(
                BoardEntry.election_id == cycle_log_id(election_id),
                BoardEntry.kind == EntryKind.PHASE.value,
            )
            .order_by(BoardEntry.idx.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return decode_cycle_payload(decode_entry(bytes(row.data)).payload, PhasePayload)

    def publish_schedule(
        self, session: Session, election: Election, definition: ballot_defs.Definition, by: str
    ) -> bool:
        """Append a ``phase`` entry when the definition's dates differ from the schedule in
        force (always for a new election); True when one was appended (then checkpoint)."""
        new = phase_payload(definition.election, by)
        old = self.schedule(session, election.id)
        if old is not None and _dates(old) == _dates(new):
            return False
        self.append(session, election, EntryKind.PHASE, encode_cycle_payload(new))
        return True

    def phase(self, session: Session, election_id: str) -> PhaseName:
        """The phase the election is in now, by the schedule on its participation log (cycle
        §3: publication starts the implementation phase if its date has not come yet)."""
        schedule = self.schedule(session, election_id)
        election = session.get(Election, election_id)
        published = election is not None and election.status == "published"
        return phase_now(schedule, self.ctx.now(), published=published)

    def require_phase(self, session: Session, election: Election, *phases: PhaseName) -> None:
        """409 unless the election is now in one of ``phases`` (the detail says which it is
        in and which it needs, so a resident knows whether to come back later)."""
        now = self.phase(session, election.id)
        if now not in phases:
            wanted = " or ".join(_SAID[p] for p in phases)
            raise Conflict(
                detail=f"election {election.id!r} is {_SAID[now]}; this can be done only {wanted}"
            )


def phase_now(schedule: PhasePayload | None, now: int, *, published: bool) -> PhaseName:
    """The phase at ``now``; a published election is in its implementation phase from
    publication on, whatever the planned date, until that phase's ``closes`` if any (the
    result is carried out once it is known: a date typed months before must not keep staff
    from recording the first steps)."""
    phase: PhaseName = "between" if schedule is None else current_phase(schedule, now)
    if not published or phase == "implementation":
        return phase
    end = (
        None
        if schedule is None or schedule.implementation is None
        else schedule.implementation.closes
    )
    if end is not None and now >= phase_ms(end):
        return "between"
    return "implementation"


def _dates(p: PhasePayload) -> tuple[object, ...]:
    return (p.proposals, p.review, p.voting, p.implementation)
