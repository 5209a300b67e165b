"""oylama's HTTP service (Litestar): the election service and its bulletin board.

``create_app(engine)`` returns an ASGI app serving, under ``/api/v1``, the whole election
service of ``docs/spec/service.md`` (accounts and sessions, the lifecycle of an election from
draft to published, the trustees' key ceremony and decryption, casting and receipts, the
record file) and the board's read-only surface of ``docs/spec/board.md`` §8 (checkpoints,
keys, entries and RFC 9162 proofs), so that an observer's tool can verify the board with
nothing but the specification. Errors are RFC 9457 problem details; the OpenAPI document is
served at ``/schema`` (``/schema/openapi.json``). Run it with any ASGI server, e.g. ``uvicorn``
(``oylama serve`` does; :mod:`oylama.service.testing` runs it for tests).

Board entries are written exactly as ``docs/spec/record.md`` §2 says, each transition with a
signed checkpoint in the same transaction. Elections' titles, statuses and board keys come
from a :class:`BoardDirectory`; by default :class:`DatabaseDirectory` over the elections
table, or :class:`StaticDirectory` for a fixed configuration.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import msgspec
from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import OpenAPIMediaType, Reference, RequestBody
from sqlalchemy import Engine

from oylama.crypto import Rng, TrusteePublic
from oylama.errors import InputError
from oylama.service._accounts import IDLE_MS, SESSION_TTL_MS, Clock, ensure_admin
from oylama.service._address import TrustedProxies
from oylama.service._api import (
    AccountChange,
    AccountIn,
    CastDoc,
    CeremonyIn,
    CommitmentIn,
    CredentialsIn,
    DefinitionDoc,
    LoginIn,
    PartialsIn,
    SharesIn,
    SpoilDoc,
    StaffIn,
)
from oylama.service._assemblies import (
    Assemblies,
    AssemblyIn,
    CloseIn,
    HandsIn,
    MinutesIn,
    SlipsIn,
    SlipVoteIn,
)
from oylama.service._assembly_routes import ASSEMBLY_ROUTES, AssemblyService
from oylama.service._board_routes import BOARD_ROUTES
from oylama.service._casting import MAX_BALLOTS, Casting, CastWriter
from oylama.service._console import Console, ImportIn, PhotoIn
from oylama.service._console_routes import (
    CONSOLE_ROUTES,
    LIMIT_IMPORT,
    LIMIT_PHOTO,
    ConsoleService,
)
from oylama.service._context import ServiceContext
from oylama.service._cycle import CycleLog
from oylama.service._cycle_routes import CYCLE_ROUTES
from oylama.service._directory import (
    BoardDirectory,
    BoardIdentity,
    DatabaseDirectory,
    ElectionBoard,
    ElectionListing,
    StaticDirectory,
)
from oylama.service._election_routes import (
    ELECTION_ROUTES,
    LIMIT_CREDENTIALS,
    LIMIT_LARGE,
    ElectionService,
    read_body,
)
from oylama.service._elections import COMPUTE_LIMIT, ComputeHook, Elections
from oylama.service._guard import RequestGuard
from oylama.service._health import health
from oylama.service._lockout import Lockout
from oylama.service._lockout import unlock as unlock_account
from oylama.service._paper import PAPER_FAILURES, DiscardIn, KeyerIn, KeyingIn, PaperBallots
from oylama.service._paper_routes import PAPER_ROUTES
from oylama.service._problems import EXCEPTION_HANDLERS, PROBLEM_JSON, Problem
from oylama.service._proposal_routes import PROPOSAL_ROUTES, ProposalService
from oylama.service._proposals import (
    AcceptIn,
    ModerationIn,
    ProposalIn,
    ProposalPhotoIn,
    Proposals,
    ReviewIn,
    SupportIn,
)
from oylama.service._spoil_routes import SPOIL_ROUTES
from oylama.service._spoiling import SPOIL_FAILURES, Spoiling
from oylama.service._state import BoardService
from oylama.service._throttle import WINDOW_MS, CastLimits
from oylama.service._tracking import Tracking
from oylama.service._tracking_routes import TRACKING_BODIES, TRACKING_ROUTES, TrackingService
from oylama.service._verify import Verifier
from oylama.service._web_routes import WEB_ROUTES, SchemaPage, SecurityHeaders
from oylama.service._windows import StoredWindow
from oylama.store import reader

#: Most entries one ``GET .../board/entries`` returns (``end - start``).
MAX_PAGE = 1000

#: Largest request body accepted (bytes) by default: everything but the routes below.
MAX_BODY = 64 * 1024

#: Seconds a request's body may take to arrive (408 beyond).
BODY_TIMEOUT = 30.0

#: Most assembly writes of one staff account per hour, and wrong slip codes of one client
#: address per failure window (``_assemblies``).
ASSEMBLY_WRITES = 600
HOUR_MS = 3_600_000
SLIP_FAILURES = 30

#: The default board origin domain: an election's origin is ``<domain>/<election id>``.
ORIGIN_DOMAIN = "oylama.local"

__all__ = [
    "BODY_TIMEOUT",
    "COMPUTE_LIMIT",
    "MAX_BALLOTS",
    "MAX_BODY",
    "MAX_PAGE",
    "ORIGIN_DOMAIN",
    "PROBLEM_JSON",
    "BoardDirectory",
    "BoardIdentity",
    "DatabaseDirectory",
    "ElectionBoard",
    "ElectionListing",
    "Problem",
    "StaticDirectory",
    "create_app",
    "ensure_admin",
    "unlock_account",
]


def body_limit(method: str, path: str, default: int) -> int:
    """The request body limit of a path (service.md §6): credential lists 320 MiB; photos
    11.5 MiB (8 MiB as base64); project imports 7 MiB; casts, spoiled ballots, definitions
    and partial decryptions 1 MiB; everything else ``default``."""
    if method in ("POST", "PUT") and path.startswith("/api/v1/elections"):
        if path.endswith("/credentials"):
            return max(default, LIMIT_CREDENTIALS)
        if path.endswith("/photos"):
            return max(default, LIMIT_PHOTO)
        if path.endswith("/projects/import"):
            return max(default, LIMIT_IMPORT)
        if path.rstrip("/") == "/api/v1/elections" or path.endswith(
            ("/ballots", "/spoiled", "/definition", "/tally/partials")
        ):
            return max(default, LIMIT_LARGE)
    if method == "POST" and path == "/api/v1/city-projects/import":
        return max(default, LIMIT_IMPORT)
    return default


#: The request body of each route that takes one, for the OpenAPI document (the handlers read
#: bodies raw and decode them strictly themselves, so Litestar cannot infer these).
_E = "/api/v1/elections/{election_id}"
_REQUEST_BODIES: dict[tuple[str, str], type[Any]] = {
    ("post", "/api/v1/session"): LoginIn,
    ("post", "/api/v1/accounts"): AccountIn,
    ("patch", "/api/v1/accounts/{username}"): AccountChange,
    ("post", "/api/v1/elections"): DefinitionDoc,
    ("put", f"{_E}/definition"): DefinitionDoc,
    ("post", f"{_E}/photos"): PhotoIn,
    ("post", f"{_E}/projects/import"): ImportIn,
    ("put", f"{_E}/credentials"): CredentialsIn,
    ("post", f"{_E}/staff"): StaffIn,
    ("post", f"{_E}/ceremony"): CeremonyIn,
    ("post", f"{_E}/ceremony/records"): TrusteePublic,
    ("post", f"{_E}/ceremony/shares"): SharesIn,
    ("post", f"{_E}/ceremony/commitment"): CommitmentIn,
    ("post", f"{_E}/tally/partials"): PartialsIn,
    ("post", f"{_E}/ballots"): CastDoc,
    ("post", f"{_E}/spoiled"): SpoilDoc,
    ("post", f"{_E}/proposals"): ProposalIn,
    ("post", f"{_E}/proposals/photos"): ProposalPhotoIn,
    ("post", f"{_E}/proposals/{{proposal_id}}/supports"): SupportIn,
    ("post", f"{_E}/proposals/{{proposal_id}}/moderation"): ModerationIn,
    ("post", f"{_E}/proposals/{{proposal_id}}/review"): ReviewIn,
    ("post", f"{_E}/proposals/{{proposal_id}}/accept"): AcceptIn,
    **TRACKING_BODIES,
    ("post", f"{_E}/assemblies"): AssemblyIn,
    ("put", f"{_E}/assemblies/{{assembly_id}}/minutes"): MinutesIn,
    ("post", f"{_E}/assemblies/{{assembly_id}}/items/{{item}}/hands"): HandsIn,
    ("post", f"{_E}/assemblies/{{assembly_id}}/slips"): SlipsIn,
    ("post", f"{_E}/assemblies/{{assembly_id}}/items/{{item}}/quick-vote/close"): CloseIn,
    ("post", f"{_E}/assemblies/{{assembly_id}}/items/{{item}}/slip-votes"): SlipVoteIn,
    ("post", f"{_E}/paper/keyers"): KeyerIn,
    ("post", f"{_E}/paper/keyings"): KeyingIn,
    ("post", f"{_E}/paper/keyings/{{keying_id}}/discard"): DiscardIn,
}


def _document_bodies(app: Litestar) -> None:
    """Add the request bodies (msgspec's JSON Schema of the Structs) to the OpenAPI document."""
    schema = app.openapi_schema
    _, components = msgspec.json.schema_components(
        list(dict.fromkeys(_REQUEST_BODIES.values())), ref_template="#/components/schemas/{name}"
    )
    if schema.components.schemas is None:
        schema.components.schemas = {}
    known = schema.components.schemas
    for name, value in components.items():
        known.setdefault(name, value)
    for (method, path), struct in _REQUEST_BODIES.items():
        item = (schema.paths or {}).get(path)
        operation = None if item is None else getattr(item, method, None)
        if operation is not None:
            operation.request_body = RequestBody(
                content={
                    "application/json": OpenAPIMediaType(
                        schema=Reference(ref=f"#/components/schemas/{struct.__name__}")
                    )
                },
                required=True,
            )


def _wall_clock() -> int:
    return time.time_ns() // 1_000_000


def create_app(
    engine: Engine,
    *,
    directory: BoardDirectory | None = None,
    clock: Clock | None = None,
    rng: Rng | None = None,
    origin_domain: str = ORIGIN_DOMAIN,
    session_ttl_ms: int = SESSION_TTL_MS,
    session_idle_ms: int = IDLE_MS,
    max_page: int = MAX_PAGE,
    max_body: int = MAX_BODY,
    verify_processes: int | None = None,
    forwarded_allow_ips: str | None = None,
    body_timeout: float = BODY_TIMEOUT,
    max_ballots: int = MAX_BALLOTS,
    compute_limit: float = COMPUTE_LIMIT,
    on_compute: ComputeHook | None = None,
    debug: bool = False,
) -> Litestar:
    """The service's ASGI app over an ``oylama.store`` engine (tables migrated beforehand).

        Board reads go through ``oylama.store.reader(engine)``. ``directory`` names the elections
        and their board keys (default: :class:`DatabaseDirectory`, the elections table).
        ``clock`` (milliseconds since the epoch) and ``rng`` (``token_bytes``; tokens and board
        keys) are injected for tests; by default the wall clock and :mod:`secrets`. An election's
        board origin is ``<origin_domain>/<election id>``. ``max_page`` caps ``end - start`` of an
        entries request, ``max_body`` the request body of routes without a larger limit (413
        beyond). ``debug`` is Litestar's (it never changes the 500 body, which never carries
        internals). ``verify_processes``: verify ballots' proofs in that many worker processes
    (``oylama serve`` uses one per core) instead of the request threads. The app starts one
    cast-writer thread on the first cast and the pool on start-up; both stop on shutdown.
    ``forwarded_allow_ips``: the proxies whose ``X-Forwarded-For`` names the client (comma-
    separated addresses or networks, ``*`` for any; default none: the peer is the client).
    ``body_timeout``: seconds a request body may take to arrive (408 beyond). ``max_ballots``:
    most ballots per credential and style (a first one and its revotes). ``compute_limit``:
    seconds a close, tally or publish may compute outside the write lock (503 beyond, nothing
    changed; a close sums its ballots in the ``verify_processes`` workers too);
    ``on_compute(operation, election_id)`` is called between computing and committing one
    (tests make it slow or fail).
    """
    if type(max_page) is not int or max_page < 1:
        raise InputError(f"max_page must be a positive int, not {max_page!r}")
    if type(max_body) is not int or max_body < 0:
        raise InputError(f"max_body must be a non-negative int, not {max_body!r}")
    the_clock: Clock = clock or _wall_clock
    the_rng: Rng = rng or secrets
    ctx = ServiceContext(engine, the_clock, the_rng, origin_domain, session_ttl_ms, session_idle_ms)
    if directory is None:
        directory = DatabaseDirectory(ctx.read_engine)
    service = BoardService(reader(engine), directory, max_page)
    if type(max_ballots) is not int or max_ballots < 1:
        raise InputError(f"max_ballots must be a positive int, not {max_ballots!r}")
    if not body_timeout > 0:
        raise InputError(f"body_timeout must be positive, not {body_timeout!r}")
    proxies = TrustedProxies.parse(forwarded_allow_ips)
    writer = CastWriter(ctx, max_ballots=max_ballots)  # its thread starts with the first cast
    verifier = Verifier(verify_processes)

    lifecycle = Elections(
        ctx, compute_limit=compute_limit, on_compute=on_compute, mapper=verifier.map
    )
    elections = ElectionService(
        ctx=ctx,
        elections=lifecycle,
        casting=Casting(ctx, writer, CastLimits(engine, the_clock), verifier),
        logins=Lockout(engine),
        proxies=proxies,
    )

    spoiling = Spoiling(
        ctx, StoredWindow(engine, "spoil", SPOIL_FAILURES, WINDOW_MS, the_clock), verifier
    )
    paper = PaperBallots(ctx, StoredWindow(engine, "paper", PAPER_FAILURES, WINDOW_MS, the_clock))
    forget = directory.forget if isinstance(directory, DatabaseDirectory) else (lambda _: None)
    console = ConsoleService(Console(ctx, lifecycle, forget))
    proposals = ProposalService(Proposals(ctx, lifecycle.cycle, lifecycle))

    def provide_proposals() -> ProposalService:
        return proposals

    assemblies = AssemblyService(
        Assemblies(
            ctx,
            CycleLog(ctx),
            StoredWindow(engine, "asm-write", ASSEMBLY_WRITES, HOUR_MS, the_clock),
            StoredWindow(engine, "asm-slip", SLIP_FAILURES, WINDOW_MS, the_clock),
        )
    )

    def provide_assemblies() -> AssemblyService:
        return assemblies

    def provide_console() -> ConsoleService:
        return console

    tracking = TrackingService(ctx, Tracking(ctx, CycleLog(ctx)))

    def provide_tracking() -> TrackingService:
        return tracking

    def provide_spoiling() -> Spoiling:
        return spoiling

    def provide_paper() -> PaperBallots:
        return paper

    def provide_service() -> BoardService:
        return service

    def provide_elections() -> ElectionService:
        return elections

    app = Litestar(
        route_handlers=[
            *BOARD_ROUTES,
            health,
            *ELECTION_ROUTES,
            *SPOIL_ROUTES,
            *PAPER_ROUTES,
            *CONSOLE_ROUTES,
            *CYCLE_ROUTES,
            *WEB_ROUTES,
            *PROPOSAL_ROUTES,
            *TRACKING_ROUTES,
            *ASSEMBLY_ROUTES,
        ],
        dependencies={
            "service": Provide(provide_service, sync_to_thread=False),
            "svc": Provide(provide_elections, sync_to_thread=False),
            "spoiling": Provide(provide_spoiling, sync_to_thread=False),
            "paper": Provide(provide_paper, sync_to_thread=False),
            "console": Provide(provide_console, sync_to_thread=False),
            "proposals": Provide(provide_proposals, sync_to_thread=False),
            "tracking": Provide(provide_tracking, sync_to_thread=False),
            "raw": Provide(read_body),
            "assemblies": Provide(provide_assemblies, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[
            RequestGuard(lambda method, path: body_limit(method, path, max_body), body_timeout),
            SecurityHeaders(),
        ],
        request_max_body_size=max_body,
        on_startup=[verifier.start],
        on_shutdown=[writer.close, verifier.close],
        openapi_config=OpenAPIConfig(
            title="oylama election service",
            version="1",
            path="/schema",
            render_plugins=[SchemaPage()],
            description=(
                "The election service (docs/spec/service.md) and the read-only surface of its "
                "bulletin board (docs/spec/board.md §8). The specifications prevail."
            ),
        ),
        signature_namespace={
            "BoardService": BoardService,
            "ElectionService": ElectionService,
            "Spoiling": Spoiling,
            "PaperBallots": PaperBallots,
            "ConsoleService": ConsoleService,
            "ProposalService": ProposalService,
            "TrackingService": TrackingService,
            "AssemblyService": AssemblyService,
        },
        logging_config=None,  # the hosting process configures logging, not the app
        debug=debug,
    )
    _document_bodies(app)
    return app
