"""Benchmark of the ballot cryptography core (oylama.crypto) on both arithmetic backends.

    .venv/bin/python benchmarks/crypto.py                      # both backends, a few minutes
    .venv/bin/python benchmarks/crypto.py --quick              # smoke test
    .venv/bin/python benchmarks/crypto.py --backend native     # one backend only

Each backend runs in its own process (``OYLAMA_CRYPTO_BACKEND`` is read once, at import), one after
the other: ``native`` (the oylama_arith extension) when it is installed, then ``sodium`` (the
system libsodium through ctypes). Each prints its own tables and JSON line; the comparison follows,
and the last line is one JSON object with every figure suffixed ``_native`` / ``_sodium`` and
``speedup_<figure>`` = how many times faster the native backend was in this run (time ratio
sodium/native, or rate ratio native/sodium). Headlines: ``selection_verify_per_s_native``,
``knapsack50_verify_ms_native``, ``sum_1e5x50_s_native`` and their speed-ups.

Measures, each as the best of a few repetitions (the machine may be shared):

- libsodium's ristretto255 primitives (through ctypes, in both processes): variable-base and
  fixed-base scalar multiplication, addition, decoding -- the units every other figure is
  made of (``V`` is libsodium's variable-base multiplication);
- 0/1 selection proofs (spec version 2: commitments carried): encrypt + prove time, and
  verifications per second two ways -- one by one (each proof's equations on their own), and
  as one batch of all the proofs (crypto §3.3: random 128-bit weights, one multi-scalar
  multiplication on the native backend; on libsodium a multiplication per distinct point);
  ``selection_verify_per_s`` is the batch, ``selection_verify_per_s_single`` one by one;
- a one-of-{0..5} proof (cumulative ballots), a table proof of 11 rows × 2 ciphertexts (a
  quadratic vote and its square), and a 25-bit range proof
  (``[0, 24_000_000]``, a large PB budget): prove and verify times;
- baby-step giant-step: building the table for 10^6, then the worst-case decoding (10^6);
- 0/1 verification throughput with one process and one per core (scaling);
- the homomorphic sum of 10^5 ballots × 50 projects, extrapolated from a measured sample,
  checking every point and (hazmat) on already-verified ciphertexts, one core and all cores.

A backend's JSON line holds every figure; ``selection_verify_per_s`` is the headline (issue
#15's target: at least 10,000 per second per core batched, and at least 6 times the libsodium
path's best in the same run: ``native_batch_over_sodium_best``). ``load_avg_1m`` says how busy
the machine was; ``*_in_var_mults`` are costs in units of one libsodium variable-base
multiplication measured in the same run, which stay comparable when the machine is shared.

Ballots (docs/spec/ballots.md; ``--no-ballots`` skips, ``--ballot-sizes 50`` restricts): one
ballot of each kind with 20, 50 and 80 projects (knapsack with a 25-bit budget), encrypt+prove
and verify (``verify_ballot``: one batch on the native backend, proof by proof on libsodium)
on one core and amortized over all cores; ``knapsack50_verify_ms`` is the headline (issue
#15's target: at most 5 ms).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable

from oylama.crypto import (
    BallotStyle,
    Ciphertext,
    DisjunctiveProof,
    EncryptedBallot,
    _ballot,
    _dlog,
    _equations,
    _libsodium,
    _proofs,
    ballot_bytes,
    encrypt,
    encrypt_ballot,
    encrypt_random,
    generate_keypair,
    prove_bit,
    prove_one_of,
    prove_range,
    prove_table,
    sum_ciphertexts,
    verify_ballot,
    verify_bit,
    verify_one_of,
    verify_range,
    verify_table,
)
from oylama.crypto.hazmat import (
    BACKEND,
    DeterministicRng,
    Point,
    base_mul,
    discrete_log,
    random_scalar,
    sum_checked_ciphertexts,
)

CONTEXT = bytes(32)
CREDENTIAL = bytes(range(32))
#: libsodium's ristretto255 functions, the unit of every backend's figures (``V``).
SODIUM = _libsodium.load()


def best(fn: Callable[[], object], number: int, repeat: int) -> float:
    """Best mean seconds per call over ``repeat`` runs of ``number`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


BACKEND_ENV = "OYLAMA_CRYPTO_BACKEND"


def native_installed() -> bool:
    import importlib.util  # noqa: PLC0415

    return importlib.util.find_spec("oylama_arith") is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="oylama.crypto benchmark")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--no-ballots", action="store_true", help="skip the ballot section")
    parser.add_argument(
        "--ballot-sizes", type=int, nargs="+", default=None, help="projects per ballot (20 50 80)"
    )
    parser.add_argument(
        "--backend",
        choices=("both", "native", "sodium"),
        default="both",
        help="arithmetic backend(s) to measure (default: both, one process each)",
    )
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.backend == "both":
        return compare(argv, quick=args.quick)
    if args.backend != BACKEND:
        # The backend is chosen at import: run again with the variable set.
        env = {**os.environ, BACKEND_ENV: args.backend}
        return subprocess.run([sys.executable, __file__, *argv], env=env, check=False).returncode
    return run_backend(args)


def run_backend(args: argparse.Namespace) -> int:
    """Every figure of this process's backend; the last line printed is their JSON."""
    print(f"== backend: {BACKEND} ==")
    n_sel = 100 if args.quick else 500
    repeat = 2 if args.quick else 5
    rng = DeterministicRng(b"benchmark")
    secret, key = generate_keypair(rng)
    out: dict[str, float | int | str] = {}

    k = random_scalar(rng).to_bytes(32, "little")
    p, q = base_mul(random_scalar(rng)).encode(), base_mul(random_scalar(rng)).encode()
    units = {
        "var_mult_us": lambda: SODIUM.mul(k, p),
        "base_mult_us": lambda: SODIUM.mul_base(k),
        "add_us": lambda: SODIUM.add(p, q),
        "is_valid_point_us": lambda: SODIUM.is_valid(p),
    }
    print("libsodium ristretto255 primitives (µs per call)")
    for name, fn in units.items():
        out[name] = round(best(fn, 300 if args.quick else 1000, repeat) * 1e6, 1)
        print(f"  {name[:-3]:<16} {out[name]:>8}")

    # -- 0/1 selections
    items = []
    start = time.perf_counter()
    for i in range(n_sel):
        m = i & 1
        label = f"ballot {i}/project 0".encode()
        ct, r = encrypt_random(key, m, rng)
        items.append((ct, label, prove_bit(key, ct, m, r, context=CONTEXT, label=label, rng=rng)))
    prove_s = (time.perf_counter() - start) / n_sel

    # Verifications in chunks of 50, interleaved with chunks of bare multiplications, keeping
    # the best of each: on a shared machine both minima come from the quiet moments, so their
    # ratio (the cost in multiplications) is steadier than either figure alone.
    chunk = 50
    verify_s, mult_s = float("inf"), float("inf")
    for _ in range(repeat * 2):
        for lo in range(0, n_sel, chunk):
            part = items[lo : lo + chunk]
            start = time.perf_counter()
            for ct, label, proof in part:
                verify_bit(key, ct, proof, context=CONTEXT, label=label)
            verify_s = min(verify_s, (time.perf_counter() - start) / len(part))
            start = time.perf_counter()
            for _ in range(chunk):
                SODIUM.mul(k, p)
            mult_s = min(mult_s, (time.perf_counter() - start) / chunk)
    kb = key.encode()

    def batch() -> None:
        b = _equations.Batch()
        for ct, label, proof in items:
            b.add(
                _proofs.one_of_equations(
                    kb, ct.alpha, ct.beta, (0, 1), proof, context=CONTEXT, label=label
                )
            )
        assert b.holds()

    batch_s = best(batch, 1, repeat) / n_sel
    out["var_mult_us"] = round(min(float(out["var_mult_us"]), mult_s * 1e6), 1)
    out["selection_encrypt_prove_ms"] = round(prove_s * 1e3, 3)
    out["selection_verify_ms_single"] = round(verify_s * 1e3, 3)
    out["selection_verify_per_s_single"] = round(1 / verify_s)
    out["selection_verify_ms"] = round(batch_s * 1e3, 4)
    out["selection_verify_per_s"] = round(1 / batch_s)
    out["selection_batch_size"] = n_sel
    out["selection_verify_in_var_mults"] = round(batch_s / mult_s, 2)
    out["selection_verify_single_in_var_mults"] = round(verify_s / mult_s, 2)
    print(
        f"0/1 selection: encrypt+prove {prove_s * 1e3:.3f} ms; verify one by one "
        f"{verify_s * 1e3:.3f} ms = {1 / verify_s:,.0f}/s ({verify_s / mult_s:.2f} V); "
        f"a batch of {n_sel}: {batch_s * 1e6:.1f} µs each = {1 / batch_s:,.0f}/s "
        f"({batch_s / mult_s:.2f} V)"
    )

    # -- one of {0..5}
    values = list(range(6))
    r = random_scalar(rng)
    ct = encrypt(key, 4, r)
    proof6 = prove_one_of(key, ct, values, 4, r, context=CONTEXT, label=b"x", rng=rng)
    out["one_of_6_prove_ms"] = round(
        best(
            lambda: prove_one_of(key, ct, values, 4, r, context=CONTEXT, label=b"x", rng=rng),
            10,
            repeat,
        )
        * 1e3,
        2,
    )
    out["one_of_6_verify_ms"] = round(
        best(
            lambda: verify_one_of(key, ct, values, proof6, context=CONTEXT, label=b"x"), 20, repeat
        )
        * 1e3,
        2,
    )
    print(
        f"one of {{0..5}}: prove {out['one_of_6_prove_ms']} ms, "
        f"verify {out['one_of_6_verify_ms']} ms"
    )

    # -- table: a quadratic vote v in 0..10 and its cost v²
    rows = [(v, v * v) for v in range(11)]
    rs = [random_scalar(rng), random_scalar(rng)]
    cts = [encrypt(key, 7, rs[0]), encrypt(key, 49, rs[1])]
    tproof = prove_table(key, cts, rows, (7, 49), rs, context=CONTEXT, label=b"q", rng=rng)
    out["table_11x2_verify_ms"] = round(
        best(lambda: verify_table(key, cts, rows, tproof, context=CONTEXT, label=b"q"), 5, repeat)
        * 1e3,
        2,
    )
    print(
        f"table 11 rows × 2 ciphertexts (quadratic vote): verify {out['table_11x2_verify_ms']} ms"
    )

    # -- 25-bit range
    budget = 24_000_000
    m = 17_345_678
    r = random_scalar(rng)
    ct = encrypt(key, m, r)
    rp = prove_range(key, ct, m, r, a=0, b=budget, context=CONTEXT, label=b"b", rng=rng)
    out["range_bits"] = len(rp.bits)
    out["range25_prove_ms"] = round(
        best(
            lambda: prove_range(key, ct, m, r, a=0, b=budget, context=CONTEXT, label=b"b", rng=rng),
            2 if args.quick else 5,
            repeat,
        )
        * 1e3,
        1,
    )
    out["range25_verify_ms"] = round(
        best(
            lambda: verify_range(key, ct, rp, a=0, b=budget, context=CONTEXT, label=b"b"),
            2 if args.quick else 5,
            repeat,
        )
        * 1e3,
        1,
    )
    print(
        f"range [0, {budget:,}] ({len(rp.bits)} bits): prove {out['range25_prove_ms']} ms, "
        f"verify {out['range25_verify_ms']} ms"
    )

    # -- baby-step giant-step
    bound = 10**6
    _dlog.forget_table()
    target = base_mul(bound)
    start = time.perf_counter()
    assert discrete_log(target, bound) == bound
    out["bsgs_1e6_first_ms"] = round((time.perf_counter() - start) * 1e3, 1)
    out["bsgs_1e6_decode_ms"] = round(best(lambda: discrete_log(target, bound), 3, repeat) * 1e3, 1)
    print(
        f"BSGS 10^6: first call (table + decode) {out['bsgs_1e6_first_ms']} ms, "
        f"worst-case decode {out['bsgs_1e6_decode_ms']} ms"
    )
    selection_scaling(key, items, out)
    ballot_batch(key, out, quick=args.quick)
    homomorphic_sum(key, out, quick=args.quick)
    if not args.no_ballots:
        ballot_benchmarks(key, out, quick=args.quick, sizes=args.ballot_sizes)
    del secret
    out["load_avg_1m"] = round(os.getloadavg()[0], 2)
    out["cpus"] = os.cpu_count() or 0
    out["backend"] = BACKEND
    print(json.dumps(out))
    return 0


# Figures compared between the backends in the summary table (all are in the JSON line).
HEADLINES = (
    "selection_verify_per_s",
    "selection_verify_per_s_single",
    "knapsack20_batch_verify_per_s",
    "selection_encrypt_prove_ms",
    "selection_verify_per_s_all_cores",
    "one_of_6_verify_ms",
    "table_11x2_verify_ms",
    "range25_prove_ms",
    "range25_verify_ms",
    "bsgs_1e6_first_ms",
    "bsgs_1e6_decode_ms",
    "sum_1e5x50_s_checked_1proc",
    "sum_1e5x50_s_1proc",
    "sum_1e5x50_s",
    "knapsack50_prove_ms",
    "knapsack50_verify_ms",
    "approval50_verify_ms",
    "cumulative50_verify_ms",
    "quadratic50_verify_ms",
)


def speedup(key: str, native: float, sodium: float) -> float | None:
    """How many times faster native was: a rate's ratio, or a time's inverse ratio."""
    if native <= 0 or sodium <= 0:
        return None
    if "per_s" in key:
        return native / sodium
    if any(unit in key.split("_") for unit in ("ms", "us", "s")):
        return sodium / native
    return None


def compare(argv: list[str], *, quick: bool) -> int:
    """Run each backend in its own process, one after the other, and compare."""
    child_args = [a for a in argv if a != "--backend"]
    backends = ["native", "sodium"] if native_installed() else ["sodium"]
    if len(backends) == 1:
        print("NOTE: oylama_arith is not installed: measuring libsodium only")
    results: dict[str, dict[str, float | int | str]] = {}
    load_start = round(os.getloadavg()[0], 2)
    for b in backends:
        env = {**os.environ, BACKEND_ENV: b}
        done = subprocess.run(
            [sys.executable, __file__, *child_args, "--backend", b],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            return done.returncode
        results[b] = json.loads(done.stdout.strip().splitlines()[-1])
    out: dict[str, float | int | str] = {"load_avg_1m_start": load_start}
    for b, figures in results.items():
        for key, value in figures.items():
            out[f"{key}_{b}"] = value
    if len(results) == 2:
        native, sodium = results["native"], results["sodium"]
        print("\n== native vs sodium (same run) ==")
        print(f"  {'figure':<34} {'native':>12} {'sodium':>12} {'speed-up':>9}")
        for key in native:
            a, b = native[key], sodium.get(key)
            if isinstance(a, str) or isinstance(b, str) or b is None:
                continue
            ratio = speedup(key, float(a), float(b))
            if ratio is None:
                continue
            out[f"speedup_{key}"] = round(ratio, 2)
            if key in HEADLINES:
                print(f"  {key:<34} {a:>12} {b:>12} {ratio:>8.1f}×")
        # Issue #15's ratio: the native batch against the libsodium path's best way to verify
        # many 0/1 proofs (one by one or batched, whichever was faster in this run).
        sodium_best = max(
            float(sodium["selection_verify_per_s"]), float(sodium["selection_verify_per_s_single"])
        )
        ratio = float(native["selection_verify_per_s"]) / sodium_best
        out["native_batch_over_sodium_best"] = round(ratio, 2)
        print(f"  native batch / libsodium's best, 0/1 proofs: {ratio:.1f}×")
    out["load_avg_1m_end"] = round(os.getloadavg()[0], 2)
    out["quick"] = quick
    print(json.dumps(out))
    return 0


# -- many ballots in one batch (what an auditor or a trustee does) -------------------------------


def ballot_batch(key: Point, out: dict[str, float | int | str], *, quick: bool) -> None:
    """Many 20-project knapsack ballots' equations in one batch (crypto §3.3), as the auditor
    and the trustees check a record: ms per ballot, one core."""
    style, choices = ballot_style("knapsack", 20)
    count = 20 if quick else 100
    rng = DeterministicRng(b"ballot batch")
    ballots = [
        encrypt_ballot(
            style,
            key,
            choices,
            context=CONTEXT,
            ballot_id=i.to_bytes(4, "big"),
            credential=CREDENTIAL,
            rng=rng,
        )[0]
        for i in range(count)
    ]

    def run() -> None:
        b = _equations.Batch()
        for ballot in ballots:
            b.add(
                _ballot.ballot_equations(style, key, ballot, context=CONTEXT, credential=CREDENTIAL)
            )
        assert b.holds()

    per = best(run, 1, 2 if quick else 3) / count
    out["knapsack20_batch_verify_ms"] = round(per * 1e3, 2)
    out["knapsack20_batch_verify_per_s"] = round(1 / per)
    print(
        f"knapsack 20 (25-bit budget), {count} ballots in one batch: {per * 1e3:.2f} ms each "
        f"= {1 / per:,.0f} ballots/s on one core"
    )


# -- scaling across cores, and the homomorphic sum ----------------------------------------------

_KEY: Point | None = None


def _verify_bits(chunk: list[tuple[Ciphertext, bytes, DisjunctiveProof]]) -> int:
    assert _KEY is not None
    for ct, label, proof in chunk:
        verify_bit(_KEY, ct, proof, context=CONTEXT, label=label)
    return len(chunk)


def _sum_chunk(chunk: list[Ciphertext]) -> Ciphertext:
    return sum_checked_ciphertexts(chunk)


def selection_scaling(
    key: Point,
    items: list[tuple[Ciphertext, bytes, DisjunctiveProof]],
    out: dict[str, float | int | str],
) -> None:
    """0/1 verifications per second with 1 process and with one per core (same items)."""
    global _KEY  # noqa: PLW0603  (read by the forked workers)
    _KEY = key
    cpus = os.cpu_count() or 1
    rates = {}
    for procs in sorted({1, cpus}):
        chunks = [items[i::procs] for i in range(procs)]
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            pool.map(_verify_bits, [c[:5] for c in chunks])  # warm up the workers
            start = time.perf_counter()
            done = sum(pool.map(_verify_bits, chunks))
            rates[procs] = done / (time.perf_counter() - start)
    out["selection_verify_per_s_1proc"] = round(rates[1])
    out["selection_verify_per_s_all_cores"] = round(rates[cpus])
    out["selection_verify_scaling"] = round(rates[cpus] / rates[1], 2)
    print(
        f"0/1 verification throughput: 1 process {rates[1]:,.0f}/s, {cpus} processes "
        f"{rates[cpus]:,.0f}/s (x{rates[cpus] / rates[1]:.2f})"
    )


def homomorphic_sum(key: Point, out: dict[str, float | int | str], *, quick: bool) -> None:
    """Cost of the tally's homomorphic sum, measured on n ciphertexts and extrapolated.

    The sum of 10^5 ballots × 50 projects is 5·10^6 ciphertext additions; it is measured on a
    sample and scaled linearly (exact for a sum). ``sum_ciphertexts`` checks every point (as
    for ciphertexts from outside); ``sum_checked_ciphertexts`` (hazmat) only adds, for
    ciphertexts of ballots already verified. The all-core figure splits the sample across
    processes (fast sum) and adds the partial sums. ``sum_1e5x50_s`` is the fast sum as one
    call of the API (the native backend splits it across the cores itself); the ``_1proc``
    figures are one core (on the native backend: the extension told to use one thread).
    """
    rng = DeterministicRng(b"sum")
    n = 2_000 if quick else 10_000
    cts = [encrypt_random(key, i & 1, rng)[0] for i in range(n)]
    start = time.perf_counter()
    sum_ciphertexts(cts)
    checked = (time.perf_counter() - start) / n
    start = time.perf_counter()
    sum_checked_ciphertexts(cts)
    fast = (time.perf_counter() - start) / n
    cpus = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(cpus) as pool:
        pool.map(_sum_chunk, [cts[:10]] * cpus)
        start = time.perf_counter()
        partial = pool.map(_sum_chunk, [cts[i::cpus] for i in range(cpus)])
        sum_checked_ciphertexts(partial)
        many = (time.perf_counter() - start) / n
    total = 100_000 * 50
    # The fast sum as an application calls it: the native backend splits it across every core
    # itself (one call); libsodium runs on one.
    start = time.perf_counter()
    sum_checked_ciphertexts(cts)
    api = (time.perf_counter() - start) / n
    out["sum_1e5x50_s"] = round(api * total, 1)
    if BACKEND == "native":
        # The one-core figures on one thread (the calls above split large inputs across cores):
        # what hazmat.sum_columns does, with the extension's thread count set to 1.
        import oylama_arith  # noqa: PLC0415

        start = time.perf_counter()
        data = b"".join([x for ct in cts for x in (ct.alpha, ct.beta)])
        oylama_arith.sum_columns(data, 2, 1, False)  # decoding is the check: one pass
        checked = (time.perf_counter() - start) / n
        start = time.perf_counter()
        data = b"".join([x for ct in cts for x in (ct.alpha, ct.beta)])
        oylama_arith.sum_columns(data, 2, 1)
        fast = (time.perf_counter() - start) / n
    out["sum_checked_per_ciphertext_us"] = round(checked * 1e6, 1)
    out["sum_fast_per_ciphertext_us"] = round(fast * 1e6, 1)
    out["sum_1e5x50_s_checked_1proc"] = round(checked * total, 1)
    out["sum_1e5x50_s_1proc"] = round(fast * total, 1)
    out["sum_1e5x50_s_all_cores"] = round(many * total, 1)
    print(
        f"homomorphic sum per ciphertext: {checked * 1e6:.1f} µs checking points, "
        f"{fast * 1e6:.1f} µs on verified ciphertexts; 10^5 ballots × 50 projects ≈ "
        f"{checked * total:.0f} s / {fast * total:.0f} s on one core, "
        f"{many * total:.0f} s on {cpus}"
    )


# -- ballots (oylama.crypto._ballot) ----------------------------------------------------------
#
# One ballot of each kind with 20, 50 and 80 projects: encrypt+prove and verify, one core and
# all cores. "All cores" is throughput (a pool of os.cpu_count() processes verifies copies of
# the ballot; wall time divided by the count), i.e. the amortized cost of one ballot while
# verifying many -- what a bulletin board does. Every single-core verification is interleaved
# with bare variable-base multiplications and also reported in their units
# (``*_verify_in_var_mults``, libsodium ristretto255 multiplications), since the
# shared machine's speed varies by a factor of two or more from minute to minute.

BALLOT_BUDGET = 24_000_000  # 25 bits


def ballot_style(kind: str, n: int) -> tuple[BallotStyle, list[int]]:
    """The benchmark's style of each kind and a valid ballot for it (deterministic)."""
    rnd = random.Random(f"{kind}{n}")
    if kind == "approval":
        style = BallotStyle(id=f"a{n}", kind=kind, projects=n, min_count=1, max_count=10)
        choices = [1 if j % (n // 8) == 0 else 0 for j in range(n)][:n]
        while sum(choices) > 10:
            choices[choices.index(1)] = 0
        return style, choices
    if kind == "knapsack":
        costs = tuple(rnd.randrange(200_000, 3_000_000) for _ in range(n))
        style = BallotStyle(id=f"k{n}", kind=kind, projects=n, costs=costs, budget=BALLOT_BUDGET)
        choices, spent = [0] * n, 0
        for j in rnd.sample(range(n), n):
            if spent + costs[j] <= BALLOT_BUDGET:
                choices[j], spent = 1, spent + costs[j]
        return style, choices
    if kind == "cumulative":
        style = BallotStyle(id=f"c{n}", kind=kind, projects=n, points=10)
        choices = [0] * n
        for j, x in zip(rnd.sample(range(n), 3), (5, 3, 2), strict=True):
            choices[j] = x
        return style, choices
    style = BallotStyle(id=f"q{n}", kind="quadratic", projects=n, max_votes=10, credits=100)
    choices = [0] * n
    for j, v in zip(rnd.sample(range(n), 4), (6, 5, 4, 3), strict=True):
        choices[j] = v
    return style, choices


def _verify_job(job: tuple[BallotStyle, Point, EncryptedBallot, bytes]) -> None:
    style, key, ballot, context = job
    verify_ballot(style, key, ballot, context=context, credential=CREDENTIAL)


def _prove_job(job: tuple[BallotStyle, Point, list[int], bytes, int]) -> None:
    style, key, choices, context, i = job
    encrypt_ballot(
        style, key, choices, context=context, ballot_id=i.to_bytes(8, "big"), credential=CREDENTIAL
    )


def ballot_benchmarks(
    key: Point, out: dict[str, float | int | str], *, quick: bool, sizes: list[int] | None
) -> None:
    """Append the ballot figures to ``out`` (keys ``<kind><n>_…``)."""
    cpus = os.cpu_count() or 1
    sizes = sizes or ([50] if quick else [20, 50, 80])
    repeat = 2 if quick else 3
    k = random_scalar(DeterministicRng(b"units")).to_bytes(32, "little")
    p = base_mul(7).encode()
    assert k and p
    print(f"ballots (ms per ballot; all cores = {cpus} processes, amortized)")
    with multiprocessing.get_context("fork").Pool(cpus) as pool:
        for kind in ("approval", "knapsack", "cumulative", "quadratic"):
            for n in sizes:
                style, choices = ballot_style(kind, n)
                rng = DeterministicRng(f"ballot {kind}{n}".encode())
                start = time.perf_counter()
                ballot, _ = encrypt_ballot(
                    style,
                    key,
                    choices,
                    context=CONTEXT,
                    ballot_id=b"bench",
                    credential=CREDENTIAL,
                    rng=rng,
                )
                prove_s = time.perf_counter() - start
                verify_s, mult_s = float("inf"), float("inf")
                for _ in range(repeat):
                    start = time.perf_counter()
                    verify_ballot(style, key, ballot, context=CONTEXT, credential=CREDENTIAL)
                    verify_s = min(verify_s, time.perf_counter() - start)
                    start = time.perf_counter()
                    for _ in range(100):
                        SODIUM.mul(k, p)
                    mult_s = min(mult_s, (time.perf_counter() - start) / 100)
                copies = 2 * cpus
                start = time.perf_counter()
                pool.map(_verify_job, [(style, key, ballot, CONTEXT)] * copies)
                par_verify_s = (time.perf_counter() - start) / copies
                start = time.perf_counter()
                pool.map(_prove_job, [(style, key, choices, CONTEXT, i) for i in range(copies)])
                par_prove_s = (time.perf_counter() - start) / copies
                name = f"{kind}{n}"
                out[f"{name}_prove_ms"] = round(prove_s * 1e3, 1)
                out[f"{name}_verify_ms"] = round(verify_s * 1e3, 1)
                out[f"{name}_verify_in_var_mults"] = round(verify_s / mult_s)
                out[f"{name}_prove_ms_all_cores"] = round(par_prove_s * 1e3, 1)
                out[f"{name}_verify_ms_all_cores"] = round(par_verify_s * 1e3, 1)
                out[f"{name}_json_bytes"] = len(ballot_bytes(ballot))
                print(
                    f"  {name:<13} prove {prove_s * 1e3:8.1f}  verify {verify_s * 1e3:8.1f} "
                    f"(= {verify_s / mult_s:6.0f} V)"
                    f"  all cores: prove {par_prove_s * 1e3:7.1f} verify {par_verify_s * 1e3:7.1f}"
                    f"  {len(ballot_bytes(ballot)):>7} B"
                )


if __name__ == "__main__":
    raise SystemExit(main())
