"""``max-welfare``: the exact 0/1 knapsack optimum of total score within the budget.

Exact engines, all giving the *same* optimal set (see ``docs/rules/max-welfare.md``):

- an integer dynamic programme over the budget in units of ``gcd(costs)``, used when its
  table (projects x capacity) is small; it is exact by construction;
- otherwise a Pareto-frontier DP with bounds, and HiGHS (MIP, through ``highspy``) with zero
  gap tolerances when the frontier grows too large, whose answer we only accept after checking
  it in integers (0/1 values, cost within the budget) and after HiGHS proves that no set scores
  even one point more. Both are usually fast, neither is bounded: they get a share of the time
  limit;
- when they fail or run out of that share, the same DP over the budget, with its decisions
  packed eight to a byte and its rows updated in chunks (:func:`_dp_packed`): bounded by
  :data:`MAX_CAPACITY` columns and :data:`MAX_CELLS` cells (about 128 MB and seconds at the
  limits), so an instance within them is always solved. The service's ballot definitions are
  held to these limits (``oylama.ballots``), so every accepted election can be published.

Among optimal sets we return the one that funds the earliest project in tie-break order that
any optimal set funds, then the next, and so on (lexicographic preference in
:meth:`TieBreak.priority` order): the DP builds this in; with HiGHS we fix projects in that
order, keeping each one if an optimal set with it still exists.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Sequence
from fractions import Fraction

import highspy
import numpy as np

from oylama.errors import AllocationError, InputError
from oylama.tally._model import Instance, IntArray, Options, Outcome, Profile
from oylama.tally._registry import register
from oylama.tally._welfare import MAX_CAPACITY, MAX_CELLS, fits_packed_dp

_DP_CELLS = 4_000_000  # projects x capacity cells for the plain DP (bytes of its decision table)
_FLOAT_EXACT = 2**52  # HiGHS computes in doubles: integers below this are exact
_INT64_SAFE = 2**62  # sums below this stay exact in the frontier's int64 arrays

#: Share of the time limit the unbounded engines get when the packed DP can follow, and at
#: most this many seconds (also without a limit) before it takes over.
_QUICK_SHARE = 0.5
_QUICK_SECONDS = 10.0

_CHUNK = 1 << 20  # columns updated per step of the packed DP


def _scores(instance: Instance, profile: Profile, options: Options) -> IntArray:
    """Per-project score: ``options.scores``, else approvals (approval / choose-1) or
    points (cumulative, scoring); ``utility="cost"`` multiplies by the cost,
    ``"cardinality"`` counts the voters naming the project."""
    if options.scores is not None:
        base = np.asarray(options.scores, dtype=np.int64)
        if base.shape != (instance.num_projects,):
            raise InputError("scores must give one integer per project")
    elif options.utility == "cardinality":
        base = profile.approval_counts()
    elif profile.kind == "ordinal":
        raise InputError("max-welfare on ordinal ballots needs explicit scores")
    else:
        base = profile.point_totals()
    if options.utility == "cost":
        base = base * instance.costs
    return base.astype(np.int64)


def _eligible(instance: Instance, scores: IntArray, options: Options) -> list[int]:
    """Projects that can help: positive score, cost within budget, above the threshold."""
    out = []
    for j in range(instance.num_projects):
        if int(scores[j]) <= 0 or int(instance.costs[j]) > instance.budget:
            continue
        if options.threshold is not None and int(scores[j]) < options.threshold:
            continue
        out.append(j)
    return out


def _dp(costs: list[int], scores: list[int], cap: int) -> list[bool]:
    """Exact knapsack over items in the given order, preferring to take earlier items.

    ``best[i][w]`` (implicit) is the best score of items ``i..`` within ``w``; item ``i`` is
    taken in the reconstruction whenever taking it is still optimal (ties -> take)."""
    n = len(costs)
    use_obj = sum(scores) >= 2**62
    dtype: type = object if use_obj else np.int64
    best: np.ndarray = np.zeros(cap + 1, dtype=dtype)
    take = np.zeros((n, cap + 1), dtype=bool)
    for i in range(n - 1, -1, -1):
        c, s = costs[i], scores[i]
        if c > cap:
            continue
        cand = best[: cap + 1 - c] + s
        row = cand >= best[c:]
        take[i, c:] = row
        best[c:] = np.where(row, cand, best[c:])
    chosen = []
    w = cap
    for i in range(n):
        if take[i, w]:
            chosen.append(True)
            w -= costs[i]
        else:
            chosen.append(False)
    return chosen


def _dp_packed(costs: list[int], scores: list[int], cap: int, deadline: float | None) -> list[bool]:
    """:func:`_dp` in bounded memory: one row of best scores (int64 unless the scores could
    overflow it), decisions packed eight to a byte, each row updated from the top in chunks
    (reading only entries below the chunk, which are not yet updated)."""
    n = len(costs)
    dtype: type = object if sum(scores) >= _INT64_SAFE else np.int64
    best: np.ndarray = np.zeros(cap + 1, dtype=dtype)
    rowbuf = np.zeros(cap + 1, dtype=bool)
    takes: list[np.ndarray | None] = [None] * n
    for i in range(n - 1, -1, -1):
        if deadline is not None and time.monotonic() > deadline:
            raise AllocationError("max-welfare: time limit reached in the exact DP")
        c, s = costs[i], scores[i]
        if c > cap:
            continue
        width = cap + 1 - c  # columns c..cap, stored from 0
        hi = cap + 1
        while hi > c:
            lo = max(c, hi - _CHUNK)
            cand = best[lo - c : hi - c] + s
            old = best[lo:hi]
            rowbuf[lo - c : hi - c] = cand >= old
            best[lo:hi] = np.maximum(old, cand)
            hi = lo
        takes[i] = np.packbits(rowbuf[:width])
    chosen = []
    w = cap
    for i in range(n):
        packed, c = takes[i], costs[i]
        if packed is not None and w >= c and (packed[(w - c) >> 3] >> (7 - ((w - c) & 7))) & 1:
            chosen.append(True)
            w -= c
        else:
            chosen.append(False)
    return chosen


class _Mip:
    """A 0/1 knapsack in HiGHS, with optional fixings and a minimum score row."""

    def __init__(
        self, costs: Sequence[int], scores: Sequence[int], cap: int, deadline: float | None
    ):
        self.hp = highspy
        self.h = _quiet_highs()
        self.deadline = deadline
        h = self.h
        n = len(costs)
        self.n = n
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        # HiGHS checks rows after scaling them, with tolerances near 1e-6: a knapsack row
        # with costs in the millions can then come back over budget by a few units. Integer
        # costs make feasibility exact at a much tighter tolerance; the integer check below
        # still refuses anything over budget.
        h.setOptionValue("mip_feasibility_tolerance", 1e-10)
        h.setOptionValue("primal_feasibility_tolerance", 1e-10)
        h.setOptionValue("simplex_scale_strategy", 0)
        cols = np.arange(n, dtype=np.int32)
        h.addVars(n, np.zeros(n), np.ones(n))
        h.changeColsCost(n, cols, np.asarray(scores, dtype=np.float64))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.changeColsIntegrality(n, cols, np.array([highspy.HighsVarType.kInteger] * n))
        inf = highspy.kHighsInf
        h.addRow(-inf, float(cap), n, cols, np.asarray(costs, dtype=np.float64))
        h.addRow(-inf, inf, n, cols, np.asarray(scores, dtype=np.float64))  # score row
        self.scores = scores
        self.costs = costs
        self.cap = cap

    def solve(self, min_score: int | None) -> list[bool] | None:
        """An optimal (or, with ``min_score``, any feasible) 0/1 vector; None if none."""
        h, hp = self.h, self.hp
        if min_score is not None:
            h.changeRowBounds(1, float(min_score) - 0.5, hp.kHighsInf)
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise AllocationError("max-welfare: time limit reached before proving optimality")
            h.setOptionValue("time_limit", left)
        h.run()
        status = h.getModelStatus()
        if status == hp.HighsModelStatus.kInfeasible:
            return None
        if status != hp.HighsModelStatus.kOptimal:
            if status == hp.HighsModelStatus.kTimeLimit:
                raise AllocationError(
                    "max-welfare: time limit reached before HiGHS proved optimality"
                )
            raise AllocationError(
                f"max-welfare: HiGHS stopped with {h.modelStatusToString(status)}"
            )
        vals = h.getSolution().col_value
        x = []
        for v in vals:
            if abs(v - round(v)) > 1e-6 or round(v) not in (0, 1):
                raise AllocationError("max-welfare: HiGHS returned a fractional solution")
            x.append(round(v) == 1)
        if sum(c for c, t in zip(self.costs, x, strict=True) if t) > self.cap:
            raise AllocationError("max-welfare: HiGHS solution exceeds the budget in integers")
        return x

    def fix(self, i: int, value: int) -> None:
        self.h.changeColBounds(i, float(value), float(value))

    def unfix(self, i: int) -> None:
        self.h.changeColBounds(i, 0.0, 1.0)


_BANNER = {"printed": False}


def _quiet_highs() -> highspy.Highs:
    """A ``highspy.Highs()``; its C++ constructor prints a banner on stdout the first time,
    which must not leak into our CLI's output, so that one construction runs with file
    descriptor 1 pointed at /dev/null."""
    if _BANNER["printed"]:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _BANNER["printed"] = True
    return h


def _may_reach(
    *,
    costs: list[int],
    scores: list[int],
    cap: int,
    fixed: dict[int, int],
    by_density: list[int],
    value: int,
) -> bool:
    """False if no 0/1 completion of ``fixed`` can score ``value`` (Dantzig's fractional
    bound, in integers); True means "maybe" and the MIP decides."""
    left = cap - sum(costs[i] for i, v in fixed.items() if v)
    if left < 0:
        return False
    got = sum(scores[i] for i, v in fixed.items() if v)
    for i in by_density:
        if i in fixed:
            continue
        if got >= value:
            return True
        if costs[i] <= left:
            left -= costs[i]
            got += scores[i]
        else:  # take the fraction left / costs[i] of it
            return (value - got) * costs[i] <= scores[i] * left
    return got >= value


class _FrontierTooLargeError(Exception):
    """The Pareto frontier grew past its cap: hand the instance to the MIP."""


_FRONTIER_CAP = 3_000_000


def _frontier_best(
    *,
    costs: list[int],
    scores: list[int],
    cap: int,
    fixed: dict[int, int],
    by_density: list[int],
    target: int | None,
    deadline: float | None,
) -> tuple[int, set[int]] | None:
    """Exact best score of a 0/1 completion of ``fixed`` and a set achieving it (the fixed
    ones included); None if none reaches ``target``.

    A dynamic programme over Pareto-optimal (cost, score) states (Nemhauser-Ullmann), items
    in decreasing score/cost, pruned by Dantzig's fractional bound against the best known
    score (the target, or the greedy fill): the standard exact "DP with bounds". Numbers stay
    integers; the float bound is only used with a safety margin to discard states."""
    base_c = sum(costs[i] for i, v in fixed.items() if v)
    base_s = sum(scores[i] for i, v in fixed.items() if v)
    if base_c > cap:
        return None
    free = [i for i in by_density if i not in fixed]
    fc = np.asarray([costs[i] for i in free], dtype=np.int64)
    fs = np.asarray([scores[i] for i in free], dtype=np.int64)
    cum_c = np.concatenate(([0], np.cumsum(fc)))
    cum_s = np.concatenate(([0], np.cumsum(fs)))
    lower = target
    if lower is None:  # greedy fill is a feasible score
        left, got = cap - base_c, base_s
        for c, sc in zip(fc.tolist(), fs.tolist(), strict=True):
            if c <= left:
                left -= c
                got += sc
        lower = got
    cst = np.asarray([base_c], dtype=np.int64)
    sco = np.asarray([base_s], dtype=np.int64)
    sets = np.asarray([0], dtype=object)  # free items taken, as bits of a Python int
    n = len(free)
    for t in range(n):
        c, sc = int(fc[t]), int(fs[t])
        c2, s2 = cst + c, sco + sc
        ok = c2 <= cap
        cst = np.concatenate((cst, c2[ok]))
        sco = np.concatenate((sco, s2[ok]))
        sets = np.concatenate((sets, sets[ok] | (1 << t)))
        o = np.lexsort((-sco, cst))
        cst, sco, sets = cst[o], sco[o], sets[o]
        prev_max = np.concatenate(([np.iinfo(np.int64).min], np.maximum.accumulate(sco)[:-1]))
        keep = sco > prev_max
        cst, sco, sets = cst[keep], sco[keep], sets[keep]
        # Dantzig bound of items t+1.. within the room left, in floats with a margin
        room = cap - cst
        rc = cum_c[t + 1 :] - cum_c[t + 1]
        rs = cum_s[t + 1 :] - cum_s[t + 1]
        k = np.searchsorted(rc, room, side="right") - 1  # whole items that fit
        nxt = np.minimum(k + t + 1, n - 1)
        frac = np.where(k + t + 1 < n, (room - rc[k]) * (fs[nxt] / np.maximum(fc[nxt], 1)), 0.0)
        ub = sco + rs[k] + frac
        keep = ub * (1 + 1e-9) + 1 >= lower
        cst, sco, sets = cst[keep], sco[keep], sets[keep]
        if not len(sco):
            return None
        lower = max(lower, int(sco.max()))
        if len(sco) > _FRONTIER_CAP:
            raise _FrontierTooLargeError
        if deadline is not None and time.monotonic() > deadline:
            raise AllocationError("max-welfare: time limit reached before proving optimality")
    at = int(np.argmax(sco))
    best = int(sco[at])
    if target is not None and best < target:
        return None
    bits = int(sets[at])
    chosen = {i for i, v in fixed.items() if v} | {free[t] for t in range(n) if bits >> t & 1}
    return best, chosen


def _frontier_lexicographic(
    costs: list[int], scores: list[int], cap: int, deadline: float | None
) -> list[bool]:
    """Optimal value by the bounded Pareto DP, then the preferred optimal set by fixing
    items in order (each kept if an optimal set with it still exists)."""
    by_density = sorted(range(len(costs)), key=lambda i: (Fraction(-scores[i], costs[i]), i))
    first = _frontier_best(
        costs=costs,
        scores=scores,
        cap=cap,
        fixed={},
        by_density=by_density,
        target=None,
        deadline=deadline,
    )
    if first is None:
        raise AllocationError("max-welfare: no feasible set (internal)")
    value, incumbent = first  # an optimal set consistent with every fixing so far
    fixed: dict[int, int] = {}
    for i in range(len(costs)):
        fixed[i] = 1
        if i in incumbent:
            continue  # the incumbent proves an optimal set with i exists
        found = None
        if _may_reach(
            costs=costs, scores=scores, cap=cap, fixed=fixed, by_density=by_density, value=value
        ):
            found = _frontier_best(
                costs=costs,
                scores=scores,
                cap=cap,
                fixed=fixed,
                by_density=by_density,
                target=value,
                deadline=deadline,
            )
        if found is None:
            fixed[i] = 0
        else:
            incumbent = found[1]
    chosen = [fixed[i] == 1 for i in range(len(costs))]
    if sum(s for s, t in zip(scores, chosen, strict=True) if t) != value:
        raise AllocationError("max-welfare: lexicographic pass lost optimality (internal)")
    return chosen


def _mip_lexicographic(
    costs: list[int], scores: list[int], cap: int, deadline: float | None
) -> list[bool]:
    """Optimal value by MIP, then the lexicographically preferred optimal set: for each
    item in order, keep it fixed to 1 if an optimal set with it (and earlier choices)
    exists; the current optimal solution answers that question for free when it already
    takes the item."""
    mip = _Mip(costs, scores, cap, deadline)
    first = mip.solve(None)
    if first is None:
        raise AllocationError("max-welfare: HiGHS found no solution (internal)")
    value = sum(s for s, t in zip(scores, first, strict=True) if t)
    # proof that nothing scores value + 1 (HiGHS decided in doubles; make the margin whole);
    # a set that does is checked in integers and becomes the incumbent, until none does
    while (better := mip.solve(value + 1)) is not None:
        score = sum(s for s, t in zip(scores, better, strict=True) if t)
        if score <= value:
            raise AllocationError("max-welfare: HiGHS optimum not confirmed (internal)")
        first, value = better, score
    incumbent = first
    fixed: dict[int, int] = {}
    by_density = sorted(range(len(costs)), key=lambda i: Fraction(-scores[i], costs[i]))
    for i in range(len(costs)):
        fixed[i] = 1
        if incumbent[i]:
            mip.fix(i, 1)
            continue
        if not _may_reach(
            costs=costs, scores=scores, cap=cap, fixed=fixed, by_density=by_density, value=value
        ):
            fixed[i] = 0
            mip.fix(i, 0)
            continue
        mip.fix(i, 1)
        alt = mip.solve(value)
        if alt is not None:
            incumbent = alt
        else:
            fixed[i] = 0
            mip.fix(i, 0)
    if sum(s for s, t in zip(scores, incumbent, strict=True) if t) != value:
        raise AllocationError("max-welfare: lexicographic pass lost optimality (internal)")
    return incumbent


def max_welfare_set(
    instance: Instance, scores: IntArray, options: Options, eligible: list[int]
) -> list[int]:
    """Indices of an optimal set (in tie-break order); see the module docstring."""
    prio = options.tie_break.priority(instance)
    items = sorted(eligible, key=lambda j: int(prio[j]))
    costs = [int(instance.costs[j]) for j in items]
    sc = [int(scores[j]) for j in items]
    free = [j for j, c in zip(items, costs, strict=True) if c == 0]
    paid = [(j, c, s) for j, c, s in zip(items, costs, sc, strict=True) if c > 0]
    if not paid:
        return free
    g = 0
    for _, c, _ in paid:
        g = math.gcd(g, c)
    cap = instance.budget // g
    pc = [c // g for _, c, _ in paid]
    gs = 0
    for _, _, s in paid:
        gs = math.gcd(gs, s)
    ps = [s // gs for _, _, s in paid]  # scores are > 0; a common factor changes no comparison
    start = time.monotonic()
    deadline = None if options.time_limit is None else start + options.time_limit
    if len(paid) * (cap + 1) <= _DP_CELLS:
        chosen = _dp(pc, ps, cap)
    else:
        chosen = _large(pc, ps, cap, start, deadline)
    picked = {j for (j, _, _), t in zip(paid, chosen, strict=True) if t}
    return [j for j in items if j in picked or j in free]


def _large(
    pc: list[int], ps: list[int], cap: int, start: float, deadline: float | None
) -> list[bool]:
    """The frontier (then HiGHS) within a share of the time, then the packed DP if it fits."""
    packed = fits_packed_dp(len(pc), cap)
    quick = deadline
    if packed:
        share = _QUICK_SECONDS
        if deadline is not None:
            share = min(share, (deadline - start) * _QUICK_SHARE)
        quick = start + share
    failure = "instance too large for the exact DP and beyond double precision for the MIP"
    try:
        if sum(ps) < _INT64_SAFE and sum(pc) < _INT64_SAFE:
            try:
                return _frontier_lexicographic(pc, ps, cap, quick)
            except _FrontierTooLargeError:
                pass
        if sum(ps) < _FLOAT_EXACT and sum(pc) < _FLOAT_EXACT:
            return _mip_lexicographic(pc, ps, cap, quick)
    except AllocationError as exc:  # a time share used up, or HiGHS could not confirm
        failure = str(exc).removeprefix("max-welfare: ")
    if not packed:
        raise AllocationError(
            f"max-welfare: {failure}; the exact DP needs budget / gcd(costs) <= {MAX_CAPACITY} "
            f"and that times the projects <= {MAX_CELLS} (here {cap} and {len(pc)} projects)"
        )
    return _dp_packed(pc, ps, cap, deadline)


@register("max-welfare")
def max_welfare(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """The set of projects of largest total score that fits the budget (exact)."""
    if options.exclusive:
        raise InputError("max-welfare does not support exclusive project groups")
    scores = _scores(instance, profile, options)
    eligible = _eligible(instance, scores, options)
    sel = max_welfare_set(instance, scores, options, eligible)
    total = sum(int(instance.costs[j]) for j in sel)
    welfare = sum(int(scores[j]) for j in sel)
    return Outcome(
        rule="max-welfare",
        utility=options.utility,
        selected=[instance.project_ids[j] for j in sel],
        total_cost=instance.money(total),
        budget=instance.money(instance.budget),
        notes={"welfare": welfare},
    )
