"""The tally core's data model: projects, merged ballots, options and outcomes.

Everything is integer: costs, budgets, points and multiplicities are ``int64`` numpy arrays,
so rules can be exact (no float drift) and fast (vectorised sums over merged ballots).
Identical ballots are stored once with a multiplicity; real elections have many repeats
(Łódź 2022: 90,494 voters), and every rule here is linear in the ballot count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

import msgspec
import numpy as np
import numpy.typing as npt

from oylama.errors import InputError

IntArray = npt.NDArray[np.int64]

BallotKind = Literal["approval", "choose-1", "cumulative", "ordinal", "scoring"]
BALLOT_KINDS: tuple[BallotKind, ...] = ("approval", "choose-1", "cumulative", "ordinal", "scoring")


def _integer_bincount(indices: IntArray, weights: IntArray, length: int) -> IntArray:
    """Per-project sums of integer weights, in integers (``np.bincount`` sums in floats)."""
    out = np.zeros(length, dtype=np.int64)
    np.add.at(out, indices, weights)
    return out


class TieBreak(StrEnum):
    """How a rule orders projects that are otherwise equal.

    ``file-order``: the row order of the PROJECTS section (what cities publish and use);
    ``pabutools``: project ids compared as text, the order pabutools uses, so that outcomes
    can be compared with it exactly.
    """

    FILE_ORDER = "file-order"
    PABUTOOLS = "pabutools"

    def priority(self, instance: Instance) -> IntArray:
        """Rank of each project in tie-breaking (0 wins a tie against 1, and so on)."""
        m = len(instance.project_ids)
        if self is TieBreak.FILE_ORDER:
            return np.arange(m, dtype=np.int64)
        order = sorted(range(m), key=lambda j: instance.project_ids[j])
        rank = np.empty(m, dtype=np.int64)
        rank[np.asarray(order, dtype=np.int64)] = np.arange(m, dtype=np.int64)
        return rank


@dataclass(frozen=True, slots=True, eq=False)
class Instance:
    """The projects on the ballot and the budget to spend.

    Project ``j`` is ``project_ids[j]`` with cost ``costs[j]``; the index order is the file
    order (PROJECTS rows). Money is integer in units of ``1/scale`` (real files have budgets
    such as ``1656699.67``: those are read with ``scale=100``), so rules stay exact; scaling
    every amount by the same factor changes no rule's outcome. :meth:`money` turns units back
    into the published amount.
    """

    project_ids: tuple[str, ...]
    costs: IntArray
    budget: int
    scale: int = 1

    def __post_init__(self) -> None:
        if len(self.project_ids) != len(self.costs):
            raise InputError("project ids and costs differ in length")
        if len(set(self.project_ids)) != len(self.project_ids):
            raise InputError("duplicate project id")
        if self.scale < 1:
            raise InputError(f"money scale must be positive, not {self.scale}")
        if self.budget < 0:
            raise InputError(f"negative budget {self.budget}")
        if len(self.costs) and int(self.costs.min()) < 0:
            raise InputError("negative project cost")

    @property
    def num_projects(self) -> int:
        return len(self.project_ids)

    def money(self, units: int) -> int | Decimal:
        """An amount in units of ``1/scale`` as published: an int when whole."""
        units = int(units)
        if units % self.scale == 0:
            return units // self.scale
        return Decimal(units) / Decimal(self.scale)

    def index(self, project_id: str) -> int:
        try:
            return self.project_ids.index(project_id)
        except ValueError:
            raise InputError(f"unknown project {project_id!r}") from None


@dataclass(frozen=True, slots=True, eq=False)
class Profile:
    """Ballots with identical ballots merged, in CSR layout.

    Ballot ``b`` lists projects ``indices[indptr[b]:indptr[b+1]]`` (for ordinal ballots in
    rank order, best first), with ``points[...]`` on the same slice for cumulative and scoring
    ballots (``None`` means one point each: approval and choose-1), and was cast by
    ``multiplicity[b]`` voters.
    """

    kind: BallotKind
    num_projects: int
    indptr: IntArray
    indices: IntArray
    points: IntArray | None
    multiplicity: IntArray

    @property
    def num_ballots(self) -> int:
        """Distinct ballots."""
        return len(self.multiplicity)

    @property
    def num_voters(self) -> int:
        return int(self.multiplicity.sum())

    def entry_weights(self) -> IntArray:
        """Points of every CSR entry (1 where the profile has no points)."""
        if self.points is None:
            return np.ones(len(self.indices), dtype=np.int64)
        return self.points

    def approval_counts(self) -> IntArray:
        """How many voters name each project on their ballot."""
        per_entry = np.repeat(self.multiplicity, np.diff(self.indptr))
        return _integer_bincount(self.indices, per_entry, self.num_projects)

    def point_totals(self) -> IntArray:
        """Total points each project received (= approval counts for approval ballots)."""
        per_entry = np.repeat(self.multiplicity, np.diff(self.indptr)) * self.entry_weights()
        return _integer_bincount(self.indices, per_entry, self.num_projects)

    @classmethod
    def from_ballots(
        cls,
        kind: BallotKind,
        num_projects: int,
        ballots: Iterable[Sequence[int]],
        points: Iterable[Sequence[int]] | None = None,
    ) -> Profile:
        """Merge ballots (lists of project indices) into a profile.

        Approval, choose-1, cumulative and scoring ballots are sets: their entries are sorted
        by project so that the same choice in another order merges. Ordinal ballots keep
        their order.
        """
        keep_order = kind == "ordinal"
        counts: dict[tuple[tuple[int, ...], tuple[int, ...] | None], int] = {}
        point_iter = iter(points) if points is not None else None
        for ballot in ballots:
            projs = tuple(int(j) for j in ballot)
            pts = tuple(int(p) for p in next(point_iter)) if point_iter is not None else None
            if pts is not None and len(pts) != len(projs):
                raise InputError("ballot points and projects differ in length")
            if not keep_order:
                if pts is not None:
                    pairs = sorted(zip(projs, pts, strict=True))
                    projs = tuple(p for p, _ in pairs)
                    pts = tuple(q for _, q in pairs)
                else:
                    projs = tuple(sorted(projs))
            if len(set(projs)) != len(projs):
                raise InputError("a ballot names the same project twice")
            for j in projs:
                if not 0 <= j < num_projects:
                    raise InputError(f"project index {j} out of range")
            key = (projs, pts)
            counts[key] = counts.get(key, 0) + 1
        indptr = [0]
        indices: list[int] = []
        pts_all: list[int] = []
        mult: list[int] = []
        for (projs, pts), c in counts.items():
            indices.extend(projs)
            if pts is not None:
                pts_all.extend(pts)
            indptr.append(len(indices))
            mult.append(c)
        return cls(
            kind=kind,
            num_projects=num_projects,
            indptr=np.asarray(indptr, dtype=np.int64),
            indices=np.asarray(indices, dtype=np.int64),
            points=np.asarray(pts_all, dtype=np.int64) if points is not None else None,
            multiplicity=np.asarray(mult, dtype=np.int64),
        )


Utility = Literal["cost", "cardinality", "points"]


@dataclass(frozen=True, slots=True)
class Options:
    """Everything a rule may need beyond projects and ballots.

    ``scores``: the per-project score greedy rules sort by (Pabulib: votes for approval and
    choose-1, total points for cumulative, the file's score column for ordinal); ``None``
    means "compute it from the profile". ``threshold``: projects scoring below it are not
    eligible (``min_project_score_threshold``). ``exclusive``: groups of mutually exclusive
    projects (at most one of each group may be funded). ``extra``: rule-specific settings.
    """

    tie_break: TieBreak = TieBreak.FILE_ORDER
    utility: Utility | None = None
    scores: IntArray | None = None
    threshold: int | None = None
    exclusive: tuple[frozenset[int], ...] = ()
    time_limit: float | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """The result of a rule: funded projects in the order the rule chose them.

    ``total_cost`` and ``budget`` are published amounts (see :meth:`Instance.money`).
    ``notes`` carries rule-specific facts (e.g. a project funded as a top-up, quadratic
    funding matches) that are not part of the funded list.
    """

    rule: str
    utility: str | None
    selected: list[str]
    total_cost: int | Decimal
    budget: int | Decimal
    notes: dict[str, object] = msgspec.field(default_factory=dict)
