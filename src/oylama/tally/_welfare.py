"""The limits within which max-welfare is always solved exactly, and the capacity that is
checked against them.

Two limits. The engine's packed DP (:mod:`oylama.tally._knapsack`) solves any instance with
``budget / gcd(costs) <= MAX_CAPACITY`` and ``projects × (that + 1) <= MAX_CELLS``. A ballot
definition of an encrypted election is held to :data:`DEFINITION_STATES`, because its
allocation must also be *re-derived by an independent auditor*, whose exact search keeps the
Pareto frontier of every suffix of the projects (docs/audit.md R19: up to two million states).
The frontier of ``k`` projects holds at most ``2^k`` sets and at most ``budget / g + 1`` costs
(multiples of ``g``, the costs' gcd), so all of them hold at most :func:`welfare_states`. The
engine's Pareto DP is bounded by the same count.

Apart from the solver (which imports HiGHS) so that ballot definitions can be checked against
them without importing it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

#: The packed DP's limits: capacity (budget in units of gcd(costs)) and projects x capacity.
MAX_CAPACITY: Final = 2**24
MAX_CELLS: Final = 2**30

#: The most Pareto states (:func:`welfare_states`) a max-welfare ballot of a definition may need.
DEFINITION_STATES: Final = 1_000_000


def welfare_capacity(costs: Sequence[int], budget: int) -> int:
    """The columns of the DP over the budget, less one: ``budget // gcd`` of the positive
    costs within the budget (0 if there is none)."""
    g = 0
    for c in costs:
        if 0 < c <= budget:
            g = math.gcd(g, c)
    return budget // g if g else 0


def welfare_states(projects: int, capacity: int) -> int:
    """The most Pareto states an exact search over every suffix of ``projects`` projects can
    keep: ``Σ_{k=1..projects} min(2^k, capacity + 1)``."""
    total = 0
    for k in range(1, projects + 1):
        if k > 62 or (1 << k) > capacity + 1:
            return total + (projects - k + 1) * (capacity + 1)
        total += 1 << k
    return total


def fits_packed_dp(projects: int, capacity: int) -> bool:
    """Whether the packed DP solves an instance of this size (always, within its limits)."""
    return capacity <= MAX_CAPACITY and projects * (capacity + 1) <= MAX_CELLS
