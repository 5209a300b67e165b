"""The operations the staff console needs beyond the lifecycle (docs/spec/service.md §7).

They are API operations like the others -- the console is a client of the public API, and a
program can do everything it does: an account's elections, project photos, project imports
and exports, the turnout per district, the ballot preview, deleting a test election and the
audit log. Each checks the caller first (``_authz``: staff of the election change it;
observers and admins read), then the status, then the content, and records what it changes
in the audit log in the same transaction (``_audit``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final, Literal

import msgspec
import nacl.signing
from sqlalchemy import delete, distinct, func, select, union_all

from oylama import ballots as ballot_defs
from oylama.election import Manifest, manifest_from_definition
from oylama.errors import InputError
from oylama.service import _audit as audit
from oylama.service import _imports as imports
from oylama.service import _tracking as tracking
from oylama.service._accounts import Principal
from oylama.service._api import ElectionView
from oylama.service._authz import authenticated, is_staff_of, require_reader, require_staff_of
from oylama.service._context import ServiceContext
from oylama.service._definitions import stored_definition
from oylama.service._elections import Elections
from oylama.service._photos import PhotoError, StoredPhoto, reencode, store_photo
from oylama.service._problems import (
    BadRequest,
    Conflict,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
    Unprocessable,
)
from oylama.store import (
    Assembly,
    AssemblyItem,
    AssemblySlip,
    AssemblySlipUse,
    CastBallot,
    Credential,
    Election,
    ElectionStaff,
    PaperBallotRow,
    Partial,
    Photo,
    SpoilCount,
    SpoiledEntry,
    Trustee,
    TrusteeShare,
)

#: The preview manifest's stand-in trustee key (the Ed25519 key of the all-zero seed): a
#: preview only draws the ballot, it never encrypts one.
_PREVIEW_KEY: Final = bytes(nacl.signing.SigningKey(bytes(32)).verify_key)


class ConsoleElection(msgspec.Struct):
    """One election of ``GET /api/v1/console/elections``."""

    id: str
    title: str
    status: str
    test: bool
    owner: str
    staff: bool


class PhotoIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A photo upload: the file's bytes (base64) -- JSON like every request body."""

    data: bytes


class PhotoOut(msgspec.Struct):
    digest: str
    width: int
    height: int
    bytes: int
    url: str


class ImportIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A project import into ballot ``ballot``: ``format`` ``csv``, ``xlsx`` or
    ``pabulib``; ``data`` the file (base64); ``replace``: the file's projects replace the
    ballot's (default: they are added after them)."""

    ballot: str
    format: Literal["csv", "xlsx", "pabulib"]
    data: bytes
    replace: bool = False


class ImportOut(msgspec.Struct):
    imported: int
    projects: int
    election: ElectionView


class DistrictTurnout(msgspec.Struct):
    district: str
    eligible: int
    voted: int


class BallotTurnout(msgspec.Struct):
    ballot: str
    eligible: int
    voted: int


class TurnoutOut(msgspec.Struct):
    """Who has voted, never how: credentials that cast at least one ballot, per district and
    per ballot, against the credentials eligible (every figure is public on the board)."""

    status: str
    districts: list[DistrictTurnout]
    ballots: list[BallotTurnout]
    at: int


class PreviewOut(msgspec.Struct):
    """What the residents' page draws a ballot from: the manifest the definition would give
    (a stand-in trustee key) and the definition's JSON form."""

    status: str
    manifest: Manifest
    definition: ballot_defs.Definition


class Export(msgspec.Struct):
    name: str
    media_type: str
    text: str


class Console:
    """The console's operations over the service context and the lifecycle operations."""

    def __init__(
        self, ctx: ServiceContext, elections: Elections, forget: Callable[[str], None]
    ) -> None:
        self.ctx = ctx
        self.elections = elections
        self.forget = forget

    # -- the account's elections ---------------------------------------------------------------

    def elections_of(self, principal: Principal | None) -> list[ConsoleElection]:
        """Staff: the elections they are staff of; observers and admins: every election."""
        p = authenticated(principal)
        if p.role == "trustee":
            raise Forbidden(detail="a trustee token has no console")
        with self.ctx.read() as session, session.begin():
            mine = set(
                session.scalars(
                    select(ElectionStaff.election_id).where(ElectionStaff.username == p.username)
                )
            )
            rows = session.execute(
                select(
                    Election.id, Election.title, Election.status, Election.test, Election.owner
                ).order_by(Election.created_at, Election.id)
            )
            return [
                ConsoleElection(
                    str(r.id), str(r.title), str(r.status), bool(r.test), str(r.owner), r.id in mine
                )
                for r in rows
                if p.role in ("admin", "observer") or r.id in mine
            ]

    # -- photos ---------------------------------------------------------------------------------

    def add_photo(self, principal: Principal | None, eid: str, body: PhotoIn) -> PhotoOut:
        """Re-encode and store a photo (draft only: photos are frozen with the definition)."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft")
        try:
            photo = reencode(body.data)  # outside any transaction: decoding takes time
        except PhotoError as exc:
            raise Unprocessable(detail=f"photo: {exc}") from None
        with self.ctx.writing(eid) as (session, election):
            p = require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft")
            if store_photo(session, eid, photo, by=str(p.username), at=self.ctx.now()):
                audit.record(
                    session,
                    at=self.ctx.now(),
                    username=p.username,
                    election_id=eid,
                    action="photo-added",
                    detail=f"{photo.digest} ({photo.width}×{photo.height}, "
                    f"{len(photo.data)} bytes)",
                )
        return self._photo_out(eid, photo)

    def _photo_out(self, eid: str, photo: StoredPhoto | Photo) -> PhotoOut:
        return PhotoOut(
            digest=photo.digest,
            width=photo.width,
            height=photo.height,
            bytes=len(photo.data),
            url=f"/api/v1/elections/{eid}/photos/{photo.digest}",
        )

    def photos(self, principal: Principal | None, eid: str) -> list[PhotoOut]:
        with self.ctx.read() as session, session.begin():
            self.ctx.load(session, eid)
            require_reader(session, principal, eid)
            rows = session.scalars(
                select(Photo).where(Photo.election_id == eid).order_by(Photo.uploaded_at)
            )
            return [self._photo_out(eid, r) for r in rows]

    def photo(self, principal: Principal | None, eid: str, digest: str) -> tuple[bytes, bool]:
        """A stored photo's bytes and whether it is public: a photo of the frozen definition
        is (residents see it); any other only for the election's readers."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            row = session.get(Photo, (eid, digest))
            if row is None:
                raise NotFound(detail=f"no photo {digest[:16]!r} in election {eid!r}")
            public = election.status != "draft" and (
                digest in _named_photos(election.definition)
                or digest in tracking.note_photos(session, eid)
            )
            if not public:
                require_reader(session, principal, eid)
            return bytes(row.data), public

    def remove_photo(self, principal: Principal | None, eid: str, digest: str) -> None:
        with self.ctx.writing(eid) as (session, election):
            p = require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft")
            if session.get(Photo, (eid, digest)) is None:
                raise NotFound(detail=f"no photo {digest[:16]!r} in election {eid!r}")
            if digest in _named_photos(election.definition):
                raise Conflict(
                    detail="a project of the definition shows this photo; remove it from the "
                    "project first"
                )
            session.execute(delete(Photo).where(Photo.election_id == eid, Photo.digest == digest))
            audit.record(
                session,
                at=self.ctx.now(),
                username=p.username,
                election_id=eid,
                action="photo-removed",
                detail=digest,
            )

    # -- imports and exports --------------------------------------------------------------------

    def import_projects(self, principal: Principal | None, eid: str, body: ImportIn) -> ImportOut:
        """Add (or replace) a ballot's projects from a sheet or a Pabulib file; 422 naming
        every refused row and column, and nothing changed, unless all of them pass."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_staff_of(session, principal, eid)
            self.ctx.require_status(election, "draft")
            definition = ballot_defs.loads(election.definition, source="definition")
        if body.ballot not in {b.id for b in definition.ballots}:
            raise Unprocessable(detail=f"ballot: no ballot {body.ballot!r} in the definition")
        try:
            if body.format == "pabulib":
                try:
                    text = body.data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise imports.SheetError(
                        [imports.CellProblem(None, None, "not UTF-8 text")]
                    ) from None
                rows = imports.pabulib_rows(text)
            else:
                rows = imports.read_sheet(body.data, body.format)
            projects = imports.project_documents(rows)
        except imports.SheetError as exc:
            raise Invalid(
                f"import: {exc}",
                [
                    FieldError(field="", message=p.message, row=p.row, column=p.column)
                    for p in exc.problems
                ],
            ) from None
        doc, index, first = imports.with_projects(
            definition, body.ballot, projects, replace=body.replace
        )
        try:
            checked = ballot_defs.from_json(doc, source="import")
        except ballot_defs.DefinitionError as exc:
            errors = []
            for problem in exc.problems:
                cell = imports.cell_of(problem.path, index, first)
                errors.append(
                    FieldError(
                        field=problem.field,
                        message=problem.reason,
                        row=None if cell is None else cell[0],
                        column=None if cell is None else cell[1],
                    )
                )
            first_error = errors[0]
            where = (
                f"row {first_error.row}, {first_error.column}"
                if first_error.row is not None
                else first_error.field
            )
            raise Invalid(
                f"import: {where}: {first_error.message} ({len(errors)} problem(s))", errors
            ) from None
        view = self.elections.replace_definition(
            principal,
            eid,
            ballot_defs.dumps(checked),
            action="projects-imported",
            detail=f"{len(projects)} projects into {body.ballot} from {body.format}"
            + (" (replacing its projects)" if body.replace else ""),
        )
        return ImportOut(len(projects), len(checked.ballot(body.ballot).projects), view)

    def export(
        self, principal: Principal | None, eid: str, what: str, ballot: str | None
    ) -> Export:
        """The definition as TOML, or a ballot's projects as CSV or as a Pabulib file (with
        the scores and funded projects once published)."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_reader(session, principal, eid)
            text = election.definition
            status = election.status
        if what == "toml":
            return Export(f"{eid}.toml", "application/toml", text)
        definition = ballot_defs.loads(text, source="definition")
        try:
            b = definition.ballot(ballot or "")
        except KeyError:
            raise NotFound(detail=f"no ballot {ballot!r} in election {eid!r}") from None
        if what == "csv":
            return Export(f"{eid}-{b.id}.csv", "text/csv", imports.sheet_text(b))
        if what != "pabulib":
            raise BadRequest(detail=f"format: {what!r} is not toml, csv or pabulib")
        scores = selected = None
        if status == "published":
            for r in self.elections.result(eid):
                if r.style == b.id and r.scores:
                    scores, selected = r.scores, r.selected
        return Export(
            f"{eid}-{b.id}.pb",
            "text/plain",
            imports.pabulib_export(definition, b, scores=scores, selected=selected),
        )

    # -- turnout and preview --------------------------------------------------------------------

    def turnout(self, principal: Principal | None, eid: str) -> TurnoutOut:
        """Credentials that voted per district and per ballot (never a count of choices)."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_reader(session, principal, eid)
            definition = ballot_defs.loads(election.definition, source="definition")
            eligible = {
                str(r.district): int(r.n)
                for r in session.execute(
                    select(Credential.district, func.count().label("n"))
                    .where(Credential.election_id == eid)
                    .group_by(Credential.district)
                )
            }
            # online ballots and paper ballots (service §5.2) alike
            cast = union_all(
                select(CastBallot.credential, CastBallot.style).where(
                    CastBallot.election_id == eid
                ),
                select(PaperBallotRow.credential, PaperBallotRow.style).where(
                    PaperBallotRow.election_id == eid
                ),
            ).subquery()
            voters = (
                select(cast.c.credential, Credential.district, cast.c.style)
                .join(
                    Credential,
                    (Credential.election_id == eid) & (Credential.public_key == cast.c.credential),
                )
                .subquery()
            )
            by_district = {
                str(r.district): int(r.n)
                for r in session.execute(
                    select(
                        voters.c.district, func.count(distinct(voters.c.credential)).label("n")
                    ).group_by(voters.c.district)
                )
            }
            by_style = {
                str(r.style): int(r.n)
                for r in session.execute(
                    select(
                        voters.c.style, func.count(distinct(voters.c.credential)).label("n")
                    ).group_by(voters.c.style)
                )
            }
            everyone = sum(eligible.values())
            return TurnoutOut(
                status=election.status,
                districts=[
                    DistrictTurnout(d.id, eligible.get(d.id, 0), by_district.get(d.id, 0))
                    for d in definition.districts
                ],
                ballots=[
                    BallotTurnout(
                        b.id,
                        everyone if b.city_wide else eligible.get(b.district, 0),
                        by_style.get(b.id, 0),
                    )
                    for b in definition.ballots
                ],
                at=self.ctx.now(),
            )

    def preview(self, principal: Principal | None, eid: str) -> PreviewOut:
        """The ballots as residents will see them, for the election's readers, in any status
        (in draft the manifest is the one the definition would give)."""
        with self.ctx.read() as session, session.begin():
            election = self.ctx.load(session, eid)
            require_reader(session, principal, eid)
            definition = ballot_defs.loads(election.definition, source="definition")
            if election.manifest is not None:
                manifest = msgspec.json.decode(bytes(election.manifest), type=Manifest)
            else:
                try:
                    manifest = manifest_from_definition(
                        definition,
                        trustees=1,
                        threshold=1,
                        trustee_keys=[_PREVIEW_KEY],
                        origin=election.origin,
                    )
                except InputError as exc:
                    raise Unprocessable(detail=str(exc)) from None
            return PreviewOut(election.status, manifest, definition)

    # -- test elections --------------------------------------------------------------------------

    def delete_test(self, principal: Principal | None, eid: str) -> None:
        """Delete a test election: everything the service keeps of it. Its board rows stay
        (the board tables refuse deletion) but are served no more, and its id stays taken."""
        with self.ctx.writing(eid) as (session, election):
            p = authenticated(principal)
            if not (p.role == "admin" or is_staff_of(session, p, eid)):
                raise Forbidden(detail=f"only staff of election {eid!r} and admins")
            if not election.test:
                raise Conflict(
                    detail=f"election {eid!r} is not a test election: a real election is "
                    "never deleted"
                )
            for table in (
                AssemblySlipUse,
                AssemblySlip,
                AssemblyItem,
                Assembly,
                Photo,
                Partial,
                TrusteeShare,
                Trustee,
                SpoilCount,
                SpoiledEntry,
                CastBallot,
                Credential,
                ElectionStaff,
            ):
                session.execute(delete(table).where(table.election_id == eid))
            audit.record(
                session,
                at=self.ctx.now(),
                username=p.username,
                election_id=eid,
                action="test-election-deleted",
                detail=f"{election.title} ({election.status})",
            )
            session.delete(election)
        self.ctx.forget(eid)
        self.forget(eid)

    # -- audit -----------------------------------------------------------------------------------

    def audit(
        self, principal: Principal | None, eid: str | None, before: int | None
    ) -> list[audit.AuditOut]:
        """The audit log: all of it for admins; an election's for its readers."""
        p = authenticated(principal)
        with self.ctx.read() as session, session.begin():
            if eid is None:
                if p.role != "admin":
                    raise Forbidden(detail="the whole audit log is the admins'")
            elif p.role != "admin":
                self.ctx.load(session, eid)
                require_reader(session, p, eid)
            return audit.events(session, election_id=eid, before=before)


@functools.lru_cache(maxsize=64)
def _named_photos(definition_text: str) -> frozenset[str]:
    """The photos a definition's projects name. Cached by the text: every public photo request
    asks, and a frozen definition never changes, so it is parsed once, not per image."""
    try:
        d = stored_definition(definition_text)
    except InputError:  # pragma: no cover - a stored definition was checked
        return frozenset()
    return frozenset(digest for b in d.ballots for p in b.projects for digest in p.photos)
