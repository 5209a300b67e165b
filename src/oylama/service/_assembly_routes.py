"""HTTP endpoints of neighbourhood assemblies (``_assemblies``; docs/spec/service.md §9).

Reads are public (an assembly's minutes and decisions are published); staff of the election
record and decide; an attendee votes with a slip's code and no account.
"""

from __future__ import annotations

from typing import Any

from litestar import get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath

from oylama.service._api import decode_body
from oylama.service._assemblies import (
    Assemblies,
    AssemblyIn,
    AssemblyLink,
    AssemblyOut,
    CloseIn,
    HandsIn,
    MinutesIn,
    SlipsIn,
    SlipsOut,
    SlipVoteIn,
    SlipVoteOut,
)
from oylama.service._election_routes import ElectionService, Req

_A = "/api/v1/elections/{election_id:str}/assemblies"
_ONE = _A + "/{assembly_id:str}"
_ITEM = _ONE + "/items/{item:int}"


class AssemblyService:
    """Injected into these handlers (``assemblies``)."""

    def __init__(self, assemblies: Assemblies) -> None:
        self.assemblies = assemblies


@get(_A, sync_to_thread=True)
def list_assemblies(
    assemblies: NamedDependency[AssemblyService], election_id: FromPath[str]
) -> list[AssemblyOut]:
    """The election's assemblies with their agendas, minutes and decisions (public)."""
    return assemblies.assemblies.of_election(election_id)


@get(_ONE, sync_to_thread=True)
def get_assembly(
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    assembly_id: FromPath[str],
) -> AssemblyOut:
    """One assembly (public)."""
    return assemblies.assemblies.get(election_id, assembly_id)


@get(
    "/api/v1/elections/{election_id:str}/projects/{project_id:str}/assemblies", sync_to_thread=True
)
def project_assemblies(
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    project_id: FromPath[str],
) -> list[AssemblyLink]:
    """The assemblies that discussed a ballot project, and on which items (public)."""
    return assemblies.assemblies.for_project(election_id, project_id)


@get(
    "/api/v1/elections/{election_id:str}/proposals/{proposal_id:str}/assemblies",
    sync_to_thread=True,
)
def proposal_assemblies(
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    proposal_id: FromPath[str],
) -> list[AssemblyLink]:
    """The assemblies that discussed a resident's proposal, and on which items (public)."""
    return assemblies.assemblies.for_proposal(election_id, proposal_id)


@post(_A, sync_to_thread=True, status_code=201)
def record_assembly(
    request: Req,
    svc: NamedDependency[ElectionService],
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> AssemblyOut:
    """Record a meeting (staff of the election)."""
    body = decode_body(raw, AssemblyIn)
    return assemblies.assemblies.record(svc.principal(request), election_id, body)


@put(_ONE + "/minutes", sync_to_thread=True)
def put_minutes(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    assembly_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> AssemblyOut:
    """Publish or correct the minutes (staff of the election)."""
    body = decode_body(raw, MinutesIn)
    return assemblies.assemblies.set_minutes(svc.principal(request), election_id, assembly_id, body)


@post(_ITEM + "/hands", sync_to_thread=True, status_code=200)
def post_hands(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    assembly_id: FromPath[str],
    item: FromPath[int],
    raw: NamedDependency[bytes],
) -> AssemblyOut:
    """Enter an item's show of hands and advice (staff of the election)."""
    body = decode_body(raw, HandsIn)
    p = svc.principal(request)
    return assemblies.assemblies.hands(p, election_id, assembly_id, item, body)


@post(_ONE + "/slips", sync_to_thread=True, status_code=201)
def post_slips(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    assembly_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> SlipsOut:
    """Generate quick-vote slips; the codes are in this answer only (staff of the election)."""
    body = decode_body(raw, SlipsIn)
    p = svc.principal(request)
    return assemblies.assemblies.make_slips(p, election_id, assembly_id, body)


@post(_ITEM + "/quick-vote", sync_to_thread=True, status_code=200)
def open_quick_vote(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    assembly_id: FromPath[str],
    item: FromPath[int],
) -> AssemblyOut:
    """Open an item's quick vote with slips (staff of the election)."""
    p = svc.principal(request)
    return assemblies.assemblies.open_vote(p, election_id, assembly_id, item)


@post(_ITEM + "/quick-vote/close", sync_to_thread=True, status_code=200)
def close_quick_vote(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    assembly_id: FromPath[str],
    item: FromPath[int],
    raw: NamedDependency[bytes],
) -> AssemblyOut:
    """Close an item's quick vote: its decision with the slips' counts (staff)."""
    body = decode_body(raw, CloseIn)
    p = svc.principal(request)
    return assemblies.assemblies.close_vote(p, election_id, assembly_id, item, body)


@post(_ITEM + "/slip-votes", sync_to_thread=True, status_code=201)
def post_slip_vote(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    assemblies: NamedDependency[AssemblyService],
    election_id: FromPath[str],
    assembly_id: FromPath[str],
    item: FromPath[int],
    raw: NamedDependency[bytes],
) -> SlipVoteOut:
    """An attendee's quick vote with a slip's code (no account; once per slip and item)."""
    body = decode_body(raw, SlipVoteIn)
    return assemblies.assemblies.slip_vote(
        election_id, assembly_id, item, body, svc.client(request)
    )


ASSEMBLY_ROUTES: list[Any] = [
    list_assemblies,
    get_assembly,
    project_assemblies,
    proposal_assemblies,
    record_assembly,
    put_minutes,
    post_hands,
    post_slips,
    open_quick_vote,
    close_quick_vote,
    post_slip_vote,
]
