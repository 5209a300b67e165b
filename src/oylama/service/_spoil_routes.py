"""The spoil endpoint (docs/spec/service.md §5.1): voters publish Benaloh-challenged ballots.

Its own module and dependency (``spoiling``, a :class:`~oylama.service._spoiling.Spoiling`), so
the election routes need not know about it.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Response, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.types import ControllerRouterHandler

from oylama.service._api import SpoiledReceipt
from oylama.service._election_routes import LIMIT_LARGE
from oylama.service._spoiling import Spoiling


@post(
    "/api/v1/elections/{election_id:str}/spoiled",
    sync_to_thread=True,
    request_max_body_size=LIMIT_LARGE,
)
def post_spoiled(
    spoiling: NamedDependency[Spoiling],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[SpoiledReceipt]:
    """Publish a spoiled ballot signed by its voter's credential; the receipt (201, or 200 for
    an identical retry). Never counted."""
    receipt, created = spoiling.spoil(election_id, raw)
    return Response(receipt, status_code=201 if created else 200)


#: Route handlers to add to ``create_app``'s ``route_handlers``.
SPOIL_ROUTES: Final[list[ControllerRouterHandler]] = [post_spoiled]

__all__: Final[list[Any]] = ["SPOIL_ROUTES"]
