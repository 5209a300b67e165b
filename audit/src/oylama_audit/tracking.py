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

from oylama_audit._board import (
    check_link,
    decode_entry,
    leaf_hash,
    parse_verifier_key,
    tree_hash,
    verify_note,
)
from oylama_audit._errors import AuditError
from oylama_audit._payloads import AllocationPayload, RecordFile
from oylama_audit._wire import Wire, decode_canonical

#: cycle §1: the participation record's format and log id suffix.
CYCLE_FORMAT = "oylama-cycle/v1"
CYCLE_SUFFIX = "/cycle"

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


@dataclass(frozen=True)
class TrackingEntry:
    """What :func:`check_tracking` needs of an entry: its position, kind, time and payload."""

    index: int
    kind: str
    timestamp: int
    payload: bytes


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


def _verified_entries(record: RecordFile, what: str) -> list[TrackingEntry]:
    """The chain (board §4) and every checkpoint (board §6) of a record file, under its own
    key; the entries once they verify."""
    key = parse_verifier_key(record.board_key)
    raws = list(record.entries)
    entries = [decode_entry(r) for r in raws]
    hashes = [leaf_hash(r) for r in raws]
    for j, e in enumerate(entries):
        if e.election_id != record.election_id:
            raise AuditError(f"{what}: entry {j} belongs to {e.election_id!r}")
        check_link(entries, hashes, j)
    if not record.checkpoints:
        raise AuditError(f"{what}: no checkpoint")
    size = 0
    for note in record.checkpoints:
        cp = verify_note(note, key)
        if cp.origin != key.name or not size <= cp.size <= len(entries):
            raise AuditError(f"{what}: checkpoint of {cp.origin!r} at size {cp.size}")
        if cp.root != tree_hash(hashes[: cp.size]):
            raise AuditError(f"{what}: checkpoint at size {cp.size} has another root")
        size = cp.size
    if size != len(entries):
        raise AuditError(f"{what}: the last checkpoint is not of the whole log")
    return [TrackingEntry(e.index, e.kind, e.timestamp, e.payload) for e in entries]


def check_tracking_records(election: bytes, cycle: bytes) -> list[str]:
    """Every problem of a participation record's tracking (cycle §5) against the election's
    record: the participation record's chain and checkpoints under the election's board key
    (origin ``<origin>/cycle``), then :func:`check_tracking` with the funded projects and the
    publication time of the election record's ``allocation`` entries. The election record
    itself is checked by ``oylama-audit verify``; here it is read for its allocations only."""
    try:
        el = _record_file(election, "election record")
        el_key = parse_verifier_key(el.board_key)
        allocations = [e for e in (decode_entry(r) for r in el.entries) if e.kind == "allocation"]
        funded: dict[str, list[str]] = {}
        for e in allocations:
            a = decode_canonical(e.payload, AllocationPayload, f"entry {e.index} (allocation)")
            funded[a.style] = list(a.selected)
        published_at = max((e.timestamp for e in allocations), default=None)
        cy = _record_file(cycle, "participation record")
        if cy.format != CYCLE_FORMAT:
            raise AuditError(f"participation record: format {cy.format!r}")
        if cy.election_id != el.election_id + CYCLE_SUFFIX:
            raise AuditError(
                f"participation record: log {cy.election_id!r} is not election {el.election_id!r}'s"
            )
        key = parse_verifier_key(cy.board_key)
        if key.public_key != el_key.public_key or key.name != el_key.name + CYCLE_SUFFIX:
            raise AuditError("participation record: not signed by the election's board key")
        entries = _verified_entries(cy, "participation record")
    except AuditError as exc:
        return [str(exc)]
    return check_tracking(entries, funded, published_at)


__all__ = [
    "NotePayload",
    "StatusPayload",
    "TrackingEntry",
    "check_tracking",
    "check_tracking_records",
]
