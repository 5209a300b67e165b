"""oylama's HTTP service (Litestar). For now: the bulletin board's read-only surface.

``create_app(engine, directory=...)`` returns an ASGI app serving, under ``/api/v1``, the
election list, each election's latest signed checkpoint, its key, its entries and RFC 9162
proofs, exactly as ``docs/spec/board.md`` §8 specifies, so that an observer's tool can verify
the board with nothing but the specification. Errors are RFC 9457 problem details; the
OpenAPI document is served at ``/schema`` (``/schema/openapi.json``). Run it with any ASGI
server, e.g. ``uvicorn``.

Elections' titles, statuses and board keys come from a :class:`BoardDirectory`, the seam the
election service will fill; :class:`StaticDirectory` serves a fixed configuration until then.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.middleware import ASGIMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy import Engine

from oylama.errors import InputError
from oylama.service._board_routes import BOARD_ROUTES
from oylama.service._directory import (
    BoardDirectory,
    BoardIdentity,
    ElectionBoard,
    ElectionListing,
    StaticDirectory,
)
from oylama.service._health import health
from oylama.service._problems import EXCEPTION_HANDLERS, PROBLEM_JSON, Problem
from oylama.service._state import BoardService
from oylama.store import reader

#: Most entries one ``GET .../board/entries`` returns (``end - start``).
MAX_PAGE = 1000

#: Largest request body accepted (bytes). No endpoint takes a body yet.
MAX_BODY = 64 * 1024

__all__ = [
    "MAX_BODY",
    "MAX_PAGE",
    "PROBLEM_JSON",
    "BoardDirectory",
    "BoardIdentity",
    "ElectionBoard",
    "ElectionListing",
    "Problem",
    "StaticDirectory",
    "create_app",
]


class _BodyLimit(ASGIMiddleware):
    """413 for a request that declares a body larger than the limit, before the handler runs.

    Litestar enforces ``request_max_body_size`` only when a handler reads the body, and these
    handlers never do; this checks ``Content-Length`` up front. (A chunked body is never read,
    so it costs the server nothing but the transfer, which the ASGI server bounds.)
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        for name, value in scope["headers"]:
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                raise HTTPException(
                    status_code=413,
                    detail=f"request bodies are limited to {self.limit} bytes",
                )
        await next_app(scope, receive, send)


def create_app(
    engine: Engine,
    *,
    directory: BoardDirectory,
    max_page: int = MAX_PAGE,
    max_body: int = MAX_BODY,
    debug: bool = False,
) -> Litestar:
    """The service's ASGI app over an ``oylama.store`` engine (tables migrated beforehand).

    Reads go through ``oylama.store.reader(engine)``; nothing is written. ``directory`` names
    the elections and their board keys. ``max_page`` caps ``end - start`` of an entries
    request, ``max_body`` the request body (413 beyond). ``debug`` is Litestar's (it never
    changes the 500 body, which never carries internals).
    """
    if type(max_page) is not int or max_page < 1:
        raise InputError(f"max_page must be a positive int, not {max_page!r}")
    if type(max_body) is not int or max_body < 0:
        raise InputError(f"max_body must be a non-negative int, not {max_body!r}")
    service = BoardService(reader(engine), directory, max_page)

    def provide_service() -> BoardService:
        return service

    return Litestar(
        route_handlers=[*BOARD_ROUTES, health],
        dependencies={"service": Provide(provide_service, sync_to_thread=False)},
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[_BodyLimit(max_body)],
        request_max_body_size=max_body,
        openapi_config=OpenAPIConfig(
            title="oylama bulletin board",
            version="1",
            path="/schema",
            description="Read-only HTTP surface of the bulletin board (docs/spec/board.md §8).",
        ),
        signature_namespace={"BoardService": BoardService},
        logging_config=None,  # the hosting process configures logging, not the app
        debug=debug,
    )
