"""Implementation tracking: what became of the vote (docs/spec/cycle.md §5).

After publication, staff of the election record each funded project's status, dates and money
spent (``project-status``) and progress notes with photos (``progress-note``) on the
election's participation log; residents read the history on the project's page, the
election's implementation page and its Atom feed. There is no table of statuses: the log is
the record, and the current state is folded from it (a project without an entry is
``planned``), so a page can never say something the log does not.

Only funded projects (the published ``allocation`` entries) can be tracked, only once the
election is published (409 before), and only by its staff. Notes and reasons are plain text
(the pages insert them as text; the feed's XML serialiser escapes them). Photos are uploaded
like the console's (re-encoded, ``_photos``) into the election's photos, and are public once a
note names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final
from xml.etree import ElementTree as ET

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from oylama import ballots as ballot_defs
from oylama.board import EntryKind, decode_entry
from oylama.cycle import (
    INITIAL,
    MAX_NOTE,
    MAX_STATUS_REASON,
    ProgressNote,
    ProjectStatus,
    canonical_money,
    cycle_log_id,
    decode_cycle_payload,
    encode_cycle_payload,
    verify_note,
    verify_status,
)
from oylama.election import Allocation, decode_payload
from oylama.errors import InputError
from oylama.service import _audit as audit
from oylama.service._accounts import Principal
from oylama.service._authz import require_staff_of
from oylama.service._context import ServiceContext
from oylama.service._cycle import CycleLog
from oylama.service._definitions import stored_definition
from oylama.service._photos import PhotoError, reencode, store_photo
from oylama.service._problems import Conflict, NotFound, TooManyRequests, Unprocessable
from oylama.store import BoardEntry, Election, Photo

STATUS_KIND: Final = EntryKind.PROJECT_STATUS
NOTE_KIND: Final = EntryKind.PROGRESS_NOTE

#: Most tracking entries (statuses and notes) one election takes per hour: a stolen or
#: careless staff session cannot flood the log residents read.
MAX_PER_HOUR: Final = 600
HOUR_MS: Final = 3_600_000

ATOM_NS: Final = "http://www.w3.org/2005/Atom"


class StatusIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``POST …/implementation/status``: a funded project's new status (see ProjectStatus)."""

    ballot: str
    project: str
    status: str
    spent: str = "0"
    started: str | None = None
    finished: str | None = None
    reason: str | None = None


class NoteIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``POST …/implementation/notes``: a progress note; ``photos`` uploaded beforehand with
    ``POST …/implementation/photos``."""

    ballot: str
    project: str
    text: str
    photos: list[str] = []


class TrackEvent(msgspec.Struct, kw_only=True):
    """One entry of a project's history (``kind`` ``status`` or ``note``), from the log."""

    index: int
    at: int
    kind: str
    by: str
    status: str | None = None
    started: str | None = None
    finished: str | None = None
    spent: str | None = None
    reason: str | None = None
    text: str | None = None
    photos: list[str] = []


class TrackedProject(msgspec.Struct, kw_only=True):
    ballot: str
    project: str
    name: ballot_defs.Text
    cost: str
    district: str
    neighbourhood: str | None
    latitude: float | None
    longitude: float | None
    status: str
    started: str | None
    finished: str | None
    spent: str
    updated: int | None
    history: list[TrackEvent]


class ImplementationOut(msgspec.Struct, kw_only=True):
    """``GET /api/v1/elections/{id}/implementation``: every funded project, its state folded
    from the participation log and its history (oldest first)."""

    election: str
    title: ballot_defs.Text
    currency: str
    projects: list[TrackedProject]


def _money(amount: object) -> str:
    return canonical_money(str(amount))


def cycle_events(
    session: Session, eid: str, kinds: Iterable[EntryKind]
) -> list[tuple[int, int, EntryKind, bytes]]:
    """``(index, timestamp, kind, payload)`` of the participation log's entries of ``kinds``."""
    values = [k.value for k in kinds]
    rows = session.execute(
        select(BoardEntry.idx, BoardEntry.data)
        .where(BoardEntry.election_id == cycle_log_id(eid), BoardEntry.kind.in_(values))
        .order_by(BoardEntry.idx)
    )
    out = []
    for r in rows:
        entry = decode_entry(bytes(r.data))
        out.append((int(r.idx), entry.timestamp, entry.kind, entry.payload))
    return out


def funded(session: Session, eid: str) -> dict[str, list[str]]:
    """Each ballot's funded projects, from the election's own ``allocation`` entries."""
    rows = session.execute(
        select(BoardEntry.data)
        .where(BoardEntry.election_id == eid, BoardEntry.kind == EntryKind.ALLOCATION.value)
        .order_by(BoardEntry.idx)
    )
    out: dict[str, list[str]] = {}
    for r in rows:
        a = decode_payload(decode_entry(bytes(r.data)).payload, Allocation)
        out[a.style] = list(a.selected)
    return out


def fold(
    events: list[tuple[int, int, EntryKind, bytes]],
) -> dict[tuple[str, str], list[TrackEvent]]:
    """Each project's history, ``(ballot, project)`` -> its entries in log order."""
    history: dict[tuple[str, str], list[TrackEvent]] = {}
    for index, at, kind, payload in events:
        if kind == STATUS_KIND:
            s = decode_cycle_payload(payload, ProjectStatus)
            history.setdefault((s.ballot, s.project), []).append(
                TrackEvent(
                    index=index,
                    at=at,
                    kind="status",
                    by=s.by,
                    status=s.status,
                    started=s.started,
                    finished=s.finished,
                    spent=s.spent,
                    reason=s.reason,
                )
            )
        elif kind == NOTE_KIND:
            n = decode_cycle_payload(payload, ProgressNote)
            history.setdefault((n.ballot, n.project), []).append(
                TrackEvent(index=index, at=at, kind="note", by=n.by, text=n.text, photos=n.photos)
            )
    return history


def current_state(history: list[TrackEvent]) -> TrackEvent | None:
    """The last status entry of a project's history (``None``: still ``planned``)."""
    last = None
    for e in history:
        if e.kind == "status":
            last = e
    return last


class Tracking:
    """The tracking operations over the service context and the participation log."""

    def __init__(self, ctx: ServiceContext, cycle: CycleLog) -> None:
        self.ctx = ctx
        self.cycle = cycle

    # -- reads -----------------------------------------------------------------------------------

    def _published(self, session: Session, eid: str) -> Election:
        election = self.ctx.load(session, eid)
        if election.status != "published":
            raise Conflict(
                detail=f"election {eid!r} is {election.status}: implementation is tracked once "
                "the result is published"
            )
        return election

    def _in_phase(self, session: Session, election: Election) -> None:
        """A schedule with an implementation phase is kept (cycle §5): no entry before it
        opens. Without one, publication is the start."""
        schedule = self.cycle.schedule(session, election.id)
        if schedule is not None and schedule.implementation is not None:
            self.cycle.require_phase(session, election, "implementation")

    def _build(self, session: Session, election: Election) -> ImplementationOut:
        definition = stored_definition(election.definition)
        won = funded(session, election.id)
        history = fold(cycle_events(session, election.id, (STATUS_KIND, NOTE_KIND)))
        projects = []
        for b in definition.ballots:
            chosen = set(won.get(b.id, ()))
            for p in b.projects:
                if p.id not in chosen:
                    continue
                events = history.get((b.id, p.id), [])
                state = current_state(events)
                projects.append(
                    TrackedProject(
                        ballot=b.id,
                        project=p.id,
                        name=p.name,
                        cost=_money(p.cost),
                        district=b.district,
                        neighbourhood=p.neighbourhood,
                        latitude=p.latitude,
                        longitude=p.longitude,
                        status=INITIAL if state is None else str(state.status),
                        started=None if state is None else state.started,
                        finished=None if state is None else state.finished,
                        spent="0" if state is None else str(state.spent),
                        updated=events[-1].at if events else None,
                        history=events,
                    )
                )
        return ImplementationOut(
            election=election.id,
            title=definition.election.title,
            currency=definition.election.currency,
            projects=projects,
        )

    def implementation(self, eid: str) -> ImplementationOut:
        """Every funded project with its state and history (public; 409 before publication)."""
        with self.ctx.read() as session, session.begin():
            return self._build(session, self._published(session, eid))

    def published_elections(self) -> list[ImplementationOut]:
        """Every published (not test) election's implementation, for the city's feed."""
        with self.ctx.read() as session, session.begin():
            rows = session.scalars(
                select(Election)
                .where(Election.status == "published", Election.test.is_(False))
                .order_by(Election.created_at, Election.id)
            )
            return [self._build(session, e) for e in rows]

    # -- writes ----------------------------------------------------------------------------------

    def _check_project(
        self, session: Session, election: Election, ballot: str, project: str
    ) -> None:
        if project not in funded(session, election.id).get(ballot, []):
            definition = stored_definition(election.definition)
            known = any(
                b.id == ballot and p.id == project for b in definition.ballots for p in b.projects
            )
            if not known:
                raise NotFound(detail=f"no project {project!r} on ballot {ballot!r}")
            raise Conflict(
                detail=f"project {project!r} of ballot {ballot!r} was not funded: only funded "
                "projects are tracked"
            )

    def _throttle(self, session: Session, eid: str) -> None:
        since = self.ctx.now() - HOUR_MS
        recent = [e for e in cycle_events(session, eid, (STATUS_KIND, NOTE_KIND)) if e[1] >= since]
        if len(recent) >= MAX_PER_HOUR:
            raise TooManyRequests(
                detail=f"at most {MAX_PER_HOUR} tracking entries per election an hour",
                headers={"Retry-After": "600"},
            )

    def set_status(self, principal: Principal | None, eid: str, body: StatusIn) -> TrackedProject:
        """Append a ``project-status`` entry (staff of the election; published; funded)."""
        with self.cycle.writing(eid) as (session, election):
            p = require_staff_of(session, principal, eid)
            self._published(session, eid)
            self._in_phase(session, election)
            self._check_project(session, election, body.ballot, body.project)
            self._throttle(session, eid)
            history = fold(cycle_events(session, eid, (STATUS_KIND,))).get(
                (body.ballot, body.project), []
            )
            state = current_state(history)
            previous = INITIAL if state is None else str(state.status)
            try:
                spent = canonical_money(body.spent)
                entry = ProjectStatus(
                    ballot=body.ballot,
                    project=body.project,
                    status=body.status,  # type: ignore[arg-type]  # checked just below
                    started=body.started,
                    finished=body.finished,
                    spent=spent,
                    reason=None if body.reason is None else body.reason.strip() or None,
                    by=str(p.username),
                )
                verify_status(entry, previous)
            except InputError as exc:
                raise Unprocessable(detail=str(exc)) from None
            self.cycle.append(session, election, STATUS_KIND, encode_cycle_payload(entry))
            self.cycle.checkpoint(session, election)
            out = self._build(session, election)
        return _one(out, body.ballot, body.project)

    def add_note(self, principal: Principal | None, eid: str, body: NoteIn) -> TrackedProject:
        """Append a ``progress-note`` entry; its photos must be the election's."""
        with self.cycle.writing(eid) as (session, election):
            p = require_staff_of(session, principal, eid)
            self._published(session, eid)
            self._in_phase(session, election)
            self._check_project(session, election, body.ballot, body.project)
            self._throttle(session, eid)
            note = ProgressNote(
                ballot=body.ballot,
                project=body.project,
                text=body.text.strip(),
                photos=list(body.photos),
                by=str(p.username),
            )
            try:
                verify_note(note)
            except InputError as exc:
                raise Unprocessable(detail=str(exc)) from None
            for digest in note.photos:
                if session.get(Photo, (eid, digest)) is None:
                    raise Unprocessable(
                        detail=f"photos: no photo {digest[:16]!r} in election {eid!r} "
                        "(upload it first)"
                    )
            self.cycle.append(session, election, NOTE_KIND, encode_cycle_payload(note))
            self.cycle.checkpoint(session, election)
            out = self._build(session, election)
        return _one(out, body.ballot, body.project)

    def add_photo(self, principal: Principal | None, eid: str, data: bytes) -> Photo:
        """Store a progress photo (re-encoded like the console's; staff; published)."""
        with self.ctx.read() as session, session.begin():
            require_staff_of(session, principal, eid)
            self._published(session, eid)
        try:
            photo = reencode(data)  # outside any transaction: decoding takes time
        except PhotoError as exc:
            raise Unprocessable(detail=f"photo: {exc}") from None
        with self.ctx.writing(eid) as (session, _):
            p = require_staff_of(session, principal, eid)
            self._published(session, eid)
            if store_photo(session, eid, photo, by=str(p.username), at=self.ctx.now()):
                audit.record(
                    session,
                    at=self.ctx.now(),
                    username=p.username,
                    election_id=eid,
                    action="progress-photo-added",
                    detail=f"{photo.digest} ({photo.width}×{photo.height})",
                )
            row = session.get(Photo, (eid, photo.digest))
            assert row is not None
            session.expunge(row)
            return row

    # -- the Atom feed ---------------------------------------------------------------------------

    def feed(self, base: str, eid: str | None) -> bytes:
        """An Atom feed (RFC 4287) of the tracking entries of one election (``eid``) or of
        every published one, newest first. ``base``: the site's URL, for links and ids."""
        if eid is None:
            outs = self.published_elections()
            self_url = f"{base}/map.atom"
            title = "oylama — implementation"
            alt = f"{base}/map"
        else:
            outs = [self.implementation(eid)]
            self_url = f"{base}/elections/{eid}/implementation.atom"
            title = f"{outs[0].title.tr} — implementation"
            alt = f"{base}/elections/{eid}/implementation"
        return atom(base, outs, title=title, self_url=self_url, alt_url=alt)


def _one(out: ImplementationOut, ballot: str, project: str) -> TrackedProject:
    for p in out.projects:
        if p.ballot == ballot and p.project == project:
            return p
    raise NotFound(detail=f"no funded project {project!r} on ballot {ballot!r}")  # pragma: no cover


def _stamp(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def note_photos(session: Session, eid: str) -> frozenset[str]:
    """The photos named by the election's progress notes (public, like the definition's)."""
    return frozenset(
        d
        for _, _, _, payload in cycle_events(session, eid, (NOTE_KIND,))
        for d in decode_cycle_payload(payload, ProgressNote).photos
    )


def atom(
    base: str, outs: list[ImplementationOut], *, title: str, self_url: str, alt_url: str
) -> bytes:
    """The Atom document: one ``entry`` per tracking entry. Text goes in as element text and
    attribute values, which the serialiser escapes: a note can never become markup."""
    items = []
    for out in outs:
        for p in out.projects:
            page = f"{base}/elections/{out.election}/projects/{p.ballot}/{p.project}"
            for e in p.history:
                items.append((e.at, e.index, out, p, page, e))
    items.sort(key=lambda x: (x[0], x[1]), reverse=True)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = self_url
    updated = _stamp(items[0][0]) if items else "1970-01-01T00:00:00Z"
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = updated
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="alternate", href=alt_url)
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    ET.SubElement(author, f"{{{ATOM_NS}}}name").text = "oylama"
    for at, index, out, p, page, e in items[:200]:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        what = f"{e.status}" if e.kind == "status" else "note"
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = f"{p.name.tr}: {what}"
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = f"{page}#entry-{index}"
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = _stamp(at)
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", href=page)
        if e.kind == "status":
            parts = [f"{e.status}; spent {e.spent} {out.currency}"]
            if e.started:
                parts.append(f"started {e.started}")
            if e.finished:
                parts.append(f"finished {e.finished}")
            if e.reason:
                parts.append(f"reason: {e.reason}")
            body = "; ".join(parts)
        else:
            body = str(e.text)
        ET.SubElement(entry, f"{{{ATOM_NS}}}content", type="text").text = body
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(
        ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    )


__all__ = [
    "MAX_NOTE",
    "MAX_STATUS_REASON",
    "ImplementationOut",
    "NoteIn",
    "StatusIn",
    "TrackEvent",
    "TrackedProject",
    "Tracking",
    "atom",
    "current_state",
    "cycle_events",
    "fold",
    "funded",
    "note_photos",
]
