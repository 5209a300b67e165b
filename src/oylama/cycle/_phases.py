"""The cycle's schedule: which phase an election is in at a moment, and its board payload.

Time is passed in (milliseconds since the epoch, UTC), never read here: the service's clock
decides, tests set it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final, Literal

import msgspec

from oylama.ballots import Election, Phase
from oylama.errors import InputError

#: What :func:`current_phase` answers. ``before``: earlier than every phase; ``between``: in a
#: gap between two phases (or after a closed last one).
PhaseName = Literal["before", "proposals", "review", "voting", "implementation", "between"]

#: The order of the cycle's phases.
PHASE_ORDER: Final[tuple[PhaseName, ...]] = ("proposals", "review", "voting", "implementation")


#: cycle §2: a time on the board; record §1: an account (1-64 printable ASCII, no space).
Time = Annotated[
    str, msgspec.Meta(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
]
Account = Annotated[str, msgspec.Meta(pattern=r"^[!-~]{1,64}$")]


class PhaseDates(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One phase's dates as board text: ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) or ``None``."""

    opens: Time | None
    closes: Time | None


class PhasePayload(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """``phase`` (cycle §3): the schedule in force from this entry on, and who set it.

    Appended when the election is created and whenever staff change a date, so the board
    says when residents could propose and when they could vote, and who moved it.
    """

    proposals: PhaseDates | None
    review: PhaseDates | None
    voting: PhaseDates | None
    implementation: PhaseDates | None
    by: Account


def _utc_text(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dates(opens: datetime | None, closes: datetime | None) -> PhaseDates | None:
    if opens is None and closes is None:
        return None
    return PhaseDates(opens=_utc_text(opens), closes=_utc_text(closes))


def _phase(phase: Phase | None) -> PhaseDates | None:
    return None if phase is None else _dates(phase.opens, phase.closes)


def phase_payload(election: Election, by: str) -> PhasePayload:
    """The ``phase`` payload of a (valid) definition's election, set by account ``by``."""
    return PhasePayload(
        proposals=_phase(election.proposals),
        review=_phase(election.review),
        voting=_dates(election.opens, election.closes),
        implementation=_phase(election.implementation),
        by=by,
    )


def phase_ms(text: str) -> int:
    """A schedule time (``YYYY-MM-DDTHH:MM:SSZ``) in milliseconds since the epoch."""
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _ms(text: str | None) -> int | None:
    return None if text is None else phase_ms(text)


def current_phase(schedule: PhasePayload, now: int) -> PhaseName:
    """The phase at ``now`` (ms). A phase holds from ``opens`` (inclusive) to ``closes``
    (exclusive); a missing ``opens`` means "from the end of the phase before" (the vote with
    no ``opens`` is open from the start) and a missing ``closes`` "until the next one opens"."""
    spans: list[tuple[PhaseName, int | None, int | None]] = []
    for name in PHASE_ORDER:
        dates: PhaseDates | None = getattr(schedule, name)
        if dates is not None:
            spans.append((name, _ms(dates.opens), _ms(dates.closes)))
    if not spans:
        return "between"
    for k, (name, opens, closes) in enumerate(spans):
        start = opens
        if start is None and k > 0:
            start = spans[k - 1][2]
        end = closes
        if end is None and k + 1 < len(spans):
            end = spans[k + 1][1]
        if (start is None or now >= start) and (end is None or now < end):
            return name
    first = spans[0][1]
    if first is not None and now < first:
        return "before"
    return "between"


def check_schedule(schedule: PhasePayload) -> None:
    """cycle §3's rules of one schedule, for a verifier of the board (the service only ever
    appends a valid definition's dates): each phase present has ``opens`` (``voting``: one of
    its dates) and, but for ``voting`` and ``implementation``, ``closes``, after ``opens``;
    each begins no earlier than the one before ends. :class:`InputError` names the fault."""
    previous: tuple[str, int] | None = None
    for name in PHASE_ORDER:
        dates: PhaseDates | None = getattr(schedule, name)
        if dates is None:
            continue
        try:
            opens = None if dates.opens is None else phase_ms(dates.opens)
            closes = None if dates.closes is None else phase_ms(dates.closes)
        except ValueError:
            raise InputError(f"phase: {name} has a date that is no moment") from None
        if opens is None and (name != "voting" or closes is None):
            raise InputError(f"phase: {name} has no opens")
        if closes is None and name in ("proposals", "review"):
            raise InputError(f"phase: {name} has no closes")
        if opens is not None and closes is not None and closes <= opens:
            raise InputError(f"phase: {name} closes before it opens")
        begin = opens if opens is not None else closes
        if previous is not None and begin is not None and begin < previous[1]:
            raise InputError(f"phase: {name} begins before {previous[0]} ends")
        until = closes if closes is not None else opens
        if until is not None:
            previous = (name, until)
