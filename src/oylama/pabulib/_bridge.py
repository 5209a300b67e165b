"""From a published election to the tally core's integer model.

Money becomes integers in units of ``1/scale``, ``scale`` the smallest power of ten that
makes the budget and every cost whole (``1656699.67`` gives ``scale=100``); scaling every
amount by the same factor changes no rule's outcome, and :meth:`Instance.money` turns units
back into published amounts. Ballots are merged (see :mod:`oylama.pabulib._ballots`).

The reader has already decoded the ballots while checking them; it leaves them here, keyed
by the (immutable) votes and projects of the election it returns, so that ``to_tally`` does
not decode them a second time.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import numpy as np

from oylama.pabulib._ballots import BallotError, Ballots, decode_ballots
from oylama.pabulib._model import POINT_VOTE_TYPES, PabulibError, PbElection, PbProject, PbVotes
from oylama.tally import BallotKind, Instance, Profile

_Entry = tuple["weakref.ref[PbVotes]", tuple[PbProject, ...], str, Ballots]
_DECODED: dict[int, _Entry] = {}


def _forget(key: int, ref: weakref.ref[PbVotes]) -> None:
    entry = _DECODED.get(key)
    if entry is not None and entry[0] is ref:
        del _DECODED[key]


def remember_ballots(election: PbElection, ballots: Ballots) -> None:
    """Keep ``election``'s decoded ballots for :func:`to_tally` while its votes live."""
    key = id(election.votes)
    ref = weakref.ref(election.votes, lambda r: _forget(key, r))
    _DECODED[key] = (ref, election.projects, election.vote_type, ballots)


def ballots_of(election: PbElection) -> Ballots:
    """The merged ballots of ``election`` (decoded now unless the reader left them)."""
    vote_type = election.vote_type
    entry = _DECODED.get(id(election.votes))
    if (
        entry is not None
        and entry[0]() is election.votes
        and entry[1] is election.projects
        and entry[2] == vote_type
    ):
        return entry[3]
    votes = election.votes
    has_points = "points" in votes.header
    keep_points = vote_type in POINT_VOTE_TYPES
    if keep_points and not has_points:
        raise PabulibError(f"vote_type {vote_type} needs a 'points' column in VOTES")
    index = {p.project_id: j for j, p in enumerate(election.projects)}
    if len(index) != len(election.projects):
        raise PabulibError("duplicate project id")
    try:
        return decode_ballots(
            index,
            vote_type,
            votes.stored("vote"),
            votes.stored("points") if has_points else None,
            keep_points=keep_points,
        )
    except BallotError as exc:
        raise PabulibError(f"voter {votes.voter_ids[exc.row]!r}: {exc.reason}") from None


def money_scale(amounts: Iterable[Decimal]) -> int:
    """The smallest power of ten turning every amount into a whole number of units."""
    digits = 0
    for amount in amounts:
        # Trailing zeros are dropped by hand: Decimal.normalize() would round to the
        # context's 28 significant digits.
        _, ds, exponent = amount.as_tuple()
        if not isinstance(exponent, int):
            raise PabulibError(f"amount {amount} is not finite")
        n = len(ds)
        while n > 1 and ds[n - 1] == 0:
            n -= 1
            exponent += 1
        if n == 1 and ds[0] == 0:
            exponent = 0
        digits = max(digits, -exponent)
    scale: int = 10**digits
    return scale


def to_units(amount: Decimal, scale: int) -> int:
    """``amount`` in units of ``1/scale`` (exact; raises if it is not whole)."""
    units = Fraction(amount) * scale
    if units.denominator != 1:
        raise PabulibError(f"amount {amount} is not a whole number of 1/{scale}")
    return units.numerator


def to_tally(election: PbElection) -> tuple[Instance, Profile]:
    """``(Instance, Profile)`` of ``election``.

    The instance lists projects in PROJECTS order with integer costs and budget in units of
    ``1/scale``. The profile has kind ``vote_type`` and merges identical ballots (in order of
    first appearance); ballots carry points only for cumulative and scoring votes, and
    ordinal ballots keep their rank order (best first).
    """
    kind: BallotKind = election.vote_type  # type: ignore[assignment]  # checked: VOTE_TYPES
    budget = election.budget
    costs = [p.cost for p in election.projects]
    scale = money_scale([budget, *costs])
    instance = Instance(
        project_ids=election.project_ids,
        costs=np.asarray([to_units(c, scale) for c in costs], dtype=np.int64).reshape(-1),
        budget=to_units(budget, scale),
        scale=scale,
    )
    ballots = ballots_of(election)
    profile = Profile(
        kind=kind,
        num_projects=instance.num_projects,
        indptr=ballots.indptr,
        indices=ballots.indices,
        points=ballots.points,
        multiplicity=ballots.multiplicity,
    )
    return instance, profile
