"""The audit log: who changed what, for what the bulletin board does not record.

A draft has no board log, and accounts are not on any board, yet staff change both: a draft's
definition, its photos, the credential list before the ceremony, accounts and their
elections, and the removal of a test election. Every such change writes one row here **in
the same transaction as the change**, naming the acting account, so an admin can always
answer "who did that". Lifecycle transitions are recorded too (they are also on the board,
with ``by``), so that one list tells an election's whole story.

Admins read the whole log; staff of an election, observers and admins read an election's.
"""

from __future__ import annotations

from typing import Final

import msgspec
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from oylama.store import AuditEvent

#: Most events one read returns.
MAX_EVENTS: Final = 500


class AuditOut(msgspec.Struct):
    """One event of ``GET /api/v1/audit`` (service.md §2)."""

    id: int
    at: int
    username: str
    election: str | None
    action: str
    detail: str


def record(
    session: Session,
    *,
    at: int,
    username: str | None,
    action: str,
    detail: str = "",
    election_id: str | None = None,
) -> None:
    """Add one event, inside the caller's transaction (it commits with the change)."""
    session.execute(
        insert(AuditEvent).values(
            at=at,
            username=username or "",
            election_id=election_id,
            action=action,
            detail=detail[:2000],
        )
    )


def events(
    session: Session, *, election_id: str | None = None, before: int | None = None
) -> list[AuditOut]:
    """The newest events first (of one election, if given), at most :data:`MAX_EVENTS`, with
    ids below ``before`` when given (the next page)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(MAX_EVENTS)
    if election_id is not None:
        query = query.where(AuditEvent.election_id == election_id)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    return [
        AuditOut(
            id=int(e.id),
            at=int(e.at),
            username=e.username,
            election=e.election_id,
            action=e.action,
            detail=e.detail,
        )
        for e in session.scalars(query)
    ]
