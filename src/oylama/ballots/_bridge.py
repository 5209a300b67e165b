"""A checked ballot as the other layers see it: the crypto ballot style, the tally instance and
options.

Money becomes integers exactly as in :mod:`oylama.pabulib`: units of ``1/scale``, ``scale`` the
smallest power of ten that makes the ballot's budget and every cost whole. So a definition and
the ballots' decrypted tallies can be exported as a ``.pb`` file and read back to the same
:class:`~oylama.tally.Instance`, and the knapsack costs the voter's proof uses are the very
integers the tally counts with.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

from oylama.ballots._model import Ballot
from oylama.crypto import BallotStyle, check_style
from oylama.pabulib import money_scale
from oylama.tally import Instance, Options, TieBreak, Utility


def scale(ballot: Ballot) -> int:
    """The money scale of ``ballot`` (units per currency unit)."""
    return money_scale([ballot.budget, *(p.cost for p in ballot.projects)])


def to_units(amount: Decimal, scale_: int) -> int:
    """``amount`` in units of ``1/scale_`` (exact; a checked ballot's amounts are whole)."""
    units = Fraction(amount) * scale_
    if units.denominator != 1:  # pragma: no cover - excluded by the scale's definition
        raise ValueError(f"{amount} is not a whole number of 1/{scale_}")
    return units.numerator


def to_tally_instance(ballot: Ballot) -> Instance:
    """Projects (in definition order), integer costs and budget, and the money scale."""
    k = scale(ballot)
    return Instance(
        project_ids=tuple(p.id for p in ballot.projects),
        costs=np.asarray([to_units(p.cost, k) for p in ballot.projects], dtype=np.int64),
        budget=to_units(ballot.budget, k),
        scale=k,
    )


def to_tally_options(ballot: Ballot) -> tuple[str, Options]:
    """The ballot's allocation rule and the :class:`~oylama.tally.Options` to run it with.

    Quadratic voting gets the ballot's credits and signedness (``extra``) so that the tally
    re-checks every decrypted ballot against them; quadratic funding's matching pool is the
    budget (the rule's default).
    """
    extra: dict[str, object] = {}
    if ballot.rule == "quadratic-voting":
        extra = {"credits": ballot.credits, "signed": bool(ballot.signed)}
    utility: Utility | None = None
    if ballot.utility == "cost":
        utility = "cost"
    elif ballot.utility == "cardinality":
        utility = "cardinality"
    elif ballot.utility == "points":
        utility = "points"
    return ballot.rule, Options(tie_break=TieBreak(ballot.tie_break), utility=utility, extra=extra)


def to_crypto_style(ballot: Ballot) -> BallotStyle:
    """The crypto-relevant projection of ``ballot`` (style id = ballot id), checked."""
    n = len(ballot.projects)
    if ballot.kind == "approval":
        style = BallotStyle(
            id=ballot.id,
            kind="approval",
            projects=n,
            min_count=ballot.min_count or 0,
            max_count=ballot.max_count,
        )
    elif ballot.kind == "knapsack":
        instance = to_tally_instance(ballot)
        style = BallotStyle(
            id=ballot.id,
            kind="knapsack",
            projects=n,
            costs=tuple(int(c) for c in instance.costs),
            budget=instance.budget,
            min_count=ballot.min_count or 0,
            max_count=ballot.max_count,
        )
    elif ballot.kind == "cumulative":
        style = BallotStyle(id=ballot.id, kind="cumulative", projects=n, points=ballot.points or 0)
    else:
        style = BallotStyle(
            id=ballot.id,
            kind="quadratic",
            projects=n,
            max_votes=ballot.max_votes or 0,
            signed=bool(ballot.signed),
            credits=ballot.credits or 0,
        )
    check_style(style)
    return style
