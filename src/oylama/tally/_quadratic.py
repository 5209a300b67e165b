"""Quadratic voting and quadratic funding (CLR), both with exact, reproducible arithmetic.

``quadratic-voting``: each voter spreads votes with Σ votes² ≤ credits; projects are funded
greedily by net votes. ``quadratic-funding``: the Buterin–Hitzig–Weyl "capital-constrained
liberal radicalism" match, (Σ√c)² − Σc per project, scaled to a matching pool.

Square roots are irrational, so quadratic funding fixes one integer formula that any
auditor can recompute bit for bit (see ``docs/rules/quadratic.md``): every pair of
contributors adds ``isqrt(c_i · c_k · 4**SQRT_BITS)``, i.e. √(c_i c_k) rounded down to
``SQRT_BITS`` binary places, and the pool is split by the largest-remainder method so that
the matches are whole money units summing exactly to the pool.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import isqrt

import numpy as np

from oylama.errors import InputError
from oylama.tally._model import Instance, IntArray, Options, Outcome, Profile
from oylama.tally._registry import register

#: Binary places kept in every pairwise square root of quadratic funding. Part of the
#: published formula: changing it changes outcomes.
SQRT_BITS = 64

_INT64_SAFE = 2**62


def _int_setting(extra: Mapping[str, object], key: str, *, default: int | None = None) -> int:
    """A non-negative integer from ``Options.extra`` (bool is not accepted as an int)."""
    value = extra.get(key, default)
    if value is None:
        raise InputError(f"option {key!r} is required")
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InputError(f"option {key!r} must be an integer, not {value!r}")
    value = int(value)
    if value < 0:
        raise InputError(f"option {key!r} must not be negative, not {value}")
    return value


def _entry_ballots(profile: Profile) -> IntArray:
    """The (merged) ballot index of every CSR entry."""
    return np.repeat(np.arange(profile.num_ballots, dtype=np.int64), np.diff(profile.indptr))


def _describe_ballot(instance: Instance, profile: Profile, b: int, points: IntArray) -> str:
    lo, hi = int(profile.indptr[b]), int(profile.indptr[b + 1])
    body = ", ".join(
        f"{instance.project_ids[int(j)]}: {int(p)}"
        for j, p in zip(profile.indices[lo:hi], points[lo:hi], strict=True)
    )
    return f"ballot #{b} {{{body}}} (cast by {int(profile.multiplicity[b])} voter(s))"


def _project_totals(profile: Profile, points: IntArray, bound: int) -> list[int]:
    """Σ multiplicity · points per project, exactly.

    ``bound`` bounds every |partial sum|; numpy int64 is used when that is safe, Python ints
    otherwise (``np.bincount`` with weights would go through float64 and lose exactness).
    """
    m = profile.num_projects
    per_entry_mult = np.repeat(profile.multiplicity, np.diff(profile.indptr))
    if bound < _INT64_SAFE:
        totals = np.zeros(m, dtype=np.int64)
        np.add.at(totals, profile.indices, per_entry_mult * points)
        return [int(t) for t in totals]
    out = [0] * m
    for j, k, p in zip(
        profile.indices.tolist(), per_entry_mult.tolist(), points.tolist(), strict=True
    ):
        out[j] += k * p
    return out


@register("quadratic-voting")
def quadratic_voting(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Fund projects greedily by net quadratic votes.

    Votes are the profile's points (one vote per named project when it has none). A ballot
    spending more than ``extra["credits"]`` (Σ votes²) is refused with :class:`InputError`;
    negative votes are refused unless ``extra["signed"]`` is true. Projects are taken by net
    score, highest first (ties: ``options.tie_break``), and funded when they fit in what is
    left of the budget; a project with net score ≤ 0, below ``options.threshold``, or
    excluded by an already funded project of an ``options.exclusive`` group is never funded.
    """
    if options.extra.get("totals"):
        # Per-project net votes from an encrypted tally: every ballot's credits were proved
        # in zero knowledge when it was cast, and the individual votes are not available.
        if options.scores is None or len(options.scores) != instance.num_projects:
            raise InputError("quadratic totals need one score per project")
        return _fund_by_score(instance, [int(s) for s in options.scores], options)
    credits = _int_setting(options.extra, "credits")
    signed = bool(options.extra.get("signed", False))
    votes = profile.entry_weights().astype(np.int64, copy=False)
    ballot_of = _entry_ballots(profile)

    if not signed and votes.size and int(votes.min()) < 0:
        b = int(ballot_of[int(np.argmax(votes < 0))])
        raise InputError(
            f"{_describe_ballot(instance, profile, b, votes)} has negative votes; "
            "negative votes need the signed variant (extra['signed'] = True)"
        )
    # Any single |vote| above isqrt(credits) breaks the constraint on its own; checking it
    # first keeps every square below `credits` so the per-ballot sums cannot overflow.
    root = isqrt(credits)
    absv = np.abs(votes)
    too_big = absv > root if root < _INT64_SAFE else np.zeros(absv.shape, dtype=bool)
    spent: list[int] | IntArray
    if too_big.any():
        bad = int(ballot_of[int(np.argmax(too_big))])
    else:
        max_len = int(np.diff(profile.indptr).max()) if profile.num_ballots else 0
        if credits * max(max_len, 1) < _INT64_SAFE:
            spent = np.zeros(profile.num_ballots, dtype=np.int64)
            np.add.at(spent, ballot_of, votes * votes)
        else:
            spent = [0] * profile.num_ballots
            for b, v in zip(ballot_of.tolist(), votes.tolist(), strict=True):
                spent[b] += v * v
        over = [b for b in range(profile.num_ballots) if int(spent[b]) > credits]
        bad = over[0] if over else -1
    if bad >= 0:
        lo, hi = int(profile.indptr[bad]), int(profile.indptr[bad + 1])
        used = sum(int(v) ** 2 for v in votes[lo:hi])
        raise InputError(
            f"{_describe_ballot(instance, profile, bad, votes)} spends {used} credits "
            f"(Σ votes²), more than the {credits} allowed"
        )

    bound = profile.num_voters * max(root, 1)
    return _fund_by_score(instance, _project_totals(profile, votes, bound), options)


def _fund_by_score(instance: Instance, scores: list[int], options: Options) -> Outcome:
    """Greedy by net score: the walk shared by ballots and by an encrypted tally's totals."""
    priority = options.tie_break.priority(instance).tolist()
    order = sorted(range(instance.num_projects), key=lambda j: (-scores[j], priority[j]))

    remaining = instance.budget
    selected: list[int] = []
    blocked: set[int] = set()
    for j in order:
        if scores[j] <= 0:
            break
        if options.threshold is not None and scores[j] < options.threshold:
            continue
        cost = int(instance.costs[j])
        if j in blocked or cost > remaining:
            continue
        selected.append(j)
        remaining -= cost
        for group in options.exclusive:
            if j in group:
                blocked |= group
    return Outcome(
        rule="quadratic-voting",
        utility=options.utility,
        selected=[instance.project_ids[j] for j in selected],
        total_cost=instance.money(instance.budget - remaining),
        budget=instance.money(instance.budget),
        notes={
            "scores": {instance.project_ids[j]: scores[j] for j in range(instance.num_projects)}
        },
    )


def pair_root_sum(counts: Mapping[int, int]) -> int:
    """``Q = Σ_{i≠k} ⌊2**SQRT_BITS · √(c_i c_k)⌋`` over the contributors of one project.

    ``counts`` maps a contribution amount ``c > 0`` to how many contributors gave exactly
    that. Pairs of equal amounts are exact (√(v·v) = v); each pair of different amounts
    adds ``isqrt(v · w · 4**SQRT_BITS)``. ``Q / 2**SQRT_BITS`` approximates the CLR subsidy
    (Σ√c)² − Σc from below, by less than one ``2**-SQRT_BITS`` per ordered pair.
    """
    one = 1 << SQRT_BITS
    four = 1 << (2 * SQRT_BITS)
    items = sorted((v, n) for v, n in counts.items() if v > 0 and n > 0)
    q = 0
    for a, (v, n) in enumerate(items):
        q += n * (n - 1) * v * one
        for w, k in items[a + 1 :]:
            q += 2 * n * k * isqrt(v * w * four)
    return q


def _largest_remainder(
    pool: int, weights: Mapping[int, int], priority: list[int]
) -> dict[int, int]:
    """Split ``pool`` whole units in proportion to ``weights`` (all > 0), summing to ``pool``.

    Each project gets ⌊pool·w/W⌋; the few units left over go one each to the largest
    remainders (pool·w mod W), ties to the better tie-break priority.
    """
    total = sum(weights.values())
    share: dict[int, int] = {}
    rem: dict[int, int] = {}
    for j, w in weights.items():
        share[j], rem[j] = divmod(pool * w, total)
    left = pool - sum(share.values())
    for j in sorted(weights, key=lambda j: (-rem[j], priority[j]))[:left]:
        share[j] += 1
    return share


@register("quadratic-funding")
def quadratic_funding(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Match contributions with the CLR formula, exactly and reproducibly.

    Points are contributions in money units of the instance (one unit each when the profile
    has no points); every merged ballot stands for ``multiplicity`` distinct contributors.
    Project ``j`` weighs ``Q_j`` (:func:`pair_root_sum`); the pool
    (``extra["matching_pool"]``, default the budget) is split in proportion to ``Q``, with
    projects over ``extra["cap"]`` held at the cap and the excess re-split over the others
    until none exceeds it, then rounded by largest remainder. Project costs are not used.
    """
    pool = _int_setting(options.extra, "matching_pool", default=instance.budget)
    cap: int | None = None
    if options.extra.get("cap") is not None:
        cap = _int_setting(options.extra, "cap")
    amounts = profile.entry_weights().astype(np.int64, copy=False)
    if amounts.size and int(amounts.min()) < 0:
        at = int(np.argmax(amounts < 0))
        b = int(_entry_ballots(profile)[at])
        raise InputError(
            f"{_describe_ballot(instance, profile, b, amounts)} has a negative contribution"
        )
    m = instance.num_projects
    priority = options.tie_break.priority(instance).tolist()

    # Distinct (project, amount) pairs with their number of contributors.
    per_entry_mult = np.repeat(profile.multiplicity, np.diff(profile.indptr))
    groups: list[dict[int, int]] = [{} for _ in range(m)]
    for j, c, k in zip(
        profile.indices.tolist(), amounts.tolist(), per_entry_mult.tolist(), strict=True
    ):
        if c > 0:
            g = groups[j]
            g[c] = g.get(c, 0) + k
    contributions = [sum(v * n for v, n in g.items()) for g in groups]
    q = [pair_root_sum(g) for g in groups]

    # Water-filling under the cap: capped projects only ever stay capped (the ratio
    # remaining / Σ Q over the uncapped rises each round), so this ends within m rounds.
    active = {j for j in range(m) if q[j] > 0}
    capped: set[int] = set()
    rest = pool
    while cap is not None and active:
        weight = sum(q[j] for j in active)
        over = {j for j in active if rest * q[j] > cap * weight}
        if not over:
            break
        capped |= over
        active -= over
        rest = pool - cap * len(capped)
    match = [0] * m
    for j in capped:
        match[j] = cap if cap is not None else 0
    if active:
        for j, units in _largest_remainder(rest, {j: q[j] for j in active}, priority).items():
            match[j] = units
    matched = sum(match)

    funding = [contributions[j] + match[j] for j in range(m)]
    chosen = sorted(
        (j for j in range(m) if funding[j] > 0), key=lambda j: (-funding[j], priority[j])
    )
    ids = instance.project_ids
    return Outcome(
        rule="quadratic-funding",
        utility=options.utility,
        selected=[ids[j] for j in chosen],
        total_cost=instance.money(matched),
        budget=instance.money(pool),
        notes={
            "match": {ids[j]: instance.money(match[j]) for j in range(m)},
            "contributions": {ids[j]: instance.money(contributions[j]) for j in range(m)},
            "capped": [ids[j] for j in sorted(capped, key=lambda j: priority[j])],
            "unallocated": instance.money(pool - matched),
            "sqrt_bits": SQRT_BITS,
        },
    )
