"""The greedy family on hand-made instances: each rule's edge cases, its invariants, and
agreement with pabutools' greedy (an independent implementation) on random instances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.election import (
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
)
from pabutools.election import Instance as PbInstance
from pabutools.election import Project as PbProject
from pabutools.rules import greedy_utilitarian_welfare

from oylama.errors import InputError
from oylama.pabulib import PbElection, loads
from oylama.pabulib._recipe import official_recipe, options_for
from oylama.tally import BallotKind, Instance, Options, Profile, TieBreak, Utility, allocate
from oylama.tally._greedy import pabulib_scores

GREEDY_RULES = ("greedy", "greedy-no-skip", "greedy-threshold", "greedy-custom", "greedy-exclusive")


def make(costs: Sequence[int], budget: int, ids: Sequence[str] | None = None) -> Instance:
    ids = ids if ids is not None else [f"p{j}" for j in range(len(costs))]
    return Instance(tuple(ids), np.asarray(costs, dtype=np.int64), budget)


def approvals(m: int, counts: Sequence[int]) -> Profile:
    """A profile in which project j is approved by exactly counts[j] single-project ballots."""
    ballots = [[j] for j, c in enumerate(counts) for _ in range(c)]
    return Profile.from_ballots("approval", m, ballots)


def run(rule: str, inst: Instance, prof: Profile, **kw: object) -> list[str]:
    return allocate(inst, prof, rule, Options(**kw)).selected  # type: ignore[arg-type]


# --- greedy (skip) -------------------------------------------------------------------------


def test_greedy_skips_what_does_not_fit_and_keeps_going() -> None:
    inst = make([60, 50, 30, 10], 100)
    prof = approvals(4, [9, 8, 7, 6])
    assert run("greedy", inst, prof) == ["p0", "p2", "p3"]


def test_no_skip_stops_at_first_misfit() -> None:
    inst = make([60, 50, 30, 10], 100)
    prof = approvals(4, [9, 8, 7, 6])
    out = allocate(inst, prof, "greedy-no-skip")
    assert out.selected == ["p0"]
    assert out.notes["stopped_at"] == "p1"


def test_project_exactly_filling_the_budget_is_funded() -> None:
    inst = make([40, 60, 1], 100)
    prof = approvals(3, [5, 4, 3])
    for rule in ("greedy", "greedy-no-skip", "greedy-exclusive"):
        out = allocate(inst, prof, rule)
        assert out.selected == ["p0", "p1"], rule
        assert out.total_cost == 100


def test_zero_cost_projects_are_funded_even_with_no_money() -> None:
    inst = make([0, 10, 0], 0)
    prof = approvals(3, [1, 5, 0])
    assert run("greedy", inst, prof) == ["p0", "p2"]
    # In no-skip, the free project ranked above the misfit is funded, the one below is not.
    assert run("greedy-no-skip", inst, prof) == []  # p1 (5 votes) is first and does not fit
    inst2 = make([0, 10, 0], 5)
    prof2 = approvals(3, [6, 5, 0])
    assert run("greedy-no-skip", inst2, prof2) == ["p0"]


def test_ties_broken_by_file_order_or_by_id_text() -> None:
    inst = make([50, 50, 50], 100, ids=["b", "10", "9"])
    prof = approvals(3, [3, 3, 3])
    assert run("greedy", inst, prof) == ["b", "10"]
    # pabutools order compares ids as text: "10" < "9" < "b".
    assert run("greedy", inst, prof, tie_break=TieBreak.PABUTOOLS) == ["10", "9"]


def test_outcome_reports_published_amounts() -> None:
    inst = Instance(("a", "b"), np.asarray([12345, 500], dtype=np.int64), 20000, scale=100)
    out = allocate(inst, approvals(2, [2, 1]), "greedy")
    assert out.total_cost == Decimal("128.45")
    assert out.budget == 200
    assert out.rule == "greedy"


# --- thresholds ------------------------------------------------------------------------------


def test_threshold_boundary_is_inclusive() -> None:
    inst = make([10, 10, 10], 100)
    prof = approvals(3, [50, 49, 51])
    out = allocate(inst, prof, "greedy-threshold", Options(threshold=50))
    assert out.selected == ["p2", "p0"]
    assert out.notes["below_threshold"] == ["p1"]


def test_greedy_threshold_needs_a_threshold() -> None:
    with pytest.raises(InputError, match="threshold"):
        allocate(make([1], 1), approvals(1, [1]), "greedy-threshold")


def test_below_threshold_does_not_stop_no_skip() -> None:
    # Ranked by density, a cheap low-score project can come before a misfit; it is passed
    # over for the threshold, it does not end the walk.
    inst = make([1, 50, 40], 60)
    prof = approvals(3, [2, 10, 9])
    out = allocate(inst, prof, "greedy-no-skip", Options(threshold=5, utility="cardinality"))
    # Densities: p0 2/1, p2 9/40, p1 10/50.
    assert out.selected == ["p2"]
    assert out.notes["below_threshold"] == ["p0"]
    assert out.notes["stopped_at"] == "p1"


# --- Poznań top-up ---------------------------------------------------------------------------


@pytest.mark.parametrize(("cost", "topped_up"), [(125, True), (126, False), (101, True)])
def test_poznan_top_up_at_80_percent(cost: int, topped_up: bool) -> None:
    # Budget 500: p0 (400) fits, leaving 100, which is exactly 80% of 125 and less of 126.
    inst = make([400, cost, 10], 500)
    prof = approvals(3, [9, 8, 7])
    out = allocate(inst, prof, "greedy-custom")
    assert out.selected == ["p0"]  # stops at p1, never goes on to p2
    assert out.notes["stopped_at"] == "p1"
    assert ("top_up" in out.notes) is topped_up
    if topped_up:
        assert out.notes["top_up"] == "p1"
        assert out.notes["top_up_leftover"] == 100
    assert out.total_cost <= out.budget


def test_poznan_top_up_percent_option_is_checked() -> None:
    with pytest.raises(InputError, match="top_up_percent"):
        allocate(
            make([1], 1), approvals(1, [1]), "greedy-custom", Options(extra={"top_up_percent": 101})
        )


# --- exclusive groups ------------------------------------------------------------------------


def test_funding_a_project_excludes_its_group() -> None:
    inst = make([10, 10, 10], 100)
    prof = approvals(3, [9, 8, 7])
    out = allocate(inst, prof, "greedy-exclusive", Options(exclusive=(frozenset({0, 1}),)))
    assert out.selected == ["p0", "p2"]
    assert out.notes["excluded"] == {"p1": "p0"}


def test_unfunded_project_does_not_exclude() -> None:
    inst = make([200, 10, 10], 100)
    prof = approvals(3, [9, 8, 7])
    out = allocate(inst, prof, "greedy-exclusive", Options(exclusive=(frozenset({0, 1}),)))
    assert out.selected == ["p1", "p2"]


def test_overlapping_groups_and_bad_index() -> None:
    inst = make([10, 10, 10, 10], 100)
    prof = approvals(4, [9, 8, 7, 6])
    groups = (frozenset({0, 1}), frozenset({1, 2}))
    # p0 excludes p1 only; p1 never funded so p2 stays eligible.
    assert run("greedy-exclusive", inst, prof, exclusive=groups) == ["p0", "p2", "p3"]
    with pytest.raises(InputError, match="out of range"):
        allocate(inst, prof, "greedy-exclusive", Options(exclusive=(frozenset({0, 7}),)))


def test_without_groups_exclusive_is_greedy() -> None:
    inst = make([60, 50, 30, 10], 100)
    prof = approvals(4, [9, 8, 7, 6])
    assert run("greedy-exclusive", inst, prof) == run("greedy", inst, prof)


# --- scores and utilities ------------------------------------------------------------------


def test_given_scores_override_ballots_and_must_fit() -> None:
    inst = make([60, 50], 100)
    prof = approvals(2, [9, 8])
    scores = np.asarray([1, 2], dtype=np.int64)
    assert run("greedy", inst, prof, scores=scores) == ["p1"]
    with pytest.raises(InputError, match="scores"):
        run("greedy", inst, prof, scores=np.asarray([1], dtype=np.int64))


def test_cumulative_score_is_total_points() -> None:
    prof = Profile.from_ballots("cumulative", 2, [[0, 1], [1]], points=[[1, 2], [2]])
    assert pabulib_scores(prof).tolist() == [1, 4]
    assert prof.approval_counts().tolist() == [1, 2]


def test_ordinal_score_is_per_ballot_borda() -> None:
    prof = Profile.from_ballots("ordinal", 3, [[2, 0, 1], [0, 2], [1]])
    # ballot 1: 3,2,1 to p2,p0,p1; ballot 2: 2,1 to p0,p2; ballot 3: 1 to p1.
    assert pabulib_scores(prof).tolist() == [4, 2, 4]


def test_density_utilities() -> None:
    inst = make([10, 40, 0, 0], 40)
    prof = Profile.from_ballots(
        "cumulative", 4, [[0, 1], [1, 3]], points=[[1, 5], [5, 1]]
    )  # approvals: 1,2,0,1 ; points: 1,10,0,1
    # Pabulib score (points): p1 10, p0 1, p3 1, p2 0; p1 uses the whole budget.
    assert run("greedy", inst, prof) == ["p1", "p3", "p2"]
    by_points = allocate(inst, prof, "greedy", Options(utility="points")).selected
    # densities: p0 1/10, p1 10/40; free p3 (1 point) first, free p2 (no points) last.
    assert by_points == ["p3", "p1", "p2"]
    by_card = allocate(inst, prof, "greedy", Options(utility="cardinality")).selected
    # densities: p0 1/10 > p1 2/40.
    assert by_card == ["p3", "p0", "p2"]
    by_cost = allocate(inst, prof, "greedy", Options(utility="cost")).selected
    # voters naming: p1 (2) first, then p0/p3 (1) by file order; p0 no longer fits.
    assert by_cost == ["p1", "p3", "p2"]


def test_unknown_utility() -> None:
    with pytest.raises(InputError, match="utility"):
        run("greedy", make([1], 1), approvals(1, [1]), utility="happiness")


# --- invariants on random instances ---------------------------------------------------------


@st.composite
def instances(draw: st.DrawFn) -> tuple[Instance, Profile]:
    m = draw(st.integers(1, 7))
    costs = draw(st.lists(st.integers(0, 30), min_size=m, max_size=m))
    budget = draw(st.integers(0, 80))
    ids = draw(st.permutations([str(x) for x in (1, 2, 3, 10, 11, 20, 100)]))[:m]
    ballots = draw(st.lists(st.lists(st.integers(0, m - 1), unique=True, max_size=m), max_size=8))
    points = [draw(st.lists(st.integers(1, 4), min_size=len(b), max_size=len(b))) for b in ballots]
    kinds: tuple[BallotKind, ...] = ("approval", "cumulative")
    kind = draw(st.sampled_from(kinds))
    prof = Profile.from_ballots(kind, m, ballots, points if kind == "cumulative" else None)
    return make(costs, budget, ids), prof


@settings(max_examples=150, deadline=None)
@given(instances(), st.integers(0, 5), st.sampled_from(list(TieBreak)))
def test_budget_respected_and_skip_greedy_is_maximal(
    ip: tuple[Instance, Profile], threshold: int, tie: TieBreak
) -> None:
    inst, prof = ip
    scores = pabulib_scores(prof)
    for rule in GREEDY_RULES:
        out = allocate(inst, prof, rule, Options(threshold=threshold, tie_break=tie))
        chosen = [inst.index(p) for p in out.selected]
        spent = int(inst.costs[chosen].sum()) if chosen else 0
        assert spent <= inst.budget
        assert out.total_cost == spent
        assert all(scores[j] >= threshold for j in chosen)
        if rule in ("greedy", "greedy-threshold", "greedy-exclusive"):
            rest = [j for j in range(inst.num_projects) if j not in chosen]
            for j in rest:
                assert scores[j] < threshold or int(inst.costs[j]) > inst.budget - spent
        if rule in ("greedy-no-skip", "greedy-custom"):
            # A prefix of the skip-greedy walk.
            skip = allocate(inst, prof, "greedy", Options(threshold=threshold, tie_break=tie))
            assert skip.selected[: len(out.selected)] == out.selected


class _PointsTimesCost(AdditiveSatisfaction):  # type: ignore[misc]
    """pabutools satisfaction whose greedy density is a project's total points: the Pabulib
    cumulative greedy (sort by points) expressed as utilitarian greedy."""

    def __init__(self, instance: object, profile: object, ballot: object) -> None:
        super().__init__(
            instance, profile, ballot, lambda inst, prof, b, p, pre: b.get(p, 0) * p.cost
        )


def _pabutools(inst: Instance, prof: Profile) -> tuple[PbInstance, object, list[PbProject]]:
    projects = [PbProject(pid, int(c)) for pid, c in zip(inst.project_ids, inst.costs, strict=True)]
    pinst = PbInstance(projects, budget_limit=inst.budget)
    ballots: list[object] = []
    for b in range(prof.num_ballots):
        lo, hi = int(prof.indptr[b]), int(prof.indptr[b + 1])
        named = [projects[int(j)] for j in prof.indices[lo:hi]]
        for _ in range(int(prof.multiplicity[b])):
            if prof.points is None:
                ballots.append(ApprovalBallot(named))
            else:
                pts = [int(x) for x in prof.points[lo:hi]]
                ballots.append(CumulativeBallot(dict(zip(named, pts, strict=True))))
    if prof.points is None:
        return pinst, ApprovalProfile(ballots, instance=pinst), projects
    return pinst, CumulativeProfile(ballots, instance=pinst), projects


@settings(max_examples=150, deadline=None)
@given(instances())
def test_greedy_equals_pabutools_greedy(ip: tuple[Instance, Profile]) -> None:
    inst, prof = ip
    pinst, pprof, _ = _pabutools(inst, prof)
    cases: list[tuple[Utility | None, type]] = [
        (None, _PointsTimesCost if prof.points is not None else Cost_Sat),
        ("cost", Cost_Sat),
        ("cardinality", Cardinality_Sat),
    ]
    for utility, sat in cases:
        opts = Options(utility=utility, tie_break=TieBreak.PABUTOOLS)
        ours = allocate(inst, prof, "greedy", opts)
        theirs = greedy_utilitarian_welfare(pinst, pprof, sat_class=sat)
        assert set(ours.selected) == {p.name for p in theirs}, utility


# --- META recipe -----------------------------------------------------------------------------


def election(
    rule: str,
    *,
    extra_meta: str = "",
    vote_type: str = "approval",
    projects: str = "A;50;2;a\nB;30;1;b\nC;40;1;c",
    header: str = "project_id;cost;votes;name",
    votes: str = "voter_id;vote\n1;A,B\n2;A,C",
) -> PbElection:
    text = (
        "META\nkey;value\ndescription;test\ncountry;Nowhere\nunit;Test\ninstance;2026\n"
        f"num_projects;{projects.count(chr(10)) + 1}\nnum_votes;2\nbudget;100\n"
        f"vote_type;{vote_type}\nrule;{rule}\n{extra_meta}"
        f"PROJECTS\n{header}\n{projects}\nVOTES\n{votes}\n"
    )
    return loads(text)


@pytest.mark.parametrize("rule", ["unknown", "", "quota-greedy", "equalshares/add1-comparison"])
def test_recipe_refuses_rules_it_cannot_reproduce(rule: str) -> None:
    with pytest.raises(InputError, match="--rule"):
        official_recipe(election(rule))


@pytest.mark.parametrize(
    ("meta_rule", "ours"),
    [
        ("greedy", "greedy"),
        ("greedy-no-skip", "greedy-no-skip"),
        ("greedy-exclusive", "greedy-exclusive"),
        ("equalshares", "mes"),
        ("equalshares/add1", "mes-add1"),
    ],
)
def test_recipe_maps_meta_rule(meta_rule: str, ours: str) -> None:
    rule, opts = official_recipe(election(meta_rule), tie_break=TieBreak.PABUTOOLS)
    assert rule == ours
    assert opts.tie_break is TieBreak.PABUTOOLS
    assert opts.threshold is None and opts.scores is None and opts.exclusive == ()


def test_recipe_threshold() -> None:
    e = election("greedy-threshold", extra_meta="min_project_score_threshold;2\n")
    rule, opts = official_recipe(e)
    assert (rule, opts.threshold) == ("greedy-threshold", 2)
    inst, prof = e.to_tally()
    assert allocate(inst, prof, rule, opts).selected == ["A"]
    with pytest.raises(InputError, match="min_project_score_threshold"):
        official_recipe(election("greedy-threshold"))


def test_recipe_greedy_custom_needs_the_poznan_comment() -> None:
    with pytest.raises(InputError, match="Poznań"):
        official_recipe(election("greedy-custom"))
    comment = (
        "comment;#1: We fund projects until the next project on the list does not fit within "
        "the budget. Finally, if the remaining budget is enough to fund at least 75% of that "
        "project, we fund it as well.\n"
    )
    rule, opts = official_recipe(election("greedy-custom", extra_meta=comment))
    assert rule == "greedy-custom"
    assert opts.extra == {"top_up_percent": 75}


def test_recipe_reads_exclusive_groups_from_comments() -> None:
    comment = (
        "comment;#1: Something else. #2: In the small pool, projects A and B were treated by "
        "the city as mutually exclusive because they concern the same area.\n"
    )
    e = election("greedy-exclusive", extra_meta=comment)
    rule, opts = official_recipe(e)
    assert opts.exclusive == (frozenset({0, 1}),)
    inst, prof = e.to_tally()
    out = allocate(inst, prof, rule, opts)
    # Without the exclusion greedy funds A and B (then C no longer fits); B is excluded by A,
    # which leaves room for C.
    assert out.selected == ["A", "C"]
    assert allocate(inst, prof, "greedy").selected == ["A", "B"]
    bad = comment.replace("A and B", "A and Z")
    with pytest.raises(InputError, match="Z"):
        official_recipe(election("greedy-exclusive", extra_meta=bad))


def test_options_for_uses_ordinal_score_column() -> None:
    e = election(
        "greedy",
        vote_type="ordinal",
        header="project_id;cost;votes;score;name",
        projects="A;50;2;3;a\nB;30;1;7;b\nC;40;1;1;c",
    )
    opts = options_for(e, "greedy", utility=None)
    assert opts.scores is not None and opts.scores.tolist() == [3, 7, 1]
    with pytest.raises(InputError, match="utility"):
        options_for(e, "greedy", utility="joy")
