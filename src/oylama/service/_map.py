"""The city map's data: every project of every election, and the municipality's own list.

``GET /api/v1/map.geojson`` and ``GET /api/v1/map.csv`` (public) list every project the city
has put to residents -- proposed by residents (:func:`proposed_features`), on a ballot,
funded, under way, done, cancelled -- with the İzmir sustainability map's
fields (purpose, target audience, start date, global goals), plus the projects of the
municipality's existing list imported from a sheet (``POST /api/v1/city-projects/import``,
staff or admin; the whole list replaced, or nothing changed and every refused row and column
reported). Test elections are never on the map; a draft's projects are not either (nothing of
the ballot is public before opening), but its residents' proposals are, as on their pages.

The CSV is safe to open in a spreadsheet: a cell starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is prefixed with ``'``, so a project name can never run as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any, Final, Literal, TypeVar

import msgspec
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from oylama.cycle import STATUSES, ProposalContent, ReviewPayload, canonical_money
from oylama.errors import InputError
from oylama.service import _audit as audit
from oylama.service._accounts import Principal
from oylama.service._authz import require_role
from oylama.service._context import ServiceContext
from oylama.service._definitions import stored_definition
from oylama.service._problems import FieldError, Invalid
from oylama.service._tracking import (
    NOTE_KIND,
    STATUS_KIND,
    current_state,
    cycle_events,
    fold,
    funded,
)
from oylama.store import CityProject, Election, Proposal

#: A project's stage on the map.
STAGES: Final = ("proposed", "ballot", "funded", "under-way", "done", "cancelled")

#: The tracking status -> the map's stage of a funded project.
T = TypeVar("T")

_STAGE_OF: Final = {
    "planned": "funded",
    "tendering": "funded",
    "in-progress": "under-way",
    "done": "done",
    "cancelled": "cancelled",
}

#: The columns of the municipality's sheet (``id``, ``name`` and ``status`` required).
CITY_COLUMNS: Final = (
    "id",
    "name",
    "description",
    "district",
    "neighbourhood",
    "status",
    "purpose",
    "audience",
    "sdg",
    "start",
    "year",
    "cost",
    "latitude",
    "longitude",
)
CITY_REQUIRED: Final = ("id", "name", "status")
MAX_CITY_ROWS: Final = 5000
MAX_CITY_BYTES: Final = 5 * 1024 * 1024
_LIMITS: Final = {"id": 64, "name": 200, "district": 128, "neighbourhood": 128, "sdg": 128}
_TEXT_LIMIT: Final = 2000
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SDG = re.compile(r"^(?:SDG)?([1-9]|1[0-7])$", re.IGNORECASE)

#: The columns of the map's CSV export.
EXPORT_COLUMNS: Final = (
    "source",
    "election",
    "ballot",
    "id",
    "name",
    "stage",
    "status",
    "district",
    "neighbourhood",
    "purpose",
    "audience",
    "sdg",
    "start",
    "year",
    "cost",
    "spent",
    "latitude",
    "longitude",
    "url",
)


class MapProject(msgspec.Struct, kw_only=True):
    """One project on the city map (a GeoJSON feature's properties)."""

    source: Literal["election", "city", "proposal"]
    election: str | None
    ballot: str | None
    id: str
    name: str
    name_en: str | None
    stage: str
    status: str | None
    district: str
    neighbourhood: str
    purpose: str
    audience: list[str]
    sdg: list[str]
    start: str | None
    year: int | None
    cost: str | None
    spent: str | None
    latitude: float | None
    longitude: float | None
    url: str | None


class CityImportIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``POST /api/v1/city-projects/import``: the municipality's list as CSV (base64)."""

    format: Literal["csv"]
    data: bytes


class CityImportOut(msgspec.Struct):
    imported: int


def decode_json(text: str, type_: type[T]) -> T:
    """A stored payload's JSON text (the service wrote it; checked when it was)."""
    return msgspec.json.decode(text, type=type_)


def proposed_features(session: Session) -> list[MapProject]:
    """Residents' proposals still ideas (stage ``proposed``): neither hidden by moderation
    nor already put on a ballot (those are the ballot's projects once the vote is set up),
    of every election but test elections (``status``, the implementation status, is none).
    An idea the review found infeasible stays public on its page with the reason, but it is
    not a project of the city: the map leaves it out."""
    out: list[MapProject] = []
    rows = session.execute(
        select(Proposal, Election.definition)
        .join(Election, Election.id == Proposal.election_id)
        .where(
            Election.test.is_(False),
            Proposal.hidden.is_(False),
            Proposal.accepted.is_(None),
        )
        .order_by(Election.created_at, Proposal.election_id, Proposal.number)
    )
    for proposal, text in rows:
        d = stored_definition(text)
        names = {x.id: x.name for x in d.districts}
        review = proposal.review
        if review is not None and decode_json(review, ReviewPayload).decision == "infeasible":
            continue
        c = decode_json(proposal.content, ProposalContent)
        when = d.election.closes or d.election.opens
        out.append(
            MapProject(
                source="proposal",
                election=proposal.election_id,
                ballot=None,
                id=proposal.id,
                name=c.title,
                name_en=None,
                stage="proposed",
                status=None,
                district=names.get(c.district, c.district),
                neighbourhood="",
                purpose=c.description,
                audience=list(c.audience),
                sdg=list(c.sdg),
                start=None,
                year=when.year if when is not None else None,
                cost=canonical_money(c.cost),
                spent=None,
                latitude=c.latitude,
                longitude=c.longitude,
                url=f"/elections/{proposal.election_id}/proposals/{proposal.id}",
            )
        )
    return out


def election_features(session: Session) -> list[MapProject]:
    """Every project of every election past its draft (not test elections), with its stage."""
    out: list[MapProject] = []
    rows = session.scalars(
        select(Election)
        .where(Election.status != "draft", Election.test.is_(False))
        .order_by(Election.created_at, Election.id)
    )
    for election in rows:
        d = stored_definition(election.definition)
        names = {x.id: x.name for x in d.districts}
        published = election.status == "published"
        won = funded(session, election.id) if published else {}
        history = (
            fold(cycle_events(session, election.id, (STATUS_KIND, NOTE_KIND))) if published else {}
        )
        when = d.election.closes or d.election.opens
        year = when.year if when is not None else None
        for b in d.ballots:
            chosen = set(won.get(b.id, ()))
            for p in b.projects:
                status = spent = None
                stage = "ballot"
                if p.id in chosen:
                    state = current_state(history.get((b.id, p.id), []))
                    status = "planned" if state is None else str(state.status)
                    spent = "0" if state is None else state.spent
                    stage = _STAGE_OF[status]
                out.append(
                    MapProject(
                        source="election",
                        election=election.id,
                        ballot=b.id,
                        id=p.id,
                        name=p.name.tr,
                        name_en=p.name.en,
                        stage=stage,
                        status=status,
                        district=names.get(b.district, b.district),
                        neighbourhood=p.neighbourhood or "",
                        purpose=p.description.tr if p.description else "",
                        audience=list(p.audience),
                        sdg=list(p.sdg),
                        start=p.start.isoformat() if p.start else None,
                        year=p.start.year if p.start else year,
                        cost=canonical_money(str(p.cost)),
                        spent=spent,
                        latitude=p.latitude,
                        longitude=p.longitude,
                        url=f"/elections/{election.id}/projects/{b.id}/{p.id}",
                    )
                )
    return out


def city_features(session: Session) -> list[MapProject]:
    out = []
    for r in session.scalars(select(CityProject).order_by(CityProject.id)):
        out.append(
            MapProject(
                source="city",
                election=None,
                ballot=None,
                id=r.id,
                name=r.name,
                name_en=None,
                stage=_STAGE_OF.get(r.status, "funded"),
                status=r.status,
                district=r.district,
                neighbourhood=r.neighbourhood,
                purpose=r.purpose or r.description,
                audience=[a for a in r.audience.split(";") if a],
                sdg=[s for s in r.sdg.split(";") if s],
                start=r.start,
                year=r.year,
                cost=r.cost,
                spent=None,
                latitude=r.latitude,
                longitude=r.longitude,
                url=None,
            )
        )
    return out


class Filters(msgspec.Struct, kw_only=True):
    """The map's filters (every one optional; all given must match)."""

    district: str | None = None
    sdg: str | None = None
    audience: str | None = None
    stage: str | None = None
    status: str | None = None
    year: int | None = None
    started_from: str | None = None

    def keep(self, p: MapProject) -> bool:
        return (
            (self.district is None or p.district == self.district)
            and (self.sdg is None or self.sdg in p.sdg)
            and (self.audience is None or self.audience in p.audience)
            and (self.stage is None or p.stage == self.stage)
            and (self.status is None or p.status == self.status)
            and (self.year is None or p.year == self.year)
            and (self.started_from is None or (p.start or "") >= self.started_from)
        )


def map_projects(ctx: ServiceContext, filters: Filters) -> list[MapProject]:
    with ctx.read() as session, session.begin():
        every = [*proposed_features(session), *election_features(session), *city_features(session)]
    return [p for p in every if filters.keep(p)]


def geojson(projects: list[MapProject]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946): a Point ``[longitude, latitude]`` per located
    project, ``null`` geometry for the others (they are listed, not drawn)."""
    features = []
    for p in projects:
        geometry = (
            None
            if p.latitude is None or p.longitude is None
            else {"type": "Point", "coordinates": [p.longitude, p.latitude]}
        )
        features.append(
            {"type": "Feature", "geometry": geometry, "properties": msgspec.to_builtins(p)}
        )
    return {"type": "FeatureCollection", "features": features}


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def csv_text(projects: list[MapProject]) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for p in projects:
        row = msgspec.to_builtins(p)
        row["audience"] = ";".join(p.audience)
        row["sdg"] = ";".join(p.sdg)
        writer.writerow([safe_cell(row[c]) for c in EXPORT_COLUMNS])
    return buf.getvalue()


# -- the municipality's list ------------------------------------------------------------------


def _problem(errors: list[FieldError], row: int | None, column: str | None, message: str) -> None:
    errors.append(FieldError(field=column or "", message=message, row=row, column=column))


def parse_city_csv(data: bytes) -> list[dict[str, Any]]:
    """The rows of the municipality's sheet as column values; :class:`Invalid` naming every
    refused row and column (row 1 is the header)."""
    errors: list[FieldError] = []
    if len(data) > MAX_CITY_BYTES:
        raise Invalid(f"import: at most {MAX_CITY_BYTES} bytes", [])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        _problem(errors, line, None, "not UTF-8 text (save the sheet as 'CSV UTF-8')")
        raise Invalid(f"import: row {line}: not UTF-8 text", errors) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        table = [r[:40] for r in reader]
    except csv.Error as exc:
        _problem(errors, reader.line_num, None, f"not a CSV file: {exc}")
        raise Invalid(f"import: row {reader.line_num}: not a CSV file", errors) from None
    if not table:
        _problem(errors, 1, None, "the sheet is empty: the first row names the columns")
        raise Invalid("import: the sheet is empty", errors)
    names: list[str | None] = []
    for k, cell in enumerate(table[0]):
        name = cell.strip().lower()
        if not name:
            names.append(None)
            continue
        if name not in CITY_COLUMNS:
            _problem(
                errors,
                1,
                name,
                f"unknown column {name!r} (column {k + 1}); the columns are "
                f"{', '.join(CITY_COLUMNS)}",
            )
        elif name in names:
            _problem(errors, 1, name, f"column {name!r} is given twice")
        names.append(name)
    for needed in CITY_REQUIRED:
        if needed not in names:
            _problem(errors, 1, needed, f"the required column {needed!r} is missing")
    if errors:
        raise Invalid(f"import: row 1: {errors[0].message} ({len(errors)} problem(s))", errors)
    body = [r for r in table[1:]]
    while body and not any(c.strip() for c in body[-1]):
        body.pop()
    if len(body) > MAX_CITY_ROWS:
        raise Invalid(f"import: {len(body)} rows; at most {MAX_CITY_ROWS}", [])
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for k, cells in enumerate(body):
        n = k + 2
        raw = {
            name: cell.strip()
            for name, cell in zip(names, cells, strict=False)
            if name is not None and cell.strip()
        }
        rows.append(_city_row(raw, n, errors, seen))
    if not rows:
        _problem(errors, 2, None, "the sheet has a header but no project rows")
    if errors:
        e = errors[0]
        raise Invalid(
            f"import: row {e.row}, {e.column}: {e.message} ({len(errors)} problem(s))", errors
        )
    return rows


def _city_row(
    raw: dict[str, str], n: int, errors: list[FieldError], seen: dict[str, int]
) -> dict[str, Any]:
    def bad(column: str, message: str) -> None:
        _problem(errors, n, column, message)

    for column in CITY_REQUIRED:
        if column not in raw:
            bad(column, f"{column} is required")
    for column, value in raw.items():
        limit = _LIMITS.get(column, _TEXT_LIMIT)
        if len(value) > limit:
            bad(column, f"at most {limit} characters")
        if any(ord(c) < 32 and c not in "\n\t" for c in value):
            bad(column, "control characters are not allowed")
    pid = raw.get("id", "")
    if pid and _ID.match(pid) is None:
        bad("id", f"{pid!r}: letters, digits, '.', '_' and '-' (starting with a letter or digit)")
    elif pid in seen:
        bad("id", f"{pid!r} is already the id of row {seen[pid]}")
    elif pid:
        seen[pid] = n
    status = raw.get("status", "")
    if status and status not in STATUSES:
        bad("status", f"{status!r} is not one of {', '.join(STATUSES)}")
    sdg = []
    for item in (x.strip() for x in raw.get("sdg", "").split(";")):
        m = _SDG.match(item)
        if not item:
            continue
        if m is None:
            bad("sdg", f"{item!r} is not a global goal (1 to 17, or SDG1 to SDG17)")
        else:
            sdg.append(f"SDG{m[1]}")
    start = raw.get("start")
    if start is not None:
        try:
            date.fromisoformat(start)
        except ValueError:
            bad("start", f"{start!r} is not a date YYYY-MM-DD")
    year: int | None = None
    if "year" in raw:
        if re.fullmatch(r"(19|20|21)[0-9]{2}", raw["year"]):
            year = int(raw["year"])
        else:
            bad("year", f"{raw['year']!r} is not a year")
    elif start is not None and re.fullmatch(r"[0-9]{4}-.*", start):
        year = int(start[:4])
    cost = None
    if "cost" in raw:
        try:
            cost = canonical_money(raw["cost"])
        except InputError as exc:
            bad("cost", str(exc))
    coords: dict[str, float | None] = {"latitude": None, "longitude": None}
    for column, bound in (("latitude", 90.0), ("longitude", 180.0)):
        if column in raw:
            try:
                degrees = float(raw[column])
            except ValueError:
                bad(column, f"{raw[column]!r} is not a number (decimal point '.')")
                continue
            if not -bound <= degrees <= bound:
                bad(column, f"{raw[column]} is outside -{bound:g} to {bound:g}")
                continue
            coords[column] = degrees
    if (coords["latitude"] is None) != (coords["longitude"] is None):
        bad(
            "latitude" if coords["latitude"] is None else "longitude",
            "give both coordinates or none",
        )
    audience = [a.strip() for a in raw.get("audience", "").split(";") if a.strip()]
    return {
        "id": pid,
        "name": raw.get("name", ""),
        "description": raw.get("description", ""),
        "district": raw.get("district", ""),
        "neighbourhood": raw.get("neighbourhood", ""),
        "status": status,
        "purpose": raw.get("purpose", ""),
        "audience": ";".join(audience),
        "sdg": ";".join(sdg),
        "start": start,
        "year": year,
        "cost": cost,
        **coords,
    }


def import_city(
    ctx: ServiceContext, principal: Principal | None, body: CityImportIn
) -> CityImportOut:
    """Replace the municipality's list (staff or admin) in one transaction, or change nothing."""
    p = require_role(principal, "staff", "admin")
    rows = parse_city_csv(body.data)
    now = ctx.now()
    with Session(ctx.engine) as session, session.begin():
        session.execute(delete(CityProject))
        session.execute(
            insert(CityProject),
            [{**r, "imported_by": p.username, "imported_at": now} for r in rows],
        )
        audit.record(
            session,
            at=now,
            username=p.username,
            election_id=None,
            action="city-projects-imported",
            detail=f"{len(rows)} projects",
        )
    return CityImportOut(len(rows))


__all__ = [
    "CITY_COLUMNS",
    "EXPORT_COLUMNS",
    "STAGES",
    "CityImportIn",
    "CityImportOut",
    "Filters",
    "MapProject",
    "csv_text",
    "geojson",
    "import_city",
    "map_projects",
    "parse_city_csv",
    "proposed_features",
    "safe_cell",
]
