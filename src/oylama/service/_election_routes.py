"""The election service's HTTP endpoints (docs/spec/service.md), thin over the operations.

Handlers run in worker threads (``sync_to_thread``): every operation does blocking database
I/O, and casting verifies zero-knowledge proofs. Bodies are read raw (the ``raw``
dependency, limited per route, 413 beyond) and decoded strictly by ``_api.decode_body``, so a
malformed body or an unknown member is a 400 whose detail says what was wrong.
"""

from __future__ import annotations

import base64
import functools
import itertools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import anyio
from litestar import Request, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Stream
from sqlalchemy.orm import Session

from oylama import ballots
from oylama.election import SignedTrusteeRecord, encode_record, make_record
from oylama.service._accounts import (
    TOUCH_MS,
    AccountDisabledError,
    Principal,
    Resolved,
    SessionKind,
    create_account,
    list_accounts,
    login,
    logout,
    resolve_token,
    set_disabled,
    touch,
)
from oylama.service._address import TrustedProxies, scope_client
from oylama.service._api import (
    AccountChange,
    AccountIn,
    AccountOut,
    BallotStatus,
    CeremonyIn,
    CeremonyOut,
    CommitmentIn,
    CredentialsIn,
    CredentialsOut,
    DefinitionIn,
    ElectionView,
    LoginIn,
    PartialsIn,
    Receipt,
    ResultOut,
    SessionInfo,
    SessionOut,
    SharesIn,
    StaffIn,
    StaffOut,
    StaffView,
    TallyOut,
    TokensOut,
    decode_body,
)
from oylama.service._authz import authenticated, require_role
from oylama.service._casting import Casting
from oylama.service._context import ServiceContext, board_key_text
from oylama.service._cookies import (
    CSRF_HEADER,
    UNSAFE_METHODS,
    clear_cookie,
    cookie_token,
    csrf_matches,
    csrf_token,
    set_cookie,
)
from oylama.service._elections import Elections, definition_problems
from oylama.service._lockout import Lockout
from oylama.service._problems import BadRequest, Forbidden, Unauthorized
from oylama.store import list_checkpoints, read_entries

#: Body limits (service.md §6).
KIB = 1024
MIB = 1024 * KIB
LIMIT_CREDENTIALS = 320 * MIB  # a 256 MiB list as a JSON string, its quotes escaped
LIMIT_LARGE = 1 * MIB
LIMIT_SMALL = 64 * KIB

_E = "/api/v1/elections/{election_id:str}"

Req = Request[Any, Any, Any]
R = TypeVar("R")


class ElectionService:
    """Injected into the election handlers (``svc``). A plain class: Litestar validates
    dataclass dependencies field by field, which locks and engines do not survive."""

    def __init__(
        self,
        ctx: ServiceContext,
        elections: Elections,
        casting: Casting,
        logins: Lockout,
        proxies: TrustedProxies,
    ) -> None:
        self.ctx = ctx
        self.elections = elections
        self.casting = casting
        self.logins = logins
        self.proxies = proxies

    def client(self, request: Req) -> str:
        """The client's address (``X-Forwarded-For`` only from a trusted proxy)."""
        return scope_client(request.scope, self.proxies)

    def is_tls(self, request: Req) -> bool:
        """Whether the client reached the service over TLS (directly, or through a trusted
        proxy that says so in ``X-Forwarded-Proto``): the session cookie is then ``Secure``."""
        if request.url.scheme == "https":
            return True
        peer = request.scope.get("client")
        if peer and self.proxies.trusts(str(peer[0])):
            proto = request.headers.get("x-forwarded-proto", "")
            return proto.split(",")[0].strip().lower() == "https"
        return False

    def principal(self, request: Req) -> Principal | None:
        """Who is calling: the bearer token's principal, else the console's cookie session's
        (``None`` without a valid one). A state-changing request authenticated by the cookie
        must carry the session's CSRF token (403 otherwise; ``_cookies``)."""
        found = self.session_of(request)
        return None if found is None else found[0].principal

    def session_of(self, request: Req) -> tuple[Resolved, str] | None:
        """The live session (or trustee token) of a request, and its token."""
        header = request.headers.get("authorization")
        now = self.ctx.now()
        if header:
            scheme, _, token = header.partition(" ")
            token = token.strip()
            if scheme.lower() != "bearer" or not token or len(token) > 512:
                return None
            with self.ctx.read() as session, session.begin():
                found = resolve_token(session, token, now, kind="bearer")
            return None if found is None else (found, token)
        cookie = cookie_token(request.headers.get("cookie"))
        if cookie is None:
            return None
        with self.ctx.read() as session, session.begin():
            found = resolve_token(
                session, cookie, now, kind="cookie", idle_ms=self.ctx.session_idle_ms
            )
        if found is None:
            return None
        if request.method in UNSAFE_METHODS and not csrf_matches(
            cookie, request.headers.get(CSRF_HEADER)
        ):
            raise Forbidden(
                detail="a request signed in with the console's session cookie needs the "
                "session's X-CSRF-Token header (GET /api/v1/session gives it)"
            )
        if found.last_seen is not None and now - found.last_seen >= TOUCH_MS:
            touch(self.ctx.engine, cookie, now)
        return found, cookie


async def read_body(request: Req) -> bytes:
    """The raw request body (the route's size limit applies while it is read)."""
    return await request.body()


# -- sessions and accounts ---------------------------------------------------------------------


async def in_thread(fn: Callable[..., R], *args: Any) -> R:
    """Run a blocking handler body in a worker thread. (Litestar 2.25 mis-handles a
    ``sync_to_thread`` handler that returns a ``Response`` on a path other handlers share:
    it is called twice wrapped; such handlers are ``async`` and call this instead.)"""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args))


@post("/api/v1/session", request_max_body_size=LIMIT_SMALL, status_code=201)
async def create_session(
    request: Req, svc: NamedDependency[ElectionService], raw: NamedDependency[bytes]
) -> Response[Any]:
    """Sign in with user name and password: a bearer token, or (``"cookie": true``, for the
    console) an HttpOnly session cookie and the session's CSRF token."""
    return await in_thread(_create_session, request, svc, raw)


def _create_session(request: Req, svc: ElectionService, raw: bytes) -> Response[Any]:
    parsed = decode_body(raw, LoginIn)
    address = svc.client(request)
    svc.logins.attempt(parsed.username, address, svc.ctx.now())  # 429 while it must wait
    kind: SessionKind = "cookie" if parsed.cookie else "bearer"
    try:
        found = login(
            svc.ctx.read_engine,
            svc.ctx.engine,
            parsed.username,
            parsed.password,
            now=svc.ctx.now(),
            rng=svc.ctx.rng,
            ttl_ms=svc.ctx.session_ttl_ms,
            kind=kind,
        )
    except AccountDisabledError:
        svc.logins.succeeded(parsed.username, address, svc.ctx.now())
        raise Forbidden(detail="this account is disabled; an admin can enable it") from None
    if found is None:
        raise Unauthorized(detail="wrong user name or password")
    svc.logins.succeeded(parsed.username, address, svc.ctx.now())
    token, role, expires = found
    if not parsed.cookie:
        return Response(SessionOut(token, role, expires), status_code=201)
    info = SessionInfo(parsed.username, role, expires, csrf_token(token), svc.ctx.session_idle_ms)
    cookie = set_cookie(token, max_age_s=svc.ctx.session_ttl_ms // 1000, secure=svc.is_tls(request))
    return Response(info, status_code=201, headers={"Set-Cookie": cookie})


@get("/api/v1/session", sync_to_thread=True, operation_id="ApiV1SessionSessionInfo")
def session_info(request: Req, svc: NamedDependency[ElectionService]) -> SessionInfo:
    """The caller's session (401 without one): who, until when, and for a cookie session its
    CSRF token (the console reads it after a reload)."""
    found = svc.session_of(request)
    if found is None:
        raise Unauthorized(detail="not signed in (or the session has expired)")
    if found[0].expires_at is None:
        raise Forbidden(detail="a trustee token is not a session")
    resolved, token = found
    p = resolved.principal
    assert p.username is not None and resolved.expires_at is not None
    cookie = p.via == "cookie"
    return SessionInfo(
        p.username,
        p.role,
        resolved.expires_at,
        csrf_token(token) if cookie else None,
        svc.ctx.session_idle_ms if cookie else None,
    )


@delete("/api/v1/session", status_code=204)
async def end_session(request: Req, svc: NamedDependency[ElectionService]) -> Response[None]:
    """Sign out: the token (or cookie) is refused afterwards; a cookie is cleared."""
    return await in_thread(_end_session, request, svc)


def _end_session(request: Req, svc: ElectionService) -> Response[None]:
    found = svc.session_of(request)
    if found is None:
        authenticated(None)
    assert found is not None
    resolved, token = found
    if resolved.principal.role == "trustee":
        raise Unauthorized(detail="a trustee token is not a session")
    with Session(svc.ctx.engine) as session, session.begin():
        logout(session, token)
    headers = {}
    if resolved.principal.via == "cookie":
        headers["Set-Cookie"] = clear_cookie(secure=svc.is_tls(request))
    return Response(None, status_code=204, headers=headers)


@post("/api/v1/accounts", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=201)
def create_account_route(
    request: Req, svc: NamedDependency[ElectionService], raw: NamedDependency[bytes]
) -> AccountOut:
    """Create an account (admin)."""
    p = require_role(svc.principal(request), "admin")
    parsed = decode_body(raw, AccountIn)
    create_account(
        svc.ctx.engine,
        parsed.username,
        parsed.password,
        parsed.role,
        svc.ctx.now(),
        by=p.username,
    )
    return AccountOut(parsed.username, parsed.role)


@get("/api/v1/accounts", sync_to_thread=True)
def get_accounts(request: Req, svc: NamedDependency[ElectionService]) -> list[AccountOut]:
    """Every account, with the elections each is staff of (admin)."""
    require_role(svc.principal(request), "admin")
    with svc.ctx.read() as session, session.begin():
        return [
            AccountOut(a.username, a.role, a.disabled, a.elections) for a in list_accounts(session)
        ]


@patch(
    "/api/v1/accounts/{username:str}",
    sync_to_thread=True,
    request_max_body_size=LIMIT_SMALL,
)
def change_account(
    request: Req,
    svc: NamedDependency[ElectionService],
    username: FromPath[str],
    raw: NamedDependency[bytes],
) -> AccountOut:
    """Disable an account (its sessions end at once) or enable it again (admin); never the
    last enabled admin."""
    p = require_role(svc.principal(request), "admin")
    parsed = decode_body(raw, AccountChange)
    row = set_disabled(svc.ctx.engine, username, parsed.disabled, by=p.username, now=svc.ctx.now())
    return AccountOut(row.username, row.role, row.disabled, row.elections)


# -- elections -------------------------------------------------------------------------------


def definition_text(body: DefinitionIn) -> str:
    """The TOML text of an upload: as sent, or written from its JSON form after the loader's
    checks (422 with every problem's field path)."""
    if (body.definition is None) != body.has_document:
        raise BadRequest(
            detail="give the definition as TOML text (definition) or as JSON "
            "(document), one of them"
        )
    if body.definition is not None:
        return body.definition
    try:
        parsed = ballots.from_json(bytes(body.document), source="document")
    except ballots.DefinitionError as exc:
        raise definition_problems(exc) from None
    return ballots.dumps(parsed)


@post("/api/v1/elections", sync_to_thread=True, request_max_body_size=LIMIT_LARGE, status_code=201)
def create_election(
    request: Req, svc: NamedDependency[ElectionService], raw: NamedDependency[bytes]
) -> ElectionView:
    """Create a draft election from a ballot definition (staff); ``test``: a test election."""
    p = svc.principal(request)
    require_role(p, "staff")
    parsed = decode_body(raw, DefinitionIn)
    return svc.elections.create(p, definition_text(parsed), test=parsed.test)


@get(_E, sync_to_thread=True)
def election_view(
    svc: NamedDependency[ElectionService], election_id: FromPath[str]
) -> ElectionView:
    """The public view of an election."""
    return svc.elections.view(election_id)


@put(f"{_E}/definition", sync_to_thread=True, request_max_body_size=LIMIT_LARGE)
def replace_definition(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> ElectionView:
    """Replace a draft's definition (staff of the election)."""
    p = authenticated(svc.principal(request))
    parsed = decode_body(raw, DefinitionIn)
    if parsed.test:
        raise BadRequest(detail="test: an election is a test election from its creation on")
    return svc.elections.replace_definition(p, election_id, definition_text(parsed))


@put(f"{_E}/credentials", sync_to_thread=True, request_max_body_size=LIMIT_CREDENTIALS)
def upload_credentials(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> CredentialsOut:
    """Upload the public credential list (staff of the election)."""
    p = authenticated(svc.principal(request))
    parsed = decode_body(raw, CredentialsIn)
    return svc.elections.upload_credentials(p, election_id, parsed.text)


@post(f"{_E}/staff", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=201)
def add_staff(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> StaffOut:
    """Add a staff account to the election (its owner or an admin)."""
    p = authenticated(svc.principal(request))
    parsed = decode_body(raw, StaffIn)
    return svc.elections.add_staff(p, election_id, parsed.username)


@delete(f"{_E}/staff/{{username:str}}", sync_to_thread=True, status_code=200)
def remove_staff(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    username: FromPath[str],
) -> StaffOut:
    """Remove a staff account from the election (its owner or an admin); never the last."""
    p = authenticated(svc.principal(request))
    return svc.elections.remove_staff(p, election_id, username)


@post(f"{_E}/ceremony", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=201)
def start_ceremony(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> TokensOut:
    """Freeze the definition, publish the manifest, issue the trustee tokens (staff)."""
    p = authenticated(svc.principal(request))
    parsed = decode_body(raw, CeremonyIn)
    return svc.elections.start_ceremony(p, election_id, parsed)


@get(f"{_E}/ceremony", sync_to_thread=True)
def ceremony_view(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
) -> CeremonyOut:
    """The ceremony's state; with a trustee token also the shares addressed to it."""
    return svc.elections.ceremony(svc.principal(request), election_id)


def _created(content: Any, created: bool) -> Response[Any]:
    return Response(content, status_code=201 if created else 200)


@post(f"{_E}/ceremony/records", sync_to_thread=True, request_max_body_size=LIMIT_SMALL)
def post_record(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[Any]:
    """Trustee ``l`` publishes its signed record (``trustee-key``)."""
    p = authenticated(svc.principal(request))
    record = decode_body(raw, SignedTrusteeRecord)
    return _created({}, svc.elections.post_record(p, election_id, record))


@post(f"{_E}/ceremony/shares", sync_to_thread=True, request_max_body_size=LIMIT_SMALL)
def post_shares(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[Any]:
    """Trustee ``l`` sends its sealed shares to the others."""
    p = authenticated(svc.principal(request))
    parsed = decode_body(raw, SharesIn)
    return _created({}, svc.elections.post_shares(p, election_id, parsed))


@post(f"{_E}/ceremony/commitment", sync_to_thread=True, request_max_body_size=LIMIT_SMALL)
def post_commitment(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[Any]:
    """Trustee ``l`` commits to the joint key (``trustee-commitment``)."""
    p = authenticated(svc.principal(request))
    parsed = decode_body(raw, CommitmentIn)
    return _created({}, svc.elections.post_commitment(p, election_id, parsed))


def _transition(svc: ElectionService, request: Req, name: str, eid: str) -> ElectionView:
    p = authenticated(svc.principal(request))
    op = getattr(svc.elections, name)
    return op(p, eid)  # type: ignore[no-any-return]


@post(f"{_E}/open", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=200)
def open_election(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
) -> ElectionView:
    """Open the election for casting: ``credentials`` and ``opened`` entries (staff)."""
    return _transition(svc, request, "open", election_id)


@post(f"{_E}/close", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=200)
def close_election(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
) -> ElectionView:
    """Close casting: ``closed`` and the encrypted ``tally`` entries (staff)."""
    return _transition(svc, request, "close", election_id)


@post(f"{_E}/tally", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=200)
def tally_election(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
) -> ElectionView:
    """Combine the trustees' partial decryptions: ``result`` entries (staff)."""
    return _transition(svc, request, "tally", election_id)


@post(f"{_E}/publish", sync_to_thread=True, request_max_body_size=LIMIT_SMALL, status_code=200)
def publish_election(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
) -> ElectionView:
    """Run each style's allocation rule: ``allocation`` entries (staff)."""
    return _transition(svc, request, "publish", election_id)


@get(f"{_E}/tally", sync_to_thread=True)
def get_tally(svc: NamedDependency[ElectionService], election_id: FromPath[str]) -> list[TallyOut]:
    """The encrypted tally of every style (once closed)."""
    return svc.elections.get_tally(election_id)


@post(f"{_E}/tally/partials", sync_to_thread=True, request_max_body_size=LIMIT_LARGE)
def post_partials(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[Any]:
    """Trustee ``l``'s partial decryptions of the tallies."""
    p = authenticated(svc.principal(request))
    parsed = decode_body(raw, PartialsIn)
    return _created({}, svc.elections.post_partials(p, election_id, parsed))


@get(f"{_E}/result", sync_to_thread=True)
def get_result(
    svc: NamedDependency[ElectionService], election_id: FromPath[str]
) -> list[ResultOut]:
    """Scores and funded projects of every style (once published)."""
    return svc.elections.result(election_id)


@get(f"{_E}/staff-view", sync_to_thread=True)
def staff_view(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
) -> StaffView:
    """The staff's view (staff of the election, observers, admins)."""
    return svc.elections.staff_view(svc.principal(request), election_id)


@get(f"{_E}/manifest", sync_to_thread=True, media_type="application/json")
def get_manifest(
    svc: NamedDependency[ElectionService], election_id: FromPath[str]
) -> Response[bytes]:
    """The canonical manifest bytes (once the ceremony started)."""
    return Response(svc.elections.manifest_bytes(election_id), media_type="application/json")


@get(f"{_E}/definition", sync_to_thread=True)
def get_definition(
    svc: NamedDependency[ElectionService], election_id: FromPath[str]
) -> ballots.Definition:
    """The frozen ballot definition in its JSON form (docs/ballots.md §7), once the ceremony
    started.

    The manifest holds only what the cryptography and the tally need; the texts voters read
    before choosing (project descriptions, English names) are in the definition. A draft's
    is not public (409): staff may still replace it, and voters must only see what is frozen.
    """
    with svc.ctx.read() as session, session.begin():
        election = svc.ctx.load(session, election_id)
        if election.manifest is None:
            svc.ctx.require_status(election, "ceremony")
        text = election.definition
    return ballots.loads(text, source="definition")


#: Entries read (and sent) per step while streaming a record file.
RECORD_PAGE = 1000


def record_chunks(svc: ElectionService, election_id: str) -> Iterator[bytes]:
    """The record file (record.md §3) in pieces, byte for byte ``encode_record``'s text.

    The size is fixed first (the latest checkpoint's: every write ends with one), then the
    entries are read in pages, each in its own short read transaction: entries below the size
    never change (the log is append-only), so the pages are of one log, and a large record is
    never held in memory at once.
    """
    with svc.ctx.read() as session, session.begin():
        election = svc.ctx.load(session, election_id)
        if election.manifest is None:
            svc.ctx.require_status(election, "ceremony")
        stored = list_checkpoints(session, election_id)
        notes = [c.note for c in stored]
        size = stored[-1].size if stored else 0
        key = board_key_text(election)
    empty = encode_record(make_record(election_id, key, [], notes))
    head, tail = empty.split(b'"entries":[]', 1)
    yield head + b'"entries":['
    for start in range(0, size, RECORD_PAGE):
        with svc.ctx.read() as session, session.begin():
            page = read_entries(session, election_id, start, min(size, start + RECORD_PAGE))
        text = b",".join(b'"' + base64.b64encode(e) + b'"' for e in page)
        yield (b"," if start else b"") + text
    yield b"]" + tail


@get(f"{_E}/record", sync_to_thread=True, media_type="application/json")
def get_record(svc: NamedDependency[ElectionService], election_id: FromPath[str]) -> Stream:
    """The record file (record.md §3) of the log so far, streamed."""
    chunks = record_chunks(svc, election_id)
    first = next(chunks)  # the checks (404, 409) happen before the response starts
    return Stream(itertools.chain([first], chunks), media_type="application/json")


@post(f"{_E}/ballots", sync_to_thread=True, request_max_body_size=LIMIT_LARGE)
def cast_ballot(
    request: Req,
    svc: NamedDependency[ElectionService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> Response[Receipt]:
    """Cast a signed, encrypted ballot; the receipt (201, or 200 for an identical retry)."""
    receipt, created = svc.casting.cast(election_id, raw, svc.client(request))
    return Response(receipt, status_code=201 if created else 200)


@get(f"{_E}/ballots/{{tracking_code:str}}", sync_to_thread=True)
def ballot_status(
    svc: NamedDependency[ElectionService], election_id: FromPath[str], tracking_code: FromPath[str]
) -> BallotStatus:
    """Where a ballot is on the board, and whether it is counted."""
    return svc.casting.receipt(election_id, tracking_code)


ELECTION_ROUTES = [
    create_session,
    session_info,
    end_session,
    create_account_route,
    get_accounts,
    change_account,
    create_election,
    election_view,
    replace_definition,
    upload_credentials,
    add_staff,
    remove_staff,
    start_ceremony,
    ceremony_view,
    post_record,
    post_shares,
    post_commitment,
    open_election,
    close_election,
    tally_election,
    publish_election,
    get_tally,
    post_partials,
    get_result,
    staff_view,
    get_manifest,
    get_definition,
    get_record,
    cast_ballot,
    ballot_status,
]
