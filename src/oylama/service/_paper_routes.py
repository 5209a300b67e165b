"""The paper-ballot endpoints (docs/spec/service.md §5.2): staff key paper ballots twice.

Their own module and dependency (``paper``, a :class:`~oylama.service._paper.PaperBallots`), so
the election routes need not know about them; who is calling comes from the election routes'
:class:`~oylama.service._election_routes.ElectionService` (bearer token or console cookie with
its CSRF token).
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.types import ControllerRouterHandler

from oylama.service._election_routes import LIMIT_SMALL, ElectionService, in_thread
from oylama.service._paper import HeldOut, KeyedOut, KeyerOut, PaperBallots

_P = "/api/v1/elections/{election_id:str}/paper"

Req = Request[Any, Any, Any]


@post(f"{_P}/keyers", request_max_body_size=LIMIT_SMALL)
async def post_keyer(
    request: Req,
    svc: NamedDependency[ElectionService],
    paper: NamedDependency[PaperBallots],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[KeyerOut]:
    """Publish the calling staff member's keying key (201; 200 if it is already theirs).
    (``async`` with :func:`in_thread`: a ``Response`` on a shared path, see there.)"""

    def run() -> Response[KeyerOut]:
        out, created = paper.register_keyer(svc.principal(request), election_id, raw)
        return Response(out, status_code=201 if created else 200)

    return await in_thread(run)


@get(f"{_P}/keyers", sync_to_thread=True)
def get_keyers(
    request: Req,
    svc: NamedDependency[ElectionService],
    paper: NamedDependency[PaperBallots],
    election_id: FromPath[str],
) -> list[KeyerOut]:
    """Each staff account's keying key in force (staff, observers, admins)."""
    return paper.keyers(svc.principal(request), election_id)


@post(f"{_P}/keyings", request_max_body_size=LIMIT_SMALL)
async def post_keying(
    request: Req,
    svc: NamedDependency[ElectionService],
    paper: NamedDependency[PaperBallots],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[KeyedOut]:
    """One keying of a paper ballot: 202 waiting or mismatch (held), 201 on the board."""

    def run() -> Response[KeyedOut]:
        out, status = paper.key(svc.principal(request), election_id, raw)
        return Response(out, status_code=status)

    return await in_thread(run)


@get(f"{_P}/keyings", sync_to_thread=True)
def get_keyings(
    request: Req,
    svc: NamedDependency[ElectionService],
    paper: NamedDependency[PaperBallots],
    election_id: FromPath[str],
) -> list[HeldOut]:
    """The keyings not on the board: waiting for a second keying, or held as mismatches."""
    return paper.held(svc.principal(request), election_id)


@post(
    f"{_P}/keyings/{{keying_id:int}}/discard",
    sync_to_thread=True,
    request_max_body_size=LIMIT_SMALL,
    status_code=200,
)
def discard_keying(  # noqa: PLR0917 (Litestar injects by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    paper: NamedDependency[PaperBallots],
    election_id: FromPath[str],
    keying_id: FromPath[int],
    raw: NamedDependency[bytes],
) -> KeyedOut:
    """A reviewer discards a held keying, with a reason (audited)."""
    return paper.discard(svc.principal(request), election_id, keying_id, raw)


#: Route handlers to add to ``create_app``'s ``route_handlers``.
PAPER_ROUTES: Final[list[ControllerRouterHandler]] = [
    post_keyer,
    get_keyers,
    post_keying,
    get_keyings,
    discard_keying,
]

__all__: Final[list[Any]] = ["PAPER_ROUTES"]
