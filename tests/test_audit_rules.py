"""The auditor's reference allocation rules against the engine's (differential tests).

``oylama_audit.rules`` is written from docs/rules and record.md §2 item 12 alone; the engine's
``oylama.tally`` is the implementation that publishes outcomes. They must agree on every
instance: random ones (hypothesis) and the real Pabulib elections in ../shared/pabulib, with
the per-project totals the files publish.
"""

from __future__ import annotations

from itertools import product
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oylama import pabulib
from oylama.tally import Instance, Options, Profile, TieBreak, allocate, allocate_totals
from oylama_audit import rules
from oylama_audit._errors import NotFromTotalsError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PABULIB = SHARED / "pabulib"
LARGEST = 3  # the benchmark files, skipped here to keep the suite fast

UTILITIES = {
    "approval": (None, "cost", "cardinality"),
    "cumulative": (None, "points"),
}


def _engine(
    ids: list[str],
    costs: list[int],
    budget: int,
    scores: list[int],
    *,
    rule: str,
    kind: str,
    utility: str | None,
    tie_break: str,
) -> tuple[list[str], int]:
    instance = Instance(tuple(ids), np.asarray(costs, dtype=np.int64), budget)
    options = Options(tie_break=TieBreak(tie_break), utility=utility)  # type: ignore[arg-type]
    outcome = allocate_totals(instance, kind, scores, rule, options)  # type: ignore[arg-type]
    return list(outcome.selected), int(outcome.total_cost)


def _ours(
    ids: list[str],
    costs: list[int],
    budget: int,
    scores: list[int],
    *,
    rule: str,
    kind: str,
    utility: str | None,
    tie_break: str,
) -> tuple[list[str], int]:
    got = rules.allocate(
        rule, ids, costs, budget, scores, kind=kind, utility=utility, tie_break=tie_break
    )
    return got.selected, got.total_cost


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[str], list[int], int, list[int]]:
    n = draw(st.integers(1, 8))
    # Ids whose text order differs from file order, so the two tie-breaks differ.
    ids = draw(st.permutations([f"p{k:02d}" for k in range(n)]))
    costs = draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
    budget = draw(st.integers(0, 120))
    scores = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    return list(ids), costs, budget, scores


@settings(max_examples=300, deadline=None)
@given(
    inst=instances(),
    rule=st.sampled_from(["greedy", "greedy-no-skip", "max-welfare"]),
    kind=st.sampled_from(["approval", "cumulative"]),
    utility_pick=st.integers(0, 2),
    tie_break=st.sampled_from(["file-order", "pabutools"]),
)
def test_score_rules_agree_with_the_engine(
    inst: tuple[list[str], list[int], int, list[int]],
    rule: str,
    kind: str,
    utility_pick: int,
    tie_break: str,
) -> None:
    ids, costs, budget, scores = inst
    utilities = UTILITIES[kind]
    utility = utilities[utility_pick % len(utilities)]
    args = dict(rule=rule, kind=kind, utility=utility, tie_break=tie_break)
    assert _ours(ids, costs, budget, scores, **args) == _engine(ids, costs, budget, scores, **args)


@settings(max_examples=200, deadline=None)
@given(
    inst=instances(),
    signs=st.lists(st.booleans(), min_size=8, max_size=8),
    tie_break=st.sampled_from(["file-order", "pabutools"]),
)
def test_quadratic_voting_agrees_with_the_engine(
    inst: tuple[list[str], list[int], int, list[int]], signs: list[bool], tie_break: str
) -> None:
    ids, costs, budget, scores = inst
    net = [-s if neg else s for s, neg in zip(scores, signs, strict=False)]
    args = dict(rule="quadratic-voting", kind="quadratic", utility=None, tie_break=tie_break)
    assert _ours(ids, costs, budget, net, **args) == _engine(ids, costs, budget, net, **args)


def _approval_profile(scores: list[int]) -> Profile:
    """Voters naming one project each, ``scores[j]`` of them for project ``j``."""
    keep = [j for j, s in enumerate(scores) if s > 0]
    return Profile(
        kind="approval",
        num_projects=len(scores),
        indptr=np.arange(len(keep) + 1, dtype=np.int64),
        indices=np.asarray(keep, dtype=np.int64),
        points=None,
        multiplicity=np.asarray([scores[j] for j in keep], dtype=np.int64),
    )


@settings(max_examples=200, deadline=None)
@given(
    inst=instances(),
    rule=st.sampled_from(["greedy-threshold", "greedy-custom", "greedy", "greedy-no-skip"]),
    threshold=st.integers(0, 5),
    percent=st.integers(0, 100),
    tie_break=st.sampled_from(["file-order", "pabutools"]),
)
def test_threshold_and_poznan_top_up_agree_with_the_engine(
    inst: tuple[list[str], list[int], int, list[int]],
    rule: str,
    threshold: int,
    percent: int,
    tie_break: str,
) -> None:
    ids, costs, budget, scores = inst
    instance = Instance(tuple(ids), np.asarray(costs, dtype=np.int64), budget)
    options = Options(
        tie_break=TieBreak(tie_break), threshold=threshold, extra={"top_up_percent": percent}
    )
    engine = allocate(instance, _approval_profile(scores), rule, options)
    ours = rules.greedy(
        ids,
        costs,
        budget,
        scores,
        rule=rule,
        tie_break=tie_break,
        threshold=threshold,
        top_up_percent=percent,
    )
    assert ours.selected == list(engine.selected)
    assert ours.total_cost == int(engine.total_cost)
    if rule == "greedy-custom":
        top = engine.notes.get("top_up")
        assert ours.notes.get("top_up") == (top["project"] if isinstance(top, dict) else top)


def test_max_welfare_is_the_lexicographic_optimum_by_brute_force() -> None:
    """Independent of the engine: all subsets of a few small instances."""
    cases = [
        (["a", "b", "c", "d"], [3, 4, 5, 2], 7, [5, 6, 7, 1]),
        (["a", "b", "c"], [2, 2, 2], 4, [1, 1, 1]),
        (["a", "b", "c", "d"], [0, 5, 5, 10], 10, [1, 2, 2, 4]),
    ]
    for ids, costs, budget, scores in cases:
        best: tuple[int, tuple[int, ...]] | None = None
        for pick in product((1, 0), repeat=len(ids)):
            if sum(c for c, x in zip(costs, pick, strict=True) if x) > budget:
                continue
            if any(x and s == 0 for s, x in zip(scores, pick, strict=True)):
                continue
            w = sum(s for s, x in zip(scores, pick, strict=True) if x)
            if best is None or w > best[0] or (w == best[0] and pick > best[1]):
                best = (w, pick)
        assert best is not None
        got = rules.max_welfare(ids, costs, budget, scores)
        assert got.selected == [i for i, x in zip(ids, best[1], strict=True) if x]
        assert got.notes["welfare"] == best[0]


def test_rules_that_need_ballots_are_refused() -> None:
    for rule in ("mes", "mes-add1", "quadratic-funding"):
        with pytest.raises(NotFromTotalsError):
            rules.allocate(rule, ["a"], [1], 1, [1], kind="approval")
    with pytest.raises(NotFromTotalsError):
        rules.allocate("greedy", ["a"], [1], 1, [1], kind="cumulative", utility="cost")
    with pytest.raises(NotFromTotalsError):
        rules.allocate("greedy", ["a"], [1], 1, [1], kind="quadratic")


def _pabulib_files() -> list[Path]:
    if not PABULIB.is_dir():
        pytest.skip(f"{PABULIB} not present")
    files = sorted(PABULIB.glob("*.pb"), key=lambda p: p.stat().st_size)
    return files[:-LARGEST]


def test_pabulib_elections_agree_with_the_engine() -> None:
    compared = 0
    for path in _pabulib_files():
        election = pabulib.read(path)
        instance, _ = election.to_tally()
        vote_type = election.meta.get("vote_type", "approval")
        column, kind = (
            ("votes", "approval")
            if vote_type in ("approval", "choose-1")
            else ("score", "cumulative")
        )
        if any(column not in p.columns or not p.columns[column] for p in election.projects):
            continue
        scores = [int(p.columns[column]) for p in election.projects]
        ids = list(instance.project_ids)
        costs = [int(c) for c in instance.costs]
        for rule in ("greedy", "greedy-no-skip", "max-welfare"):
            for utility in UTILITIES[kind]:
                for tie_break in ("file-order", "pabutools"):
                    args = dict(rule=rule, kind=kind, utility=utility, tie_break=tie_break)
                    try:
                        ours = _ours(ids, costs, instance.budget, scores, **args)
                    except rules.TooLargeError:
                        continue
                    assert ours == _engine(ids, costs, instance.budget, scores, **args), (
                        path.name,
                        args,
                    )
                    compared += 1
    assert compared > 500
