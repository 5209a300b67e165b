"""The Method of Equal Shares: against pabutools, against the definition, on real elections.

pabutools (GPL) is only an oracle here. The reference checker below is written from the
definition of MES (per voter, exact Fractions, affordability found on the piecewise-linear
payment curve), independently of ``oylama.tally._mes``.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Project,
    parse_pabulib,
)
from pabutools.election import Instance as PInstance
from pabutools.election.profile import AbstractProfile
from pabutools.election.satisfaction import SatisfactionMeasure
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from oylama.errors import InputError
from oylama.pabulib import read
from oylama.tally import Instance, Options, Profile, TieBreak, allocate
from oylama.tally import _mes as mes_impl
from oylama.tally._mes import EQUALSHARES_META
from oylama.tally._mes_prep import _prepare
from oylama.tally._registry import RULES

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib"
BIG = {"Poland_Lodz_2022.pb", "Poland_Warszawa_2026.pb", "Poland_Wroclaw_2017.pb"}
# pabutools needs several seconds on this one (parse + MES); our side is covered elsewhere
SLOW_FOR_PABUTOOLS = {"Poland_Warszawa_2024_Ursus.pb"}
PB = TieBreak.PABUTOOLS

# ---------------------------------------------------------------------------------------
# the reference: MES from its definition, one voter at a time


def _utilities(
    costs: list[int], ballots: list[dict[int, int]], utility: str
) -> list[dict[int, int]]:
    """u_i(j) for every voter: ``ballots`` map project -> points (1 for approval)."""
    out = []
    for ballot in ballots:
        u = {}
        for j, pts in ballot.items():
            if pts <= 0:
                continue
            u[j] = {"cost": costs[j], "cardinality": 1, "points": pts}[utility]
        out.append(u)
    return out


def _rho(cost: int, budgets: list[Fraction], utils: list[int]) -> Fraction | None:
    """Least rho with sum_i min(b_i, rho u_i) >= cost; None if even all money is short.

    f(rho) = sum min(b_i, rho u_i) is piecewise linear with kinks at b_i / u_i: find the
    first kink where f reaches the cost, then solve the linear piece before it."""
    if sum(budgets) < cost:
        return None

    def f(r: Fraction) -> Fraction:
        return sum((min(b, r * u) for b, u in zip(budgets, utils, strict=True)), Fraction(0))

    kinks = sorted({b / u for b, u in zip(budgets, utils, strict=True)} - {Fraction(0)})
    prev = Fraction(0)  # f(0) = 0 < cost: MES only prices projects that cost something
    for t in kinks:
        if f(t) >= cost:
            # no kink strictly between prev and t: f is linear there, with the slope of
            # the voters not yet capped at their budget
            slope = sum(u for b, u in zip(budgets, utils, strict=True) if b >= t * u)
            return prev + (cost - f(prev)) / slope
        prev = t
    raise AssertionError("affordable project without a kink reaching its cost")


def reference_mes(
    *,
    costs: list[int],
    budget: int,
    ballots: list[dict[int, int]],
    utility: str,
    prio: list[int],
    x: Fraction,
) -> list[int]:
    """MES by the definition, asserting its payment invariants at every step."""
    utils = _utilities(costs, ballots, utility)
    n = len(utils)
    b = [x] * n
    spent = Fraction(0)
    supported = [j for j in range(len(costs)) if any(u.get(j, 0) > 0 for u in utils)]
    free = sorted((j for j in supported if costs[j] == 0), key=lambda j: prio[j])
    open_ = {j for j in supported if costs[j] > 0}
    seq: list[int] = []
    while True:
        rhos = {}
        for j in open_:
            sup = [i for i in range(n) if utils[i].get(j, 0) > 0]
            r = _rho(costs[j], [b[i] for i in sup], [utils[i][j] for i in sup])
            if r is not None:
                rhos[j] = r
        if not rhos:
            for j in open_:  # stop only when nothing is affordable
                sup = [i for i in range(n) if utils[i].get(j, 0) > 0]
                assert sum(b[i] for i in sup) < costs[j]
            assert spent <= n * x
            return free + seq
        best = min(rhos.values())
        w = min((j for j in rhos if rhos[j] == best), key=lambda j: prio[j])
        # no other open project was affordable at a better rho
        assert all(
            rhos[j] > best or (rhos[j] == best and prio[j] > prio[w]) for j in rhos if j != w
        )
        pay = [min(b[i], best * utils[i].get(w, 0)) for i in range(n)]
        assert sum(pay) == costs[w], "supporters pay exactly the cost"
        for i in range(n):
            assert 0 <= pay[i] <= b[i], "nobody pays more than she has"
            if utils[i].get(w, 0) == 0:
                assert pay[i] == 0
            elif pay[i] < b[i]:
                assert pay[i] == best * utils[i][w], "equal shares (per utility) for the rich"
            b[i] -= pay[i]
        spent += costs[w]
        seq.append(w)
        open_.discard(w)


def reference_add1(
    costs: list[int], budget: int, ballots: list[dict[int, int]], utility: str, prio: list[int]
) -> list[int]:
    """add1 by its definition: shares B/n, B/n + 1, ... until over budget or exhaustive."""
    n = len(ballots)
    x = Fraction(budget, n)
    supported = {j for u in _utilities(costs, ballots, utility) for j in u if costs[j] > 0}
    prev: list[int] | None = None
    while True:
        out = reference_mes(
            costs=costs, budget=budget, ballots=ballots, utility=utility, prio=prio, x=x
        )
        total = sum(costs[j] for j in out)
        if total > budget:
            assert prev is not None
            return prev
        if all(costs[j] > budget - total for j in supported if j not in out):
            return out
        prev = out
        x += 1


# ---------------------------------------------------------------------------------------
# random small elections


Election = tuple[list[int], int, list[dict[int, int]]]


@st.composite
def elections(
    draw: st.DrawFn, kind: str = "approval", free: bool = False, zero: bool = False
) -> Election:
    m = draw(st.integers(1, 6))
    lo = 0 if free else 1
    costs = draw(st.lists(st.integers(lo, 30), min_size=m, max_size=m))
    budget = draw(st.integers(0, 70))
    n = draw(st.integers(1, 6))
    ballots = []
    for _ in range(n):
        chosen = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
        if kind == "cumulative":
            ballots.append({j: draw(st.integers(0 if zero else 1, 4)) for j in chosen})
        else:
            ballots.append({j: 1 for j in chosen})
    return costs, budget, ballots


def _ours(
    costs: list[int], budget: int, ballots: list[dict[int, int]], kind: str
) -> tuple[Instance, Profile]:
    ids = tuple(f"p{j}" for j in range(len(costs)))
    inst = Instance(ids, np.asarray(costs, dtype=np.int64), budget)
    keys = [sorted(b) for b in ballots]
    pts = [[b[j] for j in k] for b, k in zip(ballots, keys, strict=True)]
    prof = Profile.from_ballots(kind, len(costs), keys, pts if kind == "cumulative" else None)  # type: ignore[arg-type]
    return inst, prof


def _pabu(
    costs: list[int], budget: int, ballots: list[dict[int, int]], kind: str
) -> tuple[PInstance, AbstractProfile]:
    projects = [Project(f"p{j}", c) for j, c in enumerate(costs)]
    inst = PInstance(projects, budget_limit=budget)
    prof: AbstractProfile
    if kind == "cumulative":
        prof = CumulativeProfile(
            [CumulativeBallot({projects[j]: p for j, p in b.items()}) for b in ballots],
            instance=inst,
        )
    else:
        prof = ApprovalProfile(
            [ApprovalBallot([projects[j] for j in b]) for b in ballots], instance=inst
        )
    return inst, prof


def _sat(utility: str) -> type[SatisfactionMeasure]:
    table: dict[str, type[SatisfactionMeasure]] = {
        "cost": Cost_Sat,
        "cardinality": Cardinality_Sat,
        "points": Additive_Cardinal_Sat,
    }
    return table[utility]


def _pabu_rule(
    rule: str, inst: PInstance, prof: AbstractProfile, sat: type[SatisfactionMeasure]
) -> list[str]:
    if rule == "mes":
        out = method_of_equal_shares(inst, prof, sat_class=sat)
    elif rule == "mes-add1":
        out = method_of_equal_shares(inst, prof, sat_class=sat, voter_budget_increment=1)
    else:
        first: dict[str, object] = {"sat_class": sat}
        if rule == "mes-add1-greedy":
            first["voter_budget_increment"] = 1
        out = completion_by_rule_combination(
            inst,
            prof,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [first, {"sat_class": sat}],
        )
    return [p.name for p in out]


MES_RULES = ["mes", "mes-add1", "mes-add1-greedy", "mes-greedy"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("rule", MES_RULES)
@pytest.mark.parametrize("utility", ["cost", "cardinality"])
@SETTINGS
@given(e=elections())
def test_matches_pabutools_approval(rule: str, utility: str, e: Election) -> None:
    costs, budget, ballots = e
    inst, prof = _ours(costs, budget, ballots, "approval")
    ours = allocate(inst, prof, rule, Options(tie_break=PB, utility=utility))  # type: ignore[arg-type]
    pi, pp = _pabu(costs, budget, ballots, "approval")
    assert ours.selected == _pabu_rule(rule, pi, pp, _sat(utility))


@pytest.mark.parametrize("rule", MES_RULES)
@SETTINGS
@given(e=elections(kind="cumulative"))
def test_matches_pabutools_cumulative_points(rule: str, e: Election) -> None:
    costs, budget, ballots = e
    inst, prof = _ours(costs, budget, ballots, "cumulative")
    ours = allocate(inst, prof, rule, Options(tie_break=PB))  # points by default
    assert ours.utility == "points"
    pi, pp = _pabu(costs, budget, ballots, "cumulative")
    assert ours.selected == _pabu_rule(rule, pi, pp, _sat("points"))


@pytest.mark.parametrize("utility", ["cost", "cardinality", "points"])
@pytest.mark.parametrize("tie_break", list(TieBreak))
@settings(max_examples=40, deadline=None)
@given(e=elections(kind="cumulative", free=True))
def test_matches_definition(utility: str, tie_break: TieBreak, e: Election) -> None:
    costs, budget, ballots = e
    inst, prof = _ours(costs, budget, ballots, "cumulative")
    opts = Options(tie_break=tie_break, utility=utility)  # type: ignore[arg-type]
    prio = [int(r) for r in tie_break.priority(inst)]
    x = Fraction(budget, len(ballots))
    want = reference_mes(
        costs=costs, budget=budget, ballots=ballots, utility=utility, prio=prio, x=x
    )
    got = allocate(inst, prof, "mes", opts)
    assert got.selected == [f"p{j}" for j in want]
    assert sum(costs[j] for j in want) <= budget
    if all(c > 0 for c in costs):
        add1 = reference_add1(costs, budget, ballots, utility, prio)
        assert allocate(inst, prof, "mes-add1", opts).selected == [f"p{j}" for j in add1]


@pytest.mark.parametrize("utility", ["cost", "cardinality", "points"])
@settings(max_examples=40, deadline=None)
@given(e=elections(kind="cumulative", zero=True))
def test_zero_points_are_no_support(utility: str, e: Election) -> None:
    """An entry with 0 points supports nothing, whatever the utility (docs/rules/mes.md)."""
    costs, budget, ballots = e
    inst, prof = _ours(costs, budget, ballots, "cumulative")
    opts = Options(tie_break=PB, utility=utility)  # type: ignore[arg-type]
    prio = [int(r) for r in PB.priority(inst)]
    want = reference_mes(
        costs=costs,
        budget=budget,
        ballots=ballots,
        utility=utility,
        prio=prio,
        x=Fraction(budget, len(ballots)),
    )
    assert allocate(inst, prof, "mes", opts).selected == [f"p{j}" for j in want]
    add1 = reference_add1(costs, budget, ballots, utility, prio)
    assert allocate(inst, prof, "mes-add1", opts).selected == [f"p{j}" for j in add1]


@SETTINGS
@given(e=elections())
def test_huge_amounts_same_outcome(e: Election) -> None:
    """Amounts near 2**57 units (sums past float's exact integers, so exact sums take the
    integer path) give the outcome of the same election in small units."""
    costs, budget, ballots = e
    inst, prof = _ours(costs, budget, ballots, "approval")
    f = 2**52
    big = Instance(inst.project_ids, inst.costs * f, budget * f, f)
    if any(ballots):
        prep = _prepare(big, prof, Options(), "cost")
        assert not prep.exact_bincount
    for rule in MES_RULES:
        opts = Options(tie_break=PB, utility="cost")
        assert allocate(big, prof, rule, opts).selected == allocate(inst, prof, rule, opts).selected


def test_merged_ballots_equal_separate_voters() -> None:
    """Multiplicity is the same as repeating a ballot (scale invariance of money too)."""
    ballots = [[0, 1], [0, 1], [0, 1], [2], [1, 2], [2]]
    merged = Profile.from_ballots("approval", 3, ballots)
    assert merged.num_ballots == 3
    inst = Instance(("a", "b", "c"), np.asarray([40, 30, 50], dtype=np.int64), 100)
    scaled = Instance(("a", "b", "c"), np.asarray([4000, 3000, 5000], dtype=np.int64), 10000, 100)
    for rule in MES_RULES:
        a = allocate(inst, merged, rule)
        b = allocate(scaled, merged, rule)
        assert a.selected == b.selected
        assert a.total_cost == b.total_cost


def test_free_projects_come_first_and_unsupported_never() -> None:
    """With cost utility a free project is worth nothing (as in pabutools); with
    cardinality utility a supported free project is funded up front."""
    inst = Instance(("a", "b", "c", "d"), np.asarray([0, 10, 0, 5], dtype=np.int64), 10)
    prof = Profile.from_ballots("approval", 4, [[0, 1], [1], [1, 3]])
    out = allocate(inst, prof, "mes", Options(utility="cardinality"))
    assert out.selected[0] == "a"
    assert "c" not in out.selected  # free but nobody wants it
    assert "b" in out.selected


def test_equalshares_meta_names_are_rules() -> None:
    assert EQUALSHARES_META["equalshares"] == "mes"
    assert EQUALSHARES_META["equalshares/add1"] == "mes-add1"
    for rule in EQUALSHARES_META.values():
        assert rule in RULES


# ---------------------------------------------------------------------------------------
# real elections


def _files(kinds: tuple[str, ...]) -> list[Path]:
    if not SHARED.is_dir():
        return []
    out = []
    for path in sorted(SHARED.glob("*.pb")):
        if path.name in BIG or path.name in SLOW_FOR_PABUTOOLS:
            continue
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        if any(f"vote_type;{k}" in head for k in kinds):
            out.append(path)
    return out


def _need_shared() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"shared Pabulib files not found at {SHARED}")


def _load(path: Path) -> tuple[Instance, Profile]:
    return read(path).to_tally()


# files where pabutools' add1 (and its greedy completion) runs in about a second at most
ADD1_FILES = [
    "Poland_Gdansk_2020_Olszynka.pb",
    "Poland_Gdynia_2021_Grabowek__large.pb",
    "Poland_Gdynia_2021_Oksywie__large.pb",
    "Poland_Gdynia_2023_Cisowa__large.pb",
    "Poland_Gdynia_2025_Redlowo__small.pb",
    "Poland_Lodz_2024_Wiskitno.pb",
    "Poland_Poznan_2023_2_-_Kiekrz_Krzyzowniki-Smochowice_Podolany_Strzeszyn.pb",
    "Poland_Poznan_2023_9_-_Stare_Miasto.pb",
    "Poland_Warszawa_2018_RadiowoWolka_WeglowaPlacowkaHuta.pb",
]


@pytest.mark.parametrize("path", _files(("approval",)), ids=lambda p: p.stem[:40])
def test_shared_approval_mes_and_greedy(path: Path) -> None:
    inst, prof = _load(path)
    pi, pp = parse_pabulib(str(path))
    mp = pp.as_multiprofile()
    opts = Options(tie_break=PB, utility="cost")
    theirs = method_of_equal_shares(pi, mp, sat_class=Cost_Sat)
    assert allocate(inst, prof, "mes", opts).selected == [p.name for p in theirs]
    # pabutools' completion_by_rule_combination, without running MES a second time
    if not pi.is_exhaustive(theirs):
        theirs = greedy_utilitarian_welfare(
            pi, mp, sat_class=Cost_Sat, initial_budget_allocation=theirs
        )
    assert allocate(inst, prof, "mes-greedy", opts).selected == [p.name for p in theirs]


@pytest.mark.parametrize("path", _files(("cumulative",)), ids=lambda p: p.stem[:40])
def test_shared_cumulative_mes(path: Path) -> None:
    inst, prof = _load(path)
    pi, pp = parse_pabulib(str(path))
    ours = allocate(inst, prof, "mes", Options(tie_break=PB))
    assert ours.selected == _pabu_rule("mes", pi, pp.as_multiprofile(), _sat("points"))


@pytest.mark.parametrize("name", ADD1_FILES, ids=lambda n: n[:40])
def test_shared_add1(name: str) -> None:
    _need_shared()
    path = SHARED / name
    inst, prof = _load(path)
    pi, pp = parse_pabulib(str(path))
    mp = pp.as_multiprofile()
    for rule in ("mes-add1", "mes-add1-greedy"):
        ours = allocate(inst, prof, rule, Options(tie_break=PB, utility="cost"))
        assert ours.selected == _pabu_rule(rule, pi, mp, _sat("cost")), rule


def test_swiecie_official_outcome() -> None:
    """Świecie 2023 was counted with MES + add1 (META rule equalshares/add1)."""
    _need_shared()
    e = read(SHARED / "Poland_Swiecie_2023.pb")
    assert EQUALSHARES_META[e.meta["rule"]] == "mes-add1"
    inst, prof = e.to_tally()
    official = {p.project_id for p in e.projects if p.columns["selected"] == "1"}
    out = allocate(inst, prof, "mes-add1")
    assert set(out.selected) == official
    plain = allocate(inst, prof, "mes")
    assert set(plain.selected) != official  # add1 matters here


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Gdansk_2020_Olszynka.pb",
        "Poland_Gdynia_2025_Redlowo__small.pb",
        "Poland_Poznan_2023_9_-_Stare_Miasto.pb",
        "Poland_Katowice_2024_Szopienice_-_Burowiec.pb",
    ],
    ids=lambda n: n[:30],
)
def test_add1_jumps_are_honest(name: str) -> None:
    """Every grid budget that add1 skips really has the outcome of the run that skipped it
    (checked by running plain MES at each skipped budget)."""
    _need_shared()
    inst, prof = _load(SHARED / name)
    opts = Options(tie_break=PB, utility="cost")
    prep = _prepare(inst, prof, opts, "cost")
    x0 = mes_impl._start(inst, prof)
    k, jumps = 0, 0
    while k < 2000:
        state = mes_impl._MES(prep, x0 + k * inst.scale, certify=True)
        run = state.run_rounds()
        last = mes_impl._last_valid_step(state, x0, inst.scale, k)
        for kk in range(k + 1, last + 1):
            assert mes_impl._mes_run(prep, x0 + kk * inst.scale).selected == run.selected
        jumps += last > k
        total = sum(prep.costs[j] for j in run.selected)
        if total > inst.budget:
            break
        k = last + 1
    assert jumps > 0


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Czestochowa_2020_Trzech_Wieszczow.pb",
        "Poland_Katowice_2024_Szopienice_-_Burowiec.pb",
        "Poland_Swiecie_2023.pb",
        "Poland_Wroclaw_2017.pb",
    ],
    ids=lambda n: n[:30],
)
@pytest.mark.parametrize("copies", [True, False], ids=["restored", "replayed"])
def test_add1_resumed_runs_are_honest(
    name: str, copies: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """add1's chain of runs as it is made, each resuming the previous certified run where
    its first rounds still hold: every run equals plain MES from scratch at its budget,
    and every budget its certificate skips has that outcome too. Resumed runs restore the
    state from the earlier run's copies, or (no copies kept) replay its payments."""
    _need_shared()
    if not copies:
        monkeypatch.setattr(mes_impl, "_SNAP_BYTES", 0)
    inst, prof = _load(SHARED / name)
    prep = _prepare(inst, prof, Options(tie_break=PB, utility="cost"), "cost")
    x0 = mes_impl._start(inst, prof)
    k, resumed, jumps = 0, 0, 0
    after = None
    while k < 2000:
        x = x0 + k * inst.scale
        state = mes_impl._next_run(prep, x, True, after)
        resumed += state.resumed_at > 0
        assert state.run.selected == mes_impl._mes_run(prep, x).selected
        last = mes_impl._last_valid_step(state, x0, inst.scale, k)
        for kk in range(k + 1, last + 1):
            assert mes_impl._mes_run(prep, x0 + kk * inst.scale).selected == state.run.selected
        jumps += last > k
        if sum(prep.costs[j] for j in state.run.selected) > inst.budget:
            break
        after, k = state, last + 1
    assert resumed > 0 and jumps > 0


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Katowice_2024_Szopienice_-_Burowiec.pb",
        "Poland_Swiecie_2023.pb",
        "Poland_Wroclaw_2017.pb",
    ],
    ids=lambda n: n[:30],
)
def test_float_grid_floors_equal_exact_ones(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Along add1's chain of runs, the last valid step read from float breakpoints where no
    grid budget is near equals the one found with every condition decided exactly."""
    _need_shared()
    inst, prof = _load(SHARED / name)
    prep = _prepare(inst, prof, Options(tie_break=PB, utility="cost"), "cost")
    x0 = mes_impl._start(inst, prof)
    grid_floor = mes_impl._grid_floor
    k, after, floats = 0, None, 0
    while k < 2000:
        state = mes_impl._next_run(prep, x0 + k * inst.scale, True, after)
        exact_before = sum(c.exact is not None for c in state.run.conds)
        last = mes_impl._last_valid_step(state, x0, inst.scale, k)
        floats += sum(c.exact is None for c in state.run.conds) > 0
        monkeypatch.setattr(mes_impl, "_grid_floor", lambda *a: None)
        assert mes_impl._last_valid_step(state, x0, inst.scale, k) == last, k
        assert sum(c.exact is not None for c in state.run.conds) >= exact_before
        monkeypatch.setattr(mes_impl, "_grid_floor", grid_floor)
        if sum(prep.costs[j] for j in state.run.selected) > inst.budget:
            break
        after, k = state, last + 1
    assert floats > 0


@settings(max_examples=300, deadline=None)
@given(
    x0=st.fractions(0, 10**6, max_denominator=10**4),
    step=st.integers(1, 1000),
    k=st.integers(0, 10**4),
    frac=st.floats(0.0, 1.0),
    margin=st.floats(0.0, 50.0),
)
def test_grid_floor_is_sound(x0: Fraction, step: int, k: int, frac: float, margin: float) -> None:
    """Every point within ``margin`` of the float lies in the grid cell returned (checked
    in exact rationals), and a float far enough from every grid budget gets one."""
    xf = float(x0 + k * step) + frac * step
    got = mes_impl._grid_floor(xf, margin, x0, step)
    lo, hi = Fraction(xf) - Fraction(margin), Fraction(xf) + Fraction(margin)
    if got is not None:
        assert x0 + got * step <= lo and hi < x0 + (got + 1) * step
    cell = (Fraction(xf) - x0) // step
    gap = min(Fraction(xf) - (x0 + cell * step), x0 + (cell + 1) * step - Fraction(xf))
    if gap > Fraction(margin) * 2 + Fraction(1, 10**3):
        assert got == cell


@pytest.mark.parametrize("name", ["Poland_Wroclaw_2017.pb", "Poland_Swiecie_2023.pb"])
@pytest.mark.parametrize("copies", [True, False], ids=["restored", "replayed"])
def test_resume_at_its_own_budget_is_the_run(
    name: str, copies: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resumed at its own budget, a run's rounds all stand: restoring or replaying them
    (and redoing the round that found nothing affordable) gives the run again."""
    _need_shared()
    if not copies:
        monkeypatch.setattr(mes_impl, "_SNAP_BYTES", 0)
    inst, prof = _load(SHARED / name)
    prep = _prepare(inst, prof, Options(tie_break=PB, utility="cost"), "cost")
    x0 = mes_impl._start(inst, prof)
    for k in (0, 37, 101):
        x = x0 + k * inst.scale
        state = mes_impl._MES(prep, x, certify=True)
        state.run_rounds()
        rnd = mes_impl._first_broken_round(state, x)
        assert rnd >= 1
        again = mes_impl._resume(state, x, rnd)
        assert again.run.selected == state.run.selected


def test_refuses_what_it_cannot_honour() -> None:
    inst = Instance(("a", "b"), np.asarray([5, 5], dtype=np.int64), 10)
    prof = Profile.from_ballots("approval", 2, [[0], [1]])
    with pytest.raises(InputError):
        allocate(inst, prof, "mes", Options(exclusive=(frozenset({0, 1}),)))
    ordinal = Profile.from_ballots("ordinal", 2, [[1, 0]])
    with pytest.raises(InputError):
        allocate(inst, ordinal, "mes-add1")


# ---------------------------------------------------------------------------------------
# the add1 fast path against add1 run naively, one plain MES per budget step


def _naive_add1(inst: Instance, prof: Profile, opts: Options) -> list[str]:
    """add1 by its definition with our plain ``mes`` at every step: no jumps."""
    prep = _prepare(inst, prof, opts, "cost")
    x0 = mes_impl._start(inst, prof)
    supported = [j for j in range(inst.num_projects) if prep.sup_mu[j] > 0]
    prev: list[int] = []
    for k in range(10_000):
        sel = prep.free + mes_impl._mes_run(prep, x0 + k * inst.scale).selected
        spent = sum(int(inst.costs[j]) for j in sel)
        if spent > inst.budget:
            return [inst.project_ids[j] for j in prev]
        left = inst.budget - spent
        if not any(0 < inst.costs[j] <= left for j in supported if j not in sel):
            return [inst.project_ids[j] for j in sel]
        prev = sel
    raise AssertionError("add1 did not stop")


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Poznan_2023_9_-_Stare_Miasto.pb",
        "Poland_Swiecie_2023.pb",
        "Poland_Gdynia_2025_Redlowo__small.pb",
    ],
    ids=lambda n: n[:30],
)
def test_add1_fast_path_equals_naive_steps(name: str) -> None:
    _need_shared()
    inst, prof = _load(SHARED / name)
    opts = Options(tie_break=PB, utility="cost")
    assert allocate(inst, prof, "mes-add1", opts).selected == _naive_add1(inst, prof, opts)


@st.composite
def crowded(draw: st.DrawFn) -> Election:
    """Many voters with repeated ballots: supporters' budgets spread out, so affordability
    crosses many poor/rich splits (what the float search has to climb through)."""
    m = draw(st.integers(2, 7))
    costs = draw(st.lists(st.integers(1, 60), min_size=m, max_size=m))
    budget = draw(st.integers(10, 150))
    kinds = draw(
        st.lists(st.lists(st.integers(0, m - 1), unique=True, min_size=1), min_size=2, max_size=9)
    )
    reps = draw(st.lists(st.integers(1, 4), min_size=len(kinds), max_size=len(kinds)))
    ballots = [{j: 1 for j in b} for b, r in zip(kinds, reps, strict=True) for _ in range(r)]
    return costs, budget, ballots


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(e=crowded())
def test_add1_fast_path_equals_naive_steps_random(e: Election) -> None:
    costs, budget, ballots = e
    inst, prof = _ours(costs, budget, ballots, "approval")
    opts = Options(tie_break=PB, utility="cost")
    got = allocate(inst, prof, "mes-add1", opts).selected
    assert got == _naive_add1(inst, prof, opts)
    prio = [int(r) for r in PB.priority(inst)]
    assert got == [f"p{j}" for j in reference_add1(costs, budget, ballots, "cost", prio)]


def test_add1_fast_path_equals_naive_steps_larger_random() -> None:
    """Random elections of 10-120 distinct ballots over 4-13 projects (seeded): large
    enough that add1 resumes runs often; it still equals add1 run naively."""
    resumed = 0
    for seed in range(40):
        rng = np.random.default_rng(seed)
        m, nb = int(rng.integers(4, 14)), int(rng.integers(10, 120))
        costs = rng.integers(50, 2000, m).astype(np.int64)
        pop = rng.uniform(0.05, 0.6, m)
        ballots = []
        for r in rng.integers(1, 5, nb):
            b = [j for j in range(m) if rng.random() < pop[j]] or [int(rng.integers(m))]
            ballots += [b] * int(r)
        inst = Instance(tuple(f"p{j}" for j in range(m)), costs, int(costs.sum()) * 2 // 5)
        prof = Profile.from_ballots("approval", m, ballots)
        opts = Options(tie_break=PB, utility="cost")
        out = allocate(inst, prof, "mes-add1", opts)
        assert out.selected == _naive_add1(inst, prof, opts), seed
        assert isinstance(out.notes["resumed"], int)
        resumed += out.notes["resumed"]
    assert resumed > 0


@settings(max_examples=200, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(0, 50), st.integers(1, 9), st.integers(1, 5)), min_size=1, max_size=20
    ),
    cost=st.integers(1, 400),
    start=st.floats(0.01, 50.0),
)
def test_float_climb_agrees_with_sorting(
    data: list[tuple[int, int, int]], cost: int, start: float
) -> None:
    """The sort-free float search for rho finds the same value as sorting by budget / u."""
    xs = np.asarray([float(b) for b, _, _ in data])
    uf = np.asarray([float(u) for _, u, _ in data])
    mf = np.asarray([float(m) for _, _, m in data])
    if float(np.dot(mf, xs)) < cost:
        return  # unaffordable: guess() never searches
    mx, muf = mf * xs, mf * uf
    total = int(muf.sum())
    want = mes_impl._MES._sorted_rho(cost, xs, uf, mx, muf, total=total)
    got = mes_impl._MES._climb(cost, xs, uf, mx, muf, rho=start)
    if got is None:
        return  # it gives up and sorts
    assert got[0] == pytest.approx(want[0], rel=1e-12)
    # either split is a fixed point: the poor are exactly those who cannot pay rho * u
    assert np.array_equal(got[1], xs < got[0] * uf)


@pytest.mark.parametrize("name", ["Poland_Wroclaw_2017.pb", "Poland_Swiecie_2023.pb"])
def test_small_winner_certificates_equal_vector_ones(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Winners with few supporters are certified in plain Python, one look per budget class
    and side: the conditions (float breakpoints bit for bit) and the magnitude bound are
    those of the numpy path, at several budgets."""
    _need_shared()
    inst, prof = _load(SHARED / name)
    prep = _prepare(inst, prof, Options(tie_break=PB, utility="cost"), "cost")
    x0 = mes_impl._start(inst, prof)

    def conds(x: Fraction) -> tuple[list[tuple[object, ...]], float]:
        state = mes_impl._MES(prep, x, certify=True)
        state.run_rounds()
        got = [(c.kind, c.xf, c.strict, c.ballot, c.round, c.project) for c in state.run.conds]
        return got, state.magmax

    small = 0
    for k in (0, 1, 37, 101):
        x = x0 + k * inst.scale
        fast = conds(x)
        monkeypatch.setattr(mes_impl, "_SMALL", -1)
        assert conds(x) == fast, k
        monkeypatch.undo()
        small += sum(1 for c in fast[0] if c[0] == "W")
    assert small > 0  # the small path was taken and kept conditions
