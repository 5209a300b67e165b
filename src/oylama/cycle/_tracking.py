"""Implementation tracking on the participation log (docs/spec/cycle.md §5).

After publication each funded project is followed to its end: ``project-status`` entries say
where it stands (planned, tendering, in progress, done, cancelled), its dates and the money
spent so far; ``progress-note`` entries carry what staff report, with photos named by digest.
A vote is only worth what is done with it, so what became of it is on an append-only log
residents and observers can check, not on a page the city can quietly edit.

The rules here are the specification's: the auditor checks the same ones from the text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

import msgspec

from oylama.cycle._log import decode_cycle_payload
from oylama.errors import InputError

#: The statuses, in their natural order (``cancelled`` stands outside it).
STATUSES: Final = ("planned", "tendering", "in-progress", "done", "cancelled")
Status = Literal["planned", "tendering", "in-progress", "done", "cancelled"]

#: The status of a funded project before any ``project-status`` entry.
INITIAL: Final = "planned"

#: Final statuses: leaving one is a reopening, which needs a reason.
FINAL: Final = ("done", "cancelled")

#: Longest reason and note text (characters), most photos of one note.
MAX_STATUS_REASON: Final = 1000
MAX_NOTE: Final = 4000
MAX_NOTE_PHOTOS: Final = 8

_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_MONEY = re.compile(r"^(0|[1-9][0-9]{0,17})(\.[0-9]{0,3}[1-9])?$")
_AMOUNT = re.compile(r"^[0-9]{1,40}(\.[0-9]{1,40})?$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: Control characters (but tab and line breaks), which no plain text needs and XML forbids.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _plain(value: str, name: str, limit: int) -> None:
    if not value.strip() or len(value) > limit:
        raise InputError(f"{name}: between 1 and {limit} characters")
    if _CONTROL.search(value):
        raise InputError(f"{name}: control characters are not allowed")


class ProjectStatus(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``project-status``: funded project ``project`` of ballot ``ballot`` is now ``status``;
    ``started``/``finished`` (``YYYY-MM-DD`` or null), ``spent`` (exact decimal text, the
    election's currency, canonical: no leading zeros, no trailing fractional zeros) and
    ``reason`` (required when cancelling, going back, or reopening a final status); ``by``
    is the staff account."""

    ballot: str
    project: str
    status: Status
    started: str | None
    finished: str | None
    spent: str
    reason: str | None
    by: str


class ProgressNote(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``progress-note``: staff's report on funded project ``project`` of ballot ``ballot``:
    plain ``text`` (never markup) and ``photos`` (SHA-256 hex digests of photos stored with the
    election, served at ``/api/v1/elections/{id}/photos/{digest}``); ``by`` wrote it."""

    ballot: str
    project: str
    text: str
    photos: list[str]
    by: str


def canonical_money(text: str) -> str:
    """``text`` as the canonical decimal text of a non-negative amount (``"1500.50"`` ->
    ``"1500.5"``); :class:`InputError` if it is not one (at most 4 decimals, 18 digits)."""
    if not isinstance(text, str) or _AMOUNT.match(text.strip()) is None:
        if isinstance(text, str) and text.strip().startswith("-"):
            raise InputError(f"{text!r} is not a non-negative amount")
        raise InputError(f"{text!r} is not an amount (digits with an optional '.')")
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise InputError(f"{text!r} is not an amount") from None
    out = format(amount.normalize(), "f") if amount != 0 else "0"
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    if _MONEY.match(out) is None:
        raise InputError(f"{text!r}: at most 18 digits before the point and 4 after it")
    return out


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    if _DAY.match(value) is None:
        raise InputError(f"{name}: {value!r} is not a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}: {value!r} is not a date") from None


def needs_reason(previous: str, status: str) -> bool:
    """Whether a change from ``previous`` to ``status`` must give a reason: cancelling,
    reopening a final status, or going back in the order planned → tendering → in progress →
    done. Staying in a status (new dates or money spent) needs none."""
    if status == previous:
        return False
    if status == "cancelled" or previous in FINAL:
        return True
    return STATUSES.index(status) < STATUSES.index(previous)


def verify_status(entry: ProjectStatus, previous: str) -> None:
    """Raise :class:`InputError` unless ``entry`` is a valid change from ``previous`` (the
    project's status before it; :data:`INITIAL` when it has none)."""
    if entry.status not in STATUSES:
        raise InputError(f"status: {entry.status!r} is not one of {', '.join(STATUSES)}")
    started = _day(entry.started, "started")
    finished = _day(entry.finished, "finished")
    if finished is not None and entry.status not in FINAL:
        raise InputError("finished: only a done or cancelled project has an end date")
    if started is not None and finished is not None and finished < started:
        raise InputError(f"finished: {entry.finished} is before started {entry.started}")
    if canonical_money(entry.spent) != entry.spent:
        raise InputError(f"spent: {entry.spent!r} is not canonical decimal text")
    reason = entry.reason
    if reason is not None:
        _plain(reason, "reason", MAX_STATUS_REASON)
    if needs_reason(previous, entry.status) and reason is None:
        if entry.status == "cancelled":
            raise InputError("reason: a cancelled project needs the reason why")
        raise InputError(
            f"reason: going from {previous} back to {entry.status} needs the reason why"
        )


def verify_note(note: ProgressNote) -> None:
    """Raise :class:`InputError` unless ``note`` has 1..:data:`MAX_NOTE` characters of text and
    at most :data:`MAX_NOTE_PHOTOS` distinct photo digests."""
    _plain(note.text, "text", MAX_NOTE)
    if len(note.photos) > MAX_NOTE_PHOTOS:
        raise InputError(f"photos: at most {MAX_NOTE_PHOTOS} photos")
    if len(set(note.photos)) != len(note.photos):
        raise InputError("photos: a photo is named twice")
    for digest in note.photos:
        if _DIGEST.match(digest) is None:
            raise InputError(f"photos: {digest!r} is not a SHA-256 hex digest")


def verify_tracking(
    entries: Iterable[tuple[str, bytes]], funded: Mapping[str, Collection[str]]
) -> None:
    """Check a participation log's tracking entries in log order (cycle §5): ``entries`` are
    ``(kind, payload)`` pairs (other kinds are skipped), ``funded`` each ballot's funded
    projects from the election's ``allocation`` entries. Raise :class:`InputError` naming the
    first invalid entry (its position among ``entries``)."""
    status: dict[tuple[str, str], str] = {}
    for k, (kind, payload) in enumerate(entries):
        if kind not in ("project-status", "progress-note"):
            continue
        try:
            entry: ProjectStatus | ProgressNote
            if kind == "project-status":
                entry = decode_cycle_payload(payload, ProjectStatus)
            else:
                entry = decode_cycle_payload(payload, ProgressNote)
            if entry.project not in funded.get(entry.ballot, ()):
                raise InputError(f"project {entry.project!r} of {entry.ballot!r} was not funded")
            key = (entry.ballot, entry.project)
            if isinstance(entry, ProjectStatus):
                verify_status(entry, status.get(key, INITIAL))
                status[key] = entry.status
            else:
                verify_note(entry)
        except InputError as exc:
            raise InputError(f"entry {k} ({kind}): {exc}") from None


__all__ = [
    "FINAL",
    "INITIAL",
    "MAX_NOTE",
    "MAX_NOTE_PHOTOS",
    "MAX_STATUS_REASON",
    "STATUSES",
    "ProgressNote",
    "ProjectStatus",
    "Status",
    "canonical_money",
    "needs_reason",
    "verify_note",
    "verify_status",
    "verify_tracking",
]
