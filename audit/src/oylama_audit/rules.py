"""Reference allocation rules that count from per-project totals (docs/rules, record.md §2.12).

Written to be read: every comparison that decides an outcome is exact (integers and
``fractions.Fraction``), and each function follows its rule's page step by step.

* ``kind`` says what the totals are: ``approval`` (voters selecting each project: approval and
  knapsack ballots), ``cumulative`` (points) or ``quadratic`` (net votes, may be negative).
* ``tie_break``: ``file-order`` (project order) or ``pabutools`` (ids compared as text); the
  lower rank wins a tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from oylama_audit._errors import NotFromTotalsError

RULES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "greedy-custom",
    "max-welfare",
    "quadratic-voting",
)


@dataclass(frozen=True)
class Allocation:
    selected: list[str]  # in the order the rule chose them
    total_cost: int  # money units
    notes: dict[str, object] = field(default_factory=dict)


def ranks(ids: Sequence[str], tie_break: str) -> list[int]:
    """Tie-break rank of each project (lower wins)."""
    if tie_break == "file-order":
        return list(range(len(ids)))
    if tie_break == "pabutools":
        order = sorted(range(len(ids)), key=lambda j: ids[j])
        rank = [0] * len(ids)
        for r, j in enumerate(order):
            rank[j] = r
        return rank
    raise NotFromTotalsError(f"unknown tie-break {tie_break!r}")


def _greedy_order(
    scores: Sequence[int], costs: Sequence[int], rank: Sequence[int], kind: str, utility: str | None
) -> list[int]:
    """The ranking of docs/rules/greedy.md "The ranking", best first."""
    if utility in (None, "cost"):
        # Unset: the Pabulib score. "cost": the number of voters naming the project.
        if utility == "cost" and kind != "approval":
            raise NotFromTotalsError("greedy with utility 'cost' counts voters, not points")
        return sorted(range(len(scores)), key=lambda j: (-scores[j], rank[j]))
    if utility == "cardinality" and kind != "approval":
        raise NotFromTotalsError("greedy with utility 'cardinality' counts voters, not points")
    if utility not in ("cardinality", "points"):
        raise NotFromTotalsError(f"unknown utility {utility!r}")

    def key(j: int) -> tuple[int, Fraction, int]:
        # Density numerator / cost, exactly; a free project with a positive numerator first,
        # one with a zero numerator last.
        if costs[j] == 0:
            return (0 if scores[j] > 0 else 2, Fraction(0), rank[j])
        return (1, -Fraction(scores[j], costs[j]), rank[j])

    return sorted(range(len(scores)), key=key)


def greedy(
    ids: Sequence[str],
    costs: Sequence[int],
    budget: int,
    scores: Sequence[int],
    *,
    rule: str = "greedy",
    kind: str = "approval",
    utility: str | None = None,
    tie_break: str = "file-order",
    threshold: int | None = None,
    top_up_percent: int = 80,
) -> Allocation:
    """The greedy family (docs/rules/greedy.md "The walk")."""
    if rule not in ("greedy", "greedy-no-skip", "greedy-threshold", "greedy-custom"):
        raise NotFromTotalsError(f"not a greedy rule: {rule!r}")
    if rule == "greedy-threshold" and threshold is None:
        raise NotFromTotalsError("greedy-threshold needs a threshold")
    order = _greedy_order(scores, costs, ranks(ids, tie_break), kind, utility)
    left = budget
    selected: list[str] = []
    notes: dict[str, object] = {}
    for j in order:
        if threshold is not None and scores[j] < threshold:
            continue  # not eligible; passed over even by the no-skip variants
        if costs[j] <= left:
            selected.append(ids[j])
            left -= costs[j]
            continue
        if rule in ("greedy", "greedy-threshold"):
            continue
        notes["stopped_at"] = ids[j]
        if rule == "greedy-custom" and 100 * left >= top_up_percent * costs[j]:
            notes["top_up"] = ids[j]  # funded from reserve funds: not in `selected`
        break
    return Allocation(selected, budget - left, notes)


def quadratic_voting(
    ids: Sequence[str],
    costs: Sequence[int],
    budget: int,
    scores: Sequence[int],
    *,
    tie_break: str = "file-order",
) -> Allocation:
    """docs/rules/quadratic.md: by net votes, skip-greedy, only positive scores funded."""
    rank = ranks(ids, tie_break)
    left = budget
    selected: list[str] = []
    for j in sorted(range(len(ids)), key=lambda j: (-scores[j], rank[j])):
        if scores[j] > 0 and costs[j] <= left:
            selected.append(ids[j])
            left -= costs[j]
    return Allocation(selected, budget - left)


class TooLargeError(NotFromTotalsError):
    """The exact search would exceed its state limit (only a guard for tests and huge inputs)."""


def max_welfare(
    ids: Sequence[str],
    costs: Sequence[int],
    budget: int,
    scores: Sequence[int],
    *,
    kind: str = "approval",
    utility: str | None = None,
    tie_break: str = "file-order",
    max_states: int = 2_000_000,
) -> Allocation:
    """docs/rules/max-welfare.md: the 0/1 knapsack optimum, lexicographically first.

    Method: for each suffix of the projects (in tie-break order) the Pareto frontier of
    (cost, welfare) pairs its subsets reach within the budget; ``best(i, cap)`` is the largest
    welfare of the frontier of suffix ``i`` with cost at most ``cap``. Reading forwards from the
    full budget, a project is taken whenever taking it is still optimal, which yields the
    lexicographically greatest optimal inclusion vector in tie-break order.
    """
    if utility == "cardinality" and kind != "approval":
        raise NotFromTotalsError("max-welfare with utility 'cardinality' counts voters, not points")
    if utility not in (None, "cost", "cardinality", "points"):
        raise NotFromTotalsError(f"unknown utility {utility!r}")
    rank = ranks(ids, tie_break)
    order = sorted(range(len(ids)), key=lambda j: rank[j])
    # Candidates: positive welfare, affordable alone. With the cost utility the welfare of a
    # project is score x cost, so a free project adds nothing and is never funded (the
    # engine's reading of docs/rules/max-welfare.md "Only projects with s_j > 0").
    welfare = {j: scores[j] * costs[j] if utility == "cost" else scores[j] for j in order}
    items = [j for j in order if welfare[j] > 0 and costs[j] <= budget]

    # frontiers[i]: sorted by cost, welfare strictly increasing, for the suffix items[i:].
    frontiers: list[list[tuple[int, int]]] = [[] for _ in range(len(items) + 1)]
    frontiers[len(items)] = [(0, 0)]
    states = 1
    for i in range(len(items) - 1, -1, -1):
        j = items[i]
        nxt = frontiers[i + 1]
        shifted = [(c + costs[j], w + welfare[j]) for c, w in nxt if c + costs[j] <= budget]
        # Cheapest first, and for one cost the best welfare first; keep a pair only if it
        # beats every cheaper one (the Pareto frontier).
        frontier: list[tuple[int, int]] = []
        for c, w in sorted(nxt + shifted, key=lambda cw: (cw[0], -cw[1])):
            if not frontier or w > frontier[-1][1]:
                frontier.append((c, w))
        frontiers[i] = frontier
        states += len(frontier)
        if states > max_states:
            raise TooLargeError(f"max-welfare: more than {max_states} Pareto states")

    def best(i: int, cap: int) -> int:
        # Largest welfare with cost <= cap (binary search on the cost-sorted frontier).
        f = frontiers[i]
        lo, hi = 0, len(f)
        while lo < hi:
            mid = (lo + hi) // 2
            if f[mid][0] <= cap:
                lo = mid + 1
            else:
                hi = mid
        return f[lo - 1][1]

    cap = budget
    selected: list[str] = []
    total = 0
    for i, j in enumerate(items):
        if costs[j] <= cap and welfare[j] + best(i + 1, cap - costs[j]) == best(i, cap):
            selected.append(ids[j])
            cap -= costs[j]
            total += costs[j]
    return Allocation(selected, total, {"welfare": best(0, budget)})


def allocate(
    rule: str,
    ids: Sequence[str],
    costs: Sequence[int],
    budget: int,
    scores: Sequence[int],
    *,
    kind: str,
    utility: str | None = None,
    tie_break: str = "file-order",
    threshold: int | None = None,
    top_up_percent: int = 80,
) -> Allocation:
    """Dispatch on the rule name; :class:`NotFromTotalsError` for rules totals cannot decide."""
    if kind not in ("approval", "cumulative", "quadratic"):
        raise NotFromTotalsError(f"unknown kind of totals {kind!r}")
    if (kind == "quadratic") != (rule == "quadratic-voting") and rule in RULES:
        raise NotFromTotalsError(f"rule {rule!r} does not count {kind} totals")
    if kind != "quadratic" and any(s < 0 for s in scores):
        raise NotFromTotalsError("negative totals")
    if rule.startswith("greedy"):
        return greedy(
            ids,
            costs,
            budget,
            scores,
            rule=rule,
            kind=kind,
            utility=utility,
            tie_break=tie_break,
            threshold=threshold,
            top_up_percent=top_up_percent,
        )
    if rule == "max-welfare":
        return max_welfare(
            ids, costs, budget, scores, kind=kind, utility=utility, tie_break=tie_break
        )
    if rule == "quadratic-voting":
        if utility is not None:
            raise NotFromTotalsError("quadratic-voting takes no utility")
        return quadratic_voting(ids, costs, budget, scores, tie_break=tie_break)
    raise NotFromTotalsError(
        f"rule {rule!r} needs individual ballots; an encrypted tally gives only per-project "
        f"totals (record.md §2: {', '.join(RULES)})"
    )
