"""max-welfare: exact knapsack optimum, its deterministic choice, its three engines."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat, parse_pabulib
from pabutools.election.satisfaction import SatisfactionMeasure
from pabutools.rules import max_additive_utilitarian_welfare

from oylama.errors import AllocationError, InputError
from oylama.pabulib import read
from oylama.tally import Instance, Options, Profile, TieBreak, allocate, welfare_capacity
from oylama.tally import _knapsack as knapsack

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib"

Case = tuple[list[int], list[int], int]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    m = draw(st.integers(1, 8))
    costs = draw(st.lists(st.integers(0, 40), min_size=m, max_size=m))
    scores = draw(st.lists(st.integers(0, 25), min_size=m, max_size=m))
    budget = draw(st.integers(0, 120))
    return costs, scores, budget


def brute(costs: list[int], scores: list[int], budget: int, prio: list[int]) -> list[int]:
    """All subsets of the positive-score projects: best score, then the tie-break rule
    (fund the earliest project in tie-break order that some optimal set funds, and so on)."""
    items = [j for j in range(len(costs)) if scores[j] > 0 and costs[j] <= budget]
    best: tuple[int, list[int]] | None = None
    for r in range(len(items) + 1):
        for sub in combinations(items, r):
            if sum(costs[j] for j in sub) > budget:
                continue
            score = sum(scores[j] for j in sub)
            # larger is better: score, then inclusion of projects in priority order
            key = [1 if j in sub else 0 for j in sorted(items, key=lambda k: prio[k])]
            if best is None or (score, key) > (best[0], _key(best[1], items, prio)):
                best = (score, list(sub))
    assert best is not None
    return sorted(best[1], key=lambda j: prio[j])


def _key(sub: list[int], items: list[int], prio: list[int]) -> list[int]:
    return [1 if j in sub else 0 for j in sorted(items, key=lambda k: prio[k])]


def _instance(costs: list[int], budget: int) -> tuple[Instance, Profile]:
    ids = tuple(f"q{9 - j}" for j in range(len(costs)))  # text order != file order
    inst = Instance(ids, np.asarray(costs, dtype=np.int64), budget)
    return inst, Profile.from_ballots("approval", len(costs), [])


@pytest.mark.parametrize("tie_break", list(TieBreak))
@settings(max_examples=150, deadline=None)
@given(c=cases())
def test_optimal_and_deterministic(tie_break: TieBreak, c: Case) -> None:
    costs, scores, budget = c
    inst, prof = _instance(costs, budget)
    opts = Options(tie_break=tie_break, scores=np.asarray(scores, dtype=np.int64))
    out = allocate(inst, prof, "max-welfare", opts)
    prio = [int(r) for r in tie_break.priority(inst)]
    want = brute(costs, scores, budget, prio)
    assert out.selected == [inst.project_ids[j] for j in want]
    assert out.notes["welfare"] == sum(scores[j] for j in want)
    assert sum(costs[inst.index(p)] for p in out.selected) <= budget


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(c=cases(), big=st.integers(1, 10**6))
def test_engines_agree(monkeypatch: pytest.MonkeyPatch, c: Case, big: int) -> None:
    """The plain DP, the bounded Pareto DP, HiGHS and the packed DP give the same set. Costs
    are spread over a large range (times ``big`` plus a small odd part) so that gcd tricks
    don't help.

    HiGHS decides in doubles, and on some such instances it contradicts itself (a set better
    than the "optimum" found later, or an optimum it cannot confirm): it must then raise
    :class:`AllocationError` -- never answer a wrong set -- so that ``max_welfare_set`` falls
    back to the packed DP. Its own answers, when it gives them, must be the optimum.
    """
    costs, scores, budget = c
    costs = [x * big + (x % 3) for x in costs]
    budget = budget * big
    inst, prof = _instance(costs, budget)
    opts = Options(scores=np.asarray(scores, dtype=np.int64))
    prio = [int(r) for r in TieBreak.FILE_ORDER.priority(inst)]
    want = [inst.project_ids[j] for j in brute(costs, scores, budget, prio)]
    with monkeypatch.context() as mp:
        mp.setattr(knapsack, "_DP_CELLS", 0)
        assert allocate(inst, prof, "max-welfare", opts).selected == want  # the frontier
        mp.setattr(knapsack, "_FRONTIER_CAP", 0)
        mp.setattr(knapsack, "fits_packed_dp", lambda *_: False)  # HiGHS alone
        try:
            assert allocate(inst, prof, "max-welfare", opts).selected == want
        except AllocationError as exc:
            assert "HiGHS" in str(exc) or "lexicographic" in str(exc)
    if budget <= 10**6:  # the packed DP (fits up to 2^24, but slowly for a test)
        with monkeypatch.context() as mp:
            mp.setattr(knapsack, "_DP_CELLS", 0)
            mp.setattr(knapsack, "_FRONTIER_CAP", 0)
            mp.setattr(knapsack, "_mip_lexicographic", _failing_mip)
            mp.setattr(knapsack, "_CHUNK", max(5, budget // 7))  # several chunks per row
            assert allocate(inst, prof, "max-welfare", opts).selected == want
        assert allocate(inst, prof, "max-welfare", opts).selected == want  # the plain DP


def _failing_mip(*_args: object) -> list[bool]:
    raise AllocationError("max-welfare: HiGHS optimum not confirmed (test)")


@settings(max_examples=80, deadline=None)
@given(c=cases(), chunk=st.integers(1, 64))
def test_packed_dp_equals_the_plain_dp(c: Case, chunk: int) -> None:
    """The bounded-memory DP takes exactly the plain DP's decisions, whatever the chunking."""
    costs, scores, budget = c
    paid = [(x + 1, s) for x, s in zip(costs, scores, strict=True)]
    pc, ps = [x for x, _ in paid], [s for _, s in paid]
    original = knapsack._CHUNK
    try:
        knapsack._CHUNK = chunk
        assert knapsack._dp_packed(pc, ps, budget, None) == knapsack._dp(pc, ps, budget)
    finally:
        knapsack._CHUNK = original


def test_large_costs_fall_back_to_the_packed_dp(monkeypatch: pytest.MonkeyPatch) -> None:
    """46 projects with costs in the billions (gcd 10^5: capacity about 1.3·10^6) and cost
    utility: when the unbounded engines give up, the packed DP answers, their set."""
    rng = np.random.default_rng(46)
    costs = (rng.integers(10**4, 10**5, size=46) * 10**5).astype(np.int64)
    approvals = rng.integers(1, 10**4, size=46)
    inst = Instance(tuple(f"p{j}" for j in range(46)), costs, int(costs.sum() // 2))
    assert knapsack.fits_packed_dp(46, welfare_capacity(costs.tolist(), inst.budget))
    opts = Options(scores=approvals.astype(np.int64), utility="cost", time_limit=120)
    prof = Profile.from_ballots("approval", 46, [])
    quick = allocate(inst, prof, "max-welfare", opts)
    monkeypatch.setattr(knapsack, "_frontier_lexicographic", _failing_mip)
    monkeypatch.setattr(knapsack, "_mip_lexicographic", _failing_mip)
    assert allocate(inst, prof, "max-welfare", opts).selected == quick.selected
    # beyond the packed DP's limits the failure is explained
    fine = Instance(inst.project_ids, costs + 1, inst.budget)
    with pytest.raises(AllocationError, match="budget / gcd"):
        allocate(fine, prof, "max-welfare", opts)


def test_profile_scores_and_cost_utility() -> None:
    inst = Instance(("a", "b", "c"), np.asarray([6, 5, 5], dtype=np.int64), 10)
    prof = Profile.from_ballots("approval", 3, [[0], [0], [0], [1], [1], [2], [2], [1, 2]])
    # approvals: a=3, b=3, c=3 -> b + c (6) beats a (3)
    assert allocate(inst, prof, "max-welfare").selected == ["b", "c"]
    # cost utility: a=18, b=15, c=15 -> b + c (30) still wins
    out = allocate(inst, prof, "max-welfare", Options(utility="cost"))
    assert out.notes["welfare"] == 30
    cum = Profile.from_ballots("cumulative", 3, [[0], [1], [2]], [[9], [4], [4]])
    assert allocate(inst, cum, "max-welfare").selected == ["a"]  # 9 points > 4 + 4


def test_time_limit_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knapsack, "_DP_CELLS", 0)
    rng = np.random.default_rng(7)
    costs = rng.integers(10**6, 10**7, size=60).astype(np.int64)
    scores = rng.integers(1, 10**4, size=60).astype(np.int64)
    inst = Instance(tuple(f"p{j}" for j in range(60)), costs, int(costs.sum() // 2))
    prof = Profile.from_ballots("approval", 60, [])
    with pytest.raises(AllocationError, match="time limit"):
        allocate(inst, prof, "max-welfare", Options(scores=scores, time_limit=1e-9))


def test_bad_scores_refused() -> None:
    inst, prof = _instance([1, 2], 3)
    with pytest.raises(InputError):
        allocate(inst, prof, "max-welfare", Options(scores=np.asarray([1], dtype=np.int64)))


# files where pabutools' max_additive_utilitarian_welfare takes about a second at most
FILES = [
    ("Poland_Swiecie_2023.pb", None),
    ("Poland_Swiecie_2023.pb", "cost"),
    ("Poland_Gdansk_2020_Olszynka.pb", None),
    ("Poland_Katowice_2021_Giszowiec.pb", None),
    ("Poland_Warszawa_2019_RudaMarymontLas_Bielanski.pb", "cost"),
    ("Poland_Lodz_2024_Zarzew.pb", None),
]


@pytest.mark.parametrize(("name", "utility"), FILES)
def test_same_welfare_as_pabutools(name: str, utility: str | None) -> None:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"shared Pabulib file not found: {path}")
    election = read(path)
    inst, prof = election.to_tally()
    out = allocate(inst, prof, "max-welfare", Options(utility=utility))  # type: ignore[arg-type]
    pi, pp = parse_pabulib(str(path))
    mp = pp.as_multiprofile()
    sat: type[SatisfactionMeasure]
    if utility == "cost":
        sat = Cost_Sat
    elif prof.kind == "cumulative":
        sat = Additive_Cardinal_Sat
    else:
        sat = Cardinality_Sat
    theirs = max_additive_utilitarian_welfare(pi, mp, sat_class=sat)
    assert out.notes["welfare"] == mp.as_sat_profile(sat).total_satisfaction(theirs)
    assert sum(int(inst.costs[inst.index(p)]) for p in out.selected) <= inst.budget


def test_highs_over_budget_regression(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by hypothesis: with HiGHS' default (scaled) tolerances this instance came back a
    few units over budget. Every engine must return the brute-force optimum within budget."""
    base = [20, 5, 0, 24, 1, 0, 10, 3]
    big = 92986
    costs = [x * big + (x % 3) for x in base]
    budget = 38 * big
    inst, prof = _instance(costs, budget)
    opts = Options(scores=np.asarray(base, dtype=np.int64))
    prio = [int(r) for r in TieBreak.FILE_ORDER.priority(inst)]
    want = [inst.project_ids[j] for j in brute(costs, base, budget, prio)]
    for frontier_cap in (10**9, 0):
        with monkeypatch.context() as mp:
            mp.setattr(knapsack, "_DP_CELLS", 0)
            mp.setattr(knapsack, "_FRONTIER_CAP", frontier_cap)
            assert allocate(inst, prof, "max-welfare", opts).selected == want
