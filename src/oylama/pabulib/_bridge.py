"""From a published election to the tally core's integer model.

Money becomes integers in units of ``1/scale``, ``scale`` the smallest power of ten that
makes the budget and every cost whole (``1656699.67`` gives ``scale=100``); scaling every
amount by the same factor changes no rule's outcome, and :meth:`Instance.money` turns units
back into published amounts. Ballots are merged (see :mod:`oylama.pabulib._ballots`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from itertools import chain

import numpy as np

from oylama.pabulib._ballots import BallotError, merge_ballots
from oylama.pabulib._model import POINT_VOTE_TYPES, VOTE_TYPES, PabulibError, PbElection
from oylama.tally import BallotKind, Instance, Profile


def money_scale(amounts: Iterable[Decimal]) -> int:
    """The smallest power of ten turning every amount into a whole number of units."""
    digits = 0
    for amount in amounts:
        exponent = amount.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            digits = max(digits, -exponent)
        elif not isinstance(exponent, int):
            raise PabulibError(f"amount {amount} is not finite")
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
    ``1/scale``. The profile has kind ``vote_type`` and merges identical ballots; ballots
    carry points only for cumulative and scoring votes, and ordinal ballots keep their rank
    order (best first).
    """
    vote_type = election.vote_type
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"unknown vote_type {vote_type!r}")
    kind: BallotKind = vote_type  # type: ignore[assignment]
    budget = election.budget
    costs = [p.cost for p in election.projects]
    scale = money_scale([budget, *costs])
    instance = Instance(
        project_ids=election.project_ids,
        costs=np.asarray([to_units(c, scale) for c in costs], dtype=np.int64).reshape(-1),
        budget=to_units(budget, scale),
        scale=scale,
    )
    votes = election.votes
    keep_points = vote_type in POINT_VOTE_TYPES
    has_points = "points" in votes.header
    if keep_points and not has_points:
        raise PabulibError(f"vote_type {vote_type} needs a 'points' column in VOTES")
    index = {pid: j for j, pid in enumerate(instance.project_ids)}
    try:
        merged = merge_ballots(
            index,
            vote_type,
            votes.column("vote"),
            votes.column("points") if has_points else None,
            keep_points=keep_points,
        )
    except BallotError as exc:
        raise PabulibError(f"voter {votes.voter_ids[exc.row]!r}: {exc.reason}") from None
    lengths = np.fromiter((len(b[0]) for b in merged), dtype=np.int64, count=len(merged))
    indptr = np.zeros(len(merged) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    total = int(indptr[-1])
    indices = np.fromiter(chain.from_iterable(b[0] for b in merged), dtype=np.int64, count=total)
    points = None
    if keep_points:
        points = np.fromiter(
            chain.from_iterable(b[1] or () for b in merged), dtype=np.int64, count=total
        )
    multiplicity = np.fromiter(merged.values(), dtype=np.int64, count=len(merged))
    profile = Profile(
        kind=kind,
        num_projects=instance.num_projects,
        indptr=indptr,
        indices=indices,
        points=points,
        multiplicity=multiplicity,
    )
    return instance, profile
