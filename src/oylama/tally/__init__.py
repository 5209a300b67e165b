"""Allocation rules and their fast, exact integer core.

Use :func:`allocate` with an :class:`Instance` (projects, costs, budget), a :class:`Profile`
(merged ballots) and :class:`Options`. Rules are looked up by name; :func:`rule_names` lists
them.
"""

from __future__ import annotations

from oylama.errors import AllocationError, InputError
from oylama.tally import _greedy, _knapsack, _mes, _quadratic  # noqa: F401  (register rules)
from oylama.tally._knapsack import MAX_CAPACITY as MAX_WELFARE_CAPACITY
from oylama.tally._knapsack import MAX_CELLS as MAX_WELFARE_CELLS
from oylama.tally._knapsack import welfare_capacity
from oylama.tally._model import (
    BALLOT_KINDS,
    BallotKind,
    Instance,
    IntArray,
    Options,
    Outcome,
    Profile,
    TieBreak,
    Utility,
)
from oylama.tally._registry import RULES
from oylama.tally._totals import TOTALS_RULES, TotalsKind, allocate_totals

__all__ = [
    "BALLOT_KINDS",
    "MAX_WELFARE_CAPACITY",
    "MAX_WELFARE_CELLS",
    "TOTALS_RULES",
    "AllocationError",
    "BallotKind",
    "Instance",
    "IntArray",
    "Options",
    "Outcome",
    "Profile",
    "TieBreak",
    "TotalsKind",
    "Utility",
    "allocate",
    "allocate_totals",
    "rule_names",
    "welfare_capacity",
]


def rule_names() -> list[str]:
    """Names of every registered rule, sorted."""
    return sorted(RULES)


def allocate(
    instance: Instance, profile: Profile, rule: str, options: Options | None = None
) -> Outcome:
    """Run the rule called ``rule``; raises :class:`InputError` for an unknown rule."""
    try:
        fn = RULES[rule]
    except KeyError:
        raise InputError(f"unknown rule {rule!r}; known rules: {', '.join(rule_names())}") from None
    if profile.num_projects != instance.num_projects:
        raise InputError("profile and instance disagree on the number of projects")
    return fn(instance, profile, options or Options())
