"""HTTP endpoints of implementation tracking and the city map (``_tracking``, ``_map``;
docs/spec/service.md §8, docs/spec/cycle.md §5).

Writes take JSON bodies (photos and sheets base64 in JSON, like the console's) and answer
problem+json. The Atom feeds and the map's exports are public: what became of a vote is
everyone's to read, and nothing in them is not already on the participation log or the
published definition.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from oylama.service._api import decode_body
from oylama.service._console import PhotoIn, PhotoOut
from oylama.service._console_routes import LIMIT_IMPORT, LIMIT_PHOTO
from oylama.service._context import ServiceContext
from oylama.service._election_routes import ElectionService, Req, in_thread
from oylama.service._map import (
    CityImportIn,
    CityImportOut,
    Filters,
    csv_text,
    geojson,
    import_city,
    map_projects,
)
from oylama.service._problems import BadArgument
from oylama.service._tracking import (
    ImplementationOut,
    NoteIn,
    StatusIn,
    TrackedProject,
    Tracking,
)
from oylama.service._web_routes import _shell

_E = "/api/v1/elections/{election_id:str}"

#: Headers of the public exports (a feed or a sheet is data, never a page).
EXPORT_HEADERS: Final = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


class TrackingService:
    """Injected into these handlers (``tracking``)."""

    def __init__(self, ctx: ServiceContext, tracking: Tracking) -> None:
        self.ctx = ctx
        self.tracking = tracking


@post(f"{_E}/implementation/status", sync_to_thread=True, status_code=201)
def post_status(
    request: Req,
    svc: NamedDependency[ElectionService],
    tracking: NamedDependency[TrackingService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> TrackedProject:
    """Record a funded project's status, dates and money spent (staff of the election, once
    published): a ``project-status`` entry on the participation log."""
    p = svc.principal(request)
    return tracking.tracking.set_status(p, election_id, decode_body(raw, StatusIn))


@post(f"{_E}/implementation/notes", sync_to_thread=True, status_code=201)
def post_note(
    request: Req,
    svc: NamedDependency[ElectionService],
    tracking: NamedDependency[TrackingService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> TrackedProject:
    """Add a progress note with photos (staff of the election, once published): a
    ``progress-note`` entry on the participation log."""
    p = svc.principal(request)
    return tracking.tracking.add_note(p, election_id, decode_body(raw, NoteIn))


@post(
    f"{_E}/implementation/photos",
    sync_to_thread=True,
    request_max_body_size=LIMIT_PHOTO,
    status_code=201,
)
def post_progress_photo(
    request: Req,
    svc: NamedDependency[ElectionService],
    tracking: NamedDependency[TrackingService],
    election_id: FromPath[str],
    raw: NamedDependency[bytes],
) -> PhotoOut:
    """Upload a progress photo (staff of the election, once published), re-encoded like the
    console's; public once a note names it."""
    p = svc.principal(request)
    row = tracking.tracking.add_photo(p, election_id, decode_body(raw, PhotoIn).data)
    return PhotoOut(
        digest=row.digest,
        width=row.width,
        height=row.height,
        bytes=len(row.data),
        url=f"/api/v1/elections/{election_id}/photos/{row.digest}",
    )


@get(f"{_E}/implementation", sync_to_thread=True)
def get_implementation(
    tracking: NamedDependency[TrackingService], election_id: FromPath[str]
) -> ImplementationOut:
    """Every funded project's status, dates, money spent and history (public; 409 before
    publication)."""
    return tracking.tracking.implementation(election_id)


def _base(request: Req) -> str:
    return str(request.base_url).rstrip("/")


def _atom(request: Req, tracking: TrackingService, eid: str | None) -> Response[bytes]:
    return Response(
        tracking.tracking.feed(_base(request), eid),
        media_type="application/atom+xml",
        headers=EXPORT_HEADERS,
    )


@get("/elections/{election_id:str}/implementation.atom", media_type="application/atom+xml")
async def election_feed(
    request: Req, tracking: NamedDependency[TrackingService], election_id: FromPath[str]
) -> Response[bytes]:
    """The Atom feed of an election's implementation (public; 409 before publication)."""
    return await in_thread(_atom, request, tracking, election_id)


@get("/map.atom", media_type="application/atom+xml")
async def city_feed(request: Req, tracking: NamedDependency[TrackingService]) -> Response[bytes]:
    """The Atom feed of every published election's implementation."""
    return await in_thread(_atom, request, tracking, None)


def _filters(  # noqa: PLR0917 (query parameters)
    district: str | None,
    sdg: str | None,
    audience: str | None,
    stage: str | None,
    status: str | None,
    year: int | None,
) -> Filters:
    if year is not None and not 1900 <= year <= 2199:
        raise BadArgument(detail="year must be between 1900 and 2199")
    return Filters(
        district=district, sdg=sdg, audience=audience, stage=stage, status=status, year=year
    )


def _geojson(tracking: TrackingService, filters: Filters) -> Response[bytes]:
    body = msgspec.json.encode(geojson(map_projects(tracking.ctx, filters)))
    return Response(body, media_type="application/geo+json", headers=EXPORT_HEADERS)


def _csv(tracking: TrackingService, filters: Filters) -> Response[str]:
    return Response(
        csv_text(map_projects(tracking.ctx, filters)),
        media_type="text/csv",
        headers={**EXPORT_HEADERS, "Content-Disposition": 'attachment; filename="map.csv"'},
    )


@get("/api/v1/map.geojson", media_type="application/geo+json")
async def map_geojson(  # noqa: PLR0917 (Litestar passes parameters by name)
    tracking: NamedDependency[TrackingService],
    district: FromQuery[str | None] = None,
    sdg: FromQuery[str | None] = None,
    audience: FromQuery[str | None] = None,
    stage: FromQuery[str | None] = None,
    status: FromQuery[str | None] = None,
    year: FromQuery[int | None] = None,
) -> Response[bytes]:
    """Every project on the city map as GeoJSON (RFC 7946), optionally filtered."""
    filters = _filters(district, sdg, audience, stage, status, year)
    return await in_thread(_geojson, tracking, filters)


@get("/api/v1/map.csv", media_type="text/csv")
async def map_csv(  # noqa: PLR0917 (Litestar passes parameters by name)
    tracking: NamedDependency[TrackingService],
    district: FromQuery[str | None] = None,
    sdg: FromQuery[str | None] = None,
    audience: FromQuery[str | None] = None,
    stage: FromQuery[str | None] = None,
    status: FromQuery[str | None] = None,
    year: FromQuery[int | None] = None,
) -> Response[str]:
    """Every project on the city map as CSV (formula-safe cells), optionally filtered."""
    filters = _filters(district, sdg, audience, stage, status, year)
    return await in_thread(_csv, tracking, filters)


@post(
    "/api/v1/city-projects/import",
    sync_to_thread=True,
    request_max_body_size=LIMIT_IMPORT,
    status_code=200,
)
def post_city_import(
    request: Req,
    svc: NamedDependency[ElectionService],
    tracking: NamedDependency[TrackingService],
    raw: NamedDependency[bytes],
) -> CityImportOut:
    """Replace the municipality's project list from its CSV sheet (staff or admin); 422 with
    every refused row and column in ``errors``, and nothing changed."""
    p = svc.principal(request)
    return import_city(tracking.ctx, p, decode_body(raw, CityImportIn))


@get(
    ["/map", "/elections/{election_id:str}/implementation"],
    include_in_schema=False,
    sync_to_thread=False,
)
def tracking_pages() -> Response[bytes]:
    """The city map and an election's implementation page (the shell draws them)."""
    return _shell()


TRACKING_ROUTES: list[Any] = [
    post_status,
    post_note,
    post_progress_photo,
    get_implementation,
    election_feed,
    city_feed,
    map_geojson,
    map_csv,
    post_city_import,
    tracking_pages,
]

#: Request bodies for the OpenAPI document (``create_app``'s ``_REQUEST_BODIES``).
TRACKING_BODIES: dict[tuple[str, str], type[Any]] = {
    ("post", "/api/v1/elections/{election_id}/implementation/status"): StatusIn,
    ("post", "/api/v1/elections/{election_id}/implementation/notes"): NoteIn,
    ("post", "/api/v1/elections/{election_id}/implementation/photos"): PhotoIn,
    ("post", "/api/v1/city-projects/import"): CityImportIn,
}
