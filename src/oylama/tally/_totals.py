"""Allocation from per-project totals: what an encrypted election can count.

A homomorphic tally reveals, by design, nothing but each project's sum over the ballots
(approvals, points or net quadratic votes). Rules that look only at those sums can allocate
an encrypted election; rules that weigh individual ballots (MES, quadratic funding, greedy
by approvals on a cumulative ballot) cannot, and are refused here rather than run on a
made-up profile. :data:`TOTALS_RULES` lists the rules that can; ``docs/spec/record.md`` §2
item 12 specifies how the service uses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final, Literal

import numpy as np

from oylama.errors import InputError
from oylama.tally._model import Instance, Options, Outcome, Profile
from oylama.tally._registry import rule as rule_fn

#: Rules that need nothing but per-project totals.
TOTALS_RULES: Final = ("greedy", "greedy-no-skip", "max-welfare", "quadratic-voting")

TotalsKind = Literal["approval", "cumulative", "quadratic"]


def _profile(kind: TotalsKind, scores: list[int]) -> Profile:
    """A profile whose per-project totals are ``scores``, for the rules that read only those.

    Approval: ``scores[j]`` voters naming project ``j`` alone, so that both the approval
    counts and the point totals are the scores. Cumulative and quadratic: one entry per
    project carrying its total, read only through :meth:`Profile.point_totals`.
    """
    m = len(scores)
    if kind == "approval":
        keep = [j for j in range(m) if scores[j] > 0]
        return Profile(
            kind="approval",
            num_projects=m,
            indptr=np.arange(len(keep) + 1, dtype=np.int64),
            indices=np.asarray(keep, dtype=np.int64),
            points=None,
            multiplicity=np.asarray([scores[j] for j in keep], dtype=np.int64),
        )
    return Profile(
        kind="cumulative",
        num_projects=m,
        indptr=np.arange(m + 1, dtype=np.int64),
        indices=np.arange(m, dtype=np.int64),
        points=np.asarray(scores, dtype=np.int64),
        multiplicity=np.ones(m, dtype=np.int64),
    )


def allocate_totals(
    instance: Instance,
    kind: TotalsKind,
    scores: Sequence[int],
    rule: str,
    options: Options | None = None,
) -> Outcome:
    """Run ``rule`` on per-project totals ``scores`` (one integer per project, file order).

    ``kind`` is what the totals count: ``approval`` (voters selecting each project: approval
    and knapsack ballots), ``cumulative`` (points) or ``quadratic`` (net votes, possibly
    negative). Raises :class:`InputError` for a rule outside :data:`TOTALS_RULES`, for a
    utility that needs per-ballot data (greedy ``cost``/``cardinality`` on points), for
    negative approvals or points, or for a length mismatch.
    """
    opts = options or Options()
    values = [int(s) for s in scores]
    if len(values) != instance.num_projects:
        raise InputError(f"{len(values)} totals given for {instance.num_projects} projects")
    if rule not in TOTALS_RULES:
        raise InputError(
            f"rule {rule!r} needs individual ballots; an encrypted tally gives only "
            f"per-project totals (use one of {', '.join(TOTALS_RULES)})"
        )
    if (kind == "quadratic") != (rule == "quadratic-voting"):
        raise InputError(f"rule {rule!r} does not count {kind} totals")
    if kind != "quadratic" and any(v < 0 for v in values):
        raise InputError(f"negative {kind} total")
    if kind == "cumulative" and rule != "max-welfare" and opts.utility in ("cost", "cardinality"):
        raise InputError(
            f"greedy with utility {opts.utility!r} counts voters per project, which point "
            "totals do not give; use utility 'points' or none"
        )
    if kind == "cumulative" and rule == "max-welfare" and opts.utility == "cardinality":
        raise InputError("max-welfare with utility 'cardinality' needs individual ballots")
    if kind == "quadratic":
        opts = replace(opts, extra={**opts.extra, "totals": True})
    opts = replace(opts, scores=np.asarray(values, dtype=np.int64))
    profile = _profile(kind, values)
    return rule_fn(rule)(instance, profile, opts)
