"""What MES keeps between runs: each project's supporters and utilities, lean in memory.

Memory is the constraint here (issue #2: the whole allocation within a few times the size of
the Pabulib file), so this holds one array per supporting entry, not one per use:

* ``sup_all``: the supporting ballots of every project, grouped by project (ascending
  ballot order within a project); ``sup[j]`` is a view into it, not a copy.
* utilities only when they differ between supporters: with ``cost`` or ``cardinality``
  utility (and with ``points`` on approval ballots) every supporter of ``j`` has the same
  utility ``uc[j]``, so no per-entry utility is stored at all. Only ``points`` on cumulative
  or scoring ballots keeps them (``sup_u``/``sup_uf``).
* everything else per entry (multiplicities of supporters, the entries of supporters'
  ballots for exact sums) is gathered when needed, in bounded chunks, and dropped.

The profile's own CSR arrays are used as they are (never copied): exact per-ballot loops
read them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from oylama.errors import InputError
from oylama.tally._model import Instance, IntArray, Options, Profile, Utility

if TYPE_CHECKING:
    from oylama.tally._mes import _Guess

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_CHUNK = 1 << 16
"""Entries gathered at once by :meth:`_Prep.paid`: bounds its scratch memory (a few MB)."""

_KEEP_WEIGHTS = 1 << 14
"""Up to this many supporting entries in all, :meth:`_Prep.weights` keeps what it gathers
(at most 2 floats per entry, 256 KB): small elections, where each call costs more than the
arithmetic."""


@dataclass(slots=True)
class _Prep:
    """What does not change between MES runs: utilities, supporters, aggregates.

    Ballots are the profile's merged ballots; "supporter ``i`` of ``j``" is position ``i``
    in ``sup[j]``.
    """

    costs: list[int]
    costs_f: FloatArray
    mult: IntArray  # per ballot
    mult_f: FloatArray
    indptr: IntArray  # the profile's CSR (indices and points not copied)
    indices: IntArray
    points: IntArray | None  # None: one point per entry
    utility: Utility
    const: bool  # every project's supporters share one utility, uc[j]
    uc: list[int]  # project -> its supporters' utility (const), else 0
    uc_arr: IntArray  # the same, as an array (gathered per entry in exact sums)
    sup_all: IntArray  # supporting ballots (utility > 0), grouped by project
    starts: IntArray  # project j's supporters are sup_all[starts[j]:starts[j + 1]]
    sup: list[IntArray]  # views into sup_all
    sup_u: list[IntArray]  # per-supporter utility (not const only; views)
    sup_uf: list[FloatArray]  # the same in float (not const only; views)
    sup_m: list[int]  # project -> number of voters supporting it
    sup_mu: list[int]  # project -> sum of multiplicity * utility
    candidates: list[int]  # supported, positive cost: what MES decides on
    free: list[int]  # supported, cost 0: funded up front
    prio: IntArray
    voters: int
    exact_bincount: bool  # float bincounts of multiplicity * utility are exact
    nonempty: IntArray  # projects with supporters, and where their supporters start
    nonempty_at: IntArray
    zero_points: bool  # some entry has 0 points (then it is no support)
    first_bounds: dict[int, _Guess] | None = field(default=None)
    kept_weights: dict[int, tuple[FloatArray, FloatArray, float]] = field(default_factory=dict)

    # ---- utilities -----------------------------------------------------------------------

    def uf(self, j: int) -> FloatArray | float:
        """Utilities of ``j``'s supporters in float: one number when they are all equal."""
        return float(self.uc[j]) if self.const else self.sup_uf[j]

    def ui(self, j: int) -> IntArray | int:
        """The same, exact."""
        return self.uc[j] if self.const else self.sup_u[j]

    def util_at(self, j: int, i: int) -> int:
        """Utility of ``j``'s supporter at position ``i``."""
        return self.uc[j] if self.const else int(self.sup_u[j][i])

    def weights(self, j: int) -> tuple[FloatArray, FloatArray, float]:
        """Float multiplicities of ``j``'s supporters, times their utilities, and the float
        sum of the latter (computed the same way every time, so kept on small elections)."""
        w = self.kept_weights.get(j)
        if w is None:
            mf = self.mult_f[self.sup[j]]
            muf = mf * self.uf(j)
            w = (mf, muf, float(np.add.reduce(muf)))
            if len(self.sup_all) <= _KEEP_WEIGHTS:
                self.kept_weights[j] = w
        return w

    def mu_of(self, j: int, mask: BoolArray) -> int:
        """Exact sum of multiplicity * utility over ``j``'s supporters ``mask``."""
        s = self.sup[j]
        if self.const:
            return self.uc[j] * int(self.mult[s[mask]].sum())
        return int((self.mult[s[mask]] * self.sup_u[j][mask]).sum())

    def entry_u(self, e: int) -> int:
        """Utility of CSR entry ``e`` (its ballot's utility for its project)."""
        k = int(self.indices[e])
        if self.points is None:
            return self.uc[k] if self.const else 1
        w = int(self.points[e])
        if w <= 0:
            return 0
        return self.uc[k] if self.const else w

    # ---- sums over supporters ------------------------------------------------------------

    def per_project(self, v: FloatArray) -> FloatArray:
        """``sum v[b]`` over each project's supporters (0 for unsupported projects)."""
        out = np.zeros(len(self.costs))
        if len(self.nonempty):
            out[self.nonempty] = np.add.reduceat(v[self.sup_all], self.nonempty_at)
        return out

    def paid(self, ballots: IntArray, fund_round: IntArray, rnd: int) -> list[int]:
        """Per round ``r < rnd``: exact ``sum m_b u_b(k_r)`` over ``ballots``, where ``k_r``
        is the project with ``fund_round[k_r] == r``.

        Found from the ballots' own CSR entries, gathered in chunks of at most ``_CHUNK``
        entries and dropped (caching them per project cost many times the profile's size).
        """
        tot = np.zeros(rnd, dtype=np.float64 if self.exact_bincount else np.int64)
        if rnd == 0 or not len(ballots):
            return [0] * rnd
        lo = self.indptr[ballots]
        lens = self.indptr[ballots + 1] - lo
        cum = np.cumsum(lens)
        n = int(cum[-1])
        cuts = [0, *np.searchsorted(cum, np.arange(_CHUNK, n, _CHUNK), side="right"), len(lens)]
        for c0, c1 in pairwise(cuts):
            if c1 <= c0:
                continue
            ln = lens[c0:c1]
            base = int(cum[c0 - 1]) if c0 else 0
            # entry positions: ballot b's run lo_b, lo_b + 1, ... laid end to end
            ent = np.repeat(lo[c0:c1] - (cum[c0:c1] - ln - base), ln)
            ent += np.arange(len(ent))
            k = self.indices[ent]
            fr = fund_round[k]
            sel = fr < rnd
            if self.zero_points and self.const:
                assert self.points is not None
                sel &= self.points[ent] > 0
            if not sel.any():
                continue
            m = np.repeat(self.mult[ballots[c0:c1]], ln)[sel]
            if self.const:
                w = m * self.uc_arr[k[sel]]
            else:
                assert self.points is not None
                w = m * self.points[ent[sel]]
            if self.exact_bincount:
                tot += np.bincount(fr[sel], weights=w.astype(np.float64), minlength=rnd)
            else:
                np.add.at(tot, fr[sel], w)
        return [int(v) for v in tot]


def _prepare(instance: Instance, profile: Profile, options: Options, utility: Utility) -> _Prep:
    if profile.kind == "ordinal":
        raise InputError("MES needs utilities: ordinal ballots are not supported")
    if options.exclusive:
        raise InputError("MES does not support exclusive project groups")
    if utility not in ("cost", "cardinality", "points"):
        raise InputError(f"MES does not know utility {utility!r}")
    m = instance.num_projects
    indptr = np.asarray(profile.indptr, dtype=np.int64)
    indices = profile.indices
    points = profile.points
    mult = np.asarray(profile.multiplicity, dtype=np.int64)
    if len(mult) and int(mult.min()) < 1:
        raise InputError("ballot multiplicities must be positive")
    zero_points = False
    if points is not None:
        if int(points.min(initial=1)) < 0:
            raise InputError("negative points on a ballot")
        zero_points = bool((points == 0).any())
    const = utility != "points" or points is None
    costs = [int(c) for c in instance.costs]
    uc = costs if utility == "cost" else [1] * m
    if not const:
        uc = [0] * m
    # supporting entries grouped by project; within a project by entry, i.e. by ballot.
    # Built in place (entry -> ballot in chunks) so that the peak stays near one array.
    # A stable sort of 16-bit keys is a radix sort: several times faster.
    keys = indices.astype(np.int16) if m <= np.iinfo(np.int16).max else indices
    order = np.argsort(keys, kind="stable")
    del keys
    if zero_points:
        assert points is not None
        order = order[points[order] > 0]
        nsup = np.bincount(indices[points > 0], minlength=m)
    else:
        nsup = np.bincount(indices, minlength=m)
    u_all: IntArray | None = None
    if not const:
        assert points is not None
        u_all = np.asarray(points[order], dtype=np.int64)
    small = np.int32 if len(mult) <= np.iinfo(np.int32).max else np.int64
    ballot_of = np.repeat(np.arange(len(mult), dtype=small), np.diff(indptr))
    for c in range(0, len(order), _CHUNK):
        part = order[c : c + _CHUNK]
        part[:] = ballot_of[part]
    del ballot_of
    sup_all = order
    starts = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(nsup, out=starts[1:])
    bounds = starts.tolist()
    sup = [sup_all[bounds[j] : bounds[j + 1]] for j in range(m)]
    sup_m = [int(mult[s].sum()) for s in sup]
    sup_mu = [v * u for v, u in zip(sup_m, uc, strict=True)]
    empty_i = np.zeros(0, dtype=np.int64)
    empty_f = np.zeros(0, dtype=np.float64)
    sup_u = [empty_i] * m
    sup_uf = [empty_f] * m
    if u_all is not None:
        uf_all = u_all.astype(np.float64)
        sup_u = [u_all[bounds[j] : bounds[j + 1]] for j in range(m)]
        sup_uf = [uf_all[bounds[j] : bounds[j + 1]] for j in range(m)]
        sup_mu = [int((mult[s] * u).sum()) for s, u in zip(sup, sup_u, strict=True)]
    nonempty = np.nonzero(nsup)[0]
    candidates = [j for j in range(m) if sup_mu[j] > 0 and costs[j] > 0]
    prio = options.tie_break.priority(instance)
    free = sorted((j for j in range(m) if sup_mu[j] > 0 and costs[j] == 0), key=lambda j: prio[j])
    return _Prep(
        costs=costs,
        costs_f=np.asarray(costs, dtype=np.float64),
        mult=mult,
        mult_f=mult.astype(np.float64),
        indptr=indptr,
        indices=indices,
        points=points,
        utility=utility,
        const=const,
        uc=uc,
        uc_arr=np.asarray(uc, dtype=np.int64),
        sup_all=sup_all,
        starts=starts,
        sup=sup,
        sup_u=sup_u,
        sup_uf=sup_uf,
        sup_m=sup_m,
        sup_mu=sup_mu,
        candidates=candidates,
        free=free,
        prio=prio,
        voters=profile.num_voters,
        exact_bincount=sum(sup_mu) < 2**52,
        nonempty=nonempty,
        nonempty_at=starts[nonempty],
        zero_points=zero_points,
    )
