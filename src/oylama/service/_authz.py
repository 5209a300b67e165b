"""Who may do what (docs/spec/service.md §1): object-level checks on top of roles.

401 when a needed token is missing (or unknown, or expired); 403 when the caller is known but
its role or election does not allow the action. Staff rights are per election: an account is
staff of the elections it created or was added to, and of no other.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from oylama.service._accounts import Principal
from oylama.service._problems import Forbidden, Unauthorized
from oylama.store import ElectionStaff


def authenticated(principal: Principal | None) -> Principal:
    if principal is None:
        raise Unauthorized(
            detail="this needs a valid token (Authorization: Bearer ...)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def require_role(principal: Principal | None, *roles: str) -> Principal:
    p = authenticated(principal)
    if p.role not in roles:
        raise Forbidden(detail=f"this needs the role {' or '.join(roles)}, not {p.role}")
    return p


def is_staff_of(session: Session, principal: Principal, election_id: str) -> bool:
    if principal.role != "staff" or principal.username is None:
        return False
    row = session.execute(
        select(ElectionStaff.username).where(
            ElectionStaff.election_id == election_id,
            ElectionStaff.username == principal.username,
        )
    ).first()
    return row is not None


def require_staff_of(session: Session, principal: Principal | None, election_id: str) -> Principal:
    """Staff of this election (admins and observers change nothing)."""
    p = authenticated(principal)
    if not is_staff_of(session, p, election_id):
        raise Forbidden(detail=f"only staff of election {election_id!r} may do this")
    return p


def require_reader(session: Session, principal: Principal | None, election_id: str) -> Principal:
    """Staff of this election, an observer or an admin (the staff view)."""
    p = authenticated(principal)
    if p.role in ("observer", "admin") or is_staff_of(session, p, election_id):
        return p
    raise Forbidden(detail=f"only staff of election {election_id!r}, observers and admins")


def require_trustee_of(principal: Principal | None, election_id: str) -> int:
    """The trustee index of a token of this election."""
    p = authenticated(principal)
    if p.role != "trustee" or p.election != election_id or p.index is None:
        raise Forbidden(detail=f"this needs a trustee token of election {election_id!r}")
    return p.index
