"""Allocation rules and their fast, exact integer core.

Use :func:`allocate` with an :class:`Instance` (projects, costs, budget), a :class:`Profile`
(merged ballots) and :class:`Options`. Rules are looked up by name; :func:`rule_names` lists
them.
"""

from __future__ import annotations

from oylama.errors import AllocationError, InputError
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
from oylama.tally._registry import HOMES
from oylama.tally._registry import rule as _rule
from oylama.tally._totals import TOTALS_RULES, TotalsKind, allocate_totals
from oylama.tally._welfare import DEFINITION_STATES as MAX_WELFARE_STATES
from oylama.tally._welfare import welfare_capacity, welfare_states

__all__ = [
    "BALLOT_KINDS",
    "MAX_WELFARE_STATES",
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
    "welfare_states",
]


def rule_names() -> list[str]:
    """Names of every rule, sorted (no rule is imported to list them)."""
    return sorted(HOMES)


def allocate(
    instance: Instance, profile: Profile, rule: str, options: Options | None = None
) -> Outcome:
    """Run the rule called ``rule``; raises :class:`InputError` for an unknown rule. The
    rule's module is imported the first time it runs."""
    if rule not in HOMES:
        raise InputError(f"unknown rule {rule!r}; known rules: {', '.join(rule_names())}")
    fn = _rule(rule)
    if profile.num_projects != instance.num_projects:
        raise InputError("profile and instance disagree on the number of projects")
    return fn(instance, profile, options or Options())
