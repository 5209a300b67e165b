"""Quadratic voting and quadratic funding.

Expected values are derived by hand from the formulas in ``docs/rules/quadratic.md``
(perfect squares where possible so the arithmetic is exact); the properties compare the
rule with a plain, unmerged reference computation written here.
"""

from __future__ import annotations

import random
from decimal import Decimal, localcontext
from fractions import Fraction
from math import isqrt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.errors import InputError
from oylama.tally import Instance, Options, Outcome, Profile, TieBreak, allocate
from oylama.tally._quadratic import SQRT_BITS, pair_root_sum

Ballots = list[dict[int, int]]


def make(
    ids: list[str],
    ballots: Ballots,
    *,
    costs: list[int] | None = None,
    budget: int = 0,
    scale: int = 1,
) -> tuple[Instance, Profile]:
    inst = Instance(
        tuple(ids),
        np.asarray(costs if costs is not None else [1] * len(ids), dtype=np.int64),
        budget,
        scale,
    )
    prof = Profile.from_ballots(
        "cumulative",
        len(ids),
        [list(b) for b in ballots],
        [list(b.values()) for b in ballots],
    )
    return inst, prof


def qf(inst: Instance, prof: Profile, **extra: object) -> Outcome:
    tie = extra.pop("tie_break", TieBreak.FILE_ORDER)
    assert isinstance(tie, TieBreak)
    return allocate(inst, prof, "quadratic-funding", Options(tie_break=tie, extra=extra))


def qv(inst: Instance, prof: Profile, **extra: object) -> Outcome:
    tie = extra.pop("tie_break", TieBreak.FILE_ORDER)
    assert isinstance(tie, TieBreak)
    return allocate(inst, prof, "quadratic-voting", Options(tie_break=tie, extra=extra))


def matches(out: Outcome) -> dict[str, object]:
    m = out.notes["match"]
    assert isinstance(m, dict)
    return m


# --------------------------------------------------------------------------- quadratic funding


def test_qf_two_projects_perfect_squares() -> None:
    # A: 1 and 4 -> (1 + 2)^2 - 5 = 4.  B: four times 1 -> (4)^2 - 4 = 12.  Pool 100 -> 25 / 75.
    inst, prof = make(["A", "B"], [{0: 1}, {0: 4}, {1: 1}, {1: 1}, {1: 1}, {1: 1}], budget=100)
    out = qf(inst, prof)
    assert matches(out) == {"A": 25, "B": 75}
    assert out.notes["contributions"] == {"A": 5, "B": 4}
    assert out.selected == ["B", "A"]  # funding 79 then 30
    assert out.total_cost == 100 and out.budget == 100
    assert out.notes["unallocated"] == 0


def test_qf_single_contributor_gets_no_match() -> None:
    # A: two contributors of 1 -> subsidy 2; B: one contributor of 4 -> subsidy 0.
    inst, prof = make(["A", "B", "C"], [{0: 1, 1: 4}, {0: 1}], budget=10)
    out = qf(inst, prof)
    assert matches(out) == {"A": 10, "B": 0, "C": 0}
    assert out.selected == ["A", "B"]  # funding 12, 4; C has nothing
    assert out.notes["contributions"] == {"A": 2, "B": 4, "C": 0}


def test_qf_matching_pool_option_overrides_budget() -> None:
    inst, prof = make(["A", "B"], [{0: 1}, {0: 4}, {1: 1}, {1: 1}, {1: 1}, {1: 1}], budget=100)
    out = qf(inst, prof, matching_pool=8)
    assert matches(out) == {"A": 2, "B": 6}
    assert out.budget == 8 and out.total_cost == 8


def test_qf_leftover_units_by_largest_remainder_then_tie_break() -> None:
    # Three equal subsidies (two contributors of 1 each): 10 / 3 = 3 rest 1 each; the one
    # leftover unit goes to the best tie-break rank.
    ids = ["p2", "p10", "p3"]
    ballots: Ballots = [{0: 1, 1: 1, 2: 1}, {0: 1, 1: 1, 2: 1}]
    inst, prof = make(ids, ballots, budget=10)
    assert matches(qf(inst, prof)) == {"p2": 4, "p10": 3, "p3": 3}
    # pabutools order compares ids as text: "p10" < "p2" < "p3".
    assert matches(qf(inst, prof, tie_break=TieBreak.PABUTOOLS)) == {"p2": 3, "p10": 4, "p3": 3}


def test_qf_irrational_roots_and_remainders() -> None:
    # A: 1 and 2 -> 2√2 ≈ 2.8284; B: 1 and 3 -> 2√3 ≈ 3.4641. Pool 10 -> 4.4949 / 5.5051:
    # floors 4 + 5, the leftover unit to B (remainder .5051 > .4949).
    inst, prof = make(["A", "B"], [{0: 1, 1: 1}, {0: 2}, {1: 3}], budget=10)
    assert matches(qf(inst, prof)) == {"A": 4, "B": 6}


def test_pair_root_sum_fixed_precision() -> None:
    one = 2**SQRT_BITS
    with localcontext() as ctx:
        ctx.prec = 80
        root2 = int(Decimal(2).sqrt() * one)  # ⌊√2 · 2^64⌋ computed independently of isqrt
        root6 = int(Decimal(6).sqrt() * one)
    assert pair_root_sum({1: 1, 2: 1}) == 2 * root2
    assert pair_root_sum({2: 1, 3: 1}) == 2 * root6
    # Equal amounts are exact: three contributors of 5 -> (3√5)² − 15 = 30.
    assert pair_root_sum({5: 3}) == 30 * one
    # 1, 4, 9 -> (1 + 2 + 3)² − 14 = 22, exact because all products are squares.
    assert pair_root_sum({1: 1, 4: 1, 9: 1}) == 22 * one
    assert pair_root_sum({7: 1}) == 0
    assert pair_root_sum({}) == 0


def test_qf_cap_redistributes_until_stable() -> None:
    # Subsidies: A four 1s -> 12, B three 1s -> 6, C two 1s -> 2. Pool 100 -> 60 / 30 / 10.
    # Cap 35: A held at 35, 65 re-split 6:2 -> 48.75 / 16.25, so B is held too; C gets 30.
    ballots: Ballots = [{0: 1, 1: 1, 2: 1}, {0: 1, 1: 1, 2: 1}, {0: 1, 1: 1}, {0: 1}]
    inst, prof = make(["A", "B", "C"], ballots, budget=100)
    assert matches(qf(inst, prof)) == {"A": 60, "B": 30, "C": 10}
    out = qf(inst, prof, cap=35)
    assert matches(out) == {"A": 35, "B": 35, "C": 30}
    assert out.notes["capped"] == ["A", "B"]
    assert out.notes["unallocated"] == 0


def test_qf_cap_one_round() -> None:
    # A: 12, B (1 and 4): 4, C (2 and 2): (2√2)² − 4 = 4 -> 60 / 20 / 20; cap 40 -> 40 / 30 / 30.
    ballots: Ballots = [{0: 1, 1: 1, 2: 2}, {0: 1, 1: 4, 2: 2}, {0: 1}, {0: 1}]
    inst, prof = make(["A", "B", "C"], ballots, budget=100)
    out = qf(inst, prof, cap=40)
    assert matches(out) == {"A": 40, "B": 30, "C": 30}
    assert out.notes["capped"] == ["A"]


def test_qf_cap_below_fair_share_leaves_pool_unallocated() -> None:
    ballots: Ballots = [{0: 1, 1: 1, 2: 1}, {0: 1, 1: 1, 2: 1}]
    inst, prof = make(["A", "B", "C"], ballots, budget=100)
    out = qf(inst, prof, cap=10)
    assert matches(out) == {"A": 10, "B": 10, "C": 10}
    assert out.notes["unallocated"] == 70
    assert out.total_cost == 30


def test_qf_nobody_to_match() -> None:
    inst, prof = make(["A", "B"], [{0: 5}, {1: 3}], budget=10)
    out = qf(inst, prof)
    assert matches(out) == {"A": 0, "B": 0}
    assert out.notes["unallocated"] == 10
    assert out.selected == ["A", "B"]


def test_qf_scaled_money_is_published_as_decimal() -> None:
    # Pool 10.01 = 1001 units of 1/100, split 3:1 -> 750.75 / 250.25 units: floors 750 / 250,
    # the leftover unit to A (remainder .75 > .25).
    ballots: Ballots = [{0: 100, 1: 100}, {0: 100, 1: 400}, {0: 100}, {0: 100}]
    inst, prof = make(["A", "B"], ballots, budget=1001, scale=100)
    out = qf(inst, prof)
    # Subsidies in units: A four 100s -> 1200, B 100 and 400 -> 400. 1001·3/4 = 750.75.
    assert matches(out) == {"A": Decimal("7.51"), "B": Decimal("2.50")}
    assert out.total_cost == 10 + Decimal("0.01")
    assert out.notes["contributions"] == {"A": 4, "B": 5}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"matching_pool": -1}, "matching_pool"),
        ({"matching_pool": 1.5}, "matching_pool"),
        ({"cap": True}, "cap"),
        ({"cap": -3}, "cap"),
    ],
)
def test_qf_bad_options(extra: dict[str, object], message: str) -> None:
    inst, prof = make(["A"], [{0: 1}], budget=10)
    with pytest.raises(InputError, match=message):
        qf(inst, prof, **extra)


def test_qf_negative_contribution_rejected() -> None:
    inst, prof = make(["A", "B"], [{0: 1}, {0: 2, 1: -1}], budget=10)
    with pytest.raises(InputError, match=r"ballot #1 \{A: 2, B: -1\}.*negative contribution"):
        qf(inst, prof)


# Reference: every contributor separately, no merging or grouping.
def reference_q(amounts: list[int]) -> int:
    one = 2**SQRT_BITS
    amounts = [c for c in amounts if c > 0]
    q = 0
    for i, a in enumerate(amounts):
        for k, b in enumerate(amounts):
            if i != k:
                q += isqrt(a * b * one * one)
    return q


contribution_ballots = st.lists(
    st.dictionaries(st.integers(0, 3), st.integers(0, 30), max_size=4), min_size=1, max_size=12
)


@settings(max_examples=150, deadline=None)
@given(ballots=contribution_ballots, pool=st.integers(0, 10_000))
def test_qf_shares_follow_reference_formula(ballots: Ballots, pool: int) -> None:
    ids = ["a", "b", "c", "d"]
    inst, prof = make(ids, ballots, budget=pool)
    out = qf(inst, prof)
    q = [reference_q([b[j] for b in ballots if j in b]) for j in range(4)]
    total = sum(q)
    got = matches(out)
    assert all(isinstance(v, int) for v in got.values())
    if total == 0:
        assert got == dict.fromkeys(ids, 0)
        assert out.notes["unallocated"] == pool
        return
    assert sum(int(v) for v in got.values()) == pool  # type: ignore[call-overload]
    assert out.notes["unallocated"] == 0
    for j, pid in enumerate(ids):
        exact = Fraction(pool * q[j], total)
        v = got[pid]
        assert isinstance(v, int)
        assert exact - 1 < v < exact + 1
    funding = {pid: sum(b.get(j, 0) for b in ballots) + int(got[pid]) for j, pid in enumerate(ids)}  # type: ignore[call-overload]
    assert out.selected == sorted(
        (p for p in ids if funding[p] > 0), key=lambda p: (-funding[p], ids.index(p))
    )


@settings(max_examples=150, deadline=None)
@given(ballots=contribution_ballots, pool=st.integers(0, 10_000), cap=st.integers(0, 5_000))
def test_qf_cap_respected_and_pool_spent(ballots: Ballots, pool: int, cap: int) -> None:
    inst, prof = make(["a", "b", "c", "d"], ballots, budget=pool)
    out = qf(inst, prof, cap=cap)
    got = [int(v) for v in matches(out).values()]  # type: ignore[call-overload]
    assert all(0 <= v <= cap for v in got)
    positive = sum(1 for j in range(4) if reference_q([b[j] for b in ballots if j in b]) > 0)
    expected_total = min(pool, cap * positive) if positive else 0
    assert sum(got) == expected_total
    assert out.notes["unallocated"] == pool - expected_total
    # A cap at or above the whole pool can never bind: the run equals the uncapped one.
    if cap >= pool:
        assert out == qf(inst, prof)


@settings(max_examples=100, deadline=None)
@given(ballots=contribution_ballots, pool=st.integers(0, 5_000), seed=st.integers(0, 2**32))
def test_qf_voter_order_irrelevant(ballots: Ballots, pool: int, seed: int) -> None:
    shuffled = list(ballots)
    random.Random(seed).shuffle(shuffled)
    a = qf(*make(["a", "b", "c", "d"], ballots, budget=pool), cap=pool // 3)
    b = qf(*make(["a", "b", "c", "d"], shuffled, budget=pool), cap=pool // 3)
    assert a == b


@settings(max_examples=100, deadline=None)
@given(
    others=st.lists(st.integers(1, 50), min_size=0, max_size=6),
    rivals=st.lists(st.integers(1, 50), min_size=2, max_size=6),
    split=st.integers(2, 60),
    where=st.integers(1, 59),
    pool=st.integers(0, 5_000),
)
def test_qf_more_contributors_same_total_more_match(
    others: list[int], rivals: list[int], split: int, where: int, pool: int
) -> None:
    # Project a: contributors `others` plus one giving `split`; then that contributor is
    # replaced by two giving where + (split - where): same total, one more contributor.
    where = min(where, split - 1)
    before: Ballots = [{0: c} for c in [*others, split]] + [{1: c} for c in rivals]
    after: Ballots = [{0: c} for c in [*others, where, split - where]] + [{1: c} for c in rivals]
    qa = pair_root_sum(_counts([*others, split]))
    qb = pair_root_sum(_counts([*others, where, split - where]))
    assert qb > qa
    out_before = qf(*make(["a", "b"], before, budget=pool))
    out_after = qf(*make(["a", "b"], after, budget=pool))
    assert out_after.notes["contributions"] == out_before.notes["contributions"]
    m_before, m_after = matches(out_before), matches(out_after)
    assert int(m_after["a"]) >= int(m_before["a"])  # type: ignore[call-overload]
    # Strictly more whenever the exact shares differ by more than the rounding can hide.
    qr = reference_q(rivals)
    if pool * qb * (qa + qr) - pool * qa * (qb + qr) > 2 * (qa + qr) * (qb + qr):
        assert int(m_after["a"]) > int(m_before["a"])  # type: ignore[call-overload]


def _counts(amounts: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for c in amounts:
        out[c] = out.get(c, 0) + 1
    return out


@settings(max_examples=100, deadline=None)
@given(
    roots=st.lists(
        st.dictionaries(st.integers(0, 3), st.integers(1, 6), min_size=1, max_size=4),
        min_size=1,
        max_size=8,
    ),
    base=st.integers(1, 7),
    factor=st.integers(1, 1000),
    pool=st.integers(0, 5_000),
)
def test_qf_scaling_contributions_keeps_matches(
    roots: Ballots, base: int, factor: int, pool: int
) -> None:
    # Contributions base·a² make every pairwise product a perfect square, so the fixed-point
    # subsidy is exact and scales by `factor` exactly: the split of the pool cannot change.
    ballots = [{j: base * a * a for j, a in b.items()} for b in roots]
    scaled = [{j: factor * c for j, c in b.items()} for b in ballots]
    a = qf(*make(["a", "b", "c", "d"], ballots, budget=pool))
    b = qf(*make(["a", "b", "c", "d"], scaled, budget=pool))
    assert a.notes["match"] == b.notes["match"]


# --------------------------------------------------------------------------- quadratic voting


def test_qv_greedy_by_net_votes_skips_what_does_not_fit() -> None:
    # Credits 9: {A:2, B:2} spends 8, {A:3} 9, {B:1, C:2} 5. Scores A 5, B 3, C 2.
    # Budget 10: A (6, 4 left), B costs 5: skipped, C costs 4: funded.
    ballots: Ballots = [{0: 2, 1: 2}, {0: 3}, {1: 1, 2: 2}]
    inst, prof = make(["A", "B", "C", "D"], ballots, costs=[6, 5, 4, 0], budget=10)
    out = qv(inst, prof, credits=9)
    assert out.selected == ["A", "C"]
    assert out.notes["scores"] == {"A": 5, "B": 3, "C": 2, "D": 0}
    assert out.total_cost == 10 and out.budget == 10


def test_qv_multiplicity_counts() -> None:
    ballots: Ballots = [{0: 1}, {1: 2}, {0: 1}, {0: 1}]
    inst, prof = make(["A", "B"], ballots, costs=[1, 1], budget=1)
    out = qv(inst, prof, credits=4)
    assert out.notes["scores"] == {"A": 3, "B": 2}
    assert out.selected == ["A"]


def test_qv_ties() -> None:
    ballots: Ballots = [{0: 1, 1: 1}]
    inst, prof = make(["p2", "p10"], ballots, costs=[5, 5], budget=5)
    assert qv(inst, prof, credits=2).selected == ["p2"]
    assert qv(inst, prof, credits=2, tie_break=TieBreak.PABUTOOLS).selected == ["p10"]


def test_qv_over_budget_ballot_named() -> None:
    inst, prof = make(["A", "B"], [{0: 1}, {0: 2, 1: 3}], budget=10)
    with pytest.raises(InputError, match=r"ballot #1 \{A: 2, B: 3\}.*spends 13 credits.*12"):
        qv(inst, prof, credits=12)
    qv(inst, prof, credits=13)  # exactly at the limit is allowed


def test_qv_single_vote_over_credits() -> None:
    inst, prof = make(["A", "B"], [{0: 1}, {1: 4}], budget=10)
    with pytest.raises(InputError, match=r"ballot #1 \{B: 4\}.*spends 16 credits"):
        qv(inst, prof, credits=15)


def test_qv_negative_votes_need_signed() -> None:
    ballots: Ballots = [{0: 3}, {0: -2, 1: 1}, {0: -2}]
    inst, prof = make(["A", "B", "C"], ballots, costs=[1, 1, 1], budget=100)
    with pytest.raises(InputError, match=r"ballot #1 .*negative votes"):
        qv(inst, prof, credits=9)
    out = qv(inst, prof, credits=9, signed=True)
    # A: 3 - 2 - 2 = -1 (never funded), B: 1, C: nothing.
    assert out.notes["scores"] == {"A": -1, "B": 1, "C": 0}
    assert out.selected == ["B"]


def test_qv_signed_credits_count_negative_votes() -> None:
    inst, prof = make(["A", "B"], [{0: -3, 1: 1}], budget=10)
    with pytest.raises(InputError, match="spends 10 credits"):
        qv(inst, prof, credits=9, signed=True)


@pytest.mark.parametrize("extra", [{}, {"credits": True}, {"credits": -1}, {"credits": "9"}])
def test_qv_credits_option_required(extra: dict[str, object]) -> None:
    inst, prof = make(["A"], [{0: 1}], budget=10)
    with pytest.raises(InputError, match="credits"):
        qv(inst, prof, **extra)


def test_qv_threshold_and_exclusive() -> None:
    ballots: Ballots = [{0: 3, 1: 2}, {1: 2, 2: 1}]
    inst, prof = make(["A", "B", "C"], ballots, costs=[1, 1, 1], budget=10)
    # Scores A 3, B 4, C 1.
    opts = Options(extra={"credits": 13}, threshold=2, exclusive=(frozenset({0, 1}),))
    assert allocate(inst, prof, "quadratic-voting", opts).selected == ["B"]


vote_ballots = st.lists(
    st.dictionaries(st.integers(0, 4), st.integers(-4, 4), max_size=5), min_size=0, max_size=10
)


@settings(max_examples=200, deadline=None)
@given(
    ballots=vote_ballots,
    credits=st.integers(0, 40),
    costs=st.lists(st.integers(0, 10), min_size=5, max_size=5),
    budget=st.integers(0, 30),
    signed=st.booleans(),
)
def test_qv_matches_reference(
    ballots: Ballots, credits: int, costs: list[int], budget: int, signed: bool
) -> None:
    inst, prof = make(["a", "b", "c", "d", "e"], ballots, costs=costs, budget=budget)
    invalid = any(sum(v * v for v in b.values()) > credits for b in ballots) or (
        not signed and any(v < 0 for b in ballots for v in b.values())
    )
    if invalid:
        with pytest.raises(InputError):
            qv(inst, prof, credits=credits, signed=signed)
        return
    out = qv(inst, prof, credits=credits, signed=signed)
    scores = [sum(b.get(j, 0) for b in ballots) for j in range(5)]
    left, chosen = budget, []
    for j in sorted(range(5), key=lambda j: (-scores[j], j)):
        if scores[j] > 0 and costs[j] <= left:
            chosen.append("abcde"[j])
            left -= costs[j]
    assert out.selected == chosen
    assert out.total_cost == budget - left
