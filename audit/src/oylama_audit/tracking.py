"""Implementation tracking on a participation log (docs/spec/cycle.md §5), checked from the
specification alone: no code is shared with ``oylama``.

:func:`check_tracking` takes the log's entries in order and the funded projects of the
election (its ``allocation`` entries) and returns one problem per invalid ``project-status``
or ``progress-note`` entry: a payload that is not exactly its canonical text, a project that
was not funded, an entry older than the publication, a status, date, amount, reason, text or
photo list outside §5, a change of status without the reason §5 requires.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from oylama_audit._board import VerifierKey, decode_entry, parse_verifier_key
from oylama_audit._credentials import decode_public_list
from oylama_audit._cycle import CYCLE_SUFFIX, CycleEntry, CycleLog, read_cycle_log
from oylama_audit._errors import AuditError
from oylama_audit._payloads import AllocationPayload, RecordFile
from oylama_audit._wire import Wire, decode_canonical

#: cycle §5: the statuses in their order; ``cancelled`` stands outside it.
ORDER = ("planned", "tendering", "in-progress", "done")
STATUSES = (*ORDER, "cancelled")
FINAL = ("done", "cancelled")

_SPENT = re.compile(r"^(0|[1-9][0-9]{0,17})(\.[0-9]{0,3}[1-9])?$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class StatusPayload(Wire):
    """cycle §5 ``project-status``, members in the table's order."""

    ballot: str
    project: str
    status: str
    started: str | None
    finished: str | None
    spent: str
    reason: str | None
    by: str


class NotePayload(Wire):
    """cycle §5 ``progress-note``."""

    ballot: str
    project: str
    text: str
    photos: list[str]
    by: str


#: What :func:`check_tracking` needs of an entry: its position, kind, time and payload.
TrackingEntry = CycleEntry


def _day(text: str | None, name: str) -> datetime.date | None:
    if text is None:
        return None
    if not _DAY.match(text):
        raise ValueError(f"{name} {text!r} is not YYYY-MM-DD")
    return datetime.date.fromisoformat(text)


def _plain(text: str, name: str, limit: int) -> None:
    if not text.strip() or len(text) > limit:
        raise ValueError(f"{name} must have 1 to {limit} characters")
    if _CONTROL.search(text):
        raise ValueError(f"{name} has a control character")


def _status(p: StatusPayload, before: str) -> None:
    if p.status not in STATUSES:
        raise ValueError(f"status {p.status!r} is not one of {', '.join(STATUSES)}")
    started = _day(p.started, "started")
    finished = _day(p.finished, "finished")
    if finished is not None and p.status not in FINAL:
        raise ValueError("finished is set on a project neither done nor cancelled")
    if started is not None and finished is not None and finished < started:
        raise ValueError("finished is before started")
    if not _SPENT.match(p.spent):
        raise ValueError(f"spent {p.spent!r} is not canonical decimal text")
    if p.reason is not None:
        _plain(p.reason, "reason", 1000)
    if p.status != before:
        backwards = (
            p.status in ORDER and before in ORDER and ORDER.index(p.status) < ORDER.index(before)
        )
        if (p.status == "cancelled" or before in FINAL or backwards) and p.reason is None:
            raise ValueError(f"{before} -> {p.status} without a reason")


def _note(p: NotePayload) -> None:
    _plain(p.text, "text", 4000)
    if len(p.photos) > 8 or len(set(p.photos)) != len(p.photos):
        raise ValueError("photos: at most 8, none twice")
    for d in p.photos:
        if not _DIGEST.match(d):
            raise ValueError(f"photo {d!r} is not a SHA-256 hex digest")


def check_tracking(
    entries: Sequence[TrackingEntry],
    funded: Mapping[str, Collection[str]],
    published_at: int | None,
) -> list[str]:
    """Every problem of the tracking entries among ``entries`` (in log order). ``funded``:
    ballot -> funded project ids; ``published_at``: the timestamp of the election's last
    ``allocation`` entry (``None``: not published, so any tracking entry is a problem)."""
    problems: list[str] = []
    status: dict[tuple[str, str], str] = {}
    for e in entries:
        if e.kind not in ("project-status", "progress-note"):
            continue
        where = f"entry {e.index} ({e.kind})"
        try:
            p: StatusPayload | NotePayload
            if e.kind == "project-status":
                p = decode_canonical(e.payload, StatusPayload, e.kind)
            else:
                p = decode_canonical(e.payload, NotePayload, e.kind)
        except AuditError as exc:
            problems.append(f"{where}: {exc}")
            continue
        if published_at is None or e.timestamp < published_at:
            problems.append(f"{where}: appended before the result was published")
            continue
        if p.project not in funded.get(p.ballot, ()):
            problems.append(f"{where}: project {p.project!r} of {p.ballot!r} was not funded")
            continue
        try:
            if isinstance(p, StatusPayload):
                key = (p.ballot, p.project)
                _status(p, status.get(key, "planned"))
                status[key] = p.status
            else:
                _note(p)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    return problems


def _record_file(data: bytes, what: str) -> RecordFile:
    if not data.endswith(b"\n"):
        raise AuditError(f"{what}: does not end in one line feed")
    return decode_canonical(data[:-1], RecordFile, what)


@dataclass(frozen=True)
class Allocations:
    """What the tracking checks read of an election record: its id, board key, the funded
    projects (ballot -> project ids) and when the last ``allocation`` entry was appended."""

    election_id: str
    key: VerifierKey
    funded: dict[str, list[str]]
    published_at: int | None


def read_allocations(election: bytes) -> Allocations:
    """The funded projects of an election record, read for tracking (cycle §5); the record
    itself is checked by ``oylama-audit verify``."""
    el = _record_file(election, "election record")
    allocations = [e for e in (decode_entry(r) for r in el.entries) if e.kind == "allocation"]
    funded: dict[str, list[str]] = {}
    for e in allocations:
        a = decode_canonical(e.payload, AllocationPayload, f"entry {e.index} (allocation)")
        funded[a.style] = list(a.selected)
    published_at = max((e.timestamp for e in allocations), default=None)
    return Allocations(el.election_id, parse_verifier_key(el.board_key), funded, published_at)


def read_credentials(election: bytes) -> dict[bytes, str]:
    """The public credential list an election record publishes (its ``credentials`` entries,
    record §2 item 4: the parts in order), as public key -> district, for checking who signed
    the participation log's proposals and supports (cycle §4). ``oylama-audit verify`` checks
    the list itself against the record."""
    el = _record_file(election, "election record")
    parts = [e.payload for e in (decode_entry(r) for r in el.entries) if e.kind == "credentials"]
    if not parts:
        return {}
    try:
        listed = decode_public_list(b"".join(parts), election_id=el.election_id)
    except AuditError as exc:
        raise AuditError(f"election record: credential list: {exc}") from None
    return {c.public_key: c.district for c in listed.credentials}


def check_same_election(log: CycleLog, election: Allocations) -> None:
    """cycle §1: the participation log is the election's (log id ``E/cycle``, the election's
    board key under its origin followed by ``/cycle``)."""
    if log.election_id != election.election_id:
        raise AuditError(
            f"participation record: log {log.election_id!r} is not election "
            f"{election.election_id!r}'s"
        )
    if (
        log.key.public_key != election.key.public_key
        or log.key.name != election.key.name + CYCLE_SUFFIX
    ):
        raise AuditError("participation record: not signed by the election's board key")


def check_tracking_records(election: bytes, cycle: bytes) -> list[str]:
    """Every problem of a participation record's tracking (cycle §5) against the election's
    record: the participation record's chain and checkpoints under the election's board key
    (origin ``<origin>/cycle``), then :func:`check_tracking` with the funded projects and the
    publication time of the election record's ``allocation`` entries. The election record
    itself is checked by ``oylama-audit verify``; here it is read for its allocations only."""
    try:
        el = read_allocations(election)
        log = read_cycle_log(cycle, election_id=el.election_id)
        check_same_election(log, el)
    except AuditError as exc:
        return [str(exc)]
    return check_tracking(log.entries, el.funded, el.published_at)


__all__ = [
    "Allocations",
    "NotePayload",
    "StatusPayload",
    "TrackingEntry",
    "check_same_election",
    "check_tracking",
    "check_tracking_records",
    "read_allocations",
]
