"""The Method of Equal Shares (MES) and its completions, exact and fast.

MES gives every voter an equal share ``x`` of the budget. In each round, for every project
still open, its *affordability* ``rho`` is the least factor such that the project's supporters,
each paying ``min(budget_i, rho * u_i)``, cover its cost; the project with the smallest ``rho``
is funded (ties by :class:`~oylama.tally.TieBreak`) and its supporters pay. It stops when no
open project can be paid for. ``docs/rules/mes.md`` gives the semantics and the arguments.

How it is exact and fast at once: every decision is a comparison of rationals. We compute
with float64 over merged ballots (numpy), and confirm every decision that floats cannot
settle beyond doubt with exact rationals. Exact values are cheap because a voter's budget is
always ``x - sum(rho_k * u_ik)`` over the projects ``k`` she has paid for (or 0 once she paid
all she had), so exact sums over many voters reduce to a few integer aggregates and the few
``rho_k`` (Fractions). Every ``rho_k`` is kept as an affine function ``a + b * x`` of the
per-voter budget ``x``: this is what lets add1 jump over budgets (see :func:`_mes_add1`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from math import isfinite

import numpy as np

from oylama.errors import AllocationError, InputError
from oylama.tally._mes_prep import BoolArray, FloatArray, _Prep, _prepare
from oylama.tally._model import Instance, IntArray, Options, Outcome, Profile, TieBreak, Utility
from oylama.tally._registry import register

EQUALSHARES_META: dict[str, str] = {
    "equalshares": "mes",
    "equalshares/add1": "mes-add1",
    "equalshares-greedy": "mes-greedy",
    "equalshares/add1-greedy": "mes-add1-greedy",
    "equalshares/add1/greedy": "mes-add1-greedy",
}
"""Pabulib META ``rule`` values of the Method of Equal Shares -> our rule names.

``equalshares-comparison`` and ``equalshares/add1-comparison`` (MES, resp. MES with add1,
then a vote between that outcome and the greedy one) are deliberately absent: they are not
a plain MES recipe; see ``docs/rules/mes.md``.
"""

_REL = 1e-9  # float decisions closer than this (relative) are re-decided exactly
_NEVER = np.iinfo(np.int64).max
# one pass over all supporting entries costs about as much as looking at one project per
# this many entries: once a round has met two unaffordable projects, sweep if the projects
# left to look at outnumber entries / _SWEEP
_SWEEP = 200
# a certified run keeps copies of its per-ballot state before each round, for resuming
# without replaying, while they take at most this many bytes (small elections only)
_SNAP_BYTES = 1 << 19
_F0 = Fraction(0)
# a winner with at most this many supporting ballots is certified in plain Python
_SMALL = 64


def _default_utility(profile: Profile, options: Options) -> Utility:
    if options.utility is not None:
        return options.utility
    return "points" if profile.kind in ("cumulative", "scoring") else "cost"


class _Affine:
    """``a + b * x`` with exact coefficients and a float copy for fast screening.

    Built either exact, or lazily from a function that computes the exact coefficients the
    first time they are asked for: most rounds' exact rho are never needed (floats settle
    every decision with a margin), so they are never computed. ``zero_b`` is True when
    ``b`` is known to be exactly 0 without computing it.
    """

    __slots__ = ("_a", "_b", "_make", "af", "bf", "zero_b")

    def __init__(
        self,
        a: Fraction | None,
        b: Fraction | None,
        *,
        af: float = 0.0,
        bf: float = 0.0,
        make: partial[tuple[Fraction, Fraction]] | None = None,
        zero_b: bool = False,
    ) -> None:
        self._a, self._b, self._make = a, b, make
        if a is not None and b is not None:
            af, bf, zero_b = float(a), float(b), b == 0
        self.af, self.bf, self.zero_b = af, bf, zero_b

    def _force(self) -> tuple[Fraction, Fraction]:
        if self._a is None or self._b is None:
            assert self._make is not None
            self._a, self._b = self._make()
            self._make = None
        return self._a, self._b

    @property
    def a(self) -> Fraction:
        return self._force()[0]

    @property
    def b(self) -> Fraction:
        return self._force()[1]

    def at(self, x: Fraction) -> Fraction:
        a, b = self._force()
        return a + b * x

    def rebound(self, fn: Callable[..., tuple[Fraction, Fraction]]) -> _Affine:
        """The same form, computed lazily by ``fn`` (another run's ``rho_form``) from the
        same arguments; itself once it is exact (exact forms do not depend on a run)."""
        if self._make is None:
            return self
        return _Affine(
            None,
            None,
            af=self.af,
            bf=self.bf,
            make=partial(fn, *self._make.args),
            zero_b=self.zero_b,
        )


@dataclass(slots=True)
class _Cond:
    """A condition ``A + B * x' >= 0`` (``> 0`` if strict) that held at the run's ``x``.

    ``xf`` is a float estimate of where it stops holding as ``x'`` grows (``-inf``: floats
    cannot tell, look exactly; ``inf``: never). The exact (A, B) is computed only for the few
    conditions that may bind (:func:`_exact_cond`, which keeps it in ``exact``), from what
    ``kind`` says, with ``w`` the rho form of the winner of round ``wround``: ``"X"``: loser
    form ``lform`` stays above ``w``; ``"W"``: ballot ``ballot`` keeps its poor/rich side when
    ``project`` is funded in round ``round`` at ``w``; ``"U"``: ``project`` stays
    unaffordable in round ``round``; ``"L"``: ``project``'s lower bound (partition ``local``
    of its supporters in round ``round``) stays above ``w``. Winners are named by round,
    not by form, so that a resumed run (:func:`_resume`) shares its first rounds'
    conditions with the run it resumes.
    """

    xf: float
    strict: bool
    kind: str
    exact: tuple[Fraction, Fraction] | None = None
    ballot: int = -1
    round: int = -1
    project: int = -1
    wround: int = -1  # the round whose winner's rho the condition compares with
    local: BoolArray | None = None
    lform: _Affine | None = None


@dataclass(slots=True)
class _Guess:
    """A float affordability: value, error bound, float poor set, float affine form."""

    rho: float
    err: float
    poor: BoolArray
    af: float
    bf: float
    round: int
    exact: _Affine | None = None  # set once confirmed exactly


@dataclass(slots=True)
class _Sweep:
    """All projects' money at one moment (:meth:`_MES.sweep`): which are surely short of
    their cost, and (when certifying) the sums of the alive supporters' float budget forms
    ``sum m_i A_i``, ``sum m_i B_i`` and their magnitude, for :meth:`_MES.certify_unaffordable`."""

    short: BoolArray
    sa: FloatArray | None = None
    sb: FloatArray | None = None
    bmag: FloatArray | None = None


@dataclass(slots=True)
class _Run:
    """One MES run at per-voter budget ``x`` (units of money / voter, exact)."""

    prep: _Prep
    x: Fraction
    certify: bool
    selected: list[int] = field(default_factory=list)
    forms: list[_Affine] = field(default_factory=list)  # rho of selected[k] as affine in x
    conds: list[_Cond] = field(default_factory=list)
    # for resuming at another x (:func:`_resume`): where each round's conditions start,
    # each winner's poor set, and the round each project was found unaffordable in
    cond_start: list[int] = field(default_factory=list)
    poor: list[BoolArray] = field(default_factory=list)
    removed_at: dict[int, int] = field(default_factory=dict)
    # round r -> (dead_at, forms3, cls, ncls) before it, while they are small
    snaps: dict[int, tuple[IntArray, FloatArray, IntArray, int]] = field(default_factory=dict)


class _MES:
    """The state of one run. Arrays are per ballot unless named otherwise."""

    def __init__(self, prep: _Prep, x: Fraction, certify: bool) -> None:
        self.p = prep
        self.run = _Run(prep, x, certify)
        self.x = x
        self.xf = float(x)
        nb = len(prep.mult)
        m = len(prep.costs)
        self.budget = np.full(nb, self.xf)  # float copy of each budget
        self.dead_at = np.full(nb, _NEVER, dtype=np.int64)  # round a voter paid her all
        self.fund_round = np.full(m, _NEVER, dtype=np.int64)
        self.round = 0
        if certify:
            # float affine form of each budget: budget(x') ~ A + B x'
            # (A, B, magnitude of the A terms for error bounds) in one array: one gather
            # and one scatter per payment
            self.forms3 = np.zeros((nb, 3))
            self.forms3[:, 1] = 1.0
            self.bud_a, self.bud_b, self.mag = (self.forms3[:, i] for i in range(3))
            # budget class: ballots of one class have paid the same projects at the same
            # utilities, so their exact budget forms are identical (and their conditions)
            self.cls = np.zeros(nb, dtype=np.int64)
            self.ncls = 1
        self.magmax = 0.0
        self.values: dict[int, Fraction] = {}  # exact rho of round r at x, when needed
        self.resumed_at = 0  # the first round this run made itself (see _resume)

    # ---- exact quantities ------------------------------------------------------------

    def exact_budget_form(self, b: int, rnd: int) -> tuple[Fraction, Fraction]:
        """Ballot ``b``'s budget as ``A + B x`` before round ``rnd`` (it must be alive)."""
        p = self.p
        a, bb = _F0, Fraction(1)
        for e in range(int(p.indptr[b]), int(p.indptr[b + 1])):
            r = int(self.fund_round[int(p.indices[e])])
            if r < rnd:
                f = self.run.forms[r]
                u = p.entry_u(e)
                a -= f.a * u
                bb -= f.b * u
        return a, bb

    def value(self, r: int) -> Fraction:
        """Exact rho of the project funded in round ``r``, at this run's ``x``."""
        v = self.values.get(r)
        if v is None:
            v = self.values[r] = self.run.forms[r].at(self.x)
        return v

    def rho_form(
        self, j: int, local: BoolArray, rich_mu: int, rnd: int
    ) -> tuple[Fraction, Fraction]:
        """Exact affine rho of ``j`` in round ``rnd`` from its poor set ``sup[j][local]``
        (alive then) and the utility ``rich_mu`` of the rest."""
        for r in range(rnd):  # earlier rounds first: no deep recursion through lazy forms
            self.run.forms[r].a  # noqa: B018
        a, b = self.sum_form(j, local, rnd)
        c = self.p.costs[j]
        return (c - a) / rich_mu, -b / rich_mu

    def float_split(self, j: int, g: _Guess) -> tuple[BoolArray, int, BoolArray] | None:
        """The exact poor set of ``j`` when floats settle every supporter's side with a
        margin (true rho is within ``g.err`` of ``g.rho``, true budgets within ``_REL``),
        with the utility of the rest and which supporters are alive; None if some
        supporter is too close to call."""
        p = self.p
        s = p.sup[j]
        alive = self.dead_at[s] == _NEVER
        uf = p.uf(j)
        need = g.rho * uf
        diff = self.budget[s] - need
        tol = _REL * (self.xf + need) + g.err * uf
        if (alive & (np.abs(diff) <= tol)).any():
            return None
        poor = ~alive | (diff < 0)
        rich_mu = p.sup_mu[j] - p.mu_of(j, poor)
        if rich_mu == 0:
            return None
        return poor, rich_mu, alive

    def float_rho_form(self, j: int, local: BoolArray, rich_mu: int) -> tuple[float, float]:
        """Float ``(a, b)`` of rho's affine form in x, from the budgets' float forms."""
        p = self.p
        pl = p.sup[j][local]
        pm = p.mult_f[pl]
        af = (p.costs[j] - float(np.dot(pm, self.bud_a[pl]))) / rich_mu
        bf = -float(np.dot(pm, self.bud_b[pl])) / rich_mu
        return af, bf

    def exact_budget(self, b: int) -> Fraction:
        p = self.p
        val = self.x
        for e in range(int(p.indptr[b]), int(p.indptr[b + 1])):
            r = int(self.fund_round[int(p.indices[e])])
            if r < self.round:
                val -= self.value(r) * p.entry_u(e)
        return val

    def sum_form(self, j: int, local: BoolArray, rnd: int) -> tuple[Fraction, Fraction]:
        """Sum of ``m_i * budget_i`` over supporters ``sup[j][local]`` (all alive before
        round ``rnd``), as an exact ``A + B x``: ``x * sum m_i - sum_k rho_k U_k``."""
        p = self.p
        bl = p.sup[j][local]
        a, b = _F0, Fraction(int(p.mult[bl].sum()))
        forms = self.run.forms
        for r, t in enumerate(p.paid(bl, self.fund_round, rnd)):
            if t:
                a -= forms[r].a * t
                b -= forms[r].b * t
        return a, b

    # ---- one project's affordability --------------------------------------------------

    def classify(self, j: int, rho: Fraction) -> BoolArray:
        """Exactly: which supporters of ``j`` cannot pay ``rho * u`` (the "poor")."""
        p = self.p
        s = p.sup[j]
        alive = self.dead_at[s] == _NEVER
        xs = self.budget[s]
        rf = float(rho)
        need = rf * p.uf(j)
        tol = _REL * (self.xf + need)
        diff = xs - need
        poor = ~alive | (diff < -tol)
        amb = np.nonzero(alive & (np.abs(diff) <= tol))[0]
        for i in amb:
            b = int(s[i])
            poor[i] = self.exact_budget(b) < rho * p.util_at(j, int(i))
        return np.asarray(poor, dtype=np.bool_)

    def guess(self, j: int, start: float) -> _Guess | None:
        """Float ``rho_j`` now, with an error bound and the float poor set; None if the
        supporters' money cannot cover the cost (decided exactly when floats are unsure).

        ``start`` is any positive guess (the last round's value: rho only grows). From it,
        the poor/rich iteration (see :meth:`confirm`) climbs to rho in a few vector passes
        without sorting; should it not settle quickly, we sort by ``budget / u``."""
        p = self.p
        c = p.costs[j]
        s = p.sup[j]
        xs = self.budget[s]
        mf, muf, total = p.weights(j)
        alive = self.dead_at[s] == _NEVER
        mx = mf * xs
        avail = float(np.add.reduce(mx))
        scale = float(c) + self.xf * float(np.add.reduce(mf[alive]))
        if avail < c - _REL * scale:
            return None
        if avail <= c + _REL * scale:
            a, b = self.sum_form(j, alive, self.round)
            if a + b * self.x < c:
                return None
        uf = p.uf(j)
        found = self._climb(c, xs, uf, mx, muf, rho=start, total=total)
        if found is None:
            found = self._sorted_rho(c, xs, uf, mx, muf, total=p.sup_mu[j])
        rho, poor, x_p, u_r = found
        poor = poor | ~alive
        # rho = (c - X_P) / U_R: float errors of X_P and U_R are ~1e-13 relative
        err = _REL * ((c + x_p) / u_r + rho)
        af = bf = 0.0
        if self.run.certify:
            pl = s[poor & alive]
            pm = p.mult_f[pl]
            af = (c - float(np.dot(pm, self.bud_a[pl]))) / u_r
            bf = -float(np.dot(pm, self.bud_b[pl])) / u_r
        return _Guess(rho, err, poor, af, bf, self.round)

    @staticmethod
    def _climb(
        c: int,
        xs: FloatArray,
        uf: FloatArray | float,
        mx: FloatArray,
        muf: FloatArray,
        *,
        rho: float,
        total: float | None = None,
    ) -> tuple[float, BoolArray, float, float] | None:
        """Poor/rich iteration in floats from ``rho``; None unless it settles in 8 passes.
        ``total`` is ``muf``'s float sum, if known."""
        if not rho > 0.0:
            return None
        poor = xs < rho * uf
        if total is None:
            total = float(np.add.reduce(muf))
        for _ in range(8):
            u_r = total - float(np.add.reduce(muf[poor]))  # (minus 0.0 if none is poor)
            if u_r <= 0.0:
                return None
            x_p = float(np.add.reduce(mx[poor]))
            rho = (c - x_p) / u_r
            new = xs < rho * uf
            if new.tobytes() == poor.tobytes():  # (np.array_equal costs more)
                return rho, poor, x_p, u_r
            poor = new
        return None

    @staticmethod
    def _sorted_rho(
        c: int,
        xs: FloatArray,
        uf: FloatArray | float,
        mx: FloatArray,
        muf: FloatArray,
        *,
        total: int,
    ) -> tuple[float, BoolArray, float, float]:
        """Float rho by sorting the supporters by ``budget / u`` (one cumulative sum)."""
        t = xs / uf
        order = np.argsort(t, kind="stable")
        mxo = mx[order]
        muo = muf[order]
        before_x = np.cumsum(mxo) - mxo
        rest_mu = float(total) - (np.cumsum(muo) - muo)
        with np.errstate(divide="ignore", invalid="ignore"):
            rho_i = (c - before_x) / rest_mu
        ok = np.nonzero(t[order] >= rho_i)[0]
        first = int(ok[0]) if len(ok) else len(order) - 1
        poor = np.zeros(len(xs), dtype=bool)
        poor[order[:first]] = True
        return float(rho_i[first]), poor, float(before_x[first]), float(rest_mu[first])

    def confirm(self, j: int, g: _Guess) -> tuple[_Affine, Fraction, BoolArray]:
        """Exact ``rho_j`` (affine in x, and its value at x) and the exact poor set.

        Poor/rich iteration from the float poor set: for *any* split of the supporters,
        ``(c - money of the poor) / (utility of the rich)`` is at most the true rho (each
        voter pays at most her budget and at most rho*u), so the iteration climbs to it."""
        p = self.p
        c = p.costs[j]
        s = p.sup[j]
        alive = self.dead_at[s] == _NEVER
        poor = g.poor
        while True:
            rich_mu = p.sup_mu[j] - p.mu_of(j, poor)
            if rich_mu == 0:  # float guess too eager: restart from the dead only
                poor = ~alive
                continue
            a, b = self.sum_form(j, poor & alive, self.round)
            form = _Affine((c - a) / rich_mu, -b / rich_mu)
            val = form.at(self.x)
            new = self.classify(j, val)
            if new.tobytes() == poor.tobytes():
                return form, val, poor
            poor = new

    # ---- the rounds -------------------------------------------------------------------

    def pay(
        self, j: int, form: _Affine, rf: float, poor: BoolArray, alive: BoolArray | None = None
    ) -> None:
        if alive is None:
            alive = self.dead_at[self.p.sup[j]] == _NEVER
        if self.run.certify:
            self.certify_winner(j, form, poor, alive)
        self.apply(j, form, rf, poor, alive)

    def apply(
        self, j: int, form: _Affine, rf: float, poor: BoolArray, alive: BoolArray | None = None
    ) -> None:
        """Fund ``j`` at rho ``rf`` (``form`` exactly) with poor set ``poor`` (``alive``:
        which of its supporters have money left, if known)."""
        p = self.p
        s = p.sup[j]
        if alive is None:
            alive = self.dead_at[s] == _NEVER
        dead = s[poor & alive]
        rich = s[~poor]
        self.dead_at[dead] = self.round
        self.budget[dead] = 0.0
        uf = p.uf(j)
        ur = uf[~poor] if isinstance(uf, np.ndarray) else uf
        self.budget[rich] = np.maximum(self.budget[rich] - rf * ur, 0.0)
        if self.run.certify:
            if len(rich) <= 1024:  # one gather and scatter (small: calls cost most)
                step = np.asarray([-form.af, -form.bf, abs(form.af)])
                self.forms3[rich] += step * ur if isinstance(ur, float) else np.outer(ur, step)
            else:  # column by column (large: scratch memory of one column at a time)
                self.bud_a[rich] -= form.af * ur
                self.bud_b[rich] -= form.bf * ur
                self.mag[rich] += abs(form.af) * ur
            if len(rich) and p.const and len(self.cls) <= 4096:
                # small: one new class per old class, above every class in use (no sort)
                self.cls[rich] += self.ncls
                self.ncls *= 2
                if self.ncls > 2 * len(self.cls) + 1024:  # keep class numbers small
                    _, inv = np.unique(self.cls, return_inverse=True)
                    self.cls[:] = inv.reshape(-1)
                    self.ncls = int(self.cls.max()) + 1
            elif len(rich):  # one new class per old class and utility, numbered densely
                keys = self.cls[rich] if p.const else _pair_key(self.cls[rich], p.sup_u[j][~poor])
                new = np.unique(keys, return_inverse=True)[1].reshape(-1)
                self.cls[rich] = self.ncls + new
                self.ncls += int(new.max()) + 1
        self.fund_round[j] = self.round
        self.run.selected.append(j)
        self.run.forms.append(form)
        self.run.poor.append(poor)
        self.round += 1
        snaps = self.run.snaps
        if (
            self.run.certify
            and self.round not in snaps
            and (len(snaps) + 1) * 40 * len(self.cls) <= _SNAP_BYTES
        ):
            snaps[self.round] = (
                self.dead_at.copy(),
                self.forms3.copy(),
                self.cls.copy(),
                self.ncls,
            )

    def certify_winner(self, j: int, form: _Affine, poor: BoolArray, alive: BoolArray) -> None:
        """Conditions that keep the poor/rich split of ``j``'s supporters as ``x`` grows:
        poor: budget - rho*u < 0; rich: budget - rho*u >= 0 (both affine in x).

        Only conditions that can break as ``x`` grows are kept (one whose float form never
        breaks would have breakpoint ``inf``, which no scan looks at), and of those only the
        ones that can bind; few survive, so they are deduplicated in Python."""
        p = self.p
        if p.const and len(alive) <= _SMALL:
            self._certify_winner_small(j, form, poor, alive)
            return
        live = alive.nonzero()[0]
        if not len(live):
            return
        bl = p.sup[j][live]
        uf = p.uf(j)
        if isinstance(uf, np.ndarray):
            ul: FloatArray | float = uf[live]
            umax = float(np.maximum.reduce(ul))
        else:
            ul = umax = uf
        f3 = self.forms3[bl]
        fa, fb = f3[:, 0], f3[:, 1]
        mag = float(np.maximum.reduce(f3[:, 2])) + abs(form.af) * umax
        self.magmax = max(self.magmax, mag)
        db = fb - form.bf * ul
        is_poor = poor[live]
        bmag = 1.0 + np.abs(fb - 1.0) + abs(form.bf) * ul
        unsure = np.abs(db) <= 1e-6 * bmag  # float cannot tell: an exact look
        # a sure condition can break as x grows: poor if db > 0, rich if db < 0
        cand = unsure | (np.where(is_poor, db, -db) > 0)
        ci = cand.nonzero()[0]
        if not len(ci):
            return
        dbc = db[ci]
        unc = unsure[ci]
        da = fa[ci] - form.af * (ul if isinstance(ul, float) else ul[ci])
        xb = -da / np.where(unc, 1.0, dbc)
        xb[unc] = -np.inf
        sure = xb[~unc]
        cut = float(np.minimum.reduce(sure)) if len(sure) else np.inf
        # the sure minimum dominates every sure condition beyond the float error margin
        keep = (unc | (xb <= _screen(cut, self.xf, mag))).nonzero()[0]
        idx = ci[keep]
        if len(idx) > 1:  # one condition per (budget class, utility, side): identical
            keys = 2 * self.cls[bl[idx]] + is_poor[idx]
            if not p.const:
                keys = _pair_key(keys, p.sup_u[j][live][idx])
            seen: set[int] = set()
            first = []
            for k, key in enumerate(keys.tolist()):
                if key not in seen:
                    seen.add(key)
                    first.append(k)
            keep = keep[first]
        conds = self.run.conds
        rnd = self.round
        for xf, pr, b in zip(
            xb[keep].tolist(), is_poor[ci[keep]].tolist(), bl[ci[keep]].tolist(), strict=True
        ):
            conds.append(
                _Cond(xf=xf, strict=pr, kind="W", ballot=b, round=rnd, project=j, wround=rnd)
            )

    def _certify_winner_small(
        self, j: int, form: _Affine, poor: BoolArray, alive: BoolArray
    ) -> None:
        """:meth:`certify_winner` for a few supporters of one utility, in plain Python.

        On small elections each numpy call on a handful of supporters costs more than the
        arithmetic; this is the same arithmetic, element by element in the same order (no
        sums, only IEEE products, differences and max/min), so its floats are bit for bit
        those of the vector path. Ballots of one budget class and side give one condition
        (their budget forms are identical), so only the first of each is looked at: the
        same conditions, in the same order, as the vector path keeps."""
        s = self.p.sup[j]
        u = float(self.p.uc[j])
        ta, tb, tbm = form.af * u, form.bf * u, abs(form.bf) * u
        mg = -np.inf
        seen: set[int] = set()
        cand: list[tuple[bool, float, float, bool, int]] = []
        for b, (fa, fb, m), c, al, pr in zip(
            s.tolist(),
            self.forms3[s].tolist(),
            self.cls[s].tolist(),
            alive.tolist(),
            poor.tolist(),
            strict=True,
        ):
            if not al:
                continue
            key = 2 * c + pr
            if key in seen:
                continue  # (the same magnitude too)
            seen.add(key)
            mg = max(mg, m)
            db = fb - tb
            unsure = abs(db) <= 1e-6 * (1.0 + abs(fb - 1.0) + tbm)
            if unsure or (db > 0 if pr else -db > 0):
                cand.append((unsure, db, fa, pr, b))
        if mg == -np.inf:
            return  # nobody alive
        mag = mg + abs(form.af) * u
        self.magmax = max(self.magmax, mag)
        if not cand:
            return
        xbs = [-np.inf if unsure else -(fa - ta) / db for unsure, db, fa, _, _ in cand]
        cut = min((xb for xb, c in zip(xbs, cand, strict=True) if not c[0]), default=np.inf)
        screen = _screen(cut, self.xf, mag)
        conds = self.run.conds
        rnd = self.round
        for xb, (_, _, _, pr, b) in zip(xbs, cand, strict=True):
            if xb <= screen:
                conds.append(
                    _Cond(xf=xb, strict=pr, kind="W", ballot=b, round=rnd, project=j, wround=rnd)
                )

    def run_rounds(self, open_: dict[int, _Guess] | None = None) -> _Run:
        """The rounds from this one on; ``open_`` (default: every candidate at its first
        bound) maps each project still open to a guess whose rho is a lower bound."""
        p = self.p
        prio = p.prio
        certify = self.run.certify
        if p.first_bounds is None:  # c / (total utility): the same for every run
            p.first_bounds = {}
            for j in p.candidates:
                lb = Fraction(p.costs[j], p.sup_mu[j])
                g = _Guess(float(lb), _REL * float(lb), np.zeros(0, dtype=bool), float(lb), 0.0, -1)
                g.exact = _Affine(lb, _F0)
                p.first_bounds[j] = g
        if open_ is None:
            open_ = dict(p.first_bounds)  # entries are replaced, never mutated
        while True:
            self.run.cond_start.append(len(self.run.conds))
            # 1. float affordabilities, lazily: rho only grows, so last round's value is a
            #    lower bound and projects far above the best need no new look
            best_f = np.inf
            best_err = 0.0
            maxerr = max((g.err for g in open_.values()), default=0.0)
            fresh: dict[int, _Guess] = {}
            removed: list[int] = []
            sweep: _Sweep | None = None
            shorts = 0  # unaffordable projects met this round
            order = sorted(open_, key=lambda k: open_[k].rho)
            for pos, j in enumerate(order):
                g = open_[j]
                if g.rho - maxerr > best_f + best_err:
                    break
                if g.rho - g.err > best_f + best_err:
                    continue
                if sweep is not None and sweep.short[j]:
                    continue  # removed with the sweep
                ng = self.guess(j, g.rho)
                if ng is None:
                    removed.append(j)
                    if certify:
                        self.certify_unaffordable(j)
                    shorts += 1
                    if (
                        sweep is None
                        and shorts >= 2
                        and len(p.sup_all) <= _SWEEP * (len(order) - pos)
                    ):
                        sweep = self.sweep()
                        # every project still to look at that is surely unaffordable (as
                        # guess() would find) goes now, looked at or not
                        short = [k for k in order[pos + 1 :] if sweep.short[k]]
                        removed += short
                        if certify and short:
                            self.certify_unaffordable_all(np.asarray(short), sweep)
                    continue
                open_[j] = fresh[j] = ng
                maxerr = max(maxerr, ng.err)
                if ng.rho < best_f:
                    best_f, best_err = ng.rho, ng.err
                    best_err = max(best_err, ng.err)
            for j in removed:
                del open_[j]
                self.run.removed_at[j] = self.round
            if not fresh:
                return self.run
            # 2. exact among those floats cannot separate from the best
            near = [j for j, g in fresh.items() if g.rho - g.err <= best_f + best_err]
            if len(near) == 1:
                w = near[0]
                g = fresh[w]
                split = self.float_split(w, g)
                if split is not None:  # floats settle it: exact rho only if ever needed
                    poor, rich_mu, alive = split
                    local = poor & alive
                    af, bf = g.af, g.bf
                    if certify:
                        af, bf = self.float_rho_form(w, local, rich_mu)
                    lazy = _Affine(
                        None,
                        None,
                        af=af,
                        bf=bf,
                        make=partial(self.rho_form, w, local, rich_mu, self.round),
                        zero_b=not local.any(),
                    )
                    del open_[w]
                    if certify:
                        for j, gj in open_.items():
                            self.certify_loser(j, gj, lazy, strict=prio[j] < prio[w])
                    self.pay(w, lazy, g.rho, poor, alive)
                    continue
            best: tuple[Fraction, int, _Affine, BoolArray] | None = None
            for j in near:
                form, val, poor = self.confirm(j, fresh[j])
                fresh[j].exact = form
                if best is None or val < best[0] or (val == best[0] and prio[j] < prio[best[1]]):
                    best = (val, j, form, poor)
            assert best is not None
            val, w, form, poor = best
            del open_[w]
            if certify:
                for j, g in open_.items():
                    self.certify_loser(j, g, form, strict=prio[j] < prio[w])
            self.values[self.round] = val
            self.pay(w, form, float(val), poor)

    def certify_loser(self, j: int, g: _Guess, w: _Affine, strict: bool) -> None:
        """The loser's lower bound must stay above (or, losing ties, at least) the winner's
        rho: ``(lb - w)(x') >= 0`` (> 0 if it would win a tie)."""
        if g.exact is not None and g.exact.zero_b and w.zero_b:
            return  # both constant in x
        db = g.bf - w.bf
        clear = abs(db) > 1e-6 * (abs(g.bf) + abs(w.bf))
        if db > 0 and clear:
            return  # surely the gap never shrinks as x grows
        sure = db < 0 and clear
        xb = -(g.af - w.af) / db if sure else -np.inf
        self.magmax = max(self.magmax, abs(g.af) + abs(w.af))
        if g.exact is not None:
            self.run.conds.append(
                _Cond(xf=xb, strict=strict, kind="X", lform=g.exact, wround=self.round)
            )
        else:
            self.run.conds.append(
                _Cond(
                    xf=xb,
                    strict=strict,
                    kind="L",
                    round=g.round,
                    project=j,
                    wround=self.round,
                    local=g.poor,
                )
            )

    def sweep(self) -> _Sweep:
        """Every project's money now, in one pass over all supporting entries: once a
        round has met an unaffordable project, the rest of the open ones are often
        unaffordable too, and one pass is cheaper than a look at each (small elections)."""
        p = self.p
        alive = self.dead_at == _NEVER
        mfa = p.mult_f * alive
        per_project = p.per_project
        avail = per_project(p.mult_f * self.budget)
        scale = p.costs_f + self.xf * per_project(mfa)
        # guess() says "unaffordable" below c - _REL * scale; a margin twice that absorbs
        # the different float summation order, and what is closer goes to guess()
        short = avail < p.costs_f - 2 * _REL * scale
        if not self.run.certify:
            return _Sweep(short)
        return _Sweep(
            short,
            per_project(mfa * self.bud_a),
            per_project(mfa * self.bud_b),
            per_project(mfa * (np.abs(self.bud_b - 1.0) + 1.0)),
        )

    def certify_unaffordable_all(self, js: IntArray, sweep: _Sweep) -> None:
        """:meth:`certify_unaffordable` for projects ``js`` at once, from a sweep. Only
        the conditions that can bind are kept: those floats cannot judge, and those whose
        breakpoint is within the float error of the least (it dominates the others, as in
        :meth:`certify_winner`)."""
        assert sweep.sa is not None and sweep.sb is not None and sweep.bmag is not None
        sa, sb, bmag = sweep.sa[js], sweep.sb[js], sweep.bmag[js]
        may = sb >= -1e-6 * bmag  # else surely shrinks as x grows
        sure = sb > 1e-6 * bmag
        with np.errstate(divide="ignore", invalid="ignore"):
            xb = np.where(sure, (self.p.costs_f[js] - sa) / sb, -np.inf)
        cut = float(xb[sure].min()) if sure.any() else np.inf
        keep = may & (~sure | (xb <= _screen(cut, self.xf, self.magmax)))
        for i in np.nonzero(keep)[0]:
            self.run.conds.append(
                _Cond(xf=float(xb[i]), strict=True, kind="U", round=self.round, project=int(js[i]))
            )

    def certify_unaffordable(self, j: int) -> None:
        """An unaffordable project must stay so: ``c - sum m_i budget_i(x') > 0``."""
        p = self.p
        s = p.sup[j]
        bl = s[self.dead_at[s] == _NEVER]
        mf = p.mult_f[bl]
        sa = float(np.dot(mf, self.bud_a[bl]))
        sb = float(np.dot(mf, self.bud_b[bl]))
        bmag = float(np.dot(mf, np.abs(self.bud_b[bl] - 1.0) + 1.0))
        if sb < -1e-6 * bmag:
            return  # surely shrinks as x grows
        sure = sb > 1e-6 * bmag
        xb = (p.costs[j] - sa) / sb if sure else -np.inf
        self.run.conds.append(_Cond(xf=xb, strict=True, kind="U", round=self.round, project=j))


def _pair_key(a: IntArray, b: IntArray) -> IntArray:
    """One int64 per pair (a, b) of non-negative ints, equal iff the pairs are equal."""
    hi = int(b.max(initial=0)) + 1
    if int(a.max(initial=0)) < (2**62) // hi:
        return a * hi + b
    _, inv = np.unique(np.stack((a, b)), axis=1, return_inverse=True)
    return inv.reshape(-1).astype(np.int64)


def _screen(cut: float, xf: float, mag: float) -> float:
    """Float breakpoints at most this far above ``cut`` are looked at exactly."""
    return cut + 1e-6 * (abs(cut) + xf + mag) + 1e-6


def _mes_run(prep: _Prep, x: Fraction, certify: bool = False) -> _Run:
    state = _MES(prep, x, certify)
    try:
        return state.run_rounds()
    finally:
        _release(state)


def _release(state: _MES) -> None:
    """Break the cycle state -> run -> forms -> lazy form -> state once a run is done.

    Lazy rho forms keep a bound method of their state, and both the run's forms and its
    conditions hold such forms; without this, every finished run's per-ballot arrays live
    until a full garbage collection (on Warszawa 2026, add1 kept dozens of old runs, about
    15 times the file's size). Only the run's selection is used afterwards.
    """
    state.run.forms.clear()
    state.run.conds.clear()
    state.values.clear()


def _exact_cond(state: _MES, cond: _Cond) -> tuple[Fraction, Fraction]:
    """The exact (A, B) of a condition ``A + B x' >= 0`` (see :class:`_Cond`)."""
    if cond.exact is None:
        cond.exact = _exact_cond_of(state, cond)
    return cond.exact


def _exact_cond_of(state: _MES, cond: _Cond) -> tuple[Fraction, Fraction]:
    p = state.p
    if cond.kind == "X":
        assert cond.lform is not None
        w = state.run.forms[cond.wround]
        return cond.lform.a - w.a, cond.lform.b - w.b
    j, rnd = cond.project, cond.round
    s = p.sup[j]
    if cond.kind == "U":
        alive = state.dead_at[s] >= rnd
        a, b = state.sum_form(j, alive, rnd)
        return p.costs[j] - a, -b
    w = state.run.forms[cond.wround]
    if cond.kind == "L":
        assert cond.local is not None
        poor = cond.local
        alive = state.dead_at[s] >= rnd
        rich_mu = p.sup_mu[j] - p.mu_of(j, poor)
        if rich_mu == 0:
            return Fraction(-1), _F0  # no bound from this split: never certified
        a, b = state.sum_form(j, poor & alive, rnd)
        return (p.costs[j] - a) / rich_mu - w.a, -b / rich_mu - w.b
    a, b = state.exact_budget_form(cond.ballot, rnd)
    uw = p.util_at(j, int(np.searchsorted(s, cond.ballot)))
    da, db = a - w.a * uw, b - w.b * uw  # budget - rho * u
    # rich: (budget - rho u) >= 0; poor: (budget - rho u) < 0, i.e. its negation > 0
    return (-da, -db) if cond.strict else (da, db)


def _outcome(
    instance: Instance, rule: str, utility: Utility, selected: list[int], **notes: object
) -> Outcome:
    total = sum(int(instance.costs[j]) for j in selected)
    return Outcome(
        rule=rule,
        utility=utility,
        selected=[instance.project_ids[j] for j in selected],
        total_cost=instance.money(total),
        budget=instance.money(instance.budget),
        notes=dict(notes),
    )


def _start(instance: Instance, profile: Profile) -> Fraction:
    n = profile.num_voters
    if n == 0:
        raise InputError("MES needs at least one voter")
    return Fraction(instance.budget, n)


def _plain(prep: _Prep, x: Fraction) -> list[int]:
    return prep.free + _mes_run(prep, x).selected


def _cost(prep: _Prep, sel: list[int]) -> int:
    return sum(prep.costs[j] for j in sel)


def _exhaustive(prep: _Prep, sel: list[int], budget: int) -> bool:
    left = budget - _cost(prep, sel)
    chosen = set(sel)
    return not any(prep.costs[j] <= left for j in prep.candidates if j not in chosen)


def _mes_add1(
    instance: Instance, profile: Profile, prep: _Prep, step: int
) -> tuple[list[int], dict[str, object]]:
    """MES with the add1 completion, exactly as defined, but without one run per step.

    Definition: runs at ``x_k = B/n + k * step`` for k = 0, 1, ...; stop at the first k whose
    outcome exceeds the budget (return the outcome at k - 1) or is exhaustive (return it).
    Each run also yields an interval of ``x`` on which all its decisions stay the same
    (every decision is the sign of an affine function of ``x``; see docs/rules/mes.md), so
    all grid points in it have the same outcome and are skipped. The next run resumes the
    last one from the first round whose decisions change (:func:`_resume`).
    """
    x0 = _start(instance, profile)
    k = 0
    prev: list[int] = list(prep.free)
    runs = resumed = 0
    fails = skip = 0
    after: _MES | None = None  # the last certified run, while the next one may resume it
    after_rnd: int | None = None  # ... and its first round broken at the next budget
    while True:
        x = x0 + k * step
        certify = skip == 0
        if after is not None:
            if after_rnd is None:
                after_rnd = _first_broken_round(after, x)
            if after_rnd == 0:  # not resumed: free it before the next run starts
                _release(after)
                after = None
        state = _next_run(prep, x, certify, after, after_rnd)
        if after is not None:
            _release(after)
            after = None
        after_rnd = None
        runs += 1
        resumed += state.resumed_at > 0
        sel = prep.free + state.run.selected
        notes: dict[str, object] = {"per_voter_steps": k, "runs": runs, "resumed": resumed}
        if _cost(prep, sel) > instance.budget:
            _release(state)
            return prev, notes | {"per_voter_steps": k - 1}
        if _exhaustive(prep, sel, instance.budget):
            _release(state)
            return sel, notes
        prev = sel
        if not certify:  # a plain run (cheaper) just moves one step
            _release(state)
            del state  # before the next run starts
            skip -= 1
            k += 1
            continue
        last = _last_valid_step(state, x0, step, k)
        jumped = last > k
        k = last + 1
        if not jumped:
            after_rnd = _first_broken_round(state, x0 + k * step)
        if jumped or 2 * (after_rnd or 0) >= max(len(state.run.selected), 1):
            # the next run resumes this one: when only its last rounds change, cheaper
            # than a plain run from the start even with the certificate's cost
            fails = 0
            skip = 0
            after = state
            del state
            continue
        # when certificates keep failing to skip anything and no run can be resumed
        # (large elections, where almost every step changes some voter's side in the
        # first round), certify only every 2, 4, 8, ... runs
        after_rnd = None
        fails += 1
        skip = min(2**fails - 1, 7)
        _release(state)
        del state


def _next_run(
    prep: _Prep, x: Fraction, certify: bool, after: _MES | None, rnd: int | None = None
) -> _MES:
    """The run at ``x``: resumed from certified run ``after`` (at a smaller x) where its
    first rounds keep their decisions at ``x`` (``rnd``: the first that does not, if
    known), else from the start."""
    if certify and after is not None:
        if rnd is None:
            rnd = _first_broken_round(after, x)
        if rnd > 0:
            return _resume(after, x, rnd)
    state = _MES(prep, x, certify=certify)
    state.run_rounds()
    return state


def _first_broken_round(state: _MES, x: Fraction) -> int:
    """The first round of certified run ``state`` one of whose conditions fails at ``x``
    (its last round, the one that found nothing affordable, if none does).

    A condition holds at ``x`` when its float breakpoint is beyond ``x`` by more than any
    float error (as in :func:`_last_valid_step`), fails when it is below by more than that,
    else by its exact sign at ``x``."""
    run = state.run
    xf = float(x)
    screen = _screen(xf, xf, state.magmax)
    bounds = [*run.cond_start[1:], len(run.conds)]
    for r, (c0, c1) in enumerate(zip(run.cond_start, bounds, strict=True)):
        for c in run.conds[c0:c1]:
            if c.xf == np.inf or (c.xf != -np.inf and c.xf > screen):
                continue
            if c.xf != -np.inf and _screen(c.xf, xf, state.magmax) < xf:
                return r  # surely fails: its breakpoint is below x beyond float error
            a, b = _exact_cond(state, c)
            v = a + b * x
            if v < 0 or (c.strict and v == 0):
                return r
    return len(run.cond_start) - 1


def _resume(old: _MES, x: Fraction, rnd: int) -> _MES:
    """The certified run at ``x`` whose rounds before ``rnd`` are those of ``old``.

    Every condition of those rounds holds at ``x`` (:func:`_first_broken_round`), so a run
    at ``x`` funds the same projects in them with the same poor sets, at the same affine
    rho: only the float budgets differ. The state before round ``rnd`` is restored from
    ``old``'s copy of it (budgets from their affine forms at ``x``), or the payments are
    replayed (from the latest copy before it, if any). The rounds from ``rnd`` on
    are run as usual, every project still open starting from its first bound (last
    round's rho at the old ``x`` is no lower bound at a larger ``x``). The run keeps the
    earlier rounds' conditions: together with its own they certify it.
    """
    p = old.p
    state = _MES(p, x, certify=True)
    state.resumed_at = rnd
    state.magmax = old.magmax
    orun, run = old.run, state.run
    run.snaps = {r: v for r, v in orun.snaps.items() if r <= rnd}
    start = max(run.snaps, default=0)
    if start:
        dead_at, forms3, cls, state.ncls = run.snaps[start]
        state.dead_at[:] = dead_at
        state.forms3[:] = forms3
        state.cls[:] = cls
        alive = dead_at == _NEVER
        state.budget = np.where(alive, np.maximum(state.bud_a + state.bud_b * state.xf, 0.0), 0.0)
        for r in range(start):
            state.fund_round[orun.selected[r]] = r
            run.selected.append(orun.selected[r])
            run.forms.append(orun.forms[r].rebound(state.rho_form))
            run.poor.append(orun.poor[r])
        state.round = start
    for r in range(start, rnd):
        f = orun.forms[r].rebound(state.rho_form)
        state.apply(orun.selected[r], f, f.af + f.bf * state.xf, orun.poor[r])
    run.conds = orun.conds[: orun.cond_start[rnd]]  # they name winners' forms by round
    run.cond_start = orun.cond_start[:rnd]
    run.removed_at = {j: r for j, r in orun.removed_at.items() if r < rnd}
    assert p.first_bounds is not None
    funded = set(run.selected)
    open_ = {j: g for j, g in p.first_bounds.items() if j not in funded and j not in run.removed_at}
    state.run_rounds(open_)
    return state


def _last_valid_step(state: _MES, x0: Fraction, step: int, k: int) -> int:
    """The largest k' >= k such that x0 + k' * step is inside the run's validity interval.

    Every condition is ``A + B x' >= 0`` (or ``> 0``) and held at ``x = x0 + k step``; it
    can only fail above ``x`` if ``B < 0``, from ``-A/B`` on. Conditions are visited by
    their float breakpoint; the scan stops once the next float breakpoint is beyond the
    least exact one by more than any float error. When a float breakpoint is surely below
    the next grid budget, the answer is ``k`` without any exact look (``k`` itself the run
    decided exactly).

    A sure float breakpoint (finite) of a voter's side (``"W"``) or of an unaffordable
    project (``"U"``) is within the float error margin of the exact one: its slope was
    found clearly away from 0 on an absolute scale (at least ``1e-6`` times a magnitude
    that is at least 1), and the screens above rely on that margin already. So when no grid
    budget lies within twice that margin of it, and it is surely above ``x``, the last grid
    budget before it is read from the float (:func:`_grid_floor`) and the condition's exact
    form is never computed. Loser conditions (``"X"``, ``"L"``: their slope is judged only
    relative to the forms' own slopes), breakpoints close to a grid budget and conditions
    floats cannot judge are decided exactly.
    """
    conds = sorted(state.run.conds, key=lambda c: c.xf)
    nxt = float(x0 + (k + 1) * step)
    for c in conds:
        if c.xf != -np.inf:
            if _screen(c.xf, state.xf, state.magmax) < nxt:
                return k
            break
    best: int | None = None
    best_x = np.inf
    for c in conds:
        if c.xf == np.inf:
            break
        if c.xf != -np.inf and c.xf > _screen(best_x, state.xf, state.magmax):
            break
        if c.exact is None and c.kind in "WU" and isfinite(c.xf):
            margin = 2.0 * (_screen(c.xf, state.xf, state.magmax) - c.xf)
            kf = _grid_floor(c.xf, margin, x0, step)
            if kf is not None and c.xf - margin > state.xf:
                if best is None or kf < best:
                    best = kf
                    best_x = c.xf + margin  # at least its exact breakpoint
                continue
        a, b = _exact_cond(state, c)
        at_x = a + b * state.x
        if at_x < 0 or (c.strict and at_x == 0):
            # a lower bound weaker than the run's own (exact) decision: cannot certify
            # anything beyond x itself, which the run decided exactly
            return k
        if b >= 0:
            continue
        bound = a / -b
        kk = _floor((bound - x0) / step)
        if c.strict and x0 + kk * step == bound:
            kk -= 1
        if best is None or kk < best:
            best = kk
            best_x = float(bound)
    if best is None:
        raise AllocationError("MES add1: no budget at which the outcome changes (internal)")
    if best < k:
        raise AllocationError("MES add1: validity interval misses its own budget (internal)")
    return best


def _floor(q: Fraction) -> int:
    return q.numerator // q.denominator


def _grid_floor(xf: float, margin: float, x0: Fraction, step: int) -> int | None:
    """The grid step ``k`` with ``x0 + k step <= t < x0 + (k + 1) step`` for every ``t``
    within ``margin`` of ``xf``; None if a grid budget is that close to ``xf``. Decided in
    exact rationals (the floats are taken at their exact values): a few operations, far
    cheaper than a condition's exact form: integers only, no Fraction normalised)."""
    n1, d1 = xf.as_integer_ratio()
    n2, d2 = margin.as_integer_ratio()
    num, den = x0.numerator, x0.denominator
    e = d1 * d2  # xf -/+ margin = (n1 d2 -/+ n2 d1) / e
    k = ((n1 * d2 - n2 * d1) * den - num * e) // (e * den * step)
    return k if (n1 * d2 + n2 * d1) * den < (num + (k + 1) * step * den) * e else None


def _greedy_complete(prep: _Prep, sel: list[int], budget: int, m: int) -> list[int]:
    """Utilitarian greedy on what is left: projects by total utility per unit of cost, best
    first (ties by tie-break order), each funded if it still fits. Unsupported projects
    have density 0 and come last; supported free ones first."""
    chosen = set(sel)
    left = budget - _cost(prep, sel)
    out = list(sel)

    def key(j: int) -> tuple[int, Fraction, int]:
        c, s = prep.costs[j], prep.sup_mu[j]
        if s > 0 and c == 0:
            return (0, _F0, int(prep.prio[j]))
        return (1, -Fraction(s, c) if c else _F0, int(prep.prio[j]))

    for j in sorted((j for j in range(m) if j not in chosen), key=key):
        if prep.costs[j] <= left:
            out.append(j)
            left -= prep.costs[j]
    return out


def _step(instance: Instance, options: Options) -> int:
    raw = options.extra.get("add1_step", 1)
    if not isinstance(raw, int) or raw <= 0:
        raise InputError(f"add1_step must be a positive whole amount, not {raw!r}")
    return raw * instance.scale


@register("mes")
def mes(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Plain MES: equal shares of the budget, no completion."""
    utility = _default_utility(profile, options)
    prep = _prepare(instance, profile, options, utility)
    return _outcome(instance, "mes", utility, _plain(prep, _start(instance, profile)))


@register("mes-greedy")
def mes_greedy(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """Plain MES, then utilitarian greedy on the money left."""
    utility = _default_utility(profile, options)
    prep = _prepare(instance, profile, options, utility)
    sel = _plain(prep, _start(instance, profile))
    done = _greedy_complete(prep, sel, instance.budget, instance.num_projects)
    return _outcome(instance, "mes-greedy", utility, done, mes_selected=len(sel))


@register("mes-add1")
def mes_add1(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """MES, raising every voter's share by one currency unit at a time while the outcome
    stays within the budget and is not exhaustive."""
    utility = _default_utility(profile, options)
    prep = _prepare(instance, profile, options, utility)
    sel, notes = _mes_add1(instance, profile, prep, _step(instance, options))
    return _outcome(instance, "mes-add1", utility, sel, **notes)


@register("mes-add1-greedy")
def mes_add1_greedy(instance: Instance, profile: Profile, options: Options) -> Outcome:
    """MES with add1, then utilitarian greedy on the money left."""
    utility = _default_utility(profile, options)
    prep = _prepare(instance, profile, options, utility)
    sel, notes = _mes_add1(instance, profile, prep, _step(instance, options))
    done = _greedy_complete(prep, sel, instance.budget, instance.num_projects)
    return _outcome(instance, "mes-add1-greedy", utility, done, mes_selected=len(sel), **notes)


__all__ = ["EQUALSHARES_META", "TieBreak"]
