"""HTTP endpoints of the console's operations (``_console``; docs/spec/service.md §7).

Like every endpoint, they take JSON bodies only (a photo or a spreadsheet travels base64 in
JSON: no multipart parser, and the 415 rule of ``_guard`` keeps cross-site forms out) and
answer problem+json. A photo is served as ``image/jpeg`` with ``nosniff``, a CSP that
sandboxes it and allows nothing, and ``Content-Disposition: inline`` with a ``.jpg`` name:
whatever a browser is tricked into doing with its URL, it is an image.
"""

from __future__ import annotations

import functools
from typing import Any

from litestar import Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from oylama.service._api import decode_body
from oylama.service._audit import AuditOut
from oylama.service._console import (
    Console,
    ConsoleElection,
    ImportIn,
    ImportOut,
    PhotoIn,
    PhotoOut,
    PreviewOut,
    TurnoutOut,
)
from oylama.service._election_routes import ElectionService, Req, in_thread
from oylama.service._problems import BadArgument

KIB = 1024
MIB = 1024 * KIB

#: Body limits: a photo (8 MiB as base64, plus the JSON around it), an import (5 MiB).
LIMIT_PHOTO = 11 * MIB + 512 * KIB
LIMIT_IMPORT = 7 * MIB

_E = "/api/v1/elections/{election_id:str}"

#: Headers of a served photo.
PHOTO_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
}


class ConsoleService:
    """Injected into these handlers (``console``), with the election service (``svc``) for
    the caller's identity."""

    def __init__(self, console: Console) -> None:
        self.console = console


@get("/api/v1/console/elections", sync_to_thread=True)
def console_elections(
    request: Req, svc: NamedDependency[ElectionService], console: NamedDependency[ConsoleService]
) -> list[ConsoleElection]:
    """The signed-in account's elections (staff: theirs; observers and admins: all, test
    elections included)."""
    return console.console.elections_of(svc.principal(request))


@post(f"{_E}/photos", sync_to_thread=True, request_max_body_size=LIMIT_PHOTO, status_code=201)
def add_photo(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> PhotoOut:
    """Upload a project photo (staff of the election, draft): ``{"data": base64}``; checked,
    re-encoded as a JPEG without metadata, named by its SHA-256."""
    p = svc.principal(request)
    return console.console.add_photo(p, election_id, decode_body(raw, PhotoIn))


@get(f"{_E}/photos", sync_to_thread=True)
def list_photos(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
) -> list[PhotoOut]:
    """The election's photos (staff of the election, observers, admins)."""
    return console.console.photos(svc.principal(request), election_id)


def _photo(
    request: Req, svc: ElectionService, console: ConsoleService, eid: str, digest: str
) -> Response[bytes]:
    data, public = console.console.photo(svc.principal(request), eid, digest)
    cache = "public, max-age=31536000, immutable" if public else "private, no-store"
    return Response(
        data,
        media_type="image/jpeg",
        headers={
            **PHOTO_HEADERS,
            "Cache-Control": cache,
            "Content-Disposition": f'inline; filename="{digest[:16]}.jpg"',
        },
    )


@get(f"{_E}/photos/{{digest:str}}", media_type="image/jpeg")
async def get_photo(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
    digest: FromPath[str],
) -> Response[bytes]:
    """A photo: public once the definition naming it is frozen, else for the election's
    readers; always ``image/jpeg``, ``nosniff``, sandboxed."""
    return await in_thread(_photo, request, svc, console, election_id, digest)


@delete(f"{_E}/photos/{{digest:str}}", sync_to_thread=True, status_code=204)
def remove_photo(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
    digest: FromPath[str],
) -> None:
    """Remove a photo no project shows (staff of the election, draft)."""
    console.console.remove_photo(svc.principal(request), election_id, digest)


@post(
    f"{_E}/projects/import",
    sync_to_thread=True,
    request_max_body_size=LIMIT_IMPORT,
    status_code=200,
)
def import_projects(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> ImportOut:
    """Import a ballot's projects from CSV, XLSX or Pabulib (staff of the election, draft);
    422 with every refused row and column in ``errors``, and nothing changed."""
    p = svc.principal(request)
    return console.console.import_projects(p, election_id, decode_body(raw, ImportIn))


def _export(
    request: Req,
    svc: ElectionService,
    console: ConsoleService,
    eid: str,
    *,
    what: str,
    ballot: str | None,
) -> Response[str]:
    out = console.console.export(svc.principal(request), eid, what, ballot)
    return Response(
        out.text,
        media_type=out.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{out.name}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


@get(f"{_E}/export", media_type="text/plain")
async def export(  # noqa: PLR0917 (Litestar passes parameters by name)
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
    format: FromQuery[str],
    ballot: FromQuery[str | None] = None,
) -> Response[str]:
    """The definition as TOML (``format=toml``) or a ballot's projects as a sheet
    (``format=csv``) or a Pabulib file (``format=pabulib``, with scores once published)."""
    return await in_thread(
        functools.partial(_export, what=format, ballot=ballot), request, svc, console, election_id
    )


@get(f"{_E}/turnout", sync_to_thread=True)
def turnout(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
) -> TurnoutOut:
    """Credentials that have voted, per district and ballot, of those eligible (staff of the
    election, observers, admins); never a count of choices."""
    return console.console.turnout(svc.principal(request), election_id)


@get(f"{_E}/preview", sync_to_thread=True)
def preview(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
) -> PreviewOut:
    """What the residents' page draws the ballots from, in any status (staff of the
    election, observers, admins)."""
    return console.console.preview(svc.principal(request), election_id)


@delete(_E, sync_to_thread=True, status_code=204)
def delete_election(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election_id: FromPath[str],
) -> None:
    """Delete a test election (its staff, admins); a real election is never deleted (409)."""
    console.console.delete_test(svc.principal(request), election_id)


@get("/api/v1/audit", sync_to_thread=True)
def audit_log(
    request: Req,
    svc: NamedDependency[ElectionService],
    console: NamedDependency[ConsoleService],
    election: FromQuery[str | None] = None,
    before: FromQuery[int | None] = None,
) -> list[AuditOut]:
    """The audit log, newest first, 500 at a time (``before``: the next page): everything
    for admins, one election's (``election``) for its staff and observers."""
    if before is not None and before < 0:
        raise BadArgument(detail="before must be >= 0")
    return console.console.audit(svc.principal(request), election, before)


CONSOLE_ROUTES: list[Any] = [
    console_elections,
    add_photo,
    list_photos,
    get_photo,
    remove_photo,
    import_projects,
    export,
    turnout,
    preview,
    delete_election,
    audit_log,
]
