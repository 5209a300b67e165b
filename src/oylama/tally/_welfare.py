"""The limits within which max-welfare is always solved exactly, and the capacity that is
checked against them.

Two limits. The engine's packed DP (:mod:`oylama.tally._knapsack`) solves any instance with
``budget / gcd(costs) <= MAX_CAPACITY`` and ``projects × (that + 1) <= MAX_CELLS``. A ballot
definition of an encrypted election is held to far less, :data:`DEFINITION_CELLS`, because its
allocation must also be *re-derived by an independent auditor*, whose exact search keeps the
Pareto states of every suffix of the projects -- at most ``projects × (budget / g + 1)`` of them
(docs/audit.md R19: it keeps up to two million). Within it the engine's plain DP answers at
once.

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

#: What a max-welfare ballot of a definition may need: projects × (budget / gcd(costs) + 1).
DEFINITION_CELLS: Final = 1_000_000


def welfare_capacity(costs: Sequence[int], budget: int) -> int:
    """The columns of the DP over the budget, less one: ``budget // gcd`` of the positive
    costs within the budget (0 if there is none)."""
    g = 0
    for c in costs:
        if 0 < c <= budget:
            g = math.gcd(g, c)
    return budget // g if g else 0


def fits_packed_dp(projects: int, capacity: int) -> bool:
    """Whether the packed DP solves an instance of this size (always, within its limits)."""
    return capacity <= MAX_CAPACITY and projects * (capacity + 1) <= MAX_CELLS
