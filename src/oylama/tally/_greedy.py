"""The greedy family: the rules most cities actually use, as Pabulib records them.

Every variant ranks the projects once (by score, best first, ties by the tie-break priority)
and walks down that list with the money left. They differ only in what happens at a project
that does not fit (skip it, or stop) and in which projects may be funded at all (a minimum
score, groups of mutually exclusive projects). Keeping one ranking and one walk for all of
them means a difference between two variants' outcomes can only come from the one rule that
separates them.

Everything is integer: scores are vote or point totals, money is in units of
``1/instance.scale``, and density orders (score per unit of cost) are compared as exact
fractions. See ``docs/rules/greedy.md`` for the semantics and the Pabulib evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from oylama.errors import InputError
from oylama.tally._model import Instance, IntArray, Options, Outcome, Profile
from oylama.tally._registry import register

TOP_UP_PERCENT = 80
"""Poznań: the leftover must cover at least this share of the next project's cost."""


def pabulib_scores(profile: Profile) -> IntArray:
    """The score Pabulib greedy rules sort by, computed from the ballots.

    Approval and choose-1: the number of voters naming the project (the file's ``votes``).
    Cumulative and scoring: total points (the file's ``score``). Ordinal: total points when
    the ballots carry points, else the per-ballot Borda count (on a ballot naming ``k``
    projects the one ranked ``r``-th, from 0, gets ``k - r``): this reproduces the ``score``
    column of every ordinal file in the shared Pabulib set (Kraków's 3-2-1, Seattle,
    Mechanical Turk), but cities differ, so the Pabulib adapter passes the file's own
    column in :attr:`Options.scores` instead.
    """
    if profile.kind in ("approval", "choose-1"):
        return profile.approval_counts()
    if profile.kind in ("cumulative", "scoring") or profile.points is not None:
        return profile.point_totals()
    lengths = np.diff(profile.indptr)
    ballot_of_entry = np.repeat(np.arange(profile.num_ballots, dtype=np.int64), lengths)
    rank = np.arange(len(profile.indices), dtype=np.int64) - profile.indptr[ballot_of_entry]
    weight = (lengths[ballot_of_entry] - rank) * profile.multiplicity[ballot_of_entry]
    totals = np.zeros(profile.num_projects, dtype=np.int64)
    np.add.at(totals, profile.indices, weight)  # integer accumulation: no float rounding
    return totals


@dataclass(frozen=True, slots=True)
class Ranking:
    """The order a greedy rule walks, and the score each project is judged on.

    ``order`` lists project indices best first. ``score`` is the Pabulib score (the
    threshold is compared with it); ``key`` is what ``order`` sorts by, as text for notes.
    """

    order: list[int]
    score: list[int]
    key: str


def rank_projects(instance: Instance, profile: Profile, options: Options) -> Ranking:
    """Rank the projects for a greedy walk, exactly, ties by ``options.tie_break``.

    With ``options.utility`` unset the key is the Pabulib score (``options.scores`` if
    given, else :func:`pabulib_scores`). A utility names the welfare the walk maximises
    greedily: ``cost`` (a voter values a funded project at its cost: gain per unit of money is
    the number of voters naming it), ``cardinality`` (one per funded project named: voters
    per unit of cost) or ``points`` (points per unit of cost). Densities are exact fractions;
    a free project with a positive numerator ranks first, with a zero one last.
    """
    m = instance.num_projects
    if options.scores is not None:
        if len(options.scores) != m:
            raise InputError(f"{len(options.scores)} scores given for {m} projects")
        score = [int(s) for s in options.scores]
    else:
        score = [int(s) for s in pabulib_scores(profile)]
    priority = [int(p) for p in options.tie_break.priority(instance)]
    costs = [int(c) for c in instance.costs]
    utility = options.utility
    if utility is None:
        order = sorted(range(m), key=lambda j: (-score[j], priority[j]))
        return Ranking(order, score, "score")
    if utility == "cost":
        voters = [int(v) for v in profile.approval_counts()]
        order = sorted(range(m), key=lambda j: (-voters[j], priority[j]))
        return Ranking(order, score, "voters naming the project")
    if utility == "cardinality":
        gain = [int(v) for v in profile.approval_counts()]
    elif utility == "points":
        gain = [int(v) for v in profile.point_totals()]
    else:
        raise InputError(f"unknown utility {utility!r} for a greedy rule")

    def density(j: int) -> tuple[int, Fraction, int]:
        if costs[j] == 0:
            return (0, Fraction(0), priority[j]) if gain[j] > 0 else (2, Fraction(0), priority[j])
        return (1, -Fraction(gain[j], costs[j]), priority[j])

    order = sorted(range(m), key=density)
    return Ranking(order, score, f"{utility} per unit of cost")


def _exclusion_partners(instance: Instance, groups: Sequence[frozenset[int]]) -> list[set[int]]:
    """For each project, the projects it excludes once funded."""
    m = instance.num_projects
    partners: list[set[int]] = [set() for _ in range(m)]
    for group in groups:
        for j in group:
            if not 0 <= j < m:
                raise InputError(f"exclusive group names project index {j} out of range")
        for j in group:
            partners[j] |= group - {j}
    return partners


def _walk(
    rule: str,
    instance: Instance,
    profile: Profile,
    options: Options,
    *,
    stop_at_misfit: bool,
    top_up_percent: int | None = None,
) -> Outcome:
    """The one greedy walk every variant shares (see the module docstring)."""
    ranking = rank_projects(instance, profile, options)
    partners = _exclusion_partners(instance, options.exclusive)
    ids = instance.project_ids
    costs = [int(c) for c in instance.costs]
    left = int(instance.budget)
    selected: list[int] = []
    excluded_by: dict[str, str] = {}
    blocked: dict[int, int] = {}
    below: list[str] = []
    notes: dict[str, object] = {}
    for j in ranking.order:
        if options.threshold is not None and ranking.score[j] < options.threshold:
            below.append(ids[j])
            continue
        if j in blocked:
            excluded_by[ids[j]] = ids[blocked[j]]
            continue
        if costs[j] <= left:
            selected.append(j)
            left -= costs[j]
            for k in partners[j]:
                blocked.setdefault(k, j)
            continue
        if not stop_at_misfit:
            continue
        notes["stopped_at"] = ids[j]
        if top_up_percent is not None and 100 * left >= top_up_percent * costs[j]:
            # Funded from reserve funds outside the budget (Pabulib ``selected=2``), so it is
            # reported here and not in ``selected``.
            notes["top_up"] = ids[j]
            notes["top_up_cost"] = instance.money(costs[j])
            notes["top_up_leftover"] = instance.money(left)
        break
    if options.threshold is not None:
        notes["threshold"] = options.threshold
        notes["below_threshold"] = below
    if options.exclusive:
        notes["excluded"] = excluded_by
    spent = int(instance.budget) - left
    return Outcome(
        rule=rule,
        utility=options.utility,
        selected=[ids[j] for j in selected],
        total_cost=instance.money(spent),
        budget=instance.money(int(instance.budget)),
        notes=notes,
    )


def _top_up_percent(extra: Mapping[str, object]) -> int:
    value = extra.get("top_up_percent", TOP_UP_PERCENT)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise InputError(f"top_up_percent must be an integer from 0 to 100, not {value!r}")
    return value


@register("greedy")
def greedy(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Fund projects best first, skipping any that no longer fits (Pabulib ``greedy``).

    A threshold or exclusive groups in ``options`` apply as in the other variants.
    """
    return _walk("greedy", instance, profile, options, stop_at_misfit=False)


@register("greedy-no-skip")
def greedy_no_skip(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Fund projects best first and stop at the first eligible one that does not fit.

    Wrocław and Gdynia count this way: the list is cut where the money runs out, even if a
    cheaper project further down would fit. Projects below the threshold are not eligible
    (they are passed over, they do not stop the walk).
    """
    return _walk("greedy-no-skip", instance, profile, options, stop_at_misfit=True)


@register("greedy-threshold")
def greedy_threshold(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Skip-greedy over the projects whose score is at least ``options.threshold``."""
    if options.threshold is None:
        raise InputError("rule greedy-threshold needs a threshold (min_project_score_threshold)")
    return _walk("greedy-threshold", instance, profile, options, stop_at_misfit=False)


@register("greedy-custom")
def greedy_custom(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Poznań: no-skip greedy, then a top-up from reserve funds.

    The walk stops at the first project that does not fit; if the money left covers at
    least 80% (``options.extra["top_up_percent"]``) of that project's cost, the city funds
    it from outside the budget. That project is reported in ``notes["top_up"]``, never in
    ``selected``, so ``total_cost`` stays within the budget.
    """
    return _walk(
        "greedy-custom",
        instance,
        profile,
        options,
        stop_at_misfit=True,
        top_up_percent=_top_up_percent(options.extra),
    )


@register("greedy-exclusive")
def greedy_exclusive(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Skip-greedy in which funding a project rules out the others of its exclusive groups.

    Exclusion happens only when a project is funded: if the better-scored of two exclusive
    projects does not fit, the other may still be funded. With no groups this is ``greedy``.
    """
    return _walk("greedy-exclusive", instance, profile, options, stop_at_misfit=False)
