"""HTTP endpoints of residents' proposals and their review (``_proposals``; service.md §8).

Residents' requests carry no token: they are signed with the voting credential's key, and the
body says which key (``_proposals``). Staff requests are authenticated like every staff
request (bearer token, or the console's cookie with its CSRF token).
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from oylama.service._api import decode_body
from oylama.service._authz import authenticated
from oylama.service._console_routes import LIMIT_PHOTO, PHOTO_HEADERS
from oylama.service._election_routes import LIMIT_SMALL, ElectionService, Req, in_thread
from oylama.service._proposals import (
    AcceptIn,
    AcceptOut,
    ModerationIn,
    ProposalList,
    ProposalOut,
    ProposalPhotoOut,
    Proposals,
    ReviewIn,
    SupportOut,
)

_E = "/api/v1/elections/{election_id:str}"
_P = _E + "/proposals/{proposal_id:str}"


class ProposalService:
    """Injected into these handlers (``proposals``)."""

    def __init__(self, proposals: Proposals) -> None:
        self.proposals = proposals


@get(f"{_E}/proposals", sync_to_thread=True)
def list_proposals(
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    district: FromQuery[str | None] = None,
) -> ProposalList:
    """Every proposal, hidden ones included (with the moderators' reason), in order;
    ``district`` keeps those of one district (or ``city-wide``)."""
    return proposals.proposals.list(election_id, district)


def _submit(
    svc: ElectionService, proposals: ProposalService, request: Req, eid: str, raw: bytes
) -> Response[ProposalOut]:
    out, created = proposals.proposals.submit(eid, raw, svc.client(request))
    return Response(out, status_code=201 if created else 200)


@post(f"{_E}/proposals", request_max_body_size=LIMIT_SMALL)
async def submit_proposal(
    request: Req,
    svc: NamedDependency[ElectionService],
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[ProposalOut]:
    """A resident's proposal, signed with the voting credential (201; 200 for an identical
    retry); only in the proposals phase."""
    return await in_thread(_submit, svc, proposals, request, election_id, raw)


@post(
    f"{_E}/proposals/photos",
    sync_to_thread=True,
    request_max_body_size=LIMIT_PHOTO,
    status_code=201,
)
def add_proposal_photo(
    request: Req,
    svc: NamedDependency[ElectionService],
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> ProposalPhotoOut:
    """A resident's photo for a proposal, signed; re-encoded like the console's photos."""
    return proposals.proposals.add_photo(election_id, raw, svc.client(request))


@get(_P, sync_to_thread=True)
def get_proposal(
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    proposal_id: FromPath[str],
) -> ProposalOut:
    """One proposal (its shareable page reads this)."""
    return proposals.proposals.get(election_id, proposal_id)


def _photo(proposals: ProposalService, eid: str, pid: str) -> Response[bytes]:
    data = proposals.proposals.photo(eid, pid)
    return Response(
        data,
        media_type="image/jpeg",
        headers={
            **PHOTO_HEADERS,
            "Cache-Control": "no-cache",  # hidden by the moderators: gone at once
            "Content-Disposition": f'inline; filename="{pid}.jpg"',
        },
    )


@get(f"{_P}/photo", media_type="image/jpeg")
async def proposal_photo(
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    proposal_id: FromPath[str],
) -> Response[bytes]:
    """A shown proposal's photo (404 while it is hidden)."""
    return await in_thread(_photo, proposals, election_id, proposal_id)


@post(f"{_P}/supports", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=201)
def support_proposal(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    proposal_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> SupportOut:
    """Support a proposal (one support per code; only in the proposals phase)."""
    return proposals.proposals.support(election_id, proposal_id, raw, svc.client(request))


@post(f"{_P}/moderation", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=200)
def moderate_proposal(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    proposal_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> ProposalOut:
    """Hide or show a proposal again with a public reason (staff of the election)."""
    principal = authenticated(svc.principal(request))  # 401 before anything about the body
    body = decode_body(raw, ModerationIn)
    return proposals.proposals.moderate(principal, election_id, proposal_id, body)


@post(f"{_P}/review", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=200)
def review_proposal(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    proposal_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> ProposalOut:
    """Record the feasibility review (staff of the election; proposals or review phase)."""
    principal = authenticated(svc.principal(request))  # 401 before anything about the body
    body = decode_body(raw, ReviewIn)
    return proposals.proposals.review(principal, election_id, proposal_id, body)


@post(f"{_P}/accept", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=200)
def accept_proposal(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    proposals: NamedDependency[ProposalService],
    election_id: FromPath[str],
    proposal_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> AcceptOut:
    """Add a feasible proposal to a ballot of the draft definition (staff of the election)."""
    principal = authenticated(svc.principal(request))  # 401 before anything about the body
    body = decode_body(raw, AcceptIn)
    return proposals.proposals.accept(principal, election_id, proposal_id, body)


PROPOSAL_ROUTES: list[Any] = [
    list_proposals,
    submit_proposal,
    add_proposal_photo,
    get_proposal,
    proposal_photo,
    support_proposal,
    moderate_proposal,
    review_proposal,
    accept_proposal,
]
