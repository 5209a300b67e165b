"""The limits within which max-welfare is always solved exactly, and the capacity that is
checked against them.

Apart from the solver (:mod:`oylama.tally._knapsack`, which imports HiGHS) so that ballot
definitions can be checked against them without importing it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

#: The packed DP's limits: capacity (budget in units of gcd(costs)) and projects x capacity.
MAX_CAPACITY: Final = 2**24
MAX_CELLS: Final = 2**30


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
