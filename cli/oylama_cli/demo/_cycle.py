"""The demo's cycle: one Karşıyaka election from residents' proposals to the vote.

A participatory budget's phases last weeks; the demo lives a few minutes. So the election
starts in its proposals phase (opened an hour ago, closing in a week), and staff end each
phase early by changing its date in the draft's definition -- what a municipality does when
it closes the proposals on a Friday instead of the planned Monday. Each change is a ``phase``
entry on the election's participation log (docs/spec/cycle.md §3), signed like the vote.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from oylama import ballots
from oylama.client import ServiceClient

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


def whole(moment: datetime) -> datetime:
    """``moment`` without its fraction of a second (a manifest's times are whole seconds)."""
    return moment.replace(microsecond=0)


def with_phases(
    text: str,
    *,
    proposals: tuple[datetime, datetime] | None,
    review: tuple[datetime, datetime] | None,
    voting: tuple[datetime, datetime],
    implementation: datetime | None,
) -> str:
    """``text`` (a definition) with the cycle's phases set to these dates."""
    d = ballots.loads(text)
    election = msgspec.structs.replace(
        d.election,
        proposals=None
        if proposals is None
        else ballots.Phase(opens=proposals[0], closes=proposals[1]),
        review=None if review is None else ballots.Phase(opens=review[0], closes=review[1]),
        opens=voting[0],
        closes=voting[1],
        implementation=None if implementation is None else ballots.Phase(opens=implementation),
    )
    return ballots.dumps(msgspec.structs.replace(d, election=election))


def in_proposals(text: str, now: datetime) -> str:
    """The cycle planned from ``now``: proposals for a week (from an hour ago), review for a
    week, the vote for a month, then implementation."""
    now = whole(now)
    return with_phases(
        text,
        proposals=(now - timedelta(hours=1), now + 7 * DAY),
        review=(now + 7 * DAY, now + 14 * DAY),
        voting=(now + 14 * DAY, now + 44 * DAY),
        implementation=now + 44 * DAY,
    )


def current_definition(staff: ServiceClient, election_id: str) -> str:
    """The draft's definition as the service holds it (accepted proposals included)."""
    return staff.request("GET", f"/elections/{election_id}/export?format=toml").text


def to_review(staff: ServiceClient, election_id: str, now: datetime) -> str:
    """Staff close the proposals now; the review runs a week, then the vote as planned.
    (A second early, so that :func:`to_voting` a moment later still closes the review after
    it opened.)"""
    now = whole(now) - SECOND
    d = ballots.loads(current_definition(staff, election_id))
    assert d.election.proposals is not None
    text = with_phases(
        current_definition(staff, election_id),
        proposals=(d.election.proposals.opens, now),
        review=(now, now + 7 * DAY),
        voting=(now + 7 * DAY, now + 37 * DAY),
        implementation=now + 37 * DAY,
    )
    staff.replace_definition(election_id, text)
    return text


def to_voting(staff: ServiceClient, election_id: str, now: datetime) -> str:
    """Staff close the review now and the vote opens: a month of voting, then
    implementation (which the publication of the result starts at once, cycle §3)."""
    now = whole(now)
    text = current_definition(staff, election_id)
    d = ballots.loads(text)
    proposals = d.election.proposals
    review = d.election.review
    text = with_phases(
        text,
        proposals=None if proposals is None else (proposals.opens, proposals.closes or now),
        review=None if review is None else (review.opens, now),
        voting=(now, now + 30 * DAY),
        implementation=now + 30 * DAY,
    )
    staff.replace_definition(election_id, text)
    return text
