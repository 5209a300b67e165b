"""The schedule on a participation log (docs/spec/cycle.md §3), checked from the spec alone.

Entry 0 of the log is a ``phase`` entry (§1) and every ``phase`` entry is a whole schedule:
each phase present has its dates in the §2 form and in the order proposals, review, voting,
implementation, and ``by`` names an account (record §1), so the board says who moved a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from oylama_audit._cycle import CycleEntry
from oylama_audit._errors import RecordError
from oylama_audit._wire import Wire, decode_canonical

_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_ACCOUNT = re.compile(r"[\x21-\x7e]{1,64}")
ORDER = ("proposals", "review", "voting", "implementation")


class Dates(Wire):
    opens: str | None
    closes: str | None


class PhasePayload(Wire):
    """cycle §3 ``phase``, members in this order."""

    proposals: Dates | None
    review: Dates | None
    voting: Dates | None
    implementation: Dates | None
    by: str


def is_account(name: str) -> bool:
    """record §1: 1 to 64 printable ASCII characters other than space."""
    return _ACCOUNT.fullmatch(name) is not None


def _time(text: str | None, where: str) -> datetime | None:
    if text is None:
        return None
    if not _TIME.fullmatch(text):
        raise RecordError(f"{where}: {text[:40]!r} is not YYYY-MM-DDTHH:MM:SSZ")
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise RecordError(f"{where}: {text!r} is no such moment") from None


def check_schedule(p: PhasePayload, where: str) -> None:
    """One schedule (§3): ``by`` an account; each phase present with ``opens`` (``voting``:
    ``opens`` or ``closes``) and, but for ``voting`` and ``implementation``, ``closes``,
    closing after it opens; each beginning no earlier than the one before ends."""
    if not is_account(p.by):
        raise RecordError(f"{where}: by {p.by[:70]!r} is not an account")
    previous: tuple[str, datetime] | None = None
    for name in ORDER:
        d: Dates | None = getattr(p, name)
        if d is None:
            continue
        opens = _time(d.opens, f"{where} {name}.opens")
        closes = _time(d.closes, f"{where} {name}.closes")
        if name == "voting":
            if opens is None and closes is None:
                raise RecordError(f"{where}: voting without dates (null, not an empty span)")
        elif opens is None:
            raise RecordError(f"{where}: the {name} phase has no opens")
        if name in ("proposals", "review") and closes is None:
            raise RecordError(f"{where}: the {name} phase has no closes")
        if opens is not None and closes is not None and closes <= opens:
            raise RecordError(f"{where}: the {name} phase closes before it opens")
        begin = opens if opens is not None else closes
        if previous is not None and begin is not None and begin < previous[1]:
            raise RecordError(f"{where}: {name} begins before {previous[0]} ends")
        until = closes if closes is not None else opens
        if until is not None:
            previous = (name, until)


def check_phases(entries: Sequence[CycleEntry]) -> int:
    """Every ``phase`` entry of a participation log (§1: entry 0 is one; §3: each a valid
    schedule); the number of schedules. Raises :class:`RecordError` at the first fault."""
    if not entries or entries[0].kind != "phase":
        raise RecordError("entry 0 is not the schedule (phase)")
    count = 0
    for e in entries:
        if e.kind == "phase":
            where = f"entry {e.index} (phase)"
            check_schedule(decode_canonical(e.payload, PhasePayload, where), where)
            count += 1
    return count
