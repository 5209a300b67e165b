"""Random valid choices (every kind, every bound) and the typed choice syntax of ``oylama vote``."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama.client import parse_choices, random_choices
from oylama.crypto import BallotStyle
from oylama.crypto._ballot_style import check_choices, check_style
from oylama.errors import InputError


@st.composite
def styles(draw: st.DrawFn) -> BallotStyle:
    kind = draw(st.sampled_from(["approval", "knapsack", "cumulative", "quadratic"]))
    n = draw(st.integers(1, 12))
    if kind == "approval":
        lo = draw(st.integers(0, n))
        hi = draw(st.one_of(st.none(), st.integers(max(lo, 1), n)))
        return BallotStyle(id="s", kind=kind, projects=n, min_count=lo, max_count=hi)
    if kind == "knapsack":
        costs = tuple(draw(st.lists(st.integers(1, 1000), min_size=n, max_size=n)))
        lo = draw(st.integers(0, n))
        cheapest = sum(sorted(costs)[:lo])
        budget = draw(st.integers(max(cheapest, 1), max(cheapest, 1) + 3000))
        hi = draw(st.one_of(st.none(), st.integers(max(lo, 1), n)))
        return BallotStyle(
            id="s", kind=kind, projects=n, costs=costs, budget=budget, min_count=lo, max_count=hi
        )
    if kind == "cumulative":
        return BallotStyle(id="s", kind=kind, projects=n, points=draw(st.integers(1, 30)))
    signed = draw(st.booleans())
    return BallotStyle(
        id="s",
        kind=kind,
        projects=n,
        max_votes=draw(st.integers(1, 31 if signed else 63)),
        signed=signed,
        credits=draw(st.integers(1, 400)),
    )


@settings(max_examples=300, deadline=None)
@given(styles(), st.integers(0, 2**32))
def test_random_choices_are_always_valid(style: BallotStyle, seed: int) -> None:
    check_style(style)
    choices = random_choices(style, random.Random(seed))
    check_choices(style, choices)  # raises InputError if not valid


def test_random_choices_vary_and_reach_the_bounds() -> None:
    """Not always the same vote: many distinct ones, and the extremes are reached."""
    rng = random.Random(7)
    style = BallotStyle(id="a", kind="approval", projects=4, min_count=1, max_count=3)
    seen = {tuple(random_choices(style, rng)) for _ in range(400)}
    assert len(seen) == 14  # every subset of size 1..3 of 4 projects
    q = BallotStyle(id="q", kind="quadratic", projects=3, max_votes=3, signed=True, credits=9)
    votes = [v for _ in range(300) for v in random_choices(q, rng)]
    assert min(votes) == -3 and max(votes) == 3
    c = BallotStyle(id="c", kind="cumulative", projects=2, points=5)
    totals = {sum(random_choices(c, rng)) for _ in range(300)}
    assert totals == set(range(6))


def test_random_choices_are_reproducible() -> None:
    style = BallotStyle(id="k", kind="knapsack", projects=5, costs=(3, 4, 5, 6, 7), budget=12)
    a = [random_choices(style, random.Random(1)) for _ in range(3)]
    b = [random_choices(style, random.Random(1)) for _ in range(3)]
    assert a == b


APPROVAL = BallotStyle(id="a", kind="approval", projects=3)
POINTS = BallotStyle(id="c", kind="cumulative", projects=3, points=10)
IDS = ["P-1", "P-2", "P-3"]


def test_parse_choices() -> None:
    assert parse_choices(APPROVAL, IDS, "P-1, P-3") == [1, 0, 1]
    assert parse_choices(APPROVAL, IDS, "") == [0, 0, 0]
    assert parse_choices(POINTS, IDS, "P-2=7,P-3=-1") == [0, 7, -1]


@pytest.mark.parametrize(
    ("style", "text", "match"),
    [
        (APPROVAL, "P-4", "'P-4' is not a project of ballot 'a'"),
        (APPROVAL, "P-1,P-1", "named twice"),
        (APPROVAL, "P-1=1", "without '='"),
        (POINTS, "P-1", "write PROJECT=VALUE"),
        (POINTS, "P-1=x", "'x' is not an integer"),
    ],
)
def test_parse_choices_refusals(style: BallotStyle, text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        parse_choices(style, IDS, text)
