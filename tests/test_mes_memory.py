"""MES's memory: a bounded peak, and nothing left behind once a rule returns (issue #2).

The profile is synthetic (generated here, seeded): 20,000 distinct ballots over 60 projects
of skewed popularity, about 100,000 entries, so the test runs in well under a second while
the per-entry data dominates as it does in real files (Warszawa 2026: 51,202 ballots,
247,592 entries).

The bound: what MES must hold is one int64 per supporting entry (each project's supporters,
grouped by project) and a fixed number of 8-byte values per distinct ballot (multiplicities;
per run the budgets, who paid all she had, and with add1 the budgets' affine forms and
classes); the rest is per project or per round. Gathers over the entries of supporters'
ballots are made in chunks of a bounded size. So we allow 2 int64 per entry, 16 values per
ballot and 1 MB for chunks and small objects. MES before this bound held about 14 int64 per
entry for plain MES and 22 with add1 (sup_* arrays per project, cached entry lists).
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

import numpy as np
import pytest

from oylama.tally import Instance, Options, Profile, allocate

MB = 1 << 20


def synthetic(nb: int = 20_000, m: int = 60, seed: int = 7) -> tuple[Instance, Profile]:
    """``nb`` ballots naming 1-9 of ``m`` projects each, popular projects more often."""
    rng = np.random.default_rng(seed)
    pop = rng.pareto(1.5, m) + 0.2
    lens = rng.integers(1, 10, nb)
    keys = rng.random((nb, m)) ** (1.0 / pop)  # popular projects draw larger keys
    chosen = np.where(np.arange(m)[None, :] < lens[:, None], np.argsort(-keys, axis=1), m)
    chosen.sort(axis=1)
    indices = chosen[chosen < m].astype(np.int64)
    indptr = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    mult = rng.integers(1, 4, nb).astype(np.int64)
    costs = rng.integers(10_000, 500_000, m).astype(np.int64)
    inst = Instance(tuple(f"p{j:03d}" for j in range(m)), costs, int(costs.sum()) * 3 // 10)
    return inst, Profile("approval", m, indptr, indices, None, mult)


@pytest.fixture(scope="module")
def election() -> tuple[Instance, Profile]:
    return synthetic()


@pytest.fixture
def traced() -> Iterator[None]:
    """tracemalloc on (numpy reports its buffers to it) and the cyclic collector off, so
    that anything a rule leaves in a reference cycle stays visible."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()
        gc.enable()


def _options(rule: str, inst: Instance, prof: Profile) -> Options:
    if rule == "mes":
        return Options(utility="cost")
    # a quarter of the starting share per step: a handful of runs, each certified or not
    step = inst.budget // prof.num_voters // 4
    return Options(utility="cost", extra={"add1_step": step})


@pytest.mark.parametrize("rule", ["mes", "mes-add1", "mes-add1-greedy"])
def test_peak_bounded_and_nothing_held(
    rule: str, election: tuple[Instance, Profile], traced: None
) -> None:
    inst, prof = election
    opts = _options(rule, inst, prof)
    entries, ballots = len(prof.indices), prof.num_ballots
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    out = allocate(inst, prof, rule, opts)
    held, peak = tracemalloc.get_traced_memory()
    if rule != "mes":
        runs = out.notes["runs"]
        assert isinstance(runs, int) and runs >= 3  # several runs, so leaks would add up
    bound = 2 * 8 * entries + 16 * 8 * ballots + MB
    assert peak - base <= bound, f"peak {(peak - base) / MB:.2f} MB > {bound / MB:.2f} MB"
    # a finished run keeps nothing: no cycle left for the collector, nothing but the outcome
    # (and numpy's small-block cache) still allocated
    assert gc.collect() == 0
    assert held - base <= 64 * 1024, f"{(held - base) / 1024:.0f} KB still held"


def test_repeated_runs_do_not_accumulate(election: tuple[Instance, Profile], traced: None) -> None:
    inst, prof = election
    opts = _options("mes-add1", inst, prof)
    allocate(inst, prof, "mes-add1", opts)
    first = tracemalloc.get_traced_memory()[0]
    for _ in range(3):
        allocate(inst, prof, "mes-add1", opts)
    assert tracemalloc.get_traced_memory()[0] - first <= 64 * 1024
