"""allocate_totals: rules run on per-project totals give what they give on the ballots.

The oracle is the same rule run by :func:`oylama.tally.allocate` on a full random profile
whose totals are then handed to :func:`allocate_totals`: the two must agree for every rule
in TOTALS_RULES, and rules that need individual ballots must be refused.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.errors import InputError
from oylama.tally import (
    TOTALS_RULES,
    Instance,
    Options,
    Profile,
    TieBreak,
    allocate,
    allocate_totals,
)


@st.composite
def elections(draw: st.DrawFn, kind: str) -> tuple[Instance, Profile]:
    m = draw(st.integers(1, 7))
    costs = draw(st.lists(st.integers(0, 50), min_size=m, max_size=m))
    budget = draw(st.integers(0, 120))
    instance = Instance(tuple(f"p{j}" for j in range(m)), np.asarray(costs, np.int64), budget)
    n = draw(st.integers(0, 25))
    ballots, points = [], []
    for _ in range(n):
        chosen = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
        ballots.append(chosen)
        if kind == "cumulative":
            points.append([draw(st.integers(1, 5)) for _ in chosen])
        elif kind == "quadratic":
            points.append([draw(st.integers(-3, 3).filter(bool)) for _ in chosen])
    profile = Profile.from_ballots(
        "cumulative" if kind != "approval" else "approval",
        m,
        ballots,
        points if kind != "approval" else None,
    )
    return instance, profile


TIES = st.sampled_from(list(TieBreak))


@settings(max_examples=60, deadline=None)
@given(
    elections("approval"),
    st.sampled_from(["greedy", "greedy-no-skip", "max-welfare"]),
    st.sampled_from([None, "cost", "cardinality"]),
    TIES,
)
def test_approval_totals_agree_with_ballots(
    election: tuple[Instance, Profile], rule: str, utility: str | None, tie: TieBreak
) -> None:
    instance, profile = election
    options = Options(tie_break=tie, utility=utility)  # type: ignore[arg-type]
    want = allocate(instance, profile, rule, options)
    got = allocate_totals(instance, "approval", profile.approval_counts().tolist(), rule, options)
    assert got.selected == want.selected
    assert got.total_cost == want.total_cost


@settings(max_examples=60, deadline=None)
@given(
    elections("cumulative"),
    st.sampled_from(["greedy", "greedy-no-skip", "max-welfare"]),
    st.sampled_from([None, "points"]),
    TIES,
)
def test_cumulative_totals_agree_with_ballots(
    election: tuple[Instance, Profile], rule: str, utility: str | None, tie: TieBreak
) -> None:
    instance, profile = election
    options = Options(tie_break=tie, utility=utility)  # type: ignore[arg-type]
    want = allocate(instance, profile, rule, options)
    got = allocate_totals(instance, "cumulative", profile.point_totals().tolist(), rule, options)
    assert got.selected == want.selected


@settings(max_examples=60, deadline=None)
@given(elections("quadratic"), TIES)
def test_quadratic_totals_agree_with_ballots(
    election: tuple[Instance, Profile], tie: TieBreak
) -> None:
    instance, profile = election
    options = Options(tie_break=tie, extra={"credits": 100, "signed": True})
    want = allocate(instance, profile, "quadratic-voting", options)
    totals = profile.point_totals().tolist()
    got = allocate_totals(instance, "quadratic", totals, "quadratic-voting", options)
    assert got.selected == want.selected
    assert got.notes["scores"] == want.notes["scores"]


def _instance() -> Instance:
    return Instance(("a", "b"), np.asarray([1, 1], np.int64), 1)


@pytest.mark.parametrize("rule", ["mes", "mes-add1", "mes-greedy", "quadratic-funding"])
def test_rules_needing_ballots_are_refused(rule: str) -> None:
    assert rule not in TOTALS_RULES
    with pytest.raises(InputError, match="needs individual ballots"):
        allocate_totals(_instance(), "approval", [1, 2], rule)


def test_bad_totals_are_refused() -> None:
    with pytest.raises(InputError, match="3 totals given for 2 projects"):
        allocate_totals(_instance(), "approval", [1, 2, 3], "greedy")
    with pytest.raises(InputError, match="negative approval total"):
        allocate_totals(_instance(), "approval", [1, -2], "greedy")
    with pytest.raises(InputError, match="does not count approval totals"):
        allocate_totals(_instance(), "approval", [1, 2], "quadratic-voting")
    with pytest.raises(InputError, match="counts voters per project"):
        allocate_totals(_instance(), "cumulative", [1, 2], "greedy", Options(utility="cost"))
